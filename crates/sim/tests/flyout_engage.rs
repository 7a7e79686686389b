//! The engine-facing interceptor: fuze (closest approach inside the step), damage
//! function and kill draw, seeded determinism, and what each homing type needs from the
//! engagement radar.

use std::sync::Arc;

use iadsim_core::{Ecef, Vector3, rng};
use iadsim_sim::assess::damage::DamageFunction;
use iadsim_sim::engage::FlightOutcome;
use iadsim_sim::engage::flyout::fuze::closest_approach;
use iadsim_sim::engage::flyout::geometry::{point_at, reference_site};
use iadsim_sim::engage::flyout::reference::{ConstantVelocity, TargetMotion};
use iadsim_sim::engage::flyout::{Airframe, FlightSettings, FlyoutInterceptor, Homing, airframes};
use iadsim_sim::setup::Missile;
use iadsim_sim::track::{Track, TrackStatus};
use iadsim_sim::truth::ThreatMotionOverStep;
use nalgebra::{Matrix6, Vector6};

#[test]
fn closest_approach_is_exact_inside_the_step() {
    // Head-on at 5 km/s closing, 3 m abeam, one 0.05 s step covering 250 m: the minimum is
    // found wherever it falls in the step.
    for frac in [0.0, 0.13, 0.5, 0.97] {
        let h = 0.05;
        let vm = Vector3::new(4_000.0, 0.0, 0.0);
        let vt = Vector3::new(-1_000.0, 0.0, 0.0);
        let tc = frac * h;
        let r0 = Vector3::zeros();
        let t0 = Vector3::new(5_000.0 * tc, 3.0, 0.0);
        let r1 = r0 + vm * h;
        let ca = closest_approach(&r0, &vm, &r1, &vm, &t0, &vt, h);
        assert!((ca.distance - 3.0).abs() < 1e-9, "{frac}: {}", ca.distance);
        assert!((ca.time - tc).abs() < 1e-9, "{frac}: {}", ca.time);
        assert!(ca.passed);
    }
    // A step that ends before the pass: not passed, minimum at the end.
    let vm = Vector3::new(4_000.0, 0.0, 0.0);
    let ca = closest_approach(
        &Vector3::zeros(),
        &vm,
        &(vm * 0.01),
        &vm,
        &Vector3::new(1_000.0, 3.0, 0.0),
        &Vector3::new(-1_000.0, 0.0, 0.0),
        0.01,
    );
    assert!(!ca.passed && (ca.time - 0.01).abs() < 1e-12);
    // A missile pulling 30 g across the line (a quadratic path, which the cubic Hermite
    // represents exactly) against a crossing target: matches a brute-force search.
    let a = Vector3::new(0.0, 300.0, -50.0);
    let v0 = Vector3::new(3_000.0, -20.0, 10.0);
    let h = 0.1;
    let r1 = v0 * h + a * (0.5 * h * h);
    let v1 = v0 + a * h;
    let t0 = Vector3::new(160.0, 5.0, 2.0);
    let tv = Vector3::new(-1_500.0, 200.0, 0.0);
    let ca = closest_approach(&Vector3::zeros(), &v0, &r1, &v1, &t0, &tv, h);
    let brute = (0..=200_000)
        .map(|i| {
            let s = h * i as f64 / 200_000.0;
            ((v0 * s + a * (0.5 * s * s)) - (t0 + tv * s)).norm()
        })
        .fold(f64::INFINITY, f64::min);
    assert!(
        (ca.distance - brute).abs() < 1e-6,
        "{} vs {brute}",
        ca.distance
    );
}

#[test]
fn damage_functions() {
    let g = DamageFunction::Gaussian;
    assert_eq!(g.pk(0.0, 0.8, 20.0), 0.8);
    assert!((g.pk(20.0, 0.8, 20.0) - 0.8 * (-0.5f64).exp()).abs() < 1e-15);
    assert!((g.pk(40.0, 0.8, 20.0) - 0.8 * (-2.0f64).exp()).abs() < 1e-15);
    let c = DamageFunction::CookieCutter;
    assert_eq!(c.pk(19.9, 0.8, 20.0), 0.8);
    assert_eq!(c.pk(20.1, 0.8, 20.0), 0.0);
    // Kill draws: one uniform per detonation; the frequency matches P_k.
    let mut r = rng::stream(1, 0, 9);
    let n = 20_000;
    let kills = (0..n).filter(|_| g.draw(20.0, 0.8, 20.0, &mut r)).count();
    let p = kills as f64 / n as f64;
    let want = 0.8 * (-0.5f64).exp();
    assert!(
        (p - want).abs() < 4.0 * (want * (1.0 - want) / n as f64).sqrt(),
        "{p} vs {want}"
    );
}

