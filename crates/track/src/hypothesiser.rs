//! Hypothesiser: which detections may belong to which track (chi-square gating), found
//! through a spatial index so that the work grows with the detections near each track.
//!
//! For each track the predicted position covariance plus the sensor's measurement noise
//! (converted to Cartesian at the predicted measurement) gives an ellipsoid whose
//! axis-aligned bounding box, scaled to the gate, is queried in a [`KdTree`] of the batch's
//! detections (converted to tracker-frame Cartesian positions). Candidates inside the box
//! are then tested exactly in measurement space: `d² = νᵀ S⁻¹ ν < γ`.

use nalgebra::{Matrix3, SVector, Vector3};

use crate::chi2::chi2_quantile;
use crate::filter::Innovation;
use crate::spatial::KdTree;

/// A gated track–detection pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hypothesis {
    /// Index of the track in the list handed to the hypothesiser.
    pub track: u32,
    /// Index of the detection in the batch.
    pub detection: u32,
    /// Squared Mahalanobis distance of the innovation.
    pub distance2: f64,
    /// `ln N(z; ẑ, S)` (mixture likelihood for an IMM).
    pub log_likelihood: f64,
}

/// What the hypothesiser needs of one track.
#[derive(Debug)]
pub struct GateInput<'a, P> {
    /// The track's measurement prediction.
    pub prediction: &'a P,
    /// Predicted position in the tracker frame, m.
    pub position: Vector3<f64>,
    /// Predicted position covariance plus the measurement noise in Cartesian form, m²
    /// (tracker axes): the box that is searched is `±√(γ Cᵢᵢ)` around `position`.
    pub search_covariance: Matrix3<f64>,
}

/// Chi-square gate with a spatial index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistanceHypothesiser {
    /// Gate threshold `γ` on the squared Mahalanobis distance.
    pub gate: f64,
    /// Factor applied to the search box half-widths (covers the polar-to-Cartesian
    /// linearisation error); ≥ 1.
    pub box_margin: f64,
}

impl DistanceHypothesiser {
    /// A gate holding the true detection with probability `p_gate` for an
    /// `m`-dimensional measurement (`γ` = chi-square quantile).
    pub fn with_probability(p_gate: f64, m: usize) -> Self {
        Self {
            gate: chi2_quantile(p_gate, m),
            box_margin: 1.2,
        }
    }

    /// A gate at squared Mahalanobis distance `gate`.
    pub fn with_threshold(gate: f64) -> Self {
        Self {
            gate,
            box_margin: 1.2,
        }
    }

    /// Appends to `out` every gated pair between `tracks` and `detections` (whose
    /// tracker-frame positions are indexed in `index` with payload = detection index).
    /// Pairs come out grouped by track, detections ascending within a track.
    pub fn hypothesise<const M: usize, P: Innovation<M>>(
        &self,
        tracks: &[GateInput<'_, P>],
        detections: &[SVector<f64, M>],
        index: &KdTree,
        out: &mut Vec<Hypothesis>,
    ) {
        let mut cand: Vec<u32> = Vec::new();
        for (ti, t) in tracks.iter().enumerate() {
            let c = &t.search_covariance;
            let mut lo = [0.0; 3];
            let mut hi = [0.0; 3];
            for a in 0..3 {
                let h = (self.gate * c[(a, a)].max(0.0)).sqrt() * self.box_margin + 1.0;
                lo[a] = t.position[a] - h;
                hi[a] = t.position[a] + h;
            }
            cand.clear();
            index.query_box(&lo, &hi, &mut |id, _| cand.push(id));
            cand.sort_unstable();
            for &j in &cand {
                let z = &detections[j as usize];
                let d2 = t.prediction.mahalanobis2(z);
                if d2 < self.gate {
                    out.push(Hypothesis {
                        track: ti as u32,
                        detection: j,
                        distance2: d2,
                        log_likelihood: t.prediction.log_likelihood(z),
                    });
                }
            }
        }
    }
}
