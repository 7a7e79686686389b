//! Decide: threat evaluation, weapon assignment and kill assessment at the regiment
//! command post, from tracks alone.
//!
//! Two models share the types here and the kill-assessment book:
//! [`WtaBattleManager`] (the default: threat evaluation, then a weapon-target assignment
//! solved with `iadsim-wta` each decision cycle) and [`NearestLauncherBattleManager`] (the
//! first model, kept for comparison).
//!
//! First model ([`NearestLauncherBattleManager`]): on each decision cycle, classify every
//! confirmed track from its kinematics, rank tracks by urgency (asset value over time to
//! reach the nearest asset), and give each unengaged track, most urgent first, a salvo
//! from the nearest ready launchers whose missiles can reach the predicted intercept point
//! (range, minimum range, altitude band, target speed, flight time), within the
//! engagement radar's guidance channels, keeping the ballistic reserve. Kill assessment
//! looks at the track after the salvo ([`judge`]): a track that holds its motion is a
//! survivor, re-engaged under shoot-look-shoot.
//!
//! - [`manager`]: the [`BattleManager`] interface and the views and orders it works with;
//! - [`evaluation`]: threat evaluation from a track ([`evaluate`]);
//! - [`planning`]: whether a missile can intercept a track ([`InterceptPlanning`]);
//! - [`book`]: the engagements and their kill assessment, shared by both models;
//! - [`judge`]: the kill-assessment rule, from the picture alone;
//! - [`debris`]: debris discrimination (which tracks are a kill's fragments), from the
//!   picture and the command post's own judgements;
//! - [`wta`]: the default manager ([`WtaBattleManager`]);
//! - [`nearest`]: the first model ([`NearestLauncherBattleManager`]).
//!
//! Checked by crates/sim/tests/engine.rs and engine_regiment.rs, permutation.rs (decisions do
//! not depend on the order or names of the threats) and iadsim-wta's solver tests.

pub mod book;
pub mod debris;
pub mod evaluation;
pub mod judge;
pub mod manager;
pub mod nearest;
pub mod planning;
pub mod wta;

pub use book::CORRELATION_DISTANCE;
pub use evaluation::{AIRCRAFT_STANDOFF, ThreatAssessment, URGENCY_HORIZON, classify, evaluate};
pub use manager::{
    Assessment, AssetView, BattleManager, Decision, EngagementOrder, FireUnitView, LaunchOrder,
    LauncherStatus, RankedThreat, SELF_DESTRUCT_ORDERED, SelfDestructOrder, SkipReason, Skipped,
    asset_view, ballistic_capable_rounds,
};
pub use nearest::NearestLauncherBattleManager;
pub use planning::{FLIGHT_TIME_MARGIN, InterceptPlanning, envelope_intercept, intercept_feasible};
pub use wta::WtaBattleManager;
