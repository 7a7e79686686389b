//! `iadsim.Scenario`: a validated scenario, its source text and its `--set` overrides.

use std::path::PathBuf;

use iadsim_scenario::{Diagnostics, Problem};
use iadsim_sim::Setup;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::{ScenarioError, guarded, internal, json_to_py, py_to_json};

/// A scenario that passed validation: the run-ready setup, with the source text and the
/// overrides it was built from (so further overrides go through the same checks).
#[pyclass(module = "iadsim", skip_from_py_object)]
#[derive(Clone)]
pub struct Scenario {
    /// Scenario YAML text.
    source: String,
    /// File name used in messages (the path given, or `<string>`).
    file: String,
    /// `(path, YAML value)` overrides, applied in order, as `--set` does.
    overrides: Vec<(String, String)>,
    /// The validated setup.
    pub(crate) setup: Setup,
    /// Warnings of the last validation.
    warnings: Vec<Problem>,
    /// A seed given to `run` / `mc` in place of the scenario's, kept through sweeps.
    seed_override: Option<u64>,
}

/// A [`ScenarioError`] carrying every problem; `file`, `line`, ... are the first one's.
pub(crate) fn scenario_error(py: Python<'_>, diag: &Diagnostics) -> PyErr {
    let n = diag.problems.len();
    let head = diag
        .problems
        .first()
        .map_or_else(|| "invalid scenario".to_string(), |p| p.file.clone());
    let message = format!(
        "{diag}\n{head} has {n} problem{}",
        if n == 1 { "" } else { "s" }
    );
    let err = ScenarioError::new_err(message);
    if let Err(e) = attach_problems(py, &err, diag) {
        return e;
    }
    err
}

fn attach_problems(py: Python<'_>, err: &PyErr, diag: &Diagnostics) -> PyResult<()> {
    let value = err.value(py);
    let problems = PyList::empty(py);
    for p in &diag.problems {
        let d = PyDict::new(py);
        d.set_item("file", &p.file)?;
        d.set_item("line", p.line)?;
        d.set_item("column", p.column)?;
        d.set_item("path", &p.path)?;
        d.set_item("message", &p.message)?;
        d.set_item("help", p.help.as_deref())?;
        problems.append(d)?;
    }
    value.setattr("problems", problems)?;
    let first = diag.problems.first();
    value.setattr("file", first.map(|p| p.file.as_str()))?;
    value.setattr("line", first.and_then(|p| p.line))?;
    value.setattr("column", first.and_then(|p| p.column))?;
    value.setattr("path", first.map(|p| p.path.as_str()))?;
    value.setattr("message", first.map(|p| p.message.as_str()))?;
    value.setattr("hint", first.and_then(|p| p.help.as_deref()))?;
    Ok(())
}

/// The loader's answer, with panics caught.
fn validate(
    source: &str,
    file: &str,
    overrides: &[(String, String)],
) -> Result<Result<iadsim_scenario::Loaded, Diagnostics>, String> {
    guarded("the scenario loader", || {
        iadsim_scenario::load_str_with(source, file, overrides)
    })
}

impl Scenario {
    /// Uses `seed` in place of the scenario's (as `--seed` does).
    pub(crate) fn set_seed(&mut self, seed: u64) {
        self.setup.seed = seed;
        self.seed_override = Some(seed);
    }

    /// The setup with one more override (a sweep point), validated; the seed override
    /// kept. Panics in the loader are the caller's to catch.
    pub(crate) fn with_override(&self, path: &str, value: &str) -> Result<Setup, Diagnostics> {
        let mut overrides = self.overrides.clone();
        overrides.push((path.to_string(), value.to_string()));
        let mut setup = iadsim_scenario::load_str_with(&self.source, &self.file, &overrides)?.setup;
        if let Some(s) = self.seed_override {
            setup.seed = s;
        }
        Ok(setup)
    }

    fn build(
        py: Python<'_>,
        source: String,
        file: String,
        overrides: Vec<(String, String)>,
    ) -> PyResult<Self> {
        let checked = py.detach(|| validate(&source, &file, &overrides));
        match checked.map_err(internal)? {
            Ok(loaded) => Ok(Self {
                source,
                file,
                overrides,
                setup: loaded.setup,
                warnings: loaded.warnings,
                seed_override: None,
            }),
            Err(diag) => Err(scenario_error(py, &diag)),
        }
    }
}

