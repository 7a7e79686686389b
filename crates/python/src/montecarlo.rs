//! `iadsim.mc`: a Monte Carlo study through `iadsim-study`, the code `iadsim mc` runs.
//!
//! The study writes its files exactly as the command line does (into `out`, or a
//! temporary folder), and the table handed to Python is `mc.parquet` read back: the same
//! numbers, by construction. The study runs on its own thread with the GIL released; the
//! calling thread wakes every 100 ms to let Python see a Ctrl-C, which sets the study's
//! cancel flag (replications in flight finish, no table is moved into place).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use iadsim_study::{Shard, StudyConfig, StudyError, files};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::options::ModelChoice;
use crate::scenario::{Scenario, scenario_error, yaml_value};
use crate::{OutputError, arrow, guarded, internal, json_to_py};

/// One finished study folder, read back for Python.
#[pyclass(module = "iadsim", frozen)]
pub struct RawStudy {
    /// The swept value (`None` without a sweep).
    #[pyo3(get)]
    value: Option<String>,
    /// `mc.parquet` as a pyarrow Table.
    #[pyo3(get)]
    table: Py<PyAny>,
    /// `summary.json` as a dict.
    #[pyo3(get)]
    summary: Py<PyAny>,
    /// `manifest.json` as a dict.
    #[pyo3(get)]
    manifest: Py<PyAny>,
    /// The folder holding the files (gone after the call when no `out` was given).
    #[pyo3(get)]
    folder: PathBuf,
}

/// What the study thread returns.
struct Finished {
    /// Study folders with their swept value.
    folders: Vec<(Option<String>, PathBuf)>,
    /// Wall-clock time of the replications, s.
    seconds: f64,
}

/// A sweep request: the parameter path and its values as YAML text.
struct Sweep {
    path: String,
    values: Vec<String>,
}

fn parse_sweep(spec: &Bound<'_, PyAny>) -> PyResult<Sweep> {
    if let Ok(text) = spec.extract::<String>() {
        let (path, values) =
            iadsim_study::sweep::parse_sweep(&text).map_err(PyValueError::new_err)?;
        return Ok(Sweep { path, values });
    }
    let (path, list): (String, Bound<'_, PyAny>) = spec.extract().map_err(|_| {
        PyValueError::new_err(
            "sweep must be \"PATH=v1,v2,...\" (or PATH=start:stop:step) or a tuple (PATH, [values])",
        )
    })?;
    let values = list
        .try_iter()?
        .map(|v| yaml_value(&v?))
        .collect::<PyResult<Vec<_>>>()?;
    if values.is_empty() {
        return Err(PyValueError::new_err("sweep needs at least one value"));
    }
    Ok(Sweep {
        path: path.trim().to_string(),
        values,
    })
}

/// Runs the study (or the sweep) into `out`.
fn study(
    scenario: &Scenario,
    config: &StudyConfig,
    sweep: Option<&Sweep>,
    out: &Path,
) -> Result<Finished, StudyError> {
    let Some(sweep) = sweep else {
        let outcome = iadsim_study::run_study(&scenario.setup, config, out)?;
        return Ok(Finished {
            folders: vec![(None, out.to_path_buf())],
            seconds: outcome.seconds,
        });
    };
    let mut seconds = 0.0;
    let loader = |v: &str| {
        scenario
            .with_override(&sweep.path, v)
            .map_err(|d| StudyError::Invalid(format!("{}={v}: {d}", sweep.path)))
    };
    let points =
        iadsim_study::sweep::run_sweep(&sweep.path, &sweep.values, loader, config, out, |_, s| {
            seconds += s
        })?;
    // run_sweep names each folder `NNN_<stem>` in value order.
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(out)
        .map_err(|e| StudyError::Invalid(format!("{}: {e}", out.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let folders = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prefix = format!("{i:03}_");
            let dir = dirs
                .iter()
                .find(|d| {
                    d.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(&prefix))
                })
                .cloned()
                .ok_or_else(|| StudyError::Invalid(format!("sweep folder {prefix}* missing")))?;
            Ok((Some(p.value.clone()), dir))
        })
        .collect::<Result<Vec<_>, StudyError>>()?;
    Ok(Finished { folders, seconds })
}

/// Runs `work` on its own thread, the GIL released, waking every 100 ms for signals; a
/// Python exception there (KeyboardInterrupt) sets `cancel` and is raised once the work
/// has stopped.
fn interruptible<T: Send>(
    py: Python<'_>,
    cancel: &Arc<AtomicBool>,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel();
        s.spawn(move || {
            let _ = tx.send(work());
        });
        let mut rx = rx;
        loop {
            // The receiver goes into the GIL-free closure and comes back (it is not Sync).
            let (got, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(100)), rx));
            rx = back;
            match got {
                Ok(v) => return Ok(v),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(internal("the study thread ended without an answer".into()));
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            }
            if let Err(e) = py.check_signals() {
                cancel.store(true, Ordering::Relaxed);
                // Let the replications in flight finish; the study then stops.
                let _ = py.detach(move || rx.recv());
                return Err(e);
            }
        }
    })
}

