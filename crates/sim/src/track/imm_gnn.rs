//! The engine's battalion tracker built on `iadsim-track` ([`ImmGnnTracker`]). The same
//! tracker (`Picture`, the shared core) runs at the regiment command post over every
//! battalion's radars ([`crate::regiment`]).
//!
//! # Model
//!
//! - **Frame**: one East-North-Up frame at the battalion's acquisition radar; each radar
//!   is placed in it at its own site and axes (`iadsim_track::Sensor::at_site`), measurements stay polar
//!   (range, azimuth, elevation) with the look's own 1-σ errors (SNR-dependent under the
//!   physics radar) and are filtered by an EKF in polar coordinates.
//! - **Motion**: an IMM of three modes: nearly constant velocity (white acceleration
//!   q = [`LibraryTrackerSettings::cv_q`] m²/s³, straight flight of aircraft and cruise
//!   missiles), ballistic flight in the Earth's central gravity field
//!   (q = [`LibraryTrackerSettings::ballistic_q`]: drag, thrust), and a manoeuvre mode,
//!   constant velocity with q = [`LibraryTrackerSettings::manoeuvre_q`] (mean sojourn
//!   10 s; the others 60 s). A ballistic missile follows the second mode; a turning
//!   aircraft the third: a 90° turn at 3°/s puts the target ~1.5 km off the nearly-constant-
//!   velocity prediction over one 10 s rotation, which without the third mode falls
//!   outside the gate of a track kept by the rotating radar alone and breaks it.
//! - **Association**: χ² gate (P_G = 0.9999) behind a k-d tree, global nearest neighbour
//!   over a batch.
//! - **Initiation**: by both radars, each from two-point pairs of its own detections
//!   (speed gate max 4 000 m/s, covering the ballistic threats), then confirmation at 3
//!   hits within 5 looks once the track score (likelihood ratio target / clutter with each
//!   radar's false-alarm density) reaches ln 10⁴. The acquisition radar's seeds wait 1.5
//!   turns for a partner; the engagement radar's, and its tentative tracks, live
//!   [`LibraryTrackerSettings::engagement_seed_age`] (about its revisit), so that its
//!   false alarms, tens per second, pair only with what it sees within a second or so.
//!   Why the engagement radar must start tracks: on the acquisition radar's 10 s looks
//!   alone a stream of targets on one route (a cruise-missile wave launched at a fixed
//!   interval, echeloned) is ambiguous — target k at one turn and target k+1 at the next
//!   form a pair as consistent as the true one, and the shorter. A track started on such
//!   a pair carries a velocity wrong by ~100–200 m/s; the engagement radar's 2 Hz
//!   detections of the real targets then fall outside its gate and, when that radar
//!   could not start tracks, were lost: the wave's real tracks never formed.
//! - **Looks**: the engagement radar's detections of one instant form a batch, the
//!   acquisition radar's within [`LibraryTrackerSettings::acquisition_batch_window`] of
//!   each other (one pass of the beam over a formation) too; a batch is offered to the
//!   tracks within [`LibraryTrackerSettings::gate_azimuth`] of a detection (seen from that
//!   radar), which it may update but never charges a miss (`Look::GateOnly`); of those
//!   tracks only the ones a detection can reach are predicted and gated at all
//!   (`iadsim_track::Reach`: a bound on the gate's extent from the track's last
//!   covariance, so leaving the others out changes no association). The engagement
//!   radar's track revisits report only the plot each channel took
//!   ([`super::fire_control`]). Misses are charged once per
//!   step by the acquisition radar: a track whose predicted azimuth its search beam passed
//!   during the step (lagged by [`LibraryTrackerSettings::miss_lag`]) and within its range
//!   limits ([`RadarGeometry::searched`]), and that no detection updated in the step, gets
//!   one miss. A rotating radar thus charges a track at most one miss per turn, at its
//!   beam time, and a target outside the beam is never charged. The engagement radar's
//!   looks update tracks but charge no misses: its Pd over its sector and where its
//!   track revisits looked (the channels of [`super::fire_control`]) are not known to
//!   the tracker.
//! - **Deletion**: `max_misses` consecutive misses (3 for tracks with fewer than 5 hits),
//!   or no update for `max_coast` s (a track that left every radar's coverage, or went below the
//!   horizon), or a position σ above 5 km.

use iadsim_core::Ecef;

use super::picture::{LibraryTrackerSettings, Picture, batches};
use super::tracker::{Track, TrackChanges, Tracker};
use crate::sense::geometry::RadarGeometry;
use crate::sense::measurement::Measurement;

