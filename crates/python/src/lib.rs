//! `iadsim._iadsim`: the native half of the `iadsim` Python package.
//!
//! Every function here calls the same libraries as the `iadsim` command line: the
//! scenario loader (`iadsim-scenario`), the engine (`iadsim-sim`), Monte Carlo studies
//! (`iadsim-study`) and the writers (`iadsim-io`). Nothing is reimplemented. The engine runs
//! with the GIL released; panics are caught at the boundary and raised as
//! `iadsim.InternalError`, never as pyo3's `PanicException`. The Python-facing API,
//! docstrings and type stubs are in `python/iadsim/`.
//!
//! Checked from Python, as users call it: crates/python/tests (pytest), against the command
//! line's outputs for the same seed.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

mod arrow;
mod montecarlo;
mod options;
mod run;
mod scenario;
mod tools;

pyo3::create_exception!(
    _iadsim,
    ScenarioError,
    PyValueError,
    "A scenario file (or an override) is invalid. `problems` lists every problem as a dict \
     with file, line, column, path, message and help; `file`, `line`, `column`, `path`, \
     `message` and `hint` are those of the first."
);
pyo3::create_exception!(
    _iadsim,
    InternalError,
    PyRuntimeError,
    "A defect in iadsim itself (a Rust panic caught at the boundary): please report it."
);
pyo3::create_exception!(
    _iadsim,
    OutputError,
    PyRuntimeError,
    "An output file could not be written (its path is in the message)."
);
pyo3::create_exception!(
    _iadsim,
    EngineError,
    PyRuntimeError,
    "The engine could not run the scenario (e.g. a threat whose trajectory cannot be built)."
);

/// Runs `f`, turning a panic into [`InternalError`] text instead of unwinding into Python.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        format!("internal error in {what}: {detail}")
    })
}

/// Converts a [`guarded`] failure into the Python exception.
pub(crate) fn internal(message: String) -> PyErr {
    InternalError::new_err(message)
}

/// `json.loads(text)`: JSON written by the Rust side becomes Python dicts and lists.
pub(crate) fn json_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// `json.dumps(value)`: a Python value as JSON text (which is also YAML).
pub(crate) fn py_to_json(value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("allow_nan", false)?;
    py.import("json")?
        .call_method("dumps", (value,), Some(&kwargs))?
        .extract()
}

#[pymodule]
fn _iadsim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("OutputError", py.get_type::<OutputError>())?;
    m.add("EngineError", py.get_type::<EngineError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<scenario::Scenario>()?;
    m.add_function(wrap_pyfunction!(scenario::load, m)?)?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(montecarlo::mc, m)?)?;
    m.add_function(wrap_pyfunction!(tools::coverage, m)?)?;
    m.add_function(wrap_pyfunction!(tools::envelope, m)?)?;
    m.add_function(wrap_pyfunction!(tools::wta, m)?)?;
    m.add_function(wrap_pyfunction!(tools::track, m)?)?;
    m.add_function(wrap_pyfunction!(tools::catalog, m)?)?;
    Ok(())
}
