//! The regiment command post's fused picture: one regiment track per object seen by both
//! battalions, time-ordered fusion of reports arriving late and shuffled (and rejection of
//! reports later than the lag window), regiment-level deconfliction of the battalions'
//! engagements, determinism.

mod common;

use common::{Picture, TrackEvent, track_event_times};

use std::collections::BTreeMap;

use iadsim_core::rng;
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::sense::{Detection, FixedPdRadar, RadarGeometry, Sensor, Target};
use iadsim_sim::setup::Setup;
use iadsim_sim::track::regiment::{RegimentPicture, RegimentSettings};
use iadsim_sim::truth::Trajectory;
use iadsim_sim::{BattleManagerKind, EngineOptions, Summary, TrackerKind, run_with};

fn run(setup: &Setup, options: &EngineOptions) -> (Summary, EventLog) {
    let mut log = EventLog::default();
    let s = run_with(setup, 0, &mut log, options).unwrap();
    (s, log)
}

/// Two battalions, no interceptors, one fighter crossing both coverages, `duration` s.
fn fighter_over_two_battalions(duration: f64) -> Setup {
    let mut s = common::two_battalions(vec![common::fighter("f1", 0.0)], common::doctrine());
    s.duration = duration;
    s.time_step = 1.0;
    for bn in &mut s.regiment.battalions {
        bn.acquisition_radar.instrumented_range = 320_000.0;
        bn.engagement_radar.instrumented_range = 320_000.0;
        for l in &mut bn.launchers {
            l.loadout[0].count = 0;
        }
    }
    s
}

/// Confirmed track ids per picture (`None`: the regiment's) from the `track_start` events.
fn starts(log: &EventLog) -> BTreeMap<Option<usize>, Vec<u64>> {
    let mut out: BTreeMap<Option<usize>, Vec<u64>> = BTreeMap::new();
    for e in &log.events {
        if let EventKind::TrackStart {
            battalion, track, ..
        } = e.kind
        {
            out.entry(battalion).or_default().push(track);
        }
    }
    out
}

#[test]
fn a_target_seen_by_both_battalions_is_one_regiment_track() {
    let setup = fighter_over_two_battalions(400.0);
    let (s, log) = run(&setup, &EngineOptions::default());
    let starts = starts(&log);
    // Each battalion holds one track of the fighter, the regiment one (not two).
    assert_eq!(starts.get(&Some(0)).map(Vec::len), Some(1), "{starts:?}");
    assert_eq!(starts.get(&Some(1)).map(Vec::len), Some(1), "{starts:?}");
    assert_eq!(starts.get(&None).map(Vec::len), Some(1), "{starts:?}");
    let regiment_track = starts[&None][0];
    let r = s.tracks.regiment.as_ref().expect("regiment picture");
    assert_eq!(r.confirmed, 1);
    assert_eq!(r.lost, 0);
    assert_eq!(r.false_tracks, 0);
    assert_eq!(r.fragmentations, 0);
    assert_eq!(r.reports_rejected, 0);
    assert!(r.reports_fused > 1_000, "{r:?}");
    // The battalions' pictures are scored together: two tracks of one threat per time.
    assert_eq!(s.tracks.confirmed, 2);
    assert!(r.scored_samples > 150 && s.tracks.scored_samples == 2 * r.scored_samples);
    // The fused track, fed by four radars, is about as accurate as a battalion's.
    assert!(
        r.position_error_rms_m < 1.5 * s.tracks.position_error_rms_m,
        "regiment {} m, battalions {} m",
        r.position_error_rms_m,
        s.tracks.position_error_rms_m
    );
    assert!(r.ospa_mean_m < 1_000.0, "{r:?}");
    // Both battalion tracks are related to that regiment track (the same detections were
    // fused in both), in the last reports.
    let last_related: BTreeMap<usize, Option<u64>> = log
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TrackReport {
                battalion: Some(b),
                regiment_track,
                ..
            } => Some((b, regiment_track)),
            _ => None,
        })
        .collect();
    assert_eq!(last_related.get(&0), Some(&Some(regiment_track)));
    assert_eq!(last_related.get(&1), Some(&Some(regiment_track)));
}

/// Per battalion, its radars.
type Radars = Vec<Vec<Box<dyn Sensor>>>;
/// Per step, per battalion, the time-ordered detections.
type Looks = Vec<Vec<Vec<Detection>>>;

