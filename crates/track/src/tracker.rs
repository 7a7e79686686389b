//! The multi-target tracker: predictor + updater + hypothesiser + associator + initiator +
//! deleter, fed with time-ordered batches of detections from one or more sensors.
//!
//! Per batch (one sensor, one time):
//!
//! 1. every track is predicted to the batch time;
//! 2. the batch's detections are converted to tracker-frame positions and indexed
//!    ([`KdTree`]);
//! 3. confirmed and coasting tracks are gated ([`DistanceHypothesiser`]) and associated
//!    (the tracker's [`Associator`], GNN or JPDA) with all detections, then updated;
//! 4. tentative tracks are gated and associated (GNN) with the detections left over, then
//!    updated;
//! 5. the initiator proposes new tentative tracks from the detections still free;
//! 6. tentative tracks are confirmed or dropped by the M-of-N rule, confirmed tracks are
//!    deleted by the [`Deleter`]; confirmed tracks missed in this batch are *coasting*.
//!
//! With [`Tracker::process`] every batch is a look for every track: with several sensors,
//! M-of-N counts and miss counts are per batch. A scanning radar looks at each target at
//! its own beam time; [`Tracker::process_looked`] takes the sensor's answer, per track, to
//! "did this batch look where the track is predicted to be?" ([`Look`]): a track the batch
//! did not look at is neither predicted, gated against it nor charged a miss (its M-of-N
//! looks do not advance); a track it may have seen ([`Look::GateOnly`]) can be updated
//! but is not charged a miss. With [`Tracker::reach`] set, such a track is predicted and
//! gated only if a detection of the batch lies inside a box bounding the hypothesiser's
//! search from the track's last covariance ([`Reach`]); the others are left as with
//! [`Look::No`]. The associations are the same as gating every such track (a track left
//! out could have had no hypothesis); the estimates differ only in that a track left out
//! is predicted later in one step rather than in several (an IMM's mode mixing depends
//! on the steps), so the cost grows with the tracks near a batch, not with all of
//! them (`tests/reach.rs`).
//!
//! **Time order.** Batches must come in non-decreasing time. A batch older than the
//! tracker's time is rejected with [`TrackerError::OutOfOrder`] and counted in
//! [`TrackerStats::rejected_batches`]; nothing is changed. To fuse sensors whose reports
//! arrive late or shuffled, put a [`crate::fusion::LagBuffer`] in front: it holds batches
//! for a lag window and releases them in time order.
//!
//! Track ids: every track has an internal `uid`; a public [`TrackId`] is given when the
//! track is confirmed (0, 1, 2, … in confirmation order) and never reused.

use nalgebra::{Matrix3, SVector, Vector3};
use thiserror::Error;

use crate::associator::{Association, AssociationInput, Associator, Gnn, Outcome};
use crate::chi2::chi2_cdf;
use crate::deleter::Deleter;
use crate::filter::{Innovation, Predictor, Updater};
use crate::hypothesiser::{DistanceHypothesiser, GateInput, Hypothesis};
use crate::initiator::{Confirmation, FreeDetection, Initiator, NewTrack};
use crate::measurement::{MeasurementModel, Sensor, SensorId};
use crate::spatial::KdTree;
use crate::state::Estimate;

/// Public identity of a confirmed track; stable for the track's life, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TrackId(pub u64);

/// Life-cycle state of a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackStatus {
    /// Started, not yet confirmed; not reported.
    Tentative,
    /// Confirmed and updated in the latest look.
    Confirmed,
    /// Confirmed, missed in the latest look (predicted only).
    Coasting,
}

/// A track: its state estimate and its bookkeeping.
#[derive(Debug, Clone)]
pub struct Track<S> {
    /// Public id (confirmed tracks only).
    pub id: Option<TrackId>,
    /// Internal id, unique over the tracker's life.
    pub uid: u64,
    /// State estimate at [`Track::time`].
    pub state: S,
    /// Time of the state, s.
    pub time: f64,
    /// Life-cycle state.
    pub status: TrackStatus,
    /// Looks that updated the track (the initiating detections included).
    pub hits: u32,
    /// Looks since the track started (the initiating detections included).
    pub looks: u32,
    /// Consecutive looks without an update.
    pub consecutive_misses: u32,
    /// Time the track started, s.
    pub created: f64,
    /// Time of the last update, s.
    pub last_update: f64,
    /// Sensor of the last update.
    pub last_sensor: SensorId,
    /// Track score: log-likelihood ratio target vs clutter of the detections since the
    /// first one (see [`crate::initiator`]).
    pub score: f64,
}

impl<S> Track<S> {
    /// True for confirmed and coasting tracks (the ones a tracker reports).
    pub fn is_confirmed(&self) -> bool {
        self.status != TrackStatus::Tentative
    }

