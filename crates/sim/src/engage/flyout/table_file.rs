//! A flyout table as a CSV file: written with `#` header lines naming the missile and
//! the figures the table depends on, read back with the `csv` crate and checked against
//! the airframe it is read for.

use std::sync::Arc;

use super::airframes::Airframe;
use super::envelope::{Cell, Criteria, Derived, EnvelopeTable};

impl EnvelopeTable {
    /// Writes the table as CSV: `#` comment lines naming the missile and the figures the
    /// table depends on (`missile`, `max_flight_time_s`, `lethal_radius_m`), then
    /// `range_m,height_m,reachable,time_of_flight_s,speed_m_s,
    /// flight_path_angle_deg,max_lateral_m_s2,max_crossing_speed_m_s`. Ranges are ground
    /// ranges from the launcher, heights above it.
    pub fn write_csv(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        writeln!(
            w,
            "# iadsim flyout table (ground range x height from the launcher)"
        )?;
        writeln!(w, "# missile={}", self.airframe.type_name)?;
        writeln!(w, "# max_flight_time_s={}", self.airframe.max_flight_time)?;
        writeln!(w, "# lethal_radius_m={}", self.airframe.lethal_radius)?;
        let mut table = csv::Writer::from_writer(w);
        table.write_record(TABLE_COLUMNS.split(','))?;
        for (i, &h) in self.heights.iter().enumerate() {
            for (j, &r) in self.ranges.iter().enumerate() {
                let row = match self.cell(i, j) {
                    Some(c) => [
                        format!("{r}"),
                        format!("{h}"),
                        "1".into(),
                        format!("{:.3}", c.time_of_flight),
                        format!("{:.1}", c.speed),
                        format!("{:.2}", c.flight_path_angle.to_degrees()),
                        format!("{:.2}", c.max_lateral),
                        format!("{:.1}", c.max_crossing_speed),
                    ],
                    None => [
                        format!("{r}"),
                        format!("{h}"),
                        "0".into(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                };
                table.write_record(&row)?;
            }
        }
        table.flush()
    }
}

/// Reads a table written by [`EnvelopeTable::write_csv`] for `airframe` (the figures in its
/// `#` header must match the airframe's: missile type, flight time, lethal radius).
/// Errors name the line and what is wrong.
pub fn read_csv(
    airframe: Arc<Airframe>,
    criteria: Criteria,
    text: &str,
) -> Result<EnvelopeTable, String> {
    check_table_header(&airframe, text)?;
    let (ranges, heights, cells) = read_table_rows(text)?;
    if ranges.len() < 2 || heights.len() < 2 || cells.len() != ranges.len() * heights.len() {
        return Err(format!(
            "expected a full grid of at least 2 x 2 nodes, found {} cells for {} ranges x {} heights",
            cells.len(),
            ranges.len(),
            heights.len()
        ));
    }
    if !ranges.windows(2).all(|w| w[1] > w[0]) || !heights.windows(2).all(|w| w[1] > w[0]) {
        return Err("ranges and heights must increase".to_string());
    }
    Ok(EnvelopeTable {
        airframe,
        criteria,
        ranges,
        heights,
        cells,
        derived: Derived::default(),
    }
    .derive())
}

/// The column header of a flyout table's CSV.
const TABLE_COLUMNS: &str = "range_m,height_m,reachable,time_of_flight_s,speed_m_s,flight_path_angle_deg,max_lateral_m_s2,max_crossing_speed_m_s";

/// Checks the `# key=value` lines of a table against the airframe it is read for.
fn check_table_header(airframe: &Airframe, text: &str) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let Some(meta) = line.strip_prefix("# ") else {
            continue;
        };
        let Some((k, v)) = meta.split_once('=') else {
            continue;
        };
        let ok = match k {
            "missile" => v == airframe.type_name,
            "max_flight_time_s" => v.parse::<f64>() == Ok(airframe.max_flight_time),
            "lethal_radius_m" => v.parse::<f64>() == Ok(airframe.lethal_radius),
            _ => true,
        };
        if !ok {
            return Err(format!(
                "line {}: {k} is {v}, the airframe has another value (missile {}, flight time {} s, lethal radius {} m)",
                n + 1,
                airframe.type_name,
                airframe.max_flight_time,
                airframe.lethal_radius
            ));
        }
    }
    Ok(())
}

/// The grid of a table's CSV rows (heights outer, ranges inner, as written): the node
/// ranges and heights, m, and the cells in row order.
type TableRows = (Vec<f64>, Vec<f64>, Vec<Option<Cell>>);

/// Reads the rows of a table's CSV with the `csv` crate (`#` lines are comments).
fn read_table_rows(text: &str) -> Result<TableRows, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let found = header.iter().collect::<Vec<_>>().join(",");
    if !found.starts_with("range_m,height_m,reachable") {
        return Err(format!(
            "line {}: expected the column header {TABLE_COLUMNS}",
            header.position().map_or(1, |p| p.line())
        ));
    }
    let (mut ranges, mut heights, mut cells) = (Vec::new(), Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let n = record.position().map_or(0, |p| p.line());
        let (r, h, cell) = table_row(&record, n)?;
        if heights.last() != Some(&h) {
            heights.push(h);
        }
        if heights.len() == 1 {
            ranges.push(r);
        }
        cells.push(cell);
    }
    Ok((ranges, heights, cells))
}

/// One row of a table's CSV (line `n`): ground range, height and the cell if reachable.
fn table_row(f: &csv::StringRecord, n: u64) -> Result<(f64, f64, Option<Cell>), String> {
    if f.len() != 8 {
        return Err(format!("line {n}: expected 8 fields, found {}", f.len()));
    }
    let num = |i: usize| -> Result<f64, String> {
        f[i].parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                format!(
                    "line {n}, field {}: not a finite number: {:?}",
                    i + 1,
                    &f[i]
                )
            })
    };
    let cell = match &f[2] {
        "1" => Some(Cell {
            time_of_flight: num(3)?,
            speed: num(4)?,
            flight_path_angle: num(5)?.to_radians(),
            max_lateral: num(6)?,
            max_crossing_speed: num(7)?,
        }),
        "0" => None,
        other => {
            return Err(format!(
                "line {n}: reachable must be 0 or 1, found {other:?}"
            ));
        }
    };
    Ok((num(0)?, num(1)?, cell))
}
