//! Aerodynamics of the point-mass missile: zero-lift drag coefficient against Mach number,
//! the lift-limited lateral acceleration and the drag that lift induces.
//!
//! # Zero-lift drag, C_D0(M)
//!
//! One generic shape for all catalogue missiles, scaled per airframe (`cd_scale`). The
//! table was computed once from Fleeman's component build-up (*Tactical Missile Design*,
//! 2nd ed., ch. 2) for a slender body of fineness l/d = 15 with a 2.5-calibre nose, at a
//! 15 km-altitude Reynolds number:
//!
//! * body skin friction 0.053·(l/d)·[M/(q·l)]^0.2 (q in lbf/ft², l in ft),
//! * body wave drag (1.59 + 1.83/M²)·[atan(0.5/(l_N/d))]^1.69 for M > 1,
//! * base drag in coast 0.25/M for M > 1, 0.12 + 0.13·M² for M < 1,
//!
//! the friction and wave parts multiplied by 1.2 for fins and control surfaces, the
//! friction held at its M = 0.6 value below M = 0.6 (the formula vanishes as M → 0), and
//! the step at M = 1 (the wave term is only defined above it) replaced by a smooth
//! transonic rise peaking at M ≈ 1.1. With the motor burning, the base drag is reduced by
//! the nozzle-exit share of the base, taken as half (Fleeman: powered base drag
//! (1 − A_e/S_ref)·0.25/M).
//!
//! The tables are interpolated with a monotone piecewise-cubic Hermite (Fritsch-Carlson):
//! continuous slope, no overshoot, so the equations of motion stay smooth enough for
//! fourth-order integration. Beyond M = 10 the value is held.
//!
//! # Lift
//!
//! The airframe turns by generating normal force N = q·S·C_Nα·α. The achievable lateral
//! acceleration is a_max = min(n_max·g₀, q·S·C_Nα·α_max/m). The normal force, tilted by
//! α from the wind axes, adds drag N·sin α ≈ N·α: with a = N/m and α = a·m/(q·S·C_Nα)
//! the induced-drag deceleration is a²·m/(q·S·C_Nα).

/// Mach numbers of the drag tables.
pub const CD_MACH: [f64; 16] = [
    0.0, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0,
];
/// Generic power-off (coasting) zero-lift drag coefficient at [`CD_MACH`] [C: Fleeman
/// build-up, see the module notes].
pub const CD_COAST: [f64; 16] = [
    0.40, 0.40, 0.43, 0.47, 0.58, 0.68, 0.65, 0.55, 0.46, 0.41, 0.38, 0.34, 0.32, 0.30, 0.28, 0.27,
];
/// Base-drag reduction while the motor burns (half the coast base drag) at [`CD_MACH`].
pub const CD_BASE_POWERED_RELIEF: [f64; 16] = [
    0.060, 0.083, 0.100, 0.112, 0.125, 0.114, 0.104, 0.083, 0.063, 0.050, 0.042, 0.031, 0.025,
    0.021, 0.016, 0.013,
];

/// A monotone cubic Hermite interpolant (Fritsch-Carlson slopes), held constant outside
/// its knots.
#[derive(Debug, Clone, PartialEq)]
pub struct Pchip {
    x: Vec<f64>,
    y: Vec<f64>,
    d: Vec<f64>,
}