    fn hit(&mut self, time: f64, sensor: SensorId, score: f64) {
        self.last_sensor = sensor;
        self.score += score;
        self.hits += 1;
        self.looks += 1;
        self.consecutive_misses = 0;
        self.last_update = time;
        if self.status == TrackStatus::Coasting {
            self.status = TrackStatus::Confirmed;
        }
    }

    fn confirm(&mut self, id: TrackId) {
        self.status = if self.consecutive_misses == 0 {
            TrackStatus::Confirmed
        } else {
            TrackStatus::Coasting
        };
        self.id = Some(id);
    }

    fn miss(&mut self, score: f64) {
        self.score += score;
        self.looks += 1;
        self.consecutive_misses += 1;
        if self.status == TrackStatus::Confirmed {
            self.status = TrackStatus::Coasting;
        }
    }
}

/// What a batch did for one track (see [`Tracker::process_looked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// The sensor did not look there: the track is left alone.
    No,
    /// The track is gated and may be updated, but a miss is not charged (the batch is not
    /// a full look at it: e.g. detections near it from a beam that looks there anyway
    /// later in the same revisit).
    GateOnly,
    /// A look: the track is gated and updated, or charged a miss.
    Yes,
}

/// The detections of one sensor at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<const M: usize> {
    /// Time of the detections, s.
    pub time: f64,
    /// The sensor that made them.
    pub sensor: SensorId,
    /// Measurements, in the sensor model's units and order.
    pub detections: Vec<SVector<f64, M>>,
}

/// Why a batch was not processed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TrackerError {
    /// The batch names a sensor the tracker does not have.
    #[error("batch from unknown sensor {0:?}")]
    UnknownSensor(SensorId),
    /// The batch is older than the tracker's current time.
    #[error("batch at t = {time} s is older than the tracker time {tracker_time} s")]
    OutOfOrder {
        /// Batch time, s.
        time: f64,
        /// Tracker time, s.
        tracker_time: f64,
    },
    /// The batch time is NaN or infinite.
    #[error("batch time {0} is not finite")]
    BadTime(f64),
}

/// Counters kept by a tracker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackerStats {
    /// Batches processed.
    pub batches: u64,
    /// Batches rejected as out of order.
    pub rejected_batches: u64,
    /// Detections received in processed batches.
    pub detections: u64,
    /// Detections ignored as invalid (non-finite, non-positive range).
    pub invalid_detections: u64,
    /// Gated track–detection pairs evaluated (after the spatial-index prefilter).
    pub hypotheses: u64,
    /// Tentative tracks started.
    pub tracks_started: u64,
    /// Tracks confirmed.
    pub tracks_confirmed: u64,
    /// Confirmed tracks deleted.
    pub tracks_deleted: u64,
}

/// Per-batch working storage of a tracker, kept between batches so that a batch (nearly
/// always one detection, a few tracks near it) allocates little.
struct Scratch<Pred> {
    look: Vec<Look>,
    valid: Vec<bool>,
    xyz: Vec<Vector3<f64>>,
    /// Position covariance (sensor axes) of each valid detection, computed with its position.
    cov: Vec<Matrix3<f64>>,
    tree: KdTree,
    pred_of: Vec<u32>,
    preds: Vec<Pred>,
    looked: Vec<bool>,
    used: Vec<bool>,
    members: Vec<usize>,
    free_index: Vec<usize>,
    free: Vec<FreeDetection>,
    keep: Vec<bool>,
}

impl<Pred> Default for Scratch<Pred> {
    fn default() -> Self {
        Self {
            look: Vec::new(),
            valid: Vec::new(),
            xyz: Vec::new(),
            cov: Vec::new(),
            tree: KdTree::default(),
            pred_of: Vec::new(),
            preds: Vec::new(),
            looked: Vec::new(),
            used: Vec::new(),
            members: Vec::new(),
            free_index: Vec::new(),
            free: Vec::new(),
            keep: Vec::new(),
        }
    }
}

/// What a tracker keeps of each track between batches.
#[derive(Debug, Clone, Copy)]
struct Meta {
    /// True when the deleter kept the track after the batch that last changed it.
    /// Deleters are pure functions of the track, so an unchanged track need not be asked
    /// again.
    kept: bool,
    /// `state.position()` and `state.velocity()` of the track as it is (a mixture's are
    /// sums over its modes), for the look test of every batch.
    position: Vector3<f64>,
    velocity: Vector3<f64>,
    /// Bounds on the standard deviation of position and of velocity along any axis, m and
    /// m/s: the square roots of the traces of their (moment-matched) covariances.
    sigma_position: f64,
    sigma_velocity: f64,
}