/// Two battalions' fixed-Pd radars watching one fighter for `steps` steps of 0.5 s:
/// per step end, per battalion, the time-ordered measurements.
fn recorded_looks(setup: &Setup, steps: usize) -> (Radars, Looks) {
    let trajectory = Trajectory::new(&setup.threats[0]).unwrap();
    let mut radars: Vec<Vec<Box<dyn Sensor>>> = setup
        .regiment
        .battalions
        .iter()
        .enumerate()
        .map(|(b, bn)| {
            [&bn.acquisition_radar, &bn.engagement_radar]
                .into_iter()
                .enumerate()
                .map(|(r, spec)| {
                    Box::new(FixedPdRadar::new(
                        spec.clone(),
                        r,
                        0.0,
                        rng::stream(3, 0, 100 + 2 * b as u64 + r as u64),
                    )) as Box<dyn Sensor>
                })
                .collect()
        })
        .collect();
    let target = Target {
        index: 0,
        key: 0,
        trajectory: &trajectory,
        rcs: 3.0,
        fading: None,
        until: trajectory.end_time(),
    };
    let mut out = Vec::new();
    for k in 0..steps {
        let (t0, t1) = (0.5 * k as f64, 0.5 * (k + 1) as f64);
        let mut per_battalion = Vec::new();
        for rs in radars.iter_mut() {
            let mut d = Vec::new();
            for radar in rs.iter_mut() {
                radar.scan(t0, t1, &[target], &mut d);
            }
            d.sort_by(|a, b| {
                a.measurement
                    .time
                    .total_cmp(&b.measurement.time)
                    .then(a.measurement.radar.cmp(&b.measurement.radar))
            });
            per_battalion.push(d);
        }
        out.push(per_battalion);
    }
    (radars, out)
}

