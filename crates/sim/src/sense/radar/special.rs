//! The detection threshold of the radar model: the root of Q(N, T) = Pfa for N
//! non-coherently integrated pulses. The special functions it and the detection tables
//! use (the Poisson probability, the integer-order incomplete gamma function) live in
//! [`iadsim_core::special`] and are re-exported here.
//!
//! Checked by the test below (the threshold inverts Q to 1e-11 relative); the functions
//! themselves are checked in iadsim-core.

pub use iadsim_core::special::{gamma_p, gamma_q, poisson_pmf};

/// The detection threshold T for `pulses` non-coherently integrated square-law samples
/// (noise power normalised to 1 per sample) giving false-alarm probability `pfa` per
/// resolution cell: the root of Q(N, T) = Pfa.
///
/// N = 1 is closed form (T = −ln Pfa); otherwise safeguarded Newton iterations on
/// ln Q(N, T) (bisection whenever a step leaves the bracket), converged to 1e-14
/// relative.
pub fn threshold(pfa: f64, pulses: u32) -> f64 {
    debug_assert!(pfa > 0.0 && pfa < 1.0 && pulses >= 1);
    if pulses == 1 {
        return -pfa.ln();
    }
    let target = pfa.ln();
    let n = f64::from(pulses);
    let mut lo = 0.0;
    let mut hi = n - target + 10.0 * (n - target).sqrt() + 10.0;
    while gamma_q(pulses, hi) > pfa {
        lo = hi;
        hi *= 2.0;
    }
    let mut t = 0.5 * (lo + hi).max(n);
    for _ in 0..200 {
        let q = gamma_q(pulses, t);
        let g = q.ln() - target;
        if g > 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        let slope = -poisson_pmf(pulses - 1, t) / q;
        let mut next = t - g / slope;
        if !(next > lo && next < hi && next.is_finite()) {
            next = 0.5 * (lo + hi);
        }
        if (next - t).abs() <= 1e-14 * t {
            return next;
        }
        t = next;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_inverts_q() {
        for n in [1u32, 2, 4, 10, 30, 100, 1000] {
            for pfa in [1e-3, 1e-6, 1e-9, 1e-12] {
                let t = threshold(pfa, n);
                let q = gamma_q(n, t);
                assert!(((q - pfa) / pfa).abs() < 1e-11, "n={n} pfa={pfa}: Q={q}");
            }
        }
    }
}
