//! `iadsim.run`: one replication through the engine, as `iadsim run` does it.

use std::path::PathBuf;

use iadsim_io::replay::{Replay, ReplayEvents, ReplayFiles, ReplayRecorder, Tee, write_files};
use iadsim_sim::events::EventLog;
use iadsim_sim::{EngineOptions, Setup, Summary};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::options::ModelChoice;
use crate::scenario::Scenario;
use crate::{EngineError, OutputError, arrow, guarded, internal, json_to_py};

/// What one replication returns to Python (wrapped in `iadsim.RunResult`).
#[pyclass(module = "iadsim", frozen)]
pub struct RawRun {
    /// summary.json as a dict.
    #[pyo3(get)]
    summary: Py<PyAny>,
    /// The event table.
    #[pyo3(get)]
    events: Py<PyAny>,
    /// Replay files written.
    #[pyo3(get)]
    replay_files: Vec<PathBuf>,
    /// Wall-clock time of the engine, s.
    #[pyo3(get)]
    seconds: f64,
}

/// Everything computed with the GIL released.
struct Done {
    summary: Summary,
    batches: Vec<arrow_array::RecordBatch>,
    replay_files: Vec<PathBuf>,
    seconds: f64,
}

enum Failure {
    Engine(String),
    Output(String),
}

/// Runs the engine with an in-memory event log, and the replay recorder when exports
/// are asked for; then builds the event table and writes the exports.
fn simulate(
    setup: &Setup,
    replication: u64,
    options: &EngineOptions,
    files: &ReplayFiles,
    interval: f64,
) -> Result<Done, Failure> {
    let started = std::time::Instant::now();
    let mut log = EventLog::default();
    let mut recorder = ReplayRecorder::new(setup, interval);
    let mut replay_events = ReplayEvents::default();
    let result = if files.any() {
        let mut tee = Tee(&mut log, &mut replay_events);
        iadsim_sim::run_observed(setup, replication, &mut tee, options, &mut recorder)
    } else {
        iadsim_sim::run_with(setup, replication, &mut log, options)
    };
    let summary = result.map_err(|e| Failure::Engine(format!("{}: {e}", setup.name)))?;
    let seconds = started.elapsed().as_secs_f64();
    let replay_files = if files.any() {
        write_replay(setup, replication, recorder, replay_events, files).map_err(Failure::Output)?
    } else {
        Vec::new()
    };
    let batches = arrow::events_to_batches(&log.events).map_err(Failure::Engine)?;
    Ok(Done {
        summary,
        batches,
        replay_files,
        seconds,
    })
}

/// The replay exports, as `iadsim run --replay` writes them (the GeoJSON with a 200 × 200
/// coverage grid at 1,000 m above ground, 1 m²).
fn write_replay(
    setup: &Setup,
    replication: u64,
    recorder: ReplayRecorder,
    events: ReplayEvents,
    files: &ReplayFiles,
) -> Result<Vec<PathBuf>, String> {
    let replay =
        Replay::build(setup, replication, recorder, events).map_err(|e| format!("replay: {e}"))?;
    let coverage = match &files.geojson {
        Some(_) => {
            let mut request = iadsim_sim::coverage::CoverageRequest::new(setup);
            request.grid.nx = 200;
            request.grid.ny = 200;
            Some(
                iadsim_sim::coverage::compute(setup, &request)
                    .map_err(|e| format!("coverage for the GeoJSON: {e}"))?,
            )
        }
        None => None,
    };
    write_files(&replay, coverage.as_ref(), files).map_err(|e| e.to_string())
}

/// One replication; see `iadsim.run` for the arguments.
#[pyfunction]
#[pyo3(signature = (
    scenario, seed = None, replication = 0, fidelity = "full", *,
    battle_manager = None, radar_model = None, tracker = None, interceptor_model = None,
    log_false_alarms = false, replay = None, acmi = None, czml = None, kml = None,
    geojson = None, replay_interval = 1.0
))]
#[allow(clippy::too_many_arguments)]
pub fn run(
    py: Python<'_>,
    scenario: &Scenario,
    seed: Option<u64>,
    replication: u64,
    fidelity: &str,
    battle_manager: Option<&str>,
    radar_model: Option<&str>,
    tracker: Option<&str>,
    interceptor_model: Option<&str>,
    log_false_alarms: bool,
    replay: Option<PathBuf>,
    acmi: Option<PathBuf>,
    czml: Option<PathBuf>,
    kml: Option<PathBuf>,
    geojson: Option<PathBuf>,
    replay_interval: f64,
) -> PyResult<RawRun> {
    let options = ModelChoice {
        fidelity,
        battle_manager,
        radar_model,
        tracker,
        interceptor_model,
    }
    .engine_options(log_false_alarms)?;
    if !(replay_interval.is_finite() && replay_interval > 0.0) {
        return Err(PyValueError::new_err(format!(
            "replay_interval must be a positive number of seconds, got {replay_interval}"
        )));
    }
    let defaults = replay
        .as_deref()
        .map(ReplayFiles::all_in)
        .unwrap_or_default();
    let files = ReplayFiles {
        acmi: acmi.or(defaults.acmi),
        czml: czml.or(defaults.czml),
        kml: kml.or(defaults.kml),
        geojson: geojson.or(defaults.geojson),
    };
    let mut setup = scenario.setup.clone();
    if let Some(s) = seed {
        setup.seed = s;
    }
    let outcome = py.detach(|| {
        guarded("the engine", || {
            simulate(&setup, replication, &options, &files, replay_interval)
        })
    });
    let done = match outcome.map_err(internal)? {
        Ok(d) => d,
        Err(Failure::Engine(m)) => return Err(EngineError::new_err(m)),
        Err(Failure::Output(m)) => return Err(OutputError::new_err(m)),
    };
    let json = serde_json::to_string(&done.summary)
        .map_err(|e| internal(format!("cannot serialise the summary: {e}")))?;
    Ok(RawRun {
        summary: json_to_py(py, &json)?.unbind(),
        events: arrow::to_pyarrow(py, arrow::event_schema(), done.batches)?,
        replay_files: done.replay_files,
        seconds: done.seconds,
    })
}
