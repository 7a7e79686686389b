//! Debris and kill assessment end to end: a salvo mate flies on toward the debris of a
//! target killed before it (nothing tells it otherwise, unless the command post orders it
//! destroyed), and each kind of kill-assessment error is forced and counted — checked
//! against the event log, independently of the summary's counters.

mod common;

use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::setup::{Debris, Setup};
use iadsim_sim::{EngineOptions, RadarModelKind, TrackerKind};

fn first_models() -> EngineOptions {
    EngineOptions {
        radar_model: RadarModelKind::FixedPd,
        tracker: TrackerKind::NearestNeighbour,
        ..Default::default()
    }
}

/// One launcher firing two-round salvos `interval` s apart, rounds of single-shot Pk `pk`.
fn one_launcher(setup: &mut Setup, interval: f64, pk: f64) {
    let launchers = &mut setup.regiment.battalions[0].launchers;
    launchers.truncate(1);
    launchers[0].launch_interval = interval;
    launchers[0].loadout[0].missile.single_shot_pk = pk;
    launchers[0].loadout[0].count = 16;
}

/// One fighter, killed by the first salvo (one launcher, Pk 1), breaking into four
/// fragments that part at 40 m/s and keep the intact fighter's RCS (floor ratio 1).
fn break_up() -> Setup {
    let mut threat = common::fighter("f1", 0.0);
    threat.debris = Debris {
        fragments: 4,
        ballistic_coefficient: 500.0,
        separation_speed: 40.0,
        rcs_decay_time: 3.0,
        rcs_floor_ratio: 1.0,
    };
    let mut setup = common::setup(vec![threat], common::doctrine());
    one_launcher(&mut setup, 1.0, 1.0);
    setup
}

#[test]
fn a_salvo_mate_flies_on_toward_the_debris() {
    // Two rounds launched 1 s apart at one fighter, killing whenever they fuze: when the
    // first kills, the second is a second from the intercept, inside the command post's
    // look time (two engagement-radar periods, 4 s), so no order reaches it. Its seeker
    // sees the fighter's fragments where the fighter was going and homes on them: it
    // fuzes at debris (harming nothing), never ends with a "target gone" truth fate.
    let mut setup = common::setup(vec![common::fighter("f1", 0.0)], common::doctrine());
    one_launcher(&mut setup, 1.0, 1.0);
    let mut at_debris = 0;
    for rep in 0..4 {
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, rep, &mut log, &first_models()).unwrap();
        let kill = log.events.iter().find_map(|e| match e.kind {
            EventKind::Kill { interceptor, .. } => Some((interceptor, e.time)),
            _ => None,
        });
        let Some((killer, kill_time)) = kill else {
            continue;
        };
        for e in &log.events {
            match &e.kind {
                EventKind::InterceptorLost { reason, .. } => {
                    assert!(!reason.contains("target gone"), "rep {rep}: {reason}");
                }
                EventKind::Intercept {
                    interceptor,
                    debris: Some(_),
                    killed,
                    ..
                } if *interceptor != killer => {
                    assert!(!killed);
                    assert!(
                        e.time > kill_time,
                        "rep {rep}: fuzed at debris before the kill"
                    );
                    at_debris += 1;
                }
                _ => {}
            }
        }
        assert_eq!(s.debris.detonations as usize, at_debris_in(&log));
        assert!(s.debris.objects >= 2, "rep {rep}: {:?}", s.debris);
    }
    assert!(
        at_debris >= 2,
        "only {at_debris} salvo mates fuzed at debris in 4 runs"
    );
}

fn at_debris_in(log: &EventLog) -> usize {
    log.events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Intercept {
                    debris: Some(_),
                    ..
                }
            )
        })
        .count()
}

