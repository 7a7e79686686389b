//! Engage: interceptors launched on the command post's orders fly, guided by uplinked
//! tracks and their own seekers, and fuze at closest approach.
//!
//! - [`interceptor`]: [`Interceptor`], a missile in flight under either model;
//! - [`outcome`]: [`FlightOutcome`], what happens to it in a step;
//! - [`lead_collision`]: the first model ([`LeadCollisionInterceptor`]), steering on
//!   [`lead`], the lead-collision geometry;
//! - [`flyout`]: the 3-DOF flyout model, its guidance, seeker and fuze, and the planning
//!   tables flown with it.
//!
//! Checked by crates/sim/tests/flyout_*.rs (Zarchan's miss-distance figures, dynamics,
//! envelopes, calibration) and engine.rs; docs/validation.md, flyout rows.

pub mod flyout;
pub mod interceptor;
pub mod lead;
pub mod lead_collision;
pub mod outcome;

pub use interceptor::Interceptor;
pub use lead_collision::LeadCollisionInterceptor;
pub use outcome::FlightOutcome;
