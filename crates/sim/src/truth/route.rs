//! Routes: geodesic legs over the WGS-84 ellipsoid with circular fillets at the turns.
//!
//! The ground track (height 0) is built from two kinds of piece:
//!
//! * a **leg**: a stretch of the geodesic from one waypoint to the next
//!   (`iadsim_core::geodesic`: Karney's algorithm, nanometre accuracy);
//! * a **fillet**: a circular arc of radius r cutting the corner at an interior waypoint W.
//!   It is drawn in W's azimuthal-equidistant plane: a plane point at distance ρ and
//!   azimuth β from W maps to the point at geodesic distance ρ along azimuth β from W.
//!   Geodesics through W map to straight radial lines, so the arc's two tangent points
//!   land *exactly* on the incoming and outgoing geodesics and the joins are C¹. The map's
//!   distortion changes the arc's curvature by a relative O(((d + r)/R)²) (1e-6 for a
//!   fighter's 2.5 km fillet, 1e-4 for a cruise missile's 12 km one, ~1 % for a 170° turn
//!   at 50 km radius); the radius is enlarged by a bound on that, plus the φ²/12 = 5.2e-5
//!   overshoot of the Hermite interpolation, so the flown turn rate never exceeds
//!   `max_turn_rate` (it runs 5e-5 to 2e-4 below it in ordinary cases).
//!
//! The height above the ellipsoid is piecewise linear in ground distance, with knots at the
//! first and last waypoints and, for interior waypoints, at the middle of each fillet (at
//! the waypoint itself where there is no fillet). Over a terrain model a route with a
//! terrain clearance ([`Follow`]) flies instead at the ground's height plus the clearance
//! at every point of its ground track, its waypoints put at that height too: the ground
//! track is sampled every half spacing of the terrain model's samples (46 m for 3″ SRTM
//! tiles), so the Hermite interpolation follows the terrain to a fraction of a metre.
//! The climb and dive are the terrain's: no limit on them is modelled \[P\].
//!
//! `speed` is the horizontal speed at the flight height (what a radar sees and what the
//! airframe flies, with no wind): the velocity is v·t̂ + ḣ·n̂ with |v·t̂| = speed, so
//! |velocity| = speed·√(1 + (dh/ds)²) on a climbing leg. Time runs with the horizontal
//! path length at height, which exceeds the ground (ellipsoid) length by the factor
//! 1 + h/ρ (ρ the radius of curvature along the track): +0.16 % at 10 km.
//!
//! The path is sampled in `build` (every ≤ 5 km along legs, every ≤ 0.025 rad of turn on
//! fillets) with exact positions and velocities, and interpolated with cubic Hermite
//! polynomials in time. Interpolation error: < 1e-6 m on legs (h⁴/(384R³) with h = 5 km),
//! < r·(0.025)⁴/384 ≈ 1e-9·r on fillets (0.01 mm for r = 10 km); horizontal speed within
//! 1e-6 relative. Velocities at the samples come from a central difference of the exact
//! position (step 1 m, or 1e-3·r on a fillet: truncation error < 2e-7 relative), scaled
//! so that the horizontal speed is exactly `speed`. The ends of the route are exact (the
//! last sample is pinned to the last waypoint).

use iadsim_core::geodesic::{direct, inverse};
use iadsim_core::{Geodetic, wgs84};
use iadsim_setup::RouteEnd;
use nalgebra::Vector3;
use std::f64::consts::{FRAC_PI_2, PI, TAU};

use super::error::TruthError;
use super::ground::Follow;
use super::table::HermiteTable;

/// Greatest ground distance between two samples on a leg, m.
const LEG_SAMPLE_SPACING: f64 = 5_000.0;
/// Greatest turn between two samples on a fillet, rad.
const ARC_SAMPLE_ANGLE: f64 = 0.025;
/// Step of the central difference that gives the velocity at a sample, m of ground track;
/// on a fillet it is at most 1e-3·r, so that the truncation error (δ/r)²/6 stays < 2e-7.
const DIFF_STEP: f64 = 1.0;
/// Consecutive waypoints closer than this on the ground are merged, m.
const MERGE_DISTANCE: f64 = 1e-3;
/// Pieces shorter than this are dropped (a fillet that shrank to a point), m.
const MIN_PIECE: f64 = 1e-6;
/// Turns smaller than this are flown without a fillet, rad.
const MIN_TURN: f64 = 1e-9;

