//! Multi-target metrics: OSPA (Schuhmacher, Vo & Vo 2008), GOSPA with α = 2
//! (Rahmathullah, García-Fernández & Svensson 2017), and track-level counts
//! (false tracks, fragmentation, id switches).
//!
//! Distances are Euclidean between positions (m), cut off at `c`, of order `p`.
//!
//! * `OSPA = ((min_π Σ min(d, c)^p + c^p |m − n|) / max(m, n))^(1/p)`, 0 for two empty sets.
//! * `GOSPA = (Σ_matched d^p + c^p/2 · (missed + false))^(1/p)`, a truth–estimate pair
//!   counting as matched only when the optimal assignment pairs them at `d < c`.
//!
//! Both come from one optimal assignment. Pairs at `d ≥ c` cost as much as leaving both
//! ends unassigned, so only pairs with `d < c` matter: they are found with a k-d tree and
//! the assignment is solved sparsely ([`crate::assign`]), which keeps scoring 10,000
//! targets per scan cheap. This is the same definition as peerbench's `ospa.py`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use nalgebra::Vector3;

use crate::assign::{Edge, SparseAssignmentSolver};
use crate::spatial::KdTree;

/// OSPA and GOSPA between two point sets, with the optimal matching.
#[derive(Debug, Clone, PartialEq)]
pub struct SetDistance {
    /// OSPA, m.
    pub ospa: f64,
    /// GOSPA (α = 2): `(Σ d^p + c^p/2 · (missed + false))^(1/p)`.
    pub gospa: f64,
    /// `Σ d^p` over matched pairs.
    pub localisation: f64,
    /// Truths not matched at `d < c`.
    pub missed: usize,
    /// Estimates not matched at `d < c`.
    pub false_estimates: usize,
    /// Matched pairs `(truth index, estimate index, distance m)`.
    pub matched: Vec<(usize, usize, f64)>,
}

/// OSPA and GOSPA (α = 2) between `truth` and `estimates` with cut-off `c` (m) and order
/// `p ≥ 1`.
pub fn set_distance(
    truth: &[Vector3<f64>],
    estimates: &[Vector3<f64>],
    c: f64,
    p: f64,
) -> SetDistance {
    set_distance_with(&mut SetDistanceWork::default(), truth, estimates, c, p)
}

/// Reusable work space for [`set_distance_with`]: the assignment solver, the k-d tree
/// over the estimates, the candidate pairs and the non-assignment costs.
#[derive(Debug, Default)]
pub struct SetDistanceWork {
    solver: SparseAssignmentSolver,
    tree: KdTree,
    edges: Vec<Edge>,
    unassigned: (Vec<f64>, Vec<f64>),
}

/// [`set_distance`] reusing the buffers of `work`.
pub fn set_distance_with(
    work: &mut SetDistanceWork,
    truth: &[Vector3<f64>],
    estimates: &[Vector3<f64>],
    c: f64,
    p: f64,
) -> SetDistance {
    let (m, n) = (truth.len(), estimates.len());
    let cp = pow(c, p);
    let mut matched = Vec::new();
    if m > 0 && n > 0 {
        work.tree.rebuild(
            estimates
                .iter()
                .enumerate()
                .map(|(j, e)| ([e.x, e.y, e.z], j as u32)),
        );
        let edges = &mut work.edges;
        edges.clear();
        for (i, t) in truth.iter().enumerate() {
            let lo = [t.x - c, t.y - c, t.z - c];
            let hi = [t.x + c, t.y + c, t.z + c];
            work.tree.query_box(&lo, &hi, &mut |j, _| {
                let d = (estimates[j as usize] - t).norm();
                if d < c {
                    edges.push(Edge {
                        row: i as u32,
                        col: j,
                        cost: pow(d, p),
                    });
                }
            });
        }
        let (rows, cols) = &mut work.unassigned;
        rows.clear();
        rows.resize(m, cp / 2.0);
        cols.clear();
        cols.resize(n, cp / 2.0);
        let a = work.solver.solve(m, n, edges, rows, cols);
        for (i, col) in a.col_of_row.iter().enumerate() {
            if let Some(j) = col {
                matched.push((i, *j as usize, (estimates[*j as usize] - truth[i]).norm()));
            }
        }
    }
    let k = matched.len();
    let localisation: f64 = matched.iter().map(|x| pow(x.2, p)).sum();
    let ospa = if m == 0 && n == 0 {
        0.0
    } else if m == 0 || n == 0 {
        c
    } else {
        let total = localisation + cp * (m.min(n) - k) as f64 + cp * m.abs_diff(n) as f64;
        pow(total / m.max(n) as f64, 1.0 / p)
    };
    let gospa = pow(localisation + cp / 2.0 * (m + n - 2 * k) as f64, 1.0 / p);
    SetDistance {
        ospa,
        gospa,
        localisation,
        missed: m - k,
        false_estimates: n - k,
        matched,
    }
}

