//! Track: turn each battalion's measurements into tracks, and fuse every battalion's
//! reports at the regiment command post — without ever seeing the truth.
//!
//! - [`tracker`]: the engine's [`Track`] and the [`Tracker`] interface;
//! - [`nearest`]: the first model ([`NearestNeighbourTracker`]);
//! - [`imm_gnn`]: the default battalion tracker on `iadsim-track` ([`ImmGnnTracker`]),
//!   over [`picture`], the library tracker core it shares with the regiment picture;
//! - [`regiment`]: the regiment command post's fused picture ([`RegimentPicture`]);
//! - [`fire_control`]: the engagement radar's own tracks, keyed by the battalion's tracks
//!   ([`FireControl`]): its track channels, the revisits it orders, its sector and slews.
//!
//! A tracker is given measurements and what it may know of the radars that made them
//! (frame, where they searched, clutter density, nominal Pd), never a sensor or a
//! threat.
//!
//! Checked by crates/sim/tests/engine_tracker.rs (false tracks, continuity, accuracy against
//! the measurements' own errors) and iadsim-track's own tests.

pub mod fire_control;
pub mod imm_gnn;
mod kalman;
pub mod nearest;
pub mod picture;
pub mod regiment;
pub mod tracker;

pub use fire_control::FireControl;
pub use imm_gnn::ImmGnnTracker;
pub use nearest::{NearestNeighbourSettings, NearestNeighbourTracker};
pub use picture::LibraryTrackerSettings;
pub use regiment::{RegimentPicture, RegimentSettings};
pub use tracker::{Track, TrackChanges, TrackStatus, Tracker};