/// Reads and validates the scenario file at `path` (errors as `iadsim validate` gives them).
#[pyfunction]
pub fn load(py: Python<'_>, path: PathBuf) -> PyResult<Scenario> {
    let file = path.display().to_string();
    // The file loader first: it reports unreadable, oversized and non-UTF-8 files as the
    // command line does.
    let checked =
        py.detach(|| guarded("the scenario loader", || iadsim_scenario::load_path(&path)));
    match checked.map_err(internal)? {
        Ok(loaded) => {
            let source = std::fs::read_to_string(&path).map_err(|e| {
                pyo3::exceptions::PyOSError::new_err(format!("{file}: cannot read: {e}"))
            })?;
            Ok(Scenario {
                source,
                file,
                overrides: Vec::new(),
                setup: loaded.setup,
                warnings: loaded.warnings,
                seed_override: None,
            })
        }
        Err(diag) => Err(scenario_error(py, &diag)),
    }
}

/// YAML text for an override value: a `str` is taken as YAML text (as after `=` in
/// `--set`), anything else is written as JSON (which YAML reads as the same value).
pub(crate) fn yaml_value(value: &Bound<'_, PyAny>) -> PyResult<String> {
    match value.extract::<String>() {
        Ok(s) => Ok(s),
        Err(_) => py_to_json(value),
    }
}

#[pymethods]
impl Scenario {
    /// Validates scenario YAML text; `name` is the file name used in messages.
    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_yaml(py: Python<'_>, text: String, name: &str) -> PyResult<Self> {
        Self::build(py, text, name.to_string(), Vec::new())
    }

    /// Reads and validates the scenario file at `path`.
    #[staticmethod]
    #[pyo3(name = "load")]
    fn load_static(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        load(py, path)
    }

    /// Overrides one value, by the dotted path with indices `iadsim mc --set` takes
    /// (e.g. `threats.cruise_missiles[0].count`), and validates again. On error the
    /// scenario is left as it was.
    fn set(&mut self, py: Python<'_>, path: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let mut overrides = self.overrides.clone();
        overrides.push((path.trim().to_string(), yaml_value(value)?));
        *self = Self::build(py, self.source.clone(), self.file.clone(), overrides)?;
        Ok(())
    }

    /// A copy with one more override (leaves this one unchanged).
    fn with_value(&self, py: Python<'_>, path: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut copy = self.clone();
        copy.set(py, path, value)?;
        Ok(copy)
    }

    /// Scenario name.
    #[getter]
    fn name(&self) -> String {
        self.setup.name.clone()
    }

    /// Master seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.setup.seed
    }

    /// Simulated span, s.
    #[getter]
    fn duration(&self) -> f64 {
        self.setup.duration
    }

    /// File name used in messages.
    #[getter]
    fn file(&self) -> String {
        self.file.clone()
    }

    /// The YAML text.
    #[getter]
    fn yaml(&self) -> String {
        self.source.clone()
    }

    /// Overrides applied so far, as `(path, YAML value)`.
    #[getter]
    fn overrides(&self) -> Vec<(String, String)> {
        self.overrides.clone()
    }

    /// Warnings of the validation (allowed, but probably not meant).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.iter().map(ToString::to_string).collect()
    }

    /// Number of individual threats (waves expanded).
    #[getter]
    fn threat_count(&self) -> usize {
        self.setup.threats.len()
    }

    /// The run-ready setup (SI units, waves expanded) as a dict.
    fn setup(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let text = serde_json::to_string(&self.setup)
            .map_err(|e| internal(format!("cannot serialise the setup: {e}")))?;
        Ok(json_to_py(py, &text)?.unbind())
    }

    fn __repr__(&self) -> String {
        let bns = self.setup.regiment.battalions.len();
        format!(
            "<iadsim.Scenario {:?} from {}: {} battalion{}, {} threats, {} overrides>",
            self.setup.name,
            self.file,
            bns,
            if bns == 1 { "" } else { "s" },
            self.setup.threats.len(),
            self.overrides.len()
        )
    }
}
