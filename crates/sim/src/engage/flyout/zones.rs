//! The engagement zones of a flyout table for plotting: at each table height, the
//! nearest and farthest ground ranges at which the reference aircraft and the reference
//! ballistic target can be intercepted ([`EnvelopePlot`], drawn by `iadsim-io`).

use nalgebra::Vector3;

use super::envelope::EnvelopeTable;
use super::geometry::{
    REFERENCE_AIRCRAFT_SPEED, REFERENCE_BALLISTIC_GAMMA, REFERENCE_BALLISTIC_SPEED, point_at,
    reference_site,
};

/// One height of an envelope's boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boundary {
    /// Height, m.
    pub height: f64,
    /// Nearest feasible ground range, m.
    pub min_range: f64,
    /// Farthest feasible ground range, m.
    pub max_range: f64,
}

/// Data for an envelope plot (see [`EnvelopeTable::plot_data`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopePlot {
    /// Missile type.
    pub type_name: String,
    /// Against the reference aircraft.
    pub aircraft: Vec<Boundary>,
    /// Against the reference ballistic target.
    pub ballistic: Vec<Boundary>,
}

impl EnvelopeTable {
    /// Envelope boundaries for plotting: for each table height, the nearest and farthest
    /// ground ranges at which the reference aircraft (inbound, level, 250 m/s) and the
    /// reference ballistic target (inbound, 3.016 km/s at −42.8°) can be intercepted.
    pub fn plot_data(&self) -> EnvelopePlot {
        let site = reference_site();
        let l = site.to_ecef().0;
        let mut aircraft = Vec::new();
        let mut ballistic = Vec::new();
        for (i, &h) in self.heights.iter().enumerate() {
            let mut a_rng: Option<(f64, f64)> = None;
            let mut b_rng: Option<(f64, f64)> = None;
            for (j, &r) in self.ranges.iter().enumerate() {
                let Some(c) = self.cell(i, j) else { continue };
                let p = point_at(&site, 0.0, r.max(1.0), h);
                let up = p.normalize();
                let toward = {
                    let d = l - p;
                    let hz = d - up * d.dot(&up);
                    if hz.norm() > 1e-6 {
                        hz.normalize()
                    } else {
                        Vector3::zeros()
                    }
                };
                let va = toward * REFERENCE_AIRCRAFT_SPEED;
                let (gs, gc) = REFERENCE_BALLISTIC_GAMMA.sin_cos();
                let vb = (toward * gc + up * gs) * REFERENCE_BALLISTIC_SPEED;
                let widen = |x: &mut Option<(f64, f64)>| {
                    *x = Some(match *x {
                        None => (r, r),
                        Some((lo, hi)) => (lo.min(r), hi.max(r)),
                    });
                };
                if self.feasible_at(&l, &p, c, &va).0 {
                    widen(&mut a_rng);
                }
                if self.feasible_at(&l, &p, c, &vb).0 {
                    widen(&mut b_rng);
                }
            }
            if let Some((lo, hi)) = a_rng {
                aircraft.push(Boundary {
                    height: h,
                    min_range: lo,
                    max_range: hi,
                });
            }
            if let Some((lo, hi)) = b_rng {
                ballistic.push(Boundary {
                    height: h,
                    min_range: lo,
                    max_range: hi,
                });
            }
        }
        EnvelopePlot {
            type_name: self.airframe.type_name.clone(),
            aircraft,
            ballistic,
        }
    }
}
