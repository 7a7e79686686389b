//! The Monte Carlo results table: one row per replication, a fixed list of typed
//! columns, written as CSV and (with the `parquet` feature) Parquet, streamed row by row
//! so memory stays flat in the number of replications. Files appear only when complete
//! (see [`crate::commit`]).
//!
//! Values round-trip exactly through the CSV (floats are written in Rust's shortest
//! round-trip form), so a table read back with [`CsvRows`] and written again gives the same
//! bytes in both formats — the basis of shard merging.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{OutputError, OutputFile};

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Unsigned count or index (Parquet UInt64).
    Count,
    /// A real number (Parquet Float64, never null).
    Real,
    /// A real number that may be missing (Parquet nullable Float64; empty in CSV).
    OptionalReal,
    /// A yes/no flag (Parquet Boolean; `true`/`false` in CSV).
    Flag,
}

/// One column: its name, type, unit and meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name (snake case, unit suffix where it has one).
    pub name: String,
    /// Type.
    pub kind: ColumnKind,
    /// Unit ("1" for counts and flags).
    pub unit: String,
    /// What it measures.
    pub doc: String,
}

/// One value of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// For [`ColumnKind::Count`].
    Count(u64),
    /// For [`ColumnKind::Real`].
    Real(f64),
    /// For [`ColumnKind::OptionalReal`].
    OptionalReal(Option<f64>),
    /// For [`ColumnKind::Flag`].
    Flag(bool),
}

impl Cell {
    /// The value as a number (flags 0/1), `None` if missing.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Cell::Count(v) => Some(v as f64),
            Cell::Real(v) => Some(v),
            Cell::OptionalReal(v) => v,
            Cell::Flag(b) => Some(if b { 1.0 } else { 0.0 }),
        }
    }

    fn text(&self) -> String {
        match *self {
            Cell::Count(v) => v.to_string(),
            Cell::Real(v) => v.to_string(),
            Cell::OptionalReal(Some(v)) => v.to_string(),
            Cell::OptionalReal(None) => String::new(),
            Cell::Flag(b) => b.to_string(),
        }
    }

    fn parse(kind: ColumnKind, text: &str) -> Option<Cell> {
        Some(match kind {
            ColumnKind::Count => Cell::Count(text.parse().ok()?),
            ColumnKind::Real => Cell::Real(text.parse().ok()?),
            ColumnKind::OptionalReal if text.is_empty() => Cell::OptionalReal(None),
            ColumnKind::OptionalReal => Cell::OptionalReal(Some(text.parse().ok()?)),
            ColumnKind::Flag => Cell::Flag(text.parse().ok()?),
        })
    }

    fn kind(&self) -> ColumnKind {
        match self {
            Cell::Count(_) => ColumnKind::Count,
            Cell::Real(_) => ColumnKind::Real,
            Cell::OptionalReal(_) => ColumnKind::OptionalReal,
            Cell::Flag(_) => ColumnKind::Flag,
        }
    }
}

/// Something that takes the table's rows in order.
pub trait RowSink {
    /// Appends one row (cells in column order, of the columns' kinds).
    fn write_row(&mut self, row: &[Cell]) -> Result<(), OutputError>;
    /// Finishes the file, ready to be committed with the rest of its set
    /// ([`crate::commit::OutputSet::add`]).
    fn finish(self: Box<Self>) -> Result<crate::commit::Staged, OutputError>;
}

fn check_row(path: &Path, columns: &[Column], row: &[Cell]) -> Result<(), OutputError> {
    let ok = row.len() == columns.len() && row.iter().zip(columns).all(|(c, k)| c.kind() == k.kind);
    if ok {
        Ok(())
    } else {
        Err(OutputError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "row does not match the table's columns",
            ),
        })
    }
}

/// Streams the table as CSV (RFC 4180, header line of column names, `\n` line ends).
pub struct CsvTable {
    columns: Vec<Column>,
    writer: csv::Writer<OutputFile>,
    path: PathBuf,
}

impl CsvTable {
    /// Starts `path` and writes the header.
    pub fn create(path: &Path, columns: &[Column]) -> Result<Self, OutputError> {
        let file = OutputFile::create(path)?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(file);
        let io = |e: csv::Error| io_error(path, e);
        writer
            .write_record(columns.iter().map(|c| c.name.as_str()))
            .map_err(io)?;
        Ok(Self {
            columns: columns.to_vec(),
            writer,
            path: path.to_path_buf(),
        })
    }
}

