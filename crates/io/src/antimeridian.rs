//! Longitudes across the antimeridian for GeoJSON (RFC 7946 §3.1.9): a geometry that
//! crosses ±180° is cut there into parts that each stay within [−180°, 180°].
//!
//! - [`split_polygon`]: a polygon whose longitudes run on continuously past ±180° (as a
//!   coverage grid that straddles the antimeridian gives them) is clipped to each 360°
//!   strip it spans, and each part is shifted into [−180°, 180°]. Each cut is a
//!   half-plane clip: every ring that crosses the cut line is broken into chains that
//!   enter and leave the kept side, and the chains are joined along the line (going up
//!   the line on the west side of a cut, down it on the east side, the direction that
//!   keeps the interior on the left of a counter-clockwise exterior); rings wholly on the
//!   kept side stay as they are, a hole going to the part that contains it. Orientation
//!   is kept (exteriors counter-clockwise, holes clockwise) and the area is conserved.
//! - [`split_line`]: a line given with wrapped longitudes (as positions are recorded) is
//!   unwrapped (a step of more than 180° in longitude is taken as a crossing), cut at
//!   every crossing with the crossing point interpolated linearly, and returned as parts.
//! - [`wrap`] and [`unwrap_near`] map a longitude into [−180°, 180°) or next to another.

/// A position [longitude°, latitude°].
pub type Point = [f64; 2];

/// `lon` (degrees) wrapped into [−180, 180).
pub fn wrap(lon: f64) -> f64 {
    let w = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if w >= 180.0 { -180.0 } else { w }
}

/// `lon` (degrees) shifted by a whole number of turns to lie within 180° of `centre`.
pub fn unwrap_near(lon: f64, centre: f64) -> f64 {
    centre + wrap(lon - centre)
}

/// A polygon: its exterior and its holes, each a closed ring (first point = last).
pub type Rings = (Vec<Point>, Vec<Vec<Point>>);

/// The parts of the polygon (`exterior`, `holes`; longitudes continuous, possibly beyond
/// ±180°) in each 360° strip it spans, shifted into [−180°, 180°] (see the module notes).
/// Exteriors counter-clockwise and holes clockwise in, the same out.
pub fn split_polygon(exterior: &[Point], holes: &[Vec<Point>]) -> Vec<Rings> {
    let (lo, hi) = exterior
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[0]), hi.max(p[0]))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    // Strips [360k − 180, 360k + 180] the polygon reaches into.
    let first = ((lo + 180.0) / 360.0).floor() as i64;
    let last = ((hi + 180.0) / 360.0).ceil() as i64 - 1;
    let polygon: Rings = (exterior.to_vec(), holes.to_vec());
    let mut out = Vec::new();
    for k in first..=last.max(first) {
        let west = 360.0 * k as f64 - 180.0;
        let east = west + 360.0;
        let mut parts = vec![polygon.clone()];
        if hi > east {
            parts = parts.iter().flat_map(|p| keep_west(p, east)).collect();
        }
        if lo < west {
            parts = parts.iter().flat_map(|p| keep_east(p, west)).collect();
        }
        let shift = -360.0 * k as f64;
        for (ext, hs) in parts {
            let moved = |ring: &Vec<Point>| -> Vec<Point> {
                ring.iter().map(|p| [p[0] + shift, p[1]]).collect()
            };
            out.push((moved(&ext), hs.iter().map(moved).collect()));
        }
    }
    out
}

/// The parts of the polygon west of (x ≤) the meridian `x` (degrees, continuous).
fn keep_west(polygon: &Rings, x: f64) -> Vec<Rings> {
    let (exterior, holes) = polygon;
    let mut chains: Vec<Vec<Point>> = Vec::new();
    let mut whole_exterior = None;
    let mut whole_holes = Vec::new();
    for (k, ring) in std::iter::once(exterior).chain(holes).enumerate() {
        match side(ring, x) {
            Side::West => {
                if k == 0 {
                    whole_exterior = Some(ring.clone());
                } else {
                    whole_holes.push(ring.clone());
                }
            }
            Side::East => {}
            Side::Both => chains.extend(west_chains(ring, x)),
        }
    }
    let mut exteriors: Vec<Vec<Point>> = whole_exterior.into_iter().collect();
    exteriors.extend(stitch(chains));
    let mut parts: Vec<Rings> = exteriors.into_iter().map(|e| (e, Vec::new())).collect();
    for hole in whole_holes {
        // A hole wholly on this side lies inside one of the parts.
        let probe = hole[0];
        if let Some(part) = parts.iter_mut().find(|p| contains(&p.0, probe)) {
            part.1.push(hole);
        }
    }
    parts
}

