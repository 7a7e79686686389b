//! The observer hook: it sees the truth the engine flies, at the times it asks for, and
//! changes nothing in the run.

mod common;

use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::observe::{InterceptorState, Observer, ThreatState};
use iadsim_sim::truth::Trajectory;
use iadsim_sim::{EngineOptions, run_observed, run_with};

/// An interceptor as sampled: id, missile type, ECEF position.
type Flying = (usize, String, [f64; 3]);

#[derive(Default)]
struct Recorder {
    interval: f64,
    samples: Vec<(f64, Vec<ThreatState>, Vec<Flying>)>,
    ended: Vec<(usize, f64, [f64; 3])>,
}

impl Observer for Recorder {
    fn sample_interval(&self) -> f64 {
        self.interval
    }
    fn step(&mut self, t: f64, threats: &[ThreatState], interceptors: &[InterceptorState<'_>]) {
        self.samples.push((
            t,
            threats.to_vec(),
            interceptors
                .iter()
                .map(|m| {
                    assert_eq!(
                        m.time, t,
                        "an interceptor in flight is reported at the sample time"
                    );
                    let p = m.position.0;
                    (m.id, m.missile.to_string(), [p.x, p.y, p.z])
                })
                .collect(),
        ));
    }
    fn interceptors_ended(&mut self, ended: &[InterceptorState<'_>]) {
        for m in ended {
            let p = m.position.0;
            self.ended.push((m.id, m.time, [p.x, p.y, p.z]));
        }
    }
}

fn mixed() -> iadsim_sim::Setup {
    common::mixed_raid(4)
}

/// Every launched interceptor is reported, flying and at its end; the end is at the time
/// of its intercept or loss event.
fn check_interceptors(observed: &EventLog, rec: &Recorder) {
    let launches: Vec<(usize, String)> = observed
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Launch {
                interceptor,
                missile,
                ..
            } => Some((*interceptor, missile.clone())),
            _ => None,
        })
        .collect();
    assert!(!launches.is_empty());
    for (id, missile) in &launches {
        let end_event = observed.events.iter().find(|e| match e.kind {
            EventKind::Intercept { interceptor, .. }
            | EventKind::InterceptorLost { interceptor, .. } => interceptor == *id,
            _ => false,
        });
        let ended = rec.ended.iter().find(|e| e.0 == *id);
        match (end_event, ended) {
            (Some(e), Some(r)) => assert_eq!(e.time, r.1, "interceptor {id}"),
            (None, None) => {}
            other => panic!("interceptor {id}: event and observer disagree: {other:?}"),
        }
        for (_, _, ms) in &rec.samples {
            if let Some(m) = ms.iter().find(|m| m.0 == *id) {
                assert_eq!(&m.1, missile);
            }
        }
    }
}

#[test]
fn observing_changes_nothing_and_sees_the_true_trajectories() {
    let setup = mixed();
    let options = EngineOptions::default();
    let mut plain = EventLog::default();
    let s_plain = run_with(&setup, 0, &mut plain, &options).unwrap();
    let mut observed = EventLog::default();
    let mut rec = Recorder {
        interval: 1.0,
        ..Default::default()
    };
    let s_obs = run_observed(&setup, 0, &mut observed, &options, &mut rec).unwrap();
    assert_eq!(s_plain, s_obs);
    assert_eq!(plain.events, observed.events);

    // Samples fall on whole seconds (the step divides 1 s), strictly increasing, and
    // cover the run.
    assert!(setup.time_step <= 1.0);
    let times: Vec<f64> = rec.samples.iter().map(|s| s.0).collect();
    assert!(times.windows(2).all(|w| w[1] > w[0]));
    for t in &times {
        assert!(
            (t - t.round()).abs() < 1e-9,
            "sample at {t} is not on a whole second"
        );
    }
    assert_eq!(times.len() as f64, setup.duration.floor());

    // Every threat sample is the trajectory's own state at that time.
    let traj: Vec<Trajectory> = setup
        .threats
        .iter()
        .map(|t| Trajectory::new(t).unwrap())
        .collect();
    let mut seen = vec![0usize; setup.threats.len()];
    for (t, threats, _) in &rec.samples {
        for s in threats {
            let truth = traj[s.index].state_at(*t).unwrap();
            assert!(s.position.distance(&truth.position) < 1e-6);
            assert!((s.velocity.0 - truth.velocity.0).norm() < 1e-6);
            seen[s.index] += 1;
        }
    }
    assert!(
        seen.iter().all(|&c| c > 0),
        "every threat is observed: {seen:?}"
    );

    check_interceptors(&observed, &rec);
    // A kill's interceptor ends within its fuze range of the killed threat (fuze events at
    // debris are left out: they are at a fragment, off the threat's own path).
    for e in &observed.events {
        if let EventKind::Intercept {
            interceptor,
            threat,
            miss_distance,
            debris: None,
            ..
        } = e.kind
        {
            let (_, t, p) = rec.ended.iter().find(|r| r.0 == interceptor).unwrap();
            let truth = traj[threat].state_at(*t).unwrap().position.0;
            let d = (nalgebra::Vector3::from(*p) - truth).norm();
            // The fuze solves the closest approach on the straight chord of the step;
            // the truth curve departs from the chord by well under a metre per 0.5 s.
            assert!(
                (d - miss_distance).abs() < 5.0,
                "miss {miss_distance} vs {d}"
            );
        }
    }
}

#[test]
fn a_zero_interval_samples_every_step() {
    let setup = mixed();
    let mut rec = Recorder::default();
    run_observed(
        &setup,
        0,
        &mut EventLog::default(),
        &EngineOptions::default(),
        &mut rec,
    )
    .unwrap();
    let steps = (setup.duration / setup.time_step).ceil() as usize;
    assert_eq!(rec.samples.len(), steps);
}
