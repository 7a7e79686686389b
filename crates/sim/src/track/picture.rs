//! The library tracker over a set of radars, each registered at its own site: the shared
//! core of the battalion tracker ([`super::imm_gnn::ImmGnnTracker`], its two radars) and
//! the regiment command post's ([`super::regiment::RegimentPicture`], every battalion's
//! radars). The model is described in [`super::imm_gnn`].

use iadsim_core::{Ecef, Enu, LocalFrame};
use iadsim_track::Track as LibTrack;
use iadsim_track::prelude::*;
use nalgebra::{Matrix3, Matrix6, SVector, Vector3, Vector6};

use super::tracker::{Track, TrackChanges, TrackStatus};
use crate::sense::geometry::RadarGeometry;
use crate::sense::measurement::Measurement;

/// Settings of [`ImmGnnTracker`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LibraryTrackerSettings {
    /// White-acceleration intensity of the constant-velocity mode, m²/s³.
    pub cv_q: f64,
    /// White-acceleration intensity of the ballistic mode, m²/s³.
    pub ballistic_q: f64,
    /// White-acceleration intensity of the manoeuvre mode (constant velocity with a large
    /// process noise: a turning aircraft or a weaving cruise missile), m²/s³.
    pub manoeuvre_q: f64,
    /// Largest speed of a two-point pair, m/s.
    pub max_speed: f64,
    /// Prior 1-σ of each velocity component of a two-point pair, m/s (combined with the
    /// pair's position difference).
    pub velocity_prior_sigma: f64,
    /// Track score (natural log of the likelihood ratio target / clutter) needed to
    /// confirm.
    pub min_score: f64,
    /// A two-point seed of the acquisition radar waits this long for a partner, s.
    pub max_seed_age: f64,
    /// A two-point seed of the engagement radar waits this long for a partner, s (about
    /// its revisit: 1 s sector frame, 0.5 s track revisits). Seeds pair only with
    /// detections of their own radar.
    pub engagement_seed_age: f64,
    /// A tentative track last updated by the engagement radar is dropped when not
    /// updated for this long, s (its looks charge no misses, so without this a pair of
    /// its false alarms could wait many revisits for a third).
    pub engagement_tentative_timeout: f64,
    /// Consecutive missed looks that delete a confirmed track.
    pub max_misses: u32,
    /// A track not updated for this long is deleted, s.
    pub max_coast: f64,
    /// A tentative track not updated for this long is dropped, s.
    pub tentative_timeout: f64,
    /// A detection is offered to the tracks within this azimuth of it (seen from its
    /// radar), rad; the χ² gate decides.
    pub gate_azimuth: f64,
    /// The acquisition radar's detections within this long of each other are associated
    /// as one batch, s (0: one batch per instant): a formation seen in one pass of the
    /// beam is then associated globally, not greedily in beam order.
    pub acquisition_batch_window: f64,
    /// A track is charged a miss once the search beam is this long past its predicted
    /// azimuth without a detection updating it, s (margin for the prediction's azimuth
    /// error: 0.1 s is 3.6° of a 10 s rotation).
    pub miss_lag: f64,
}

impl LibraryTrackerSettings {
    /// Defaults for a battalion whose slowest radar revisits every `longest_scan` s: seeds
    /// and tentative tracks wait 1.5 revisits, a confirmed track coasts at most 3.
    pub fn for_revisit(longest_scan: f64) -> Self {
        Self {
            cv_q: 10.0,
            ballistic_q: 100.0,
            manoeuvre_q: 2_000.0,
            max_speed: 4_000.0,
            velocity_prior_sigma: 1_500.0,
            min_score: 1e4f64.ln(),
            max_seed_age: 1.5 * longest_scan,
            engagement_seed_age: 1.5,
            engagement_tentative_timeout: 1.5,
            max_misses: 6,
            max_coast: 3.0 * longest_scan,
            tentative_timeout: 1.5 * longest_scan,
            gate_azimuth: 5f64.to_radians(),
            miss_lag: 0.1,
            acquisition_batch_window: 0.1,
        }
    }
}

