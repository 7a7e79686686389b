//! Arrow tables for Python: the event stream as columns, Parquet tables read back, and
//! the hand-over to pyarrow through the Arrow C data interface (no copies: pyarrow's
//! arrays point at the buffers built here, and release them through the interface).

use std::path::Path;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_pyarrow::{IntoPyArrow, Table};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use iadsim_sim::events::Event;
use pyo3::prelude::*;

use crate::internal;

/// Events turned into one record batch at a time (bounds the transient JSON tape).
const EVENTS_PER_BATCH: usize = 65_536;

fn list(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

fn u64_col(name: &str) -> Field {
    Field::new(name, DataType::UInt64, true)
}

fn f64_col(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

fn str_col(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn bool_col(name: &str) -> Field {
    Field::new(name, DataType::Boolean, true)
}

/// The event table's columns: one per field of the event log (docs/events.md), named as
/// the JSON keys of `events.jsonl`, null where an event kind has no such field. Units
/// are the event log's (SI: s, m, rad, m/s; positions lat/lon in degrees).
pub fn event_schema() -> SchemaRef {
    let entity = DataType::Struct(Fields::from(vec![
        Field::new("id", DataType::UInt64, true),
        Field::new("name", DataType::Utf8, true),
        Field::new("type_name", DataType::Utf8, true),
    ]));
    let state = DataType::Struct(Fields::from(vec![
        Field::new("position", list(DataType::Float64), true),
        Field::new("velocity", list(DataType::Float64), true),
        Field::new("sigma_position", DataType::Float64, true),
    ]));
    let ranked = DataType::Struct(Fields::from(vec![
        u64_col("battalion"),
        u64_col("track"),
        str_col("class"),
        f64_col("score"),
        f64_col("priority"),
        f64_col("time_to_go"),
        u64_col("asset"),
    ]));
    Arc::new(Schema::new(vec![
        Field::new("time", DataType::Float64, false),
        Field::new("event", DataType::Utf8, false),
        // scenario_start
        str_col("scenario"),
        u64_col("seed"),
        u64_col("replication"),
        Field::new("threats", list(entity.clone()), true),
        Field::new("battalions", list(entity.clone()), true),
        Field::new("assets", list(entity), true),
        Field::new("models", list(list(DataType::Utf8)), true),
        // the rest, by entity
        u64_col("threat"),
        str_col("class"),
        u64_col("battalion"),
        u64_col("radar"),
        f64_col("range"),
        f64_col("azimuth"),
        f64_col("elevation"),
        u64_col("track"),
        Field::new("state", state, true),
        u64_col("regiment_track"),
        Field::new("ranks", list(ranked), true),
        str_col("assessed_class"),
        Field::new("launchers", list(DataType::UInt64), true),
        str_col("missile"),
        f64_col("predicted_intercept_time"),
        u64_col("interceptor"),
        u64_col("launcher"),
        str_col("model"),
        f64_col("miss_distance"),
        bool_col("killed"),
        str_col("reason"),
        bool_col("assessed_killed"),
        u64_col("asset"),
        // debris, debris_impact (and detections and intercepts of a fragment)
        u64_col("debris"),
        f64_col("ballistic_coefficient"),
        // channel_freed
        u64_col("revisits"),
        u64_col("detections"),
        // sector_slew
        f64_col("from_deg"),
        f64_col("to_deg"),
        f64_col("until"),
    ]))
}

/// The events as record batches of [`event_schema`], through their serde form (the same
/// as `events.jsonl`'s lines). A field the schema lacks is an error, never dropped.
pub fn events_to_batches(events: &[Event]) -> Result<Vec<RecordBatch>, String> {
    let schema = event_schema();
    let mut decoder = arrow_json::ReaderBuilder::new(schema.clone())
        .with_strict_mode(true)
        .build_decoder()
        .map_err(|e| e.to_string())?;
    let mut batches = Vec::new();
    for chunk in events.chunks(EVENTS_PER_BATCH) {
        decoder
            .serialize(chunk)
            .map_err(|e| format!("event table: {e}"))?;
        if let Some(b) = decoder.flush().map_err(|e| format!("event table: {e}"))? {
            batches.push(b);
        }
    }
    Ok(batches)
}

/// Reads a Parquet file written by `iadsim-io` back into record batches (its schema with
/// the column units in the field metadata).
pub fn read_parquet(path: &Path) -> Result<(SchemaRef, Vec<RecordBatch>), String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let schema = builder.schema().clone();
    let reader = builder
        .build()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((schema, batches))
}

/// Hands `batches` to Python as one `pyarrow.Table` (zero-copy).
pub fn to_pyarrow(
    py: Python<'_>,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
) -> PyResult<Py<PyAny>> {
    let table = Table::try_new(batches, schema).map_err(|e| internal(e.to_string()))?;
    Ok(table.into_pyarrow(py)?.unbind())
}
