//! The clock: one fixed base step driving truth → engage → sense → track → assess →
//! decide, with every random draw taken from a stream derived from (seed, replication,
//! stream id), so the same inputs give the same events bit for bit.
//!
//! Within a step the stages run in that order: interceptors fly first so a threat killed
//! mid-step is not seen by a radar look after its death; radars look at their beam times
//! inside the step; the tracker takes the step's measurements in time order; the regiment
//! command post fuses the reports that have reached it ([`crate::regiment`], library
//! tracker only); threats that arrive are scored; the command post decides on its own
//! period. Events of a step are emitted in time order.

use std::sync::Arc;

use iadsim_core::{LocalFrame, rng};
use iadsim_setup::{RadarRole, Setup, ThreatClass};
use iadsim_track::metrics::Scorer;
use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;

use crate::assess::summary::{
    AssetSummary, ClassSummary, InterceptorSummary, RegimentTrackSummary, Summary, ThreatOutcome,
    TrackSummary,
};
use crate::decide::manager::{AssetView, BattleManager, FireUnitView, LauncherStatus, asset_view};
use crate::decide::nearest::NearestLauncherBattleManager;
use crate::decide::planning::InterceptPlanning;
use crate::decide::wta::WtaBattleManager;
use crate::engage::flyout::airframes::Airframe;
use crate::engage::flyout::flight::FlightSettings;
use crate::engage::flyout::interceptor::FlyoutInterceptor;
use crate::engage::interceptor::Interceptor;
use crate::engage::lead_collision::LeadCollisionInterceptor;
use crate::engage::outcome::FlightOutcome;
use crate::events::{EntityName, Event, EventKind, EventSink, TrackState};
use crate::observe::{InterceptorState, Observer, ThreatState};
use crate::sense::fixed_pd::FixedPdRadar;
use crate::sense::measurement::Measurement;
use crate::sense::physics::{PhysicsConfig, PhysicsRadar};
use crate::sense::sensor::{Detection, Sensor, Target};
use crate::track::imm_gnn::{ImmGnnTracker, LibraryTrackerSettings};
use crate::track::nearest::{NearestNeighbourSettings, NearestNeighbourTracker};
use crate::track::regiment::{RegimentPicture, RegimentSettings};
use crate::track::tracker::{Track, TrackChanges, TrackStatus, Tracker};
use crate::truth::error::TruthError;
use crate::truth::motion::ThreatMotionOverStep;
use crate::truth::trajectory::Trajectory;

/// Which battle-manager model decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BattleManagerKind {
    /// Threat evaluation and weapon-target assignment each cycle (`iadsim-wta`).
    #[default]
    Wta,
    /// The first model: most urgent track to the nearest ready launcher.
    NearestLauncher,
}

/// Which radar model senses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RadarModelKind {
    /// Radar equation (calibrated from the catalogue's reference detection), Swerling
    /// fluctuation, SNR-dependent accuracy, false alarms, scanning and channels.
    #[default]
    Physics,
    /// The first model: fixed Pd inside an RCS-scaled range, no false alarms.
    FixedPd,
}

/// Which tracker model each battalion runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TrackerKind {
    /// `iadsim-track`: IMM (constant velocity, manoeuvre, ballistic) EKF in radar polar
    /// coordinates, gated GNN, two-point initiation with track-score M-of-N confirmation,
    /// misses charged only where a radar looked ([`crate::track_library`]); the regiment command
    /// post runs the same tracker on every battalion's radar reports ([`crate::regiment`]).
    #[default]
    ImmGnn,
    /// The first model: CV Kalman filter on converted measurements, greedy nearest
    /// neighbour, 3-hit confirmation, coast-time deletion.
    NearestNeighbour,
}

/// Which interceptor model flies the missiles (the engage stage).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InterceptorModelKind {
    /// 3-DOF point-mass flyout over WGS-84 ([`crate::flyout`]): thrust and mass flow,
    /// Mach-dependent drag, lift-limited manoeuvre, midcourse on uplinked track data at
    /// the engagement radar's rate, PN/APN terminal homing on a noisy seeker.
    #[default]
    Flyout,
    /// The first model: constant-speed lead collision, instant turns
    /// ([`crate::engage::LeadCollisionInterceptor`]).
    LeadCollision,
}

impl InterceptorModelKind {
    /// The name used in events and the summary: `flyout` or `lead_collision`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Flyout => "flyout",
            Self::LeadCollision => "lead_collision",
        }
    }
}

/// Engine choices that are not part of the scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// The battle manager.
    pub battle_manager: BattleManagerKind,
    /// The radar model.
    pub radar_model: RadarModelKind,
    /// The tracker model.
    pub tracker: TrackerKind,
    /// The interceptor model.
    pub interceptor_model: InterceptorModelKind,
    /// Write a `detection` event for every false alarm too. Off by default: the physics
    /// radar's false alarms (hundreds of thousands a run, all faced by the tracker) would
    /// be ~97 % of the event log; the summary counts them (`tracks.false_alarms`).
    pub log_false_alarms: bool,
}