/// The `iadsim-track` tracker behind the engine's [`Tracker`] trait for one battalion (see
/// the module docs): a `Picture` of the battalion's radars, in a frame at the first.
pub struct ImmGnnTracker {
    picture: Picture,
    /// Of the last update: (index into its measurements, track id) per detection that
    /// updated a track.
    updates: Vec<(usize, u64)>,
}

impl std::fmt::Debug for ImmGnnTracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImmGnnTracker")
            .field("tracks", &self.picture.tracks().len())
            .finish()
    }
}

impl ImmGnnTracker {
    /// A tracker for the battalion whose radars are `radars` (indexed as
    /// [`Measurement::radar`]: 0 the acquisition radar, then engagement radars); the
    /// tracker frame is at the first radar.
    ///
    /// The tracker is given what it may know of each radar, its [`RadarGeometry`]:
    ///
    /// ```
    /// use iadsim_sim::sense::{FixedPdRadar, Sensor};
    /// use iadsim_sim::track::{ImmGnnTracker, LibraryTrackerSettings};
    ///
    /// fn tracker(acquisition: &FixedPdRadar, engagement: &FixedPdRadar) -> ImmGnnTracker {
    ///     let geometry = [acquisition.geometry(), engagement.geometry()];
    ///     ImmGnnTracker::new(LibraryTrackerSettings::for_revisit(10.0), &geometry)
    /// }
    /// ```
    ///
    /// and cannot be handed the sensors themselves, which scan the truth:
    ///
    /// ```compile_fail
    /// use iadsim_sim::sense::{FixedPdRadar, Sensor};
    /// use iadsim_sim::track::{ImmGnnTracker, LibraryTrackerSettings};
    ///
    /// fn tracker(acquisition: FixedPdRadar, engagement: FixedPdRadar) -> ImmGnnTracker {
    ///     let sensors: Vec<Box<dyn Sensor>> = vec![Box::new(acquisition), Box::new(engagement)];
    ///     ImmGnnTracker::new(LibraryTrackerSettings::for_revisit(10.0), &sensors)
    /// }
    /// ```
    pub fn new(settings: LibraryTrackerSettings, radars: &[RadarGeometry]) -> Self {
        let origin = radars.first().map_or_else(
            || iadsim_core::Geodetic::from_degrees(0.0, 0.0, 0.0),
            |r| r.frame.origin,
        );
        let sites: Vec<(&RadarGeometry, bool)> = radars
            .iter()
            .enumerate()
            .map(|(k, r)| (r, k == 0))
            .collect();
        Self {
            picture: Picture::new(settings, origin, &sites),
            updates: Vec::new(),
        }
    }

    /// Counters of the library tracker.
    pub fn stats(&self) -> &iadsim_track::tracker::TrackerStats {
        self.picture.stats()
    }

    fn process(
        &mut self,
        measurements: &[Measurement],
        t0: f64,
        now: f64,
        searched: &dyn Fn(usize, f64, f64, &Ecef) -> bool,
    ) -> TrackChanges {
        self.updates.clear();
        // 1. Detection batches (one radar, one instant or one pass of the acquisition
        //    beam): they may update tracks but charge no miss. Times are sorted and
        //    finite, so no batch is rejected.
        let window = self.picture.settings().acquisition_batch_window;
        let mut updated = Vec::new();
        for (time, radar, members) in batches(measurements, window) {
            let batch: Vec<Measurement> = members.iter().map(|&i| measurements[i]).collect();
            updated.clear();
            self.picture.fuse(time, radar, &batch, &mut updated);
            self.updates
                .extend(updated.iter().map(|&(j, id)| (members[j], id)));
        }
        // 2. One look per acquisition radar at the end of the step (misses).
        self.picture.charge_misses(t0, now, searched);
        self.picture.refresh()
    }
}

impl Tracker for ImmGnnTracker {
    fn update(&mut self, measurements: &[Measurement], now: f64) -> TrackChanges {
        let t0 = self.picture.time().unwrap_or(f64::NEG_INFINITY);
        self.process(measurements, t0, now, &|_, _, _, _| true)
    }

    fn update_looked(
        &mut self,
        measurements: &[Measurement],
        t0: f64,
        now: f64,
        radars: &[RadarGeometry],
    ) -> TrackChanges {
        self.process(measurements, t0, now, &|r, a, b, p| {
            radars.get(r).is_none_or(|s| s.searched(a, b, p))
        })
    }

    fn tracks(&self) -> &[Track] {
        self.picture.tracks()
    }

    fn report_updates(&self) -> &[(usize, u64)] {
        &self.updates
    }
}
