//! [`Trajectory`]: one threat's precomputed path, queried by time (see the module notes
//! of [`crate::truth`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use iadsim_core::{Ecef, Geodetic, wgs84};

use iadsim_setup::{Threat, ThreatClass, ThreatMotion};

use super::ballistic::{self, Kepler};
use super::error::TruthError;
use super::ground::{Follow, TerrainHeight};
use super::route;
use super::table::HermiteTable;

/// Position and velocity of a threat at one instant, ECEF (m, m/s).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruthState {
    /// Position, ECEF, m.
    pub position: Ecef,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Ecef,
}

/// How the state is evaluated.
#[derive(Debug, Clone)]
enum Motion {
    /// A sampled path (routes), absolute times.
    Table(Arc<HermiteTable>),
    /// A Kepler arc, followed from `switch_time` by a sampled descent with drag.
    Ballistic {
        kepler: Kepler,
        switch_time: f64,
        tail: Option<Arc<HermiteTable>>,
    },
}

/// The precomputed trajectory of one threat, queried by time.
#[derive(Debug, Clone)]
pub struct Trajectory {
    id: u64,
    class: ThreatClass,
    start_time: f64,
    end_time: f64,
    aim: Ecef,
    peak_turn_rate: Option<f64>,
    /// Whether the flight ends on an aim point (not leaving the scenario).
    attacks: bool,
    max_speed: f64,
    max_height: f64,
    motion: Motion,
}

/// An upper bound on the ellipsoid height along a sampled path, m (≥ 0). Above the
/// ellipsoid the height is the distance to it, a convex function of the position (and
/// 0 inside), so the Bézier hull of the table bounds it; the margin covers rounding.
fn table_height_bound(table: &HermiteTable) -> f64 {
    table.convex_bound(wgs84::height_upper_bound) * (1.0 + 1e-9) + 1.0
}

