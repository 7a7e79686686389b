//! Damage: whether a detonation kills, from the miss distance the fuze measured.
//!
//! * [`DamageFunction::Gaussian`] (default): P_k(d) = P_k0·exp(−d²/(2·R_l²)) — the
//!   Carleton form, R_l the lethal radius (at d = R_l, 61 % of P_k0; at 2·R_l, 14 %).
//! * [`DamageFunction::CookieCutter`]: P_k0 if d ≤ R_l, else 0 (the first engine model's).
//!
//! P_k0 is the missile's single-shot Pk, R_l its lethal radius (both \[P\] in the catalogue).
//! The kill is one uniform draw u from the caller's seeded stream: killed iff u < P_k(d).
//!
//! The engine judges the flyout model's detonations with the Gaussian function and the
//! first (lead-collision) model's with the cookie cutter. Checked by
//! `tests/flyout_engage.rs` (the two functions at known miss distances) and the
//! engine's kill counts.

use rand_chacha::ChaCha8Rng;

/// How miss distance maps to kill probability (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DamageFunction {
    /// P_k0·exp(−d²/(2R_l²)).
    #[default]
    Gaussian,
    /// P_k0 within R_l, 0 beyond.
    CookieCutter,
}

impl DamageFunction {
    /// Kill probability at miss distance `miss` (m) for single-shot `pk0` and lethal radius
    /// `lethal_radius` (m).
    pub fn pk(self, miss: f64, pk0: f64, lethal_radius: f64) -> f64 {
        match self {
            DamageFunction::Gaussian => {
                pk0 * (-(miss * miss) / (2.0 * lethal_radius * lethal_radius)).exp()
            }
            DamageFunction::CookieCutter => {
                if miss <= lethal_radius {
                    pk0
                } else {
                    0.0
                }
            }
        }
    }

    /// One kill draw from `rng` (always exactly one uniform number).
    pub fn draw(self, miss: f64, pk0: f64, lethal_radius: f64, rng: &mut ChaCha8Rng) -> bool {
        let u: f64 = rand::RngExt::random(rng);
        u < self.pk(miss, pk0, lethal_radius)
    }
}
