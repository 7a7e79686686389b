//! A study folder (`iadsim mc`, with or without `--sweep`) as the viewer's JSON document.
//!
//! A study: `manifest.json`, `summary.json` (passed through) and `mc.csv` as columns of
//! numbers (`true`/`false` as 1/0, empty cells as `null`). A sweep: `sweep.csv` and each
//! point's study folder (`NNN_VALUE/`). Run folders found inside the study (up to two
//! levels down, e.g. `runs/17/` from `iadsim run --replication 17 --out …`) are listed
//! with their replication so the page can link a replication to its run.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::{ViewError, read_json};

/// The columns of an `mc.csv`, by name, in file order.
fn read_table(path: &Path) -> Result<Value, ViewError> {
    let mut rdr =
        csv::Reader::from_path(path).map_err(|e| ViewError::format(path, 0, e.to_string()))?;
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| ViewError::format(path, 1, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut cols: Vec<Vec<Value>> = vec![Vec::new(); headers.len()];
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ViewError::format(path, i + 2, e.to_string()))?;
        for (c, cell) in rec.iter().enumerate().take(headers.len()) {
            let v = match cell {
                "" => Value::Null,
                "true" => json!(1),
                "false" => json!(0),
                x => match x.parse::<f64>() {
                    Ok(n) if n.is_finite() => json!(n),
                    _ => {
                        return Err(ViewError::format(
                            path,
                            i + 2,
                            format!(
                                "column `{}`: `{x}` is not a number, true/false or empty",
                                headers[c]
                            ),
                        ));
                    }
                },
            };
            cols[c].push(v);
        }
    }
    let rows = cols.first().map_or(0, Vec::len);
    let data: serde_json::Map<String, Value> = headers
        .iter()
        .cloned()
        .zip(cols.into_iter().map(Value::Array))
        .collect();
    Ok(json!({"columns": headers, "rows": rows, "data": data}))
}

fn optional_json(path: &Path) -> Result<Value, ViewError> {
    if path.is_file() {
        read_json(path)
    } else {
        Ok(Value::Null)
    }
}

/// One study (not a sweep) folder.
fn one_study(dir: &Path) -> Result<Value, ViewError> {
    let table = dir.join("mc.csv");
    Ok(json!({
        "manifest": optional_json(&dir.join("manifest.json"))?,
        "summary": optional_json(&dir.join("summary.json"))?,
        "table": if table.is_file() { read_table(&table)? } else { Value::Null },
    }))
}

fn read_sweep(dir: &Path) -> Result<Value, ViewError> {
    let path = dir.join("sweep.csv");
    let mut rdr =
        csv::Reader::from_path(&path).map_err(|e| ViewError::format(&path, 0, e.to_string()))?;
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ViewError::format(&path, i + 2, e.to_string()))?;
        let num = |j: usize| rec.get(j).and_then(|x| x.parse::<f64>().ok());
        rows.push(json!({"value": rec.get(0), "measure": rec.get(1), "mean": num(2), "lo": num(3), "hi": num(4)}));
    }
    let mut points = Vec::new();
    for name in sorted_subdirs(dir) {
        let sub = dir.join(&name);
        if sub.join("mc.csv").is_file() {
            let value = name
                .split_once('_')
                .map_or(name.as_str(), |(_, v)| v)
                .to_string();
            let mut s = one_study(&sub)?;
            s["folder"] = json!(name);
            s["value"] = json!(value);
            points.push(s);
        }
    }
    Ok(json!({"rows": rows, "points": points}))
}

fn sorted_subdirs(dir: &Path) -> Vec<String> {
    crate::list_dir(dir, true)
}

/// Run folders up to two levels below `dir`: replication → relative folder.
fn linked_runs(dir: &Path) -> BTreeMap<u64, String> {
    let mut runs = BTreeMap::new();
    let mut visit = |rel: String| {
        let d = dir.join(&rel);
        if crate::folder_kind(&d).ok() == Some(crate::FolderKind::Run)
            && let Ok(s) = read_json(&d.join("summary.json"))
            && let Some(r) = s["replication"].as_u64()
        {
            runs.entry(r).or_insert(rel);
        }
    };
    for a in sorted_subdirs(dir) {
        visit(a.clone());
        for b in sorted_subdirs(&dir.join(&a)) {
            visit(format!("{a}/{b}"));
        }
    }
    runs
}

/// The viewer document of the study folder `dir`.
pub fn load_study(dir: &Path) -> Result<Value, ViewError> {
    let mut doc = one_study(dir)?;
    doc["format"] = json!("iadsim-view 1");
    doc["kind"] = json!("study");
    doc["sweep"] = if dir.join("sweep.csv").is_file() {
        read_sweep(dir)?
    } else {
        Value::Null
    };
    let runs: Vec<Value> = linked_runs(dir)
        .into_iter()
        .map(|(r, d)| json!({"replication": r, "dir": d}))
        .collect();
    doc["runs"] = json!(runs);
    Ok(doc)
}