/// The model at each stage, as named in events, the summary and `--help`.
pub fn models(options: &EngineOptions) -> Vec<(String, String)> {
    let decide = match options.battle_manager {
        BattleManagerKind::Wta => {
            "threat evaluation (asset value x P(destroy)), weapon-target assignment each cycle, salvo / shoot-look-shoot / ballistic reserve"
        }
        BattleManagerKind::NearestLauncher => {
            "first model: urgency ranking, nearest ready launcher with a feasible lead-collision intercept, salvo and shoot-look-shoot doctrine"
        }
    };
    let sense = match options.radar_model {
        RadarModelKind::Physics => {
            "radar equation calibrated from the catalogue, Swerling 1, Pfa 1e-6, 4/3-Earth horizon, rotating / sector scan, SNR-dependent accuracy, false alarms; alert-confirm search on the engagement radar"
        }
        RadarModelKind::FixedPd => {
            "first model: fixed Pd inside an RCS-scaled range, 4/3-Earth horizon, rotating beam, Gaussian polar noise, no clutter"
        }
    };
    let track = match options.tracker {
        TrackerKind::ImmGnn => {
            "iadsim-track: IMM (constant velocity, manoeuvre, ballistic) EKF on polar measurements, chi-square gate, GNN, two-point initiation, 3-of-5 confirmation at track score ln 10^4, misses charged only where a radar looked; regiment command post fuses every radar's reports in time order (link latency, lag window, late reports rejected) and deconflicts battalions on its tracks"
        }
        TrackerKind::NearestNeighbour => {
            "first model: CV Kalman filter on converted measurements, greedy nearest neighbour in a chi-square gate, 3-hit confirmation"
        }
    };
    let (engage, assess) = match options.interceptor_model {
        InterceptorModelKind::Flyout => (
            "3-DOF flyout: thrust, Mach-dependent drag, US-1976, lift-limited manoeuvre, RK4; launch toward the predicted intercept point from the track, midcourse on track uplinks at the engagement radar's rate, PN/APN homing on a noisy seeker (active / semi-active / TVM)",
            "closest approach solved in-step on the RK4 cubic, Gaussian damage function of miss distance (lethal radius, single-shot Pk); battle manager judges kills from its tracks",
        ),
        InterceptorModelKind::LeadCollision => (
            "first model: constant-speed lead-collision flyout on uplinked tracks, seeker lock within 20 km, no airframe limits",
            "first model: closest approach solved in-step, kill with fixed Pk inside the lethal radius; battle manager judges kills from its tracks",
        ),
    };
    [
        ("sense", sense),
        ("track", track),
        ("decide", decide),
        ("engage", engage),
        ("assess", assess),
    ]
    .iter()
    .map(|(s, m)| (s.to_string(), m.to_string()))
    .collect()
}

/// Random stream ids (with the seed and replication they make each stream).
mod streams {
    pub const KILL: u64 = 1;
    pub const SEEKER: u64 = 2;
    pub const RADAR_BASE: u64 = 100;
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum EngineError {
    /// A threat's trajectory cannot be built.
    #[error("threat \"{name}\": {source}")]
    Trajectory {
        /// Threat name.
        name: String,
        /// The cause.
        source: TruthError,
    },
    /// The setup breaks a rule the engine relies on.
    #[error("invalid setup: {0}")]
    Setup(String),
    /// A missile type has no flyout airframe.
    #[error("launcher loadout: {0}")]
    Interceptor(crate::engage::flyout::airframes::UnknownAirframe),
    /// A radar's parameters are outside the model's domain.
    #[error("radar \"{name}\": {source}")]
    Radar {
        /// Radar name.
        name: String,
        /// The cause.
        source: crate::sense::radar::error::RadarError,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Waiting,
    Flying,
    Killed(f64),
    Arrived(f64),
}

struct PendingLaunch {
    time: f64,
    battalion: usize,
    launcher: usize,
    loadout: usize,
    track: u64,
}

/// Each threat's position at the last time it was asked for. A step's end position is
/// the next step's start position and the decision's truth, so each is evaluated once;
/// [`Trajectory::position_at`] is a pure function of the time, so a cached position is
/// the one a fresh evaluation gives, bit for bit.
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

    /// `trajectories[k].position_at(t)`, ECEF m.
    fn at(&mut self, trajectories: &[Trajectory], k: usize, t: f64) -> Option<Vector3<f64>> {
        let slot = &mut self.last[k];
        // Bits, not `==`: 0.0 and -0.0 are distinct arguments, and NaN never matches.
        if slot.0 != t.to_bits() || t.is_nan() {
            *slot = (t.to_bits(), trajectories[k].position_at(t).map(|p| p.0));
        }
        slot.1
    }
}

struct BattalionState {
    radars: Vec<Box<dyn Sensor>>,
    tracker: Box<dyn Tracker>,
    launchers: Vec<LauncherStatus>,
    reaction_time: f64,
    uplink_period: f64,
    guidance_channels: u32,
    target_channels: u32,
}

/// Runs one replication of `setup` with the default models, sending every event to
/// `sink`, and returns its summary.
pub fn run(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
) -> Result<Summary, EngineError> {
    run_with(setup, replication, sink, &EngineOptions::default())
}

/// Runs one replication of `setup` with the models chosen in `options`.
pub fn run_with(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
) -> Result<Summary, EngineError> {
    run_inner(setup, replication, sink, options, None)
}

/// Runs one replication like [`run_with`], also handing `observer` the state of every
/// threat and interceptor in flight at its sample times (see [`crate::observe`]). The
/// events and summary are the same as without an observer.
pub fn run_observed(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    observer: &mut dyn Observer,
) -> Result<Summary, EngineError> {
    run_inner(setup, replication, sink, options, Some(observer))
}

/// A setup with the work that does not depend on the replication done once: the
/// threats' trajectories (geodesic route tables, ballistic arcs). A Monte Carlo study runs
/// many replications of one setup; preparing it once saves rebuilding the trajectories
/// in every replication. A replication run from it gives the same events and summary, bit
/// for bit, as [`run_with`] / [`run_observed`] on the setup.
#[derive(Debug, Clone)]
pub struct PreparedSetup<'a> {
    setup: &'a Setup,
    trajectories: Vec<Trajectory>,
}

impl<'a> PreparedSetup<'a> {
    /// Checks `setup`'s clock and builds its trajectories. Errors: those [`run_with`]
    /// would return before its first step ([`EngineError::Setup`] for the time step or
    /// duration, [`EngineError::Trajectory`]), in the same order.
    pub fn new(setup: &'a Setup) -> Result<Self, EngineError> {
        check_clock(setup)?;
        Ok(Self {
            setup,
            trajectories: build_trajectories(setup)?,
        })
    }

    /// The setup.
    pub fn setup(&self) -> &'a Setup {
        self.setup
    }

    /// The threats' trajectories, in the order of `setup().threats`.
    pub fn trajectories(&self) -> &[Trajectory] {
        &self.trajectories
    }

    /// Runs one replication like [`run_with`].
    pub fn run_with(
        &self,
        replication: u64,
        sink: &mut dyn EventSink,
        options: &EngineOptions,
    ) -> Result<Summary, EngineError> {
        run_prepared(self, replication, sink, options, None)
    }

    /// Runs one replication like [`run_observed`].
    pub fn run_observed(
        &self,
        replication: u64,
        sink: &mut dyn EventSink,
        options: &EngineOptions,
        observer: &mut dyn Observer,
    ) -> Result<Summary, EngineError> {
        run_prepared(self, replication, sink, options, Some(observer))
    }
}