/// A route built by [`build`].
pub(super) struct BuiltRoute {
    /// Samples with absolute times.
    pub(super) table: HermiteTable,
    /// The last waypoint, ECEF.
    pub(super) aim: Vector3<f64>,
    /// Largest designed turn rate over the fillets, rad/s (at height 0).
    pub(super) peak_turn_rate: f64,
}

/// Geometry of one piece of the ground track, parametrised by local arc length σ ≥ 0.
#[derive(Debug, Clone, Copy)]
enum Geometry {
    /// Geodesic from `from` along azimuth `azimuth` (rad), starting `offset` m in.
    Leg {
        from: Geodetic,
        azimuth: f64,
        offset: f64,
    },
    /// Circle in the azimuthal-equidistant plane of waypoint `corner`: centre (east,
    /// north) m, radius m, initial heading rad (clockwise from north), turn direction
    /// (+1 right, −1 left), starting `offset` m along the arc.
    Arc {
        corner: Geodetic,
        centre: (f64, f64),
        radius: f64,
        heading: f64,
        sign: f64,
        offset: f64,
    },
}

/// One piece of the path with its height profile.
#[derive(Debug, Clone, Copy)]
struct Piece {
    geometry: Geometry,
    /// Ground length, m.
    length: f64,
    /// Height at σ = 0, m.
    h0: f64,
    /// Height gradient along the ground track, m/m.
    dh_ds: f64,
    /// Whether a height knot follows the piece (set while laying out).
    knot_after: bool,
    /// Height of that knot, m.
    knot_height: f64,
}

impl Geometry {
    /// Ground point at local arc length `sigma`, m (height meaningless).
    fn ground(&self, sigma: f64) -> Geodetic {
        match *self {
            Geometry::Leg {
                from,
                azimuth,
                offset,
            } => direct(&from, azimuth, offset + sigma).0,
            Geometry::Arc {
                corner,
                centre,
                radius,
                heading,
                sign,
                offset,
            } => {
                let theta = heading + sign * (offset + sigma) / radius;
                // Point on the circle whose tangent has azimuth θ: C − r·u(θ + s·π/2),
                // with u(α) = (sin α, cos α) in (east, north).
                let (sa, ca) = (theta + sign * FRAC_PI_2).sin_cos();
                let e = centre.0 - radius * sa;
                let n = centre.1 - radius * ca;
                let rho = e.hypot(n);
                if rho == 0.0 {
                    return corner;
                }
                direct(&corner, e.atan2(n), rho).0
            }
        }
    }
}

impl Piece {
    /// ECEF position, m, at local arc length `sigma` (over the terrain of `follow`, if
    /// any); also returns the local up vector.
    fn position(&self, sigma: f64, follow: Option<&Follow<'_>>) -> (Vector3<f64>, Vector3<f64>) {
        let ground = self.geometry.ground(sigma);
        let height = match follow {
            Some(f) => f.height(ground.lat, ground.lon),
            None => self.h0 + self.dh_ds * sigma,
        };
        let geo = ground.with_height(height);
        (geo.to_ecef().0, up_vector(geo.lat, geo.lon))
    }
}

/// Unit normal to the ellipsoid (local "up") at geodetic latitude and longitude, rad.
fn up_vector(lat: f64, lon: f64) -> Vector3<f64> {
    let (sl, cl) = lat.sin_cos();
    let (so, co) = lon.sin_cos();
    Vector3::new(cl * co, cl * so, sl)
}

/// Wraps an angle in radians to (−π, π].
fn wrap_pi(a: f64) -> f64 {
    let x = (a + PI).rem_euclid(TAU) - PI;
    if x <= -PI { x + TAU } else { x }
}