fn io_error(path: &Path, e: csv::Error) -> OutputError {
    OutputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl RowSink for CsvTable {
    fn write_row(&mut self, row: &[Cell]) -> Result<(), OutputError> {
        check_row(&self.path, &self.columns, row)?;
        self.writer
            .write_record(row.iter().map(Cell::text))
            .map_err(|e| io_error(&self.path, e))
    }

    fn finish(self: Box<Self>) -> Result<crate::commit::Staged, OutputError> {
        let path = self.path;
        let file = self.writer.into_inner().map_err(|e| OutputError::Io {
            path: path.clone(),
            source: std::io::Error::other(e.to_string()),
        })?;
        file.finish()
    }
}

/// Reads a table written by [`CsvTable`] back, row by row, checking the header against
/// the expected columns.
pub struct CsvRows<R: std::io::Read = std::io::BufReader<std::fs::File>> {
    columns: Vec<Column>,
    reader: csv::Reader<R>,
    path: PathBuf,
    record: csv::StringRecord,
}

impl CsvRows {
    /// Opens `path`; fails with a clear message if its header is not `columns`.
    pub fn open(path: &Path, columns: &[Column]) -> Result<Self, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        CsvRows::from_reader(path, std::io::BufReader::new(file), columns)
    }
}

impl<R: std::io::Read> CsvRows<R> {
    /// Reads the table from `input` (errors name `path`).
    pub fn from_reader(path: &Path, input: R, columns: &[Column]) -> Result<Self, String> {
        let mut reader = csv::Reader::from_reader(input);
        let header = reader
            .headers()
            .map_err(|e| format!("{}: {e}", path.display()))?
            .clone();
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        if header.iter().collect::<Vec<_>>() != names {
            return Err(format!(
                "{}: the header does not match the study's columns (expected {})",
                path.display(),
                names.join(",")
            ));
        }
        Ok(Self {
            columns: columns.to_vec(),
            reader,
            path: path.to_path_buf(),
            record: csv::StringRecord::new(),
        })
    }

