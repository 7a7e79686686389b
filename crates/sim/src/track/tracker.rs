//! The engine's track type and the tracker interface: measurements in, tracks out,
//! never truth.

use iadsim_core::Ecef;
use nalgebra::{Matrix6, Vector6};

use crate::sense::geometry::RadarGeometry;
use crate::sense::measurement::Measurement;

/// Life stage of a track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackStatus {
    /// Started from one measurement; not yet reported.
    Tentative,
    /// Confirmed and reported to the battle manager.
    Confirmed,
}

/// A track: the tracker's belief about one object.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Stable id, unique within the tracker, never reused.
    pub id: u64,
    /// Life stage.
    pub status: TrackStatus,
    /// Time of the state estimate, s.
    pub time: f64,
    /// State [position (m), velocity (m/s)] in ECEF.
    pub state: Vector6<f64>,
    /// State covariance (m², m²/s, m²/s²).
    pub covariance: Matrix6<f64>,
    /// Number of measurements associated so far.
    pub hits: u32,
    /// Time of the last associated measurement, s.
    pub last_update: f64,
}

impl Track {
    /// Estimated position, ECEF, m.
    pub fn position(&self) -> Ecef {
        Ecef(self.state.fixed_rows::<3>(0).into_owned())
    }

    /// Estimated velocity, ECEF axes, m/s.
    pub fn velocity(&self) -> Ecef {
        Ecef(self.state.fixed_rows::<3>(3).into_owned())
    }

    /// Position and velocity extrapolated to `t` along a straight line (no covariance).
    pub fn extrapolate(&self, t: f64) -> (Ecef, Ecef) {
        let dt = t - self.time;
        let v = self.velocity().0;
        (Ecef(self.position().0 + v * dt), Ecef(v))
    }
}

/// What changed in one tracker update.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TrackChanges {
    /// Ids of tracks confirmed in this update.
    pub confirmed: Vec<u64>,
    /// Ids of confirmed tracks deleted in this update.
    pub lost: Vec<u64>,
    /// The deleted tracks as last held, in the order of `lost`.
    pub lost_tracks: Vec<Track>,
}

/// A battalion tracker: measurements in, tracks out.
///
/// It takes measurements, never a threat's trajectory:
///
/// ```
/// use iadsim_sim::sense::Measurement;
/// use iadsim_sim::track::Tracker;
///
/// fn feed(tracker: &mut dyn Tracker, step: &[Measurement]) {
///     tracker.update(step, 10.0);
/// }
/// ```
///
/// ```compile_fail
/// use iadsim_sim::track::Tracker;
/// use iadsim_sim::truth::Trajectory;
///
/// fn peek(tracker: &mut dyn Tracker, truth: &[Trajectory]) {
///     tracker.update(truth, 10.0);
/// }
/// ```
pub trait Tracker {
    /// Processes measurements (time-ordered, all with time ≤ `now`), then deletes stale
    /// tracks as of `now`.
    fn update(&mut self, measurements: &[Measurement], now: f64) -> TrackChanges;
    /// Like [`Tracker::update`] for the step (t0, now], with the battalion's `radars` (indexed
    /// by [`Measurement::radar`]) telling where each looked ([`RadarGeometry::searched`]),
    /// so a track is charged a miss only when a radar looked where it is. The default
    /// ignores the radars.
    fn update_looked(
        &mut self,
        measurements: &[Measurement],
        t0: f64,
        now: f64,
        radars: &[RadarGeometry],
    ) -> TrackChanges {
        let _ = (t0, radars);
        self.update(measurements, now)
    }
    /// Every live track (tentative and confirmed).
    fn tracks(&self) -> &[Track];
    /// What the last update did with its measurements: `(index into them, id of the track
    /// it updated or started)` per measurement that went into a track. The regiment command
    /// post relates a battalion track to its own track updated by the same radar report
    /// ([`crate::regiment`]). The default is empty: the tracker does not say.
    fn report_updates(&self) -> &[(usize, u64)] {
        &[]
    }
    /// A live track by id.
    fn track(&self, id: u64) -> Option<&Track> {
        self.tracks().iter().find(|t| t.id == id)
    }
}
