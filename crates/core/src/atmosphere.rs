//! The US Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562) from −5 km to
//! 86 km geometric altitude: temperature, pressure, density and speed of sound.
//!
//! The lower atmosphere is seven layers in geopotential altitude, each with a constant
//! gradient of molecular-scale temperature; pressure follows from the hydrostatic
//! equation and the ideal-gas law with the standard's constants (below). Layer-base
//! values are derived from those constants, not tabulated, so the published tables are a
//! test of this code rather than an input to it.
//!
//! The temperature returned is the molecular-scale temperature T_M, which equals the
//! kinetic temperature below 80 km and exceeds it by up to about 0.04 % at 86 km (where the
//! standard's mean molecular weight starts to fall). Density and speed of sound are
//! computed from T_M exactly as the standard does.
//!
//! Outside the model's range the result is defined, never NaN:
//! - below −5 km: the values at −5 km (clamped);
//! - above 86 km: an isothermal continuation at T_M(86 km) = 186.946 K, pressure and
//!   density decaying with the local hydrostatic scale height (≈ 5.5 km). The standard's
//!   own profile is isothermal from 86 to 91 km, so this is close there; above ~100 km
//!   it departs from the standard (which heats up) and is only an order of magnitude.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Sea-level temperature T₀, K.
pub const T0: f64 = 288.15;
/// Sea-level pressure p₀, Pa.
pub const P0: f64 = 101_325.0;
/// Standard gravity g₀, m/s² (also the geopotential metre's definition).
pub const G0: f64 = 9.806_65;
/// Mean molar mass of sea-level air M₀, kg/mol.
pub const M0: f64 = 0.028_964_4;
/// Universal gas constant R*, J/(mol·K), the value the 1976 standard uses.
pub const R_STAR: f64 = 8.314_32;
/// Effective Earth radius r₀ for the geopotential conversion, m.
pub const R0: f64 = 6_356_766.0;
/// Ratio of specific heats of air γ.
pub const GAMMA: f64 = 1.4;
/// Lowest geometric altitude of the model, m; lower inputs are clamped to it.
pub const MIN_ALTITUDE: f64 = -5_000.0;
/// Highest geometric altitude of the seven-layer model, m.
pub const MAX_ALTITUDE: f64 = 86_000.0;

/// Base geopotential altitude (m′) and molecular-scale temperature gradient (K/m′) of the
/// seven layers.
pub const LAYERS: [(f64, f64); 7] = [
    (0.0, -0.0065),
    (11_000.0, 0.0),
    (20_000.0, 0.001),
    (32_000.0, 0.0028),
    (47_000.0, 0.0),
    (51_000.0, -0.0028),
    (71_000.0, -0.002),
];

/// g₀M₀/R*, K/m′: the hydrostatic constant that sets every layer's pressure law.
const GMR: f64 = G0 * M0 / R_STAR;

/// The state of the atmosphere at one altitude.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AtmosphereState {
    /// Molecular-scale temperature, K.
    pub temperature: f64,
    /// Pressure, Pa.
    pub pressure: f64,
    /// Density, kg/m³.
    pub density: f64,
    /// Speed of sound, m/s.
    pub speed_of_sound: f64,
}

/// Base temperature (K) and pressure (Pa) of each layer, plus the 86 km top, from T₀, p₀
/// and the gradients.
struct Bases {
    layer: [(f64, f64); 7],
    top_h: f64,
    top: (f64, f64),
}

static BASES: LazyLock<Bases> = LazyLock::new(|| {
    let mut layer = [(T0, P0); 7];
    for i in 1..7 {
        let (t, p) = layer[i - 1];
        layer[i] = within_layer(i - 1, t, p, LAYERS[i].0);
    }
    let top_h = geopotential_from_geometric(MAX_ALTITUDE);
    let (t6, p6) = layer[6];
    let top = within_layer(6, t6, p6, top_h);
    Bases { layer, top_h, top }
});

/// Temperature and pressure at geopotential `h` (m′) in layer `i` whose base has
/// temperature `tb` (K) and pressure `pb` (Pa).
fn within_layer(i: usize, tb: f64, pb: f64, h: f64) -> (f64, f64) {
    let (hb, lapse) = LAYERS[i];
    let dh = h - hb;
    if lapse == 0.0 {
        (tb, pb * (-GMR * dh / tb).exp())
    } else {
        let t = tb + lapse * dh;
        (t, pb * (tb / t).powf(GMR / lapse))
    }
}

/// Geopotential altitude (m′) of a geometric altitude `z` (m): H = r₀z/(r₀ + z).
///
/// Tends to r₀ as z → ∞ (returned for z = +∞); meaningless for z ≤ −r₀.
pub fn geopotential_from_geometric(z: f64) -> f64 {
    if z > 0.0 {
        // Divided through by z so that +∞ maps to r₀ rather than ∞/∞.
        R0 / (R0 / z + 1.0)
    } else {
        R0 * z / (R0 + z)
    }
}

/// Geometric altitude (m) of a geopotential altitude `h` (m′): z = r₀H/(r₀ − H).
/// Valid for H < r₀.
pub fn geometric_from_geopotential(h: f64) -> f64 {
    R0 * h / (R0 - h)
}

/// Acceleration of gravity at geometric altitude `z` (m), m/s²: g₀(r₀/(r₀ + z))², the
/// field the standard's geopotential is built on.
pub fn gravity(z: f64) -> f64 {
    let ratio = R0 / (R0 + z);
    G0 * ratio * ratio
}

/// The US Standard Atmosphere 1976 at geometric altitude `geometric_altitude_m` (m above
/// mean sea level).
///
/// Valid from −5 km to 86 km; below it the −5 km values are returned, above it an
/// isothermal continuation (see the module notes). NaN in, NaN out.
pub fn us1976(geometric_altitude_m: f64) -> AtmosphereState {
    let z = geometric_altitude_m.max(MIN_ALTITUDE);
    let h = geopotential_from_geometric(z);
    let bases = &*BASES;
    let (temperature, pressure) = if h >= bases.top_h {
        let (t, p) = bases.top;
        (t, p * (-GMR * (h - bases.top_h) / t).exp())
    } else {
        // Last layer whose base is at or below h; the first layer also covers h < 0.
        let i = LAYERS.iter().rposition(|&(hb, _)| hb <= h).unwrap_or(0);
        let (tb, pb) = bases.layer[i];
        within_layer(i, tb, pb, h)
    };
    state(temperature, pressure)
}

fn state(temperature: f64, pressure: f64) -> AtmosphereState {
    AtmosphereState {
        temperature,
        pressure,
        density: pressure * M0 / (R_STAR * temperature),
        speed_of_sound: (GAMMA * R_STAR * temperature / M0).sqrt(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sea_level_is_the_defining_state() {
        let s = us1976(0.0);
        assert_eq!(s.temperature, T0);
        assert_eq!(s.pressure, P0);
        assert!((s.density - 1.2250).abs() < 5e-5);
        assert!((s.speed_of_sound - 340.294).abs() < 1e-3);
    }

    #[test]
    fn out_of_range_is_finite() {
        for z in [-1e9, -5_001.0, 86_000.0, 90_000.0, 1e6, 1e12, f64::INFINITY] {
            let s = us1976(z);
            assert!(s.temperature.is_finite() && s.pressure.is_finite());
            assert!(s.density.is_finite() && s.speed_of_sound.is_finite());
            assert!(s.pressure >= 0.0 && s.density >= 0.0);
        }
        assert_eq!(us1976(-1e9), us1976(MIN_ALTITUDE));
    }
}
