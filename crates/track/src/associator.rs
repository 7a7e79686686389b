//! Associators: from gated hypotheses to one decision per track.
//!
//! * [`Gnn`] — global nearest neighbour: the single most likely joint assignment, solved as
//!   a sparse linear assignment ([`crate::assign`]) on the gated pairs, cluster by cluster.
//!   Cost of pairing track `i` with detection `j`: `−ln(P_D N(zⱼ; ẑᵢ, Sᵢ) / λ)`; cost of
//!   leaving track `i` undetected: `−ln(1 − P_D)` (λ the clutter density). This is the
//!   negative log-likelihood ratio of the joint event (Blackman & Popoli 1999, §6.4), so the
//!   assignment is the single-scan MAP association.
//! * [`Jpda`] — joint probabilistic data association (Fortmann, Bar-Shalom & Scheffe 1983):
//!   per cluster of tracks sharing gated detections, all feasible joint events are
//!   enumerated (each track takes at most one detection, each detection at most one track)
//!   and weighted by `Π P_D N/λ · Π (1 − P_D P_G)`; the marginal association probabilities
//!   drive a PDA update. Enumeration is bounded: a cluster with more than
//!   `max_events` joint events uses Fitzgerald's (1986) "cheap JPDA" approximation instead.

use crate::assign::{Component, Edge, SparseAssignmentSolver, connected_components};
use crate::hypothesiser::Hypothesis;

/// The decision for one track.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// No detection is the track's.
    Missed,
    /// Detection `j` (batch index) is the track's.
    Detection(u32),
    /// Probabilistic association: `miss` = probability that no detection is the track's,
    /// `detections` = `(batch index, probability)`.
    Weighted {
        /// Probability that none of the detections is the track's.
        miss: f64,
        /// Detections and their association probabilities.
        detections: Vec<(u32, f64)>,
    },
}

/// What an associator is given.
#[derive(Debug, Clone, Copy)]
pub struct AssociationInput<'a> {
    /// Number of tracks (hypotheses refer to `0..n_tracks`).
    pub n_tracks: usize,
    /// Number of detections in the batch.
    pub n_detections: usize,
    /// Gated pairs, grouped by track.
    pub hypotheses: &'a [Hypothesis],
    /// The sensor's detection probability `P_D`.
    pub detection_probability: f64,
    /// Probability that the gate holds the target's detection, `P_G`.
    pub gate_probability: f64,
    /// Clutter density λ in measurement space.
    pub clutter_density: f64,
}

impl AssociationInput<'_> {
    fn pd(&self) -> f64 {
        self.detection_probability.clamp(1e-9, 1.0 - 1e-9)
    }
    fn ln_lambda(&self) -> f64 {
        self.clutter_density.max(1e-300).ln()
    }
}

/// The associator's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Association {
    /// One outcome per track.
    pub outcomes: Vec<Outcome>,
    /// Detections claimed by some track (not to be used to start new tracks).
    pub used: Vec<bool>,
}

