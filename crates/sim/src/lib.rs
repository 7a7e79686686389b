//! # iadsim-sim
//!
//! The engine: one deterministic clock driving the kill chain
//! truth → sense → track → decide → engage → assess, and the event stream it produces.
//!
//! It reads a [`setup::Setup`] (SI units, catalogue references resolved) and knows nothing
//! of files or the command line.

pub mod battle;
pub mod coverage;
pub mod engage;
pub mod engine;
pub mod events;
pub mod flyout;
pub mod observe;
pub mod radar;
pub mod regiment;
pub mod sensing;
pub mod summary;
pub mod track_library;
pub mod tracking;
pub mod truth;

/// The run-ready scenario types the engine reads (the `iadsim-setup` crate).
pub use iadsim_setup as setup;

pub use engine::{
    BattleManagerKind, EngineError, EngineOptions, InterceptorModelKind, PreparedSetup,
    RadarModelKind, TrackerKind, models, run, run_observed, run_with,
};
pub use events::{Event, EventKind, EventSink};
pub use setup::Setup;
pub use summary::Summary;
