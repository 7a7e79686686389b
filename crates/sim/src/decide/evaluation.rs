//! Threat evaluation: what a track will do to which asset, and how soon.
//!
//! From the track alone (never the truth): the class from its kinematics
//! ([`classify`](super::classify)); the predicted impact point of a ballistic track
//! (free fall under constant gravity along the local vertical from its current state,
//! a flat-Earth approximation good to a few percent over the last 100 s of flight); the
//! closest approach of a straight-line extrapolation to each asset otherwise. The score
//! is asset value × the probability the threat destroys the asset, with that probability
//! 1 inside the asset's radius (widened by a stand-off release range for aircraft) and
//! falling as a Gaussian beyond it with a spread that grows with distance, because the
//! prediction is worse the farther out it is made. Threats are ranked by
//! [`ThreatAssessment::priority`], the score discounted by time to go.

use iadsim_core::{Ecef, wgs84};
use nalgebra::Vector3;

use super::manager::{AssetView, RankedThreat};
use crate::track::tracker::Track;
use iadsim_setup::ThreatClass;

/// Aircraft release stand-off weapons: they threaten an asset from this far, m.
pub const AIRCRAFT_STANDOFF: f64 = 30_000.0;

/// Time to go at which a threat's priority is half its score, s.
pub const URGENCY_HORIZON: f64 = 300.0;

/// Relative spread of a predicted miss distance per metre of distance to go.
const PREDICTION_SPREAD: f64 = 0.05;

/// The command post's judgement of one track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThreatAssessment {
    /// Class from kinematics.
    pub class: ThreatClass,
    /// Asset value × probability of destroying it, for the most threatened asset.
    pub score: f64,
    /// Time to impact (ballistic) or to closest approach of that asset, s.
    pub time_to_go: f64,
    /// That asset, if the track threatens any.
    pub asset: Option<usize>,
    /// Predicted miss distance from that asset's centre, m.
    pub predicted_miss: f64,
}

impl ThreatAssessment {
    /// Sort key of the ranking and value given to the assignment: the score discounted
    /// by time to go, score / (1 + time_to_go / [`URGENCY_HORIZON`]) — value at risk,
    /// sooner first.
    pub fn priority(&self) -> f64 {
        self.score / (1.0 + self.time_to_go.max(0.0) / URGENCY_HORIZON)
    }

    /// This assessment as a ranking row, its priority multiplied by the doctrine's
    /// class `weight`.
    pub fn ranked(&self, battalion: usize, track: u64, weight: f64) -> RankedThreat {
        RankedThreat {
            battalion,
            track,
            class: self.class,
            score: self.score,
            priority: weight * self.priority(),
            time_to_go: self.time_to_go,
            asset: self.asset,
        }
    }
}

/// Kinematic classification of a track, as the first model does it.
pub fn classify(track: &Track) -> ThreatClass {
    let speed = track.velocity().norm();
    let height = track.position().to_geodetic().height;
    if speed > 1_000.0 || height > 30_000.0 {
        ThreatClass::BallisticMissile
    } else if speed < 350.0 && height < 1_000.0 {
        ThreatClass::CruiseMissile
    } else {
        ThreatClass::Aircraft
    }
}

/// Evaluates `track` against `assets`.
pub fn evaluate(track: &Track, assets: &[AssetView]) -> ThreatAssessment {
    let class = classify(track);
    let p = track.position().0;
    let v = track.velocity().0;
    let mut best = ThreatAssessment {
        class,
        score: 0.0,
        time_to_go: f64::INFINITY,
        asset: None,
        predicted_miss: f64::INFINITY,
    };
    let impact = (class == ThreatClass::BallisticMissile).then(|| ballistic_impact(&p, &v));
    for (a, asset) in assets.iter().enumerate() {
        let (miss, time_to_go, to_go_distance) = match impact {
            Some((point, t)) => ((point - asset.position.0).norm(), t, (p - point).norm()),
            None => {
                let rel = asset.position.0 - p;
                let vv = v.norm_squared();
                let t = if vv > 0.0 {
                    (rel.dot(&v) / vv).max(0.0)
                } else {
                    0.0
                };
                ((p + v * t - asset.position.0).norm(), t, rel.norm())
            }
        };
        let reach = asset.radius
            + if class == ThreatClass::Aircraft {
                AIRCRAFT_STANDOFF
            } else {
                0.0
            };
        let spread = asset.radius.max(PREDICTION_SPREAD * to_go_distance);
        let excess = (miss - reach).max(0.0);
        let p_destroy = (-0.5 * (excess / spread).powi(2)).exp();
        let score = asset.value * p_destroy;
        if score > best.score || (score == best.score && best.asset.is_none() && score > 0.0) {
            best = ThreatAssessment {
                class,
                score,
                time_to_go,
                asset: Some(a),
                predicted_miss: miss,
            };
        }
    }
    best
}

