//! A dense table of (time, position, velocity) samples, interpolated with cubic Hermite
//! polynomials.
//!
//! Hermite interpolation uses the position *and* the velocity at both ends of an
//! interval, so the interpolated path is C¹ inside every interval and its derivative is the
//! interpolated velocity: position and velocity stay consistent by construction. The error
//! of the position is bounded by h⁴·max|p⁗|/384 for an interval of length h.
//!
//! A time may appear twice in a row (a "knot"): the first copy closes the interval to the
//! left with the left-hand velocity, the second opens the interval to the right with the
//! right-hand velocity. A query at exactly that time gets the right-hand state.

use nalgebra::Vector3;

/// Samples with non-decreasing times.
#[derive(Debug, Clone, Default)]
pub(super) struct HermiteTable {
    times: Vec<f64>,
    states: Vec<[Vector3<f64>; 2]>,
    /// Time index built by [`HermiteTable::shrink`]: for bucket b of width 1/`inv_width`
    /// from `t_first`, `index[b]` is the number of samples at or before the bucket's
    /// start. A query then searches only its bucket's few samples. Empty: not built.
    index: Vec<u32>,
    t_first: f64,
    inv_width: f64,
}

impl HermiteTable {
    /// An empty table with room for `n` samples.
    pub(super) fn with_capacity(n: usize) -> Self {
        Self {
            times: Vec::with_capacity(n),
            states: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    /// Appends a sample; `t` must not be earlier than the last sample's time.
    pub(super) fn push(&mut self, t: f64, position: Vector3<f64>, velocity: Vector3<f64>) {
        debug_assert!(self.times.last().is_none_or(|&last| t >= last));
        self.times.push(t);
        self.states.push([position, velocity]);
        self.index.clear();
    }

    /// Time of the first sample, s.
    pub(super) fn first_time(&self) -> f64 {
        self.times.first().copied().unwrap_or(f64::NAN)
    }

    /// Time of the last sample, s.
    pub(super) fn last_time(&self) -> f64 {
        self.times.last().copied().unwrap_or(f64::NAN)
    }

    /// Mutable access to the last sample's position (to pin it to an exact point).
    pub(super) fn last_position_mut(&mut self) -> Option<&mut Vector3<f64>> {
        self.states.last_mut().map(|s| &mut s[0])
    }

    /// Greatest speed over the samples, m/s.
    pub(super) fn max_sample_speed(&self) -> f64 {
        self.states.iter().map(|s| s[1].norm()).fold(0.0, f64::max)
    }

    /// An upper bound on `height(x)` over the whole interpolated path, for a `height`
    /// that is convex in the ECEF position `x` and bounded by `bound` at the points where
    /// it is evaluated (e.g. the distance to the ellipsoid, bounded by
    /// `radar::geometry::height_upper_bound`). Each interval's cubic lies in the convex
    /// hull of its Bézier control points p₀, p₀ + h·v₀/3, p₁ − h·v₁/3, p₁, so a convex
    /// function's maximum over it is at most its maximum over those four points.
    pub(super) fn convex_bound(&self, bound: impl Fn(&Vector3<f64>) -> f64) -> f64 {
        let mut max = self
            .states
            .first()
            .map_or(f64::NEG_INFINITY, |s| bound(&s[0]));
        for (k, w) in self.states.windows(2).enumerate() {
            let [p0, v0] = w[0];
            let [p1, v1] = w[1];
            let third = (self.times[k + 1] - self.times[k]) / 3.0;
            for c in [p0 + v0 * third, p1 - v1 * third, p1] {
                max = max.max(bound(&c));
            }
        }
        max
    }

    /// Releases spare capacity and builds the time index once the table is complete.
    pub(super) fn shrink(&mut self) {
        self.times.shrink_to_fit();
        self.states.shrink_to_fit();
        self.build_index();
    }

    /// One bucket per sample on average over the table's span.
    fn build_index(&mut self) {
        self.index = Vec::new();
        let n = self.times.len();
        if n < 2 || n > u32::MAX as usize {
            return;
        }
        let t_first = self.times[0];
        let span = self.times[n - 1] - t_first;
        if !(span > 0.0 && span.is_finite()) {
            return;
        }
        let width = span / n as f64;
        self.t_first = t_first;
        self.inv_width = 1.0 / width;
        self.index = (0..=n)
            .map(|b| {
                let start = t_first + b as f64 * width;
                self.times.partition_point(|&x| x <= start) as u32
            })
            .collect();
    }

    /// Index of the first sample strictly after `t` (the partition point of `x ≤ t`).
    /// Searches `t`'s bucket and checks the answer against its two neighbours; the
    /// partition point is unique, so this is exactly the full binary search's answer,
    /// which it falls back to when the bucket does not hold it (rounding at a bucket
    /// edge, `t` outside the table, NaN).
    #[inline]
    fn locate(&self, t: f64) -> usize {
        let n = self.times.len();
        let x = (t - self.t_first) * self.inv_width;
        if x >= 0.0 && x < (self.index.len().saturating_sub(1)) as f64 {
            let b = x as usize;
            let (lo, hi) = (self.index[b] as usize, self.index[b + 1] as usize);
            let k = lo + self.times[lo..hi].partition_point(|&x| x <= t);
            if (k == 0 || self.times[k - 1] <= t) && (k == n || self.times[k] > t) {
                return k;
            }
        }
        self.times.partition_point(|&x| x <= t)
    }

    /// Interpolated (position, velocity) at `t`, clamped to the table's span.
    ///
    /// O(1) on average (bucket index), O(log n) at worst, no allocation.
    pub(super) fn eval(&self, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        self.interpolate::<true>(t)
    }

    /// Interpolated position at `t`, clamped to the table's span: exactly the position
    /// of [`HermiteTable::eval`] (the same code), without the velocity's arithmetic.
    pub(super) fn position(&self, t: f64) -> Vector3<f64> {
        self.interpolate::<false>(t).0
    }

    /// (position, velocity) at `t`; the velocity is zero unless `VELOCITY`.
    #[inline(always)]
    fn interpolate<const VELOCITY: bool>(&self, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        let n = self.times.len();
        // Index of the first sample strictly after t: the interval is [k−1, k].
        let k = self.locate(t);
        if k == 0 {
            let [p, v] = self.states[0];
            return (p, v);
        }
        if k >= n {
            let [p, v] = self.states[n - 1];
            return (p, v);
        }
        let i = k - 1;
        let t0 = self.times[i];
        // t_i ≤ t < t_k, so h > 0 even where a knot repeats a time.
        let h = self.times[k] - t0;
        let s = (t - t0) / h;
        let [p0, v0] = self.states[i];
        let [p1, v1] = self.states[k];
        let dp = p1 - p0;
        let s2 = s * s;
        let s3 = s2 * s;
        // Hermite basis (h00 = 1 − h01 is folded into p0 + h01·Δp for precision).
        let h01 = 3.0 * s2 - 2.0 * s3;
        let h10 = s3 - 2.0 * s2 + s;
        let h11 = s3 - s2;
        let position = p0 + dp * h01 + (v0 * h10 + v1 * h11) * h;
        if !VELOCITY {
            return (position, Vector3::zeros());
        }
        let d01 = 6.0 * (s - s2);
        let d10 = 3.0 * s2 - 4.0 * s + 1.0;
        let d11 = 3.0 * s2 - 2.0 * s;
        let velocity = dp * (d01 / h) + v0 * d10 + v1 * d11;
        (position, velocity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_a_cubic_exactly_and_respects_knots() {
        // p(t) = (t³, t², t): a cubic is interpolated exactly.
        let p = |t: f64| Vector3::new(t * t * t, t * t, t);
        let v = |t: f64| Vector3::new(3.0 * t * t, 2.0 * t, 1.0);
        let mut tab = HermiteTable::with_capacity(4);
        for t in [0.0, 0.7, 2.0] {
            tab.push(t, p(t), v(t));
        }
        for t in [0.0, 0.3, 0.7, 1.1, 1.9, 2.0] {
            let (pp, vv) = tab.eval(t);
            assert!((pp - p(t)).norm() < 1e-12, "t={t}");
            assert!((vv - v(t)).norm() < 1e-12, "t={t}");
        }
        // A knot: the right-hand velocity wins at the knot time.
        let mut tab = HermiteTable::with_capacity(4);
        let z = Vector3::zeros();
        tab.push(0.0, z, Vector3::x());
        tab.push(1.0, Vector3::x(), Vector3::x());
        tab.push(1.0, Vector3::x(), Vector3::y());
        tab.push(2.0, Vector3::x() + Vector3::y(), Vector3::y());
        assert_eq!(tab.eval(1.0).1, Vector3::y());
        assert!((tab.eval(0.999_999).1 - Vector3::x()).norm() < 1e-9);
        assert_eq!(tab.eval(5.0).0, Vector3::x() + Vector3::y());
    }

    #[test]
    fn indexed_search_equals_binary_search() {
        // Uneven spacing with repeated knots, as routes have.
        let mut tab = HermiteTable::with_capacity(64);
        let mut t = 3.0;
        for i in 0..60u32 {
            tab.push(t, Vector3::new(f64::from(i), 0.0, 0.0), Vector3::x());
            if i % 7 == 3 {
                tab.push(t, Vector3::new(f64::from(i), 0.0, 0.0), Vector3::y());
            }
            t += if i % 11 < 5 {
                0.013
            } else {
                2.7 + 0.1 * f64::from(i % 4)
            };
        }
        tab.shrink();
        assert!(!tab.index.is_empty());
        let mut queries: Vec<f64> = tab.times.clone();
        queries.extend(tab.times.iter().map(|&x| x + 1e-12));
        queries.extend(tab.times.iter().map(|&x| x - 1e-12));
        queries.extend((0..20_000).map(|i| 2.0 + 0.007_3 * f64::from(i)));
        queries.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1e300, 1e300]);
        for q in queries {
            assert_eq!(tab.locate(q), tab.times.partition_point(|&x| x <= q), "{q}");
        }
    }
}