fn missile(type_name: &str) -> Missile {
    Missile {
        type_name: type_name.into(),
        max_range: 250_000.0,
        max_range_ballistic: 60_000.0,
        min_range: 3_000.0,
        min_altitude: 10.0,
        max_altitude: 27_000.0,
        average_speed: 2_000.0,
        max_target_speed: 4_800.0,
        single_shot_pk: 0.8,
        lethal_radius: 20.0,
        max_flight_time: 163.0,
        unit_cost: None,
    }
}

fn track_of(target: &ConstantVelocity, t: f64) -> Track {
    let (p, v) = target.state(t).unwrap();
    let mut state = Vector6::zeros();
    state.fixed_rows_mut::<3>(0).copy_from(&p);
    state.fixed_rows_mut::<3>(3).copy_from(&v);
    Track {
        id: 7,
        status: TrackStatus::Confirmed,
        time: t,
        state,
        covariance: Matrix6::identity(),
        hits: 10,
        last_update: t,
    }
}

/// Flies an interceptor of `homing` type against an inbound aircraft at 60 km, 10 km
/// high, with engine steps of 0.5 s; the radar's track disappears from `radar_off` on.
fn engagement(homing: Homing, radar_off: f64, seed: u64) -> (FlightOutcome, FlyoutInterceptor) {
    let m = missile("48N6E3");
    let mut spec = *airframes::spec("48N6E3").unwrap();
    spec.homing = homing;
    let af = Arc::new(Airframe::from_spec(
        spec,
        m.max_flight_time,
        m.lethal_radius,
        m.single_shot_pk,
    ));
    let site = reference_site();
    let p = point_at(&site, 0.0, 70_000.0, 10_000.0);
    let q = point_at(&site, 0.0, 10_000.0, 10_000.0);
    let target = ConstantVelocity {
        position: p,
        velocity: (q - p).normalize() * 250.0,
        time: 0.0,
    };
    let mut seeker = rng::stream(seed, 0, 1);
    let mut i = FlyoutInterceptor::launch(
        0,
        0,
        m,
        af,
        &site.to_ecef(),
        0.0,
        &track_of(&target, 0.0),
        FlightSettings::default(),
    );
    let dt = 0.5;
    for k in 0..400 {
        let (t0, t1) = (k as f64 * dt, (k + 1) as f64 * dt);
        let motion = [ThreatMotionOverStep {
            index: 3,
            position: [target.state(t0).unwrap().0, target.state(t1).unwrap().0],
            glint: 0.0,
        }];
        let track = (t0 < radar_off).then(|| track_of(&target, t0));
        let out = i.fly(t0, t1, track.as_ref(), &motion, &mut seeker);
        if out != FlightOutcome::Flying {
            return (out, i);
        }
    }
    panic!("never ended");
}

#[test]
fn seeded_engagement_kills_and_is_deterministic() {
    let (a, ia) = engagement(Homing::Active, f64::INFINITY, 11);
    let (b, _) = engagement(Homing::Active, f64::INFINITY, 11);
    assert_eq!(a, b, "same seed, same outcome");
    match a {
        FlightOutcome::Detonated { threat, miss, .. } => {
            assert_eq!(threat, 3);
            assert!(miss < 5.0, "miss {miss} m with a 0.5 mrad seeker");
        }
        other => panic!("{other:?}"),
    }
    assert!(ia.flight.stats.lock_time.is_some());
    // A different seed: a different (noisy) miss, still a hit.
    let (c, _) = engagement(Homing::Active, f64::INFINITY, 12);
    match (a, c) {
        (FlightOutcome::Detonated { miss: m1, .. }, FlightOutcome::Detonated { miss: m2, .. }) => {
            assert_ne!(m1, m2)
        }
        other => panic!("{other:?}"),
    }
    let _ = Ecef(Vector3::zeros());
}

