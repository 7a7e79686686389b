//! The run's state as plain data, split the way the kill chain splits it: what only the
//! truth knows ([`Threats`]), the sensors that scan it, what the defence knows and decides
//! with ([`Defence`]), the missiles in flight ([`Flights`]), and the analysis kept against
//! the truth ([`Tally`]).

use std::sync::Arc;

use iadsim_setup::Setup;
use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;

use super::options::EngineOptions;
use crate::assess::tally::Tally;
use crate::decide::manager::{AssetView, BattleManager, LauncherStatus};
use crate::engage::flyout::airframes::Airframe;
use crate::engage::interceptor::Interceptor;
use crate::events::Event;
use crate::sense::dwell::Dwell;
use crate::sense::geometry::RadarGeometry;
use crate::sense::measurement::Measurement;
use crate::sense::sensor::{Detection, Sensor};
use crate::track::fire_control::{ChannelChange, FireControl};
use crate::track::regiment::RegimentPicture;
use crate::track::tracker::Tracker;
use crate::truth::motion::ThreatMotionOverStep;
use crate::truth::threats::Threats;

/// The run's clock: a fixed base step, and the command post's own period.
#[derive(Debug, Clone)]
pub(crate) struct Clock {
    /// Base step, s.
    pub dt: f64,
    /// Simulated span, s.
    pub duration: f64,
    /// Number of steps.
    pub steps: u64,
    /// Period of the command post's decision cycle, s.
    pub decision_period: f64,
    /// Time of the next decision, s.
    pub next_decision: f64,
    /// Time of the next observer sample, s.
    pub next_sample: f64,
}

impl Clock {
    /// The span (t0, t1] of step `step`, s.
    pub fn span(&self, step: u64) -> (f64, f64) {
        let t0 = step as f64 * self.dt;
        let t1 = ((step + 1) as f64 * self.dt).min(self.duration);
        (t0, t1)
    }

    /// Whether the command post decides at the end of a step ending at `t1` s (and, if
    /// so, schedules the next decision).
    pub fn decision_due(&mut self, t1: f64) -> bool {
        let due = t1 >= self.next_decision;
        if due {
            self.next_decision += self.decision_period;
        }
        due
    }
}

/// One battalion as the defence knows it: its radars' geometry, its tracker, launchers and
/// engagement radar's channels.
pub(crate) struct Battalion {
    /// What it knows of its radars (0 acquisition, 1 engagement).
    pub radars: Vec<RadarGeometry>,
    /// The battalion's tracker.
    pub tracker: Box<dyn Tracker>,
    /// Its launchers.
    pub launchers: Vec<LauncherStatus>,
    /// Delay from a decision to the first launch, s.
    pub reaction_time: f64,
    /// The engagement radar's update period: the missiles' uplink period, s.
    pub uplink_period: f64,
    /// Missiles the engagement radar can guide at once.
    pub guidance_channels: u32,
    /// Targets the engagement radar can engage at once.
    pub target_channels: u32,
    /// The engagement radar's fire control (its channels, sector and slews): what holds
    /// and guides. `None` under the fixed-Pd radar model, whose engagement radar makes no
    /// revisits: there the battalion's track guides, as before issue 16.
    pub fire_control: Option<FireControl>,
}

/// What the defence knows and decides with: its battalions, the regiment command post's
/// picture and battle manager, the defended assets. Never a threat or a trajectory.
pub(crate) struct Defence {
    /// The battalions, in setup order.
    pub battalions: Vec<Battalion>,
    /// The defended assets.
    pub assets: Vec<AssetView>,
    /// The regiment command post's battle manager.
    pub manager: Box<dyn BattleManager>,
    /// The regiment command post's fused picture (the library tracker only).
    pub regiment: Option<RegimentPicture>,
    /// The last ranking reported, as (battalion, track) pairs.
    pub last_ranking: Vec<(usize, u64)>,
}