/// Builds and samples a route starting at `start_time`.
/// The route of `waypoints` with its `end` behaviour laid out as more waypoints: a
/// [`RouteEnd::Return`] adds the return point (after a point 2.2·r to the right of the
/// last one when it turns back by more than 120°); a [`RouteEnd::Orbit`] adds racetrack
/// laps on the last leg A→B (B, B′, A′, A, B: B′ and A′ a width 2.2·r to the right of B
/// and A, r = speed / turn rate, so that the four right-angle turns fit) until the
/// first lap that ends at or after `until` s; built as [`build`] does.
pub(super) fn build_with_end(
    waypoints: &[Geodetic],
    speed: f64,
    max_turn_rate: f64,
    start_time: f64,
    end: &RouteEnd,
    follow: Option<&Follow<'_>>,
) -> Result<BuiltRoute, TruthError> {
    let route = |wps: &[Geodetic], speed, max_turn_rate, start_time| {
        build(wps, speed, max_turn_rate, start_time, follow)
    };
    match *end {
        RouteEnd::Attack | RouteEnd::Leave => route(waypoints, speed, max_turn_rate, start_time),
        RouteEnd::Return { to } => {
            let mut wps = waypoints.to_vec();
            if let [.., a, b] = waypoints {
                // Turning back (more than 120°): first out to the right by 2.2 turn
                // radii, so that no turn is a reversal a fillet cannot fly.
                let leg = inverse(a, b);
                let back = inverse(b, &to);
                let turn = (back.azimuth_start - leg.azimuth_end + PI).rem_euclid(TAU) - PI;
                if turn.abs() > 120f64.to_radians() {
                    let width = 2.2 * speed / max_turn_rate;
                    let side = direct(b, leg.azimuth_end + FRAC_PI_2, width).0;
                    wps.push(side.with_height(b.height));
                }
            }
            wps.push(to);
            route(&wps, speed, max_turn_rate, start_time)
        }
        RouteEnd::Orbit { until } => {
            let base = route(waypoints, speed, max_turn_rate, start_time)?;
            let n = waypoints.len();
            if n < 2 || base.table.last_time() >= until || !until.is_finite() {
                return Ok(base);
            }
            let lap = racetrack_lap(&waypoints[n - 2], &waypoints[n - 1], speed, max_turn_rate);
            // A first estimate from the lap's length, then one lap more until it is long
            // enough (the fillets cut the corners a little).
            let lap_length: f64 = std::iter::once(&waypoints[n - 1])
                .chain(&lap)
                .collect::<Vec<_>>()
                .windows(2)
                .map(|p| inverse(p[0], p[1]).distance)
                .sum();
            let mut laps = ((until - base.table.last_time()) * speed / lap_length).ceil() as usize;
            loop {
                let mut wps = waypoints.to_vec();
                for _ in 0..laps.max(1) {
                    wps.extend_from_slice(&lap);
                }
                let built = route(&wps, speed, max_turn_rate, start_time)?;
                if built.table.last_time() >= until || laps >= MAX_ORBIT_LAPS {
                    return Ok(built);
                }
                laps += 1;
            }
        }
    }
}

/// Most racetrack laps an orbit flies.
const MAX_ORBIT_LAPS: usize = 10_000;

/// One racetrack lap after arriving at `b` from `a`: B′, A′, A, B (B′ and A′ to the
/// right of the A→B leg by 2.2 turn radii).
fn racetrack_lap(a: &Geodetic, b: &Geodetic, speed: f64, max_turn_rate: f64) -> [Geodetic; 4] {
    let width = 2.2 * speed / max_turn_rate;
    let leg = inverse(a, b);
    let b_side = direct(b, leg.azimuth_end + FRAC_PI_2, width).0;
    let a_side = direct(a, leg.azimuth_start + FRAC_PI_2, width).0;
    [
        b_side.with_height(b.height),
        a_side.with_height(a.height),
        *a,
        *b,
    ]
}

