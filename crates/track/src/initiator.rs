//! Initiators: new tentative tracks from the detections no track took, and the M-of-N rule
//! that confirms or drops them.
//!
//! * [`SinglePointInitiator`] starts a tentative track on every free detection: position
//!   from the converted measurement, velocity from a zero-mean prior.
//! * [`TwoPointInitiator`] keeps free detections as seeds and starts a track only when a
//!   later free detection lies within the reach of a plausible speed
//!   (`v_min·dt − g σ ≤ |Δp| ≤ v_max·dt + g σ`, σ from both position covariances); pairs
//!   are chosen one-to-one by a small assignment. The tracker then starts the track from
//!   the seed (position, velocity prior), predicts it to the second detection and updates
//!   it there with its own filter, so the velocity is the prior-weighted difference of the
//!   two positions. Fewer tentative tracks in clutter, velocity known from the start.
//!
//! Both confirm a tentative track once it has `m` hits within its first `n` looks (the
//! looks include the initiating detections) **and** its track score has reached
//! `min_score`; they drop it as soon as that can no longer happen within `n` looks.
//!
//! The track score is the log-likelihood ratio "target" vs "clutter" of the track's
//! detections (Blackman & Popoli 1999, §6.2): each hit adds `ln(P_D N(z; ẑ, S) / λ)`,
//! each miss `ln(1 − P_D)`. It makes confirmation adapt to the clutter density λ: with
//! `min_score = ln(1/α)` a clutter-made track is confirmed with probability about α. The
//! default `min_score = −∞` is plain M-of-N.

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use crate::assign::{Edge, SparseAssignmentSolver};
use crate::state::Gaussian;

/// A free detection handed to an initiator, converted to the tracker frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreeDetection {
    /// Position, m (tracker ENU).
    pub position: Vector3<f64>,
    /// Position covariance, m² (tracker axes), linearised from the measurement noise.
    pub covariance: Matrix3<f64>,
    /// Index of the sensor that made it ([`crate::SensorId`]'s number).
    pub sensor: u32,
    /// Longest time it may wait as a seed, s (∞: the initiator's own limit alone).
    pub max_age: f64,
}

impl FreeDetection {
    /// A free detection of sensor 0 with no seed-age limit of its own.
    pub fn new(position: Vector3<f64>, covariance: Matrix3<f64>) -> Self {
        Self {
            position,
            covariance,
            sensor: 0,
            max_age: f64::INFINITY,
        }
    }
}

/// A new tentative track proposed by an initiator.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTrack {
    /// Position-velocity estimate at time `since`.
    pub kinematics: Gaussian<6>,
    /// Time of `kinematics`, s (≤ the batch time).
    pub since: f64,
    /// A free detection (index into the slice given to the initiator) the tracker is to
    /// update the new track with, after predicting it to the batch time.
    pub update_with: Option<usize>,
    /// Hits it represents (1 for a single point, 2 for a pair).
    pub hits: u32,
}

/// M-of-N confirmation: `m` hits within the first `n` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MOfN {
    /// Hits needed.
    pub m: u32,
    /// Looks allowed.
    pub n: u32,
}

/// What to do with a tentative track after a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// Promote to confirmed.
    Confirm,
    /// Keep tentative.
    Wait,
    /// Delete.
    Drop,
}

impl MOfN {
    /// The decision for a tentative track with `hits` hits in `looks` looks and track score
    /// `score`, given the score needed `min_score`.
    pub fn decide(&self, hits: u32, looks: u32, score: f64, min_score: f64) -> Confirmation {
        if hits >= self.m && score >= min_score {
            Confirmation::Confirm
        } else if looks.saturating_sub(hits) > self.n.saturating_sub(self.m) || looks >= self.n {
            Confirmation::Drop
        } else {
            Confirmation::Wait
        }
    }
}

/// Starts tentative tracks and decides their confirmation.
pub trait Initiator: Send {
    /// Proposes new tentative tracks at `time` (s) from the free detections of a batch.
    fn initiate(&mut self, time: f64, free: &[FreeDetection]) -> Vec<NewTrack>;
    /// The confirmation rule.
    fn rule(&self) -> MOfN;
    /// Track score needed for confirmation (natural log); `−∞` for plain M-of-N.
    fn min_score(&self) -> f64 {
        f64::NEG_INFINITY
    }
}