#[test]
fn what_each_homing_type_needs_from_the_radar() {
    // Radar kept: all three hit.
    for h in [Homing::Active, Homing::SemiActive, Homing::TrackViaMissile] {
        let (out, _) = engagement(h, f64::INFINITY, 5);
        assert!(
            matches!(out, FlightOutcome::Detonated { miss, .. } if miss < 10.0),
            "{h:?}: {out:?}"
        );
    }
    // Find when the active missile locks on, then drop the radar just after that.
    let (_, i) = engagement(Homing::Active, f64::INFINITY, 5);
    let lock = i.flight.stats.lock_time.unwrap();
    let off = (lock / 0.5).ceil() * 0.5 + 0.5;
    // Active: autonomous after lock-on.
    let (out, _) = engagement(Homing::Active, off, 5);
    assert!(
        matches!(out, FlightOutcome::Detonated { miss, .. } if miss < 10.0),
        "{out:?}"
    );
    // Semi-active and TVM: no illumination / no link, no homing: they miss.
    for h in [Homing::SemiActive, Homing::TrackViaMissile] {
        let (out, _) = engagement(h, off, 5);
        assert!(
            matches!(out, FlightOutcome::Lost { .. })
                || matches!(out, FlightOutcome::Detonated { miss, .. } if miss > 20.0),
            "{h:?}: {out:?}"
        );
    }
    // Uplink lost early in midcourse (before lock-on): the missile flies on the last
    // uplinked estimate; against a straight-flying target an active seeker still
    // acquires, a TVM missile cannot.
    let (out, _) = engagement(Homing::Active, 5.0, 5);
    assert!(matches!(out, FlightOutcome::Detonated { .. }), "{out:?}");
    let (out, _) = engagement(Homing::TrackViaMissile, 5.0, 5);
    assert!(matches!(out, FlightOutcome::Lost { .. }), "{out:?}");
}

#[test]
fn noisy_seeker_against_a_ballistic_missile_at_4_5_km_s_closing() {
    // 40N6E against the reference 1,000 km ballistic missile, launched 30 s before impact,
    // 0.5 s engine steps, noisy seeker: the fuze finds the pass at ~4.5 km/s closing.
    use iadsim_sim::engage::flyout::calibrate::reference_ballistic_threat;
    use iadsim_sim::truth::Trajectory;
    let mut m = missile("40N6E");
    m.max_flight_time = 433.0;
    let af = Arc::new(Airframe::for_missile(&m).unwrap());
    let site = reference_site();
    let tr = Trajectory::new(&reference_ballistic_threat(site)).unwrap();
    let t_launch = tr.end_time() - 30.0;
    let state = |t: f64| {
        let s = tr.state_at(t).unwrap();
        (s.position.0, s.velocity.0)
    };
    let track = |t: f64| {
        let (p, v) = state(t);
        let mut x = Vector6::zeros();
        x.fixed_rows_mut::<3>(0).copy_from(&p);
        x.fixed_rows_mut::<3>(3).copy_from(&v);
        Track {
            id: 1,
            status: TrackStatus::Confirmed,
            time: t,
            state: x,
            covariance: Matrix6::identity(),
            hits: 10,
            last_update: t,
        }
    };
    let mut seeker = rng::stream(3, 0, 1);
    let mut i = FlyoutInterceptor::launch(
        0,
        0,
        m,
        af,
        &site.to_ecef(),
        t_launch,
        &track(t_launch),
        FlightSettings::default(),
    );
    let mut t0 = t_launch;
    let out = loop {
        let t1 = t0 + 0.5;
        let motion = [ThreatMotionOverStep {
            index: 0,
            position: [state(t0).0, state(t1.min(tr.end_time())).0],
            glint: 0.0,
        }];
        let out = i.fly(t0, t1, Some(&track(t0)), &motion, &mut seeker);
        if out != FlightOutcome::Flying {
            break out;
        }
        t0 = t1;
        assert!(t0 < tr.end_time(), "no outcome before impact");
    };
    match out {
        FlightOutcome::Detonated { miss, time, .. } => {
            let closing = (state(time).1 - i.velocity().0).norm();
            println!("miss {miss:.2} m at {closing:.0} m/s closing");
            assert!(
                miss < 20.0 && closing > 4_000.0,
                "miss {miss} closing {closing}"
            );
        }
        other => panic!("{other:?}"),
    }
}
