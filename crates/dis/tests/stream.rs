//! The PDUs of the shipped regiment, decoded again with dis-rs: one Fire per launch, one
//! Detonation per fuze, every threat and interceptor present, and at every replay sample
//! a dead-reckoning receiver within the threshold of the engine's position. (The
//! independent check, with the Open DIS decoder, is crates/python/tests/test_dis.py.)

use std::collections::HashMap;
use std::path::Path;

use dis_rs::enumerations::DeadReckoningAlgorithm;
use dis_rs::model::{Pdu, PduBody};
use iadsim_core::Geodetic;
use iadsim_dis::{Collect, DisConfig, DisStream, Live};
use iadsim_io::replay::{Replay, ReplayEvents, ReplayRecorder};
use iadsim_sim::events::{EventKind, EventLog, EventSink};
use iadsim_sim::{EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind};

struct Both<'a>(&'a mut dyn EventSink, &'a mut dyn EventSink);

impl EventSink for Both<'_> {
    fn record(&mut self, e: &iadsim_sim::events::Event) {
        self.0.record(e);
        self.1.record(e);
    }
}

struct Pair<'a>(
    &'a mut dyn iadsim_sim::observe::Observer,
    &'a mut dyn iadsim_sim::observe::Observer,
);

impl iadsim_sim::observe::Observer for Pair<'_> {
    fn sample_interval(&self) -> f64 {
        self.0.sample_interval()
    }
    fn step(
        &mut self,
        t: f64,
        a: &[iadsim_sim::observe::ThreatState],
        b: &[iadsim_sim::observe::InterceptorState<'_>],
    ) {
        self.0.step(t, a, b);
        self.1.step(t, a, b);
    }
    fn interceptors_ended(&mut self, e: &[iadsim_sim::observe::InterceptorState<'_>]) {
        self.0.interceptors_ended(e);
        self.1.interceptors_ended(e);
    }
}

/// An Entity State as received: time, position, velocity, acceleration.
type Received = (f64, [f64; 3], [f64; 3], [f64; 3]);

/// Seconds of a relative DIS timestamp (time past the hour).
fn seconds(pdu: &Pdu) -> f64 {
    let raw = u32::from(pdu.header.timestamp);
    f64::from(raw >> 1) * 3600.0 / f64::from(1u32 << 31)
}

/// Decodes every PDU (one per datagram, time stamps matching): Fire PDUs, Detonations of
/// interceptors (entity numbers from `first_interceptor`), and the high-speed
/// dead-reckoning Entity States by entity number.
fn read_pdus(
    pdus: &[(f64, Vec<u8>)],
    first_interceptor: usize,
) -> (usize, usize, HashMap<u16, Vec<Received>>) {
    let mut fires = 0;
    let mut interceptor_detonations = 0;
    // Entity number → (time, position, velocity, acceleration) of each Entity State.
    let mut states: HashMap<u16, Vec<Received>> = HashMap::new();
    for (time, bytes) in pdus {
        let pdus = dis_rs::parse(bytes).unwrap();
        assert_eq!(pdus.len(), 1);
        let pdu = &pdus[0];
        assert!((seconds(pdu) - time.rem_euclid(3600.0)).abs() < 1e-5);
        match &pdu.body {
            PduBody::Fire(_) => fires += 1,
            PduBody::Detonation(d) => {
                if usize::from(d.exploding_entity_id.entity_id) >= first_interceptor {
                    interceptor_detonations += 1;
                }
            }
            PduBody::EntityState(es) => {
                let l = &es.entity_location;
                let v = &es.entity_linear_velocity;
                let a = &es.dead_reckoning_parameters.linear_acceleration;
                if es.dead_reckoning_parameters.algorithm
                    == DeadReckoningAlgorithm::DRM_FVW_HighSpeedOrManeuveringEntity
                {
                    states.entry(es.entity_id.entity_id).or_default().push((
                        *time,
                        [l.x_coordinate, l.y_coordinate, l.z_coordinate],
                        [
                            v.first_vector_component,
                            v.second_vector_component,
                            v.third_vector_component,
                        ]
                        .map(f64::from),
                        [
                            a.first_vector_component,
                            a.second_vector_component,
                            a.third_vector_component,
                        ]
                        .map(f64::from),
                    ));
                }
            }
            other => panic!("unexpected PDU {other:?}"),
        }
    }
    (fires, interceptor_detonations, states)
}

/// Dead-reckons the last Entity State before each replay sample of every threat (entity
/// numbers from `first_threat`) and interceptor (from `first_interceptor`): the samples
/// checked and the largest position error, m.
fn dead_reckoning_errors(
    replay: &Replay,
    first_threat: usize,
    first_interceptor: usize,
    states: &HashMap<u16, Vec<Received>>,
) -> (usize, f64) {
    let movers = replay
        .threats
        .iter()
        .enumerate()
        .map(|(k, m)| (first_threat + k, m))
        .chain(
            replay
                .interceptors
                .iter()
                .enumerate()
                .map(|(i, m)| (first_interceptor + i, m)),
        );
    let mut checked = 0;
    let mut worst: f64 = 0.0;
    for (n, mover) in movers {
        let Some(es) = states.get(&(n as u16)) else {
            assert!(
                mover.samples.is_empty(),
                "{} has samples but no Entity State",
                mover.name
            );
            continue;
        };
        for s in &mover.samples {
            let Some(last) = es.iter().rev().find(|e| e.0 <= s.time + 1e-9) else {
                continue;
            };
            if s.time > es.last().unwrap().0 + 1e-9 {
                continue;
            }
            let dt = s.time - last.0;
            let dr: Vec<f64> = (0..3)
                .map(|i| last.1[i] + last.2[i] * dt + 0.5 * last.3[i] * dt * dt)
                .collect();
            let truth = Geodetic::from_degrees(s.lat_deg, s.lon_deg, s.height)
                .to_ecef()
                .0;
            let err =
                ((dr[0] - truth.x).powi(2) + (dr[1] - truth.y).powi(2) + (dr[2] - truth.z).powi(2))
                    .sqrt();
            worst = worst.max(err);
            checked += 1;
        }
    }
    (checked, worst)
}

#[test]
fn regiment_pdus_decode_and_dead_reckon_within_the_threshold() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    let setup = iadsim_scenario::load_path(&path).unwrap().setup;
    let options = EngineOptions {
        radar_model: RadarModelKind::FixedPd,
        tracker: TrackerKind::NearestNeighbour,
        interceptor_model: InterceptorModelKind::LeadCollision,
        ..EngineOptions::default()
    };
    let config = DisConfig::default();
    let live = Live::new(DisStream::new(&setup, config, Collect::default()).unwrap());
    let mut log = EventLog::default();
    let mut recorder = ReplayRecorder::new(&setup, 1.0);
    let mut replay_events = ReplayEvents::default();
    {
        let mut dis_events = live.events();
        let mut dis_observer = live.observer(1.0);
        let mut inner = Both(&mut log, &mut replay_events);
        let mut sink = Both(&mut inner, &mut dis_events);
        let mut observer = Pair(&mut recorder, &mut dis_observer);
        iadsim_sim::run_observed(&setup, 0, &mut sink, &options, &mut observer).unwrap();
    }
    let (collect, counts) = live.into_inner().finish();
    let replay = Replay::build(&setup, 0, recorder, replay_events).unwrap();

    let launches = log
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Launch { .. }))
        .count();
    let fuzes = log
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Intercept { .. }))
        .count();
    assert!(
        launches > 10 && fuzes > 5,
        "{launches} launches, {fuzes} fuzes"
    );
    let first_interceptor = 1 + replay.sites.len() - setup.assets.len() + setup.threats.len();
    let (fires, interceptor_detonations, states) = read_pdus(&collect.pdus, first_interceptor);
    assert_eq!(fires, launches);
    assert_eq!(interceptor_detonations, fuzes);
    assert_eq!(counts.fires as usize, launches);

    // Dead reckoning at every recorded sample, against the replay's positions.
    let first_threat = 1 + replay.sites.len() - setup.assets.len();
    let (checked, worst) = dead_reckoning_errors(&replay, first_threat, first_interceptor, &states);
    assert!(checked > 1000, "{checked} samples checked");
    assert!(
        worst <= config.threshold + 0.05,
        "worst dead-reckoning error {worst} m"
    );
}
