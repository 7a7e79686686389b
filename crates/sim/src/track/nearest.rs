//! The first tracker model.
//!
//! First model ([`NearestNeighbourTracker`]): a nearly-constant-velocity Kalman filter in
//! ECEF on converted measurements (polar → Cartesian with the linearised covariance),
//! greedy nearest-neighbour association inside a χ² gate (confirmed tracks before
//! tentative ones), initiation from an unassociated
//! measurement, confirmation on the third hit, deletion after a coast time without
//! updates. Issue 4 replaces it with the `iadsim-track` library (EKF/UKF/IMM, GNN/JPDA).

use iadsim_core::LocalFrame;
use nalgebra::{Matrix3, Matrix6, Vector3, Vector6};

use super::kalman::{H_POS, converted, enu_to_ecef, position_update, predict_cv};
use super::tracker::{Track, TrackChanges, TrackStatus, Tracker};
use crate::sense::measurement::Measurement;

/// Settings of the first tracker model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearestNeighbourSettings {
    /// White-noise acceleration intensity per axis, m²/s³.
    pub process_noise: f64,
    /// χ² gate on the 3-D innovation (13.8 ≈ 99.7 %).
    pub gate: f64,
    /// Hits needed to confirm.
    pub confirm_hits: u32,
    /// Initial velocity standard deviation of a new track, m/s.
    pub initial_velocity_sigma: f64,
    /// A tentative track is dropped after this long without an update, s.
    pub tentative_timeout: f64,
    /// A confirmed track is dropped after this long without an update, s.
    pub coast_timeout: f64,
}

/// The track a plot goes to so far: its index, rank (tentative?, Mahalanobis distance²:
/// lower is better), prediction to the plot's time and inverse innovation covariance.
struct Choice {
    track: usize,
    rank: (bool, f64),
    pred: Track,
    inv: Matrix3<f64>,
}

/// The first tracker model (see the module docs).
#[derive(Debug, Clone)]
pub struct NearestNeighbourTracker {
    settings: NearestNeighbourSettings,
    frames: Vec<LocalFrame>,
    /// Per frame, the rotation taking ENU axes to ECEF axes (columns: east, north, up),
    /// built once rather than for every measurement.
    enu_to_ecef: Vec<Matrix3<f64>>,
    tracks: Vec<Track>,
    next_id: u64,
}

impl NearestNeighbourTracker {
    /// A tracker fed by radars at `frames` (indexed by [`Measurement::radar`]).
    pub fn new(settings: NearestNeighbourSettings, frames: Vec<LocalFrame>) -> Self {
        let enu_to_ecef = frames.iter().map(enu_to_ecef).collect();
        Self {
            settings,
            frames,
            enu_to_ecef,
            tracks: Vec::new(),
            next_id: 0,
        }
    }

    /// The measurement as an ECEF position with its covariance (linearised polar errors).
    fn to_cartesian(&self, m: &Measurement) -> (Vector3<f64>, Matrix3<f64>) {
        converted(&self.frames[m.radar], &self.enu_to_ecef[m.radar], m)
    }

    /// Whether `track` predicted to `t` surely fails the gate for a measurement at `z`
    /// (ECEF, m) of covariance `r`, told without the prediction: the Mahalanobis distance
    /// y'S⁻¹y is at least |y|²/λmax(S) ≥ |y|²/tr(S), and the trace of the predicted
    /// position block has a closed form. A factor 4 covers rounding, so a track this test
    /// passes over is one the full gate rejects too; most tracks are far from a
    /// measurement, and this spares their 6×6 prediction and 3×3 inverse.
    fn surely_outside_gate(
        settings: &NearestNeighbourSettings,
        track: &Track,
        t: f64,
        z: &Vector3<f64>,
        r: &Matrix3<f64>,
    ) -> bool {
        let dt = (t - track.time).max(0.0);
        let p = &track.covariance;
        let mut trace = r.trace();
        let mut miss2 = 0.0;
        for i in 0..3 {
            trace += p[(i, i)]
                + 2.0 * dt * p[(i, i + 3)]
                + dt * dt * p[(i + 3, i + 3)]
                + settings.process_noise * dt.powi(3) / 3.0;
            let y = z[i] - (track.state[i] + track.state[i + 3] * dt);
            miss2 += y * y;
        }
        trace > 0.0 && miss2 > 4.0 * settings.gate * trace
    }

