//! The three flyout model questions left open by issue 16, each pinned with the numbers
//! that explain it (`bench/flyout/README.md`, "Open questions of issue 16"):
//!
//! * the 40N6E's table hole at 27–30 km height, 252–300 km: the lofted arc comes down
//!   steeper than the line of sight and short of the target, and at seeker lock-on
//!   (40 km out, 34–43 km high) the air gives the homing law a quarter to a sixth of
//!   what it asks;
//! * the 48N6E3 arriving at 470–580 m/s at 9 km, 82–130 km: what drag leaves of the
//!   burn-out energy on a climb to only 13–19 km (loft k = 0.5); the exponential
//!   drag-decay closed form agrees, and a loft of 1 would arrive more than twice as fast;
//! * the 9M96E2 passing re-entry vehicles beyond its 15 m fuze range: the lofted powered
//!   climb left a zero-effort miss of kilometres that the 5 g midcourse could not remove
//!   before its 15 km seeker locked on, ~3.5 s before the pass, beyond or near what 20 g
//!   can divert (½·a·t_go², any guidance law). Fixed: no loft against a ballistic target
//!   (`guidance::loft_against`); the test checks that every launch now hits.
//!
//! Reference flyouts with a perfect track and a noise-free seeker, flown with the engine's
//! settings (those of the planning tables).

use std::sync::Arc;

use iadsim_core::atmosphere::us1976;
use iadsim_sim::engage::flyout::airframes::spec;
use iadsim_sim::engage::flyout::calibrate::{catalogue_missile, reference_ballistic_threat};
use iadsim_sim::engage::flyout::dynamics::{self, MissileState, specific_energy};
use iadsim_sim::engage::flyout::envelope::{Criteria, EnvelopeTable};
use iadsim_sim::engage::flyout::flight::TraceSample;
use iadsim_sim::engage::flyout::geometry::{point_at, reference_site};
use iadsim_sim::engage::flyout::guidance::loft_against;
use iadsim_sim::engage::flyout::reference::{ConstantVelocity, FlyoutResult, fly_against};
use iadsim_sim::engage::flyout::settings::planning_settings;
use iadsim_sim::engage::flyout::{Airframe, AirframeSpec, FlightEvent, table_file, tables};
use iadsim_sim::truth::Trajectory;
use nalgebra::Vector3;

/// The catalogue airframe `name`, or one built from its spec changed by `edit`.
fn airframe_with(name: &str, edit: impl Fn(&mut AirframeSpec)) -> Arc<Airframe> {
    let m = catalogue_missile(name).expect("catalogue missile");
    let mut s = *spec(name).expect("catalogue airframe");
    edit(&mut s);
    Arc::new(Airframe::from_spec(
        s,
        m.max_flight_time,
        m.lethal_radius,
        m.single_shot_pk,
    ))
}

fn airframe(name: &str) -> Arc<Airframe> {
    airframe_with(name, |_| {})
}

/// The shipped planning table of `name`.
fn shipped(name: &str) -> EnvelopeTable {
    let (_, text) = tables::SHIPPED_TABLES
        .iter()
        .find(|(k, _)| *k == name)
        .expect("shipped table");
    table_file::read_csv(airframe(name), Criteria::default(), text).expect("table reads")
}

/// The shipped table's cell at the grid node (`range`, `height`), m; the node must exist.
fn node(table: &EnvelopeTable, range: f64, height: f64) -> Option<f64> {
    let j = table
        .ranges
        .iter()
        .position(|&r| r == range)
        .expect("range node");
    let i = table
        .heights
        .iter()
        .position(|&h| h == height)
        .expect("height node");
    table.cell(i, j).map(|c| c.speed)
}

/// A recorded flyout from the reference site at a stationary point `range` m north,
/// `height` m high: how the tables are flown.
fn fly_to_node(af: &Arc<Airframe>, range: f64, height: f64) -> (FlyoutResult, Vector3<f64>) {
    let site = reference_site();
    let p = point_at(&site, 0.0, range, height);
    let target = ConstantVelocity {
        position: p,
        velocity: Vector3::zeros(),
        time: 0.0,
    };
    let res = fly_against(
        af,
        &planning_settings(),
        &site.to_ecef().0,
        0.0,
        &target,
        0.5,
        true,
    );
    (res, p)
}

