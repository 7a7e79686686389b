//! Building a run: the models each stage uses, from the setup and the [`EngineOptions`],
//! each with its own random stream derived from (seed, replication, stream id).

use std::sync::Arc;

use iadsim_core::{LocalFrame, rng};
use iadsim_setup::{Battalion as BattalionSpec, RadarRole, Setup};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::options::{
    BattleManagerKind, EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind,
};
use super::run::{EngineError, PreparedSetup};
use super::world::{Battalion, Clock, Defence, FireScratch, Flights, Scratch, World};
use crate::assess::arrivals::reaches_asset;
use crate::assess::tally::Tally;
use crate::decide::manager::{AssetView, BattleManager, LauncherStatus, asset_view};
use crate::decide::nearest::NearestLauncherBattleManager;
use crate::decide::planning::InterceptPlanning;
use crate::decide::wta::WtaBattleManager;
use crate::engage::flyout::airframes::Airframe;
use crate::sense::fixed_pd::FixedPdRadar;
use crate::sense::geometry::RadarGeometry;
use crate::sense::physics::{PhysicsConfig, PhysicsRadar};
use crate::sense::radar::scan::ScanPattern;
use crate::sense::radar::terrain::Dem;
use crate::sense::sensor::Sensor;
use crate::track::fire_control::{FireControl, FireControlSettings, Sector};
use crate::track::imm_gnn::ImmGnnTracker;
use crate::track::nearest::{NearestNeighbourSettings, NearestNeighbourTracker};
use crate::track::picture::LibraryTrackerSettings;
use crate::track::regiment::{RegimentPicture, RegimentSettings};
use crate::track::tracker::Tracker;
use crate::truth::TerrainHeight;
use crate::truth::debris::Ground;
use crate::truth::threats::Threats;

/// Random stream ids (with the seed and replication they make each stream).
mod streams {
    /// Kill draws.
    pub const KILL: u64 = 1;
    /// Seeker noise.
    pub const SEEKER: u64 = 2;
    /// Debris: one draw seeds every threat's own debris stream.
    pub const DEBRIS: u64 = 3;
    /// Radar `r` of battalion `b` draws from `RADAR_BASE + 2b + r`.
    pub const RADAR_BASE: u64 = 100;
}

impl<'a> World<'a> {
    /// The state of replication `replication` of `prepared` at time 0, with the models
    /// of `options`. `keep`: whether the sink keeps events, and the detail events
    /// ([`EventSink::keeps_detail`](crate::events::EventSink::keeps_detail)); `sample_interval`: the observer's, if any.
    pub(crate) fn new(
        prepared: &'a PreparedSetup<'_>,
        replication: u64,
        options: &EngineOptions,
        keep: (bool, bool),
        sample_interval: Option<f64>,
    ) -> Result<Self, EngineError> {
        let setup = prepared.setup();
        let seed = setup.seed;
        let mut sensors = Vec::with_capacity(setup.regiment.battalions.len());
        let mut battalions = Vec::with_capacity(setup.regiment.battalions.len());
        for (b, bn) in setup.regiment.battalions.iter().enumerate() {
            let streams = (seed, replication);
            let radars = radars(setup, b, options.radar_model, streams, prepared.terrain())?;
            let geometry: Vec<RadarGeometry> = radars.iter().map(|r| r.geometry()).collect();
            let tracker = tracker(bn, &geometry, options.tracker);
            let mut unit = battalion(bn, geometry, tracker);
            let frame = unit.radars.get(1).map(|g| g.frame);
            unit.fire_control = frame.and_then(|f| fire_control(setup, b, options.radar_model, f));
            battalions.push(unit);
            sensors.push(radars);
        }
        let defence = Defence {
            assets: setup
                .assets
                .iter()
                .map(|a| asset_view(&a.position, a.value, a.radius))
                .collect(),
            manager: manager(prepared, options),
            regiment: regiment(setup, &battalions, options.tracker),
            battalions,
            last_ranking: Vec::new(),
        };
        let flights = Flights {
            interceptors: Vec::new(),
            flying: Vec::new(),
            pending: Vec::new(),
            airframes: airframes(setup, options.interceptor_model)?,
            seeker_rng: rng::stream(seed, replication, streams::SEEKER),
            kill_rng: rng::stream(seed, replication, streams::KILL),
        };
        Ok(Self {
            setup,
            replication,
            options: *options,
            keep_events: keep.0,
            keep_detail: keep.0 && keep.1,
            clock: clock(setup, sample_interval),
            threats: threats(prepared, replication, &defence.assets),
            tally: Tally::new(setup.threats.len(), sensors.len()),
            scratch: scratch(setup.threats.len(), sensors.len()),
            sensors,
            defence,
            flights,
        })
    }
}