/// Builds and samples the route through `waypoints` from `start_time` (over the terrain
/// of `follow`, if any: the waypoints are then put at its height).
pub(super) fn build(
    waypoints: &[Geodetic],
    speed: f64,
    max_turn_rate: f64,
    start_time: f64,
    follow: Option<&Follow<'_>>,
) -> Result<BuiltRoute, TruthError> {
    check(waypoints, speed, max_turn_rate)?;
    let mut wps = merge(waypoints);
    if let Some(f) = follow {
        for w in &mut wps {
            w.height = f.height(w.lat, w.lon);
        }
    }
    let n = wps.len();
    if n < 2 {
        return Err(TruthError::RouteTooShort);
    }
    // Legs: length (m), departure and arrival azimuths (rad).
    let legs: Vec<(f64, f64, f64)> = wps
        .windows(2)
        .map(|p| {
            let inv = inverse(&p[0], &p[1]);
            (inv.distance, inv.azimuth_start, inv.azimuth_end)
        })
        .collect();
    let fillets = fillets(&legs, speed, max_turn_rate);
    let mut pieces = lay_out(&wps, &legs, &fillets);
    if pieces.is_empty() {
        return Err(TruthError::RouteTooShort);
    }
    let last = pieces.len() - 1;
    pieces[last].knot_after = true;
    pieces[last].knot_height = wps[n - 1].height;
    height_profile(&mut pieces, wps[0].height);
    let mut table = sample(&pieces, speed, start_time, follow);
    let aim = wps[n - 1].to_ecef().0;
    if let Some(p) = table.last_position_mut() {
        // Within nanometres already; pin it so the route ends exactly at the aim.
        *p = aim;
    }
    table.shrink();
    Ok(BuiltRoute {
        table,
        aim,
        peak_turn_rate: fillets.peak_turn_rate,
    })
}

/// The route's figures are usable: a finite positive speed, a positive turn rate (an
/// infinite one is allowed: sharp corners), valid geodetic waypoints.
fn check(waypoints: &[Geodetic], speed: f64, max_turn_rate: f64) -> Result<(), TruthError> {
    if !(speed.is_finite() && speed > 0.0) {
        return Err(TruthError::InvalidRoute(format!(
            "speed must be finite and > 0 m/s, got {speed}"
        )));
    }
    if max_turn_rate.is_nan() || max_turn_rate <= 0.0 {
        return Err(TruthError::InvalidRoute(format!(
            "max_turn_rate must be > 0 rad/s, got {max_turn_rate}"
        )));
    }
    for (i, w) in waypoints.iter().enumerate() {
        if !(w.lat.is_finite() && w.lon.is_finite() && w.height.is_finite())
            || w.lat.abs() > FRAC_PI_2
        {
            return Err(TruthError::InvalidRoute(format!(
                "waypoint {i} is not a valid geodetic point: {w:?}"
            )));
        }
    }
    Ok(())
}

/// The waypoints with consecutive ones that coincide on the ground merged (the later
/// height wins).
fn merge(waypoints: &[Geodetic]) -> Vec<Geodetic> {
    let mut wps: Vec<Geodetic> = Vec::with_capacity(waypoints.len());
    for w in waypoints {
        if let Some(last) = wps.last_mut()
            && inverse(last, w).distance < MERGE_DISTANCE
        {
            *last = *w;
            continue;
        }
        wps.push(*w);
    }
    wps
}

/// The fillets at the interior waypoints, per waypoint: signed turn (rad), tangent
/// distance d = r·tan(|Δ|/2) (m) and radius (m); and the highest turn rate they need.
struct Fillets {
    turn: Vec<f64>,
    dist: Vec<f64>,
    radius: Vec<f64>,
    peak_turn_rate: f64,
}