type Inner = iadsim_track::Tracker<
    ImmPredictor<6, 3>,
    ImmUpdater<6, 3, RangeAzEl>,
    Gnn,
    TwoPointInitiator,
    (MissDeleter, CovarianceDeleter),
    3,
>;

/// The library tracker over a set of radars, each registered at its own site: the common
/// core of the battalion tracker ([`ImmGnnTracker`], its two radars) and the regiment
/// command post's ([`crate::regiment::RegimentPicture`], every battalion's radars). The
/// module documentation describes it; a radar is either an acquisition radar (its search
/// looks charge misses, its seeds wait [`LibraryTrackerSettings::max_seed_age`]) or an
/// engagement radar (its looks charge no misses, its seeds and tentative tracks live
/// [`LibraryTrackerSettings::engagement_seed_age`]).
pub(crate) struct Picture {
    inner: Inner,
    frame: LocalFrame,
    /// Tracker-ENU axes to ECEF axes.
    to_ecef: Matrix3<f64>,
    settings: LibraryTrackerSettings,
    sensors: Vec<SensorId>,
    /// Per radar: whether its search looks charge misses.
    counts_misses: Vec<bool>,
    tracks: Vec<Track>,
    /// Per track of `tracks`: the library's revision it was converted at (an unchanged
    /// revision means an unchanged track: no need to convert it again).
    revisions: Vec<u64>,
    confirmed: Vec<u64>,
    /// The batch handed to the library, kept to reuse its storage.
    batch: Batch<3>,
    /// Per detection of the batch being fused: the horizontal unit vector of its azimuth
    /// (sin, cos), `None` where the quick test does not apply.
    directions: Vec<Option<(f64, f64)>>,
}

impl Picture {
    /// A picture in an East-North-Up frame at `origin`, fed by `radars` (indexed as the
    /// `sensor` of [`Picture::fuse`]), each with `true` for an acquisition radar.
    pub(crate) fn new(
        settings: LibraryTrackerSettings,
        origin: iadsim_core::Geodetic,
        radars: &[(&RadarGeometry, bool)],
    ) -> Self {
        let frame = LocalFrame::new(origin);
        let mut inner = inner(&settings);
        let sensors = radars
            .iter()
            .map(|&(r, acquisition)| {
                let model = RangeAzEl {
                    sigma_range: 100.0,
                    sigma_azimuth: 1e-2,
                    sigma_elevation: 1e-2,
                };
                let pd = r.nominal_detection_probability.clamp(0.05, 0.99);
                let mut s =
                    iadsim_track::Sensor::at_origin(model, pd, r.clutter_density.max(1e-18))
                        .at_site(&frame, &r.frame.origin);
                // Both radars start tracks, each from pairs of its own detections; the
                // engagement radar's seeds live about one of its revisits.
                if !acquisition {
                    s.max_seed_age = settings.engagement_seed_age;
                    s.tentative_timeout = settings.engagement_tentative_timeout;
                }
                inner.add_sensor(s)
            })
            .collect();
        let e = frame.vector_to_ecef(&Enu(Vector3::x())).0;
        let n = frame.vector_to_ecef(&Enu(Vector3::y())).0;
        let u = frame.vector_to_ecef(&Enu(Vector3::z())).0;
        Self {
            inner,
            frame,
            to_ecef: Matrix3::from_columns(&[e, n, u]),
            settings,
            counts_misses: radars.iter().map(|&(_, acquisition)| acquisition).collect(),
            sensors,
            tracks: Vec::new(),
            revisions: Vec::new(),
            confirmed: Vec::new(),
            batch: Batch {
                time: 0.0,
                sensor: SensorId(0),
                detections: Vec::new(),
            },
            directions: Vec::new(),
        }
    }