fn trace(res: &FlyoutResult) -> &[TraceSample] {
    res.trace.as_deref().expect("recorded")
}

/// Angle of `v` above the local horizontal at `at`, degrees.
fn elevation(v: &Vector3<f64>, at: &Vector3<f64>) -> f64 {
    v.normalize().dot(&at.normalize()).asin().to_degrees()
}

fn hits(res: &FlyoutResult, lethal: f64) -> bool {
    matches!(res.event, FlightEvent::Fuzed { miss, .. } if miss <= lethal)
}

/// Lift limit ½ρv²·S·C_Nα·α_max/m from the US-1976 density at the state's height, m/s²
/// (the closed form, computed here apart from the model's).
fn lift_limit(af: &Airframe, s: &MissileState) -> f64 {
    let rho = us1976(dynamics::height(&s.position)).density;
    0.5 * rho * s.velocity.norm_squared() * af.area * af.cn_alpha * af.alpha_max / s.mass
}

#[test]
fn forty_n6e_hole_near_its_ceiling_is_a_short_arc_with_no_air_to_correct_it_at_lock_on() {
    let af = airframe("40N6E");
    let table = shipped("40N6E");
    // The hole of the shipped table (and of the flyouts now): 28.5 km at 264–288 km, 30 km
    // at 252–300 km.
    let hole: Vec<(f64, f64)> = [264.0, 276.0, 288.0]
        .iter()
        .map(|&r| (r, 28.5))
        .chain(
            [252.0, 264.0, 276.0, 288.0, 300.0]
                .iter()
                .map(|&r| (r, 30.0)),
        )
        .collect();
    for &(r_km, h_km) in &hole {
        let (r, h) = (r_km * 1e3, h_km * 1e3);
        assert!(
            node(&table, r, h).is_none(),
            "{r_km} km / {h_km} km is in the table"
        );
        let (res, p) = fly_to_node(&af, r, h);
        assert!(
            !hits(&res, af.lethal_radius),
            "{r_km}/{h_km}: {:?}",
            res.event
        );
        let lock = res.stats.lock_time.expect("the seeker locks on");
        let x = trace(&res)
            .iter()
            .find(|x| x.time >= lock + 0.05)
            .expect("homing samples");
        let fpa = elevation(&x.state.velocity, &x.state.position);
        let los = elevation(&(p - x.state.position), &x.state.position);
        let lift = lift_limit(&af, &x.state);
        let height = dynamics::height(&x.state.position);
        println!(
            "40N6E {r_km} km / {h_km} km: lock-on at {:.1} km high, flight path {fpa:.1}° vs \
             line of sight {los:.1}°, homing command {:.1} m/s² vs lift limit {lift:.1} m/s²",
            height / 1e3,
            x.command.norm()
        );
        // The arc falls short: descending steeper than the line of sight to the target.
        assert!(fpa < los - 2.5, "{r_km}/{h_km}: {fpa} vs {los}");
        // Above the target in thin air: the lift limit (model's equals the closed form)
        // is under a quarter of what proportional navigation asks for.
        assert!(height > 34_000.0, "{height}");
        assert!(
            (x.max_lateral - lift).abs() <= 0.01 * lift,
            "{} vs {lift}",
            x.max_lateral
        );
        assert!(x.command.norm() > 3.5 * lift, "{r_km}/{h_km}");
    }
    // The same arcs 4.5 km lower, and the 312 km arc at 30 km (it locks on at 30.7 km,
    // where the air gives 37 m/s²), have the air to pull up: they hit.
    for (r_km, h_km) in [(264.0, 25.5), (276.0, 25.5), (288.0, 25.5), (312.0, 30.0)] {
        let (res, _) = fly_to_node(&af, r_km * 1e3, h_km * 1e3);
        assert!(
            hits(&res, af.lethal_radius),
            "{r_km}/{h_km}: {:?}",
            res.event
        );
        assert!(node(&table, r_km * 1e3, h_km * 1e3).is_some());
    }
}

/// Arrival speed, burn-out speed and the exponential drag-decay prediction
/// v_bo·exp(−∫ρ·S·C_D(M)/(2m) ds) over the coast (gravity and induced drag left out),
/// the specific-energy loss after burn-out and the drag work over the same path
/// (trapezoid over the recorded steps), apex; for a flyout of `af` to (`range`, `height`).
struct Coast {
    arrival: f64,
    burnout: f64,
    exponential: f64,
    energy_loss: f64,
    drag_work: f64,
    apex: f64,
    hit: bool,
}