impl Pchip {
    /// Builds the interpolant through (x, y); `x` strictly increasing, at least two points.
    pub fn new(x: &[f64], y: &[f64]) -> Self {
        assert!(x.len() == y.len() && x.len() >= 2);
        let n = x.len();
        let h: Vec<f64> = (0..n - 1).map(|i| x[i + 1] - x[i]).collect();
        let delta: Vec<f64> = (0..n - 1).map(|i| (y[i + 1] - y[i]) / h[i]).collect();
        let mut d = vec![0.0; n];
        for i in 1..n - 1 {
            if delta[i - 1] * delta[i] > 0.0 {
                // Weighted harmonic mean (Fritsch-Butland form used by PCHIP).
                let w1 = 2.0 * h[i] + h[i - 1];
                let w2 = h[i] + 2.0 * h[i - 1];
                d[i] = (w1 + w2) / (w1 / delta[i - 1] + w2 / delta[i]);
            }
        }
        // One-sided three-point ends, limited to keep monotonicity.
        let end = |h0: f64, h1: f64, d0: f64, d1: f64| -> f64 {
            let s = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
            if s * d0 <= 0.0 {
                0.0
            } else if d0 * d1 <= 0.0 && s.abs() > 3.0 * d0.abs() {
                3.0 * d0
            } else {
                s
            }
        };
        if n == 2 {
            d[0] = delta[0];
            d[1] = delta[0];
        } else {
            d[0] = end(h[0], h[1], delta[0], delta[1]);
            d[n - 1] = end(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
        }
        Self {
            x: x.to_vec(),
            y: y.to_vec(),
            d,
        }
    }

    /// Value at `x` (held at the end values outside the knots).
    pub fn eval(&self, x: f64) -> f64 {
        let n = self.x.len();
        // NaN falls here too: held at the first value.
        if x.partial_cmp(&self.x[0]) != Some(std::cmp::Ordering::Greater) {
            return self.y[0];
        }
        if x >= self.x[n - 1] {
            return self.y[n - 1];
        }
        // Few knots: a linear scan is as fast as a binary search.
        let mut i = 0;
        while x > self.x[i + 1] {
            i += 1;
        }
        let h = self.x[i + 1] - self.x[i];
        let t = (x - self.x[i]) / h;
        let t2 = t * t;
        let t3 = t2 * t;
        let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
        let h10 = t3 - 2.0 * t2 + t;
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h11 = t3 - t2;
        h00 * self.y[i] + h10 * h * self.d[i] + h01 * self.y[i + 1] + h11 * h * self.d[i + 1]
    }
}

/// Zero-lift drag coefficient against Mach number, coasting and powered.
#[derive(Debug, Clone, PartialEq)]
pub struct DragCurve {
    coast: Pchip,
    relief: Pchip,
    scale: f64,
}

impl DragCurve {
    /// The generic curve of the module notes multiplied by `scale`.
    pub fn generic(scale: f64) -> Self {
        Self {
            coast: Pchip::new(&CD_MACH, &CD_COAST),
            relief: Pchip::new(&CD_MACH, &CD_BASE_POWERED_RELIEF),
            scale,
        }
    }

    /// C_D0 at Mach `mach`; `burning` while the motor produces thrust.
    pub fn cd(&self, mach: f64, burning: bool) -> f64 {
        let c = self.coast.eval(mach);
        let c = if burning {
            c - self.relief.eval(mach)
        } else {
            c
        };
        self.scale * c
    }

    /// The scale factor applied to the generic shape.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

/// Lift-limited lateral acceleration q·S·C_Nα·α_max/m, m/s² (no structural cap).
#[inline]
pub fn lift_limit(q: f64, area: f64, cn_alpha: f64, alpha_max: f64, mass: f64) -> f64 {
    q * area * cn_alpha * alpha_max / mass
}

/// Deceleration (m/s², along −v) induced by a lateral acceleration `a_lat` (m/s²):
/// a²·m/(q·S·C_Nα); zero when there is no dynamic pressure (and then no lift either).
#[inline]
pub fn induced_drag(a_lat: f64, q: f64, area: f64, cn_alpha: f64, mass: f64) -> f64 {
    let k = q * area * cn_alpha;
    if k > 0.0 {
        a_lat * a_lat * mass / k
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pchip_passes_through_knots_and_is_monotone_between() {
        let p = Pchip::new(&CD_MACH, &CD_COAST);
        for (x, y) in CD_MACH.iter().zip(CD_COAST) {
            assert!((p.eval(*x) - y).abs() < 1e-12);
        }
        // Between two rising knots the value stays between them.
        for k in 0..=100 {
            let m = 0.9 + 0.2 * k as f64 / 100.0;
            let c = p.eval(m);
            assert!((0.47..=0.68 + 1e-12).contains(&c), "{m} {c}");
        }
        assert_eq!(p.eval(-1.0), 0.40);
        assert_eq!(p.eval(50.0), 0.27);
    }

    #[test]
    fn powered_drag_is_lower() {
        let c = DragCurve::generic(1.0);
        for m in [0.5, 1.0, 2.0, 5.0] {
            assert!(c.cd(m, true) < c.cd(m, false));
            assert!(c.cd(m, true) > 0.1);
        }
    }
}
