//! Scanning: where the beam points when, the instant it passes a (moving) target, and
//! the radar's limited track and missile-guidance channels.
//!
//! Two search patterns:
//!
//! - [`ScanPattern::Rotating`]: a mechanically rotating surveillance radar; the beam turns
//!   clockwise at 2π/period, pointing north at t = `phase` (+ k·period).
//! - [`ScanPattern::Sector`]: an electronically scanned search sector; in every frame of
//!   `frame_time` the beam steps across the sector from its left (anticlockwise) edge to
//!   its right edge at a uniform rate, the first frame starting at t = `phase`.
//!
//! Look times are the instants the beam passes the target's azimuth, solved inside each
//! sweep by fixed-point iteration on the target's moving azimuth (the beam turns tens of
//! degrees per second, a target's azimuth a fraction of a degree, so three iterations
//! converge to microseconds). Each sweep is solved on its own, so a pass is found once
//! whichever step boundaries cut it.

use std::f64::consts::TAU;

/// A search pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScanPattern {
    /// 360° rotation, clockwise.
    Rotating {
        /// Rotation period, s.
        period: f64,
        /// Time at which the beam points north, s.
        phase: f64,
    },
    /// Sector search.
    Sector {
        /// Azimuth of the sector centre, rad clockwise from north.
        centre: f64,
        /// Sector width, rad (0, 2π].
        width: f64,
        /// Time to sweep the sector once, s.
        frame_time: f64,
        /// Start of the first frame, s.
        phase: f64,
    },
}

/// `a` reduced to [0, 2π).
#[inline]
pub fn wrap_tau(a: f64) -> f64 {
    let w = a.rem_euclid(TAU);
    if w >= TAU { 0.0 } else { w }
}

impl ScanPattern {
    /// Time for one full sweep (rotation or sector frame), s.
    pub fn sweep_time(&self) -> f64 {
        match *self {
            Self::Rotating { period, .. } => period,
            Self::Sector { frame_time, .. } => frame_time,
        }
    }

    /// The scan phase, s: when the rotating beam points north, or the first frame starts.
    pub fn phase(&self) -> f64 {
        match *self {
            Self::Rotating { phase, .. } | Self::Sector { phase, .. } => phase,
        }
    }

    /// The same pattern with scan phase `phase` (s).
    pub fn with_phase(mut self, phase: f64) -> Self {
        match &mut self {
            Self::Rotating { phase: p, .. } | Self::Sector { phase: p, .. } => *p = phase,
        }
        self
    }

    /// Azimuth span searched per sweep, rad.
    pub fn width(&self) -> f64 {
        match *self {
            Self::Rotating { .. } => TAU,
            Self::Sector { width, .. } => width,
        }
    }

    /// Offset of `azimuth` from the start of the sweep, as a fraction of the sweep in
    /// [0, 1), or `None` when the sector does not contain it.
    pub fn fraction(&self, azimuth: f64) -> Option<f64> {
        match *self {
            Self::Rotating { .. } => Some(wrap_tau(azimuth) / TAU),
            Self::Sector { centre, width, .. } => {
                let from_left = wrap_tau(azimuth - (centre - 0.5 * width));
                (from_left <= width).then(|| (from_left / width).min(1.0 - 1e-15))
            }
        }
    }

    /// Whether the pattern searches `azimuth`.
    pub fn contains(&self, azimuth: f64) -> bool {
        self.fraction(azimuth).is_some()
    }

    /// Where the beam points at time `t` (rad clockwise from north).
    pub fn beam_azimuth(&self, t: f64) -> f64 {
        let sweep = self.sweep_time();
        let f = ((t - self.phase()) / sweep).rem_euclid(1.0);
        match *self {
            Self::Rotating { .. } => wrap_tau(f * TAU),
            Self::Sector { centre, width, .. } => wrap_tau(centre - 0.5 * width + f * width),
        }
    }

    /// Whether the beam passed the fixed `azimuth` (rad) during (t0, t1].
    pub fn swept(&self, t0: f64, t1: f64, azimuth: f64) -> bool {
        let Some(f) = self.fraction(azimuth) else {
            return false;
        };
        let sweep = self.sweep_time();
        // First pass after t0: phase + sweep·(k + f) > t0.
        let k = ((t0 - self.phase()) / sweep - f).floor() + 1.0;
        self.phase() + sweep * (k + f) <= t1
    }

    /// Index of the sweep under way at time `t`.
    pub fn sweep_index(&self, t: f64) -> i64 {
        ((t - self.phase()) / self.sweep_time()).floor() as i64
    }

