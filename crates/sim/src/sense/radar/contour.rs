//! Marching squares: the boundary of the region {v ≥ level} of a gridded field as closed,
//! consistently oriented rings, grouped into polygons with holes.
//!
//! The grid is padded with a ring of "outside" nodes, so every ring closes; where the
//! region reaches the grid's edge, the ring runs along that edge (the region is clipped
//! to the grid). Crossings are placed by linear interpolation along cell edges. In a
//! saddle cell (diagonal corners inside) the cell-centre mean decides whether the inside
//! corners connect. Rings keep the region on their left: exteriors counter-clockwise,
//! holes clockwise, in (x = column, y = row) with y up — for a grid whose columns run
//! east and rows north, that is RFC 7946's right-hand rule. NaN counts as outside.

use std::collections::HashMap;

/// A polygon: a counter-clockwise exterior ring and the clockwise rings of its holes;
/// each ring is closed (last point = first point).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Polygon {
    /// Exterior ring.
    pub exterior: Vec<[f64; 2]>,
    /// Holes.
    pub holes: Vec<Vec<[f64; 2]>>,
}

/// Closed rings bounding {v ≥ level} for `values` laid out row-major (`nx` columns per
/// row, `ny` rows; node (i, j) at `values[j·nx + i]`), in grid coordinates (x = i,
/// y = j).
pub fn rings(values: &[f64], nx: usize, ny: usize, level: f64) -> Vec<Vec<[f64; 2]>> {
    assert_eq!(values.len(), nx * ny, "grid size mismatch");
    let field = Field {
        values,
        flags: values.iter().map(|&v| v >= level).collect(),
        nx,
        ny,
        level,
    };
    // start edge → (end edge, start point)
    let mut segments: HashMap<i64, (i64, [f64; 2])> = HashMap::new();
    let mut starts: Vec<i64> = Vec::new();
    for j in -1..ny as isize {
        for i in -1..nx as isize {
            field.cell(i, j, &mut |from, to| {
                segments.insert(from.0, (to.0, from.2));
                starts.push(from.0);
            });
        }
    }
    chain(&segments, &starts)
}

/// A crossing of the level on a cell edge: (edge key, leaving the region?, point).
type Crossing = (i64, bool, [f64; 2]);

/// The gridded field and the level being contoured, with the padding of "outside" nodes
/// around it (indices from −1).
struct Field<'a> {
    values: &'a [f64],
    flags: Vec<bool>,
    nx: usize,
    ny: usize,
    level: f64,
}