/// Reads a study folder back, once its `mc` completion marker vouches for every file
/// (`iadsim_io::commit::verify`); an incomplete folder is an `OutputError`.
fn read_folder(py: Python<'_>, value: Option<String>, dir: &Path) -> PyResult<RawStudy> {
    iadsim_io::commit::verify(dir, files::SET).map_err(|e| OutputError::new_err(e.to_string()))?;
    let read_json = |name: &str| -> PyResult<Py<PyAny>> {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| OutputError::new_err(format!("{}: cannot read: {e}", path.display())))?;
        Ok(json_to_py(py, &text)?.unbind())
    };
    let (schema, batches) = py
        .detach(|| arrow::read_parquet(&dir.join(files::TABLE_PARQUET)))
        .map_err(OutputError::new_err)?;
    let schema = batches.first().map_or(schema, |b| b.schema());
    Ok(RawStudy {
        value,
        table: arrow::to_pyarrow(py, schema, batches)?,
        summary: read_json(files::SUMMARY)?,
        manifest: read_json(files::MANIFEST)?,
        folder: dir.to_path_buf(),
    })
}

/// A Monte Carlo study; see `iadsim.mc` for the arguments. Returns the study folders
/// read back and the replications' wall-clock time.
#[pyfunction]
#[pyo3(signature = (
    scenario, runs, threads = None, seed = None, fidelity = "full", sweep = None, *,
    out = None, shard = None, battle_manager = None, radar_model = None, tracker = None,
    interceptor_model = None, progress = false
))]
#[allow(clippy::too_many_arguments)]
pub fn mc(
    py: Python<'_>,
    scenario: &Scenario,
    runs: u64,
    threads: Option<usize>,
    seed: Option<u64>,
    fidelity: &str,
    sweep: Option<&Bound<'_, PyAny>>,
    out: Option<PathBuf>,
    shard: Option<&str>,
    battle_manager: Option<&str>,
    radar_model: Option<&str>,
    tracker: Option<&str>,
    interceptor_model: Option<&str>,
    progress: bool,
) -> PyResult<(Py<PyList>, f64)> {
    let options = ModelChoice {
        fidelity,
        battle_manager,
        radar_model,
        tracker,
        interceptor_model,
    }
    .engine_options(false)?;
    let shard = match shard {
        Some(s) => s.parse::<Shard>().map_err(PyValueError::new_err)?,
        None => Shard::WHOLE,
    };
    let sweep = sweep.map(parse_sweep).transpose()?;
    let mut scenario = scenario.clone();
    if let Some(s) = seed {
        scenario.set_seed(s);
    }
    if let Some(sw) = &sweep {
        // Every value is checked before any replication runs, with located errors.
        for v in &sw.values {
            let checked = py.detach(|| {
                guarded("the scenario loader", || {
                    scenario.with_override(&sw.path, v)
                })
            });
            if let Err(d) = checked.map_err(internal)? {
                return Err(scenario_error(py, &d));
            }
        }
    }
    let cancel = Arc::new(AtomicBool::new(false));
    let config = StudyConfig {
        runs,
        threads: threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        shard,
        options,
        progress,
        cancel: Some(cancel.clone()),
    };
    let temp =
        match &out {
            Some(_) => None,
            None => Some(tempfile::tempdir().map_err(|e| {
                OutputError::new_err(format!("cannot make a temporary folder: {e}"))
            })?),
        };
    let folder = out
        .clone()
        .or_else(|| temp.as_ref().map(|t| t.path().to_path_buf()))
        .unwrap_or_default();
    let outcome = interruptible(py, &cancel, || {
        guarded("the study", || {
            study(&scenario, &config, sweep.as_ref(), &folder)
        })
    })?;
    let finished = match outcome.map_err(internal)? {
        Ok(f) => f,
        Err(StudyError::Invalid(m)) => return Err(PyValueError::new_err(m)),
        Err(StudyError::Cancelled) => {
            return Err(pyo3::exceptions::PyKeyboardInterrupt::new_err(
                "the study was cancelled",
            ));
        }
        Err(e @ StudyError::Output(_)) => return Err(OutputError::new_err(e.to_string())),
        Err(e @ StudyError::Engine { .. }) => {
            return Err(crate::EngineError::new_err(e.to_string()));
        }
    };
    let list = PyList::empty(py);
    for (value, dir) in finished.folders {
        list.append(read_folder(py, value, &dir)?)?;
    }
    Ok((list.unbind(), finished.seconds))
}
