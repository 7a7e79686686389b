//! Deleters: when a confirmed (or coasting) track is dropped.
//!
//! Tentative tracks are dropped by their initiator's M-of-N rule instead.

use crate::state::Estimate;
use crate::tracker::Track;

/// Decides whether a confirmed track is deleted (checked after every batch that looked at
/// the track, and after the one that confirmed it).
///
/// The answer must depend on the track alone (a pure function of its fields): the tracker
/// does not ask again about a track it kept that no batch has changed since.
pub trait Deleter: Send {
    /// True to delete `track`.
    fn delete<S: Estimate>(&self, track: &Track<S>) -> bool;
}

/// Deletes a track after `max_misses` consecutive looks without an update; a young track
/// (fewer than `young_hits` hits) already after `young_max_misses` (set
/// `young_hits = 0` to treat all tracks alike). Young tracks are where false tracks are:
/// dropping them sooner shortens the life of a false track without cutting real tracks
/// that have proven themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissDeleter {
    /// Consecutive misses that delete a track.
    pub max_misses: u32,
    /// Hits below which a track counts as young.
    pub young_hits: u32,
    /// Consecutive misses that delete a young track.
    pub young_max_misses: u32,
}

impl MissDeleter {
    /// Deletes every track after `max_misses` consecutive misses.
    pub fn new(max_misses: u32) -> Self {
        Self {
            max_misses,
            young_hits: 0,
            young_max_misses: max_misses,
        }
    }
}

impl Deleter for MissDeleter {
    fn delete<S: Estimate>(&self, track: &Track<S>) -> bool {
        let limit = if track.hits < self.young_hits {
            self.young_max_misses
        } else {
            self.max_misses
        };
        track.consecutive_misses >= limit
    }
}

/// Deletes a track whose position uncertainty has grown too large: largest standard
/// deviation (square root of the largest eigenvalue of the position covariance) above
/// `max_position_sigma` m.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CovarianceDeleter {
    /// Largest allowed position standard deviation, m.
    pub max_position_sigma: f64,
}

impl Deleter for CovarianceDeleter {
    fn delete<S: Estimate>(&self, track: &Track<S>) -> bool {
        let c = track.state.position_covariance();
        let sigma = max_eigenvalue_sym3(&c).max(0.0).sqrt();
        // NaN counts as too large
        sigma.is_nan() || sigma > self.max_position_sigma
    }
}

/// Deletes a track not updated for longer than `max_coast` s (its time is the latest batch
/// time). With sensors that look at a target only now and then (a rotating radar), this
/// keys deletion to the revisit period instead of to the number of batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoastTimeDeleter {
    /// Longest time without an update, s.
    pub max_coast: f64,
}

impl Deleter for CoastTimeDeleter {
    fn delete<S: Estimate>(&self, track: &Track<S>) -> bool {
        track.time - track.last_update > self.max_coast
    }
}

/// Deletes when either deleter says so.
impl<A: Deleter, B: Deleter> Deleter for (A, B) {
    fn delete<S: Estimate>(&self, track: &Track<S>) -> bool {
        self.0.delete(track) || self.1.delete(track)
    }
}

/// Largest eigenvalue of a symmetric 3×3 matrix (closed form, Smith 1961).
pub fn max_eigenvalue_sym3(a: &nalgebra::Matrix3<f64>) -> f64 {
    let p1 = a[(0, 1)].powi(2) + a[(0, 2)].powi(2) + a[(1, 2)].powi(2);
    let q = a.trace() / 3.0;
    if p1 <= 1e-30 * q.abs().max(1e-300) {
        return a[(0, 0)].max(a[(1, 1)]).max(a[(2, 2)]);
    }
    let p2 = (a[(0, 0)] - q).powi(2) + (a[(1, 1)] - q).powi(2) + (a[(2, 2)] - q).powi(2) + 2.0 * p1;
    let p = (p2 / 6.0).sqrt();
    let b = (a - nalgebra::Matrix3::identity() * q) / p;
    let r = (b.determinant() / 2.0).clamp(-1.0, 1.0);
    let phi = r.acos() / 3.0;
    q + 2.0 * p * phi.cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_eigenvalue_matches_nalgebra() {
        let m = nalgebra::Matrix3::new(4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 9.0);
        let want = m.symmetric_eigenvalues().max();
        assert!((max_eigenvalue_sym3(&m) - want).abs() < 1e-9);
        let d = nalgebra::Matrix3::from_diagonal(&nalgebra::Vector3::new(1.0, 7.0, 2.0));
        assert_eq!(max_eigenvalue_sym3(&d), 7.0);
    }
}
