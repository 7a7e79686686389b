//! The engagement radar's sector ([`Sector`]): where its face points, how wide it sees,
//! and the slew that turns it to a new centre at a finite rate ([`Slew`]).

use std::f64::consts::TAU;

use crate::sense::dwell::angle_difference;

/// A turn of the antenna from one sector centre to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slew {
    /// Centre before, rad clockwise from north.
    pub from: f64,
    /// Centre after, rad clockwise from north.
    pub to: f64,
    /// Start, s.
    pub start: f64,
    /// End, s: |to − from| / slew rate after the start.
    pub end: f64,
}

/// The sector an engagement radar searches and tracks in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sector {
    /// Centre, rad clockwise from north (the new centre while a slew is under way).
    pub centre: f64,
    /// Width, rad, in (0, 2π].
    pub width: f64,
    /// Slew rate, rad/s (0: the sector cannot move).
    pub slew_rate: f64,
    /// The slew under way or last made.
    pub slew: Option<Slew>,
}

impl Sector {
    /// A sector at `centre`, `width` wide (rad), turning at `slew_rate` (rad/s).
    pub fn new(centre: f64, width: f64, slew_rate: f64) -> Self {
        Self {
            centre: centre.rem_euclid(TAU),
            width,
            slew_rate,
            slew: None,
        }
    }

    /// Whether the antenna is turning at `t` s (it then neither searches nor tracks).
    pub fn slewing(&self, t: f64) -> bool {
        self.slew.is_some_and(|s| t >= s.start && t < s.end)
    }

    /// Whether the sector covers `azimuth` (rad): inside it, whatever the time.
    pub fn covers(&self, azimuth: f64) -> bool {
        self.width >= TAU || angle_difference(self.centre, azimuth).abs() <= 0.5 * self.width
    }

    /// Whether the radar can look at `azimuth` at `t` s: covered, and not turning then.
    pub fn sees(&self, azimuth: f64, t: f64) -> bool {
        !self.slewing(t) && self.covers(azimuth)
    }

    /// Starts turning at `now` s to centre `to` (rad). `None` (no slew) when the sector
    /// cannot move, is turning already, or is there within a milliradian.
    pub fn slew_to(&mut self, to: f64, now: f64) -> Option<Slew> {
        let turn = angle_difference(self.centre, to);
        if self.slew_rate <= 0.0 || self.slewing(now) || turn.abs() < 1e-3 {
            return None;
        }
        let slew = Slew {
            from: self.centre,
            to: to.rem_euclid(TAU),
            start: now,
            end: now + turn.abs() / self.slew_rate,
        };
        self.centre = slew.to;
        self.slew = Some(slew);
        Some(slew)
    }

    /// The centre that brings `azimuth` (rad) inside the sector with `margin` (rad) to
    /// spare, turning as little as possible; the current centre when it is inside already.
    pub fn centre_to_cover(&self, azimuth: f64, margin: f64) -> f64 {
        let off = angle_difference(self.centre, azimuth);
        let reach = (0.5 * self.width - margin).max(0.0);
        if off.abs() <= reach {
            return self.centre;
        }
        (self.centre + off - off.signum() * reach).rem_euclid(TAU)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slew_takes_the_turn_over_the_rate_and_blinds_the_radar_meanwhile() {
        let deg = f64::to_radians;
        let mut s = Sector::new(deg(0.0), deg(90.0), deg(10.0));
        assert!(s.covers(deg(44.0)) && s.covers(deg(316.0)) && !s.covers(deg(46.0)));
        // West is 90° away the short way round: 9 s.
        let slew = s.slew_to(deg(270.0), 100.0).unwrap();
        assert!((slew.end - 109.0).abs() < 1e-9, "{slew:?}");
        assert!(s.slewing(100.0) && s.slewing(108.9) && !s.slewing(109.0));
        assert!(!s.sees(deg(270.0), 105.0) && s.sees(deg(270.0), 109.0));
        assert!(s.slew_to(deg(0.0), 105.0).is_none());
        // Covering 330° with 10° to spare: turn until the edge is 10° past it.
        let c = s.centre_to_cover(deg(330.0), deg(10.0));
        assert!((c - deg(295.0)).abs() < 1e-12, "{}", c.to_degrees());
        assert_eq!(s.centre_to_cover(deg(280.0), deg(10.0)), s.centre);
        assert!(Sector::new(0.0, deg(90.0), 0.0).slew_to(1.0, 0.0).is_none());
    }
}