impl Field<'_> {
    fn inside(&self, i: isize, j: isize) -> bool {
        i >= 0
            && j >= 0
            && i < self.nx as isize
            && j < self.ny as isize
            && self.flags[j as usize * self.nx + i as usize]
    }

    fn value(&self, i: isize, j: isize) -> Option<f64> {
        if i < 0 || j < 0 || i >= self.nx as isize || j >= self.ny as isize {
            None
        } else {
            Some(self.values[j as usize * self.nx + i as usize])
        }
    }

    /// Edge keys: horizontal edge (i, j)–(i+1, j) and vertical edge (i, j)–(i, j+1), with
    /// padded indices from −1.
    fn key(&self, vertical: bool, i: isize, j: isize) -> i64 {
        let w = self.nx as i64 + 2;
        ((j as i64 + 1) * w + (i as i64 + 1)) * 2 + i64::from(vertical)
    }

    /// Crossing point on the edge from node a to node b (one inside, one outside).
    fn point(&self, a: (isize, isize), b: (isize, isize)) -> [f64; 2] {
        match (self.value(a.0, a.1), self.value(b.0, b.1)) {
            (Some(va), Some(vb)) => {
                let t = if va.is_nan() || vb.is_nan() || va == vb {
                    0.5
                } else {
                    ((self.level - va) / (vb - va)).clamp(0.0, 1.0)
                };
                [
                    a.0 as f64 + t * (b.0 - a.0) as f64,
                    a.1 as f64 + t * (b.1 - a.1) as f64,
                ]
            }
            (Some(_), None) => [a.0 as f64, a.1 as f64],
            (None, Some(_)) => [b.0 as f64, b.1 as f64],
            (None, None) => unreachable!("a crossing needs one node inside the grid"),
        }
    }

    /// The boundary segments of cell (i, j) (lower-left node), each handed to `add` as
    /// (leaving crossing, entering crossing).
    fn cell(&self, i: isize, j: isize, add: &mut dyn FnMut(&Crossing, &Crossing)) {
        let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
        let f = c.map(|(a, b)| self.inside(a, b));
        if f.iter().all(|&x| x) || f.iter().all(|&x| !x) {
            return;
        }
        // Edges in counter-clockwise order, as (key, from corner, to corner).
        let edges = [
            (self.key(false, i, j), 0usize, 1usize),
            (self.key(true, i + 1, j), 1, 2),
            (self.key(false, i, j + 1), 2, 3),
            (self.key(true, i, j), 3, 0),
        ];
        let mut cross: Vec<Crossing> = Vec::with_capacity(4);
        for (k, a, b) in edges {
            if f[a] != f[b] {
                let p = if f[a] {
                    self.point(c[a], c[b])
                } else {
                    self.point(c[b], c[a])
                };
                cross.push((k, f[a], p));
            }
        }
        if cross.len() == 2 {
            let (out, inn) = if cross[0].1 {
                (&cross[0], &cross[1])
            } else {
                (&cross[1], &cross[0])
            };
            add(out, inn);
            return;
        }
        // Saddle: crossings alternate leaving/entering around the cell.
        let mean = c
            .iter()
            .map(|&(a, b)| self.value(a, b).unwrap_or(f64::NEG_INFINITY))
            .sum::<f64>()
            / 4.0;
        let centre_inside = mean >= self.level;
        let n = cross.len();
        for s in 0..n {
            if !cross[s].1 {
                continue;
            }
            // Centre inside: cut off the outside corner that follows (pair with the next
            // entering crossing); else with the previous one.
            let t = if centre_inside {
                (s + 1) % n
            } else {
                (s + n - 1) % n
            };
            add(&cross[s], &cross[t]);
        }
    }
}

/// The segments (start edge → (end edge, start point)) chained into closed rings, in the
/// order of `starts`.
fn chain(segments: &HashMap<i64, (i64, [f64; 2])>, starts: &[i64]) -> Vec<Vec<[f64; 2]>> {
    let mut out = Vec::new();
    let mut used: HashMap<i64, bool> = HashMap::with_capacity(segments.len());
    for &s in starts {
        if used.contains_key(&s) {
            continue;
        }
        let mut ring: Vec<[f64; 2]> = Vec::new();
        let mut e = s;
        while let Some(&(next, p)) = segments.get(&e) {
            if used.insert(e, true).is_some() {
                break;
            }
            if ring.last() != Some(&p) {
                ring.push(p);
            }
            e = next;
            if e == s {
                break;
            }
        }
        if ring.len() >= 3 {
            if ring.first() != ring.last() {
                ring.push(ring[0]);
            }
            if ring.len() >= 4 {
                out.push(ring);
            }
        }
    }
    out
}

