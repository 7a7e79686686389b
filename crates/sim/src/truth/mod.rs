//! Threat motion: the ground truth every other stage is measured against.
//!
//! A [`Trajectory`] is built once per threat ([`Trajectory::new`]) and then queried by time
//! ([`Trajectory::state_at`]) every engine step. All the work is done in `new`; a query is
//! O(log n) (binary search in a sample table) or O(1) (Kepler's equation, a handful of
//! Newton iterations) and never allocates. Trajectories are cheap to clone (the tables are
//! shared).
//!
//! Two motion models:
//!
//! * **Routes** (aircraft, cruise missiles): geodesic legs over the WGS-84 ellipsoid at
//!   constant horizontal speed, corners cut by circular fillets of radius
//!   speed/max_turn_rate, height linear in ground distance between waypoints (knots at
//!   the fillet midpoints; the climb rate is whatever that gradient demands, so a
//!   scenario validator should bound gradients). Heights are above the ellipsoid; over a
//!   terrain model ([`TerrainHeight`], [`Trajectory::over_terrain`]) a route with a
//!   terrain clearance follows the ground instead. Sampled densely in `new` and
//!   interpolated with cubic Hermite polynomials: position error below a millimetre.
//!   Details and error budget in the notes of `truth/route.rs`.
//! * **Ballistic** (re-entering body): a Keplerian arc (point-mass gravity, non-rotating
//!   Earth, burnout at the launch point at `start_time`, boost not modelled) from the
//!   launch site to the impact point, with the burnout speed solved for the chosen
//!   profile (minimum energy, lofted, depressed); optional drag on the descent with the
//!   burnout speed re-solved so the impact still lands on the aim. Analytic (exact)
//!   without drag, RK4 plus Hermite table with drag. Details in the notes of
//!   `truth/ballistic.rs`.
//!
//! Frames: positions are ECEF (WGS-84), m; velocities are ECEF axes, m/s (the Earth's
//! rotation is not modelled, so they are both Earth-relative and, in this model, inertial).

mod ballistic;
pub mod debris;
pub mod error;
pub mod ground;
pub mod motion;
mod route;
mod table;
pub mod threats;
pub mod trajectory;

pub use error::TruthError;
pub use ground::{Follow, TerrainHeight};
pub use motion::ThreatMotionOverStep;
pub use threats::{Fate, Object, Threats};
pub use trajectory::{Trajectory, TruthState};