fn prior_cov(pos: &Matrix3<f64>, vel_sigma: &Vector3<f64>) -> SMatrix<f64, 6, 6> {
    let mut c = SMatrix::<f64, 6, 6>::zeros();
    c.fixed_view_mut::<3, 3>(0, 0).copy_from(pos);
    for a in 0..3 {
        c[(a + 3, a + 3)] = vel_sigma[a] * vel_sigma[a];
    }
    c
}

/// One tentative track per free detection (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct SinglePointInitiator {
    /// Prior standard deviation of the velocity per axis (e, n, u), m/s.
    pub velocity_sigma: Vector3<f64>,
    /// Confirmation rule.
    pub confirm: MOfN,
    /// Track score needed for confirmation (see the module documentation).
    pub min_score: f64,
}

impl SinglePointInitiator {
    /// An initiator with velocity prior sigma per axis (m/s) and plain M-of-N confirmation.
    pub fn new(velocity_sigma: Vector3<f64>, confirm: MOfN) -> Self {
        Self {
            velocity_sigma,
            confirm,
            min_score: f64::NEG_INFINITY,
        }
    }
}

/// Position from the detection, zero-mean velocity prior.
fn one_point(d: &FreeDetection, velocity_sigma: &Vector3<f64>) -> Gaussian<6> {
    let mut mean = SVector::<f64, 6>::zeros();
    mean.fixed_rows_mut::<3>(0).copy_from(&d.position);
    Gaussian::new(mean, prior_cov(&d.covariance, velocity_sigma))
}

