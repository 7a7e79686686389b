//! # iadsim-io
//!
//! Getting results out of iadsim: the event log (JSON Lines, plain or zstd-compressed:
//! [`event_log`]), the run summary (JSON and a
//! terminal table), all committed by one protocol ([`commit`]): files are written under
//! temporary names and made visible together, with a completion marker written last, so
//! a half-written file or a mix of two runs is never presented as a result. Replay and
//! exchange exports of a run (Tacview ACMI, CZML, KML, GeoJSON) are in [`replay`];
//! coverage maps in [`coverage`]; the GeoJSON building blocks both use in [`geojson`].
//!
//! Checked by crates/io/tests/replay.rs (exports read back and compared with the run),
//! envelope_plot.rs, the commit protocol's unit tests and crates/cli/tests/fault_injection.rs
//! (writers killed at every rename and unlink).

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod antimeridian;
pub mod atomic;
pub mod commit;
pub mod coverage;
pub mod envelope_plot;
pub mod event_log;
pub mod geojson;
pub mod jsonl;
pub mod mctable;
pub mod plot;
pub mod replay;
pub mod table;

pub use atomic::{AtomicFile, write_atomic};
pub use commit::{OutputFile, OutputSet};
pub use event_log::{EventLogFormat, EventLogWriter};
pub use jsonl::JsonlSink;
pub use table::summary_table;

/// An output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// File-system error, with the path involved.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file being written.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Serialisation error.
    #[error("cannot serialise {what}: {source}")]
    Json {
        /// What was being written.
        what: &'static str,
        /// The cause.
        source: serde_json::Error,
    },
}