/// The parts of the polygon east of (x ≥) the meridian `x`: [`keep_west`] of the mirror
/// image (x → −x, each ring reversed so that orientations are kept), mirrored back.
fn keep_east(polygon: &Rings, x: f64) -> Vec<Rings> {
    let mirror =
        |ring: &Vec<Point>| -> Vec<Point> { ring.iter().rev().map(|p| [-p[0], p[1]]).collect() };
    let mirrored: Rings = (mirror(&polygon.0), polygon.1.iter().map(mirror).collect());
    keep_west(&mirrored, -x)
        .into_iter()
        .map(|(e, hs)| (mirror(&e), hs.iter().map(mirror).collect()))
        .collect()
}

enum Side {
    West,
    East,
    Both,
}

/// Where a ring lies with respect to the meridian `x`: wholly west (points on the line
/// count as west), wholly east, or on both sides.
fn side(ring: &[Point], x: f64) -> Side {
    let west = ring.iter().any(|p| p[0] < x);
    let east = ring.iter().any(|p| p[0] > x);
    match (west, east) {
        (_, false) => Side::West,
        (false, true) => Side::East,
        (true, true) => Side::Both,
    }
}

/// The point where the segment `a`–`b` meets the meridian `x` (a and b on either side).
fn crossing(a: Point, b: Point, x: f64) -> Point {
    if a[0] == x {
        return a;
    }
    if b[0] == x {
        return b;
    }
    let f = (x - a[0]) / (b[0] - a[0]);
    [x, a[1] + f * (b[1] - a[1])]
}

/// The pieces of a closed ring that lie west of `x` (x ≤ x), each from the point where it
/// enters that side to the point where it leaves it (both on the line), in ring order.
/// Pieces lying wholly on the line (the ring touching it from the east) are dropped.
fn west_chains(ring: &[Point], x: f64) -> Vec<Vec<Point>> {
    let n = ring.len() - 1; // closed: the last point repeats the first
    // Start the walk on a point east of the line.
    let Some(start) = (0..n).find(|&i| ring[i][0] > x) else {
        return Vec::new();
    };
    let mut chains = Vec::new();
    let mut current: Option<Vec<Point>> = None;
    for step in 0..n {
        let a = ring[(start + step) % n];
        let b = ring[(start + step + 1) % n];
        let (a_in, b_in) = (a[0] <= x, b[0] <= x);
        match (a_in, b_in) {
            (false, true) => {
                let mut c = vec![crossing(a, b, x)];
                if c[0] != b {
                    c.push(b);
                }
                current = Some(c);
            }
            (true, true) => {
                if let Some(c) = current.as_mut() {
                    c.push(b);
                }
            }
            (true, false) => {
                if let Some(mut c) = current.take() {
                    let exit = crossing(a, b, x);
                    if c.last() != Some(&exit) {
                        c.push(exit);
                    }
                    if c.iter().any(|p| p[0] < x) {
                        chains.push(c);
                    }
                }
            }
            (false, false) => {}
        }
    }
    chains
}

/// Rings made of `chains` (each entering the west side of a line at its first point and
/// leaving it at its last, both on the line): each chain's exit is joined to the entry
/// next above it on the line, which keeps the interior on the left.
fn stitch(chains: Vec<Vec<Point>>) -> Vec<Vec<Point>> {
    let mut used = vec![false; chains.len()];
    let mut rings = Vec::new();
    for first in 0..chains.len() {
        if used[first] {
            continue;
        }
        let mut ring: Vec<Point> = Vec::new();
        let mut k = first;
        loop {
            used[k] = true;
            ring.extend_from_slice(&chains[k]);
            let exit = chains[k][chains[k].len() - 1][1];
            // The entry at or above the exit, nearest first; failing one (rounding), the
            // lowest entry.
            let next = (0..chains.len())
                .filter(|&j| chains[j][0][1] >= exit)
                .min_by(|&a, &b| chains[a][0][1].total_cmp(&chains[b][0][1]))
                .or_else(|| {
                    (0..chains.len()).min_by(|&a, &b| chains[a][0][1].total_cmp(&chains[b][0][1]))
                });
            match next {
                Some(j) if j != first && !used[j] => k = j,
                _ => break,
            }
        }
        if ring.first() != ring.last() {
            let p = ring[0];
            ring.push(p);
        }
        if ring.len() >= 4 {
            rings.push(ring);
        }
    }
    rings
}