fn check_clock(setup: &Setup) -> Result<(), EngineError> {
    if !(setup.time_step > 0.0 && setup.time_step.is_finite()) {
        return Err(EngineError::Setup(format!(
            "time step must be a positive number of seconds, got {}",
            setup.time_step
        )));
    }
    if !(setup.duration > 0.0 && setup.duration.is_finite()) {
        return Err(EngineError::Setup(format!(
            "duration must be a positive number of seconds, got {}",
            setup.duration
        )));
    }
    Ok(())
}

fn build_trajectories(setup: &Setup) -> Result<Vec<Trajectory>, EngineError> {
    setup
        .threats
        .iter()
        .map(|t| {
            Trajectory::new(t).map_err(|source| EngineError::Trajectory {
                name: t.name.clone(),
                source,
            })
        })
        .collect()
}

fn run_inner(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    observer: Option<&mut dyn Observer>,
) -> Result<Summary, EngineError> {
    let prepared = PreparedSetup::new(setup)?;
    run_prepared(&prepared, replication, sink, options, observer)
}

fn run_prepared(
    prepared: &PreparedSetup<'_>,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    mut observer: Option<&mut dyn Observer>,
) -> Result<Summary, EngineError> {
    let setup = prepared.setup;
    let trajectories = prepared.trajectories.as_slice();
    let seed = setup.seed;
    let mut kill_rng = rng::stream(seed, replication, streams::KILL);
    let mut seeker_rng = rng::stream(seed, replication, streams::SEEKER);

    let mut units: Vec<BattalionState> = Vec::with_capacity(setup.regiment.battalions.len());
    for (b, bn) in setup.regiment.battalions.iter().enumerate() {
        let radar_rng = |r: u64| -> ChaCha8Rng {
            rng::stream(seed, replication, streams::RADAR_BASE + 2 * b as u64 + r)
        };
        let mut radars: Vec<Box<dyn Sensor>> = Vec::with_capacity(2);
        for (r, (spec, role)) in [
            (&bn.acquisition_radar, RadarRole::Acquisition),
            (&bn.engagement_radar, RadarRole::Engagement),
        ]
        .into_iter()
        .enumerate()
        {
            radars.push(match options.radar_model {
                RadarModelKind::FixedPd => {
                    Box::new(FixedPdRadar::new(spec.clone(), r, radar_rng(r as u64)))
                }
                RadarModelKind::Physics => Box::new(
                    PhysicsRadar::new(
                        spec.clone(),
                        r,
                        PhysicsConfig::for_battalion(setup, b, role),
                        radar_rng(r as u64),
                    )
                    .map_err(|source| EngineError::Radar {
                        name: spec.name.clone(),
                        source,
                    })?,
                ),
            });
        }
        let longest_scan = bn
            .acquisition_radar
            .scan_period
            .max(bn.engagement_radar.scan_period);
        let settings = NearestNeighbourSettings {
            process_noise: 400.0,
            gate: 13.8,
            confirm_hits: 3,
            initial_velocity_sigma: 1_500.0,
            tentative_timeout: 1.2 * longest_scan,
            coast_timeout: 3.0 * longest_scan,
        };
        let tracker: Box<dyn Tracker> = match options.tracker {
            TrackerKind::NearestNeighbour => {
                let frames: Vec<LocalFrame> = radars.iter().map(|r| *r.frame()).collect();
                Box::new(NearestNeighbourTracker::new(settings, frames))
            }
            TrackerKind::ImmGnn => Box::new(ImmGnnTracker::new(
                LibraryTrackerSettings::for_revisit(longest_scan),
                &radars,
            )),
        };
        units.push(BattalionState {
            radars,
            tracker,
            launchers: bn
                .launchers
                .iter()
                .map(|l| LauncherStatus {
                    position: l.position.to_ecef(),
                    rounds: l.loadout.iter().map(|m| m.count).collect(),
                    missiles: l.loadout.iter().map(|m| m.missile.clone()).collect(),
                    ready_at: 0.0,
                    launch_interval: l.launch_interval,
                })
                .collect(),
            reaction_time: bn.command_post.reaction_time,
            uplink_period: bn.engagement_radar.scan_period,
            guidance_channels: bn.engagement_radar.max_guided_missiles,
            target_channels: bn.engagement_radar.max_tracks,
        });
    }
    let assets: Vec<AssetView> = setup
        .assets
        .iter()
        .map(|a| asset_view(&a.position, a.value, a.radius))
        .collect();
    let assess_delay = 2.0
        * setup
            .regiment
            .battalions
            .iter()
            .map(|b| b.engagement_radar.scan_period)
            .fold(1.0, f64::max);
    // Each interceptor model is planned with its own envelope.
    let planning = match options.interceptor_model {
        InterceptorModelKind::Flyout => InterceptPlanning::FlyoutEnvelope,
        InterceptorModelKind::LeadCollision => InterceptPlanning::Catalogue,
    };
    let mut manager: Box<dyn BattleManager> = match options.battle_manager {
        BattleManagerKind::Wta => Box::new(
            WtaBattleManager::new(setup.doctrine.clone(), assess_delay).with_planning(planning),
        ),
        BattleManagerKind::NearestLauncher => Box::new(
            NearestLauncherBattleManager::new(setup.doctrine.clone(), assess_delay)
                .with_planning(planning),
        ),
    };
    // The regiment command post's fused picture (the library tracker only: the first model
    // keeps the battalions' track-to-track correlation).
    let mut regiment: Option<RegimentPicture> = match options.tracker {
        TrackerKind::ImmGnn => {
            let longest_scan = setup
                .regiment
                .battalions
                .iter()
                .map(|b| {
                    b.acquisition_radar
                        .scan_period
                        .max(b.engagement_radar.scan_period)
                })
                .fold(0.0, f64::max);
            let radars: Vec<&[Box<dyn Sensor>]> =
                units.iter().map(|u| u.radars.as_slice()).collect();
            Some(RegimentPicture::new(
                RegimentSettings::new(longest_scan, setup.time_step),
                setup.regiment.command_post.position,
                &radars,
            ))
        }
        TrackerKind::NearestNeighbour => None,
    };
    let mut regiment_summary = RegimentTrackSummary::default();
    let mut regiment_scorers = [(Scorer::new(5_000.0, 1.0), Scorer::new(1_000.0, 1.0))];
    let mut last_ranking: Vec<(usize, u64)> = Vec::new();
    let decision_period = setup.regiment.command_post.decision_period;

    let n = setup.threats.len();
    let mut fate = vec![Fate::Waiting; n];
    let mut first_detection: Vec<Option<f64>> = vec![None; n];
    let mut first_detection_range: Vec<Option<f64>> = vec![None; n];
    let mut engaged_by: Vec<u32> = vec![0; n];
    // A threat a missile fuzed against counts as engaged even if the launch mapping
    // (nearest threat to the track) named its neighbour in a tight wave.
    let mut fuzed_at: Vec<bool> = vec![false; n];
    let mut interceptors: Vec<Interceptor> = Vec::new();
    // Airframes of every loadout type, once per run (shared, built from the catalogue).
    let mut airframes: Vec<(String, Arc<Airframe>)> = Vec::new();
    if options.interceptor_model == InterceptorModelKind::Flyout {
        for bn in &setup.regiment.battalions {
            for l in &bn.launchers {
                for load in &l.loadout {
                    if !airframes.iter().any(|(k, _)| *k == load.missile.type_name) {
                        let af = crate::engage::flyout::airframes::shared(&load.missile)
                            .map_err(EngineError::Interceptor)?;
                        airframes.push((load.missile.type_name.clone(), af));
                    }
                }
            }
        }
    }
    let mut flying: Vec<usize> = Vec::new();
    let mut pending: Vec<PendingLaunch> = Vec::new();
    let mut track_summary = TrackSummary::default();
    // Per battalion: OSPA/GOSPA scorers at c = 5 km and c = 1 km (p = 1).
    let mut scorers: Vec<(Scorer, Scorer)> = (0..units.len())
        .map(|_| (Scorer::new(5_000.0, 1.0), Scorer::new(1_000.0, 1.0)))
        .collect();
    let mut missile_stats: Vec<InterceptorSummary> = Vec::new();
    let mut miss_sums: Vec<f64> = Vec::new();

    let name_list = |names: Vec<(String, String)>| -> Vec<EntityName> {
        names
            .into_iter()
            .enumerate()
            .map(|(id, (name, type_name))| EntityName {
                id,
                name,
                type_name,
            })
            .collect()
    };
    sink.record(&Event {
        time: 0.0,
        kind: EventKind::ScenarioStart {
            scenario: setup.name.clone(),
            seed,
            replication,
            threats: name_list(
                setup
                    .threats
                    .iter()
                    .map(|t| (t.name.clone(), t.type_name.clone()))
                    .collect(),
            ),
            battalions: name_list(
                setup
                    .regiment
                    .battalions
                    .iter()
                    .map(|b| (b.name.clone(), b.command_post.type_name.clone()))
                    .collect(),
            ),
            assets: name_list(
                setup
                    .assets
                    .iter()
                    .map(|a| (a.name.clone(), "asset".to_string()))
                    .collect(),
            ),
            models: models(options),
        },
    });

    let dt = setup.time_step;
    let steps = (setup.duration / dt).ceil() as u64;
    let mut next_decision = 0.0;
    let mut next_sample = observer
        .as_ref()
        .map_or(0.0, |o| o.sample_interval().max(0.0));
    // Only a sink that keeps events needs the per-step track reports and detections
    // built (a Monte Carlo replication discards them; its summary is the same).
    let keep_events = sink.keeps_events();
    // Per-step buffers, cleared and refilled each step rather than reallocated.
    let mut events: Vec<Event> = Vec::new();
    let mut detections: Vec<Detection> = Vec::new();
    let mut positions = PositionCache::new(n);
    let mut ended: Vec<usize> = Vec::new();
    let mut motions: Vec<ThreatMotionOverStep> = Vec::with_capacity(n);
    let mut targets: Vec<Target<'_>> = Vec::with_capacity(n);
    // Changes of `fate` so far, that count when `targets` was built, and the earliest
    // kill time among its killed threats, s.
    let mut fate_changes: u64 = 0;
    let mut targets_built: Option<u64> = None;
    let mut targets_expire = f64::INFINITY;
    let mut measurements: Vec<Measurement> = Vec::new();
    let mut truth: Vec<(u64, Vector3<f64>)> = Vec::with_capacity(n);
    let mut estimates: Vec<(u64, Vector3<f64>)> = Vec::new();
    for step in 0..steps {
        let t0 = step as f64 * dt;
        let t1 = ((step + 1) as f64 * dt).min(setup.duration);
        events.clear();

        // Truth: threats appear.
        for (i, threat) in setup.threats.iter().enumerate() {
            if fate[i] == Fate::Waiting && threat.start_time < t1 {
                fate[i] = Fate::Flying;
                fate_changes += 1;
                events.push(Event {
                    time: threat.start_time.max(t0),
                    kind: EventKind::ThreatLaunch {
                        threat: i,
                        class: threat.class,
                    },
                });
            }
        }

        // Engage: launches due in this step, then every missile in flight.
        pending.sort_by(|a, b| a.time.total_cmp(&b.time));
        let due = pending.iter().take_while(|p| p.time < t1).count();
        for p in pending.drain(..due) {
            let unit = &units[p.battalion];
            let launcher = &unit.launchers[p.launcher];
            let missile = launcher.missiles[p.loadout].clone();
            let track = unit.tracker.track(p.track);
            let id = interceptors.len();
            let Some(track) = track else {
                // The track died between decision and launch: the round stays.
                units[p.battalion].launchers[p.launcher].rounds[p.loadout] += 1;
                manager.interceptor_ended(p.battalion, p.track, p.time);
                continue;
            };
            // Analysis-only mapping from the track to the nearest live threat.
            let (tp, _) = track.extrapolate(p.time);
            let nearest = (0..n)
                .filter(|&k| fate[k] == Fate::Flying)
                .filter_map(|k| trajectories[k].position_at(p.time).map(|s| (k, s)))
                .map(|(k, s)| (s.distance(&tp), k))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, k)) = nearest {
                engaged_by[k] += 1;
            }
            let launch_time = p.time.max(t0);
            interceptors.push(match options.interceptor_model {
                InterceptorModelKind::LeadCollision => {
                    Interceptor::LeadCollision(Box::new(LeadCollisionInterceptor::launch(
                        id,
                        p.battalion,
                        missile.clone(),
                        &launcher.position,
                        launch_time,
                        track,
                    )))
                }
                InterceptorModelKind::Flyout => {
                    let airframe = airframes
                        .iter()
                        .find(|(k, _)| *k == missile.type_name)
                        .map(|(_, a)| Arc::clone(a))
                        .ok_or_else(|| {
                            EngineError::Setup(format!(
                                "missile type \"{}\" has no airframe",
                                missile.type_name
                            ))
                        })?;
                    let settings = FlightSettings {
                        uplink_period: unit.uplink_period,
                        ..crate::engage::flyout::envelope::planning_settings()
                    };
                    Interceptor::Flyout(Box::new(FlyoutInterceptor::launch(
                        id,
                        p.battalion,
                        missile.clone(),
                        airframe,
                        &launcher.position,
                        launch_time,
                        track,
                        settings,
                    )))
                }
            });
            flying.push(id);
            stat_for(&mut missile_stats, &mut miss_sums, &missile.type_name)
                .0
                .fired += 1;
            events.push(Event {
                time: p.time,
                kind: EventKind::Launch {
                    interceptor: id,
                    battalion: p.battalion,
                    launcher: p.launcher,
                    missile: missile.type_name.clone(),
                    track: p.track,
                    model: options.interceptor_model.name().to_string(),
                },
            });
        }

        ended.clear();
        motions.clear();
        if !flying.is_empty() {
            motions.extend((0..n).filter(|&k| fate[k] == Fate::Flying).filter_map(|k| {
                let tr = &trajectories[k];
                let a = positions.at(trajectories, k, t0.max(tr.start_time()))?;
                let b = positions.at(trajectories, k, t1.min(tr.end_time()))?;
                Some(ThreatMotionOverStep {
                    index: k,
                    position: [a, b],
                    glint: crate::engage::flyout::guidance::glint_sigma(setup.threats[k].class),
                })
            }));
        }
        for &id in &flying {
            let m = &mut interceptors[id];
            let track = units[m.battalion()].tracker.track(m.track());
            let outcome = m.fly(t0, t1, track, &motions, &mut seeker_rng, &mut kill_rng);
            match outcome {
                FlightOutcome::Flying => {}
                FlightOutcome::Detonated {
                    time,
                    threat,
                    miss,
                    killed,
                } => {
                    ended.push(id);
                    fuzed_at[threat] = true;
                    let (s, sum) =
                        stat_for(&mut missile_stats, &mut miss_sums, &m.missile().type_name);
                    s.detonations += 1;
                    *sum += miss;
                    events.push(Event {
                        time,
                        kind: EventKind::Intercept {
                            interceptor: id,
                            threat,
                            miss_distance: miss,
                            killed,
                        },
                    });
                    if killed {
                        s.kills += 1;
                        fate[threat] = Fate::Killed(time);
                        fate_changes += 1;
                        motions.retain(|mo| mo.index != threat);
                        events.push(Event {
                            time,
                            kind: EventKind::Kill {
                                threat,
                                interceptor: id,
                            },
                        });
                    }
                    manager.interceptor_ended(m.battalion(), m.track(), time);
                }
                FlightOutcome::Lost { time, reason } => {
                    ended.push(id);
                    stat_for(&mut missile_stats, &mut miss_sums, &m.missile().type_name)
                        .0
                        .lost += 1;
                    events.push(Event {
                        time,
                        kind: EventKind::InterceptorLost {
                            interceptor: id,
                            reason: reason.to_string(),
                        },
                    });
                    manager.interceptor_ended(m.battalion(), m.track(), time);
                }
            }
        }
        flying.retain(|id| !ended.contains(id));

        // Sense and track.
        // The targets depend on the fates and on t0 only through the killed threats
        // still in them: rebuilt when a fate changed or one of those kills is past.
        if targets_built != Some(fate_changes) || t0 >= targets_expire {
            targets_built = Some(fate_changes);
            targets_expire = f64::INFINITY;
            targets.clear();
            targets.extend((0..n).filter_map(|k| {
                let until = match fate[k] {
                    Fate::Flying => trajectories[k].end_time(),
                    Fate::Killed(t) if t > t0 => {
                        targets_expire = targets_expire.min(t);
                        t
                    }
                    _ => return None,
                };
                Some(Target {
                    index: k,
                    trajectory: &trajectories[k],
                    rcs: setup.threats[k].rcs,
                    until,
                })
            }));
        }
        for (b, unit) in units.iter_mut().enumerate() {
            detections.clear();
            for radar in unit.radars.iter_mut() {
                radar.scan(t0, t1, &targets, &mut detections);
            }
            detections.sort_by(|a, b| {
                a.measurement
                    .time
                    .total_cmp(&b.measurement.time)
                    .then(a.measurement.radar.cmp(&b.measurement.radar))
            });
            track_summary.detections += detections.len() as u64;
            for d in &detections {
                match d.threat {
                    Some(k) if first_detection[k].is_none() => {
                        first_detection[k] = Some(d.measurement.time);
                        first_detection_range[k] = Some(d.measurement.polar.range);
                    }
                    Some(_) => {}
                    None => {
                        track_summary.false_alarms += 1;
                        if !options.log_false_alarms {
                            continue;
                        }
                    }
                }
                if !keep_events {
                    continue;
                }
                events.push(Event {
                    time: d.measurement.time,
                    kind: EventKind::Detection {
                        battalion: b,
                        radar: d.measurement.radar,
                        range: d.measurement.polar.range,
                        azimuth: d.measurement.polar.azimuth,
                        elevation: d.measurement.polar.elevation,
                        threat: d.threat,
                    },
                });
            }
            measurements.clear();
            measurements.extend(detections.iter().map(|d| d.measurement));
            let changes = unit
                .tracker
                .update_looked(&measurements, t0, t1, &unit.radars);
            if let Some(rp) = regiment.as_mut() {
                rp.send(b, &measurements, unit.tracker.report_updates(), t1);
            }
            let (confirmed, lost) = track_change_events(&mut events, t1, Some(b), changes, |id| {
                unit.tracker.track(id)
            });
            track_summary.confirmed += confirmed;
            track_summary.lost += lost;
        }
        // The regiment command post fuses the reports that have reached it.
        if let Some(rp) = regiment.as_mut() {
            let changes = rp.update(t1, &|b, r, a, c, p| {
                units
                    .get(b)
                    .and_then(|u| u.radars.get(r))
                    .is_none_or(|s| s.searched(a, c, p))
            });
            let (confirmed, lost) =
                track_change_events(&mut events, t1, None, changes, |id| rp.track(id));
            regiment_summary.confirmed += confirmed;
            regiment_summary.lost += lost;
        }

        // Assess arrivals.
        for k in 0..n {
            if fate[k] != Fate::Flying || trajectories[k].end_time() > t1 {
                continue;
            }
            let time = trajectories[k].end_time();
            fate[k] = Fate::Arrived(time);
            fate_changes += 1;
            events.push(Event {
                time,
                kind: EventKind::Leak { threat: k },
            });
            let aim = trajectories[k].aim_point();
            for (a, asset) in assets.iter().enumerate() {
                if aim.distance(&asset.position) <= asset.radius {
                    events.push(Event {
                        time,
                        kind: EventKind::AssetHit {
                            threat: k,
                            asset: a,
                        },
                    });
                }
            }
        }

        // Decide.
        if t1 >= next_decision {
            next_decision += decision_period;
            // Track reports and accuracy against truth (analysis only: nothing below
            // reaches the battle manager).
            truth.clear();
            truth.extend(
                (0..n)
                    .filter(|&k| fate[k] == Fate::Flying)
                    .filter_map(|k| positions.at(trajectories, k, t1).map(|p| (k as u64, p))),
            );
            // Each battalion track's regiment track (the relation the battle manager
            // deconflicts on).
            let related: Vec<Vec<Option<u64>>> = units
                .iter()
                .enumerate()
                .map(|(b, u)| {
                    let tracks = u.tracker.tracks();
                    match regiment.as_mut() {
                        Some(rp) => {
                            rp.retain_battalion(b, tracks);
                            tracks.iter().map(|t| rp.related(b, t.id)).collect()
                        }
                        None => Vec::new(),
                    }
                })
                .collect();
            let scan = (t1 / decision_period).round() as i64;
            let pictures = units
                .iter()
                .enumerate()
                .map(|(b, u)| (Some(b), u.tracker.tracks()))
                .chain(regiment.as_ref().map(|rp| (None, rp.tracks())));
            for (b, tracks) in pictures {
                estimates.clear();
                for (i, track) in tracks.iter().enumerate() {
                    if track.status != TrackStatus::Confirmed {
                        continue;
                    }
                    estimates.push((track.id, track.extrapolate(t1).0.0));
                    if !keep_events {
                        continue;
                    }
                    events.push(Event {
                        time: t1,
                        kind: EventKind::TrackReport {
                            battalion: b,
                            track: track.id,
                            state: TrackState::of(track, t1),
                            regiment_track: b.and_then(|b| related[b].get(i).copied().flatten()),
                        },
                    });
                }
                if !truth.is_empty() || !estimates.is_empty() {
                    let scorer = match b {
                        Some(b) => &mut scorers[b],
                        None => &mut regiment_scorers[0],
                    };
                    scorer.0.add_scan(scan, &truth, &estimates);
                    scorer.1.add_scan(scan, &truth, &estimates);
                }
            }
            let views: Vec<FireUnitView<'_>> = units
                .iter()
                .enumerate()
                .map(|(b, u)| FireUnitView {
                    tracks: u.tracker.tracks(),
                    launchers: &u.launchers,
                    missiles_in_flight: flying
                        .iter()
                        .filter(|&&i| interceptors[i].battalion() == b)
                        .count() as u32
                        + pending.iter().filter(|p| p.battalion == b).count() as u32,
                    guidance_channels: u.guidance_channels,
                    target_channels: u.target_channels,
                    reaction_time: u.reaction_time,
                    regiment: regiment.as_ref().map(|_| related[b].as_slice()),
                })
                .collect();
            let decision = manager.decide(t1, &views, &assets);
            let order: Vec<(usize, u64)> = decision
                .ranking
                .iter()
                .map(|r| (r.battalion, r.track))
                .collect();
            if order != last_ranking {
                last_ranking = order;
                events.push(Event {
                    time: t1,
                    kind: EventKind::ThreatRanking {
                        ranks: decision.ranking,
                    },
                });
            }
            for a in decision.assessments {
                events.push(Event {
                    time: t1,
                    kind: EventKind::KillAssessment {
                        battalion: a.battalion,
                        track: a.track,
                        assessed_killed: a.killed,
                    },
                });
            }
            // Self-destruct orders: the object is judged killed, so the missiles still
            // flying at it are destroyed, and launches not yet made at it are cancelled
            // (the rounds stay on their launchers).
            for sd in &decision.self_destructs {
                for &id in &flying {
                    let m = &interceptors[id];
                    if m.battalion() != sd.battalion || m.track() != sd.track {
                        continue;
                    }
                    ended.push(id);
                    let s = stat_for(&mut missile_stats, &mut miss_sums, &m.missile().type_name).0;
                    s.lost += 1;
                    s.self_destructs += 1;
                    events.push(Event {
                        time: t1,
                        kind: EventKind::InterceptorLost {
                            interceptor: id,
                            reason: crate::decide::manager::SELF_DESTRUCT_ORDERED.to_string(),
                        },
                    });
                    manager.interceptor_ended(sd.battalion, sd.track, t1);
                }
                flying.retain(|id| !ended.contains(id));
                let mut kept = Vec::with_capacity(pending.len());
                for p in pending.drain(..) {
                    if p.battalion == sd.battalion && p.track == sd.track {
                        units[p.battalion].launchers[p.launcher].rounds[p.loadout] += 1;
                        manager.interceptor_ended(p.battalion, p.track, t1);
                    } else {
                        kept.push(p);
                    }
                }
                pending = kept;
            }
            for order in decision.orders {
                let unit = &mut units[order.battalion];
                for l in &order.launches {
                    let st = &mut unit.launchers[l.launcher];
                    st.rounds[l.loadout] -= 1;
                    st.ready_at = st.ready_at.max(l.time + st.launch_interval);
                    pending.push(PendingLaunch {
                        time: l.time,
                        battalion: order.battalion,
                        launcher: l.launcher,
                        loadout: l.loadout,
                        track: order.track,
                    });
                }
                events.push(Event {
                    time: t1,
                    kind: EventKind::EngagementPlanned {
                        battalion: order.battalion,
                        track: order.track,
                        assessed_class: order.assessed_class,
                        launchers: order.launches.iter().map(|l| l.launcher).collect(),
                        missile: order.missile,
                        predicted_intercept_time: order.predicted_intercept_time,
                        regiment_track: order.regiment_track,
                    },
                });
            }
        }

        if keep_events {
            events.sort_by(|a, b| a.time.total_cmp(&b.time));
            for e in &events {
                sink.record(e);
            }
        }

        // Observe (replay): interceptors that ended, then the sample at the step end.
        if let Some(obs) = observer.as_deref_mut() {
            // A flyout's clock sums RK4 sub-steps, so a missile still flying is reported
            // at the step end exactly (its clock differs by rounding, ~1e-13 s).
            let state = |id: usize, at: Option<f64>| {
                let m = &interceptors[id];
                InterceptorState {
                    id,
                    battalion: m.battalion(),
                    missile: &m.missile().type_name,
                    time: at.unwrap_or_else(|| m.time()),
                    position: m.position(),
                    velocity: m.velocity(),
                }
            };
            if !ended.is_empty() {
                obs.interceptors_ended(
                    &ended.iter().map(|&id| state(id, None)).collect::<Vec<_>>(),
                );
            }
            let interval = obs.sample_interval();
            let every_step = interval.is_nan() || interval <= 0.0;
            if every_step || t1 >= next_sample - 1e-9 * dt {
                next_sample = if !every_step {
                    ((t1 + 1e-9 * dt) / interval).floor() * interval + interval
                } else {
                    0.0
                };
                let threats: Vec<ThreatState> = (0..n)
                    .filter(|&k| fate[k] == Fate::Flying)
                    .filter_map(|k| {
                        trajectories[k].state_at(t1).map(|s| ThreatState {
                            index: k,
                            position: s.position,
                            velocity: s.velocity,
                        })
                    })
                    .collect();
                let flying_now: Vec<_> = flying.iter().map(|&id| state(id, Some(t1))).collect();
                obs.step(t1, &threats, &flying_now);
            }
        }
    }
    sink.record(&Event {
        time: setup.duration,
        kind: EventKind::ScenarioEnd,
    });

    // Summary.
    let classes = [
        ThreatClass::Aircraft,
        ThreatClass::CruiseMissile,
        ThreatClass::BallisticMissile,
    ];
    let mut threat_rows: Vec<ClassSummary> = classes
        .iter()
        .map(|&c| ClassSummary {
            class: Some(c),
            ..Default::default()
        })
        .collect();
    let mut all = ClassSummary::default();
    let mut outcomes = Vec::with_capacity(n);
    for (k, threat) in setup.threats.iter().enumerate() {
        let ci = classes.iter().position(|&c| c == threat.class).unwrap_or(0);
        let (fate_name, end) = match fate[k] {
            Fate::Waiting => ("not_launched", None),
            Fate::Flying => ("flying", None),
            Fate::Killed(t) => ("killed", Some(t)),
            Fate::Arrived(t) => ("leaked", Some(t)),
        };
        for row in [&mut threat_rows[ci], &mut all] {
            row.count += 1;
            row.launched += u32::from(fate[k] != Fate::Waiting);
            row.detected += u32::from(first_detection[k].is_some());
            row.engaged += u32::from(engaged_by[k] > 0 || fuzed_at[k]);
            row.killed += u32::from(matches!(fate[k], Fate::Killed(_)));
            row.leaked += u32::from(matches!(fate[k], Fate::Arrived(_)));
            row.flying_at_end += u32::from(fate[k] == Fate::Flying);
        }
        outcomes.push(ThreatOutcome {
            name: threat.name.clone(),
            class: threat.class,
            fate: fate_name.to_string(),
            end_time: end,
            first_detection: first_detection[k],
            first_detection_range: first_detection_range[k],
            interceptors: engaged_by[k],
        });
    }
    threat_rows.push(all);
    for row in &mut threat_rows {
        let ranges: Vec<f64> = outcomes
            .iter()
            .filter(|o| row.class.is_none_or(|c| c == o.class))
            .filter_map(|o| o.first_detection_range)
            .collect();
        if !ranges.is_empty() {
            row.first_detection_range_mean = Some(ranges.iter().sum::<f64>() / ranges.len() as f64);
            row.first_detection_range_min = ranges.iter().copied().reduce(f64::min);
            row.first_detection_range_max = ranges.iter().copied().reduce(f64::max);
        }
    }

    for unit in &units {
        for l in &unit.launchers {
            for (m, &r) in l.missiles.iter().zip(&l.rounds) {
                stat_for(&mut missile_stats, &mut miss_sums, &m.type_name)
                    .0
                    .remaining += r;
            }
        }
    }
    for p in &pending {
        let m = &units[p.battalion].launchers[p.launcher].missiles[p.loadout];
        stat_for(&mut missile_stats, &mut miss_sums, &m.type_name)
            .0
            .remaining += 1;
    }
    for (s, sum) in missile_stats.iter_mut().zip(&miss_sums) {
        s.mean_miss_distance = (s.detonations > 0).then(|| sum / f64::from(s.detonations));
        s.pk_per_round = (s.fired > 0).then(|| f64::from(s.kills) / f64::from(s.fired));
        s.pk_per_detonation =
            (s.detonations > 0).then(|| f64::from(s.kills) / f64::from(s.detonations));
        s.model = options.interceptor_model.name().to_string();
    }
    missile_stats.sort_by(|a, b| a.missile.cmp(&b.missile));

    let mut asset_rows: Vec<AssetSummary> = setup
        .assets
        .iter()
        .map(|a| AssetSummary {
            name: a.name.clone(),
            hits: 0,
        })
        .collect();
    for k in 0..n {
        if let Fate::Arrived(_) = fate[k] {
            let aim = trajectories[k].aim_point();
            for (a, asset) in assets.iter().enumerate() {
                if aim.distance(&asset.position) <= asset.radius {
                    asset_rows[a].hits += 1;
                }
            }
        }
    }
    let any_asset_hit = asset_rows.iter().any(|a| a.hits > 0);
    let battalions = score_tracks(&scorers);
    track_summary.ospa_mean_m = battalions.ospa_mean_m;
    track_summary.ospa_mean_c1km_m = battalions.ospa_mean_c1km_m;
    track_summary.gospa_mean_m = battalions.gospa_mean_m;
    track_summary.scored_samples = battalions.scored_samples;
    track_summary.false_tracks = battalions.false_tracks;
    track_summary.fragmentations = battalions.fragmentations;
    track_summary.position_error_rms_m = battalions.position_error_rms_m;
    if let Some(rp) = &regiment {
        let a = score_tracks(&regiment_scorers);
        track_summary.regiment = Some(RegimentTrackSummary {
            ospa_mean_m: a.ospa_mean_m,
            ospa_mean_c1km_m: a.ospa_mean_c1km_m,
            gospa_mean_m: a.gospa_mean_m,
            scored_samples: a.scored_samples,
            false_tracks: a.false_tracks,
            fragmentations: a.fragmentations,
            position_error_rms_m: a.position_error_rms_m,
            reports_fused: rp.fused(),
            reports_rejected: rp.rejected(),
            link_latency_s: rp.settings().link_latency,
            lag_window_s: rp.settings().lag_window,
            ..regiment_summary
        });
    }
    let mut summary = Summary {
        scenario: setup.name.clone(),
        seed,
        replication,
        simulated_time: setup.duration,
        models: models(options),
        threats: threat_rows,
        interceptors: missile_stats,
        assets: asset_rows,
        any_asset_hit,
        tracks: track_summary,
        threat_outcomes: outcomes,
        cost: None,
    };
    summary.cost = crate::assess::summary::CostSummary::compute(setup, &summary);
    Ok(summary)
}