#[test]
fn debris_holding_the_track_is_engaged_again_and_counted() {
    // A fighter whose debris is one heavy piece continuing its path (β 10⁵ kg/m², no
    // separation, RCS kept): for the look time its track holds its motion after the kill
    // (it falls under gravity alone, pitching down ~2°/s, which the track's filter shows
    // late), so the command post judges it a survivor and, under shoot-look-shoot,
    // engages it again — an engagement at debris. Every engagement after the kill is one
    // (the only threat is dead), and the summary counts exactly those.
    let mut threat = common::fighter("f1", 0.0);
    threat.debris = Debris {
        fragments: 1,
        ballistic_coefficient: 1.0e5,
        separation_speed: 0.0,
        rcs_decay_time: 1.0,
        rcs_floor_ratio: 1.0,
    };
    let mut setup = common::setup(vec![threat], common::doctrine());
    one_launcher(&mut setup, 1.0, 1.0);
    let mut counted = 0;
    for rep in 0..4 {
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, rep, &mut log, &first_models()).unwrap();
        let kill = log.events.iter().find_map(|e| match e.kind {
            EventKind::Kill { .. } => Some(e.time),
            _ => None,
        });
        let after = kill.map_or(0, |k| {
            log.events
                .iter()
                .filter(|e| e.time > k && matches!(e.kind, EventKind::EngagementPlanned { .. }))
                .count()
        });
        assert_eq!(
            s.kill_assessment.reengaged_while_dead as usize, after,
            "rep {rep}"
        );
        assert_eq!(s.kill_assessment.killed_while_alive, 0, "rep {rep}");
        counted += after;
    }
    assert!(counted >= 1, "no engagement at debris in 4 runs");
}

#[test]
fn a_survivor_whose_track_goes_silent_is_judged_killed_and_counted() {
    // Rounds that seldom kill (Pk 0.01) against one fighter, seen by an engagement radar
    // of Pd 0.5 a look: after a round fuzes, the track often gets no update for the look
    // time while its salvo mate still flies, and the command post judges the fighter
    // killed and orders the mate destroyed. While the fighter flies, every such judgement
    // is an error, and the summary counts exactly those.
    let mut setup = common::setup(vec![common::fighter("f1", 0.0)], common::doctrine());
    one_launcher(&mut setup, 3.0, 0.01);
    setup.regiment.battalions[0]
        .engagement_radar
        .detection_probability = 0.5;
    let mut counted = 0;
    for rep in 0..6 {
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, rep, &mut log, &first_models()).unwrap();
        // Alive until it is killed or leaves.
        let leak = log
            .events
            .iter()
            .find_map(|e| {
                matches!(e.kind, EventKind::Leak { .. } | EventKind::Kill { .. }).then_some(e.time)
            })
            .unwrap_or(f64::INFINITY);
        let judged_killed = log
            .events
            .iter()
            .filter(|e| {
                e.time < leak
                    && matches!(
                        e.kind,
                        EventKind::KillAssessment {
                            assessed_killed: true,
                            ..
                        }
                    )
            })
            .count();
        assert_eq!(
            s.kill_assessment.killed_while_alive as usize, judged_killed,
            "rep {rep}"
        );
        counted += judged_killed;
    }
    assert!(counted >= 1, "no wrong kill judgement in 6 runs");
}

/// Engagements planned after `kill` s, and battalion tracks confirmed after it.
fn after_kill(log: &EventLog, kill: f64) -> (usize, usize) {
    let planned = log
        .events
        .iter()
        .filter(|e| e.time > kill && matches!(e.kind, EventKind::EngagementPlanned { .. }))
        .count();
    let tracks = log
        .events
        .iter()
        .filter(|e| {
            e.time > kill
                && matches!(
                    e.kind,
                    EventKind::TrackStart {
                        battalion: Some(_),
                        ..
                    }
                )
        })
        .count();
    (planned, tracks)
}