/// The fillets of a route with `legs` (length, departure and arrival azimuths) flown at
/// `speed` turning at most at `max_turn_rate`.
fn fillets(legs: &[(f64, f64, f64)], speed: f64, max_turn_rate: f64) -> Fillets {
    let n = legs.len() + 1;
    let r_nominal = speed / max_turn_rate; // 0 for an infinite turn rate
    let mut turn = vec![0.0; n];
    let mut dist = vec![0.0; n];
    let mut radius = vec![0.0; n];
    for i in 1..n - 1 {
        let delta = wrap_pi(legs[i].1 - legs[i - 1].2);
        turn[i] = delta;
        if delta.abs() < MIN_TURN || r_nominal == 0.0 {
            continue;
        }
        let t = (delta.abs() / 2.0).tan();
        let d0 = r_nominal * t;
        // Enlarge r so that the flown turn rate stays ≤ the limit despite (a) the
        // azimuthal-equidistant curvature distortion, measured at ≤ 0.8·((d + r)/R)² and
        // bounded here by twice that, and (b) the Hermite interpolation, whose heading
        // rate over a sample interval of turn φ overshoots the circle's by φ²/12.
        let spread = (d0 + r_nominal) / wgs84::B;
        radius[i] =
            r_nominal * (1.0 + 2.0 * spread * spread + ARC_SAMPLE_ANGLE * ARC_SAMPLE_ANGLE / 12.0);
        dist[i] = radius[i] * t;
    }
    // Legs too short for the fillets at both ends: shrink both in proportion. A shrunk
    // fillet is flown at the largest radius that fits (a tighter, faster turn than
    // max_turn_rate allows) — sensible waypoints never need this.
    let mut shrink = vec![1.0_f64; n];
    for (j, leg) in legs.iter().enumerate() {
        let need = dist[j] + dist[j + 1];
        if need > leg.0 {
            let k = leg.0 / need;
            shrink[j] = shrink[j].min(k);
            shrink[j + 1] = shrink[j + 1].min(k);
        }
    }
    let mut peak_turn_rate = 0.0_f64;
    for i in 1..n - 1 {
        if shrink[i] < 1.0 {
            dist[i] *= shrink[i];
            radius[i] = dist[i] / (turn[i].abs() / 2.0).tan();
        }
        if radius[i] > 0.0 {
            peak_turn_rate = peak_turn_rate.max(speed / radius[i]);
        } else if turn[i].abs() >= MIN_TURN {
            peak_turn_rate = f64::INFINITY;
        }
    }
    Fillets {
        turn,
        dist,
        radius,
        peak_turn_rate,
    }
}

/// A piece of the route before its height profile is set.
fn piece(geometry: Geometry, length: f64) -> Piece {
    Piece {
        geometry,
        length,
        h0: 0.0,
        dh_ds: 0.0,
        knot_after: false,
        knot_height: 0.0,
    }
}

/// The route's pieces in order — legs cut back by the fillets, each fillet's arc in two
/// halves with a height knot between — marking the height knots.
fn lay_out(wps: &[Geodetic], legs: &[(f64, f64, f64)], f: &Fillets) -> Vec<Piece> {
    let n = wps.len();
    let mut pieces: Vec<Piece> = Vec::with_capacity(3 * n);
    for (j, &(len, azimuth, _)) in legs.iter().enumerate() {
        let a = f.dist[j];
        let b = if j + 1 < n - 1 { f.dist[j + 1] } else { 0.0 };
        let leg_len = (len - a - b).max(0.0);
        if leg_len > MIN_PIECE {
            pieces.push(piece(
                Geometry::Leg {
                    from: wps[j],
                    azimuth,
                    offset: a,
                },
                leg_len,
            ));
        }
        if j + 1 == n - 1 {
            break;
        }
        // The corner at waypoint i = j + 1.
        let i = j + 1;
        let arc_len = f.radius[i] * f.turn[i].abs();
        if arc_len > MIN_PIECE {
            let heading = legs[i - 1].2;
            let arc = corner_arc(wps[i], heading, f.turn[i].signum(), f.dist[i], f.radius[i]);
            pieces.push(piece(arc(0.0), arc_len / 2.0));
            mark_knot(&mut pieces, wps[i].height);
            pieces.push(piece(arc(arc_len / 2.0), arc_len / 2.0));
        } else {
            mark_knot(&mut pieces, wps[i].height);
        }
    }
    pieces
}

/// The fillet arc at corner `w` entered on `heading`, turning to side `sign` with tangent
/// distance `dist` and radius `radius`, as a function of the offset along it.
fn corner_arc(
    w: Geodetic,
    heading: f64,
    sign: f64,
    dist: f64,
    radius: f64,
) -> impl Fn(f64) -> Geometry {
    let (s_in, c_in) = heading.sin_cos();
    let (s_n, c_n) = (heading + sign * FRAC_PI_2).sin_cos();
    // T1 = −d·u(α_in); C = T1 + r·u(α_in + s·π/2).
    let centre = (-dist * s_in + radius * s_n, -dist * c_in + radius * c_n);
    move |offset| Geometry::Arc {
        corner: w,
        centre,
        radius,
        heading,
        sign,
        offset,
    }
}

