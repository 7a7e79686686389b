//! The monostatic radar range equation, its inverse, and the radar signal model built on
//! it ([`RadarModel`]): SNR as a function of range and RCS, and detection probability
//! through a [`Detector`].
//!
//! Two ways to build a model:
//!
//! - **From the radar's own parameters** ([`RadarEquation`]): matched-filter single-pulse
//!   SNR = Pt·τ·G²·λ²·σ / ((4π)³·k·Ts·R⁴·L) (Skolnik, *Introduction to Radar Systems*,
//!   §2.1; Richards eq. 2.26; MathWorks `radareqsnr`).
//! - **Calibrated** from a published figure "detects σ_ref at R_ref with probability
//!   Pd_ref": SNR(R, σ) = SNR_ref · (σ/σ_ref) · (R_ref/R)⁴, with SNR_ref the single-pulse
//!   SNR the detector needs for Pd_ref (at its Pfa, Swerling case and pulse count).
//!
//! Either way the model reduces to one constant, C = SNR·R⁴/σ (m⁴/m²), so SNR = C·σ/R⁴.

use serde::{Deserialize, Serialize};

use super::detection::{Detector, Swerling, db_to_linear};
use super::error::RadarError;
use iadsim_setup::Radar;

/// Boltzmann's constant, J/K (SI 2019 exact value).
pub const BOLTZMANN: f64 = 1.380_649e-23;
/// Speed of light in vacuum, m/s.
pub const SPEED_OF_LIGHT: f64 = 299_792_458.0;
/// Standard reference temperature for noise figures, K.
pub const T0: f64 = 290.0;
/// (4π)³.
const FOUR_PI_CUBED: f64 =
    64.0 * std::f64::consts::PI * std::f64::consts::PI * std::f64::consts::PI;

/// System noise temperature Ts = T0·F (K) for a receiver noise figure `noise_figure_db`
/// (dB) with the antenna at the reference temperature T0 = 290 K.
pub fn noise_temperature_from_figure(noise_figure_db: f64) -> f64 {
    T0 * db_to_linear(noise_figure_db)
}

/// The radar's own parameters, as the range equation uses them. All SI, linear ratios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RadarEquation {
    /// Peak transmitted power Pt, W.
    pub peak_power: f64,
    /// Antenna gain G (linear), the same on transmit and receive.
    pub gain: f64,
    /// Carrier frequency, Hz (wavelength λ = c/f).
    pub frequency: f64,
    /// Pulse length τ, s — after pulse compression the energy is Pt·τ; for a matched
    /// filter, τ = 1/B with B the noise bandwidth (see [`RadarEquation::with_bandwidth`]).
    pub pulse_width: f64,
    /// System noise temperature Ts, K (see [`noise_temperature_from_figure`]).
    pub noise_temperature: f64,
    /// Total system losses L (linear, ≥ 1).
    pub losses: f64,
}

impl RadarEquation {
    /// Parameters from the units radar data sheets use: peak power W, gain dB, frequency
    /// Hz, pulse length s, noise temperature K, losses dB.
    pub fn from_db(
        peak_power: f64,
        gain_db: f64,
        frequency: f64,
        pulse_width: f64,
        noise_temperature: f64,
        losses_db: f64,
    ) -> Self {
        Self {
            peak_power,
            gain: db_to_linear(gain_db),
            frequency,
            pulse_width,
            noise_temperature,
            losses: db_to_linear(losses_db),
        }
    }

    /// The same radar with the pulse length set from a matched-filter noise bandwidth
    /// `bandwidth` (Hz): τ = 1/B.
    pub fn with_bandwidth(self, bandwidth: f64) -> Self {
        Self {
            pulse_width: 1.0 / bandwidth,
            ..self
        }
    }

    /// Wavelength λ = c/f, m.
    pub fn wavelength(&self) -> f64 {
        SPEED_OF_LIGHT / self.frequency
    }

    /// The constant C (m⁴ per m² of RCS) with single-pulse SNR = C·σ/R⁴:
    /// C = Pt·τ·G²·λ² / ((4π)³·k·Ts·L).
    pub fn snr_constant(&self) -> f64 {
        let l = self.wavelength();
        self.peak_power * self.pulse_width * self.gain * self.gain * l * l
            / (FOUR_PI_CUBED * BOLTZMANN * self.noise_temperature * self.losses)
    }

    /// Single-pulse SNR (linear) of a target of RCS `rcs` (m²) at range `range` (m).
    pub fn snr(&self, range: f64, rcs: f64) -> f64 {
        self.snr_constant() * rcs / range.powi(4)
    }

    /// Range (m) at which a target of RCS `rcs` (m²) gives single-pulse SNR `snr`
    /// (linear): R = (C·σ/SNR)^¼.
    pub fn range_for_snr(&self, snr: f64, rcs: f64) -> f64 {
        (self.snr_constant() * rcs / snr).powf(0.25)
    }
}