fn clock(setup: &Setup, sample_interval: Option<f64>) -> Clock {
    Clock {
        dt: setup.time_step,
        duration: setup.duration,
        steps: (setup.duration / setup.time_step).ceil() as u64,
        decision_period: setup.regiment.command_post.decision_period,
        next_decision: 0.0,
        next_sample: sample_interval.map_or(0.0, |i| i.max(0.0)),
    }
}

/// The truth: the prepared trajectories, with the glint each threat's class shows a
/// seeker, whether each ends on an aim point over one of the `assets` (only those leak),
/// and the debris the killed ones leave (see [`debris_ground`]).
fn threats<'a>(
    prepared: &'a PreparedSetup<'_>,
    replication: u64,
    assets: &[AssetView],
) -> Threats<'a> {
    let setup = prepared.setup();
    let glint = setup
        .threats
        .iter()
        .map(|t| crate::engage::flyout::seeker::glint_sigma(t.class))
        .collect();
    let seed: u64 = rng::stream(setup.seed, replication, streams::DEBRIS).random();
    let reaches_asset = prepared
        .trajectories()
        .iter()
        .map(|tr| tr.attacks() && reaches_asset(&tr.aim_point(), assets))
        .collect();
    Threats::new(
        &setup.threats,
        prepared.trajectories(),
        glint,
        reaches_asset,
    )
    .with_debris(debris_ground(setup, prepared.terrain()), seed)
}

/// Where debris stops falling: the ground of the setup's `terrain` model when it has
/// one; without, a smooth Earth at the lowest ground
/// the setup knows of the defended area — the regiment's radar sites' ground heights and
/// the defended assets' heights (0 m, the ellipsoid, when it knows none). The radars see
/// over a smooth Earth at their own site's ground height, so a fragment is lost to them
/// near where it lands.
pub(crate) fn debris_ground(setup: &Setup, terrain: Option<&Arc<Dem>>) -> Ground {
    if let Some(dem) = terrain {
        return Ground::Terrain(Arc::clone(dem) as Arc<dyn TerrainHeight>);
    }
    let radars = setup
        .regiment
        .battalions
        .iter()
        .flat_map(|b| [&b.acquisition_radar, &b.engagement_radar])
        .map(|r| r.ground_height);
    let assets = setup.assets.iter().map(|a| a.position.height);
    let lowest = radars.chain(assets).fold(f64::INFINITY, f64::min);
    Ground::Smooth(if lowest.is_finite() { lowest } else { 0.0 })
}

fn scratch(threats: usize, battalions: usize) -> Scratch {
    Scratch {
        events: Vec::new(),
        detections: vec![Vec::new(); battalions],
        detection_events: vec![Vec::new(); battalions],
        measurements: Vec::new(),
        ended: Vec::new(),
        motions: Vec::with_capacity(threats),
        targets: Vec::with_capacity(threats),
        targets_built: None,
        targets_expire: f64::INFINITY,
        truth: Vec::with_capacity(threats),
        estimates: Vec::new(),
        related: Vec::new(),
        fire: FireScratch::default(),
    }
}

