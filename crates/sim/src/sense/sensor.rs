//! The sensor interface: a radar model scans the truth over a step and reports
//! detections. Only the engine's sense stage holds these; trackers get the radar's
//! geometry ([`super::geometry`]) and its measurements, never the sensor.

use iadsim_core::rng;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::dwell::Dwell;
use super::geometry::RadarGeometry;
use super::measurement::Measurement;
use crate::truth::debris::RcsFade;
use crate::truth::trajectory::Trajectory;

/// A measurement with the truth behind it kept aside for the event log and scoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// What the tracker gets.
    pub measurement: Measurement,
    /// The object that caused it (`None` for a false alarm): a threat, or a debris
    /// fragment ([`Target::index`]). Never given to the tracker.
    pub threat: Option<usize>,
}

/// What a radar can see of one truth object (a threat or a debris fragment) for one step.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// Object index: the threat's index, or, for a debris fragment, the number of threats
    /// plus the fragment's number ([`crate::truth::Threats::object`]).
    pub index: usize,
    /// The object's identity ([`iadsim_core::rng::name_key`] of a threat's name; a
    /// fragment's key derives from its threat's): a radar draws its looks at the object
    /// from a stream of that key, whatever its index.
    pub key: u64,
    /// Its trajectory.
    pub trajectory: &'a Trajectory,
    /// Mean RCS, m²: the largest it has (a fragment's fades, see `fading`).
    pub rcs: f64,
    /// How its mean RCS fades (a debris fragment); `None`: constant `rcs`.
    pub fading: Option<RcsFade>,
    /// Last instant it exists (killed, arrived, landed), s; no look after it sees it.
    pub until: f64,
}

impl Target<'_> {
    /// Mean RCS at `t` s, m²: `rcs`, or the fragment's fading RCS then.
    #[inline]
    pub fn rcs_at(&self, t: f64) -> f64 {
        match &self.fading {
            None => self.rcs,
            Some(f) => f.at(t),
        }
    }
}

/// Whether a radar could see a point, as the leak attribution asks after the run (analysis
/// only): the first of its limits the point fails, or visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Visibility {
    /// The model cannot say.
    Unknown,
    /// Beyond the range it detects the target at (or outside its elevation limits or
    /// search sector).
    OutOfRange,
    /// Within range but below the smooth 4/3-Earth horizon.
    BelowHorizon,
    /// Within range and above the smooth horizon, but masked by terrain.
    Masked,
    /// Inside its coverage.
    Visible,
}

/// A radar model as the engine's sense stage drives it: it scans the truth and reports the
/// detections made during one time step.
pub trait Sensor {
    /// Detections with look times in (t0, t1], in time order.
    fn scan(&mut self, t0: f64, t1: f64, targets: &[Target<'_>], out: &mut Vec<Detection>);
    /// What a tracker may know of this radar (its frame, where it searched, clutter
    /// density, nominal Pd): the only part of a sensor the defence's stages are given.
    fn geometry(&self) -> RadarGeometry;
    /// Track revisits: each of `dwells` (times in the step, in any order) points the beam
    /// where the defence's track predicts; a target inside the beam and the range gate may
    /// be detected, the less likely the farther it is off the beam centre. Detections are
    /// appended to `out` and, for each, the index of the dwell that made it to `answered`.
    /// The default makes no dwell (a radar that holds no tracks).
    fn dwell(
        &mut self,
        dwells: &[Dwell],
        targets: &[Target<'_>],
        out: &mut Vec<Detection>,
        answered: &mut Vec<usize>,
    ) {
        let _ = (dwells, targets, out, answered);
    }
    /// Points the search sector at `centre` (rad clockwise from north), `width` rad wide,
    /// searching nothing during `blind` (s, from–to: the antenna turning). The default
    /// ignores it (a radar searching all round).
    fn steer(&mut self, centre: f64, width: f64, blind: Option<(f64, f64)>) {
        let _ = (centre, width, blind);
    }

    /// Whether it could see a target of mean RCS `rcs` (m²) at `position` (ECEF, m): for
    /// the leak attribution after the run, never for a decision.
    fn visibility(&self, _position: &iadsim_core::Ecef, _rcs: f64) -> Visibility {
        Visibility::Unknown
    }
}

/// A radar's random streams for its looks at each threat, one per threat, derived from
/// the radar's own stream and the threat's key ([`Target::key`]): the draws a threat sees
/// do not depend on which other threats the radar looked at, nor on the order the
/// scenario lists them in.
#[derive(Debug, Clone)]
pub struct LookStreams {
    base: u64,
    streams: Vec<Option<ChaCha8Rng>>,
}

impl LookStreams {
    /// Streams keyed by one draw from the radar's own stream `rng`.
    pub fn new(rng: &mut ChaCha8Rng) -> Self {
        Self {
            base: rng.random(),
            streams: Vec::new(),
        }
    }

    /// The stream of `target` (started on first use).
    pub fn of(&mut self, target: &Target<'_>) -> &mut ChaCha8Rng {
        if self.streams.len() <= target.index {
            self.streams.resize(target.index + 1, None);
        }
        let base = self.base;
        self.streams[target.index].get_or_insert_with(|| rng::stream(base, 0, target.key))
    }
}
