//! The engine's fire control (default models: physics radar, library tracker, flyout):
//! the engagement radar, not the battalion's picture, decides what can be launched at and
//! guided. A round cannot be launched at a target outside the radar's sector; the same
//! run with the sector facing the target engages, and so does one whose radar the
//! command post may turn on the acquisition radar's cue; a track-via-missile round whose
//! target leaves the radar's sector mid-flight loses guidance and ends without fuzing.

mod common;

use iadsim_core::{Geodetic, geodesic};
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::setup::{Setup, Threat, ThreatClass, ThreatMotion};
use iadsim_sim::{EngineOptions, Summary, run_with};

fn site() -> Geodetic {
    Geodetic::from_degrees(50.0, 30.0, 0.0)
}

/// The point `km` from the battalion at bearing `az` degrees, at 9 km.
fn at(az: f64, km: f64) -> Geodetic {
    geodesic::direct(&site(), az.to_radians(), km * 1e3)
        .0
        .with_height(9_000.0)
}

/// A fighter at 9 km and 250 m/s through `points` (bearing °, km), turning at up to
/// 20 °/s.
fn fighter(points: &[(f64, f64)]) -> Threat {
    Threat {
        name: "f1".into(),
        type_name: "fighter".into(),
        class: ThreatClass::Aircraft,
        rcs: 3.0,
        start_time: 0.0,
        motion: ThreatMotion::Route {
            terrain_clearance: None,
            waypoints: points.iter().map(|&(az, km)| at(az, km)).collect(),
            speed: 250.0,
            max_turn_rate: 20f64.to_radians(),
            end: Default::default(),
        },
        target_asset: None,
        debris: Default::default(),
    }
}

/// The one-battalion setup against `threat` for `duration` s, its engagement radar's
/// sector centred at `centre` degrees, `width` degrees wide, turning at `slew` °/s.
fn setup(threat: Threat, duration: f64, centre: f64, width: f64, slew: f64) -> Setup {
    let mut s = common::setup(vec![threat], common::doctrine());
    s.duration = duration;
    let er = &mut s.regiment.battalions[0].engagement_radar;
    er.sector_centre = Some(centre.to_radians());
    er.sector_width = width.to_radians();
    er.slew_rate = slew.to_radians();
    s
}

fn run(setup: &Setup, replication: u64) -> (Summary, EventLog) {
    let mut log = EventLog::default();
    let s = run_with(setup, replication, &mut log, &EngineOptions::default()).unwrap();
    (s, log)
}

fn count(log: &EventLog, f: impl Fn(&EventKind) -> bool) -> usize {
    log.events.iter().filter(|e| f(&e.kind)).count()
}

#[test]
fn a_launch_needs_the_target_in_the_engagement_radars_sector_and_track() {
    // Straight in from the north, 150 km to 20 km.
    let threat = fighter(&[(0.0, 150.0), (0.0, 20.0)]);
    let launches = |log: &EventLog| count(log, |k| matches!(k, EventKind::Launch { .. }));
    // The sector faces south and cannot turn: the acquisition radar tracks the fighter
    // all the way, but the engagement radar never holds it, so nothing is launched.
    let (s, log) = run(&setup(threat.clone(), 560.0, 180.0, 90.0, 0.0), 0);
    assert!(s.threats[0].detected == 1, "the acquisition radar sees it");
    assert_eq!(launches(&log), 0);
    // False alarms in the southern sector make tentative tracks that take channels;
    // their revisits find nothing there, so the radar never holds anything.
    let taken = count(&log, |k| matches!(k, EventKind::ChannelTaken { .. }));
    let found = count(
        &log,
        |k| matches!(k, EventKind::ChannelFreed { detections, .. } if *detections > 0),
    );
    println!("{taken} channels taken by false alarms' tracks");
    assert_eq!(found, 0);
    assert_eq!(s.threats[0].engaged, 0);
    // Facing north: the radar takes the track and the battalion engages.
    let (s, log) = run(&setup(threat.clone(), 560.0, 0.0, 90.0, 0.0), 0);
    assert!(launches(&log) >= 2, "{} launches", launches(&log));
    assert_eq!(s.threats[0].engaged, 1);
    // Facing south but free to turn: the command post cues it on the acquisition
    // radar's track, it turns 180° at 10 °/s (18 s) and the battalion engages.
    let (s, log) = run(&setup(threat, 560.0, 180.0, 90.0, 10.0), 0);
    let slews: Vec<(f64, f64)> = log
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SectorSlew { until, to_deg, .. } => Some((until - e.time, to_deg)),
            _ => None,
        })
        .collect();
    assert!(!slews.is_empty());
    let (took, to) = slews[0];
    // It turns until the fighter is 9° (a tenth of the width) inside the edge.
    let turn = (to - 180.0).abs().min(360.0 - (to - 180.0).abs());
    assert!((took - turn / 10.0).abs() < 1e-9, "{took} s for {turn}°");
    assert!(launches(&log) >= 2, "{} launches", launches(&log));
    assert_eq!(s.threats[0].engaged, 1);
}

/// Per interceptor fired at the threat's track: (launch time, end time, fuzed).
fn flights(log: &EventLog) -> Vec<(f64, f64, bool)> {
    let mut out: Vec<(usize, f64, f64, bool)> = Vec::new();
    for e in &log.events {
        match e.kind {
            EventKind::Launch { interceptor, .. } => {
                out.push((interceptor, e.time, f64::NAN, false))
            }
            EventKind::Intercept { interceptor, .. } => {
                if let Some(f) = out.iter_mut().find(|f| f.0 == interceptor) {
                    (f.2, f.3) = (e.time, true);
                }
            }
            EventKind::InterceptorLost { interceptor, .. } => {
                if let Some(f) = out.iter_mut().find(|f| f.0 == interceptor) {
                    f.2 = e.time;
                }
            }
            _ => {}
        }
    }
    out.into_iter().map(|(_, a, b, c)| (a, b, c)).collect()
}

#[test]
fn a_tvm_round_loses_guidance_when_the_engagement_radar_loses_the_track() {
    // A 12°-wide sector facing north that cannot turn. The fighter comes in at 4° and,
    // 30 s into the run, breaks east at 20 °/s: it leaves the sector ~16 s later, while
    // the first salvo is still in midcourse.
    let threat = fighter(&[(4.0, 130.0), (4.0, 122.5), (40.0, 140.0)]);
    let setup = setup(threat, 300.0, 0.0, 12.0, 0.0);
    let mut lost_in_flight = 0;
    for rep in 0..3 {
        let (_, log) = run(&setup, rep);
        let freed: Vec<f64> = log
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ChannelFreed { reason, .. } if reason.contains("field of regard") => {
                    Some(e.time)
                }
                _ => None,
            })
            .collect();
        let Some(&tf) = freed.first() else {
            continue;
        };
        for (launch, end, fuzed) in flights(&log) {
            if launch < tf && (end.is_nan() || end >= tf) {
                // In flight when the radar lost the track: no uplink, no TVM link, no
                // seeker lock, so no fuze.
                assert!(
                    !fuzed,
                    "replication {rep}: a round fuzed after losing guidance"
                );
                lost_in_flight += 1;
            }
        }
    }
    assert!(
        lost_in_flight >= 2,
        "{lost_in_flight} rounds in flight at the loss"
    );
}