/// Battalion `b`'s radars, acquisition then engagement, under `model`, drawing from
/// the streams of (seed, replication) `streams`; over `terrain` when the setup has one
/// (both models: the antenna on the DEM ground, every sight line tested against it).
fn radars(
    setup: &Setup,
    b: usize,
    model: RadarModelKind,
    (seed, replication): (u64, u64),
    terrain: Option<&Arc<Dem>>,
) -> Result<Vec<Box<dyn Sensor>>, EngineError> {
    let bn = &setup.regiment.battalions[b];
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
        let mut rng = radar_rng(r as u64);
        let phase = scan_phase(spec, &mut rng);
        radars.push(match model {
            RadarModelKind::FixedPd => {
                let radar = FixedPdRadar::new(spec.clone(), r, phase, rng);
                match terrain {
                    Some(dem) => Box::new(radar.with_terrain(Arc::clone(dem))),
                    None => Box::new(radar),
                }
            }
            RadarModelKind::Physics => {
                let mut config =
                    PhysicsConfig::for_battalion(&setup.regiment, &setup.assets, b, role);
                config.scan = config.scan.with_phase(phase);
                let radar = PhysicsRadar::new(spec.clone(), r, config, rng).map_err(|source| {
                    EngineError::Radar {
                        name: spec.name.clone(),
                        source,
                    }
                })?;
                match terrain {
                    Some(dem) => Box::new(radar.with_terrain(Arc::clone(dem))),
                    None => Box::new(radar),
                }
            }
        });
    }
    Ok(radars)
}

/// The radar's scan phase at scenario start, s: the scenario's, or (unknown to the
/// defence) uniform on [0, `scan_period`), the first draw of the radar's own stream.
fn scan_phase(spec: &iadsim_setup::Radar, rng: &mut ChaCha8Rng) -> f64 {
    match spec.scan_phase {
        Some(phase) => phase,
        None => spec.scan_period * rng.random::<f64>(),
    }
}

/// Battalion `bn`'s tracker over its `radars`.
fn tracker(bn: &BattalionSpec, radars: &[RadarGeometry], kind: TrackerKind) -> Box<dyn Tracker> {
    let longest_scan = bn
        .acquisition_radar
        .scan_period
        .max(bn.engagement_radar.scan_period);
    match kind {
        TrackerKind::NearestNeighbour => {
            let settings = NearestNeighbourSettings {
                process_noise: 400.0,
                gate: 13.8,
                confirm_hits: 3,
                initial_velocity_sigma: 1_500.0,
                tentative_timeout: 1.2 * longest_scan,
                coast_timeout: 3.0 * longest_scan,
            };
            let frames: Vec<LocalFrame> = radars.iter().map(|r| r.frame).collect();
            Box::new(NearestNeighbourTracker::new(settings, frames))
        }
        TrackerKind::ImmGnn => Box::new(ImmGnnTracker::new(
            LibraryTrackerSettings::for_revisit(longest_scan),
            radars,
        )),
    }
}

/// Battalion `bn` at time 0: every round on its launchers.
fn battalion(
    bn: &BattalionSpec,
    radars: Vec<RadarGeometry>,
    tracker: Box<dyn Tracker>,
) -> Battalion {
    Battalion {
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
        fire_control: None,
    }
}

