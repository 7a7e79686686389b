//! A static 3-d tree for axis-aligned box queries: the spatial index behind gating and the
//! OSPA/GOSPA scorer, so the work grows with the points near a query, not with all points.
//!
//! Built once per batch in `O(n log n)` (median splits on the axis of largest spread);
//! a box query visits `O(log n + k)` nodes for `k` hits on well-spread data.

/// Points with `u32` payloads, arranged as an implicit balanced k-d tree.
#[derive(Debug, Clone, Default)]
pub struct KdTree {
    pts: Vec<([f64; 3], u32)>,
    axis: Vec<u8>,
}

/// Largest number of points in a leaf (scanned in order, not split).
pub(crate) const LEAF: usize = 8;

/// Calls `f(id, point)` for every point of `points` with `min ≤ point ≤ max`, in order:
/// what [`KdTree::query_box`] does for a tree of at most [`LEAF`] points (one leaf), without
/// building it.
pub(crate) fn scan_box(
    points: impl IntoIterator<Item = ([f64; 3], u32)>,
    min: &[f64; 3],
    max: &[f64; 3],
    f: &mut impl FnMut(u32, &[f64; 3]),
) {
    for (p, id) in points {
        if inside(&p, min, max) {
            f(id, &p);
        }
    }
}

fn inside(p: &[f64; 3], min: &[f64; 3], max: &[f64; 3]) -> bool {
    (0..3).all(|a| p[a] >= min[a] && p[a] <= max[a])
}

impl KdTree {
    /// Builds the tree over `points` (payload = the given id).
    pub fn new(points: impl IntoIterator<Item = ([f64; 3], u32)>) -> Self {
        let mut t = Self::default();
        t.rebuild(points);
        t
    }

    /// Rebuilds the tree over `points`, reusing its storage (the same tree as
    /// [`KdTree::new`] would build).
    pub fn rebuild(&mut self, points: impl IntoIterator<Item = ([f64; 3], u32)>) {
        self.pts.clear();
        self.pts.extend(points);
        self.axis.clear();
        self.axis.resize(self.pts.len(), 0);
        let n = self.pts.len();
        self.build(0, n);
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.pts.len()
    }

    /// True when the tree holds no point.
    pub fn is_empty(&self) -> bool {
        self.pts.is_empty()
    }

    fn build(&mut self, lo: usize, hi: usize) {
        if hi - lo <= LEAF {
            return;
        }
        let mut min = [f64::INFINITY; 3];
        let mut max = [f64::NEG_INFINITY; 3];
        for (p, _) in &self.pts[lo..hi] {
            for a in 0..3 {
                min[a] = min[a].min(p[a]);
                max[a] = max[a].max(p[a]);
            }
        }
        let mut ax = 0;
        for a in 1..3 {
            if max[a] - min[a] > max[ax] - min[ax] {
                ax = a;
            }
        }
        let mid = (lo + hi) / 2;
        self.pts[lo..hi].select_nth_unstable_by(mid - lo, |a, b| a.0[ax].total_cmp(&b.0[ax]));
        self.axis[mid] = ax as u8;
        self.build(lo, mid);
        self.build(mid + 1, hi);
    }

    /// Calls `f(id, point)` for every point with `min ≤ point ≤ max` (component-wise).
    pub fn query_box(&self, min: &[f64; 3], max: &[f64; 3], f: &mut impl FnMut(u32, &[f64; 3])) {
        self.query(0, self.pts.len(), min, max, f);
    }

    fn query(
        &self,
        lo: usize,
        hi: usize,
        min: &[f64; 3],
        max: &[f64; 3],
        f: &mut impl FnMut(u32, &[f64; 3]),
    ) {
        let inside = |p: &[f64; 3]| inside(p, min, max);
        if hi - lo <= LEAF {
            for (p, id) in &self.pts[lo..hi] {
                if inside(p) {
                    f(*id, p);
                }
            }
            return;
        }
        let mid = (lo + hi) / 2;
        let ax = self.axis[mid] as usize;
        let (p, id) = &self.pts[mid];
        if inside(p) {
            f(*id, p);
        }
        if min[ax] <= p[ax] {
            self.query(lo, mid, min, max, f);
        }
        if max[ax] >= p[ax] {
            self.query(mid + 1, hi, min, max, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_of_a_leaf_visits_what_the_tree_does_in_the_same_order() {
        let pts: Vec<([f64; 3], u32)> = (0..LEAF as u32)
            .map(|i| ([(i * 7 % 5) as f64, (i * 3 % 4) as f64, 1.0], 10 - i))
            .collect();
        let t = KdTree::new(pts.clone());
        for h in [0.5, 1.5, 2.5, 10.0] {
            let min = [2.0 - h, 1.5 - h, 0.0];
            let max = [2.0 + h, 1.5 + h, 2.0];
            let mut a = Vec::new();
            t.query_box(&min, &max, &mut |id, p| a.push((id, *p)));
            let mut b = Vec::new();
            scan_box(pts.clone(), &min, &max, &mut |id, p| b.push((id, *p)));
            assert_eq!(a, b);
        }
    }

    #[test]
    fn box_query_matches_brute_force() {
        let mut s = 12345u64;
        let mut rnd = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 10_000) as f64 / 100.0
        };
        let pts: Vec<([f64; 3], u32)> = (0..500).map(|i| ([rnd(), rnd(), rnd()], i)).collect();
        let t = KdTree::new(pts.clone());
        for _ in 0..50 {
            let c = [rnd(), rnd(), rnd()];
            let h = rnd() / 5.0;
            let min = [c[0] - h, c[1] - h, c[2] - h];
            let max = [c[0] + h, c[1] + h, c[2] + h];
            let mut got = Vec::new();
            t.query_box(&min, &max, &mut |id, _| got.push(id));
            got.sort_unstable();
            let want: Vec<u32> = pts
                .iter()
                .filter(|(p, _)| (0..3).all(|a| p[a] >= min[a] && p[a] <= max[a]))
                .map(|(_, i)| *i)
                .collect();
            assert_eq!(got, want);
        }
    }
}