/// The height profile: linear in ground distance between consecutive knots, starting
/// at `start` m.
fn height_profile(pieces: &mut [Piece], start: f64) {
    let mut knot_h = start;
    let mut first = 0;
    for k in 0..pieces.len() {
        if !pieces[k].knot_after {
            continue;
        }
        let span: f64 = pieces[first..=k].iter().map(|p| p.length).sum();
        let grad = if span > 0.0 {
            (pieces[k].knot_height - knot_h) / span
        } else {
            0.0
        };
        let mut h = knot_h;
        for p in &mut pieces[first..=k] {
            p.h0 = h;
            p.dh_ds = grad;
            h += grad * p.length;
        }
        knot_h = pieces[k].knot_height;
        first = k + 1;
    }
}

/// Samples every piece at `speed` from `start_time` (over the terrain of `follow`, if
/// any); a piece's first sample repeats the previous piece's last time (a knot in the
/// table) so that a change of slope or curvature is not smeared.
fn sample(
    pieces: &[Piece],
    speed: f64,
    start_time: f64,
    follow: Option<&Follow<'_>>,
) -> HermiteTable {
    let spacing = follow.map(|f| 0.5 * f.ground.sample_spacing());
    let count: usize = pieces.iter().map(|p| intervals(p, spacing) + 1).sum();
    let mut table = HermiteTable::with_capacity(count);
    let mut t = start_time;
    for p in pieces {
        let m = intervals(p, spacing);
        let ds = p.length / m as f64;
        let delta = match p.geometry {
            Geometry::Leg { .. } => DIFF_STEP,
            Geometry::Arc { radius, .. } => (1e-3 * radius).clamp(1e-3, DIFF_STEP),
        };
        let mut prev_scale = f64::NAN;
        for k in 0..=m {
            let sigma = ds * k as f64;
            let (pos, up) = p.position(sigma, follow);
            let (ahead, _) = p.position(sigma + delta, follow);
            let (behind, _) = p.position(sigma - delta, follow);
            let dp_ds = (ahead - behind) / (2.0 * delta);
            // Horizontal length at height per metre of ground track: 1 + h/ρ.
            let horizontal = dp_ds - up * dp_ds.dot(&up);
            let scale = horizontal.norm();
            if k > 0 {
                // Trapezoidal rule on dt/ds = scale/speed; scale varies by < 1e-5 over a
                // sample interval, so the error is far below a nanosecond.
                t += ds * 0.5 * (prev_scale + scale) / speed;
            }
            prev_scale = scale;
            table.push(t, pos, dp_ds * (speed / scale));
        }
    }
    table
}

/// Marks a height knot after the last piece laid out so far.
fn mark_knot(pieces: &mut [Piece], height: f64) {
    if let Some(p) = pieces.last_mut() {
        p.knot_after = true;
        p.knot_height = height;
    }
}

/// Number of sample intervals for a piece (at most `terrain` m apart when it follows a
/// terrain model).
fn intervals(p: &Piece, terrain: Option<f64>) -> usize {
    let spacing = match p.geometry {
        Geometry::Leg { .. } => LEG_SAMPLE_SPACING,
        Geometry::Arc { radius, .. } => (radius * ARC_SAMPLE_ANGLE).min(LEG_SAMPLE_SPACING),
    };
    let spacing = match terrain {
        Some(t) if t > 0.0 && t.is_finite() => spacing.min(t),
        _ => spacing,
    };
    ((p.length / spacing).ceil() as usize).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_is_into_half_open_interval() {
        assert!((wrap_pi(1.5 * PI) + 0.5 * PI).abs() < 1e-15);
        assert_eq!(wrap_pi(-PI), PI);
        assert!((wrap_pi(3.0 * PI) - PI).abs() < 1e-15);
        assert!((wrap_pi(-1.9 * PI) - 0.1 * PI).abs() < 1e-15);
        assert_eq!(wrap_pi(0.25), 0.25);
    }
}