/// Battalion `b`'s fire control: its engagement radar's channels and sector under the
/// physics radar model (`None` under the fixed-Pd model, whose radars make no revisits).
/// The revisit period, misses to drop and blind range are the radar's
/// ([`PhysicsConfig`]), at `frame` (the radar's site); the channels' filter and gate are \[P\] choices: white-noise
/// acceleration 1,000 m²/s³ (a 3 g manoeuvre over a 0.5 s revisit), a range gate of 4 σ
/// and at least 100 m (three 30 m range cells).
fn fire_control(
    setup: &Setup,
    b: usize,
    model: RadarModelKind,
    frame: LocalFrame,
) -> Option<FireControl> {
    if model != RadarModelKind::Physics {
        return None;
    }
    let spec = &setup.regiment.battalions[b].engagement_radar;
    let role = RadarRole::Engagement;
    let config = PhysicsConfig::for_battalion(&setup.regiment, &setup.assets, b, role);
    let ScanPattern::Sector { centre, width, .. } = config.scan else {
        return None;
    };
    let half_beam = 0.5 * config.accuracy.beamwidth_elevation;
    let settings = FireControlSettings {
        revisit_period: config.track_period.unwrap_or(0.5 * spec.scan_period),
        drop_after_misses: config.drop_after_misses,
        channels: spec.max_tracks as usize,
        process_noise: 1_000.0,
        gate_sigmas: 4.0,
        min_range_gate: 100.0,
        min_range: config.min_range,
        max_range: spec.instrumented_range,
        // The catalogue's limits point the beam centre; its half-power edge reaches half
        // an elevation beamwidth beyond (as the search envelope reads them), so a low
        // flier just below 0° at its horizon can still be revisited.
        min_elevation: spec.min_elevation - half_beam,
        max_elevation: spec.max_elevation + half_beam,
    };
    Some(FireControl::new(
        frame,
        settings,
        Sector::new(centre, width, spec.slew_rate),
    ))
}

/// The command post's battle manager. It judges a salvo two engagement-radar periods
/// (at least 1 s) after its last missile ended, and plans each interceptor model with
/// its own envelope (the flyout's: the prepared setup's tables, read-only).
fn manager(prepared: &PreparedSetup<'_>, options: &EngineOptions) -> Box<dyn BattleManager> {
    let setup = prepared.setup();
    let assess_delay = 2.0
        * setup
            .regiment
            .battalions
            .iter()
            .map(|b| b.engagement_radar.scan_period)
            .fold(1.0, f64::max);
    let planning = match options.interceptor_model {
        InterceptorModelKind::Flyout => {
            InterceptPlanning::FlyoutEnvelope(prepared.planning_tables())
        }
        InterceptorModelKind::LeadCollision => InterceptPlanning::Catalogue,
    };
    match options.battle_manager {
        BattleManagerKind::Wta => Box::new(
            WtaBattleManager::new(setup.doctrine.clone(), assess_delay).with_planning(planning),
        ),
        BattleManagerKind::NearestLauncher => Box::new(
            NearestLauncherBattleManager::new(setup.doctrine.clone(), assess_delay)
                .with_planning(planning),
        ),
    }
}

/// The regiment command post's fused picture: the library tracker only (the first model
/// keeps the battalions' track-to-track correlation).
fn regiment(setup: &Setup, battalions: &[Battalion], kind: TrackerKind) -> Option<RegimentPicture> {
    if kind != TrackerKind::ImmGnn {
        return None;
    }
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
    let radars: Vec<&[RadarGeometry]> = battalions.iter().map(|u| u.radars.as_slice()).collect();
    Some(RegimentPicture::new(
        RegimentSettings::new(longest_scan, setup.time_step),
        setup.regiment.command_post.position,
        &radars,
    ))
}

/// The airframe of every missile type loaded, once per run (the flyout model only).
fn airframes(
    setup: &Setup,
    model: InterceptorModelKind,
) -> Result<Vec<(String, Arc<Airframe>)>, EngineError> {
    let mut airframes: Vec<(String, Arc<Airframe>)> = Vec::new();
    if model != InterceptorModelKind::Flyout {
        return Ok(airframes);
    }
    let loads = setup
        .regiment
        .battalions
        .iter()
        .flat_map(|bn| &bn.launchers)
        .flat_map(|l| &l.loadout);
    for load in loads {
        if !airframes.iter().any(|(k, _)| *k == load.missile.type_name) {
            let af = crate::engage::flyout::airframes::shared(&load.missile)
                .map_err(EngineError::Interceptor)?;
            airframes.push((load.missile.type_name.clone(), af));
        }
    }
    Ok(airframes)
}