/// `x^p`, skipping the library call for the usual order p = 1, where `powf` returns `x`
/// itself (x¹ is representable; the test below holds the library to it).
fn pow(x: f64, p: f64) -> f64 {
    if p == 1.0 { x } else { x.powf(p) }
}

/// OSPA distance, m.
pub fn ospa(truth: &[Vector3<f64>], estimates: &[Vector3<f64>], c: f64, p: f64) -> f64 {
    set_distance(truth, estimates, c, p).ospa
}

/// GOSPA distance (α = 2).
pub fn gospa(truth: &[Vector3<f64>], estimates: &[Vector3<f64>], c: f64, p: f64) -> f64 {
    set_distance(truth, estimates, c, p).gospa
}

/// Per-scan scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanScore {
    /// Scan number.
    pub scan: i64,
    /// OSPA, m.
    pub ospa: f64,
    /// GOSPA.
    pub gospa: f64,
    /// `Σ d^p` over matched pairs.
    pub gospa_localisation: f64,
    /// Missed truths.
    pub missed: usize,
    /// False (unmatched) tracks.
    pub false_tracks: usize,
    /// Truths in the scan.
    pub n_truth: usize,
    /// Tracks in the scan.
    pub n_tracks: usize,
}

/// Track-level counts over a whole run, from the per-scan optimal matchings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TrackQuality {
    /// Distinct track ids reported.
    pub track_ids: usize,
    /// Track ids matched to a truth in fewer than half of the scans they were reported,
    /// not counting the scans after the truth they last matched has ended (a track that
    /// outlives its target, e.g. coasting after a kill, is stale, not false).
    pub false_tracks: usize,
    /// Σ over truths of (track ids *attributed* to it − 1), each track id attributed to the
    /// truth it was matched to in most scans (ties: the lowest truth id): track breaks and
    /// duplicates. A track matched now and then to a neighbour of its own truth (a close
    /// formation, or a coasting track of a killed target taken by the optimal matching
    /// for the target next to it) is not a fragment of that neighbour.
    pub fragmentations: usize,
    /// Times a truth's matched track id differs from the one matched at its previous
    /// matched scan.
    pub id_switches: usize,
    /// Truths matched in at least one scan.
    pub truths_tracked: usize,
}

/// Scores of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Cut-off, m.
    pub c: f64,
    /// Order.
    pub p: f64,
    /// Scans scored.
    pub scans_scored: usize,
    /// Time mean of OSPA, m.
    pub ospa_mean: f64,
    /// Time mean of GOSPA.
    pub gospa_mean: f64,
    /// Mean missed truths per scan.
    pub missed_mean: f64,
    /// Mean false tracks per scan.
    pub false_mean: f64,
    /// RMS position error over all matched pairs, m.
    pub rms_pos_err_matched: f64,
    /// Truths at the last scan.
    pub n_truth_last_scan: usize,
    /// Tracks at the last scan.
    pub n_tracks_last_scan: usize,
    /// Distinct track ids over the scored scans.
    pub n_track_ids: usize,
    /// Track-level counts.
    pub quality: TrackQuality,
    /// Per-scan values.
    pub per_scan: Vec<ScanScore>,
}

/// Accumulates per-scan scores and track-level counts.
#[derive(Debug, Default)]
pub struct Scorer {
    c: f64,
    p: f64,
    work: SetDistanceWork,
    /// Work space: the scan's truth and track positions, m.
    points: (Vec<Vector3<f64>>, Vec<Vector3<f64>>),
    /// Work space: which of the scan's tracks were matched.
    matched_tracks: Vec<bool>,
    /// Work space: the scan's truth ids, sorted.
    truth_present: Vec<u64>,
    per_scan: Vec<ScanScore>,
    sq: f64,
    n_matched: usize,
    /// Per track id, what the scans said of it (one hash look-up per track and scan: a
    /// raid's picture holds thousands of ids).
    track_tally: HashMap<u64, TrackTally>,
    /// Per truth id: the track id matched at its last matched scan, and the switches.
    truth_tally: HashMap<u64, (u64, usize)>,
}

/// What the scans said of one track id (see [`Scorer`]).
#[derive(Debug, Default)]
struct TrackTally {
    /// Scans that reported it (not counting stale reports).
    reported: usize,
    /// Scans where it was matched.
    matched: usize,
    /// The truth it was last matched to.
    last_truth: Option<u64>,
    /// Per truth id, the scans it was matched to it (a track meets few truths: a list).
    matches: Vec<(u64, usize)>,
}

impl Scorer {
    /// A scorer with cut-off `c` m and order `p`.
    pub fn new(c: f64, p: f64) -> Self {
        Self {
            c,
            p,
            ..Self::default()
        }
    }