#[test]
fn reports_are_fused_in_time_order_whatever_their_arrival_and_late_ones_rejected() {
    let setup = fighter_over_two_battalions(600.0);
    let (radars, looks) = recorded_looks(&setup, 1_200);
    // The command post is given what it may know of the radars: their geometry.
    let geometry: Vec<Vec<RadarGeometry>> = radars
        .iter()
        .map(|rs| rs.iter().map(|r| r.geometry()).collect())
        .collect();
    let views: Vec<&[RadarGeometry]> = geometry.iter().map(|r| r.as_slice()).collect();
    let settings = RegimentSettings {
        link_latency: 0.5,
        lag_window: 3.0,
        ..RegimentSettings::new(10.0, 0.5)
    };
    let origin = setup.regiment.command_post.position;
    let searched = |b: usize, r: usize, a: f64, c: f64, p: &iadsim_core::Ecef| {
        geometry[b][r].searched(a, c, p)
    };
    let mut in_order = RegimentPicture::new(settings, origin, &views);
    let mut shuffled = RegimentPicture::new(settings, origin, &views);
    let mut one_late = RegimentPicture::new(settings, origin, &views);
    // A fixed pseudo-random delay per report within the window: a report made early in a
    // step can arrive after one made later, of either battalion.
    let mut lcg: u64 = 0x2545_f491_4f6c_dd1d;
    let mut jitter = || {
        lcg = lcg
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (lcg >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut late_time = None;
    let mut arrivals = Vec::new();
    for (k, per_battalion) in looks.iter().enumerate() {
        let t1 = 0.5 * (k + 1) as f64;
        for (b, d) in per_battalion.iter().enumerate() {
            let ms: Vec<_> = d.iter().map(|d| d.measurement).collect();
            in_order.send(b, &ms, &[], t1);
            for report in shuffled.reports(b, &ms, &[]) {
                // Arrives 0.5 to 2 s after the step end: at most 2.5 s old, inside 3 s.
                let arrival = t1 + 0.5 + 1.5 * jitter();
                arrivals.push((arrival, report.time));
                shuffled.deliver(report, arrival);
            }
            for report in one_late.reports(b, &ms, &[]) {
                // One report with detections, at 120 s, arrives 10 s late.
                let late = late_time.is_none() && report.time > 120.0;
                if late {
                    late_time = Some(report.time);
                }
                one_late.deliver(report, t1 + if late { 10.0 } else { 0.5 });
            }
        }
        let a = in_order.update(t1, &searched);
        let b = shuffled.update(t1, &searched);
        one_late.update(t1, &searched);
        // Bit-identical pictures at every step, and the same changes.
        assert_eq!(a, b, "at {t1} s");
        assert_eq!(in_order.tracks(), shuffled.tracks(), "at {t1} s");
    }
    // Reports arriving after a newer one.
    arrivals.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut newest = f64::NEG_INFINITY;
    let mut reordered = 0usize;
    for &(_, time) in &arrivals {
        reordered += usize::from(time < newest);
        newest = newest.max(time);
    }
    assert!(
        reordered > 100,
        "only {reordered} of {} reports arrived out of order",
        arrivals.len()
    );
    // The test has something to fuse: a confirmed track of the fighter.
    assert_eq!(
        in_order
            .tracks()
            .iter()
            .filter(|t| t.status == iadsim_sim::track::TrackStatus::Confirmed)
            .count(),
        1
    );
    assert!(in_order.fused() > 500, "{}", in_order.fused());
    assert_eq!(in_order.fused(), shuffled.fused());
    assert_eq!(in_order.rejected(), 0);
    assert_eq!(shuffled.rejected(), 0);
    // The report 10 s late (past the 3 s window) is rejected and counted, not fused.
    assert!(late_time.is_some());
    assert_eq!(one_late.rejected(), 1);
    assert_eq!(one_late.fused(), in_order.fused() - 1);
    assert_eq!(one_late.pending(), in_order.pending());
}

/// Per threat, the (battalion, launch time, end time) of every interceptor that fuzed
/// against it, from the events (truth side: the `intercept` event names the threat).
fn fuzed_engagements(log: &EventLog) -> BTreeMap<usize, Vec<(usize, f64, f64)>> {
    let mut launched: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    let mut out: BTreeMap<usize, Vec<(usize, f64, f64)>> = BTreeMap::new();
    for e in &log.events {
        match e.kind {
            EventKind::Launch {
                interceptor,
                battalion,
                ..
            } => {
                launched.insert(interceptor, (battalion, e.time));
            }
            EventKind::Intercept {
                interceptor,
                threat,
                ..
            } => {
                if let Some(&(b, t)) = launched.get(&interceptor) {
                    out.entry(threat).or_default().push((b, t, e.time));
                }
            }
            _ => {}
        }
    }
    out
}

/// Threats that missiles of both battalions were flying against at the same time.
fn doubly_engaged(log: &EventLog) -> usize {
    fuzed_engagements(log)
        .values()
        .filter(|v| {
            v.iter()
                .any(|a| v.iter().any(|b| a.0 != b.0 && a.1 < b.2 && b.1 < a.2))
        })
        .count()
}

#[test]
fn no_threat_is_engaged_by_both_battalions_at_once() {
    // A raid both battalions see and can reach: six cruise missiles, a fighter, a
    // ballistic missile.
    let mut threats: Vec<_> = (0..6)
        .map(|i| common::cruise_missile(&format!("cm{i}"), 20.0 * i as f64, 0.05 * i as f64))
        .collect();
    threats.push(common::fighter("f1", 0.0));
    threats.push(common::ballistic("bm1", 100.0));
    let setup = common::two_battalions(threats, common::doctrine());
    let nearest = EngineOptions {
        battle_manager: BattleManagerKind::NearestLauncher,
        ..Default::default()
    };
    // Without deconfliction (doctrine allows double engagement) both battalions fire at
    // the same threats: the scenario can show the fault.
    let mut allowed = setup.clone();
    allowed.doctrine.allow_double_engagement = true;
    let (_, log) = run(&allowed, &nearest);
    let doubled = doubly_engaged(&log);
    assert!(
        doubled >= 1,
        "{doubled} threats doubly engaged when allowed"
    );
    // With the regiment picture, neither battle manager puts both battalions on one threat.
    for options in [EngineOptions::default(), nearest] {
        let (s, log) = run(&setup, &options);
        assert_eq!(doubly_engaged(&log), 0, "{:?}", options.battle_manager);
        assert!(
            s.threats[3].killed >= 6,
            "{:?}: {:?}",
            options.battle_manager,
            s.threats[3]
        );
        // Every engagement names the regiment track of its battalion track.
        let planned: Vec<Option<u64>> = log
            .events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::EngagementPlanned { regiment_track, .. } => Some(regiment_track),
                _ => None,
            })
            .collect();
        assert!(!planned.is_empty());
        assert!(planned.iter().all(Option::is_some), "{planned:?}");
    }
    // The first-model tracker has no regiment picture and keeps the 3 km correlation.
    let (s, log) = run(
        &setup,
        &EngineOptions {
            tracker: TrackerKind::NearestNeighbour,
            ..Default::default()
        },
    );
    assert!(s.tracks.regiment.is_none());
    assert!(!log.events.iter().any(|e| matches!(
        e.kind,
        EventKind::TrackStart {
            battalion: None,
            ..
        }
    )));
}

#[test]
fn same_seed_same_events_with_the_regiment_picture() {
    let setup = fighter_over_two_battalions(250.0);
    let (s1, log1) = run(&setup, &EngineOptions::default());
    let (s2, log2) = run(&setup, &EngineOptions::default());
    assert_eq!(s1, s2);
    assert_eq!(log1.events, log2.events);
    let regiment_reports = track_event_times(&log1, TrackEvent::Report, Picture::Regiment).len();
    assert!(regiment_reports > 50, "{regiment_reports}");
}