    /// The settings.
    pub(crate) fn settings(&self) -> &LibraryTrackerSettings {
        &self.settings
    }

    /// Counters of the library tracker.
    pub(crate) fn stats(&self) -> &iadsim_track::tracker::TrackerStats {
        self.inner.stats()
    }

    /// Time of the last fused batch, s.
    pub(crate) fn time(&self) -> Option<f64> {
        self.inner.time()
    }

    /// Every live track as of the last [`Picture::refresh`], in creation order: ids
    /// ascending (the library gives each new track the next uid and keeps its tracks in
    /// order).
    pub(crate) fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    fn engine_track(&self, t: &LibTrack<ImmState<6, 3>>) -> Track {
        let g = t.state.kinematics();
        let p = self
            .frame
            .position_to_ecef(&Enu(g.mean.fixed_rows::<3>(0).into_owned()));
        let v = self.to_ecef * g.mean.fixed_rows::<3>(3).into_owned();
        let mut rot = Matrix6::zeros();
        rot.fixed_view_mut::<3, 3>(0, 0).copy_from(&self.to_ecef);
        rot.fixed_view_mut::<3, 3>(3, 3).copy_from(&self.to_ecef);
        let mut state = Vector6::zeros();
        state.fixed_rows_mut::<3>(0).copy_from(&p.0);
        state.fixed_rows_mut::<3>(3).copy_from(&v);
        Track {
            id: t.uid,
            status: if t.is_confirmed() {
                TrackStatus::Confirmed
            } else {
                TrackStatus::Tentative
            },
            time: t.time,
            state,
            covariance: rot * g.covariance * rot.transpose(),
            hits: t.hits,
            last_update: t.last_update,
        }
    }

    /// Fuses one batch: the detections `batch` of radar `sensor` at `time` s. Tracks near
    /// a detection in azimuth (seen from that radar) are gated and may be updated; none is
    /// charged a miss. Appends `(index in batch, track id)` to `updated` for every
    /// detection that updated (or started) a track. Returns false, changing nothing, for a
    /// batch older than the picture or from an unknown radar.
    pub(crate) fn fuse(
        &mut self,
        time: f64,
        sensor: usize,
        batch: &[Measurement],
        updated: &mut Vec<(usize, u64)>,
    ) -> bool {
        let Some(&sensor) = self.sensors.get(sensor) else {
            return false;
        };
        if !time.is_finite() || time < self.inner.time().unwrap_or(f64::NEG_INFINITY) {
            return false;
        }
        let mut sig = [0.0f64; 3];
        for m in batch {
            for (s, v) in sig.iter_mut().zip(m.sigma) {
                *s = s.max(v);
            }
        }
        if let Some(s) = self.inner.sensor_mut(sensor) {
            // The batch's noise: the largest σ of its detections (one, nearly always).
            s.model = RangeAzEl {
                sigma_range: sig[0],
                sigma_azimuth: sig[1],
                sigma_elevation: sig[2],
            };
        }
        let Some(site) = self.inner.sensors().get(sensor.0 as usize).cloned() else {
            return false;
        };
        self.directions.clear();
        self.directions.extend(
            batch
                .iter()
                .map(|m| quick_direction(m, self.settings.gate_azimuth)),
        );
        let sector = self.settings.gate_azimuth;
        let cos_near = sector.cos() - 1e-6;
        let near = Near {
            sector,
            cos_near2: cos_near * cos_near,
            directions: &self.directions,
            batch,
        };
        let b = &mut self.batch;
        b.time = time;
        b.sensor = sensor;
        b.detections.clear();
        b.detections.extend(
            batch
                .iter()
                .map(|m| SVector::<f64, 3>::new(m.polar.range, m.polar.azimuth, m.polar.elevation)),
        );
        let ok = self
            .inner
            .process_looked(b, |_, p| {
                if near.detection(&site.to_local(p)) {
                    Look::GateOnly
                } else {
                    Look::No
                }
            })
            .is_ok();
        if ok {
            updated.extend(
                self.inner
                    .last_updates()
                    .iter()
                    .map(|&(j, uid)| (j as usize, uid)),
            );
        }
        ok
    }

