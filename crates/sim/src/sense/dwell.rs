//! A track revisit as the defence orders it from its engagement radar ([`Dwell`]): where
//! to point the beam, when, and the range gate — worked out from the defence's own track,
//! so nothing in it comes from the truth — and the beam's shape loss off its centre
//! ([`beam_loss`]). The radar models carry the dwells out against the targets
//! ([`Sensor::dwell`](super::sensor::Sensor::dwell)); the fire control
//! (`track::fire_control`) orders them and reads what they return.

use std::f64::consts::{LN_2, PI, TAU};

/// One pointed beam of the engagement radar: a track revisit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dwell {
    /// Time of the dwell, s.
    pub time: f64,
    /// Beam azimuth, rad clockwise from north (the radar's frame).
    pub azimuth: f64,
    /// Beam elevation (geometric), rad.
    pub elevation: f64,
    /// Centre of the range gate: the predicted slant range, m.
    pub range: f64,
    /// Half-width of the range gate, m: returns farther than this from `range` are not
    /// looked at.
    pub range_gate: f64,
}

/// Offsets from the beam centre beyond this many half-power beamwidths are not looked at:
/// the two-way loss there is ≥ 48 dB ([`beam_loss`]), below any target's margin.
pub const BEAM_SEARCH_LIMIT: f64 = 2.0;

/// The signed angle from `a` to `b` (rad), in [−π, π).
#[inline]
pub fn angle_difference(a: f64, b: f64) -> f64 {
    (b - a + PI).rem_euclid(TAU) - PI
}

/// Two-way gain of a Gaussian beam (half-power beamwidths `beamwidth_azimuth`,
/// `beamwidth_elevation`, rad) at a point seen at azimuth `azimuth`, elevation
/// `elevation` from a beam pointed at `dwell`: the one-way power pattern
/// exp(−4 ln 2 · (θ/θ₃)²) per axis (½ at half a beamwidth), squared for transmit and
/// receive, so SNR falls by 6 dB at half a beamwidth off centre. The azimuth offset is
/// measured across the sky (times cos elevation). `None` beyond [`BEAM_SEARCH_LIMIT`]
/// beamwidths on either axis.
pub fn beam_loss(
    dwell: &Dwell,
    azimuth: f64,
    elevation: f64,
    beamwidth_azimuth: f64,
    beamwidth_elevation: f64,
) -> Option<f64> {
    let across = angle_difference(dwell.azimuth, azimuth) * dwell.elevation.cos();
    let u = across / beamwidth_azimuth;
    let v = (elevation - dwell.elevation) / beamwidth_elevation;
    if u.abs() > BEAM_SEARCH_LIMIT || v.abs() > BEAM_SEARCH_LIMIT {
        return None;
    }
    Some((-8.0 * LN_2 * (u * u + v * v)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_power_points_and_wrapping() {
        let d = Dwell {
            time: 0.0,
            azimuth: 0.01,
            elevation: 0.0,
            range: 1e5,
            range_gate: 100.0,
        };
        let bw = 1f64.to_radians();
        assert!((beam_loss(&d, 0.01, 0.0, bw, bw).unwrap() - 1.0).abs() < 1e-15);
        // Half a beamwidth off in azimuth (across the north wrap): one-way ½, two-way ¼.
        let az = (0.01 - 0.5 * bw).rem_euclid(TAU);
        assert!((beam_loss(&d, az, 0.0, bw, bw).unwrap() - 0.25).abs() < 1e-12);
        assert!((beam_loss(&d, 0.01, 0.5 * bw, bw, bw).unwrap() - 0.25).abs() < 1e-12);
        assert!(beam_loss(&d, 0.01 + 2.01 * bw, 0.0, bw, bw).is_none());
        assert!((angle_difference(6.2, 0.1) - (0.1 + TAU - 6.2)).abs() < 1e-12);
    }
}
