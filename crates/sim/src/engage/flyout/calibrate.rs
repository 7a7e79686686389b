//! Kinematic reach (maximum range, ceiling) of an airframe by the definitions of
//! [`super::envelope`], and the reproducible fit of the catalogue's \[C\] parameters.
//!
//! Reach is measured with reference flyouts from [`super::envelope::reference_site`]:
//!
//! * **maximum range**: for each of a few target heights (3 km, and fractions 0.2–0.8 of
//!   the catalogue ceiling: [`range_heights`]), the farthest intercept point against the
//!   reference aircraft, found by a scan and bisection on the aimed ground range; the
//!   greatest over heights;
//! * **ceiling**: for each of a few ground ranges (fractions 0.03–0.3 of the catalogue
//!   range: [`ceiling_ranges`]), the highest intercept against the reference aircraft, by
//!   a scan and bisection on height; the greatest over ranges;
//! * **ballistic ceiling**: the highest intercept of the reference 1,000 km
//!   minimum-energy ballistic missile aimed at the launcher, by bisection on launch time.
//!
//! The fit ([`fit`]) alternates a bisection on the propellant mass (→ maximum range) with
//! one on α_max (→ ceiling) until both are within 1 % of the targets, for each loft factor
//! in [`LOFT_CHOICES`], and keeps the loft that needs the least propellant. Run it with
//! `cargo test -p iadsim-sim --release --test flyout_calibrate -- --ignored --nocapture`.

use std::sync::Arc;

use iadsim_core::Geodetic;

use super::airframes::{Airframe, AirframeSpec};
use super::envelope::Criteria;
use super::geometry::{self, reference_site};
use super::reference::{assess, fly_against, reference_aircraft_intercept};
use super::settings::FlightSettings;
use crate::truth::trajectory::Trajectory;
use iadsim_setup::{BallisticProfile, Missile, Threat, ThreatClass, ThreatMotion};

/// The catalogue figures the fit aims at (sources in docs/sources.md): type, maximum range (m),
/// ceiling (m).
pub const TARGETS: [(&str, f64, f64); 5] = [
    ("40N6E", 400_000.0, 30_000.0),
    ("48N6E3", 250_000.0, 27_000.0),
    ("48N6E2", 200_000.0, 27_000.0),
    ("9M96E2", 120_000.0, 30_000.0),
    ("9M96E", 40_000.0, 20_000.0),
];

/// The catalogue figures of missile `type_name` the airframes are fitted with
/// (`crates/scenario/catalogue.yaml`: range, flight time, lethal radius, single-shot Pk),
/// with a 30 km altitude band; `None` for a type not in [`TARGETS`].
pub fn catalogue_missile(type_name: &str) -> Option<Missile> {
    let (range, flight_time, lethal, pk) = match type_name {
        "40N6E" => (400_000.0, 433.0, 20.0, 0.8),
        "48N6E3" => (250_000.0, 163.0, 20.0, 0.8),
        "48N6E2" => (200_000.0, 130.0, 20.0, 0.8),
        "9M96E2" => (120_000.0, 156.0, 5.0, 0.7),
        "9M96E" => (40_000.0, 58.0, 5.0, 0.7),
        _ => return None,
    };
    Some(Missile {
        type_name: type_name.into(),
        max_range: range,
        max_range_ballistic: 60_000.0,
        min_range: 3_000.0,
        min_altitude: 10.0,
        max_altitude: 30_000.0,
        average_speed: 1_500.0,
        max_target_speed: 4_800.0,
        single_shot_pk: pk,
        lethal_radius: lethal,
        max_flight_time: flight_time,
        unit_cost: None,
    })
}

/// Largest α_max the fit allows, rad (30°); beyond it the ceiling is met with
/// gas-dynamic control ([`AirframeSpec::thruster_accel`]).
pub const MAX_ALPHA: f64 = 30.0 * std::f64::consts::PI / 180.0;

/// Loft factors tried by the fit.
pub const LOFT_CHOICES: [f64; 5] = [0.25, 0.5, 1.0, 1.5, 2.0];

/// Lowest target height the maximum range is sought at, m: below it the radar horizon,
/// not the missile, limits the range (a 3 km target is below a 24 m mast's 4/3-Earth
/// horizon beyond ~245 km).
pub const RANGE_MIN_HEIGHT: f64 = 3_000.0;