    /// One look per acquisition radar at `now`, closing the interval (t0, now] s: a track
    /// whose predicted azimuth the search beam passed (a little before the interval, so
    /// the beam is surely past it; `searched(radar, a, b, position)`) and that no
    /// detection updated in the interval is charged a miss.
    pub(crate) fn charge_misses(
        &mut self,
        t0: f64,
        now: f64,
        searched: &dyn Fn(usize, f64, f64, &Ecef) -> bool,
    ) {
        let lag = self.settings.miss_lag;
        let frame = self.frame;
        for (r, &sensor) in self.sensors.iter().enumerate() {
            if !self.counts_misses.get(r).copied().unwrap_or(false) {
                continue;
            }
            if now < self.inner.time().unwrap_or(f64::NEG_INFINITY) {
                continue;
            }
            let b = Batch {
                time: now,
                sensor,
                detections: Vec::new(),
            };
            let _ = self.inner.process_looked(&b, |t, p| {
                if t.last_update > t0 - lag {
                    return Look::No;
                }
                if searched(r, t0 - lag, now - lag, &frame.position_to_ecef(&Enu(*p))) {
                    Look::Yes
                } else {
                    Look::No
                }
            });
        }
    }

    /// Converts the library's tracks to the engine's and reports what changed since the
    /// last call.
    pub(crate) fn refresh(&mut self) -> TrackChanges {
        let mut changes = TrackChanges::default();
        let lib = self.inner.tracks();
        let revisions = self.inner.revisions();
        // The same tracks as at the last call (the usual step: none started or deleted),
        // none of them unconfirmed (a lost track is reported as it was): convert the
        // changed ones in place.
        let same = lib.len() == self.tracks.len()
            && lib
                .iter()
                .zip(&self.tracks)
                .zip(revisions.iter().zip(&self.revisions))
                .all(|((t, e), (rev, old))| {
                    t.uid == e.id
                        && (rev == old || t.is_confirmed() || e.status != TrackStatus::Confirmed)
                });
        if same {
            for (k, t) in lib.iter().enumerate() {
                if revisions[k] != self.revisions[k] {
                    let e = self.engine_track(t);
                    self.tracks[k] = e;
                }
            }
            self.revisions.copy_from_slice(revisions);
            let now_confirmed =
                newly_confirmed(&self.tracks, &self.confirmed, &mut changes.confirmed);
            debug_assert!(self.confirmed.iter().all(|id| now_confirmed.contains(id)));
            self.confirmed = now_confirmed;
            return changes;
        }
        // Both lists are in uid order: walk them together, converting only the tracks
        // the library changed since the last call.
        let mut tracks: Vec<Track> = Vec::with_capacity(lib.len());
        let mut k = 0;
        for (t, &rev) in lib.iter().zip(revisions) {
            while k < self.tracks.len() && self.tracks[k].id < t.uid {
                k += 1;
            }
            if k < self.tracks.len() && self.tracks[k].id == t.uid && self.revisions[k] == rev {
                tracks.push(self.tracks[k].clone());
            } else {
                tracks.push(self.engine_track(t));
            }
        }
        self.revisions.clear();
        self.revisions.extend_from_slice(revisions);
        let now_confirmed = newly_confirmed(&tracks, &self.confirmed, &mut changes.confirmed);
        for id in &self.confirmed {
            if !now_confirmed.contains(id) {
                changes.lost.push(*id);
                if let Some(t) = self.tracks.iter().find(|t| t.id == *id) {
                    changes.lost_tracks.push(t.clone());
                }
            }
        }
        debug_assert!(tracks.windows(2).all(|w| w[0].id < w[1].id));
        self.confirmed = now_confirmed;
        self.tracks = tracks;
        changes
    }
}