fn coast(af: &Arc<Airframe>, range: f64, height: f64) -> Coast {
    let (res, _) = fly_to_node(af, range, height);
    let burn = af.boost_time + af.sustain_time;
    let coasting: Vec<&TraceSample> = trace(&res).iter().filter(|x| x.time >= burn).collect();
    let first = coasting[0];
    let last = coasting[coasting.len() - 1];
    let mass = first.state.mass;
    let physics = planning_settings().physics;
    let (mut decay, mut work) = (0.0, 0.0);
    for w in coasting.windows(2) {
        let f = |x: &TraceSample| {
            let atm = us1976(dynamics::height(&x.state.position));
            let v = x.state.velocity.norm();
            let k =
                atm.density * af.area * af.drag.cd(v / atm.speed_of_sound, false) / (2.0 * mass);
            // Drag power: what the equations of motion take from v beyond gravity.
            let input = dynamics::StepInputs {
                thrust: 0.0,
                mass_flow: 0.0,
                command: x.command,
            };
            let d = dynamics::derivative(af, &physics, &x.state, &input);
            let g = dynamics::gravity(&x.state.position);
            (k * v, -(d.velocity - g).dot(&x.state.velocity))
        };
        let (a, b) = (f(w[0]), f(w[1]));
        let dt = w[1].time - w[0].time;
        decay += 0.5 * (a.0 + b.0) * dt;
        work += 0.5 * (a.1 + b.1) * dt;
    }
    Coast {
        arrival: last.state.velocity.norm(),
        burnout: first.state.velocity.norm(),
        exponential: first.state.velocity.norm() * (-decay).exp(),
        energy_loss: specific_energy(&first.state, false) - specific_energy(&last.state, false),
        drag_work: work,
        apex: res.stats.max_height,
        hit: hits(&res, af.lethal_radius),
    }
}

#[test]
fn forty_eight_n6e3_arrival_speed_at_9_km_is_what_drag_leaves_of_its_burn_out_energy() {
    let af = airframe("48N6E3");
    let table = shipped("48N6E3");
    let mut slowest = (f64::INFINITY, 0.0, 0.0);
    for r_km in [60.0, 75.0, 90.0, 97.5, 105.0, 120.0, 150.0] {
        let c = coast(&af, r_km * 1e3, 9_000.0);
        println!(
            "48N6E3 {r_km} km / 9 km: burn-out {:.0} m/s, apex {:.1} km, arrival {:.0} m/s \
             (exponential decay {:.0}), energy lost after burn-out {:.3} MJ/kg, drag work {:.3}",
            c.burnout,
            c.apex / 1e3,
            c.arrival,
            c.exponential,
            c.energy_loss / 1e6,
            c.drag_work / 1e6
        );
        assert!(c.hit, "{r_km}");
        // The shipped table holds what the model flies.
        let speed = node(&table, r_km * 1e3, 9_000.0).expect("reachable node");
        assert!(
            (speed - c.arrival).abs() < 0.005 * c.arrival,
            "{speed} vs {}",
            c.arrival
        );
        // Energy: all the specific energy lost after burn-out is drag work (no sink).
        assert!(
            (c.energy_loss - c.drag_work).abs() < 1e-3 * c.energy_loss,
            "{} vs {}",
            c.energy_loss,
            c.drag_work
        );
        // Drag takes 90–96 % of the burn-out kinetic energy.
        let share = c.drag_work / (0.5 * c.burnout * c.burnout);
        assert!((0.85..0.98).contains(&share), "{share}");
        // The closed form of a drag-only coast over the flown path is within 15 % below
        // (the model gains a little from the descent to 9 km, which the form leaves out).
        assert!(
            c.exponential <= c.arrival && c.exponential > 0.85 * c.arrival,
            "{} vs {}",
            c.exponential,
            c.arrival
        );
        if c.arrival < slowest.0 {
            slowest = (c.arrival, r_km, c.apex);
        }
    }
    // The dip: slowest at 90–97.5 km, under 500 m/s, on an arc no higher than 15 km.
    let (v, r_km, apex) = slowest;
    assert!(
        v < 500.0 && (90.0..=97.5).contains(&r_km) && apex < 15_000.0,
        "{slowest:?}"
    );
    // The cause is the loft: the same shot lofted with k = 1 climbs to 24 km, where the
    // air is a third as dense, and arrives more than twice as fast.
    let lofted = coast(
        &airframe_with("48N6E3", |s| s.loft = 1.0),
        90_000.0,
        9_000.0,
    );
    let flat = coast(&af, 90_000.0, 9_000.0);
    println!(
        "48N6E3 90 km / 9 km, loft 1: apex {:.1} km, arrival {:.0} m/s",
        lofted.apex / 1e3,
        lofted.arrival
    );
    assert!(lofted.hit && lofted.apex > 20_000.0);
    assert!(
        lofted.arrival > 2.0 * flat.arrival,
        "{} vs {}",
        lofted.arrival,
        flat.arrival
    );
}