/// Target heights at which the maximum range is sought: [`RANGE_MIN_HEIGHT`] and 0.2,
/// 0.35, 0.5, 0.65, 0.8 of the ceiling.
pub fn range_heights(ceiling: f64) -> Vec<f64> {
    std::iter::once(RANGE_MIN_HEIGHT)
        .chain([0.2, 0.35, 0.5, 0.65, 0.8].iter().map(|f| f * ceiling))
        .collect()
}

/// Ground ranges at which the ceiling is sought: 0.03, 0.05, 0.1, 0.2, 0.3 of the
/// maximum range.
pub fn ceiling_ranges(max_range: f64) -> Vec<f64> {
    [0.03, 0.05, 0.1, 0.2, 0.3]
        .iter()
        .map(|f| f * max_range)
        .collect()
}

/// Reach of an airframe.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Maximum range, m.
    pub max_range: f64,
    /// Target height at which it was reached, m.
    pub max_range_height: f64,
    /// Ceiling, m.
    pub ceiling: f64,
    /// Ground range at which the ceiling was reached, m.
    pub ceiling_range: f64,
}

/// Bisection on a monotone feasibility: `lo` feasible, `hi` not; returns the last
/// feasible value's payload once `hi − lo < tol`.
fn bisect<T>(
    mut lo: f64,
    mut hi: f64,
    tol: f64,
    mut lo_val: T,
    mut f: impl FnMut(f64) -> Option<T>,
) -> (f64, T) {
    while hi - lo > tol {
        let mid = 0.5 * (lo + hi);
        match f(mid) {
            Some(v) => {
                lo = mid;
                lo_val = v;
            }
            None => hi = mid,
        }
    }
    (lo, lo_val)
}

/// Largest `x` on `grid` (increasing) for which `f` holds, refined by bisection towards
/// the next grid point to `tol`; the payload of the last success. Scanning the whole grid
/// first makes the search robust to small infeasible pockets inside the envelope.
fn scan_then_bisect<T>(
    grid: &[f64],
    tol: f64,
    mut f: impl FnMut(f64) -> Option<T>,
) -> Option<(f64, T)> {
    let mut last: Option<(usize, T)> = None;
    for (i, &x) in grid.iter().enumerate() {
        if let Some(v) = f(x) {
            last = Some((i, v));
        }
    }
    let (i, v) = last?;
    if i + 1 == grid.len() {
        return Some((grid[i], v));
    }
    Some(bisect(grid[i], grid[i + 1], tol, v, f))
}

/// Maximum range (m) and the height it is reached at: for each of `heights`, the
/// farthest intercept point ground range on a scan of aimed ranges up to `r_hi` in 16
/// steps, refined by bisection to `tol` (m); the greatest over heights.
pub fn max_range(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    heights: &[f64],
    r_hi: f64,
    tol: f64,
) -> (f64, f64) {
    let grid: Vec<f64> = (1..=16).map(|i| r_hi * i as f64 / 16.0).collect();
    let mut best = (0.0, 0.0);
    for &h in heights {
        let f = |r: f64| reference_aircraft_intercept(airframe, settings, criteria, r, h);
        if let Some((_, got)) = scan_then_bisect(&grid, tol, f)
            && got > best.0
        {
            best = (got, h);
        }
    }
    best
}

/// Ceiling (m) and the ground range it is reached at: for each of `ranges`, the highest
/// intercept on a scan of heights from 2 km to `h_hi` in 20 steps, refined by bisection
/// to `tol` (m); the greatest over ranges.
pub fn ceiling(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    ranges: &[f64],
    h_hi: f64,
    tol: f64,
) -> (f64, f64) {
    let grid: Vec<f64> = (0..20)
        .map(|i| 2_000.0 + (h_hi - 2_000.0) * i as f64 / 19.0)
        .collect();
    let mut best = (0.0, 0.0);
    for &r in ranges {
        let f =
            |h: f64| reference_aircraft_intercept(airframe, settings, criteria, r, h).map(|_| h);
        if let Some((_, got)) = scan_then_bisect(&grid, tol, f)
            && got > best.0
        {
            best = (got, r);
        }
    }
    best
}

