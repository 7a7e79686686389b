//! The run's ground truth about the threats: where each is (its [`Trajectory`]), what it
//! is to a radar and a seeker (RCS, glint), what has happened to it ([`Fate`]), and the
//! debris the killed ones left ([`Fragment`]).
//!
//! Truth objects are numbered in one sequence, the *object index*: the threats first, in
//! setup order (0 … n − 1), then every debris fragment in the order the kills made them
//! (n, n + 1, …) — see [`Object`]. Radars and seekers see objects, not fates.
//!
//! Only the engine's truth, engage (seekers and fuzes), sense (radars scanning) and
//! assess (scoring) stages hold a [`Threats`]; the defence's stages (track, decide) never
//! do.

use iadsim_core::{Ecef, rng};
use iadsim_setup::Threat;
use nalgebra::Vector3;

use super::debris::{Fragment, Ground, fragments};
use super::motion::ThreatMotionOverStep;
use super::trajectory::{Trajectory, TruthState};

/// What an object index names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// Threat `k` (index into the setup's threats).
    Threat(usize),
    /// Debris fragment `j` (in the order the kills made them).
    Debris(usize),
}

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

/// Each object's position at the last time it was asked for. A step's end position is
/// the next step's start position and the decision's truth, so each is evaluated once;
/// [`Trajectory::position_at`] is a pure function of the time, so a cached position is
/// the one a fresh evaluation gives, bit for bit.
#[derive(Debug, Clone)]
struct PositionCache {
    /// Per object: (time s, as bits; position ECEF m, `None` outside the trajectory).
    last: Vec<(u64, Option<Vector3<f64>>)>,
}

impl PositionCache {
    fn new(objects: usize) -> Self {
        Self {
            last: vec![(f64::NAN.to_bits(), None); objects],
        }
    }