/// A launch ordered and not yet made.
#[derive(Debug, Clone)]
pub(crate) struct PendingLaunch {
    /// Launch time, s.
    pub time: f64,
    /// Battalion.
    pub battalion: usize,
    /// Launcher in the battalion.
    pub launcher: usize,
    /// Loadout entry on the launcher.
    pub loadout: usize,
    /// Track of the battalion it is fired at.
    pub track: u64,
}

/// The engage stage's state: launches ordered, missiles in flight, and the random
/// streams of seekers and kills.
pub(crate) struct Flights {
    /// Every interceptor launched, by id (launch order).
    pub interceptors: Vec<Interceptor>,
    /// Ids of those still flying.
    pub flying: Vec<usize>,
    /// Launches ordered, not yet made.
    pub pending: Vec<PendingLaunch>,
    /// Flyout airframes by missile type (the flyout model only).
    pub airframes: Vec<(String, Arc<Airframe>)>,
    /// Seeker noise draws.
    pub seeker_rng: ChaCha8Rng,
    /// Kill draws.
    pub kill_rng: ChaCha8Rng,
}

/// Buffers refilled every step rather than reallocated.
pub(crate) struct Scratch {
    /// The step's events, emitted in time order at its end.
    pub events: Vec<Event>,
    /// Per battalion: the step's detections, in time order.
    pub detections: Vec<Vec<Detection>>,
    /// Per battalion: the step's `detection` events, logged before its track changes.
    pub detection_events: Vec<Vec<Event>>,
    /// The measurements handed to one battalion's tracker.
    pub measurements: Vec<Measurement>,
    /// Interceptors that stopped flying in the step.
    pub ended: Vec<usize>,
    /// The threats' straight segments over the step (for seekers and fuzes).
    pub motions: Vec<ThreatMotionOverStep>,
    /// What the radars can see, as (object index, last instant it exists s): rebuilt when
    /// a fate changes or a killed threat in it has passed its end.
    pub targets: Vec<(usize, f64)>,
    /// The fate-change stamp `targets` was built at.
    pub targets_built: Option<u64>,
    /// The earliest end among the killed threats still in `targets`, s.
    pub targets_expire: f64,
    /// At a decision: the threats in flight (scoring).
    pub truth: Vec<(u64, Vector3<f64>)>,
    /// At a decision: one picture's confirmed estimates (scoring).
    pub estimates: Vec<(u64, Vector3<f64>)>,
    /// At a decision: per battalion, each of its tracks' regiment track.
    pub related: Vec<Vec<Option<u64>>>,
    /// The fire control's buffers.
    pub fire: FireScratch,
}

/// Buffers of the fire control's step, kept between steps.
#[derive(Debug, Default)]
pub(crate) struct FireScratch {
    /// The revisits of one batch.
    pub dwells: Vec<Dwell>,
    /// Per detection of a batch, the dwell that made it.
    pub answered: Vec<usize>,
    /// The batch's detections as measurements.
    pub returns: Vec<Measurement>,
    /// Channels taken and freed in the step.
    pub changes: Vec<ChannelChange>,
    /// Of a batch's returns, those its channels took (the plots reported).
    pub taken: Vec<usize>,
}

/// The whole state of one replication.
pub(crate) struct World<'a> {
    /// The scenario.
    pub setup: &'a Setup,
    /// Replication index.
    pub replication: u64,
    /// The models chosen.
    pub options: EngineOptions,
    /// Whether the sink keeps events (otherwise per-step reports are not built).
    pub keep_events: bool,
    /// Whether it keeps the detail events (`detection`, `track_report`,
    /// `threat_ranking`); otherwise they are not built.
    pub keep_detail: bool,
    /// The clock.
    pub clock: Clock,
    /// The truth.
    pub threats: Threats<'a>,
    /// Per battalion, its radars (0 acquisition, 1 engagement): they scan the truth.
    pub sensors: Vec<Vec<Box<dyn Sensor>>>,
    /// The defence.
    pub defence: Defence,
    /// The missiles.
    pub flights: Flights,
    /// The analysis against truth.
    pub tally: Tally,
    /// Per-step buffers.
    pub scratch: Scratch,
}