    fn predict(settings: &NearestNeighbourSettings, track: &Track, t: f64) -> Track {
        predict_cv(settings.process_noise, track, t)
    }

    /// The track of `candidates` a plot at `z` (ECEF, m; covariance `r`) at time `t` s
    /// goes to: the nearest in Mahalanobis distance inside the gate, a confirmed track
    /// before any tentative one; ties go to the older track so results don't depend on
    /// float noise in ordering. `None`: no track gates it.
    fn choose(
        &self,
        candidates: &[usize],
        t: f64,
        z: &Vector3<f64>,
        r: &Matrix3<f64>,
    ) -> Option<Choice> {
        let s = &self.settings;
        let mut best: Option<Choice> = None;
        for &i in candidates {
            let track = &self.tracks[i];
            if Self::surely_outside_gate(s, track, t, z, r) {
                continue;
            }
            let pred = Self::predict(s, track, t);
            let innov_cov = H_POS * pred.covariance * H_POS.transpose() + r;
            let Some(inv) = innov_cov.try_inverse() else {
                continue;
            };
            let y = z - H_POS * pred.state;
            let d2 = y.dot(&(inv * y));
            // A tentative track's gate is wide (its velocity is barely known), so its
            // Mahalanobis distance is small for plots far off: ranked on distance alone
            // it would take a confirmed track's plots in a dense stream and starve it
            // (issue 18). The key (tentative?, d2) ranks confirmed tracks first.
            let rank = (track.status == TrackStatus::Tentative, d2);
            if d2 < s.gate && best.as_ref().is_none_or(|b| rank < b.rank) {
                best = Some(Choice {
                    track: i,
                    rank,
                    pred,
                    inv,
                });
            }
        }
        best
    }

    /// Starts a tentative track at the plot `z` (ECEF, m; covariance `r`) made at `t` s,
    /// its velocity unknown (the initial velocity σ of the settings).
    fn start(&mut self, t: f64, z: &Vector3<f64>, r: &Matrix3<f64>) {
        let mut cov = Matrix6::zeros();
        cov.fixed_view_mut::<3, 3>(0, 0).copy_from(r);
        let v2 = self.settings.initial_velocity_sigma * self.settings.initial_velocity_sigma;
        for i in 3..6 {
            cov[(i, i)] = v2;
        }
        let mut state = Vector6::zeros();
        state.fixed_rows_mut::<3>(0).copy_from(z);
        self.tracks.push(Track {
            id: self.next_id,
            status: TrackStatus::Tentative,
            time: t,
            state,
            covariance: cov,
            hits: 1,
            last_update: t,
        });
        self.next_id += 1;
    }
}

impl Tracker for NearestNeighbourTracker {
    fn update(&mut self, measurements: &[Measurement], now: f64) -> TrackChanges {
        let mut changes = TrackChanges::default();
        let s = self.settings;
        let converted: Vec<(Vector3<f64>, Matrix3<f64>)> =
            measurements.iter().map(|m| self.to_cartesian(m)).collect();
        let mut near = Candidates::new(&s, &self.tracks, measurements, &converted);
        for (j, (m, (z, r))) in measurements.iter().zip(&converted).enumerate() {
            match self.choose(near.of(j), m.time, z, r) {
                Some(Choice {
                    track: i,
                    pred,
                    inv,
                    ..
                }) => {
                    let (state, covariance) = position_update(&pred, z, r, &inv);
                    let track = &mut self.tracks[i];
                    track.state = state;
                    track.covariance = covariance;
                    track.time = m.time;
                    track.last_update = m.time;
                    track.hits += 1;
                    if track.status == TrackStatus::Tentative && track.hits >= s.confirm_hits {
                        track.status = TrackStatus::Confirmed;
                        changes.confirmed.push(track.id);
                    }
                    near.changed(i);
                }
                None => {
                    near.changed(self.tracks.len());
                    self.start(m.time, z, r);
                }
            }
        }
        self.tracks.retain(|t| {
            let timeout = match t.status {
                TrackStatus::Tentative => s.tentative_timeout,
                TrackStatus::Confirmed => s.coast_timeout,
            };
            let keep = now - t.last_update <= timeout;
            if !keep && t.status == TrackStatus::Confirmed {
                changes.lost.push(t.id);
                changes.lost_tracks.push(t.clone());
            }
            keep
        });
        changes
    }