/// Free fall from (p, v) under g along the local vertical until the height is zero:
/// the impact point (ECEF, m) and the time to it (s).
fn ballistic_impact(p: &Vector3<f64>, v: &Vector3<f64>) -> (Vector3<f64>, f64) {
    let here = Ecef(*p).to_geodetic();
    let (sl, cl) = here.lat.sin_cos();
    let (so, co) = here.lon.sin_cos();
    let up = Vector3::new(cl * co, cl * so, sl);
    let height = here.height.max(0.0);
    let climb = v.dot(&up);
    let g = wgs84::G0;
    let t = (climb + (climb * climb + 2.0 * g * height).sqrt()) / g;
    (p + v * t - up * (0.5 * g * t * t), t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tracker::TrackStatus;
    use iadsim_core::{Enu, Geodetic, LocalFrame};
    use nalgebra::{Matrix6, Vector6};

    fn track_at(frame: &LocalFrame, pos: Enu, vel: Enu) -> Track {
        let p = frame.position_to_ecef(&pos).0;
        let v = frame.vector_to_ecef(&vel).0;
        Track {
            id: 1,
            status: TrackStatus::Confirmed,
            time: 0.0,
            state: Vector6::new(p.x, p.y, p.z, v.x, v.y, v.z),
            covariance: Matrix6::identity(),
            hits: 3,
            last_update: 0.0,
        }
    }

    #[test]
    fn inbound_cruise_missile_outranks_one_flying_past() {
        let origin = Geodetic::from_degrees(48.0, 67.0, 0.0);
        let frame = LocalFrame::new(origin);
        let assets = [AssetView {
            position: origin.to_ecef(),
            value: 10.0,
            radius: 5_000.0,
        }];
        // 60 km west at 50 m, heading straight for the asset at 245 m/s.
        let inbound = track_at(
            &frame,
            Enu::new(-60_000.0, 0.0, 50.0),
            Enu::new(245.0, 0.0, 0.0),
        );
        let e = evaluate(&inbound, &assets);
        assert_eq!(e.class, ThreatClass::CruiseMissile);
        assert!((e.score - 10.0).abs() < 1e-9);
        assert!((e.time_to_go - 60_000.0 / 245.0).abs() < 1.0);
        // Same speed, passing 40 km north: closest approach 40 km, spread 0.05·60 km = 3 km.
        let past = track_at(
            &frame,
            Enu::new(-60_000.0, 40_000.0, 50.0),
            Enu::new(245.0, 0.0, 0.0),
        );
        let e2 = evaluate(&past, &assets);
        assert!(e2.score < 1e-6 * e.score, "score {}", e2.score);
        assert!((e2.predicted_miss - 40_000.0).abs() < 200.0);
    }

    #[test]
    fn ballistic_impact_point_matches_free_fall() {
        let origin = Geodetic::from_degrees(48.0, 67.0, 0.0);
        let frame = LocalFrame::new(origin);
        // 20 km up, 20 km west, moving east 1 km/s and down 1 km/s: free fall lands
        // t = (−1000 + √(1000² + 2·g·20 000))/g ≈ 17.9 s later, ≈ 17.9 km further east.
        let t_expected =
            (-1_000.0 + (1_000.0f64.powi(2) + 2.0 * wgs84::G0 * 20_000.0).sqrt()) / wgs84::G0;
        let track = track_at(
            &frame,
            Enu::new(-20_000.0, 0.0, 20_000.0),
            Enu::new(1_000.0, 0.0, -1_000.0),
        );
        let assets = [AssetView {
            position: origin.to_ecef(),
            value: 1.0,
            radius: 3_000.0,
        }];
        let e = evaluate(&track, &assets);
        assert_eq!(e.class, ThreatClass::BallisticMissile);
        assert!(
            (e.time_to_go - t_expected).abs() < 0.5,
            "{} vs {t_expected}",
            e.time_to_go
        );
        let expected_miss = (-20_000.0 + 1_000.0 * t_expected).abs();
        assert!(
            (e.predicted_miss - expected_miss).abs() < 600.0,
            "{}",
            e.predicted_miss
        );
        assert!(e.score > 0.99);
    }
}
