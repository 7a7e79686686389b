//! Scoring a track picture against the truth: OSPA and GOSPA at each decision time, track
//! quality (false tracks, fragmentation) and position error over the run
//! (`iadsim_track::metrics`, checked there against published OSPA/GOSPA examples).
//!
//! Truth enters here only, for scoring; the pictures scored never see it.

use iadsim_track::metrics::Scorer;
use nalgebra::Vector3;

/// The scorers of one picture (a battalion's, or the regiment command post's): OSPA /
/// GOSPA with cut-off c = 5 km and c = 1 km, order p = 1.
#[derive(Debug)]
pub struct PictureScorer {
    c5km: Scorer,
    c1km: Scorer,
}

impl Default for PictureScorer {
    fn default() -> Self {
        Self {
            c5km: Scorer::new(5_000.0, 1.0),
            c1km: Scorer::new(1_000.0, 1.0),
        }
    }
}

impl PictureScorer {
    /// Scores one sample `scan`: the threats in flight `truth` against the confirmed
    /// tracks' estimates `estimates` (`(id, ECEF position m)` each). A sample with
    /// neither is not a sample.
    pub fn add(
        &mut self,
        scan: i64,
        truth: &[(u64, Vector3<f64>)],
        estimates: &[(u64, Vector3<f64>)],
    ) {
        if !truth.is_empty() || !estimates.is_empty() {
            self.c5km.add_scan(scan, truth, estimates);
            self.c1km.add_scan(scan, truth, estimates);
        }
    }
}

/// A picture's accuracy against truth over the run (see
/// [`super::summary::TrackSummary`] for each figure).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Accuracy {
    /// Mean OSPA, c = 5 km, m.
    pub ospa_mean_m: f64,
    /// Mean OSPA, c = 1 km, m.
    pub ospa_mean_c1km_m: f64,
    /// Mean GOSPA, c = 5 km, m.
    pub gospa_mean_m: f64,
    /// Samples behind the means.
    pub scored_samples: u32,
    /// Tracks matched in fewer than half their samples.
    pub false_tracks: u32,
    /// Track ids attributed to the same threat beyond the first.
    pub fragmentations: u32,
    /// RMS position error of matched tracks, m.
    pub position_error_rms_m: f64,
}

/// Scores the pictures behind `scorers` together: means over every sample of every
/// picture, counts summed.
pub fn accuracy(scorers: &[PictureScorer]) -> Accuracy {
    let mut summary = Accuracy::default();
    let (mut ospa, mut ospa1, mut gospa, mut samples) = (0.0, 0.0, 0.0, 0usize);
    let (mut sq, mut matched) = (0.0, 0usize);
    for s in scorers {
        let s5 = s.c5km.finish();
        let s1 = s.c1km.finish();
        for (a, b) in s5.per_scan.iter().zip(&s1.per_scan) {
            ospa += a.ospa;
            gospa += a.gospa;
            ospa1 += b.ospa;
        }
        samples += s5.per_scan.len();
        summary.false_tracks += s5.quality.false_tracks as u32;
        summary.fragmentations += s5.quality.fragmentations as u32;
        let m: usize = s5.per_scan.iter().map(|x| x.n_truth - x.missed).sum();
        if s5.rms_pos_err_matched.is_finite() && m > 0 {
            sq += s5.rms_pos_err_matched.powi(2) * m as f64;
            matched += m;
        }
    }
    if samples > 0 {
        let k = samples as f64;
        summary.ospa_mean_m = ospa / k;
        summary.ospa_mean_c1km_m = ospa1 / k;
        summary.gospa_mean_m = gospa / k;
    }
    summary.scored_samples = samples as u32;
    if matched > 0 {
        summary.position_error_rms_m = (sq / matched as f64).sqrt();
    }
    summary
}