    fn tracks(&self) -> &[Track] {
        &self.tracks
    }
}

/// Which tracks each measurement of one update must be tried against: the same answer as
/// trying every track, found without doing so.
///
/// For every track held at the start of the update, a sphere that holds every position
/// its [`NearestNeighbourTracker::surely_outside_gate`] test could accept over the
/// update's time span: centred on the straight-line prediction at mid-span, of radius
/// √(4·γ·T) plus half the distance flown in the span, where T bounds the test's trace
/// over the span (every term taken at its largest, the measurement's at the largest
/// measurement trace). A measurement outside a track's sphere (its bounding box, looked
/// up in a k-d tree of the measurements) surely fails that track's gate, so leaving the
/// track out changes nothing. Tracks updated or started during the update (whose state
/// no longer is the one bounded) are tried against every later measurement, as are
/// tracks whose bound is not finite. The candidates are tried in track order, as the
/// plain loop tries them, so ties resolve the same way.
struct Candidates {
    /// Per measurement: the tracks held at the start whose sphere may hold it, ascending.
    near: Vec<Vec<usize>>,
    /// Tracks to try against every measurement: unbounded, changed or new; ascending.
    always: Vec<usize>,
    /// Tracks held at the start that changed during the update.
    changed: Vec<bool>,
    /// The current measurement's candidates.
    list: Vec<usize>,
}

impl Candidates {
    fn new(
        s: &NearestNeighbourSettings,
        tracks: &[Track],
        measurements: &[Measurement],
        converted: &[(Vector3<f64>, Matrix3<f64>)],
    ) -> Self {
        let n = tracks.len();
        let mut out = Self {
            near: vec![Vec::new(); measurements.len()],
            always: Vec::new(),
            changed: vec![false; n],
            list: Vec::new(),
        };
        let times = measurements.iter().map(|m| m.time);
        let t_lo = times.clone().fold(f64::INFINITY, f64::min);
        let t_hi = times.fold(f64::NEG_INFINITY, f64::max);
        let traces = converted.iter().map(|(_, r)| r.trace());
        let r_min = traces.clone().fold(f64::INFINITY, f64::min);
        let r_max = traces.fold(f64::NEG_INFINITY, f64::max);
        // The quick test skips nothing when a trace can be 0 or the inputs are not finite:
        // then every track is tried.
        if measurements.is_empty()
            || !(r_min > 0.0 && r_max.is_finite() && t_lo.is_finite() && t_hi.is_finite())
        {
            out.always.extend(0..n);
            return out;
        }
        let mut tree = iadsim_track::spatial::KdTree::default();
        tree.rebuild(
            converted
                .iter()
                .enumerate()
                .map(|(j, (z, _))| ([z.x, z.y, z.z], j as u32)),
        );
        for (i, track) in tracks.iter().enumerate() {
            let Some((centre, radius)) = Self::sphere(s, track, t_lo, t_hi, r_max) else {
                out.always.push(i);
                continue;
            };
            let lo = [centre.x - radius, centre.y - radius, centre.z - radius];
            let hi = [centre.x + radius, centre.y + radius, centre.z + radius];
            let near = &mut out.near;
            tree.query_box(&lo, &hi, &mut |j, _| near[j as usize].push(i));
        }
        out
    }

    /// The sphere (centre ECEF m, radius m) outside which a measurement made in
    /// [`t_lo`, `t_hi`] s with a covariance trace at most `r_max` m² surely fails the
    /// gate of `track`; `None` if it is not finite.
    fn sphere(
        s: &NearestNeighbourSettings,
        track: &Track,
        t_lo: f64,
        t_hi: f64,
        r_max: f64,
    ) -> Option<(Vector3<f64>, f64)> {
        let dt_lo = (t_lo - track.time).max(0.0);
        let dt_hi = (t_hi - track.time).max(0.0);
        let p = &track.covariance;
        let mut trace = r_max;
        for i in 0..3 {
            trace += p[(i, i)]
                + 2.0 * dt_hi * p[(i, i + 3)].abs()
                + dt_hi * dt_hi * p[(i + 3, i + 3)]
                + s.process_noise * dt_hi.powi(3) / 3.0;
        }
        let v = track.state.fixed_rows::<3>(3).into_owned();
        let mid = 0.5 * (dt_lo + dt_hi);
        let centre = track.state.fixed_rows::<3>(0).into_owned() + v * mid;
        // Margins for rounding: 1e-6 relative and 1 m.
        let radius = (4.0 * s.gate * trace).sqrt() * (1.0 + 1e-6)
            + v.norm() * 0.5 * (dt_hi - dt_lo) * (1.0 + 1e-6)
            + 1.0;
        (radius.is_finite() && centre.iter().all(|x| x.is_finite())).then_some((centre, radius))
    }