/// Reach of `airframe` against catalogue figures `range` and `ceiling` (m), which set
/// the search grids.
pub fn reach(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    range: f64,
    ceiling_m: f64,
) -> Reach {
    let heights = range_heights(ceiling_m);
    let (max_range, max_range_height) = max_range(
        airframe,
        settings,
        criteria,
        &heights,
        1.6 * range,
        0.004 * range,
    );
    let ranges = ceiling_ranges(range);
    let (ceiling, ceiling_range) = ceiling(
        airframe,
        settings,
        criteria,
        &ranges,
        2.0 * ceiling_m,
        0.004 * ceiling_m,
    );
    Reach {
        max_range,
        max_range_height,
        ceiling,
        ceiling_range,
    }
}

/// The reference ballistic threat: 1,000 km minimum-energy shot from due north of
/// [`reference_site`], aimed at `aim` (no drag), appearing at t = 0.
pub fn reference_ballistic_threat(aim: Geodetic) -> Threat {
    let (launch, _) = iadsim_core::geodesic::direct(&aim, 0.0, 1_000_000.0);
    Threat {
        name: "reference-mrbm".into(),
        type_name: "mrbm".into(),
        class: ThreatClass::BallisticMissile,
        rcs: 0.05,
        start_time: 0.0,
        motion: ThreatMotion::Ballistic {
            launch: launch.with_height(0.0),
            impact: aim,
            profile: BallisticProfile::MinimumEnergy,
            ballistic_coefficient: None,
        },
        target_asset: None,
        debris: iadsim_setup::Debris::default(),
    }
}

/// Outcome of one flyout against a ballistic trajectory launched at `launch_time`:
/// intercept height and ground range (m) if the criterion holds.
pub fn ballistic_intercept(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    trajectory: &Trajectory,
    launch_time: f64,
) -> Option<(f64, f64)> {
    let site = reference_site();
    let l = site.to_ecef().0;
    let r = fly_against(airframe, settings, &l, launch_time, trajectory, 0.5, false);
    let i = assess(airframe, criteria, &r).ok()?;
    Some((
        i.height,
        geometry::ground_range(&site, &l, &i.state.position),
    ))
}

/// Highest intercept (height m, ground range m) of the reference ballistic missile aimed
/// at the launcher.
pub fn ballistic_ceiling(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
) -> Option<(f64, f64)> {
    let tr = Trajectory::new(&reference_ballistic_threat(reference_site())).ok()?;
    let end = tr.end_time();
    // Late launches intercept low; find a feasible one, then bisect towards earlier.
    // Earlier launch = higher intercept: scan −t from late to early, then bisect.
    let grid: Vec<f64> = (0..=40).map(|i| -(end - 10.0) + 5.0 * i as f64).collect();
    scan_then_bisect(&grid, 0.05, |mt| {
        ballistic_intercept(airframe, settings, criteria, &tr, -mt)
    })
    .map(|(_, v)| v)
}

