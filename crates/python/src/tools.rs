//! Thin wrappers of the libraries behind `iadsim coverage`, `envelope`, `wta`, `track`
//! and `catalog`. Results come back as dicts (the libraries' serde form).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use iadsim_scenario::catalogue::Catalogue;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::scenario::Scenario;
use crate::{OutputError, guarded, internal, json_to_py};

fn to_py(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<Py<PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| internal(format!("cannot serialise the result: {e}")))?;
    Ok(json_to_py(py, &text)?.unbind())
}

/// Detection and engagement coverage of the scenario's radars (`iadsim coverage`).
#[pyfunction]
#[pyo3(signature = (scenario, altitude = None, rcs = None, threat = None, grid = 500, dwell = 3, dem = None, out = None))]
#[allow(clippy::too_many_arguments)]
pub fn coverage(
    py: Python<'_>,
    scenario: &Scenario,
    altitude: Option<f64>,
    rcs: Option<f64>,
    threat: Option<&str>,
    grid: usize,
    dwell: u32,
    dem: Option<PathBuf>,
    out: Option<PathBuf>,
) -> PyResult<(Py<PyAny>, String, Vec<PathBuf>)> {
    use iadsim_sim::coverage::{CoverageRequest, compute};
    let setup = &scenario.setup;
    let mut request = CoverageRequest::new(setup);
    if let Some(name) = threat {
        let cat = Catalogue::embedded();
        let t = cat.threat(name).ok_or_else(|| {
            let known: Vec<&str> = cat.threats.iter().map(|t| t.name.as_str()).collect();
            PyValueError::new_err(format!(
                "unknown threat type {name:?}; known: {}",
                known.join(", ")
            ))
        })?;
        if let Some(q) = t.values.get("rcs_m2") {
            request.rcs = q.value;
        }
        if let Some(q) = t.values.get("altitude_m") {
            request.target_height = q.value;
        }
    }
    if let Some(h) = altitude {
        if !(h.is_finite() && (0.0..=100_000.0).contains(&h)) {
            return Err(PyValueError::new_err(format!(
                "altitude must be between 0 and 100,000 m, got {h}"
            )));
        }
        request.target_height = h;
    }
    if let Some(r) = rcs {
        if !(r.is_finite() && r > 0.0) {
            return Err(PyValueError::new_err(format!(
                "rcs must be a positive number of square metres, got {r}"
            )));
        }
        request.rcs = r;
    }
    if !(2..=4000).contains(&grid) {
        return Err(PyValueError::new_err(format!(
            "grid must be between 2 and 4000 points a side, got {grid}"
        )));
    }
    request.grid.nx = grid;
    request.grid.ny = grid;
    if dwell == 0 {
        return Err(PyValueError::new_err("dwell must be at least 1 scan"));
    }
    request.dwell_scans = dwell;
    if let Some(dir) = &dem {
        let d = iadsim_sim::sense::radar::terrain::Dem::read_dir(dir)
            .map_err(|e| PyValueError::new_err(format!("{}: {e}", dir.display())))?;
        request.terrain = Some(Arc::new(d));
    }
    let done = py.detach(|| {
        guarded("coverage", || {
            let result = compute(setup, &request).map_err(|e| e.to_string())?;
            let files = match &out {
                Some(dir) => iadsim_io::coverage::write_all(&result, dir)
                    .map_err(|e| format!("output: {e}"))?,
                None => Vec::new(),
            };
            let table = iadsim_io::coverage::summary_table(&result);
            Ok::<_, String>((result, table, files))
        })
    });
    let (result, table, files) =
        done.map_err(internal)?
            .map_err(|e| match e.strip_prefix("output: ") {
                Some(m) => OutputError::new_err(m.to_string()),
                None => PyValueError::new_err(e),
            })?;
    Ok((to_py(py, &result)?, table, files))
}