/// Turns gated hypotheses into per-track decisions.
pub trait Associator: Send {
    /// Associates one batch (the tracker does not ask about a batch without detections:
    /// every track it looked at is missed).
    fn associate(&mut self, input: &AssociationInput<'_>) -> Association;
}

/// Global nearest neighbour (see the module documentation).
#[derive(Debug, Default, Clone)]
pub struct Gnn {
    solver: SparseAssignmentSolver,
    edges: Vec<Edge>,
}

impl Gnn {
    /// A GNN associator.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Associator for Gnn {
    fn associate(&mut self, input: &AssociationInput<'_>) -> Association {
        if input.hypotheses.is_empty() {
            // Nothing gated (the common case: a false alarm near a track): every track is
            // missed, no detection used — the solver's answer without edges, without it.
            return Association {
                outcomes: vec![Outcome::Missed; input.n_tracks],
                used: vec![false; input.n_detections],
            };
        }
        let pd = input.pd();
        let ln_l = input.ln_lambda();
        self.edges.clear();
        self.edges.extend(input.hypotheses.iter().map(|h| Edge {
            row: h.track,
            col: h.detection,
            cost: -(pd.ln() + h.log_likelihood - ln_l),
        }));
        let miss = vec![-(1.0 - pd).ln(); input.n_tracks];
        let free = vec![0.0; input.n_detections];
        let a = self.solver.solve(
            input.n_tracks,
            input.n_detections,
            &self.edges,
            &miss,
            &free,
        );
        let outcomes = a
            .col_of_row
            .iter()
            .map(|c| match c {
                Some(j) => Outcome::Detection(*j),
                None => Outcome::Missed,
            })
            .collect();
        let used = a.row_of_col.iter().map(|r| r.is_some()).collect();
        Association { outcomes, used }
    }
}

/// Joint probabilistic data association (see the module documentation).
#[derive(Debug, Clone)]
pub struct Jpda {
    /// Largest number of joint events enumerated in one cluster before falling back to the
    /// cheap-JPDA approximation.
    pub max_events: usize,
    /// Statistics: clusters solved exactly and by the approximation.
    pub clusters_exact: u64,
    /// See `clusters_exact`.
    pub clusters_approximate: u64,
}

impl Default for Jpda {
    fn default() -> Self {
        Self {
            max_events: 20_000,
            clusters_exact: 0,
            clusters_approximate: 0,
        }
    }
}

impl Jpda {
    /// A JPDA associator enumerating at most `max_events` joint events per cluster.
    pub fn new(max_events: usize) -> Self {
        Self {
            max_events,
            ..Self::default()
        }
    }
}

/// Depth-first enumeration of joint events. `opts[t]` = `(local detection, weight)` of
/// track `t` (miss weight 1 implicit after scaling). Returns false if more than `limit`
/// events would be needed.
#[allow(clippy::too_many_arguments)]
fn enumerate(
    t: usize,
    opts: &[Vec<(usize, f64)>],
    miss: &[f64],
    used: &mut [bool],
    choice: &mut [usize],
    w: f64,
    beta: &mut [Vec<f64>],
    count: &mut usize,
    limit: usize,
) -> bool {
    if t == opts.len() {
        *count += 1;
        if *count > limit {
            return false;
        }
        for (tt, &c) in choice.iter().enumerate() {
            beta[tt][c] += w;
        }
        return true;
    }
    choice[t] = 0;
    if !enumerate(
        t + 1,
        opts,
        miss,
        used,
        choice,
        w * miss[t],
        beta,
        count,
        limit,
    ) {
        return false;
    }
    for (k, &(d, g)) in opts[t].iter().enumerate() {
        if !used[d] {
            used[d] = true;
            choice[t] = k + 1;
            let ok = enumerate(t + 1, opts, miss, used, choice, w * g, beta, count, limit);
            used[d] = false;
            if !ok {
                return false;
            }
        }
    }
    true
}

/// The options of each track of cluster `comp`: `(local detection, weight)` with the pair
/// weights Pd·g/λ scaled per track by its largest option (miss weight `miss_w` included),
/// and the scaled miss weight of each track.
fn scaled_options(
    comp: &Component,
    input: &AssociationInput<'_>,
    pd: f64,
    ln_l: f64,
    miss_w: f64,
) -> (Vec<Vec<(usize, f64)>>, Vec<f64>) {
    let nt = comp.rows.len();
    let local_det = |d: u32| comp.cols.binary_search(&d).expect("column in component");
    let local_trk = |t: u32| comp.rows.binary_search(&t).expect("row in component");
    // ln of the pair weights, then scaled per track by its largest option
    let mut opts: Vec<Vec<(usize, f64)>> = vec![Vec::new(); nt];
    for &k in &comp.edges {
        let h = &input.hypotheses[k];
        let lg = pd.ln() + h.log_likelihood - ln_l;
        opts[local_trk(h.track)].push((local_det(h.detection), lg));
    }
    let mut miss = vec![0.0; nt];
    for (t, o) in opts.iter_mut().enumerate() {
        let lm = miss_w.max(1e-300).ln();
        let top = o.iter().map(|x| x.1).fold(lm, f64::max);
        for x in o.iter_mut() {
            x.1 = (x.1 - top).exp();
        }
        miss[t] = (lm - top).exp();
    }
    (opts, miss)
}

/// Fitzgerald's cheap JPDA, for a cluster with too many joint events: β_tj = G_tj /
/// (S_t + S_j − G_tj + B), with G normalised by the miss weight and B = 1; `beta[t][0]`
/// is the miss probability of track `t`, `beta[t][k + 1]` that of its option `k`.
fn cheap_jpda(opts: &[Vec<(usize, f64)>], miss: &[f64], nd: usize, beta: &mut [Vec<f64>]) {
    let mut col_sum = vec![0.0; nd];
    for (t, o) in opts.iter().enumerate() {
        for &(d, g) in o {
            col_sum[d] += g / miss[t];
        }
    }
    for (t, o) in opts.iter().enumerate() {
        let row_sum: f64 = o.iter().map(|x| x.1 / miss[t]).sum();
        let mut total = 0.0;
        for (k, &(d, g)) in o.iter().enumerate() {
            let g = g / miss[t];
            let b = g / (row_sum + col_sum[d] - g + 1.0);
            beta[t][k + 1] = b;
            total += b;
        }
        if total > 1.0 {
            for b in beta[t][1..].iter_mut() {
                *b /= total;
            }
            total = 1.0;
        }
        beta[t][0] = 1.0 - total;
    }
}

impl Associator for Jpda {
    fn associate(&mut self, input: &AssociationInput<'_>) -> Association {
        let pd = input.pd();
        let ln_l = input.ln_lambda();
        let pg = input.gate_probability.clamp(0.0, 1.0);
        let miss_w = 1.0 - pd * pg;
        let mut outcomes = vec![Outcome::Missed; input.n_tracks];
        let mut used = vec![false; input.n_detections];
        let edges: Vec<Edge> = input
            .hypotheses
            .iter()
            .map(|h| Edge {
                row: h.track,
                col: h.detection,
                cost: 0.0,
            })
            .collect();
        for comp in connected_components(input.n_tracks, input.n_detections, &edges) {
            let nt = comp.rows.len();
            let nd = comp.cols.len();
            let (opts, miss) = scaled_options(&comp, input, pd, ln_l, miss_w);
            for &d in &comp.cols {
                used[d as usize] = true;
            }
            let mut beta: Vec<Vec<f64>> = opts.iter().map(|o| vec![0.0; o.len() + 1]).collect();
            let mut count = 0;
            let exact = enumerate(
                0,
                &opts,
                &miss,
                &mut vec![false; nd],
                &mut vec![0; nt],
                1.0,
                &mut beta,
                &mut count,
                self.max_events,
            );
            if exact {
                self.clusters_exact += 1;
            } else {
                self.clusters_approximate += 1;
                cheap_jpda(&opts, &miss, nd, &mut beta);
            }
            for (t, o) in opts.iter().enumerate() {
                let norm: f64 = beta[t].iter().sum();
                if norm <= 0.0 {
                    continue;
                }
                let dets = o
                    .iter()
                    .enumerate()
                    .map(|(k, &(d, _))| (comp.cols[d], beta[t][k + 1] / norm))
                    .collect();
                outcomes[comp.rows[t] as usize] = Outcome::Weighted {
                    miss: beta[t][0] / norm,
                    detections: dets,
                };
            }
        }
        Association { outcomes, used }
    }
}

impl<T: Associator + ?Sized> Associator for Box<T> {
    fn associate(&mut self, input: &AssociationInput<'_>) -> Association {
        (**self).associate(input)
    }
}