    /// Scores one scan: `(id, position)` of truths and of tracks.
    pub fn add_scan(
        &mut self,
        scan: i64,
        truth: &[(u64, Vector3<f64>)],
        tracks: &[(u64, Vector3<f64>)],
    ) {
        let (tp, ep) = &mut self.points;
        tp.clear();
        tp.extend(truth.iter().map(|x| x.1));
        ep.clear();
        ep.extend(tracks.iter().map(|x| x.1));
        let d = set_distance_with(&mut self.work, tp, ep, self.c, self.p);
        let matched = &mut self.matched_tracks;
        matched.clear();
        matched.resize(tracks.len(), false);
        for &(_, j, _) in &d.matched {
            matched[j] = true;
        }
        let present = &mut self.truth_present;
        present.clear();
        present.extend(truth.iter().map(|x| x.0));
        present.sort_unstable();
        for (j, (id, _)) in tracks.iter().enumerate() {
            let e = self.track_tally.entry(*id).or_default();
            // An unmatched report of a track whose last matched truth has ended is stale.
            let stale = !matched[j]
                && e.last_truth
                    .is_some_and(|k| present.binary_search(&k).is_err());
            if !stale {
                e.reported += 1;
            }
        }
        for &(i, j, dist) in &d.matched {
            self.sq += dist * dist;
            self.n_matched += 1;
            let (tid, truth_id) = (tracks[j].0, truth[i].0);
            let e = self.track_tally.entry(tid).or_default();
            e.matched += 1;
            match e.matches.iter_mut().find(|m| m.0 == truth_id) {
                Some(m) => m.1 += 1,
                None => e.matches.push((truth_id, 1)),
            }
            e.last_truth = Some(truth_id);
            match self.truth_tally.entry(truth_id) {
                Entry::Vacant(v) => {
                    v.insert((tid, 0));
                }
                Entry::Occupied(mut o) => {
                    let (last, switches) = o.get_mut();
                    if *last != tid {
                        *switches += 1;
                        *last = tid;
                    }
                }
            }
        }
        self.per_scan.push(ScanScore {
            scan,
            ospa: d.ospa,
            gospa: d.gospa,
            gospa_localisation: d.localisation,
            missed: d.missed,
            false_tracks: d.false_estimates,
            n_truth: truth.len(),
            n_tracks: tracks.len(),
        });
    }

    /// The scores so far.
    pub fn finish(&self) -> Scores {
        let k = self.per_scan.len();
        let mean = |f: &dyn Fn(&ScanScore) -> f64| {
            if k == 0 {
                f64::NAN
            } else {
                self.per_scan.iter().map(f).sum::<f64>() / k as f64
            }
        };
        let quality = TrackQuality {
            track_ids: self.track_tally.len(),
            false_tracks: self
                .track_tally
                .values()
                .filter(|t| 2 * t.matched < t.reported)
                .count(),
            fragmentations: {
                let mut attributed: HashMap<u64, usize> = HashMap::new();
                for t in self.track_tally.values() {
                    // most matched scans, then the lowest truth id (a total order: the
                    // result does not depend on the maps' iteration order)
                    if let Some((truth, _)) = t
                        .matches
                        .iter()
                        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    {
                        *attributed.entry(*truth).or_default() += 1;
                    }
                }
                attributed.values().map(|n| n.saturating_sub(1)).sum()
            },
            id_switches: self.truth_tally.values().map(|e| e.1).sum(),
            truths_tracked: self.truth_tally.len(),
        };
        Scores {
            c: self.c,
            p: self.p,
            scans_scored: k,
            ospa_mean: mean(&|s| s.ospa),
            gospa_mean: mean(&|s| s.gospa),
            missed_mean: mean(&|s| s.missed as f64),
            false_mean: mean(&|s| s.false_tracks as f64),
            rms_pos_err_matched: if self.n_matched > 0 {
                (self.sq / self.n_matched as f64).sqrt()
            } else {
                f64::NAN
            },
            n_truth_last_scan: self.per_scan.last().map_or(0, |s| s.n_truth),
            n_tracks_last_scan: self.per_scan.last().map_or(0, |s| s.n_tracks),
            n_track_ids: self.track_tally.len(),
            quality,
            per_scan: self.per_scan.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_one_shortcut_is_what_powf_gives() {
        let mut x = 1e-300_f64;
        while x < 1e300 {
            for y in [x, -x, x.next_up(), x.next_down()] {
                assert_eq!(pow(y, 1.0).to_bits(), y.powf(1.0).to_bits(), "{y:e}");
            }
            x *= 1.37;
        }
        assert_eq!(pow(0.0, 1.0).to_bits(), 0.0f64.powf(1.0).to_bits());
        assert_eq!(pow(2.5, 2.0), 6.25);
    }
}
