//! The clock: one fixed base step driving the stages of the kill chain over the run's
//! [`World`](world::World), with every random draw taken from a stream derived from
//! (seed, replication, stream id), so the same inputs give the same events bit for bit.
//!
//! - [`run`]: the entry points ([`run()`], [`run_with`], [`run_observed`],
//!   [`PreparedSetup`]) and the driver that steps the world to the end;
//! - [`options`]: the model at each stage ([`EngineOptions`]);
//! - `build`: the models built from the setup and the options;
//! - `world`: the run's state as plain data — truth, sensors, defence, missiles, tally;
//! - `step`: one step, the stages in order (truth, engage, sense, track, assess, decide,
//!   observe);
//! - `stage`: each stage, a function over the world;
//! - `finish`: the summary at the end.
//!
//! The stages are checked through the runs they make: `tests/engine*.rs` (kill chain,
//! doctrine, trackers, regiment picture, determinism), `tests/permutation.rs` (decisions
//! independent of the threats' order and names), and `bench/same` (byte-identical
//! outputs across refactorings).

mod build;
mod finish;
pub mod options;
pub mod run;
mod stage;
mod step;
mod world;

pub use options::{
    BattleManagerKind, EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind, models,
};
pub use run::{EngineError, PreparedSetup, run, run_observed, run_with};