/// The ids of the confirmed tracks among `tracks`, in order; those not in `before` are
/// also appended to `confirmed` (the tracks confirmed since the last refresh).
fn newly_confirmed(tracks: &[Track], before: &[u64], confirmed: &mut Vec<u64>) -> Vec<u64> {
    let now: Vec<u64> = tracks
        .iter()
        .filter(|t| t.status == TrackStatus::Confirmed)
        .map(|t| t.id)
        .collect();
    confirmed.extend(now.iter().copied().filter(|id| !before.contains(id)));
    now
}

/// The library tracker as the pictures configure it: the IMM of three modes, the χ² gate
/// behind GNN, two-point initiation with M-of-N confirmation, miss and covariance
/// deleters (see the module notes of [`super::imm_gnn`]).
fn inner(settings: &LibraryTrackerSettings) -> Inner {
    let predictor = ImmPredictor::<6, 3>::new(
        [
            Box::new(ConstantVelocity::new(settings.cv_q)),
            Box::new(Ballistic::new(settings.ballistic_q)),
            Box::new(ConstantVelocity::new(settings.manoeuvre_q)),
        ],
        [60.0, 60.0, 10.0],
    );
    let mut initiator = TwoPointInitiator::new(
        0.0,
        settings.max_speed,
        Vector3::repeat(settings.velocity_prior_sigma),
        MOfN { m: 3, n: 5 },
    );
    initiator.max_seed_age = settings.max_seed_age;
    initiator.min_score = settings.min_score;
    initiator.pair_across_sensors = false;
    let deleter = (
        MissDeleter {
            max_misses: settings.max_misses,
            young_hits: 5,
            young_max_misses: 3,
        },
        CovarianceDeleter {
            max_position_sigma: 5_000.0,
        },
    );
    let mut inner = iadsim_track::Tracker::new(
        predictor,
        ImmUpdater::<6, 3, RangeAzEl>::new(),
        DistanceHypothesiser::with_probability(0.9999, 3),
        Gnn::new(),
        initiator,
        deleter,
    );
    inner.tentative_timeout = settings.tentative_timeout;
    inner.max_coast_time = settings.max_coast;
    // A batch is offered to every track near it in azimuth (`Look::GateOnly`); of those,
    // the library gates only the ones a detection can reach. The ballistic mode's mean
    // leaves the straight line by gravity (under 10 m/s² at every height flown).
    inner.reach = Some(Reach {
        process_noise: settings
            .cv_q
            .max(settings.ballistic_q)
            .max(settings.manoeuvre_q),
        acceleration: 10.0,
    });
    inner
}

/// The horizontal unit vector (sin, cos) of a detection's azimuth, for the quick test of
/// [`Near::detection`]; `None` where that test does not apply (sectors of 1 rad or more,
/// azimuths of immoderate size: rem_euclid of huge values is not the plain angle
/// difference).
fn quick_direction(m: &Measurement, sector: f64) -> Option<(f64, f64)> {
    let quick = sector > 0.0 && sector < 1.0;
    let a = m.polar.azimuth;
    (quick && a.abs() < 100.0).then(|| a.sin_cos())
}

/// Which tracks a batch of detections is offered to: those within `sector` (rad) of a
/// detection in azimuth, seen from the batch's radar.
struct Near<'a> {
    sector: f64,
    /// cos²(sector) less a margin (see [`Near::detection`]).
    cos_near2: f64,
    directions: &'a [Option<(f64, f64)>],
    batch: &'a [Measurement],
}

