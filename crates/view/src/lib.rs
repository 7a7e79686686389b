//! The iadsim viewer: a web page that shows a run folder (`iadsim run --replay`) or a
//! study folder (`iadsim mc`), served on the loopback address ([`serve`]) or written as one
//! self-contained HTML file ([`export_html`]).
//!
//! The Rust side reads the folder's documented files (`summary.json`, `events.jsonl` or
//! `events.jsonl.zst`, `replay.czml`, `replay.geojson`; `mc.csv`, `manifest.json`,
//! `sweep.csv`) into one
//! compact JSON document ([`load`]) that the page draws; the page and its vendored
//! libraries (d3, topojson-client, the Natural Earth base map) are embedded in the binary,
//! so nothing is fetched from the network. Analysis joins made here (which threat a track
//! follows, which threat an interceptor was fired at) use truth after the fact and are
//! labelled so in the page; the engine never sees them.
//!
//! Checked by crates/view/tests (data.rs: every number of a hand-written, committed run
//! folder; export.rs; server.rs) and the browser test in crates/view/tests/browser.

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod assets;
pub mod export;
pub mod run;
pub mod server;
pub mod study;

use std::path::{Path, PathBuf};

pub use export::export_html;
pub use server::{ServeOptions, Server, serve};

/// What went wrong reading a folder or serving it.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    /// The folder is neither a run folder nor a study folder.
    #[error(
        "{path}: not a run folder (summary.json and events.jsonl or events.jsonl.zst from `iadsim run`) nor a study folder (manifest.json and mc.csv from `iadsim mc`, or sweep.csv from `iadsim mc --sweep`)"
    )]
    NotAFolder {
        /// The folder given.
        path: PathBuf,
    },
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A file does not hold what its format says (line 1-based, 0 when not known).
    #[error("{path}:{line}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Line, 1-based; 0 when the whole file is at fault.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The folder's completion marker is missing or does not match its files: the run or
    /// study there is unfinished, was interrupted, or was changed since (docs/limits.md,
    /// "Outputs").
    #[error("{0}")]
    Incomplete(#[from] iadsim_io::commit::Incomplete),
    /// The exported page could not be written.
    #[error("{0}")]
    Output(#[from] iadsim_io::OutputError),
    /// The server could not start.
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The cause.
        reason: String,
    },
}

impl ViewError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn format(path: &Path, line: usize, reason: impl Into<String>) -> Self {
        Self::Format {
            path: path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }
}

/// What kind of folder the viewer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind {
    /// One run of `iadsim run`.
    Run,
    /// A Monte Carlo study of `iadsim mc` (with or without `--sweep`).
    Study,
}

/// Tells a run folder from a study folder by the files in it.
pub fn folder_kind(dir: &Path) -> Result<FolderKind, ViewError> {
    let has = |name: &str| dir.join(name).is_file();
    let log = |f: iadsim_io::EventLogFormat| has(f.file_name());
    if has("summary.json") && iadsim_io::EventLogFormat::ALL.into_iter().any(log) {
        Ok(FolderKind::Run)
    } else if (has("manifest.json") && has("mc.csv")) || has("sweep.csv") {
        Ok(FolderKind::Study)
    } else {
        Err(ViewError::NotAFolder {
            path: dir.to_path_buf(),
        })
    }
}

/// The output set whose completion marker vouches for `dir` (see [`iadsim_io::commit`]):
/// `run` for a run folder, `sweep` for a sweep folder, `mc` for a study.
pub fn output_set(dir: &Path, kind: FolderKind) -> &'static str {
    match kind {
        FolderKind::Run => "run",
        FolderKind::Study if dir.join("sweep.csv").is_file() => "sweep",
        FolderKind::Study => "mc",
    }
}

/// The viewer's JSON document for `dir`, a run or a study folder. The folder must hold a
/// complete set: its completion marker is checked first ([`iadsim_io::commit::verify`]),
/// so an interrupted or half-rewritten folder is refused rather than shown.
pub fn load(dir: &Path) -> Result<serde_json::Value, ViewError> {
    let kind = folder_kind(dir)?;
    iadsim_io::commit::verify(dir, output_set(dir, kind))?;
    match kind {
        FolderKind::Run => run::load_run(dir),
        FolderKind::Study => study::load_study(dir),
    }
}

/// Names of the folders (`dirs`) or files in `dir`, sorted, hidden ones left out; none when
/// it cannot be read.
pub(crate) fn list_dir(dir: &Path, dirs: bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| {
                    e.file_type()
                        .is_ok_and(|t| if dirs { t.is_dir() } else { t.is_file() })
                })
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub(crate) fn read_to_string(path: &Path) -> Result<String, ViewError> {
    std::fs::read_to_string(path).map_err(|e| ViewError::io(path, e))
}

pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value, ViewError> {
    let text = read_to_string(path)?;
    serde_json::from_str(&text).map_err(|e| ViewError::format(path, e.line(), e.to_string()))
}