    /// The next row, `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Vec<Cell>>, String> {
        let more = self
            .reader
            .read_record(&mut self.record)
            .map_err(|e| format!("{}: {e}", self.path.display()))?;
        if !more {
            return Ok(None);
        }
        let line = self.record.position().map_or(0, |p| p.line());
        if self.record.len() != self.columns.len() {
            return Err(format!(
                "{}:{line}: {} fields, expected {}",
                self.path.display(),
                self.record.len(),
                self.columns.len()
            ));
        }
        self.columns
            .iter()
            .zip(self.record.iter())
            .map(|(c, t)| {
                Cell::parse(c.kind, t).ok_or_else(|| {
                    format!(
                        "{}:{line}: column {}: {t:?} is not a valid {:?} value",
                        self.path.display(),
                        c.name,
                        c.kind
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

#[cfg(feature = "parquet")]
pub use self::parquet_table::ParquetTable;

#[cfg(feature = "parquet")]
mod parquet_table {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use arrow_array::builder::{BooleanBuilder, Float64Builder, UInt64Builder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;

    use super::{Cell, Column, ColumnKind, RowSink, check_row};
    use crate::{OutputError, OutputFile};

    /// Rows buffered before they become one record batch.
    const BATCH_ROWS: usize = 4096;
    /// Rows per Parquet row group (bounds the writer's memory).
    const ROW_GROUP_ROWS: usize = 65_536;

    enum Builder {
        Count(UInt64Builder),
        Real(Float64Builder),
        Flag(BooleanBuilder),
    }

    /// Streams the table as Parquet (zstd level 3, row groups of 65,536 rows, columns
    /// typed UInt64 / Float64 / nullable Float64 / Boolean, column units in the field
    /// metadata under `unit`).
    pub struct ParquetTable {
        columns: Vec<Column>,
        schema: SchemaRef,
        builders: Vec<Builder>,
        buffered: usize,
        writer: ArrowWriter<OutputFile>,
        path: PathBuf,
    }

    impl ParquetTable {
        /// Starts `path`.
        pub fn create(path: &Path, columns: &[Column]) -> Result<Self, OutputError> {
            let fields: Vec<Field> = columns
                .iter()
                .map(|c| {
                    let (t, nullable) = match c.kind {
                        ColumnKind::Count => (DataType::UInt64, false),
                        ColumnKind::Real => (DataType::Float64, false),
                        ColumnKind::OptionalReal => (DataType::Float64, true),
                        ColumnKind::Flag => (DataType::Boolean, false),
                    };
                    Field::new(&c.name, t, nullable).with_metadata(std::collections::HashMap::from(
                        [("unit".to_string(), c.unit.clone())],
                    ))
                })
                .collect();
            let schema: SchemaRef = Arc::new(Schema::new(fields));
            let props = WriterProperties::builder()
                .set_compression(Compression::ZSTD(
                    ZstdLevel::try_new(3).map_err(|e| pq_error(path, e))?,
                ))
                .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                .build();
            let file = OutputFile::create(path)?;
            let writer = ArrowWriter::try_new(file, schema.clone(), Some(props))
                .map_err(|e| pq_error(path, e))?;
            let mut table = Self {
                columns: columns.to_vec(),
                schema,
                builders: Vec::new(),
                buffered: 0,
                writer,
                path: path.to_path_buf(),
            };
            table.builders = table.new_builders();
            Ok(table)
        }

        fn new_builders(&self) -> Vec<Builder> {
            self.columns
                .iter()
                .map(|c| match c.kind {
                    ColumnKind::Count => Builder::Count(UInt64Builder::with_capacity(BATCH_ROWS)),
                    ColumnKind::Real | ColumnKind::OptionalReal => {
                        Builder::Real(Float64Builder::with_capacity(BATCH_ROWS))
                    }
                    ColumnKind::Flag => Builder::Flag(BooleanBuilder::with_capacity(BATCH_ROWS)),
                })
                .collect()
        }

        fn flush_batch(&mut self) -> Result<(), OutputError> {
            if self.buffered == 0 {
                return Ok(());
            }
            let arrays: Vec<ArrayRef> = self
                .builders
                .iter_mut()
                .map(|b| -> ArrayRef {
                    match b {
                        Builder::Count(b) => Arc::new(b.finish()),
                        Builder::Real(b) => Arc::new(b.finish()),
                        Builder::Flag(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(self.schema.clone(), arrays)
                .map_err(|e| pq_error(&self.path, e))?;
            self.writer
                .write(&batch)
                .map_err(|e| pq_error(&self.path, e))?;
            self.buffered = 0;
            Ok(())
        }
    }

    fn pq_error(path: &Path, e: impl std::fmt::Display) -> OutputError {
        OutputError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        }
    }

    impl RowSink for ParquetTable {
        fn write_row(&mut self, row: &[Cell]) -> Result<(), OutputError> {
            check_row(&self.path, &self.columns, row)?;
            for (b, cell) in self.builders.iter_mut().zip(row) {
                match (b, *cell) {
                    (Builder::Count(b), Cell::Count(v)) => b.append_value(v),
                    (Builder::Real(b), Cell::Real(v)) => b.append_value(v),
                    (Builder::Real(b), Cell::OptionalReal(v)) => b.append_option(v),
                    (Builder::Flag(b), Cell::Flag(v)) => b.append_value(v),
                    _ => unreachable!("check_row matched kinds"),
                }
            }
            self.buffered += 1;
            if self.buffered >= BATCH_ROWS {
                self.flush_batch()?;
            }
            Ok(())
        }

        fn finish(mut self: Box<Self>) -> Result<crate::commit::Staged, OutputError> {
            self.flush_batch()?;
            let path = self.path.clone();
            let file = self.writer.into_inner().map_err(|e| pq_error(&path, e))?;
            file.finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        let c = |name: &str, kind| Column {
            name: name.into(),
            kind,
            unit: "1".into(),
            doc: String::new(),
        };
        vec![
            c("replication", ColumnKind::Count),
            c("x_m", ColumnKind::Real),
            c("t_s", ColumnKind::OptionalReal),
            c("hit", ColumnKind::Flag),
        ]
    }

    #[test]
    fn csv_round_trips_exact_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let rows = vec![
            vec![
                Cell::Count(0),
                Cell::Real(0.1 + 0.2),
                Cell::OptionalReal(None),
                Cell::Flag(true),
            ],
            vec![
                Cell::Count(u64::MAX),
                Cell::Real(-1.0e-300),
                Cell::OptionalReal(Some(std::f64::consts::PI)),
                Cell::Flag(false),
            ],
        ];
        let mut w: Box<dyn RowSink> = Box::new(CsvTable::create(&path, &cols()).unwrap());
        for r in &rows {
            w.write_row(r).unwrap();
        }
        w.finish().unwrap().commit_alone().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            "replication,x_m,t_s,hit",
            "{text}"
        );
        assert!(text.contains("\n0,0.30000000000000004,,true\n"), "{text}");
        let mut r = CsvRows::open(&path, &cols()).unwrap();
        let mut back = Vec::new();
        while let Some(row) = r.next_row().unwrap() {
            back.push(row);
        }
        assert_eq!(back, rows);
    }

    #[test]
    fn wrong_row_is_an_error_and_nothing_appears() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut w: Box<dyn RowSink> = Box::new(CsvTable::create(&path, &cols()).unwrap());
        assert!(w.write_row(&[Cell::Flag(true)]).is_err());
        drop(w);
        assert!(!path.exists());
    }

    #[test]
    fn bad_header_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, "a,b\n1,2\n").unwrap();
        let e = CsvRows::open(&path, &cols()).err().unwrap();
        assert!(e.contains("expected replication,x_m,t_s,hit"), "{e}");
    }
}