/// How a [`RadarModel`] was set up (for reports).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelSource {
    /// From the radar's own parameters.
    Equation(RadarEquation),
    /// From a published detection figure.
    Calibrated {
        /// Reference range, m.
        reference_range: f64,
        /// Reference RCS, m².
        reference_rcs: f64,
        /// Detection probability at the reference point.
        reference_pd: f64,
    },
}

/// The radar signal and detection model: SNR = C·σ/R⁴ per pulse, detection through a
/// [`Detector`] (Swerling case, Pfa per cell, N pulses non-coherently integrated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadarModel {
    snr_constant: f64,
    detector: Detector,
    source: ModelSource,
}

/// Placeholder (\[P\]) defaults used by [`RadarModel::from_setup`] callers and by the
/// physics radar when the catalogue says nothing.
pub mod defaults {
    use crate::sense::radar::detection::Swerling;
    use iadsim_setup::RadarRole;

    /// False-alarm probability per resolution cell and look \[P\] (the textbook value).
    pub const PFA: f64 = 1e-6;
    /// Target fluctuation model \[P\]: Swerling 1 (many comparable scatterers, independent
    /// from scan to scan), the usual planning assumption for aircraft and missiles.
    pub const SWERLING: Swerling = Swerling::Swerling1;

    /// Pulses non-coherently integrated per look \[P\]: 10 for both radars (a rotating
    /// S-band surveillance radar at a few hundred Hz PRF over a ~1° beam dwell; a
    /// phased-array engagement radar's dwell).
    pub fn pulses(role: RadarRole) -> u32 {
        match role {
            RadarRole::Acquisition => 10,
            RadarRole::Engagement => 10,
        }
    }
}

impl RadarModel {
    /// A model from the radar's own parameters.
    pub fn from_equation(equation: &RadarEquation, detector: Detector) -> Self {
        Self {
            snr_constant: equation.snr_constant(),
            detector,
            source: ModelSource::Equation(*equation),
        }
    }

    /// A model calibrated on "detects `reference_rcs` (m²) at `reference_range` (m) with
    /// probability `reference_pd`" for `detector`'s Swerling case, Pfa and pulse count:
    /// SNR(R, σ) = SNR_ref·(σ/σ_ref)·(R_ref/R)⁴.
    pub fn calibrated(
        reference_range: f64,
        reference_rcs: f64,
        reference_pd: f64,
        detector: Detector,
    ) -> Result<Self, RadarError> {
        if !(reference_range > 0.0 && reference_range.is_finite()) {
            return Err(RadarError::invalid(
                "reference_range",
                reference_range,
                "must be positive",
            ));
        }
        if !(reference_rcs > 0.0 && reference_rcs.is_finite()) {
            return Err(RadarError::invalid(
                "reference_rcs",
                reference_rcs,
                "must be positive",
            ));
        }
        let snr_ref = detector.required_snr(reference_pd)?;
        Ok(Self {
            snr_constant: snr_ref * reference_range.powi(4) / reference_rcs,
            detector,
            source: ModelSource::Calibrated {
                reference_range,
                reference_rcs,
                reference_pd,
            },
        })
    }

    /// A model calibrated from a setup radar's existing figures (`reference_range`,
    /// `reference_rcs`, `detection_probability`), so the engine can switch models
    /// without a catalogue change. A `detection_probability` of 1 (allowed by the first
    /// model) is read as 0.99.
    ///
    /// Typical arguments are the \[P\] defaults in [`defaults`]: Swerling 1, Pfa 1e-6,
    /// 10 pulses.
    pub fn from_setup(
        radar: &Radar,
        swerling: Swerling,
        pfa: f64,
        pulses: u32,
    ) -> Result<Self, RadarError> {
        let detector = Detector::new(swerling, pfa, pulses)?;
        let pd = radar.detection_probability.min(0.99);
        Self::calibrated(radar.reference_range, radar.reference_rcs, pd, detector)
    }

    /// The detector.
    pub fn detector(&self) -> &Detector {
        &self.detector
    }

    /// How the model was set up.
    pub fn source(&self) -> &ModelSource {
        &self.source
    }

    /// C = SNR·R⁴/σ, m².
    pub fn snr_constant(&self) -> f64 {
        self.snr_constant
    }

    /// Mean single-pulse SNR (linear) of a target of mean RCS `rcs` (m²) at slant range
    /// `range` (m).
    #[inline]
    pub fn snr(&self, range: f64, rcs: f64) -> f64 {
        let r2 = range * range;
        self.snr_constant * rcs / (r2 * r2)
    }

    /// Single-look detection probability of a target of mean RCS `rcs` (m²) at slant
    /// range `range` (m), free space (no horizon, beam or terrain limits).
    pub fn pd(&self, range: f64, rcs: f64) -> f64 {
        self.detector.pd(self.snr(range, rcs))
    }

    /// Free-space range (m) at which a target of mean RCS `rcs` (m²) is detected with
    /// probability `pd` per look.
    pub fn detection_range(&self, rcs: f64, pd: f64) -> Result<f64, RadarError> {
        let snr = self.detector.required_snr(pd)?;
        Ok((self.snr_constant * rcs / snr).powf(0.25))
    }
}