    /// The times in (t0, t1] at which the beam passes a target whose azimuth at time t
    /// is `azimuth(t)` (`None` when the target does not exist then), appended to `out`
    /// in increasing order.
    pub fn passes(
        &self,
        t0: f64,
        t1: f64,
        azimuth: impl Fn(f64) -> Option<f64>,
        out: &mut Vec<f64>,
    ) {
        let sweep = self.sweep_time();
        let phase = self.phase();
        let first = self.sweep_index(t0);
        let last = self.sweep_index(t1);
        for k in first..=last {
            let start = phase + sweep * k as f64;
            // Solve t = g(t) = start + sweep·fraction(az(t)): one fixed-point step, then
            // secant steps on F(t) = g(t) − t (the contraction factor is the target's
            // angular rate over the beam's, so this converges in a few steps).
            let g = |t: f64| -> Option<f64> {
                let az = azimuth(t)?;
                self.fraction(az).map(|f| start + sweep * f)
            };
            let Some(first_az) = azimuth(start.max(t0).min(t1)) else {
                continue;
            };
            let Some(f) = self.fraction(first_az) else {
                continue;
            };
            let mut ta = start + sweep * f;
            let Some(ga) = g(ta) else {
                continue;
            };
            let mut fa = ga - ta;
            let mut tb = ga;
            let mut t = tb;
            let mut ok = true;
            for _ in 0..12 {
                let Some(gb) = g(tb) else {
                    ok = false;
                    break;
                };
                let fb = gb - tb;
                if fb.abs() < 1e-9 {
                    t = tb;
                    break;
                }
                let next = if (fb - fa).abs() > 0.0 {
                    tb - fb * (tb - ta) / (fb - fa)
                } else {
                    gb
                };
                // Stay inside the sweep; fall back to a plain fixed-point step.
                let next = if next >= start && next <= start + sweep {
                    next
                } else {
                    gb
                };
                ta = tb;
                fa = fb;
                tb = next;
                t = tb;
            }
            if ok && t > t0 && t <= t1 {
                out.push(t);
            }
        }
    }
}

/// A pool of `capacity` channels (track or missile-guidance) held by integer owners
/// (track or missile ids). Deterministic: owners are kept in acquisition order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChannelPool {
    capacity: usize,
    held: Vec<usize>,
}

impl ChannelPool {
    /// A pool of `capacity` channels.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            held: Vec::new(),
        }
    }

    /// Takes a channel for `owner`; true if it has one (already held or newly taken),
    /// false when all are busy.
    pub fn acquire(&mut self, owner: usize) -> bool {
        if self.held.contains(&owner) {
            return true;
        }
        if self.held.len() >= self.capacity {
            return false;
        }
        self.held.push(owner);
        true
    }

    /// Frees `owner`'s channel (no effect if it holds none).
    pub fn release(&mut self, owner: usize) {
        self.held.retain(|&o| o != owner);
    }

    /// Whether `owner` holds a channel.
    pub fn holds(&self, owner: usize) -> bool {
        self.held.contains(&owner)
    }

    /// Channels in use.
    pub fn in_use(&self) -> usize {
        self.held.len()
    }

    /// Total channels.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Current owners, in acquisition order.
    pub fn owners(&self) -> &[usize] {
        &self.held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotating_pass_of_a_fixed_target() {
        let s = ScanPattern::Rotating {
            period: 10.0,
            phase: 0.0,
        };
        let mut out = Vec::new();
        // Target due east: beam passes at 2.5 s, 12.5 s, ...
        s.passes(0.0, 25.0, |_| Some(std::f64::consts::FRAC_PI_2), &mut out);
        assert_eq!(out.len(), 3);
        assert!((out[0] - 2.5).abs() < 1e-12 && (out[2] - 22.5).abs() < 1e-12);
        // Step boundaries split the same passes exactly once.
        let mut split = Vec::new();
        for i in 0..50 {
            let t0 = 0.5 * f64::from(i);
            s.passes(
                t0,
                t0 + 0.5,
                |_| Some(std::f64::consts::FRAC_PI_2),
                &mut split,
            );
        }
        assert_eq!(split, out);
    }

    #[test]
    fn rotating_pass_of_a_moving_target() {
        let s = ScanPattern::Rotating {
            period: 10.0,
            phase: 0.0,
        };
        // Azimuth moving 1°/s from 90°.
        let az = |t: f64| Some((90.0 + t).to_radians());
        let mut out = Vec::new();
        s.passes(0.0, 10.0, az, &mut out);
        assert_eq!(out.len(), 1);
        let t = out[0];
        assert!((s.beam_azimuth(t) - az(t).unwrap()).abs() < 1e-9);
    }

    #[test]
    fn sector_contains_and_passes() {
        let s = ScanPattern::Sector {
            centre: 0.0,
            width: 90f64.to_radians(),
            frame_time: 2.0,
            phase: 0.0,
        };
        assert!(s.contains(40f64.to_radians()) && s.contains(320f64.to_radians()));
        assert!(!s.contains(50f64.to_radians()) && !s.contains(180f64.to_radians()));
        let mut out = Vec::new();
        s.passes(0.0, 4.0, |_| Some(0.0), &mut out);
        assert_eq!(out.len(), 2);
        assert!((out[0] - 1.0).abs() < 1e-12 && (out[1] - 3.0).abs() < 1e-12);
        let mut none = Vec::new();
        s.passes(0.0, 4.0, |_| Some(std::f64::consts::PI), &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn channels_are_limited() {
        let mut p = ChannelPool::new(2);
        assert!(p.acquire(7) && p.acquire(3) && p.acquire(7));
        assert!(!p.acquire(9));
        p.release(7);
        assert!(p.acquire(9));
        assert_eq!(p.owners(), &[3, 9]);
    }
}