/// One 9M96E2 flyout against the reference ballistic missile launched `before` s before
/// its impact: whether it hit, the zero-effort miss across the line of sight at seeker
/// lock-on (straight-line relative motion from the true states, m), the bang-bang bound
/// ½·a_max·t_go² on what any law can divert in the time left (m), and the midcourse
/// command just before lock-on (m/s²).
struct Handover {
    hit: bool,
    zem: f64,
    bound: f64,
    midcourse: f64,
}

fn nine_m96e2_vs_ballistic(af: &Arc<Airframe>, before: f64) -> Handover {
    let site = reference_site();
    let tr = Trajectory::new(&reference_ballistic_threat(site)).expect("trajectory");
    let t0 = tr.end_time() - before;
    let res = fly_against(
        af,
        &planning_settings(),
        &site.to_ecef().0,
        t0,
        &tr,
        0.5,
        true,
    );
    let samples = trace(&res);
    let lock = res.stats.lock_time.expect("the seeker locks on");
    let x = samples
        .iter()
        .find(|x| x.time >= lock)
        .expect("homing samples");
    let pre = samples
        .iter()
        .rev()
        .find(|y| y.time < lock - 0.05)
        .expect("midcourse samples");
    let target = tr.state_at(x.time).expect("target exists at lock-on");
    let r = target.position.0 - x.state.position;
    let v = target.velocity.0 - x.state.velocity;
    let closing = -r.dot(&v) / r.norm();
    let t_go = r.norm() / closing;
    let zem = r + v * t_go;
    let u = r.normalize();
    Handover {
        hit: hits(&res, af.lethal_radius),
        zem: (zem - u * zem.dot(&u)).norm(),
        bound: 0.5 * x.max_lateral * t_go * t_go,
        midcourse: pre.command.norm(),
    }
}

#[test]
fn nine_m96e2_meets_reentry_vehicles_on_a_flat_climb() {
    let af = airframe("9M96E2");
    // No loft against a ballistic target, the airframe's against an aircraft.
    let up = reference_site().to_ecef().0.normalize();
    assert_eq!(loft_against(&af, &(up * -3_000.0)), 0.0);
    assert_eq!(loft_against(&af, &(up * 250.0)), af.spec.loft);
    // Launched every 2 s from 6 to 36 s before the reference ballistic missile's impact
    // (intercepts at 2–18 km high). With the loft (k = 1) the launches 22–34 s before
    // impact handed over a zero-effort miss of 0.76–1.42 km at seeker lock-on (15 km
    // out, ~3.5 s to go), 0.56–1.13 of the bang-bang bound ½·a_max·t_go² of any law at
    // 20 g, after a midcourse saturated at 5 g; the re-entry vehicle passed outside the
    // 15 m fuze range, and the 20 s launch fuzed at 12.2 m, beyond the 5 m lethal radius.
    // Flying flat, every one hits, handing over a miss far inside the bound.
    let mut rows = Vec::new();
    for k in 3..=18 {
        let before = 2.0 * k as f64;
        let h = nine_m96e2_vs_ballistic(&af, before);
        println!(
            "9M96E2 launched {before} s before impact: ZEM at lock-on {:.0} m, bang-bang \
             bound {:.0} m, midcourse command before lock-on {:.1} m/s², hit {}",
            h.zem, h.bound, h.midcourse, h.hit
        );
        rows.push((before, h.hit, h.zem / h.bound));
    }
    for (before, hit, ratio) in rows {
        assert!(hit, "{before}");
        assert!(ratio < 0.3, "{before}: {ratio}");
    }
}