impl Initiator for SinglePointInitiator {
    fn initiate(&mut self, time: f64, free: &[FreeDetection]) -> Vec<NewTrack> {
        free.iter()
            .map(|d| NewTrack {
                kinematics: one_point(d, &self.velocity_sigma),
                since: time,
                update_with: None,
                hits: 1,
            })
            .collect()
    }
    fn rule(&self) -> MOfN {
        self.confirm
    }
    fn min_score(&self) -> f64 {
        self.min_score
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Seed {
    time: f64,
    det: FreeDetection,
    /// Trace of `det.covariance` (used against every later batch), and its square root.
    trace: f64,
    sqrt_trace: f64,
}

impl Seed {
    fn new(time: f64, det: &FreeDetection) -> Self {
        Self {
            time,
            det: *det,
            trace: det.covariance.trace(),
            sqrt_trace: det.covariance.trace().sqrt(),
        }
    }
}

/// Tracks from pairs of free detections with a speed gate (see the module documentation).
#[derive(Debug, Clone)]
pub struct TwoPointInitiator {
    /// Largest plausible target speed, m/s.
    pub max_speed: f64,
    /// Smallest plausible target speed, m/s (0 to accept hovering targets).
    pub min_speed: f64,
    /// Gate width in standard deviations of the position difference.
    pub gate_sigmas: f64,
    /// Seeds older than this are forgotten, s.
    pub max_seed_age: f64,
    /// Prior standard deviation of the velocity per axis (e, n, u), m/s, combined with the
    /// two-point difference (use large values for a pure difference).
    pub velocity_sigma: Vector3<f64>,
    /// Confirmation rule (the pair counts as 2 hits in 2 looks).
    pub confirm: MOfN,
    /// Track score needed for confirmation (see the module documentation).
    pub min_score: f64,
    /// Whether a seed may pair with a detection of another sensor (default true). With
    /// sensors of very different revisit rates, `false` keeps the slow sensor's long-lived
    /// seeds from pairing with the fast sensor's false alarms.
    pub pair_across_sensors: bool,
    /// Waiting seeds, per group: one group per sensor when seeds pair only with their own
    /// sensor's detections (so a batch looks at its own sensor's seeds only), else one
    /// group (key `u32::MAX`) for all.
    groups: Vec<(u32, Vec<Seed>)>,
    solver: SparseAssignmentSolver,
}

impl TwoPointInitiator {
    /// An initiator with speed gate `[min_speed, max_speed]` m/s, velocity prior sigma per
    /// axis (m/s), and confirmation rule `confirm`. Seeds live 1.5 scan periods by default:
    /// set [`TwoPointInitiator::max_seed_age`].
    pub fn new(
        min_speed: f64,
        max_speed: f64,
        velocity_sigma: Vector3<f64>,
        confirm: MOfN,
    ) -> Self {
        Self {
            max_speed,
            min_speed,
            gate_sigmas: 3.0,
            max_seed_age: 1.5,
            velocity_sigma,
            confirm,
            min_score: f64::NEG_INFINITY,
            pair_across_sensors: true,
            groups: Vec::new(),
            solver: SparseAssignmentSolver::new(),
        }
    }

    /// Number of seeds waiting for a partner.
    pub fn seeds(&self) -> usize {
        self.groups.iter().map(|g| g.1.len()).sum()
    }

    /// Pairs `seeds` (one group) with the free detections `free` at `time`; unpaired
    /// detections become seeds of the group.
    fn pair(&mut self, seeds: &mut Vec<Seed>, time: f64, free: &[FreeDetection]) -> Vec<NewTrack> {
        let max_seed_age = self.max_seed_age;
        seeds.retain(|s| time - s.time <= max_seed_age.min(s.det.max_age) && time - s.time >= 0.0);
        if seeds.is_empty() || free.is_empty() {
            seeds.extend(free.iter().map(|d| Seed::new(time, d)));
            return Vec::new();
        }
        let edges = self.pair_edges(seeds, time, free);
        if edges.is_empty() {
            // No pair: every free detection becomes a seed (the common case in clutter,
            // and cheap: no assignment over all the waiting seeds).
            seeds.extend(free.iter().map(|d| Seed::new(time, d)));
            return Vec::new();
        }
        self.start_pairs(seeds, time, free, &edges)
    }

    /// The seed–detection pairs that pass the speed gate: `row` the seed, `col` the free
    /// detection, `cost` its distance over the gate's reach, minus 2 (shorter is better).
    fn pair_edges(&self, seeds: &[Seed], time: f64, free: &[FreeDetection]) -> Vec<Edge> {
        // spatial index of the free detections; a tree of a few points is scanned in
        // order (what its query does), so none is built for them
        let points = || {
            free.iter()
                .enumerate()
                .map(|(j, d)| ([d.position.x, d.position.y, d.position.z], j as u32))
        };
        let tree =
            (free.len() > crate::spatial::LEAF).then(|| crate::spatial::KdTree::new(points()));
        let max_trace = free
            .iter()
            .map(|d| d.covariance.trace())
            .fold(0.0, f64::max);
        let mut sensors: Vec<u32> = free.iter().map(|d| d.sensor).collect();
        sensors.sort_unstable();
        sensors.dedup();
        // When the free detections are scanned (a few), a seed whose box surely misses
        // them all is passed over without its reach: bounded without a square root
        // (√(a + b) ≤ √a + √b), with a margin far above rounding.
        let quick = tree.is_none() && self.gate_sigmas >= 0.0;
        let sqrt_max_trace = max_trace.sqrt();
        let mut edges = Vec::new();
        for (i, s) in seeds.iter().enumerate() {
            let dt = time - s.time;
            if dt <= 0.0 || (!self.pair_across_sensors && !sensors.contains(&s.det.sensor)) {
                continue;
            }
            if quick {
                let bound = (self.max_speed * dt
                    + self.gate_sigmas * (s.sqrt_trace + sqrt_max_trace))
                    * (1.0 + 1e-9)
                    + 1e-6;
                let p = &s.det.position;
                if free
                    .iter()
                    .all(|d| (0..3).any(|a| (d.position[a] - p[a]).abs() > bound))
                {
                    continue;
                }
            }
            let sigma = (s.trace + max_trace).max(0.0).sqrt();
            let reach = self.max_speed * dt + self.gate_sigmas * sigma;
            let p = s.det.position;
            let lo = [p.x - reach, p.y - reach, p.z - reach];
            let hi = [p.x + reach, p.y + reach, p.z + reach];
            let mut visit = |j: u32, _: &[f64; 3]| {
                let d = &free[j as usize];
                if !self.pair_across_sensors && d.sensor != s.det.sensor {
                    return;
                }
                let c = s.det.covariance + d.covariance;
                let sigma = c.trace().max(0.0).sqrt();
                let dist = (d.position - p).norm();
                let slack = self.gate_sigmas * sigma;
                let upper = self.max_speed * dt + slack;
                if dist <= upper && dist >= self.min_speed * dt - slack {
                    edges.push(Edge {
                        row: i as u32,
                        col: j,
                        cost: dist / upper - 2.0,
                    });
                }
            };
            match &tree {
                Some(tree) => tree.query_box(&lo, &hi, &mut visit),
                None => crate::spatial::scan_box(points(), &lo, &hi, &mut visit),
            }
        }
        edges
    }

    /// Assigns seeds to detections over the gated `edges` (least total cost): each pair
    /// starts a track; the paired seeds are dropped and the unpaired detections become
    /// seeds.
    fn start_pairs(
        &mut self,
        seeds: &mut Vec<Seed>,
        time: f64,
        free: &[FreeDetection],
        edges: &[Edge],
    ) -> Vec<NewTrack> {
        let mut out = Vec::new();
        let a = self.solver.solve(
            seeds.len(),
            free.len(),
            edges,
            &vec![0.0; seeds.len()],
            &vec![0.0; free.len()],
        );
        let mut seed_used = vec![false; seeds.len()];
        for (i, c) in a.col_of_row.iter().enumerate() {
            let Some(j) = c else { continue };
            seed_used[i] = true;
            let s = &seeds[i];
            out.push(NewTrack {
                kinematics: one_point(&s.det, &self.velocity_sigma),
                since: s.time,
                update_with: Some(*j as usize),
                hits: 2,
            });
        }
        let mut i = 0;
        seeds.retain(|_| {
            i += 1;
            !seed_used[i - 1]
        });
        for (j, d) in free.iter().enumerate() {
            if a.row_of_col[j].is_none() {
                seeds.push(Seed::new(time, d));
            }
        }
        out
    }

    /// The seeds of group `key`, taken out (put back with [`Self::put_group`]).
    fn take_group(&mut self, key: u32) -> Vec<Seed> {
        self.groups
            .iter_mut()
            .find(|g| g.0 == key)
            .map(|g| std::mem::take(&mut g.1))
            .unwrap_or_default()
    }

    fn put_group(&mut self, key: u32, seeds: Vec<Seed>) {
        match self.groups.iter_mut().find(|g| g.0 == key) {
            Some(g) => g.1 = seeds,
            None => self.groups.push((key, seeds)),
        }
    }
}

impl Initiator for TwoPointInitiator {
    fn initiate(&mut self, time: f64, free: &[FreeDetection]) -> Vec<NewTrack> {
        if self.pair_across_sensors {
            let mut seeds = self.take_group(u32::MAX);
            let out = self.pair(&mut seeds, time, free);
            self.put_group(u32::MAX, seeds);
            return out;
        }
        // Seeds pair only with their own sensor's detections: each sensor's seeds meet
        // its detections alone (a tracker's batch is one sensor's). A sensor's stale seeds
        // are dropped when it next reports: the age test is the same at use.
        let mut sensors: Vec<u32> = free.iter().map(|d| d.sensor).collect();
        sensors.sort_unstable();
        sensors.dedup();
        let mut out = Vec::new();
        for sensor in sensors {
            let index: Vec<usize> = (0..free.len())
                .filter(|&j| free[j].sensor == sensor)
                .collect();
            let mut seeds = self.take_group(sensor);
            let tracks = if index.len() == free.len() {
                self.pair(&mut seeds, time, free)
            } else {
                let mine: Vec<FreeDetection> = index.iter().map(|&j| free[j]).collect();
                let mut tracks = self.pair(&mut seeds, time, &mine);
                for t in &mut tracks {
                    t.update_with = t.update_with.map(|k| index[k]);
                }
                tracks
            };
            self.put_group(sensor, seeds);
            out.extend(tracks);
        }
        out
    }
    fn rule(&self) -> MOfN {
        self.confirm
    }
    fn min_score(&self) -> f64 {
        self.min_score
    }
}

impl<T: Initiator + ?Sized> Initiator for Box<T> {
    fn initiate(&mut self, time: f64, free: &[FreeDetection]) -> Vec<NewTrack> {
        (**self).initiate(time, free)
    }
    fn rule(&self) -> MOfN {
        (**self).rule()
    }
    fn min_score(&self) -> f64 {
        (**self).min_score()
    }
}
