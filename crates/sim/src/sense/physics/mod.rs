//! [`PhysicsRadar`]: the stage-1 sensor built on the radar equation, Swerling detection,
//! the 4/3-Earth horizon and terrain, beam-passage look times, SNR-dependent accuracy
//! and false alarms. It has the shape of [`crate::sense::FixedPdRadar`] and implements
//! the same [`Sensor`] trait, so the engine can swap one for the other.
//!
//! # One look
//!
//! 1. **When**: the beam passes the target (see [`crate::sense::radar::scan`]); a target the
//!    engagement radar holds in track is looked at every `track_period` instead.
//! 2. **Whether it can be seen**: slant range within [`PhysicsConfig::min_range`] and the
//!    instrumented range; above the smooth 4/3-Earth horizon; apparent elevation within
//!    the beam's limits (the catalogue limits of the beam centre, widened by half an
//!    elevation beamwidth); azimuth inside the search sector; not masked by terrain (when a
//!    [`Dem`] is attached).
//! 3. **Whether it is detected**: mean single-pulse SNR from the [`RadarModel`]
//!    (SNR = C·σ/R⁴); for scan-to-scan targets (Swerling 1, 3) the look's RCS is drawn
//!    (exponential, or chi-square with 4 degrees of freedom, of mean σ) and the look is
//!    detected with the steady-target Pd at that SNR; for pulse-to-pulse targets
//!    (Swerling 2, 4) and steady targets the fluctuation is inside the Pd formula.
//! 4. **What is reported**: range, azimuth and elevation with Gaussian errors of the
//!    look's SNR-dependent σ (see [`crate::sense::radar::measure`]); the elevation is the geometric one
//!    (the radar is taken to correct standard refraction).
//!
//! False alarms are added per step (Poisson, see [`super::measure`]) with
//! `threat: None`.
//!
//! # Alert–confirm search (the engagement radar)
//!
//! A phased-array multifunction radar does not hand a single search threshold crossing
//! to its tracker: it answers an *alert* with a *confirmation dwell* in the same beam
//! position a few milliseconds later, and reports a detection only when a crossing
//! recurs within a few range cells of the alert (Barton, *Radar System Analysis and
//! Modeling*, 2005, §7 "sequential detection"; Skolnik, *Radar Handbook*, 3rd ed., §24.5).
//! With [`PhysicsConfig::confirmation`] set:
//!
//! - a target's search look is reported only if the confirmation dwell also detects it:
//!   for scan-to-scan targets (Swerling 1, 3) the confirmation sees the *same* RCS draw
//!   (milliseconds apart), so its Pd is the steady-target Pd at the alert's SNR; for
//!   pulse-to-pulse and steady targets it is an independent look at the mean SNR;
//! - a false alarm survives only if one of the `window_cells` cells around it crosses
//!   again: probability 1 − (1 − Pfa)^window, so reported false alarms are a thinned
//!   Poisson stream of mean (alerts × that probability);
//! - track revisits of held targets need no confirmation (the beam is pointed at a known
//!   track);
//! - the dwells' time is not charged to the search (the radar's time budget is not
//!   modelled, below), a few hundred confirmations a minute against thousands of search
//!   dwells.
//!
//! # Modelling shortcuts (documented, \[P\])
//!
//! - The engagement radar's track channels are keyed by the threat index: the radar's
//!   own association is taken as perfect. The tracker downstream still sees only
//!   measurements. A track is dropped after `drop_after_misses` missed revisits, when the
//!   target leaves the sector, or when it stops existing.
//! - The radar's time budget is not modelled: track revisits do not slow the search.
//! - No multipath lobing, diffraction beyond the horizon, clutter or jamming.
//!
//! - [`config`]: [`PhysicsConfig`], the role defaults, and the coverage [`Envelope`];
//! - [`radar`]: [`PhysicsRadar`], the sensor.
//!
//! Checked by `tests/radar_reference.rs` (the range equation and detection curves against
//! published figures), `tests/radar_statistics.rs` (detection and false-alarm rates,
//! measurement errors), `tests/radar_scenarios.rs` and `tests/radar_terrain.rs`.

pub mod config;
pub mod radar;

pub use config::{
    Confirmation, Envelope, PhysicsConfig, antenna_over_terrain, default_sector_centre,
};
pub use radar::PhysicsRadar;
