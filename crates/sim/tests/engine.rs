//! End-to-end checks of the engine on hand-built setups: conservation of threats and
//! rounds, determinism, and the kill chain doing its job on simple cases.

mod common;

use iadsim_sim::events::{EventKind, EventLog, EventSink, NullSink};
use iadsim_sim::{EngineError, EngineOptions, RadarModelKind, Setup, Summary, TrackerKind};

/// The first radar and tracker models. These tests check the kill chain and the battle
/// manager's doctrine, whose expected outcomes (every threat detected and tracked) hold
/// for the first models' fixed Pd without false alarms; the physics radar and the
/// library tracker are checked in `engine_tracker.rs`.
fn first_models() -> EngineOptions {
    EngineOptions {
        radar_model: RadarModelKind::FixedPd,
        tracker: TrackerKind::NearestNeighbour,
        ..Default::default()
    }
}

fn run(setup: &Setup, replication: u64, sink: &mut dyn EventSink) -> Result<Summary, EngineError> {
    iadsim_sim::run_with(setup, replication, sink, &first_models())
}

fn mixed() -> iadsim_sim::Setup {
    common::mixed_raid(6)
}

#[test]
fn same_seed_same_events_bit_for_bit() {
    let setup = mixed();
    let mut a = EventLog::default();
    let mut b = EventLog::default();
    let sa = run(&setup, 0, &mut a).unwrap();
    let sb = run(&setup, 0, &mut b).unwrap();
    assert_eq!(sa, sb);
    let ja: Vec<String> = a
        .events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let jb: Vec<String> = b
        .events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    assert_eq!(ja, jb);
    // Another replication draws other numbers.
    let mut c = EventLog::default();
    run(&setup, 1, &mut c).unwrap();
    let jc: Vec<String> = c
        .events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    assert_ne!(ja, jc);
}

#[test]
fn a_prepared_setup_runs_the_same_replications() {
    let setup = mixed();
    let prepared = iadsim_sim::PreparedSetup::new(&setup).unwrap();
    let json = |log: &EventLog| -> Vec<String> {
        log.events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect()
    };
    for options in [first_models(), EngineOptions::default()] {
        for replication in [0, 3] {
            let mut a = EventLog::default();
            let mut b = EventLog::default();
            let sa = iadsim_sim::run_with(&setup, replication, &mut a, &options).unwrap();
            let sb = prepared.run_with(replication, &mut b, &options).unwrap();
            assert_eq!(sa, sb);
            assert_eq!(json(&a), json(&b));
        }
    }
    // The same errors, in the same order, as a run.
    let mut bad = mixed();
    bad.time_step = 0.0;
    let run_err = iadsim_sim::run_with(&bad, 0, &mut NullSink, &first_models()).unwrap_err();
    let prep_err = iadsim_sim::PreparedSetup::new(&bad).unwrap_err();
    assert_eq!(run_err.to_string(), prep_err.to_string());
}

#[test]
fn every_threat_and_every_round_is_accounted_for() {
    let setup = mixed();
    for rep in 0..5 {
        let mut log = EventLog::default();
        let s = run(&setup, rep, &mut log).unwrap();
        let all = s.threats.last().unwrap();
        assert_eq!(all.count as usize, setup.threats.len());
        assert_eq!(
            all.killed + all.leaked + all.flying_at_end + (all.count - all.launched),
            all.count
        );
        let kills = log
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Kill { .. }))
            .count() as u32;
        assert_eq!(kills, all.killed);
        let leaks = log
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Leak { .. }))
            .count() as u32;
        assert_eq!(leaks, all.leaked);
        let launches = log
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Launch { .. }))
            .count() as u32;
        let fired: u32 = s.interceptors.iter().map(|i| i.fired).sum();
        assert_eq!(launches, fired);
        let carried: u32 = setup.regiment.battalions[0]
            .launchers
            .iter()
            .flat_map(|l| l.loadout.iter().map(|m| m.count))
            .sum();
        let remaining: u32 = s.interceptors.iter().map(|i| i.remaining).sum();
        assert_eq!(fired + remaining, carried, "rounds conserved");
        let ended: u32 = s.interceptors.iter().map(|i| i.detonations + i.lost).sum();
        assert!(ended <= fired);
        // Events are in time order.
        for w in log.events.windows(2) {
            assert!(w[0].time <= w[1].time, "{:?} then {:?}", w[0], w[1]);
        }
    }
}