/// Twice the signed area of a closed ring (positive counter-clockwise).
pub fn signed_area2(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// Whether `p` lies inside the closed ring (even–odd rule).
pub fn contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            if p[0] < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// Groups rings into polygons: counter-clockwise rings are exteriors; each clockwise
/// ring becomes a hole of the smallest exterior that contains it.
pub fn polygons(rings: Vec<Vec<[f64; 2]>>) -> Vec<Polygon> {
    let (outer, holes): (Vec<_>, Vec<_>) = rings.into_iter().partition(|r| signed_area2(r) > 0.0);
    let mut polys: Vec<Polygon> = outer
        .into_iter()
        .map(|exterior| Polygon {
            exterior,
            holes: Vec::new(),
        })
        .collect();
    let areas: Vec<f64> = polys.iter().map(|p| signed_area2(&p.exterior)).collect();
    for hole in holes {
        // A point strictly inside the hole's ring: the midpoint of its first edge nudged
        // inward would be exact; the first vertex suffices since rings do not touch.
        let probe = hole[0];
        let best = polys
            .iter()
            .enumerate()
            .filter(|(_, p)| contains(&p.exterior, probe))
            .min_by(|a, b| areas[a.0].total_cmp(&areas[b.0]))
            .map(|(k, _)| k);
        if let Some(k) = best {
            polys[k].holes.push(hole);
        }
    }
    polys
}

/// [`rings`] then [`polygons`], with coordinates mapped by `map` (e.g. grid → lon/lat).
pub fn contour_polygons(
    values: &[f64],
    nx: usize,
    ny: usize,
    level: f64,
    map: impl Fn([f64; 2]) -> [f64; 2],
) -> Vec<Polygon> {
    polygons(rings(values, nx, ny, level))
        .into_iter()
        .map(|p| Polygon {
            exterior: p.exterior.into_iter().map(&map).collect(),
            holes: p
                .holes
                .into_iter()
                .map(|h| h.into_iter().map(&map).collect())
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(nx: usize, ny: usize, cx: f64, cy: f64, r: f64) -> Vec<f64> {
        let mut v = vec![0.0; nx * ny];
        for j in 0..ny {
            for i in 0..nx {
                let d = ((i as f64 - cx).powi(2) + (j as f64 - cy).powi(2)).sqrt();
                v[j * nx + i] = r - d;
            }
        }
        v
    }

    #[test]
    fn disc_gives_one_ccw_ring_of_the_right_area() {
        let v = disc(41, 41, 20.0, 20.0, 12.0);
        let rs = rings(&v, 41, 41, 0.0);
        assert_eq!(rs.len(), 1);
        let a = 0.5 * signed_area2(&rs[0]);
        let exact = std::f64::consts::PI * 144.0;
        assert!(
            a > 0.0 && (a - exact).abs() < 0.01 * exact,
            "{a} vs {exact}"
        );
        assert_eq!(rs[0].first(), rs[0].last());
    }

    #[test]
    fn annulus_gives_a_polygon_with_a_hole() {
        let outer = disc(61, 61, 30.0, 30.0, 25.0);
        let inner = disc(61, 61, 30.0, 30.0, 10.0);
        let v: Vec<f64> = outer.iter().zip(&inner).map(|(a, b)| a.min(-b)).collect();
        let ps = polygons(rings(&v, 61, 61, 0.0));
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].holes.len(), 1);
        assert!(signed_area2(&ps[0].holes[0]) < 0.0);
        let area = 0.5 * (signed_area2(&ps[0].exterior) + signed_area2(&ps[0].holes[0]));
        let exact = std::f64::consts::PI * (625.0 - 100.0);
        assert!((area - exact).abs() < 0.01 * exact);
    }

    #[test]
    fn region_touching_the_edge_is_clipped_to_the_grid() {
        // Everything inside: the ring is the grid boundary.
        let v = vec![1.0; 20];
        let rs = rings(&v, 5, 4, 0.5);
        assert_eq!(rs.len(), 1);
        assert!((0.5 * signed_area2(&rs[0]) - 12.0).abs() < 1e-12);
        // Half plane x ≥ 2.5 on a 6×3 grid.
        let v: Vec<f64> = (0..18).map(|k| (k % 6) as f64).collect();
        let rs = rings(&v, 6, 3, 2.5);
        assert_eq!(rs.len(), 1);
        assert!((0.5 * signed_area2(&rs[0]) - 2.5 * 2.0).abs() < 1e-12);
    }

    #[test]
    fn two_blobs_and_a_saddle() {
        // Checkerboard 2×2 in a 4×4 grid: diagonal corners inside meet at a saddle.
        let mut v = vec![0.0; 16];
        v[5] = 1.0; // (1,1)
        v[10] = 1.0; // (2,2)
        let rs = rings(&v, 4, 4, 0.5);
        // Centre mean 0.5 ≥ 0.5: the two connect into one ring.
        assert_eq!(rs.len(), 1);
        let rs = rings(&v, 4, 4, 0.6);
        assert_eq!(rs.len(), 2);
    }
}
