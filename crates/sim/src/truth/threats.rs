//! The run's ground truth about the threats: where each is (its [`Trajectory`]), what it
//! is to a radar and a seeker (RCS, glint), and what has happened to it ([`Fate`]).
//!
//! Only the engine's truth, engage (seekers and fuzes), sense (radars scanning) and
//! assess (scoring) stages hold a [`Threats`]; the defence's stages (track, decide) never
//! do.

use iadsim_core::Ecef;
use iadsim_setup::Threat;
use nalgebra::Vector3;

use super::motion::ThreatMotionOverStep;
use super::trajectory::{Trajectory, TruthState};

/// What has happened to a threat so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fate {
    /// Not yet appeared.
    Waiting,
    /// In flight.
    Flying,
    /// Destroyed at this time, s.
    Killed(f64),
    /// Reached an asset at its aim point at this time, s: a leaker.
    Arrived(f64),
    /// Came to the end of its route at this time, s, without reaching an asset (it left,
    /// returned, finished its orbit, or its aim point lies outside every asset): gone,
    /// not a leaker.
    Left(f64),
}

/// Each threat's position at the last time it was asked for. A step's end position is
/// the next step's start position and the decision's truth, so each is evaluated once;
/// [`Trajectory::position_at`] is a pure function of the time, so a cached position is
/// the one a fresh evaluation gives, bit for bit.
#[derive(Debug, Clone)]
struct PositionCache {
    /// Per threat: (time s, as bits; position ECEF m, `None` outside the trajectory).
    last: Vec<(u64, Option<Vector3<f64>>)>,
}

impl PositionCache {
    fn new(threats: usize) -> Self {
        Self {
            last: vec![(f64::NAN.to_bits(), None); threats],
        }
    }

    /// `trajectory.position_at(t)` for threat `k`, ECEF m.
    fn at(&mut self, trajectory: &Trajectory, k: usize, t: f64) -> Option<Vector3<f64>> {
        let slot = &mut self.last[k];
        // Bits, not `==`: 0.0 and -0.0 are distinct arguments, and NaN never matches.
        if slot.0 != t.to_bits() || t.is_nan() {
            *slot = (t.to_bits(), trajectory.position_at(t).map(|p| p.0));
        }
        slot.1
    }
}

/// The threats of one run and their fates, indexed as [`iadsim_setup::Setup::threats`].
#[derive(Debug, Clone)]
pub struct Threats<'a> {
    threats: &'a [Threat],
    trajectories: &'a [Trajectory],
    glint: Vec<f64>,
    reaches_asset: Vec<bool>,
    fate: Vec<Fate>,
    changes: u64,
    positions: PositionCache,
}

impl<'a> Threats<'a> {
    /// The threats `threats` on their `trajectories` (same order), with the 1σ glint a
    /// seeker sees on each (m) and whether the end of each trajectory reaches an asset
    /// (`reaches_asset`), all waiting to appear.
    pub fn new(
        threats: &'a [Threat],
        trajectories: &'a [Trajectory],
        glint: Vec<f64>,
        reaches_asset: Vec<bool>,
    ) -> Self {
        let n = threats.len();
        Self {
            threats,
            trajectories,
            glint,
            reaches_asset,
            fate: vec![Fate::Waiting; n],
            changes: 0,
            positions: PositionCache::new(n),
        }
    }

    /// Number of threats.
    pub fn len(&self) -> usize {
        self.threats.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.threats.is_empty()
    }

    /// Threat `k` as the scenario describes it.
    pub fn threat(&self, k: usize) -> &'a Threat {
        &self.threats[k]
    }

    /// Threat `k`'s trajectory.
    pub fn trajectory(&self, k: usize) -> &'a Trajectory {
        &self.trajectories[k]
    }

    /// Threat `k`'s fate so far.
    pub fn fate(&self, k: usize) -> Fate {
        self.fate[k]
    }

    /// Every threat's fate, in index order.
    pub fn fates(&self) -> &[Fate] {
        &self.fate
    }

    /// How many fates have changed so far (a stamp for caches built from the fates).
    pub fn changes(&self) -> u64 {
        self.changes
    }

    fn flying(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).filter(|&k| self.fate[k] == Fate::Flying)
    }

    /// The threats whose start time falls before `t1` s start flying; appends
    /// `(threat, time it appeared within the step from t0)` for each.
    pub fn appear(&mut self, t0: f64, t1: f64, appeared: &mut Vec<(usize, f64)>) {
        for (k, threat) in self.threats.iter().enumerate() {
            if self.fate[k] == Fate::Waiting && threat.start_time < t1 {
                self.fate[k] = Fate::Flying;
                self.changes += 1;
                appeared.push((k, threat.start_time.max(t0)));
            }
        }
    }

    /// Threat `k` is destroyed at `time` s.
    pub fn kill(&mut self, k: usize, time: f64) {
        self.fate[k] = Fate::Killed(time);
        self.changes += 1;
    }

    /// The threats in flight whose trajectory ends by `t1` s come to its end: those whose
    /// end reaches an asset arrive (appended as `(threat, arrival time)`, in index order),
    /// the others leave.
    pub fn arrive(&mut self, t1: f64, arrived: &mut Vec<(usize, f64)>) {
        for k in 0..self.len() {
            let end = self.trajectories[k].end_time();
            if self.fate[k] != Fate::Flying || end > t1 {
                continue;
            }
            self.changes += 1;
            if self.reaches_asset[k] {
                self.fate[k] = Fate::Arrived(end);
                arrived.push((k, end));
            } else {
                self.fate[k] = Fate::Left(end);
            }
        }
    }

    /// The straight segments the threats in flight follow over the step [`t0`, `t1`] s
    /// (clipped to their trajectories), in index order, replacing `out`'s contents.
    pub fn motions(&mut self, t0: f64, t1: f64, out: &mut Vec<ThreatMotionOverStep>) {
        out.clear();
        for k in 0..self.len() {
            if self.fate[k] != Fate::Flying {
                continue;
            }
            let tr = &self.trajectories[k];
            let Some(a) = self.positions.at(tr, k, t0.max(tr.start_time())) else {
                continue;
            };
            let Some(b) = self.positions.at(tr, k, t1.min(tr.end_time())) else {
                continue;
            };
            out.push(ThreatMotionOverStep {
                index: k,
                position: [a, b],
                glint: self.glint[k],
            });
        }
    }

    /// The threat in flight nearest `point` (ECEF) at `t` s, if any (ties: the lowest
    /// index).
    pub fn nearest_flying(&self, point: &Ecef, t: f64) -> Option<usize> {
        self.flying()
            .filter_map(|k| self.trajectories[k].position_at(t).map(|s| (k, s)))
            .map(|(k, s)| (s.distance(point), k))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, k)| k)
    }

    /// `(threat index, ECEF position m)` of every threat in flight at `t` s, in index
    /// order, replacing `out`'s contents.
    pub fn flying_positions(&mut self, t: f64, out: &mut Vec<(u64, Vector3<f64>)>) {
        out.clear();
        for k in 0..self.len() {
            if self.fate[k] != Fate::Flying {
                continue;
            }
            if let Some(p) = self.positions.at(&self.trajectories[k], k, t) {
                out.push((k as u64, p));
            }
        }
    }

    /// The state of every threat in flight at `t` s, in index order.
    pub fn flying_states(&self, t: f64) -> impl Iterator<Item = (usize, TruthState)> + '_ {
        self.flying()
            .filter_map(move |k| self.trajectories[k].state_at(t).map(|s| (k, s)))
    }
}