#[test]
fn a_lone_cruise_missile_is_detected_tracked_and_engaged() {
    let setup = common::setup(
        vec![common::cruise_missile("cm", 0.0, 0.0)],
        common::doctrine(),
    );
    let mut killed = 0;
    for rep in 0..10 {
        let s = run(&setup, rep, &mut NullSink).unwrap();
        let cm = &s.threats[1];
        assert_eq!(cm.detected, 1);
        assert_eq!(cm.engaged, 1, "replication {rep}");
        killed += cm.killed;
        // The low flier pops over the horizon late: 4/3-Earth horizon for a 20 m mast and a
        // 50 m target is 4.12·(√20 + √50) = 47.6 km; it starts 166.8 km from the radar.
        let first = s.threat_outcomes[0].first_detection.unwrap();
        let range_at_detection = 166_800.0 - first * 245.0;
        assert!(
            (35_000.0..48_500.0).contains(&range_at_detection),
            "first detected {range_at_detection:.0} m out; the horizon is 47.6 km"
        );
    }
    // Salvo of two at Pk 0.8 with shoot-look-shoot: almost always killed.
    assert!(killed >= 8, "killed {killed} of 10");
}

#[test]
fn with_no_missiles_everything_leaks() {
    let mut setup = mixed();
    for l in &mut setup.regiment.battalions[0].launchers {
        l.loadout[0].count = 0;
    }
    let s = run(&setup, 0, &mut NullSink).unwrap();
    let all = s.threats.last().unwrap();
    assert_eq!(all.killed, 0);
    // All but the fighter (its route ends short of the city) reach the city.
    assert_eq!(s.assets[0].hits, 7);
}

#[test]
fn ballistic_reserve_is_kept_for_ballistic_threats() {
    // Reserve every round: cruise missiles and aircraft get nothing, the ballistic
    // missile still gets its salvo.
    let mut setup = mixed();
    let carried: u32 = setup.regiment.battalions[0]
        .launchers
        .iter()
        .flat_map(|l| l.loadout.iter().map(|m| m.count))
        .sum();
    setup.doctrine.ballistic_reserve = carried;
    for kind in [
        iadsim_sim::BattleManagerKind::Wta,
        iadsim_sim::BattleManagerKind::NearestLauncher,
    ] {
        let options = iadsim_sim::EngineOptions {
            battle_manager: kind,
            ..first_models()
        };
        let s = iadsim_sim::run_with(&setup, 0, &mut NullSink, &options).unwrap();
        for row in &s.threat_outcomes {
            if row.class != iadsim_sim::setup::ThreatClass::BallisticMissile {
                assert_eq!(row.interceptors, 0, "{kind:?}: {} was engaged", row.name);
            } else {
                assert!(
                    row.interceptors > 0,
                    "{kind:?}: ballistic missile not engaged"
                );
            }
        }
    }
}

#[test]
fn without_shoot_look_shoot_each_threat_gets_one_salvo() {
    let mut setup = mixed();
    setup.doctrine.shoot_look_shoot = false;
    setup.doctrine.salvo_size = 1;
    for rep in 0..4 {
        let mut log = EventLog::default();
        run(&setup, rep, &mut log).unwrap();
        // Each track is engaged at most once.
        let mut planned = std::collections::BTreeMap::new();
        for e in &log.events {
            if let EventKind::EngagementPlanned {
                battalion,
                track,
                launchers,
                ..
            } = &e.kind
            {
                *planned.entry((*battalion, *track)).or_insert(0) += 1;
                assert_eq!(launchers.len(), 1);
            }
        }
        assert!(!planned.is_empty());
        assert!(planned.values().all(|&n| n == 1), "{planned:?}");
    }
}

