//! # iadsim-sim
//!
//! The engine: one deterministic clock driving the kill chain
//! truth → sense → track → decide → engage → assess, and the event stream it produces.
//!
//! It reads a [`setup::Setup`] (SI units, catalogue references resolved) and knows nothing
//! of files or the command line.
//!
//! Checked by each stage's tests and crates/sim/tests (whole runs in engine.rs and
//! engine_regiment.rs; structure in module_graph.rs and permutation.rs); docs/validation.md
//! lists every model with its reference, test and figure.

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod assess;
pub mod decide;
pub mod engage;
pub mod engine;
pub mod events;
pub mod observe;
pub mod sense;
pub mod track;
pub mod truth;

/// The run-ready scenario types the engine reads (the `iadsim-setup` crate).
pub use iadsim_setup as setup;

pub use assess::summary::Summary;
pub use engine::{
    BattleManagerKind, EngineError, EngineOptions, InterceptorModelKind, PreparedSetup,
    RadarModelKind, TrackerKind, models, run, run_observed, run_with,
};
pub use events::{Event, EventKind, EventSink};
pub use sense::coverage;
pub use setup::Setup;