/// A process-wide counter for [`Trajectory::id`].
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Trajectory {
    /// Builds the trajectory of `threat` (appearing at `threat.start_time`).
    ///
    /// Errors: [`TruthError::RouteTooShort`] / [`TruthError::InvalidRoute`] for a route
    /// with fewer than two distinct waypoints, a non-positive speed or turn rate, or a
    /// non-finite waypoint; [`TruthError::Ballistic`] when no ballistic arc joins launch
    /// and impact with the requested profile (angle out of range, escape speed, drag too
    /// strong to reach the aim).
    pub fn new(threat: &Threat) -> Result<Self, TruthError> {
        Self::over_terrain(threat, None)
    }

    /// Builds the trajectory of `threat` like [`Trajectory::new`], over `terrain` when
    /// there is one: a route with a `terrain_clearance` then follows the ground at that
    /// height (see the notes of `truth/route.rs`); other motions are unchanged.
    pub fn over_terrain(
        threat: &Threat,
        terrain: Option<&dyn TerrainHeight>,
    ) -> Result<Self, TruthError> {
        let t0 = threat.start_time;
        if !t0.is_finite() {
            return Err(TruthError::StartTime(t0));
        }
        match &threat.motion {
            ThreatMotion::Route {
                waypoints,
                speed,
                max_turn_rate,
                end,
                terrain_clearance,
            } => {
                if let Some(c) = terrain_clearance
                    && !c.is_finite()
                {
                    return Err(TruthError::InvalidRoute(format!(
                        "terrain clearance must be finite, got {c} m"
                    )));
                }
                let follow = terrain
                    .zip(*terrain_clearance)
                    .map(|(ground, clearance)| Follow { ground, clearance });
                let built = route::build_with_end(
                    waypoints,
                    *speed,
                    *max_turn_rate,
                    t0,
                    end,
                    follow.as_ref(),
                )?;
                Ok(Self {
                    id: next_id(),
                    class: threat.class,
                    start_time: t0,
                    end_time: built.table.last_time(),
                    aim: Ecef(built.aim),
                    peak_turn_rate: Some(built.peak_turn_rate),
                    attacks: end.attacks(),
                    max_speed: built.table.max_sample_speed(),
                    max_height: table_height_bound(&built.table),
                    motion: Motion::Table(Arc::new(built.table)),
                })
            }
            ThreatMotion::Ballistic {
                launch,
                impact,
                profile,
                ballistic_coefficient,
            } => {
                let built = ballistic::build(launch, impact, profile, *ballistic_coefficient, t0)?;
                // Energy is conserved on the Kepler arc, so its speed peaks where it is
                // lowest: at launch (or, without drag, at impact); the drag tail is sampled.
                let v_launch = built.kepler.state(t0).1.norm();
                let max_speed = match &built.tail {
                    Some(tab) => v_launch.max(tab.max_sample_speed()),
                    None => v_launch.max(built.kepler.state(built.end_time).1.norm()),
                };
                // No point of the conic is farther from the centre than its apogee, and
                // the ellipsoid contains the sphere of radius b.
                let conic = (built.kepler.max_radius() - wgs84::B).max(0.0);
                let max_height = match &built.tail {
                    Some(tab) => conic.max(table_height_bound(tab)),
                    None => conic,
                } * (1.0 + 1e-9)
                    + 1.0;
                Ok(Self {
                    id: next_id(),
                    class: threat.class,
                    start_time: t0,
                    end_time: built.end_time,
                    aim: Ecef(built.aim),
                    peak_turn_rate: None,
                    attacks: true,
                    max_speed,
                    max_height,
                    motion: Motion::Ballistic {
                        kepler: built.kepler,
                        switch_time: built.switch_time,
                        tail: built.tail.map(Arc::new),
                    },
                })
            }
        }
    }

    /// A sampled path from the table's first time to its last (a debris fragment's fall,
    /// [`super::debris`]); ballistic in nature but not a Kepler arc, so it reports as
    /// neither a route (no turn rate) nor a ballistic threat.
    pub(super) fn sampled(class: ThreatClass, table: HermiteTable) -> Self {
        let start_time = table.first_time();
        let end_time = table.last_time();
        let (aim, _) = table.eval(end_time);
        Self {
            id: next_id(),
            class,
            start_time,
            end_time,
            aim: Ecef(aim),
            peak_turn_rate: None,
            max_speed: table.max_sample_speed(),
            max_height: table_height_bound(&table),
            motion: Motion::Table(Arc::new(table)),
            attacks: false,
        }
    }

    /// Whether the flight ends on its aim point ([`Trajectory::aim_point`]): true for
    /// ballistic missiles and routes that attack, false for routes that leave, orbit
    /// and leave, or return.
    pub fn attacks(&self) -> bool {
        self.attacks
    }

    /// An identity for caches keyed by trajectory: unique among the trajectories built
    /// in this process (a clone keeps it: it is the same path). Not part of any result.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The threat's class (copied from the [`Threat`]).
    pub fn class(&self) -> ThreatClass {
        self.class
    }

    /// Whether the motion is ballistic (otherwise a route).
    pub fn is_ballistic(&self) -> bool {
        matches!(self.motion, Motion::Ballistic { .. })
    }

    /// Time the threat appears, s.
    pub fn start_time(&self) -> f64 {
        self.start_time
    }

    /// Time the threat reaches its aim point (end of route, or impact), s.
    pub fn end_time(&self) -> f64 {
        self.end_time
    }

    /// State at time `t`, s; `None` outside [start_time, end_time] (and for NaN).
    ///
    /// O(log n) for routes and drag descents, O(1) on Kepler arcs; no allocation.
    pub fn state_at(&self, t: f64) -> Option<TruthState> {
        if !(t >= self.start_time && t <= self.end_time) {
            return None;
        }
        Some(self.state_at_unchecked(t))
    }

    /// State at time `t`, s, without the range check: a time outside
    /// [start_time, end_time] gets the end state of a sampled path, or the conic continued
    /// beyond its ends on a Kepler arc. For callers that already know `t` is in range.
    pub fn state_at_unchecked(&self, t: f64) -> TruthState {
        let (p, v) = match &self.motion {
            Motion::Table(tab) => tab.eval(t),
            Motion::Ballistic {
                kepler,
                switch_time,
                tail,
            } => match tail {
                Some(tab) if t >= *switch_time => tab.eval(t),
                _ => kepler.state(t),
            },
        };
        TruthState {
            position: Ecef(p),
            velocity: Ecef(v),
        }
    }

    /// Position at time `t`, s, ECEF (m); `None` outside [start_time, end_time]. Exactly
    /// `state_at(t)`'s position, without computing the velocity.
    pub fn position_at(&self, t: f64) -> Option<Ecef> {
        if !(t >= self.start_time && t <= self.end_time) {
            return None;
        }
        let p = match &self.motion {
            Motion::Table(tab) => tab.position(t),
            Motion::Ballistic {
                kepler,
                switch_time,
                tail,
            } => match tail {
                Some(tab) if t >= *switch_time => tab.position(t),
                _ => kepler.position(t),
            },
        };
        Some(Ecef(p))
    }

    /// Geodetic position at time `t`, s (height above the WGS-84 ellipsoid, m); `None`
    /// outside [start_time, end_time].
    pub fn geodetic_at(&self, t: f64) -> Option<Geodetic> {
        self.state_at(t).map(|s| s.position.to_geodetic())
    }

    /// The aim point: the last waypoint or the impact point, ECEF, m.
    pub fn aim_point(&self) -> Ecef {
        self.aim
    }

    /// Greatest speed anywhere along the trajectory, m/s (a bound for step-size and
    /// gating decisions; exact at the sample points, within ~1e-6 relative between them).
    pub fn max_speed(&self) -> f64 {
        self.max_speed
    }

    /// A safe upper bound on the speed anywhere along the trajectory, m/s: the recorded
    /// [`Trajectory::max_speed`] (exact at the table samples, within ~1e-6 between them)
    /// with a generous margin, 1 % + 10 m/s. For proofs that a target cannot have moved
    /// farther than some distance in some time.
    pub fn speed_bound(&self) -> f64 {
        1.01 * self.max_speed + 10.0
    }

    /// An upper bound on the height above the WGS-84 ellipsoid anywhere along the
    /// trajectory, m (≥ 0): for a route, from its interpolated table (a few metres above
    /// its highest point at most); for a ballistic arc, the conic's apogee radius less
    /// the ellipsoid's semi-minor axis (some 20 km above the apogee height). Lets a
    /// radar bound how high, hence how far over the horizon, a threat can ever be.
    pub fn max_height(&self) -> f64 {
        self.max_height
    }

    /// For a route, the highest turn rate its fillets were designed for, rad/s (at height
    /// 0; at height h the rate is lower by the factor 1 + h/R); 0 for a straight route.
    /// It is at most `max_turn_rate` (a hair below: the radius carries a ~5e-5 margin for
    /// map distortion and interpolation) unless a leg was too short for a full fillet, in
    /// which case the fillet was tightened and the value says by how much; `INFINITY`
    /// if a corner is flown sharp (infinite turn rate allowed). `None` for ballistic
    /// motion. A scenario validator can warn when it exceeds the limit.
    pub fn peak_turn_rate(&self) -> Option<f64> {
        self.peak_turn_rate
    }
}