    /// Track `i` changed (updated, or started at that index): it is tried against every
    /// later measurement.
    fn changed(&mut self, i: usize) {
        match self.changed.get_mut(i) {
            Some(c) if *c => {}
            Some(c) => {
                *c = true;
                self.insert_always(i);
            }
            None => self.insert_always(i),
        }
    }

    fn insert_always(&mut self, i: usize) {
        if let Err(at) = self.always.binary_search(&i) {
            self.always.insert(at, i);
        }
    }

    /// The tracks measurement `j` is tried against, ascending.
    fn of(&mut self, j: usize) -> &[usize] {
        let changed = &self.changed;
        self.list.clear();
        self.list
            .extend(self.near[j].iter().copied().filter(|&i| !changed[i]));
        self.list.extend_from_slice(&self.always);
        self.list.sort_unstable();
        self.list.dedup();
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The settings of the property tests.
    fn test_settings() -> NearestNeighbourSettings {
        NearestNeighbourSettings {
            process_noise: 400.0,
            gate: 13.8,
            confirm_hits: 3,
            initial_velocity_sigma: 1_500.0,
            tentative_timeout: 12.0,
            coast_timeout: 30.0,
        }
    }

    /// A plot inside both a confirmed track's gate and a fresh tentative track's wide one
    /// goes to the confirmed track, although the tentative track's Mahalanobis distance is
    /// smaller (issue 18: ranked on distance alone, tentative tracks took the plots of
    /// confirmed ones in dense streams, which then starved and were dropped).
    #[test]
    fn a_confirmed_track_takes_its_plot_before_a_wide_tentative_one() {
        let frame = LocalFrame::new(iadsim_core::Geodetic {
            lat: 0.8,
            lon: 0.5,
            height: 10.0,
        });
        let mut tracker = NearestNeighbourTracker::new(test_settings(), vec![frame]);
        let m = Measurement {
            time: 100.0,
            radar: 0,
            polar: iadsim_core::Polar {
                range: 100_000.0,
                azimuth: 0.3,
                elevation: 0.01,
            },
            sigma: [50.0, 1e-3, 1e-3],
        };
        let (z, r) = tracker.to_cartesian(&m);
        let track = |id, status, offset: f64, sigma: f64| {
            let mut state = Vector6::zeros();
            state
                .fixed_rows_mut::<3>(0)
                .copy_from(&(z + Vector3::new(offset, 0.0, 0.0)));
            Track {
                id,
                status,
                time: m.time,
                state,
                covariance: Matrix6::identity() * (sigma * sigma),
                hits: if status == TrackStatus::Confirmed {
                    9
                } else {
                    1
                },
                last_update: m.time,
            }
        };
        let confirmed = track(0, TrackStatus::Confirmed, 400.0, 300.0);
        let tentative = track(1, TrackStatus::Tentative, 3_000.0, 15_000.0);
        // Both gates hold the plot; the tentative track is the nearer in Mahalanobis terms.
        let d2 = |t: &Track| {
            let s = H_POS * t.covariance * H_POS.transpose() + r;
            let y = z - H_POS * t.state;
            y.dot(&(s.try_inverse().unwrap() * y))
        };
        let (dc, dt) = (d2(&confirmed), d2(&tentative));
        assert!(dt < dc && dc < test_settings().gate, "{dt} {dc}");
        tracker.tracks = vec![confirmed, tentative];
        tracker.next_id = 2;
        tracker.update(&[m], m.time);
        let hits: Vec<u32> = tracker.tracks.iter().map(|t| t.hits).collect();
        assert_eq!(hits, [10, 1]);
        assert!(
            tracker.tracks[0]
                .state
                .fixed_rows::<3>(0)
                .metric_distance(&z)
                < 400.0
        );
    }

    proptest! {
        /// The candidate index leaves out only tracks the quick gate test rules out: every
        /// pair the test lets through is a candidate (so the tracker's choices are those
        /// of trying every track).
        #[test]
        fn the_candidates_hold_every_track_the_quick_test_lets_through(
            tracks in prop::collection::vec(
                (prop::array::uniform3(-3e4..3e4f64), prop::array::uniform3(-600.0..600.0f64),
                 prop::array::uniform6(1.0..2e3f64), -0.9..0.9f64, -5.0..0.0f64),
                1..30,
            ),
            meas in prop::collection::vec(
                (prop::array::uniform3(-3e4..3e4f64), 10.0..500.0f64, 0.0..0.5f64),
                1..30,
            ),
        ) {
            let settings = test_settings();
            let tracks: Vec<Track> = tracks
                .iter()
                .enumerate()
                .map(|(k, (p, v, sig, corr, time))| {
                    let mut covariance =
                        Matrix6::from_diagonal(&Vector6::from_iterator(sig.iter().map(|s| s * s)));
                    for i in 0..3 {
                        let c = corr * sig[i] * sig[i + 3];
                        covariance[(i, i + 3)] = c;
                        covariance[(i + 3, i)] = c;
                    }
                    Track {
                        id: k as u64,
                        status: TrackStatus::Confirmed,
                        time: *time,
                        state: Vector6::new(p[0], p[1], p[2], v[0], v[1], v[2]),
                        covariance,
                        hits: 3,
                        last_update: *time,
                    }
                })
                .collect();
            let measurements: Vec<Measurement> = meas
                .iter()
                .map(|(_, _, t)| Measurement {
                    time: *t,
                    radar: 0,
                    polar: iadsim_core::Polar { range: 1.0, azimuth: 0.0, elevation: 0.0 },
                    sigma: [1.0; 3],
                })
                .collect();
            let converted: Vec<(Vector3<f64>, Matrix3<f64>)> = meas
                .iter()
                .map(|(z, sd, _)| (Vector3::from(*z), Matrix3::identity() * (sd * sd)))
                .collect();
            let mut near = Candidates::new(&settings, &tracks, &measurements, &converted);
            for (j, (m, (z, r))) in measurements.iter().zip(&converted).enumerate() {
                let list = near.of(j).to_vec();
                for (i, track) in tracks.iter().enumerate() {
                    if !NearestNeighbourTracker::surely_outside_gate(&settings, track, m.time, z, r) {
                        prop_assert!(list.contains(&i), "track {i} left out for measurement {j}");
                    }
                }
                prop_assert!(list.windows(2).all(|w| w[0] < w[1]));
            }
        }

        /// The quick gate test never rules out a track the full gate would accept.
        #[test]
        fn the_quick_gate_test_is_conservative(
            pos in prop::array::uniform3(-2e5..2e5f64),
            vel in prop::array::uniform3(-1e3..1e3f64),
            offset in prop::array::uniform3(-2e4..2e4f64),
            sig in prop::array::uniform6(1.0..3e3f64),
            corr in -0.9..0.9f64,
            meas_sig in prop::array::uniform3(10.0..2e3f64),
            dt in 0.0..20.0f64,
        ) {
            let settings = test_settings();
            let mut covariance = Matrix6::from_diagonal(&Vector6::from_iterator(sig.iter().map(|s| s * s)));
            for i in 0..3 {
                // Position-velocity correlation within each axis.
                let c = corr * sig[i] * sig[i + 3];
                covariance[(i, i + 3)] = c;
                covariance[(i + 3, i)] = c;
            }
            let track = Track {
                id: 0,
                status: TrackStatus::Confirmed,
                time: 0.0,
                state: Vector6::new(pos[0], pos[1], pos[2], vel[0], vel[1], vel[2]),
                covariance,
                hits: 3,
                last_update: 0.0,
            };
            let pred = NearestNeighbourTracker::predict(&settings, &track, dt);
            let z = H_POS * pred.state + Vector3::from(offset);
            let r = Matrix3::from_diagonal(&Vector3::from(meas_sig).map(|s| s * s));
            let s = H_POS * pred.covariance * H_POS.transpose() + r;
            let y = z - H_POS * pred.state;
            let d2 = y.dot(&(s.try_inverse().unwrap() * y));
            if NearestNeighbourTracker::surely_outside_gate(&settings, &track, dt, &z, &r) {
                prop_assert!(d2 >= settings.gate, "d2 {d2}");
            }
        }
    }
}