impl Meta {
    fn of<S: Estimate>(state: &S) -> Self {
        let k = state.kinematics();
        let c = &k.covariance;
        let trace = |a: usize| (c[(a, a)] + c[(a + 1, a + 1)] + c[(a + 2, a + 2)]).max(0.0);
        Self {
            kept: false,
            position: state.position(),
            velocity: state.velocity(),
            sigma_position: trace(0).sqrt(),
            sigma_velocity: trace(3).sqrt(),
        }
    }

    /// Half-width of a box around the straight-line extrapolation `dt` s ahead that holds
    /// every detection the hypothesiser could gate with the track's prediction: the
    /// hypothesiser's own box, `box_margin · √(γ·(P + R)ᵢᵢ) + 1 m` about the predicted
    /// mean, bounded with `(P + R)ᵢᵢ ≤ (σₚ + σᵥ·dt)² + q·dt³/3 + r²`, widened by how far the
    /// predicted mean can leave the straight line (`½·a·dt²`) and 1 % for the models'
    /// small nonlinearities. `r2` bounds the measurement noise variance along any axis.
    fn reach(&self, dt: f64, r2: f64, gate: f64, box_margin: f64, bound: &Reach) -> f64 {
        let dt = dt.max(0.0);
        let s = self.sigma_position + self.sigma_velocity * dt;
        let var = s * s + bound.process_noise * dt * dt * dt / 3.0 + r2;
        1.01 * ((gate * var).sqrt() * box_margin + 1.0) + 0.5 * bound.acceleration * dt * dt
    }
}

/// What bounds a prediction's spread, for the tracker to leave alone the tracks of a
/// [`Look::GateOnly`] batch that no detection can reach (see [`Tracker::reach`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// The largest white-acceleration intensity of the predictor's models, m²/s³.
    pub process_noise: f64,
    /// The largest acceleration by which a model's predicted mean leaves the straight
    /// line (gravity for a ballistic model), m/s².
    pub acceleration: f64,
}

/// A multi-target tracker (see the module documentation).
///
/// `P::State` must equal `U::State`: a predictor and an updater for different state
/// spaces cannot be combined.
///
/// See the crate documentation for combinations that do not compile.
pub struct Tracker<P, U, A, I, D, const M: usize>
where
    P: Predictor,
    U: Updater<M, State = P::State>,
{
    /// Moves tracks forward in time.
    pub predictor: P,
    /// Predicts measurements and updates tracks.
    pub updater: U,
    /// Gates track–detection pairs.
    pub hypothesiser: DistanceHypothesiser,
    /// Associates confirmed tracks.
    pub associator: A,
    /// Starts and confirms tracks.
    pub initiator: I,
    /// Deletes confirmed tracks. A track it kept is asked again only once a batch looked
    /// at it (see [`Deleter`]: its answer depends on the track alone); after changing the
    /// deleter, call [`Tracker::recheck_deletion`].
    pub deleter: D,
    sensors: Vec<Sensor<U::Model>>,
    tracks: Vec<Track<P::State>>,
    time: Option<f64>,
    next_uid: u64,
    next_id: u64,
    stats: TrackerStats,
    tentative_associator: Gnn,
    hyps: Vec<Hypothesis>,
    updates: Vec<(u32, u64)>,
    /// Per track (parallel to `tracks`): what is kept of it between batches.
    meta: Vec<Meta>,
    /// Per track (parallel to `tracks`): see [`Tracker::revisions`].
    revisions: Vec<u64>,
    /// `(gate, chi2_cdf(gate, M))` of the last batch: the gate probability is a pure
    /// function of the gate, which rarely changes.
    p_gate: Option<(u64, f64)>,
    scratch: Scratch<U::Prediction>,
    /// A tentative track not updated for longer than this is dropped, s (default: never;
    /// with [`Tracker::process_looked`] a tentative track that no batch looks at any more
    /// would otherwise stay forever).
    pub tentative_timeout: f64,
    /// A confirmed track not updated for longer than this (batch time minus its last
    /// update) is deleted, s (default: never). Unlike [`crate::CoastTimeDeleter`] it also
    /// works for tracks that [`Tracker::process_looked`] leaves unpredicted.
    pub max_coast_time: f64,
    /// When set, a track a batch looks at with [`Look::GateOnly`] is left alone (as with
    /// [`Look::No`]) when no detection of the batch lies within the box the hypothesiser
    /// could search for it, bounded from its last state ([`Reach`]): such a track would
    /// have had no hypothesis, so no association changes; it is predicted later, in one
    /// step instead of several. `None` (the default): every such track is predicted and
    /// gated.
    pub reach: Option<Reach>,
}