/// A picture's accuracy against truth, from its scorers (one per battalion, or the
/// regiment's), as [`TrackSummary`] reports it.
#[derive(Debug, Default)]
struct Accuracy {
    ospa_mean_m: f64,
    ospa_mean_c1km_m: f64,
    gospa_mean_m: f64,
    scored_samples: u32,
    false_tracks: u32,
    fragmentations: u32,
    position_error_rms_m: f64,
}

/// Scores the pictures behind `scorers` together (see [`TrackSummary`]).
fn score_tracks(scorers: &[(Scorer, Scorer)]) -> Accuracy {
    let mut summary = Accuracy::default();
    let (mut ospa, mut ospa1, mut gospa, mut samples) = (0.0, 0.0, 0.0, 0usize);
    let (mut sq, mut matched) = (0.0, 0usize);
    for (c5, c1) in scorers {
        let s5 = c5.finish();
        let s1 = c1.finish();
        for (a, b) in s5.per_scan.iter().zip(&s1.per_scan) {
            ospa += a.ospa;
            gospa += a.gospa;
            ospa1 += b.ospa;
        }
        samples += s5.per_scan.len();
        summary.false_tracks += s5.quality.false_tracks as u32;
        summary.fragmentations += s5.quality.fragmentations as u32;
        let m: usize = s5.per_scan.iter().map(|x| x.n_truth - x.missed).sum();
        if s5.rms_pos_err_matched.is_finite() && m > 0 {
            sq += s5.rms_pos_err_matched.powi(2) * m as f64;
            matched += m;
        }
    }
    if samples > 0 {
        let k = samples as f64;
        summary.ospa_mean_m = ospa / k;
        summary.ospa_mean_c1km_m = ospa1 / k;
        summary.gospa_mean_m = gospa / k;
    }
    summary.scored_samples = samples as u32;
    if matched > 0 {
        summary.position_error_rms_m = (sq / matched as f64).sqrt();
    }
    summary
}

