//! Measurement accuracy, resolution cells and false alarms.
//!
//! # Accuracy
//!
//! Thermal-noise errors of a matched-filter range measurement and a monopulse angle
//! measurement at integrated signal-to-noise ratio E/N₀ (Skolnik, *Introduction to Radar
//! Systems*, 3rd ed., §6.3 "Theoretical accuracy of radar measurements"; Barton & Leonov,
//! *Radar Technology Encyclopedia*):
//!
//! - σ_R = c / (2B·√(2·E/N₀)) — the range resolution c/2B divided by √(2E/N₀);
//! - σ_θ = θ₃dB / (k_m·√(2·E/N₀)) — beamwidth over the monopulse slope k_m (≈ 1.6 for
//!   an amplitude-comparison monopulse, \[P\]).
//!
//! These shrink without limit as the SNR grows, so each is floored by an SNR-independent
//! term (bias, quantisation, propagation, platform levelling) added in quadrature:
//! σ = √(σ_noise² + σ_floor²). The physics radar takes the catalogue's `sigma_range`,
//! `sigma_azimuth`, `sigma_elevation` as those floors.
//!
//! # False alarms
//!
//! With Pfa per resolution cell and look, the number of false alarms in one sweep of
//! n_cells = n_range·n_azimuth·n_elevation cells is Binomial(n_cells, Pfa) ≈
//! Poisson(Pfa·n_cells); a step that covers a fraction f of a sweep draws Poisson(f·Pfa·
//! n_cells). Each alarm is placed uniformly in the cells swept during the step: time
//! uniform in the step (azimuth where the beam was then), range uniform between the
//! minimum and the instrumented range, elevation uniform between the beam's limits.

use super::equation::SPEED_OF_LIGHT;

/// Measurement-accuracy parameters of a radar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Two-way 3 dB beamwidth in azimuth, rad.
    pub beamwidth_azimuth: f64,
    /// Two-way 3 dB beamwidth in elevation, rad.
    pub beamwidth_elevation: f64,
    /// Signal (noise) bandwidth after pulse compression, Hz.
    pub bandwidth: f64,
    /// Monopulse angle-error slope k_m (dimensionless, ≈ 1.6).
    pub monopulse_slope: f64,
    /// SNR-independent 1-σ floors: range (m), azimuth (rad), elevation (rad).
    pub floor: [f64; 3],
}

impl Accuracy {
    /// Range resolution c/(2B), m.
    pub fn range_resolution(&self) -> f64 {
        SPEED_OF_LIGHT / (2.0 * self.bandwidth)
    }

    /// Thermal-noise 1-σ errors (range m, azimuth rad, elevation rad) at integrated SNR
    /// `snr` (E/N₀, linear).
    pub fn noise_sigma(&self, snr: f64) -> [f64; 3] {
        let root = (2.0 * snr.max(1e-12)).sqrt();
        [
            self.range_resolution() / root,
            self.beamwidth_azimuth / (self.monopulse_slope * root),
            self.beamwidth_elevation / (self.monopulse_slope * root),
        ]
    }

    /// Total 1-σ errors: thermal noise and floor in quadrature.
    pub fn sigma(&self, snr: f64) -> [f64; 3] {
        let n = self.noise_sigma(snr);
        [
            n[0].hypot(self.floor[0]),
            n[1].hypot(self.floor[1]),
            n[2].hypot(self.floor[2]),
        ]
    }
}

/// The resolution cells a radar searches in one sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cells {
    /// Range cells between the minimum and the instrumented range.
    pub range: f64,
    /// Azimuth cells (beam positions) across the swept azimuth span.
    pub azimuth: f64,
    /// Elevation cells (beams) between the elevation limits, at least 1.
    pub elevation: f64,
}

impl Cells {
    /// Cells for ranges `min_range`..`max_range` (m), an azimuth span `azimuth_span` and
    /// an elevation span `elevation_span` (rad), with `accuracy`'s range resolution and
    /// beamwidths.
    pub fn new(
        min_range: f64,
        max_range: f64,
        azimuth_span: f64,
        elevation_span: f64,
        accuracy: &Accuracy,
    ) -> Self {
        Self {
            range: ((max_range - min_range).max(0.0) / accuracy.range_resolution()).ceil(),
            azimuth: (azimuth_span / accuracy.beamwidth_azimuth).ceil().max(1.0),
            elevation: (elevation_span / accuracy.beamwidth_elevation)
                .ceil()
                .max(1.0),
        }
    }

    /// Total cells per sweep.
    pub fn total(&self) -> f64 {
        self.range * self.azimuth * self.elevation
    }

    /// Expected false alarms per sweep at per-cell probability `pfa`.
    pub fn false_alarms_per_sweep(&self, pfa: f64) -> f64 {
        pfa * self.total()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_follows_the_textbook_forms() {
        let a = Accuracy {
            beamwidth_azimuth: 1f64.to_radians(),
            beamwidth_elevation: 2f64.to_radians(),
            bandwidth: 1e6,
            monopulse_slope: 1.6,
            floor: [0.0; 3],
        };
        // c/2B = 149.9 m; at E/N0 = 20 dB, √(2·100) = 14.14.
        let s = a.sigma(100.0);
        assert!((a.range_resolution() - 149.896_229).abs() < 1e-5);
        assert!((s[0] - 149.896_229 / 200f64.sqrt()).abs() < 1e-6);
        assert!((s[1] - 1f64.to_radians() / (1.6 * 200f64.sqrt())).abs() < 1e-12);
        let floored = Accuracy {
            floor: [100.0, 0.0, 0.0],
            ..a
        }
        .sigma(1e12);
        assert!((floored[0] - 100.0).abs() < 1e-3);
    }

    #[test]
    fn cells_count() {
        let a = Accuracy {
            beamwidth_azimuth: 1f64.to_radians(),
            beamwidth_elevation: 2f64.to_radians(),
            bandwidth: 1e6,
            monopulse_slope: 1.6,
            floor: [0.0; 3],
        };
        let c = Cells::new(
            0.0,
            1999.5 * a.range_resolution(),
            std::f64::consts::TAU,
            30f64.to_radians(),
            &a,
        );
        assert_eq!(c.range, 2000.0);
        assert_eq!(c.azimuth, 360.0);
        assert_eq!(c.elevation, 15.0);
        assert!((c.false_alarms_per_sweep(1e-6) - 10.8).abs() < 1e-9);
    }
}