/// The catalogue missile `name` in the engine's units, as a scenario loads it.
fn catalogue_missile(name: &str) -> Result<iadsim_sim::setup::Missile, String> {
    let cat = Catalogue::embedded();
    let Some(m) = cat.missile(name) else {
        let known: Vec<&str> = cat.missiles.iter().map(|m| m.name.as_str()).collect();
        return Err(format!(
            "unknown missile type {name:?}; known: {}",
            known.join(", ")
        ));
    };
    let get = |k: &str| -> Result<f64, String> {
        m.values
            .get(k)
            .map(|q| q.value)
            .ok_or_else(|| format!("catalogue missile {name} has no {k}"))
    };
    Ok(iadsim_sim::setup::Missile {
        type_name: m.name.clone(),
        max_range: get("max_range_km")? * 1000.0,
        max_range_ballistic: get("max_range_ballistic_km")? * 1000.0,
        min_range: get("min_range_km")? * 1000.0,
        min_altitude: get("min_altitude_m")?,
        max_altitude: get("max_altitude_km")? * 1000.0,
        average_speed: get("average_speed_m_s")?,
        max_target_speed: get("max_target_speed_m_s")?,
        single_shot_pk: get("single_shot_pk")?,
        lethal_radius: get("lethal_radius_m")?,
        max_flight_time: get("max_flight_time_s")?,
        unit_cost: m.values.get("unit_cost_musd").map(|q| q.value),
    })
}

/// A catalogue missile's flyout table and engagement zones (`iadsim envelope`).
#[pyfunction]
pub fn envelope(py: Python<'_>, missile: &str) -> PyResult<Py<PyAny>> {
    let m = catalogue_missile(missile).map_err(PyValueError::new_err)?;
    let built = py.detach(|| {
        guarded("envelope", || {
            iadsim_sim::engage::flyout::tables::build_for(&m).map_err(|e| e.to_string())
        })
    });
    let table = built.map_err(internal)?.map_err(PyValueError::new_err)?;
    let mut cells = Vec::new();
    for (i, &h) in table.heights.iter().enumerate() {
        for (j, &r) in table.ranges.iter().enumerate() {
            let c = table.cell(i, j);
            cells.push(serde_json::json!({
                "range_m": r,
                "height_m": h,
                "reachable": c.is_some(),
                "time_of_flight_s": c.map(|c| c.time_of_flight),
                "speed_m_s": c.map(|c| c.speed),
                "flight_path_angle_deg": c.map(|c| c.flight_path_angle.to_degrees()),
                "max_lateral_m_s2": c.map(|c| c.max_lateral),
                "max_crossing_speed_m_s": c.map(|c| c.max_crossing_speed),
            }));
        }
    }
    let data = table.plot_data();
    let zone = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| -> Vec<serde_json::Value> {
        b.iter()
            .map(|b| serde_json::json!({"height_m": b.height, "min_range_m": b.min_range, "max_range_m": b.max_range}))
            .collect()
    };
    to_py(
        py,
        &serde_json::json!({
            "missile": m.type_name,
            "max_flight_time_s": m.max_flight_time,
            "lethal_radius_m": m.lethal_radius,
            "frame": "ground range and height from the launcher, m",
            "cells": cells,
            "zone_vs_aircraft": zone(&data.aircraft),
            "zone_vs_ballistic": zone(&data.ballistic),
        }),
    )
}