impl Near<'_> {
    /// Whether a track at `local` (the radar's ENU frame, m) is near a detection. The
    /// azimuth sector is tested exactly (atan2) only for the tracks the quick test cannot
    /// rule out: a track whose horizontal direction makes with the detection's an angle
    /// whose cosine is below cos(sector) by a margin (1e-6, ~1e-5 rad here, far above
    /// rounding) is surely outside.
    fn detection(&self, local: &Vector3<f64>) -> bool {
        let cos_near2 = self.cos_near2;
        let (x, y) = (local.x, local.y);
        let rho2 = x * x + y * y;
        let surely_far = rho2.is_finite()
            && rho2 > 1e-6
            && self.directions.iter().all(|d| match d {
                Some((s, c)) => {
                    let dot = x * s + y * c;
                    dot <= 0.0 || dot * dot < cos_near2 * rho2
                }
                None => false,
            });
        if surely_far {
            return false;
        }
        let az = x.atan2(y);
        self.batch.iter().any(|m| {
            let d = (az - m.polar.azimuth).rem_euclid(std::f64::consts::TAU);
            d.min(std::f64::consts::TAU - d) <= self.sector
        })
    }
}

/// The step's measurements as batches `(time s, radar, indices into measurements)` in time order: the
/// acquisition radar's (radar 0) detections within `window` s of the first of a group form
/// one batch, at the group's latest time; every other radar's detections form one batch
/// per instant.
///
/// Why group: the rotating beam reports the members of a formation a few hundredths of a
/// second apart; as one-detection batches each would be associated (and paired by the
/// initiator) greedily in beam order, a track taking the first detection in its gate and
/// a new detection the nearest seed even when a neighbour's is the right one. In one
/// batch the assignment is global. The cost: a detection is filtered as if made up to
/// `window` later (0.1 s: 25 m for an aircraft, ≤ 300 m for a ballistic missile, along
/// its path).
pub(crate) fn batches(measurements: &[Measurement], window: f64) -> Vec<(f64, usize, Vec<usize>)> {
    let mut out: Vec<(f64, usize, Vec<usize>)> = Vec::new();
    let mut open: Option<(f64, usize)> = None; // (group start time, index in out)
    for (i, m) in measurements.iter().enumerate() {
        if m.radar == 0 && window > 0.0 {
            if let Some((start, k)) = open
                && m.time - start <= window
            {
                out[k].0 = out[k].0.max(m.time);
                out[k].2.push(i);
                continue;
            }
            open = Some((m.time, out.len()));
            out.push((m.time, 0, vec![i]));
        } else if let Some(last) = out
            .iter_mut()
            .rev()
            .take_while(|b| measurements[b.2[0]].time == m.time)
            .find(|b| b.1 == m.radar)
        {
            last.2.push(i);
        } else {
            out.push((m.time, m.radar, vec![i]));
        }
    }
    // Stable: batches of equal time keep their order (radar order within an instant).
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use iadsim_core::Polar;

    fn m(time: f64, radar: usize) -> Measurement {
        Measurement {
            time,
            radar,
            polar: Polar {
                range: 1e5,
                azimuth: 0.0,
                elevation: 0.0,
            },
            sigma: [1.0; 3],
        }
    }

    #[test]
    fn acquisition_detections_within_the_window_form_one_batch() {
        // Input in time order, engagement-radar detections interleaved: the acquisition
        // radar's 0.00, 0.05 and 0.09 group (within 0.1 s of 0.00) at 0.09; 0.15 starts a
        // new group; the engagement radar's two at 0.02 form one batch, 0.12 another.
        let input = [
            m(0.00, 0),
            m(0.02, 1),
            m(0.02, 1),
            m(0.05, 0),
            m(0.09, 0),
            m(0.12, 1),
            m(0.15, 0),
        ];
        let got: Vec<(f64, usize, usize)> = batches(&input, 0.1)
            .iter()
            .map(|(t, r, b)| (*t, *r, b.len()))
            .collect();
        assert_eq!(
            got,
            vec![(0.02, 1, 2), (0.09, 0, 3), (0.12, 1, 1), (0.15, 0, 1)]
        );
        // window 0: one batch per instant, as before
        assert_eq!(batches(&input, 0.0).len(), 6);
    }
}