    /// Room for `objects` objects.
    fn grow(&mut self, objects: usize) {
        self.last.resize(objects, (f64::NAN.to_bits(), None));
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

/// The threats of one run and their fates, indexed as [`iadsim_setup::Setup::threats`],
/// and the debris of those killed.
#[derive(Debug, Clone)]
pub struct Threats<'a> {
    threats: &'a [Threat],
    trajectories: &'a [Trajectory],
    glint: Vec<f64>,
    /// Per threat: [`rng::name_key`] of its name.
    keys: Vec<u64>,
    /// Per threat: whether its trajectory ends over an asset (only such a threat leaks).
    reaches_asset: Vec<bool>,
    fate: Vec<Fate>,
    changes: u64,
    positions: PositionCache,
    debris: Vec<Fragment>,
    /// Per fragment: whether it has reached the ground.
    landed: Vec<bool>,
    ground: Ground,
    /// Seed of the threats' debris streams (each threat draws from the stream of its key).
    debris_seed: u64,
}

impl<'a> Threats<'a> {
    /// The threats `threats` on their `trajectories` (same order), with the 1σ glint a
    /// seeker sees on each (m) and whether the end of each trajectory reaches an asset
    /// (`reaches_asset`), all waiting to appear. Killed, they leave debris falling to a
    /// smooth ground at the ellipsoid (see [`Threats::with_debris`]).
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
            keys: threats.iter().map(|t| rng::name_key(&t.name)).collect(),
            reaches_asset,
            fate: vec![Fate::Waiting; n],
            changes: 0,
            positions: PositionCache::new(n),
            debris: Vec::new(),
            landed: Vec::new(),
            ground: Ground::Smooth(0.0),
            debris_seed: 0,
        }
    }

    /// The same, with killed threats' debris falling to `ground` and their random spread
    /// drawn from streams seeded by `seed` (one per threat, by its name: the draws follow
    /// the threat wherever the scenario lists it).
    pub fn with_debris(mut self, ground: Ground, seed: u64) -> Self {
        self.ground = ground;
        self.debris_seed = seed;
        self
    }

    /// What object index `index` names.
    pub fn object(&self, index: usize) -> Object {
        let n = self.len();
        if index < n {
            Object::Threat(index)
        } else {
            Object::Debris(index - n)
        }
    }

    /// The object index of debris fragment `j`.
    pub fn debris_object(&self, j: usize) -> usize {
        self.len() + j
    }

    /// The threat an object is or came from (for a fragment, the threat it came from).
    pub fn origin(&self, index: usize) -> usize {
        match self.object(index) {
            Object::Threat(k) => k,
            Object::Debris(j) => self.debris[j].threat,
        }
    }

    /// Debris fragment `j`.
    pub fn fragment(&self, j: usize) -> &Fragment {
        &self.debris[j]
    }

    /// Every debris fragment made so far, in order.
    pub fn fragments(&self) -> &[Fragment] {
        &self.debris
    }

    /// Whether fragment `j` has reached the ground.
    pub fn landed(&self, j: usize) -> bool {
        self.landed[j]
    }

    /// The random-stream key of object `index` (a threat's name key; a fragment's own).
    pub fn key(&self, index: usize) -> u64 {
        match self.object(index) {
            Object::Threat(k) => self.keys[k],
            Object::Debris(j) => self.debris[j].key,
        }
    }

    /// The trajectory of object `index`.
    pub fn object_trajectory(&self, index: usize) -> &Trajectory {
        match self.object(index) {
            Object::Threat(k) => &self.trajectories[k],
            Object::Debris(j) => &self.debris[j].trajectory,
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

    /// Threat `k` is destroyed at `time` s: it leaves its debris where it was. Returns the
    /// new fragments' numbers (see [`Threats::fragment`]).
    pub fn kill(&mut self, k: usize, time: f64) -> std::ops::Range<usize> {
        self.fate[k] = Fate::Killed(time);
        self.changes += 1;
        let first = self.debris.len();
        let Some(state) = self.trajectories[k].state_at(time) else {
            return first..first;
        };
        let mut stream = rng::stream(self.debris_seed, 0, self.keys[k]);
        let made = fragments(
            &self.threats[k],
            k,
            self.keys[k],
            self.glint[k],
            &state,
            time,
            self.ground.clone(),
            &mut stream,
        );
        self.debris.extend(made);
        self.landed.resize(self.debris.len(), false);
        self.positions.grow(self.len() + self.debris.len());
        first..self.debris.len()
    }

    /// The fragments still falling whose fall ends by `t1` s reach the ground; appends
    /// `(fragment, landing time)` for each, in order.
    pub fn land(&mut self, t1: f64, landed: &mut Vec<(usize, f64)>) {
        for (j, f) in self.debris.iter().enumerate() {
            let end = f.trajectory.end_time();
            if self.landed[j] || end > t1 {
                continue;
            }
            self.landed[j] = true;
            self.changes += 1;
            landed.push((j, end));
        }
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

    /// The straight segments the objects in flight (threats, then debris still falling)
    /// follow over the step [`t0`, `t1`] s (clipped to their trajectories), in object
    /// order, replacing `out`'s contents.
    pub fn motions(&mut self, t0: f64, t1: f64, out: &mut Vec<ThreatMotionOverStep>) {
        out.clear();
        let n = self.len();
        for k in 0..n {
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
        for (j, f) in self.debris.iter().enumerate() {
            let tr = &f.trajectory;
            if self.landed[j] || tr.end_time() < t0 {
                continue;
            }
            let Some(a) = self.positions.at(tr, n + j, t0.max(tr.start_time())) else {
                continue;
            };
            let Some(b) = self.positions.at(tr, n + j, t1.min(tr.end_time())) else {
                continue;
            };
            out.push(ThreatMotionOverStep {
                index: n + j,
                position: [a, b],
                glint: f.glint,
            });
        }
    }

    /// The segments over the step [`t0`, `t1`] s of the fragments `made` (new this step,
    /// from a kill at their start time), for the missiles still to fly the step: from
    /// where their threat was at `t0` (`from`, ECEF m — the fragments continue its path) to
    /// where they are at `t1`.
    pub fn new_motions(
        &mut self,
        made: std::ops::Range<usize>,
        from: Vector3<f64>,
        t1: f64,
        out: &mut Vec<ThreatMotionOverStep>,
    ) {
        let n = self.len();
        for j in made {
            let f = &self.debris[j];
            let tr = &f.trajectory;
            let Some(b) = self.positions.at(tr, n + j, t1.min(tr.end_time())) else {
                continue;
            };
            out.push(ThreatMotionOverStep {
                index: n + j,
                position: [from, b],
                glint: f.glint,
            });
        }
    }

    /// The threat in flight nearest `point` (ECEF) at `t` s, if any (ties: the lowest
    /// index). Positions come through the per-object cache: many calls at one time
    /// evaluate each trajectory once.
    pub fn nearest_flying(&mut self, point: &Ecef, t: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for k in 0..self.len() {
            if self.fate[k] != Fate::Flying {
                continue;
            }
            let Some(p) = self.positions.at(&self.trajectories[k], k, t) else {
                continue;
            };
            let d = (p - point.0).norm();
            // `min_by` keeps the first of equal keys.
            if best.is_none_or(|(b, _)| d.total_cmp(&b).is_lt()) {
                best = Some((d, k));
            }
        }
        best.map(|(_, k)| k)
    }

    /// `(object index, ECEF position m)` of every object in flight at `t` s — threats,
    /// then debris still falling — in object order, replacing `out`'s contents.
    pub fn flying_positions(&mut self, t: f64, out: &mut Vec<(u64, Vector3<f64>)>) {
        out.clear();
        let n = self.len();
        for k in 0..n {
            if self.fate[k] != Fate::Flying {
                continue;
            }
            if let Some(p) = self.positions.at(&self.trajectories[k], k, t) {
                out.push((k as u64, p));
            }
        }
        for (j, f) in self.debris.iter().enumerate() {
            if self.landed[j] {
                continue;
            }
            if let Some(p) = self.positions.at(&f.trajectory, n + j, t) {
                out.push(((n + j) as u64, p));
            }
        }
    }

    /// The state of every threat in flight at `t` s, in index order.
    pub fn flying_states(&self, t: f64) -> impl Iterator<Item = (usize, TruthState)> + '_ {
        self.flying()
            .filter_map(move |k| self.trajectories[k].state_at(t).map(|s| (k, s)))
    }
}