/// A static weapon-target assignment (`iadsim wta`): minimises the expected surviving
/// target value.
#[pyfunction]
#[pyo3(signature = (values, pk, shots, time_limit = 10.0, method = "auto", iterations = None, seed = 0))]
#[allow(clippy::too_many_arguments)]
pub fn wta(
    py: Python<'_>,
    values: Vec<f64>,
    pk: Vec<Vec<f64>>,
    shots: Vec<u32>,
    time_limit: f64,
    method: &str,
    iterations: Option<u64>,
    seed: u64,
) -> PyResult<Py<PyAny>> {
    use iadsim_wta::{Method, SolveOptions};
    if !(time_limit.is_finite() && time_limit >= 0.0) {
        return Err(PyValueError::new_err(format!(
            "time_limit must be a non-negative number of seconds, got {time_limit}"
        )));
    }
    let method = match method.to_ascii_lowercase().as_str() {
        "auto" => Method::Auto,
        "exact" => Method::Exact,
        "heuristic" => Method::Heuristic,
        "greedy" => Method::Greedy,
        other => {
            return Err(PyValueError::new_err(format!(
                "method {other:?} is not one of: auto, exact, heuristic, greedy"
            )));
        }
    };
    let instance = iadsim_wta::Instance::new(values, pk, shots)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let options = SolveOptions {
        method,
        time_limit: (time_limit > 0.0).then(|| std::time::Duration::from_secs_f64(time_limit)),
        max_iterations: iterations,
        seed,
        ..SolveOptions::default()
    };
    let solution = py
        .detach(|| guarded("wta", || iadsim_wta::solve(&instance, &options)))
        .map_err(internal)?;
    to_py(py, &solution)
}

/// The multi-target tracker alone on a `peerbench-1` folder (`iadsim track`).
#[pyfunction]
#[pyo3(signature = (dir, truth = None, filter = "ekf", associator = "gnn", cutoff = 1000.0, out = None))]
pub fn track(
    py: Python<'_>,
    dir: PathBuf,
    truth: Option<PathBuf>,
    filter: &str,
    associator: &str,
    cutoff: f64,
    out: Option<PathBuf>,
) -> PyResult<Py<PyAny>> {
    use iadsim_track::peerbench::{AssociatorKind, FilterKind, PeerbenchOptions, run_dir, score};
    if !(cutoff.is_finite() && cutoff > 0.0) {
        return Err(PyValueError::new_err(format!(
            "cutoff must be a positive distance in metres, got {cutoff}"
        )));
    }
    let filter = match filter.to_ascii_lowercase().as_str() {
        "ekf" => FilterKind::Ekf,
        "ukf" => FilterKind::Ukf,
        "imm" => FilterKind::Imm,
        other => {
            return Err(PyValueError::new_err(format!(
                "filter {other:?} is not one of: ekf, ukf, imm"
            )));
        }
    };
    let associator = match associator.to_ascii_lowercase().as_str() {
        "gnn" => AssociatorKind::Gnn,
        "jpda" => AssociatorKind::Jpda,
        other => {
            return Err(PyValueError::new_err(format!(
                "associator {other:?} is not one of: gnn, jpda"
            )));
        }
    };
    let options = PeerbenchOptions {
        filter,
        associator,
        output: out,
        ..PeerbenchOptions::default()
    };
    let done = py.detach(|| {
        guarded("track", || {
            let run = run_dir(&dir, &options).map_err(|e| e.to_string())?;
            let scores = match truth.as_deref() {
                Some(t) => Some(score(t, &run.output, cutoff, 1.0).map_err(|e| e.to_string())?),
                None => None,
            };
            Ok::<_, String>((run, scores))
        })
    });
    let (run, scores) = done.map_err(internal)?.map_err(PyValueError::new_err)?;
    let mut v = serde_json::json!({
        "output": path_text(&run.output),
        "detections": run.detections,
        "scans": run.scan_seconds.len(),
        "track_rows": run.rows.len(),
        "read_seconds": run.read_seconds,
        "track_seconds": run.track_seconds,
        "write_seconds": run.write_seconds,
    });
    if let Some(s) = &scores {
        v["ospa_mean"] = s.ospa_mean.into();
        v["gospa_mean"] = s.gospa_mean.into();
        v["missed_per_scan"] = s.missed_mean.into();
        v["false_per_scan"] = s.false_mean.into();
        v["track_ids"] = s.n_track_ids.into();
    }
    to_py(py, &v)
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

/// The parameter catalogue (`iadsim catalog --json`) as a dict.
#[pyfunction]
pub fn catalog(py: Python<'_>) -> PyResult<Py<PyAny>> {
    to_py(py, Catalogue::embedded())
}
