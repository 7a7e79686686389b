//! Ballistic flight between two points under point-mass gravity, without drag, over a
//! non-rotating Earth: the range angle of the arc, the minimum-energy flight-path angle,
//! and the burnout speed a given flight-path angle needs.
//!
//! The polar conic equation (Bate, Mueller & White, *Fundamentals of Astrodynamics*,
//! 1971, ch. 6) 1/r(θ) = μ(1 − cos θ)/h² + cos(θ + γ)/(r₁ cos γ), with h = r₁ v cos γ,
//! evaluated at the impact, r(ψ) = r₂, gives the burnout speed for a flight-path angle γ:
//!
//! v² = μ (1 − cos ψ) / (r₁ cos γ · (r₁ cos γ / r₂ − cos(ψ + γ))),
//!
//! and the angle that needs the least speed, tan 2γ = sin ψ / (r₁/r₂ − cos ψ), which is
//! (π − ψ)/4 when r₁ = r₂. Launch and impact may lie at different distances from the
//! Earth's centre (points on the WGS-84 ellipsoid): [`Arc::between`] measures ψ, r₁ and
//! r₂ from their ECEF positions; [`Arc::spherical`] is the textbook problem on a sphere
//! of [`wgs84::MEAN_RADIUS`], whose minimum-energy table (300, 1,000, 3,000 km: burnout
//! speed 1.696, 3.016, 4.865 km/s at 44.3°, 42.8°, 38.3°) the tests reproduce.
//!
//! γ is measured from the plane normal to the launch position vector (the local
//! horizontal of the sphere through the launch point); μ is [`wgs84::GM`].

use nalgebra::Vector3;

use crate::frames::Ecef;
use crate::wgs84;

/// Why two points do not define a ballistic arc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArcError {
    /// The points coincide or are exactly antipodal.
    #[error("launch and impact are the same point or antipodal: the plane of flight is undefined")]
    Undefined,
    /// The points are so nearly antipodal that the plane of flight is ill-determined.
    #[error("launch and impact are nearly antipodal")]
    NearlyAntipodal,
}

/// The geometry of a ballistic arc from a launch point to an impact point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arc {
    /// Distance of the launch point from the Earth's centre, m.
    pub r1: f64,
    /// Distance of the impact point from the Earth's centre, m.
    pub r2: f64,
    /// Unit vector from the Earth's centre to the launch point (ECEF axes).
    pub e1: Vector3<f64>,
    /// Unit vector in the plane of flight, 90° downrange of `e1` (ECEF axes).
    pub e2: Vector3<f64>,
    /// Range angle: the angle at the Earth's centre between launch and impact, rad.
    pub psi: f64,
}

impl Arc {
    /// The arc from `launch` to `impact` (ECEF positions, m).
    pub fn between(launch: &Ecef, impact: &Ecef) -> Result<Arc, ArcError> {
        let (r1v, r2v) = (launch.0, impact.0);
        let (r1, r2) = (r1v.norm(), r2v.norm());
        let e1 = r1v / r1;
        let u2 = r2v / r2;
        let across = u2 - e1 * u2.dot(&e1);
        if across.norm() < 1e-9 {
            return Err(ArcError::Undefined);
        }
        let e2 = across.normalize();
        let psi = u2.dot(&e2).atan2(u2.dot(&e1));
        if u2.dot(&e1) < -0.999_999 {
            return Err(ArcError::NearlyAntipodal);
        }
        Ok(Arc {
            r1,
            r2,
            e1,
            e2,
            psi,
        })
    }

    /// The arc of ground range `range` (m) on a sphere of [`wgs84::MEAN_RADIUS`], in the
    /// plane of the ECEF x and y axes.
    pub fn spherical(range: f64) -> Arc {
        let r = wgs84::MEAN_RADIUS;
        Arc {
            r1: r,
            r2: r,
            e1: Vector3::x(),
            e2: Vector3::y(),
            psi: range / r,
        }
    }