/// The first threat ranking of a run of `setup` that lists both a ballistic and a cruise
/// missile.
fn first_mixed_ranking(setup: &iadsim_sim::Setup) -> Vec<iadsim_sim::decide::RankedThreat> {
    use iadsim_sim::setup::ThreatClass;
    let mut log = EventLog::default();
    run(setup, 0, &mut log).unwrap();
    log.events
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::ThreatRanking { ranks } => Some(ranks),
            _ => None,
        })
        .find(|r| {
            r.iter().any(|t| t.class == ThreatClass::BallisticMissile)
                && r.iter().any(|t| t.class == ThreatClass::CruiseMissile)
        })
        .expect("both classes ranked together at some point")
}

#[test]
fn ranking_puts_the_inbound_ballistic_missile_first() {
    // Once the ballistic missile is tracked it outranks everything: it threatens the
    // city as surely as the cruise missiles and arrives first.
    let ranking = first_mixed_ranking(&mixed());
    assert_eq!(
        ranking[0].class,
        iadsim_sim::setup::ThreatClass::BallisticMissile
    );
    assert!(ranking.windows(2).all(|w| w[0].priority >= w[1].priority));
    for r in ranking {
        let expected = r.score / (1.0 + r.time_to_go / iadsim_sim::decide::URGENCY_HORIZON);
        assert!((r.priority - expected).abs() <= 1e-12 * expected.max(1.0));
    }
}

#[test]
fn class_priority_reorders_the_ranking() {
    // Weight ballistic missiles down a thousandfold: the cruise missiles now rank first
    // when both are tracked, and every priority carries the weight.
    let mut setup = mixed();
    setup.doctrine.class_priority.ballistic_missile = 1e-3;
    let ranking = first_mixed_ranking(&setup);
    assert_eq!(
        ranking[0].class,
        iadsim_sim::setup::ThreatClass::CruiseMissile
    );
    for r in ranking {
        let w = if r.class == iadsim_sim::setup::ThreatClass::BallisticMissile {
            1e-3
        } else {
            1.0
        };
        let expected = w * r.score / (1.0 + r.time_to_go / iadsim_sim::decide::URGENCY_HORIZON);
        assert!((r.priority - expected).abs() <= 1e-12 * expected.max(1.0));
    }
}

#[test]
fn pk_per_missile_type_adds_up_under_both_interceptor_models() {
    // The flyout (default) and the first model (option) both fly the mixed raid; per
    // missile type the summary's Pk figures are the event log's kills over its launches
    // and over its detonations, and every launch event names the model.
    let setup = mixed();
    for (model, name) in [
        (iadsim_sim::InterceptorModelKind::Flyout, "flyout"),
        (
            iadsim_sim::InterceptorModelKind::LeadCollision,
            "lead_collision",
        ),
    ] {
        let options = iadsim_sim::EngineOptions {
            interceptor_model: model,
            ..Default::default()
        };
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, 0, &mut log, &options).unwrap();
        let engage = &s
            .models
            .iter()
            .find(|(stage, _)| stage == "engage")
            .unwrap()
            .1;
        assert_eq!(engage.starts_with("3-DOF"), name == "flyout", "{engage}");
        let mut missile_of = std::collections::HashMap::new();
        for e in &log.events {
            if let EventKind::Launch {
                interceptor,
                missile,
                model,
                ..
            } = &e.kind
            {
                assert_eq!(model, name);
                missile_of.insert(*interceptor, missile.clone());
            }
        }
        assert!(!missile_of.is_empty(), "{name}: nothing fired");
        for row in &s.interceptors {
            assert_eq!(row.model, name);
            let fired = missile_of.values().filter(|m| **m == row.missile).count() as u32;
            let (mut det, mut kills, mut at_debris) = (0u32, 0u32, 0u32);
            for e in &log.events {
                if let EventKind::Intercept {
                    interceptor,
                    killed,
                    debris,
                    ..
                } = e.kind
                    && missile_of[&interceptor] == row.missile
                {
                    // A fuze event at debris is counted apart: it harms nothing.
                    if debris.is_some() {
                        assert!(!killed);
                        at_debris += 1;
                    } else {
                        det += 1;
                        kills += u32::from(killed);
                    }
                }
            }
            assert_eq!((row.fired, row.detonations, row.kills), (fired, det, kills));
            assert_eq!(row.debris_detonations, at_debris);
            assert_eq!(
                row.pk_per_round,
                (fired > 0).then(|| f64::from(kills) / f64::from(fired))
            );
            assert_eq!(
                row.pk_per_detonation,
                (det > 0).then(|| f64::from(kills) / f64::from(det))
            );
        }
        let all = s.threats.last().unwrap();
        assert!(all.killed >= 1, "{name}: {all:?}");
    }
}