/// Whether `p` is inside the closed `ring` (even–odd rule).
fn contains(ring: &[Point], p: Point) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The parts of a line of positions `[lon°, lat°, rest…]` given with wrapped longitudes:
/// one part when it does not cross the antimeridian, else one per side of each crossing,
/// the crossing point (latitude and the other values interpolated linearly in the
/// unwrapped longitude) ending one part at ±180° and starting the next at ∓180°.
pub fn split_line<const N: usize>(points: &[[f64; N]]) -> Vec<Vec<[f64; N]>> {
    let mut parts: Vec<Vec<[f64; N]>> = Vec::new();
    let mut current: Vec<[f64; N]> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        if i > 0 {
            let a = points[i - 1];
            let step = wrap(p[0] - a[0]);
            let b_lon = a[0] + step; // p's longitude continued from a
            let seam = if b_lon > 180.0 {
                Some(180.0)
            } else if b_lon < -180.0 {
                Some(-180.0)
            } else {
                None
            };
            if let Some(seam) = seam {
                let f = (seam - a[0]) / (b_lon - a[0]);
                let mut at = a;
                for c in 1..N {
                    at[c] = a[c] + f * (p[c] - a[c]);
                }
                at[0] = seam;
                current.push(at);
                parts.push(std::mem::take(&mut current));
                at[0] = -seam;
                current.push(at);
            }
        }
        current.push(p);
    }
    parts.push(current);
    // A part of a single position (a crossing exactly at a sample) is no line.
    parts.retain(|p| p.len() >= 2);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(ring: &[Point]) -> f64 {
        0.5 * ring
            .windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum::<f64>()
    }

    fn total(parts: &[Rings]) -> f64 {
        parts
            .iter()
            .map(|(e, hs)| area(e) + hs.iter().map(|h| area(h)).sum::<f64>())
            .sum()
    }

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Point> {
        vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    }

    #[test]
    fn wraps() {
        assert_eq!(wrap(180.0), -180.0);
        assert_eq!(wrap(190.0), -170.0);
        assert_eq!(wrap(-190.0), 170.0);
        assert_eq!(unwrap_near(-179.0, 179.0), 181.0);
    }

    #[test]
    fn a_square_across_the_antimeridian_becomes_two_of_the_same_total_area() {
        let parts = split_polygon(&square(170.0, -5.0, 190.0, 5.0), &[]);
        assert_eq!(parts.len(), 2);
        assert!((total(&parts) - 200.0).abs() < 1e-9);
        for (e, _) in &parts {
            assert!(area(e) > 0.0, "counter-clockwise kept");
            assert!(e.iter().all(|p| (-180.0..=180.0).contains(&p[0])));
        }
    }

    #[test]
    fn a_hole_cut_by_the_line_opens_and_a_whole_hole_stays() {
        // Exterior 170..190 with a hole across 180 and a hole wholly east of it.
        let mut cut = square(178.0, -1.0, 182.0, 1.0);
        cut.reverse();
        let mut east = square(185.0, -1.0, 187.0, 1.0);
        east.reverse();
        let parts = split_polygon(&square(170.0, -5.0, 190.0, 5.0), &[cut, east]);
        assert!((total(&parts) - (200.0 - 8.0 - 4.0)).abs() < 1e-9);
        let holes: usize = parts.iter().map(|p| p.1.len()).sum();
        assert_eq!(holes, 1);
        let (_, hs) = parts.iter().find(|p| !p.1.is_empty()).unwrap();
        assert!(area(&hs[0]) < 0.0 && hs[0].iter().all(|p| p[0] < -170.0));
    }

    #[test]
    fn a_notched_shape_gives_two_parts_west_and_one_east() {
        // Two arms west of 180 joined by a bar east of it (a notch open to the west).
        let shape = vec![
            [170.0, 0.0],
            [190.0, 0.0],
            [190.0, 10.0],
            [170.0, 10.0],
            [170.0, 8.0],
            [185.0, 8.0],
            [185.0, 2.0],
            [170.0, 2.0],
            [170.0, 0.0],
        ];
        let before = area(&shape);
        assert!((before - 110.0).abs() < 1e-9);
        let parts = split_polygon(&shape, &[]);
        assert!((total(&parts) - before).abs() < 1e-9);
        assert_eq!(parts.len(), 3, "two arms west, one bar east");
        for (e, _) in &parts {
            assert!(area(e) > 0.0);
            let (lo, hi) = e.iter().fold((999.0f64, -999.0f64), |(l, h), p| {
                (l.min(p[0]), h.max(p[0]))
            });
            assert!(lo >= -180.0 && hi <= 180.0 && hi - lo <= 180.0, "{lo} {hi}");
        }
        // A polygon that does not cross is shifted whole.
        let east = split_polygon(&square(181.0, 0.0, 183.0, 1.0), &[]);
        assert_eq!(east.len(), 1);
        assert!((east[0].0[0][0] + 179.0).abs() < 1e-12);
    }

    #[test]
    fn a_line_crossing_eastward_and_back_is_cut_twice() {
        let line = [
            [179.0, 0.0, 100.0],
            [-179.0, 2.0, 300.0],
            [-178.0, 3.0, 300.0],
            [179.5, 3.0, 0.0],
        ];
        let parts = split_line(&line);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].last().unwrap(), &[180.0, 1.0, 200.0]);
        assert_eq!(parts[1][0], [-180.0, 1.0, 200.0]);
        assert_eq!(parts[1].last().unwrap()[0], -180.0);
        assert_eq!(parts[2][0][0], 180.0);
        assert_eq!(split_line(&[[10.0, 0.0], [11.0, 1.0]]).len(), 1);
    }
}