    /// The flight-path angle at burnout that needs the least speed, rad.
    pub fn minimum_energy_angle(&self) -> f64 {
        let rho = self.r1 / self.r2;
        0.5 * self.psi.sin().atan2(rho - self.psi.cos())
    }

    /// The burnout speed (m/s) that reaches the impact point with flight-path angle
    /// `gamma` (rad) at burnout; `None` when no conic through both points leaves at that
    /// angle (too flat).
    pub fn burnout_speed(&self, gamma: f64) -> Option<f64> {
        let rho = self.r1 / self.r2;
        // 1 − cos ψ = 2 sin²(ψ/2) keeps precision on short arcs.
        let one_minus_cos = 2.0 * (0.5 * self.psi).sin().powi(2);
        let denom = self.r1 * gamma.cos() * (rho * gamma.cos() - (self.psi + gamma).cos());
        if denom.is_nan() || denom <= 0.0 {
            return None;
        }
        Some((wgs84::GM * one_minus_cos / denom).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Geodetic;

    #[test]
    fn minimum_energy_table() {
        // Minimum-energy flights on a sphere: (range km, burnout speed km/s, angle deg).
        for (km, v, g) in [
            (300.0, 1.696, 44.3),
            (1000.0, 3.016, 42.8),
            (3000.0, 4.865, 38.3),
        ] {
            let arc = Arc::spherical(km * 1000.0);
            let gamma = arc.minimum_energy_angle();
            let got = arc.burnout_speed(gamma).unwrap() / 1000.0;
            assert!((got - v).abs() < 0.003, "{km} km: {got} vs {v}");
            assert!((gamma.to_degrees() - g).abs() < 0.05, "{km} km: {gamma}");
            // On a sphere the angle is (π − ψ)/4 and v² = (μ/R)·2 sin(ψ/2)/(1 + sin(ψ/2)).
            let psi = arc.psi;
            assert!((gamma - (std::f64::consts::PI - psi) / 4.0).abs() < 1e-12);
            let s = (psi / 2.0).sin();
            let closed = (wgs84::GM / wgs84::MEAN_RADIUS * 2.0 * s / (1.0 + s)).sqrt();
            assert!((got * 1000.0 - closed).abs() < 1e-6 * closed);
        }
    }

    #[test]
    fn other_angles_need_more_speed_and_flat_ones_none() {
        let arc = Arc::spherical(1.0e6);
        let g = arc.minimum_energy_angle();
        let v = arc.burnout_speed(g).unwrap();
        for d in [-0.3, -0.1, 0.1, 0.3] {
            assert!(arc.burnout_speed(g + d).unwrap() > v);
        }
        // Below the chord's angle −ψ/2 no ellipse leaves at that angle.
        assert!(arc.burnout_speed(-arc.psi).is_none());
    }

    #[test]
    fn arc_between_points_on_the_equator() {
        let a = Geodetic::from_degrees(0.0, 10.0, 0.0).to_ecef();
        let b = Geodetic::from_degrees(0.0, 19.0, 0.0).to_ecef();
        let arc = Arc::between(&a, &b).unwrap();
        assert!((arc.psi - 9f64.to_radians()).abs() < 1e-12);
        assert!((arc.r1 - wgs84::A).abs() < 1e-6 && (arc.r2 - wgs84::A).abs() < 1e-6);
        // Equal radii: the minimum-energy angle is (π − ψ)/4 again.
        let g = arc.minimum_energy_angle();
        assert!((g - (std::f64::consts::PI - arc.psi) / 4.0).abs() < 1e-12);
        assert_eq!(Arc::between(&a, &a), Err(ArcError::Undefined));
        let anti = Geodetic::from_degrees(0.0, -170.0 + 1e-4, 0.0).to_ecef();
        assert_eq!(Arc::between(&a, &anti), Err(ArcError::NearlyAntipodal));
    }
}