#[test]
fn the_command_post_orders_the_salvo_mate_to_self_destruct_after_a_kill() {
    // One battalion, one launcher firing its two-round salvos 30 s apart, rounds that kill
    // whenever they fuze within the lethal radius, against two fighters flying the same
    // route 20 s apart: when the first round kills its fighter, the second round of that
    // salvo is still in midcourse. The command post sees the track (held by the debris for
    // a while) pitch down, slow or go silent, judges the fighter killed and destroys the
    // second round by order: an `interceptor_lost` with
    // the ordered reason, counted in the summary, and no fuze event of that round (it must
    // not fly on into the other fighter).
    use iadsim_sim::decide::SELF_DESTRUCT_ORDERED;
    let mut setup = common::setup(
        vec![common::fighter("f1", 0.0), common::fighter("f2", 20.0)],
        common::doctrine(),
    );
    let launchers = &mut setup.regiment.battalions[0].launchers;
    launchers.truncate(1);
    launchers[0].launch_interval = 30.0;
    launchers[0].loadout[0].missile.single_shot_pk = 1.0;
    launchers[0].loadout[0].count = 8;
    let mut ordered = 0;
    for rep in 0..4 {
        let mut log = EventLog::default();
        let s = run(&setup, rep, &mut log).unwrap();
        // Launches by track, in order.
        let mut salvo_of = std::collections::HashMap::new();
        let mut launched_at = std::collections::HashMap::new();
        for e in &log.events {
            if let EventKind::Launch {
                interceptor, track, ..
            } = e.kind
            {
                salvo_of
                    .entry(track)
                    .or_insert_with(Vec::new)
                    .push(interceptor);
                launched_at.insert(interceptor, e.time);
            }
        }
        let mut destroyed = Vec::new();
        for e in &log.events {
            if let EventKind::InterceptorLost {
                interceptor,
                reason,
            } = &e.kind
                && reason == SELF_DESTRUCT_ORDERED
            {
                destroyed.push((*interceptor, e.time));
            }
        }
        for &(id, time) in &destroyed {
            // Ordered when the command post judged the round's track killed (from the
            // track alone: a track that went silent without a kill is judged killed too).
            let (&track, mates) = salvo_of.iter().find(|(_, v)| v.contains(&id)).unwrap();
            assert!(
                log.events.iter().any(|e| e.time == time
                    && matches!(e.kind, EventKind::KillAssessment { track: t, assessed_killed: true, .. } if t == track)),
                "rep {rep}: round {id} destroyed at {time} without a kill assessment"
            );
            // When a salvo mate killed, after that kill.
            let kill = log.events.iter().find_map(|e| match e.kind {
                EventKind::Kill { interceptor, .. } if mates.contains(&interceptor) => Some(e.time),
                _ => None,
            });
            if let Some(kill) = kill {
                assert!(
                    time > kill && time < kill + 30.0,
                    "rep {rep}: {time} vs kill {kill}"
                );
                assert!(launched_at[&id] < kill);
            }
            // It never fuzed, at anything.
            assert!(!log.events.iter().any(|e| matches!(
                e.kind,
                EventKind::Intercept { interceptor, .. } if interceptor == id
            )));
        }
        let counted: u32 = s.interceptors.iter().map(|r| r.self_destructs).sum();
        assert_eq!(counted as usize, destroyed.len());
        ordered += destroyed.len();
        // Every round is accounted for: fuzed, lost (ordered ones included) or flying.
        let row = &s.interceptors[0];
        assert!(row.detonations + row.lost <= row.fired);
    }
    assert!(
        ordered >= 2,
        "only {ordered} ordered self-destructs in 4 runs"
    );
}