impl<P, U, A, I, D, const M: usize> Tracker<P, U, A, I, D, M>
where
    P: Predictor,
    U: Updater<M, State = P::State>,
    A: Associator,
    I: Initiator,
    D: Deleter,
{
    /// A tracker with no sensor and no track.
    pub fn new(
        predictor: P,
        updater: U,
        hypothesiser: DistanceHypothesiser,
        associator: A,
        initiator: I,
        deleter: D,
    ) -> Self {
        Self {
            predictor,
            updater,
            hypothesiser,
            associator,
            initiator,
            deleter,
            sensors: Vec::new(),
            tracks: Vec::new(),
            time: None,
            next_uid: 0,
            next_id: 0,
            stats: TrackerStats::default(),
            tentative_associator: Gnn::new(),
            hyps: Vec::new(),
            updates: Vec::new(),
            meta: Vec::new(),
            revisions: Vec::new(),
            p_gate: None,
            scratch: Scratch::default(),
            tentative_timeout: f64::INFINITY,
            max_coast_time: f64::INFINITY,
            reach: None,
        }
    }

    /// Adds a sensor; batches refer to it by the returned id.
    pub fn add_sensor(&mut self, sensor: Sensor<U::Model>) -> SensorId {
        self.sensors.push(sensor);
        SensorId(self.sensors.len() as u32 - 1)
    }

    /// The sensors, indexed by [`SensorId`].
    pub fn sensors(&self) -> &[Sensor<U::Model>] {
        &self.sensors
    }

    /// A sensor, to change its noise, Pd or clutter density between batches (e.g. a radar
    /// whose accuracy depends on each look's SNR).
    pub fn sensor_mut(&mut self, id: SensorId) -> Option<&mut Sensor<U::Model>> {
        self.sensors.get_mut(id.0 as usize)
    }

    /// All tracks, tentative ones included, in creation order.
    pub fn tracks(&self) -> &[Track<P::State>] {
        &self.tracks
    }

    /// Confirmed and coasting tracks, in creation order.
    pub fn confirmed(&self) -> impl Iterator<Item = &Track<P::State>> {
        self.tracks.iter().filter(|t| t.is_confirmed())
    }

    /// Per track (parallel to [`Tracker::tracks`]): the number of the last batch
    /// ([`TrackerStats::batches`] then) that may have changed it. A track whose revision is
    /// the same as before is unchanged, so a user converting tracks need convert only the
    /// others.
    pub fn revisions(&self) -> &[u64] {
        &self.revisions
    }

    /// Has the deleter look at every confirmed track again after the next batch (to be
    /// called after changing [`Tracker::deleter`]; otherwise a track it kept is asked
    /// again only once a batch looks at it).
    pub fn recheck_deletion(&mut self) {
        for m in &mut self.meta {
            m.kept = false;
        }
    }

    /// Time of the last processed batch, s.
    pub fn time(&self) -> Option<f64> {
        self.time
    }

    /// Counters.
    pub fn stats(&self) -> &TrackerStats {
        &self.stats
    }

    /// What the last processed batch did with its detections: `(detection index in the
    /// batch, uid of the track it updated)`, in no particular order; a track started with an
    /// update ([`crate::initiator::NewTrack::update_with`], a two-point start) counts. A
    /// PDA-updated track names its most probable detection. Empty after a rejected batch.
    /// With it, several trackers fed the same detections can tell which of their tracks
    /// hold the same report.
    pub fn last_updates(&self) -> &[(u32, u64)] {
        &self.updates
    }

    /// Processes one batch (see the module documentation); every track counts as looked at.
    pub fn process(&mut self, batch: &Batch<M>) -> Result<(), TrackerError> {
        self.process_looked(batch, |_, _| Look::Yes)
    }

    /// Processes one batch whose sensor looked only where `looked` says: it is given each
    /// track (as before this batch) and its position extrapolated along its velocity to the batch time (tracker ENU, m)
    /// and answers with a [`Look`]. Tracks with [`Look::No`] are not predicted (their state
    /// stays at their own time), gated, updated nor charged a miss; tracks with
    /// [`Look::GateOnly`] are not charged a miss.
    pub fn process_looked(
        &mut self,
        batch: &Batch<M>,
        looked: impl Fn(&Track<P::State>, &Vector3<f64>) -> Look,
    ) -> Result<(), TrackerError> {
        self.updates.clear();
        self.accept(batch)?;
        let revision = self.stats.batches;
        self.judge_looks(batch.time, looked);
        // detections in the tracker frame, indexed
        self.measure(batch);
        self.out_of_reach(batch);
        // 1. predict (the tracks looked at; the others are predicted when next looked at)
        self.predict(batch.time, revision);
        let scores = self.scores(batch.sensor);
        // 2. confirmed tracks, 3. tentative tracks: hypothesise, associate, update
        self.associate_and_update(batch, &scores);
        // the tracks looked at may have changed: their kinematics again
        for ((t, l), m) in self
            .tracks
            .iter()
            .zip(&self.scratch.look)
            .zip(&mut self.meta)
        {
            if *l != Look::No {
                *m = Meta::of(&t.state);
            }
        }
        // 5. initiation (from sensors allowed to start tracks)
        self.initiate(batch, &scores, revision);
        // 6. confirmation and deletion
        self.confirm_and_delete(batch.time, revision);
        Ok(())
    }

    /// Checks a batch (finite time, known sensor, time order) and moves the tracker's clock
    /// and counters to it; a rejected batch changes nothing but the rejection count.
    fn accept(&mut self, batch: &Batch<M>) -> Result<(), TrackerError> {
        let time = batch.time;
        if !time.is_finite() {
            self.stats.rejected_batches += 1;
            return Err(TrackerError::BadTime(time));
        }
        if self.sensors.get(batch.sensor.0 as usize).is_none() {
            self.stats.rejected_batches += 1;
            return Err(TrackerError::UnknownSensor(batch.sensor));
        }
        if let Some(t) = self.time
            && time < t
        {
            self.stats.rejected_batches += 1;
            return Err(TrackerError::OutOfOrder {
                time,
                tracker_time: t,
            });
        }
        self.time = Some(time);
        self.stats.batches += 1;
        self.stats.detections += batch.detections.len() as u64;
        Ok(())
    }

    /// Which tracks the batch looked at (into `scratch.look`): judged on the straight-line
    /// extrapolation of each track to the batch time (cheap; the filter's prediction
    /// follows for these).
    fn judge_looks(&mut self, time: f64, looked: impl Fn(&Track<P::State>, &Vector3<f64>) -> Look) {
        let look = &mut self.scratch.look;
        look.clear();
        look.extend(
            self.tracks
                .iter()
                .zip(&self.meta)
                .map(|(t, m)| looked(t, &(m.position + m.velocity * (time - t.time)))),
        );
    }

    /// With [`Tracker::reach`] set: the tracks of [`Look::GateOnly`] that no valid
    /// detection of the batch can reach (see [`Meta::reach`]) are not looked at.
    fn out_of_reach(&mut self, batch: &Batch<M>) {
        let Some(bound) = self.reach else {
            return;
        };
        let sc = &mut self.scratch;
        // The largest measurement variance along any axis: bounded by the trace.
        let r2 = sc
            .cov
            .iter()
            .zip(&sc.valid)
            .filter(|(_, ok)| **ok)
            .map(|(c, _)| c.trace())
            .fold(0.0f64, f64::max);
        let (gate, margin) = (self.hypothesiser.gate, self.hypothesiser.box_margin);
        for ((t, m), l) in self.tracks.iter().zip(&self.meta).zip(&mut sc.look) {
            if *l != Look::GateOnly {
                continue;
            }
            let dt = batch.time - t.time;
            let h = m.reach(dt, r2, gate, margin, &bound);
            let c = m.position + m.velocity * dt.max(0.0);
            let mut any = false;
            if h.is_finite() && c.iter().all(|x| x.is_finite()) {
                let lo = [c.x - h, c.y - h, c.z - h];
                let hi = [c.x + h, c.y + h, c.z + h];
                sc.tree.query_box(&lo, &hi, &mut |_, _| any = true);
            } else {
                any = true;
            }
            if !any {
                *l = Look::No;
            }
        }
    }

    /// Predicts the tracks looked at to the batch time `time` (s); marks them revised in
    /// batch `revision` and to be shown to the deleter again.
    fn predict(&mut self, time: f64, revision: u64) {
        for (((t, l), m), rev) in self
            .tracks
            .iter_mut()
            .zip(&self.scratch.look)
            .zip(&mut self.meta)
            .zip(&mut self.revisions)
        {
            if *l == Look::No {
                continue;
            }
            // a track looked at may change: the deleter must see it again
            m.kept = false;
            *rev = revision;
            let dt = time - t.time;
            if dt > 0.0 {
                t.state = self.predictor.predict(&t.state, dt);
                t.time = time;
            }
        }
    }

    /// The batch's detections in the tracker frame (`scratch.valid`, `xyz`, `cov`), the
    /// valid ones indexed in `scratch.tree`.
    fn measure(&mut self, batch: &Batch<M>) {
        let sensor = &self.sensors[batch.sensor.0 as usize];
        let sc = &mut self.scratch;
        let dets = &batch.detections;
        sc.valid.clear();
        sc.valid
            .extend(dets.iter().map(|z| sensor.model.is_valid(z)));
        let valid = &sc.valid;
        sc.xyz.clear();
        sc.cov.clear();
        for (z, ok) in dets.iter().zip(valid) {
            if *ok {
                let (p, c) = sensor.model.position_and_covariance(z);
                sc.xyz.push(sensor.to_tracker(&p));
                sc.cov.push(c);
            } else {
                sc.xyz.push(Vector3::repeat(f64::NAN));
                sc.cov.push(Matrix3::repeat(f64::NAN));
            }
        }
        let xyz = &sc.xyz;
        self.stats.invalid_detections += valid.iter().filter(|v| !**v).count() as u64;
        sc.tree.rebuild(
            xyz.iter()
                .enumerate()
                .filter(|(j, _)| valid[*j])
                .map(|(j, p)| ([p.x, p.y, p.z], j as u32)),
        );
    }

    /// The batch's scoring constants for `sensor` (the gate probability cached per gate).
    fn scores(&mut self, sensor: SensorId) -> Scores {
        let sensor = &self.sensors[sensor.0 as usize];
        let pd = sensor.detection_probability.clamp(1e-9, 1.0 - 1e-9);
        let lambda = sensor.clutter_density.max(1e-300);
        let gate = self.hypothesiser.gate;
        let p_gate = match self.p_gate {
            Some((g, p)) if g == gate.to_bits() => p,
            _ => {
                let p = chi2_cdf(gate, M);
                self.p_gate = Some((gate.to_bits(), p));
                p
            }
        };
        Scores {
            pd,
            lambda,
            p_gate,
            miss: (1.0 - pd).ln(),
        }
    }

    /// Steps 3 and 4: the confirmed tracks, then the tentative ones with the detections
    /// left over, are gated, associated and updated; a track looked at (`Look::Yes`) and
    /// not updated is charged a miss. Detections claimed end in `scratch.used`.
    fn associate_and_update(&mut self, batch: &Batch<M>, scores: &Scores) {
        let n_detections = batch.detections.len();
        self.scratch.used.clear();
        self.scratch.used.resize(n_detections, false);
        if n_detections == 0 {
            // No detection: every track looked at is missed, whatever its prediction or
            // the associator (nothing to gate, nothing to associate).
            for (t, l) in self.tracks.iter_mut().zip(&self.scratch.look) {
                if *l == Look::Yes {
                    t.miss(scores.miss);
                }
            }
            return;
        }
        self.predict_measurements(batch.sensor);
        self.scratch.looked.clear();
        self.scratch.looked.resize(self.tracks.len(), false);
        for stage in [Stage::Confirmed, Stage::Tentative] {
            let members = &mut self.scratch.members;
            let pred_of = &self.scratch.pred_of;
            members.clear();
            members.extend((0..self.tracks.len()).filter(|&i| {
                pred_of[i] != NO_PREDICTION
                    && (self.tracks[i].status == TrackStatus::Tentative)
                        == (stage == Stage::Tentative)
            }));
            if members.is_empty() {
                continue;
            }
            self.hypothesise(stage, batch);
            let outcomes = self.associate(stage, n_detections, scores);
            for (k, outcome) in outcomes.iter().enumerate() {
                let i = self.scratch.members[k];
                self.scratch.looked[i] = true;
                self.update(i, outcome, batch, scores);
            }
        }
        let sc = &self.scratch;
        for (i, t) in self.tracks.iter_mut().enumerate() {
            if !sc.looked[i] && sc.look[i] == Look::Yes {
                t.miss(scores.miss);
            }
        }
    }

    /// Measurement predictions of the tracks looked at only (`scratch.pred_of[i]` indexes
    /// `scratch.preds`, [`NO_PREDICTION`] for none).
    fn predict_measurements(&mut self, sensor: SensorId) {
        let sensor = &self.sensors[sensor.0 as usize];
        let sc = &mut self.scratch;
        sc.pred_of.clear();
        sc.pred_of.resize(self.tracks.len(), NO_PREDICTION);
        sc.preds.clear();
        for (i, t) in self.tracks.iter().enumerate() {
            if sc.look[i] != Look::No
                && let Some(p) = self.updater.predict_measurement(&t.state, sensor)
            {
                sc.pred_of[i] = sc.preds.len() as u32;
                sc.preds.push(p);
            }
        }
    }

    /// Gates the tracks of `scratch.members` against the batch's detections (into
    /// `hyps`); tentative tracks only against the detections not yet used.
    fn hypothesise(&mut self, stage: Stage, batch: &Batch<M>) {
        let sensor = &self.sensors[batch.sensor.0 as usize];
        let sc = &self.scratch;
        let gate_inputs: Vec<GateInput<'_, U::Prediction>> = sc
            .members
            .iter()
            .map(|&i| {
                let pred = &sc.preds[sc.pred_of[i] as usize];
                let st = &self.tracks[i].state;
                let noise = sensor
                    .covariance_to_tracker(&sensor.model.position_covariance(pred.predicted()));
                GateInput {
                    prediction: pred,
                    position: st.position(),
                    search_covariance: st.position_covariance() + noise,
                }
            })
            .collect();
        self.hyps.clear();
        self.hypothesiser
            .hypothesise(&gate_inputs, &batch.detections, &sc.tree, &mut self.hyps);
        if stage == Stage::Tentative {
            self.hyps.retain(|h| !sc.used[h.detection as usize]);
        }
        self.stats.hypotheses += self.hyps.len() as u64;
    }

    /// Associates the hypotheses of `scratch.members` (confirmed tracks with the tracker's
    /// associator, tentative ones by GNN); adds the detections claimed to `scratch.used`
    /// and returns one outcome per member.
    fn associate(&mut self, stage: Stage, n_detections: usize, scores: &Scores) -> Vec<Outcome> {
        let input = AssociationInput {
            n_tracks: self.scratch.members.len(),
            n_detections,
            hypotheses: &self.hyps,
            detection_probability: scores.pd,
            gate_probability: scores.p_gate,
            clutter_density: scores.lambda,
        };
        let Association { outcomes, used } = match stage {
            Stage::Confirmed => self.associator.associate(&input),
            Stage::Tentative => self.tentative_associator.associate(&input),
        };
        for (j, flag) in used.iter().enumerate() {
            self.scratch.used[j] |= *flag;
        }
        outcomes
    }

    /// Updates track `i` with its association `outcome`, or charges it a miss if the batch
    /// was a full look at it.
    fn update(&mut self, i: usize, outcome: &Outcome, batch: &Batch<M>, scores: &Scores) {
        let charge = self.scratch.look[i] == Look::Yes;
        let pred = &self.scratch.preds[self.scratch.pred_of[i] as usize];
        let t = &mut self.tracks[i];
        match outcome {
            Outcome::Missed => {
                if charge {
                    t.miss(scores.miss);
                }
            }
            Outcome::Detection(j) => {
                let z = &batch.detections[*j as usize];
                let s = scores.hit(pred.log_likelihood(z));
                t.state = self.updater.update(&t.state, pred, z);
                t.hit(batch.time, batch.sensor, s);
                self.updates.push((*j, t.uid));
            }
            Outcome::Weighted { detections, .. } if detections.is_empty() => {
                if charge {
                    t.miss(scores.miss);
                }
            }
            Outcome::Weighted { miss, detections } => {
                self.update_pda(i, *miss, detections, batch, scores);
            }
        }
    }

    /// PDA update of track `i` with the gated `detections` (`(batch index, probability)`,
    /// not empty) and the probability `miss` that none is the track's: a hit if `miss` is
    /// below one half, else a miss if the batch was a full look at it.
    fn update_pda(
        &mut self,
        i: usize,
        miss: f64,
        detections: &[(u32, f64)],
        batch: &Batch<M>,
        scores: &Scores,
    ) {
        let charge = self.scratch.look[i] == Look::Yes;
        let pred = &self.scratch.preds[self.scratch.pred_of[i] as usize];
        let t = &mut self.tracks[i];
        let w: Vec<(f64, SVector<f64, M>)> = detections
            .iter()
            .map(|(j, b)| (*b, batch.detections[*j as usize]))
            .collect();
        // PDA likelihood ratio of the gated set
        let lr: f64 = w
            .iter()
            .map(|(_, z)| scores.hit(pred.log_likelihood(z)).exp())
            .sum();
        let s = (1.0 - scores.pd * scores.p_gate + lr).ln();
        t.state = self.updater.update_pda(&t.state, pred, miss, &w);
        if miss < 0.5 {
            t.hit(batch.time, batch.sensor, s);
            if let Some((j, _)) = detections.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
                self.updates.push((*j, t.uid));
            }
        } else if charge {
            t.miss(s);
        }
    }

    /// Step 5: the initiator is given the valid detections no track used (if the sensor
    /// may start tracks) and the tentative tracks it proposes are started.
    fn initiate(&mut self, batch: &Batch<M>, scores: &Scores, revision: u64) {
        let sensor = &self.sensors[batch.sensor.0 as usize];
        let sc = &mut self.scratch;
        sc.free_index.clear();
        if sensor.initiates {
            sc.free_index
                .extend((0..batch.detections.len()).filter(|&j| sc.valid[j] && !sc.used[j]));
        }
        sc.free.clear();
        sc.free.extend(sc.free_index.iter().map(|&j| FreeDetection {
            position: sc.xyz[j],
            covariance: sensor.covariance_to_tracker(&sc.cov[j]),
            sensor: batch.sensor.0,
            max_age: sensor.max_seed_age,
        }));
        for nt in self.initiator.initiate(batch.time, &self.scratch.free) {
            self.start_track(nt, batch, scores, revision);
        }
    }

    /// Starts a tentative track from the initiator's proposal `nt`, predicted to the batch
    /// time and, for a two-point start, updated with its detection.
    fn start_track(&mut self, nt: NewTrack, batch: &Batch<M>, scores: &Scores, revision: u64) {
        let time = batch.time;
        let mut state = self.predictor.initiate(&nt.kinematics);
        let mut score = 0.0;
        if nt.since < time {
            state = self.predictor.predict(&state, time - nt.since);
        }
        if let Some(k) = nt.update_with {
            let j = self.scratch.free_index[k];
            let z = &batch.detections[j];
            let sensor = &self.sensors[batch.sensor.0 as usize];
            let Some(pred) = self.updater.predict_measurement(&state, sensor) else {
                return;
            };
            score += scores.hit(pred.log_likelihood(z));
            state = self.updater.update(&state, &pred, z);
            self.updates.push((j as u32, self.next_uid));
        }
        self.meta.push(Meta::of(&state));
        self.tracks.push(Track {
            id: None,
            uid: self.next_uid,
            state,
            time,
            status: TrackStatus::Tentative,
            hits: nt.hits,
            looks: nt.hits,
            consecutive_misses: 0,
            created: time,
            last_update: time,
            last_sensor: batch.sensor,
            score,
        });
        self.revisions.push(revision);
        self.next_uid += 1;
        self.stats.tracks_started += 1;
    }

    /// Step 6: tentative tracks are confirmed, kept waiting or dropped (M-of-N rule, score,
    /// timeout); confirmed tracks are deleted by the deleter or the coast limit.
    fn confirm_and_delete(&mut self, time: f64, revision: u64) {
        let rule = self.initiator.rule();
        let min_score = self.initiator.min_score();
        let tentative_timeout = self.tentative_timeout;
        let keep = &mut self.scratch.keep;
        keep.clear();
        for ((t, m), rev) in self
            .tracks
            .iter_mut()
            .zip(&mut self.meta)
            .zip(&mut self.revisions)
        {
            let k = if t.status == TrackStatus::Tentative {
                let timeout = self
                    .sensors
                    .get(t.last_sensor.0 as usize)
                    .map_or(tentative_timeout, |s| {
                        s.tentative_timeout.min(tentative_timeout)
                    });
                let fate = if time - t.last_update > timeout {
                    Confirmation::Drop
                } else {
                    rule.decide(t.hits, t.looks, t.score, min_score)
                };
                if fate == Confirmation::Confirm {
                    t.confirm(TrackId(self.next_id));
                    *rev = revision;
                    self.next_id += 1;
                    self.stats.tracks_confirmed += 1;
                }
                fate != Confirmation::Drop
            } else if (!m.kept && self.deleter.delete(t))
                || time - t.last_update > self.max_coast_time
            {
                self.stats.tracks_deleted += 1;
                false
            } else {
                // confirmed and kept: unchanged, it stays kept until looked at again
                m.kept = true;
                true
            };
            keep.push(k);
        }
        let keep = &self.scratch.keep;
        let mut k = 0;
        self.tracks.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        let mut k = 0;
        self.meta.retain(|_| {
            k += 1;
            keep[k - 1]
        });
        let mut k = 0;
        self.revisions.retain(|_| {
            k += 1;
            keep[k - 1]
        });
    }
}

/// `pred_of` of a track without a measurement prediction in this batch.
const NO_PREDICTION: u32 = u32::MAX;

/// The two association passes of a batch: confirmed (and coasting) tracks first, then
/// tentative tracks with the detections left over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Confirmed,
    Tentative,
}

/// Scoring constants of one batch (see [`crate::initiator`] for the track score).
#[derive(Debug, Clone, Copy)]
struct Scores {
    /// Detection probability, clamped away from 0 and 1.
    pd: f64,
    /// Clutter density, kept positive.
    lambda: f64,
    /// Probability that a target's detection falls inside the gate.
    p_gate: f64,
    /// Score of a miss, ln(1 − Pd).
    miss: f64,
}

impl Scores {
    /// Score of a hit whose measurement log-likelihood is `ll`.
    fn hit(&self, ll: f64) -> f64 {
        self.pd.ln() + ll - self.lambda.ln()
    }
}