/// Smallest `x` on `grid` (increasing) for which `ok` holds, refined by bisection
/// against the grid point before it to `tol`; `None` if it holds nowhere on the grid.
fn first_crossing(grid: &[f64], tol: f64, mut ok: impl FnMut(f64) -> bool) -> Option<f64> {
    let i = grid.iter().position(|&x| ok(x))?;
    if i == 0 {
        return Some(grid[0]);
    }
    let (mut lo, mut hi) = (grid[i - 1], grid[i]);
    while hi - lo > tol {
        let mid = 0.5 * (lo + hi);
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

/// Fits propellant mass and α_max of `spec` for catalogue range and ceiling (m) at loft
/// `loft`; returns the spec and its reach, or `None` if no propellant load in
/// [0.3, 0.8]·m₀ reaches the range (or no lift and gas-dynamic control the ceiling).
pub fn fit_at_loft(
    spec: AirframeSpec,
    missile: &Missile,
    criteria: &Criteria,
    range: f64,
    ceiling_m: f64,
    loft: f64,
) -> Option<(AirframeSpec, Reach)> {
    let settings = FlightSettings::default();
    let mut s = spec;
    s.loft = loft;
    let build = |s: &AirframeSpec| {
        Arc::new(Airframe::from_spec(
            *s,
            missile.max_flight_time,
            missile.lethal_radius,
            missile.single_shot_pk,
        ))
    };
    let heights = range_heights(ceiling_m);
    let ranges = ceiling_ranges(range);
    for _round in 0..8 {
        // Propellant → range: the smallest load on a 2.5 % grid that reaches it, refined.
        let range_of = |mp: f64, s: &AirframeSpec| {
            let mut t = *s;
            t.propellant_mass = mp;
            max_range(
                &build(&t),
                &settings,
                criteria,
                &heights,
                1.6 * range,
                0.004 * range,
            )
            .0
        };
        let grid: Vec<f64> = (0..=20)
            .map(|i| s.launch_mass * (0.3 + 0.025 * i as f64))
            .collect();
        s.propellant_mass =
            first_crossing(&grid, 0.001 * s.launch_mass, |mp| range_of(mp, &s) >= range)?;
        // Lift → ceiling (see `fit_lift`).
        let ceiling_of = |t: &AirframeSpec| {
            ceiling(
                &build(t),
                &settings,
                criteria,
                &ranges,
                2.0 * ceiling_m,
                0.004 * ceiling_m,
            )
            .0
        };
        s = fit_lift(s, |t| ceiling_of(t) >= ceiling_m)?;
        let r = reach(&build(&s), &settings, criteria, range, ceiling_m);
        if std::env::var_os("FIT_DEBUG").is_some() {
            eprintln!(
                "  {} loft {loft} round {_round}: m_p {:.1} alpha {:.2} deg thr {:.1} -> range {:.1} km, ceiling {:.2} km",
                s.type_name,
                s.propellant_mass,
                s.alpha_max.to_degrees(),
                s.thruster_accel,
                r.max_range / 1e3,
                r.ceiling / 1e3
            );
        }
        if (r.max_range / range - 1.0).abs() < 0.01 && (r.ceiling / ceiling_m - 1.0).abs() < 0.01 {
            return Some((s, r));
        }
    }
    let r = reach(&build(&s), &settings, criteria, range, ceiling_m);
    Some((s, r))
}

/// Lift → ceiling: the smallest α_max on a 1° grid for which `reaches` holds, refined;
/// if even [`MAX_ALPHA`] cannot, gas-dynamic control for the rest (`None` if that cannot
/// either).
fn fit_lift(mut s: AirframeSpec, reaches: impl Fn(&AirframeSpec) -> bool) -> Option<AirframeSpec> {
    let grid: Vec<f64> = (1..=30).map(|d| (d as f64).to_radians()).collect();
    let mut t = s;
    t.thruster_accel = 0.0;
    match first_crossing(&grid, 0.05f64.to_radians(), |a| {
        t.alpha_max = a;
        reaches(&t)
    }) {
        Some(a) => {
            s.alpha_max = a;
            s.thruster_accel = 0.0;
        }
        None => {
            s.alpha_max = MAX_ALPHA;
            let mut t = s;
            let grid: Vec<f64> = (0..=30).map(|i| 10.0 * i as f64).collect();
            s.thruster_accel = first_crossing(&grid, 0.5, |x| {
                t.thruster_accel = x;
                reaches(&t)
            })?;
        }
    }
    Some(s)
}

/// Fits `spec` over [`LOFT_CHOICES`], keeping the loft needing the least propellant.
pub fn fit(
    spec: AirframeSpec,
    missile: &Missile,
    criteria: &Criteria,
    range: f64,
    ceiling_m: f64,
) -> Option<(AirframeSpec, Reach)> {
    let mut best: Option<(AirframeSpec, Reach)> = None;
    for loft in LOFT_CHOICES {
        if let Some((s, r)) = fit_at_loft(spec, missile, criteria, range, ceiling_m, loft)
            && best
                .as_ref()
                .is_none_or(|b| s.propellant_mass < b.0.propellant_mass)
        {
            best = Some((s, r));
        }
    }
    best
}

/// Fits the heading-error term ε_h of the criterion so that `airframe`'s ballistic
/// ceiling is `target` (m), by bisection in [0.001, 0.1] rad.
pub fn fit_handover_error(airframe: &Arc<Airframe>, criteria: &Criteria, target: f64) -> Criteria {
    let settings = FlightSettings::default();
    let (mut lo, mut hi) = (0.001, 0.1);
    while hi - lo > 1e-4 {
        let mid = 0.5 * (lo + hi);
        let c = Criteria {
            handover_error: mid,
            ..*criteria
        };
        let h = ballistic_ceiling(airframe, &settings, &c).map_or(0.0, |x| x.0);
        if h > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Criteria {
        handover_error: 0.5 * (lo + hi),
        ..*criteria
    }
}