#[test]
fn fragment_tracks_born_at_a_kill_are_classed_debris_and_not_engaged() {
    // One fighter, killed by the first salvo (Pk 1), breaking into four fragments that
    // part at 40 m/s and keep the intact fighter's RCS (floor ratio 1): the radars track
    // them as new objects near the kill. The only threat is dead, so every engagement
    // after the kill would be at debris. The command post classes the tracks born near
    // its judged kill as debris after watching them (decide::debris): none is engaged.
    // Before discrimination (main at 147f2f5) such fragment tracks drew ~34 engagements a
    // run of regiment_defense.
    let setup = break_up();
    let (mut runs, mut fragment_tracks) = (0, 0);
    for rep in 0..8 {
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, rep, &mut log, &first_models()).unwrap();
        let Some(kill) = log.events.iter().find_map(|e| match e.kind {
            EventKind::Kill { .. } => Some(e.time),
            _ => None,
        }) else {
            continue;
        };
        let (planned, tracks) = after_kill(&log, kill);
        assert_eq!(planned, 0, "rep {rep}: {planned} engagements at debris");
        assert_eq!(s.kill_assessment.reengaged_while_dead, 0, "rep {rep}");
        runs += 1;
        fragment_tracks += tracks;
    }
    assert!(runs >= 6, "the fighter was killed in only {runs} of 8 runs");
    // The fragments were seen as objects of their own: something to be fooled by.
    assert!(
        fragment_tracks >= runs,
        "{fragment_tracks} fragment tracks in {runs} runs"
    );
}

#[test]
fn the_engagement_radar_frees_the_channels_of_debris() {
    // The same break-up under the full models: the engagement radar takes the fragment
    // tracks into channels, and frees each the command post classes debris
    // (`channel_freed`, reason "classed debris ..."); no engagement follows the kill.
    let setup = break_up();
    let (mut runs, mut freed) = (0, 0);
    for rep in 0..3 {
        let mut log = EventLog::default();
        let s = iadsim_sim::run_with(&setup, rep, &mut log, &EngineOptions::default()).unwrap();
        let Some(kill) = log.events.iter().find_map(|e| match e.kind {
            EventKind::Kill { .. } => Some(e.time),
            _ => None,
        }) else {
            continue;
        };
        let (planned, _) = after_kill(&log, kill);
        assert_eq!(planned, 0, "rep {rep}: {planned} engagements at debris");
        assert_eq!(s.kill_assessment.reengaged_while_dead, 0, "rep {rep}");
        freed += log
            .events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::ChannelFreed { reason, .. } if reason.starts_with("classed debris")))
            .count();
        runs += 1;
    }
    assert!(runs >= 2, "the fighter was killed in only {runs} of 3 runs");
    assert!(
        freed >= runs,
        "{freed} channels freed as debris in {runs} runs"
    );
}

#[test]
fn a_track_revisit_reports_only_its_channels_plot() {
    // The fighter breaks into 4 fragments of full RCS parting at 40 m/s: for seconds they
    // all lie in the beam and range gate of the channel that held it. The revisit reports
    // the return its channel takes, not the others: at any instant the engagement radar
    // reports at most one detection per channel in use (its search reports one beam
    // position at a time, so it adds at most one more).
    let setup = break_up();
    let mut kills = 0;
    for rep in 0..3 {
        let mut log = EventLog::default();
        iadsim_sim::run_with(&setup, rep, &mut log, &EngineOptions::default()).unwrap();
        let kill = log.events.iter().find_map(|e| match e.kind {
            EventKind::Kill { .. } => Some(e.time),
            _ => None,
        });
        kills += usize::from(kill.is_some());
        // Channels in use over time, and the engagement radar's detections per instant.
        let mut channels: i64 = 0;
        let mut at: Option<(f64, i64, i64)> = None; // (time, detections, channels then)
        let mut worst: i64 = i64::MIN;
        let mut debris_seen = 0;
        for e in &log.events {
            match &e.kind {
                EventKind::ChannelTaken { .. } => channels += 1,
                EventKind::ChannelFreed { .. } => channels -= 1,
                EventKind::Detection {
                    radar: 1, debris, ..
                } => {
                    debris_seen += usize::from(debris.is_some());
                    at = match at {
                        Some((t, n, c)) if t == e.time => Some((t, n + 1, c.max(channels))),
                        _ => Some((e.time, 1, channels)),
                    };
                    let (_, n, c) = at.unwrap();
                    worst = worst.max(n - c);
                }
                _ => {}
            }
        }
        assert!(
            worst <= 1,
            "rep {rep}: {worst} detections beyond one a channel"
        );
        if kill.is_some() {
            assert!(debris_seen > 0, "rep {rep}: the fragments were never seen");
        }
    }
    assert!(
        kills >= 2,
        "the fighter was killed in only {kills} of 3 runs"
    );
}