fn stat_for<'a>(
    stats: &'a mut Vec<InterceptorSummary>,
    sums: &'a mut Vec<f64>,
    missile: &str,
) -> (&'a mut InterceptorSummary, &'a mut f64) {
    let i = match stats.iter().position(|s| s.missile == missile) {
        Some(i) => i,
        None => {
            stats.push(InterceptorSummary {
                missile: missile.to_string(),
                ..Default::default()
            });
            sums.push(0.0);
            stats.len() - 1
        }
    };
    (&mut stats[i], &mut sums[i])
}

/// Appends the `track_start` / `track_loss` events of one picture's update at `time`
/// (`battalion`: `None` for the regiment picture) and returns how many tracks were
/// confirmed and lost. A confirmed id the picture no longer holds gets no event but still
/// counts.
fn track_change_events<'a>(
    events: &mut Vec<Event>,
    time: f64,
    battalion: Option<usize>,
    changes: TrackChanges,
    track: impl Fn(u64) -> Option<&'a Track>,
) -> (u32, u32) {
    let confirmed = changes.confirmed.len() as u32;
    for id in changes.confirmed {
        let Some(t) = track(id) else {
            continue;
        };
        events.push(Event {
            time,
            kind: EventKind::TrackStart {
                battalion,
                track: id,
                state: TrackState::of(t, time),
            },
        });
    }
    for (id, t) in changes.lost.iter().zip(&changes.lost_tracks) {
        events.push(Event {
            time,
            kind: EventKind::TrackLoss {
                battalion,
                track: *id,
                state: TrackState::of(t, t.time),
            },
        });
    }
    (confirmed, changes.lost.len() as u32)
}
