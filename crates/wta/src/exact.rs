//! Exact method for small instances: depth-first branch and bound over the shots.
//!
//! **Branching.** Shots are decided one at a time, weapon by weapon (weapons with the
//! largest best single-shot return `max_t V_t p_wt` first). A shot goes to one of the
//! targets its weapon can hit (`p_wt > 0`; a shot never hurts, so some optimum fires every
//! shot). Shots of one weapon are interchangeable, so they take non-decreasing target
//! indices. Children are visited in decreasing marginal return `V_t S_t p_wt`.
//!
//! **Bound.** At a node with survival products `S_t` and remaining shots `R`, the final
//! objective is `f − D` with `f = Σ_t V_t S_t` and `D = Σ_t V_t S_t (1 − Π_{s ∈ A_t} q_st)`
//! for the sets `A_t` of remaining shots the completion puts on `t`. Write the product as a
//! telescoping sum with the shots of `A_t` in decreasing `p` order:
//! `1 − Π q = Σ_i p_i Π_{j<i} q_j ≤ Σ_i p_i q_i^(i−1)`, since every earlier shot has
//! `q_j ≤ q_i`. So `D` is at most the value of an assignment of the remaining shots to
//! *slots* `(t, r)` (`r` = rank at target `t`, one shot per slot) with gain
//! `V_t S_t p_st q_st^r`, and the best such assignment, a linear assignment problem, gives
//! a lower bound on every completion. This is a flow-type bound in the spirit of the
//! network-flow lower bound of Ahuja, Kumar, Jha & Orlin (2007); a cheaper bound (every
//! shot takes its best single marginal return) is tried first.
//!
//! The search starts from the heuristic's solution as incumbent, so it mostly has to prove
//! it optimal. Nodes whose bound is within a relative `1e-9` of the incumbent are pruned:
//! "optimal" means optimal to that relative tolerance.

use std::time::Instant;

use crate::lsap::Lsap;
use crate::model::Model;

/// Subgradient steps of the Lagrangian bound per node.
const LAGRANGE_STEPS: usize = 25;

/// Most entries of the slot bound's cost matrix (shots left × targets × shots left).
const MAX_SLOT_ENTRIES: usize = 1 << 22;

/// Instances whose nodes cost at least this many kill-probability entries read the clock
/// at every node, not every 512th.
const CLOCK_EVERY_NODE: usize = 4096;

/// Most shots the exact method takes (its search recurses one level per shot).
pub const EXACT_MAX_SHOTS: usize = 1024;

/// Relative tolerance of the optimality proof.
pub(crate) const REL_GAP: f64 = 1e-9;

/// Result of a branch-and-bound run.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    /// Target of every model shot in the best solution found, if it beats the incumbent.
    pub improved: Option<Vec<u32>>,
    /// Objective of the best solution (the incumbent's if nothing better was found).
    pub objective: f64,
    /// True if the search finished: the best solution is optimal.
    pub proven: bool,
    /// Nodes explored.
    pub nodes: u64,
    /// Lower bound at the root (valid for every solution).
    pub root_bound: f64,
}

struct Bnb<'a> {
    model: &'a Model,
    /// Model shot decided at each depth.
    order: Vec<u32>,
    /// Weapon of the shot at each depth.
    weapon: Vec<u32>,
    surv: Vec<f64>,
    f: f64,
    cur: Vec<usize>,
    best_obj: f64,
    best: Option<Vec<usize>>,
    nodes: u64,
    node_limit: u64,
    deadline: Option<Instant>,
    aborted: bool,
    lsap: Lsap,
    cost: Vec<f64>,
    children: Vec<Vec<(f64, usize)>>,
    /// `−ln(1 − p)` per `[weapon * n + target]` (infinite where `p = 1`).
    log_kill: Vec<f64>,
    /// Lagrange multipliers, remaining capacities and subgradient, per weapon.
    lambda: Vec<f64>,
    cap: Vec<f64>,
    grad: Vec<f64>,
}

impl Bnb<'_> {
    fn prune_level(&self) -> f64 {
        self.best_obj - self.best_obj.abs() * REL_GAP
    }

    /// Lower bound on every completion of the current partial solution from depth `i`.
    /// Stops early (returning a value >= `cutoff`) when the cheap bound already prunes.
    fn lower_bound(&mut self, i: usize, cutoff: f64) -> f64 {
        let model = self.model;
        let n = model.n;
        let k = self.order.len() - i;
        if k == 0 {
            return self.f;
        }
        // Cheap bound: each remaining shot takes its best marginal return.
        let mut cheap = self.f;
        let mut j = i;
        while j < self.order.len() {
            let w = self.weapon[j];
            let mut count = 0;
            while j < self.order.len() && self.weapon[j] == w {
                count += 1;
                j += 1;
            }
            let row = model.p_row(w);
            let best = model
                .values
                .iter()
                .zip(&self.surv)
                .zip(row)
                .map(|((v, s), p)| v * s * p)
                .fold(0.0f64, f64::max);
            cheap -= count as f64 * best;
        }
        if cheap >= cutoff || k == 1 {
            return cheap;
        }
        let lagrangian = self.lagrangian_bound(i, cutoff);
        if lagrangian >= cutoff {
            return lagrangian;
        }
        let cheap = cheap.max(lagrangian);
        // Slot bound: k shots into (target, rank) slots, ranks 0..k (a k × nk matrix; beyond
        // the budget the cheaper bounds stand alone).
        let cols = n * k;
        if k.saturating_mul(cols) > MAX_SLOT_ENTRIES {
            return cheap;
        }
        self.cost.clear();
        self.cost.reserve(k * cols);
        for &w in &self.weapon[i..] {
            for t in 0..n {
                let p = model.p(w, t);
                let q = 1.0 - p;
                let mut gain = model.values[t] * self.surv[t] * p;
                for _ in 0..k {
                    self.cost.push(-gain);
                    gain *= q;
                }
            }
        }
        match self.lsap.solve(k, cols, &self.cost) {
            Some((_, total)) => (self.f + total).max(cheap),
            None => {
                self.aborted = true;
                cheap
            }
        }
    }

    /// Lagrangian bound of the continuous relaxation (shots may be fractional), with the
    /// capacity constraints dualised by multipliers `λ_w >= 0`:
    /// `L(λ) = Σ_t min_{x_t >= 0} [V_t S_t e^{−Σ_w a_wt x_wt} + Σ_w λ_w x_wt] − Σ_w λ_w c_w`
    /// with `a_wt = −ln(1 − p_wt)` and `c_w` the remaining shots. For one target the inner
    /// minimum uses only the weapon with the smallest `κ = λ_w / a_wt` and equals
    /// `κ (1 + ln(V_t S_t / κ))` if `κ < V_t S_t`, else `V_t S_t`. Every `λ` gives a valid
    /// bound (weak duality); a few Polyak subgradient steps, warm-started from the
    /// multipliers of the last node, tighten it. Stops early once the bound reaches `cutoff`.
    fn lagrangian_bound(&mut self, i: usize, cutoff: f64) -> f64 {
        let model = self.model;
        let n = model.n;
        let weapons = self.cap.len();
        self.cap.fill(0.0);
        for &w in &self.weapon[i..] {
            self.cap[w as usize] += 1.0;
        }
        let mut best = 0.0f64;
        let mut theta = 1.0;
        for _ in 0..LAGRANGE_STEPS {
            let mut value = 0.0;
            for w in 0..weapons {
                value -= self.lambda[w] * self.cap[w];
                self.grad[w] = -self.cap[w];
            }
            for t in 0..n {
                let vs = model.values[t] * self.surv[t];
                if vs <= 0.0 {
                    continue;
                }
                let mut kappa = f64::INFINITY;
                let mut arg = usize::MAX;
                for w in 0..weapons {
                    if self.cap[w] > 0.0 {
                        let a = self.log_kill[w * n + t];
                        if a > 0.0 {
                            let ratio = self.lambda[w] / a;
                            if ratio < kappa {
                                kappa = ratio;
                                arg = w;
                            }
                        }
                    }
                }
                if arg == usize::MAX || kappa >= vs {
                    value += vs;
                } else if kappa <= 0.0 {
                    // Free shots kill everything: push the multiplier up.
                    self.grad[arg] += self.cap[arg] + 1.0;
                } else {
                    let z = (vs / kappa).ln();
                    value += kappa * (1.0 + z);
                    let a = self.log_kill[arg * n + t];
                    if a.is_finite() {
                        self.grad[arg] += z / a;
                    }
                }
            }
            best = best.max(value);
            if best >= cutoff || !cutoff.is_finite() && value <= best && theta < 1e-3 {
                break;
            }
            let norm: f64 = self.grad.iter().map(|g| g * g).sum();
            if norm <= 0.0 {
                break;
            }
            let target = if cutoff.is_finite() { cutoff } else { self.f };
            let step = theta * (target - value).max(1e-12 * (1.0 + target.abs())) / norm;
            for w in 0..weapons {
                self.lambda[w] = (self.lambda[w] + step * self.grad[w]).max(0.0);
            }
            if value < best {
                theta *= 0.7;
            }
        }
        best
    }

    fn dfs(&mut self, i: usize) {
        self.nodes += 1;
        if self.nodes >= self.node_limit
            || ((self.nodes.is_multiple_of(512) || self.model.p.len() >= CLOCK_EVERY_NODE)
                && self.deadline.is_some_and(|d| Instant::now() >= d))
        {
            self.aborted = true;
        }
        if self.aborted {
            return;
        }
        if i == self.order.len() {
            if self.f < self.best_obj {
                self.best_obj = self.f;
                self.best = Some(self.cur.clone());
            }
            return;
        }
        let cutoff = self.prune_level();
        if self.lower_bound(i, cutoff) >= cutoff {
            return;
        }
        let model = self.model;
        let w = self.weapon[i];
        let lo = if i > 0 && self.weapon[i - 1] == w {
            self.cur[i - 1]
        } else {
            0
        };
        let mut children = std::mem::take(&mut self.children[i]);
        children.clear();
        for t in lo..model.n {
            let p = model.p(w, t);
            if p > 0.0 {
                children.push((model.values[t] * self.surv[t] * p, t));
            }
        }
        children.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(gain, t) in &children {
            let (old_s, old_f) = (self.surv[t], self.f);
            self.surv[t] = old_s * model.q(w, t);
            self.f = old_f - gain;
            self.cur[i] = t;
            self.dfs(i + 1);
            self.surv[t] = old_s;
            self.f = old_f;
            if self.aborted {
                break;
            }
        }
        self.children[i] = children;
    }
}

/// Branch and bound from an incumbent solution (`incumbent[s]` = target of model shot `s`)
/// of objective `incumbent_obj`. Stops unproven after `node_limit` nodes or at `deadline`.
pub(crate) fn branch_and_bound(
    model: &Model,
    incumbent_obj: f64,
    deadline: Option<Instant>,
    node_limit: u64,
) -> Outcome {
    let shots = model.shots();
    // Weapon order: strongest best single-shot return first.
    let mut weapons: Vec<u32> = model.shot_weapon.clone();
    weapons.dedup();
    let strength = |w: u32| -> f64 {
        let row = model.p_row(w);
        (0..model.n)
            .map(|t| model.values[t] * row[t])
            .fold(0.0, f64::max)
    };
    weapons.sort_by(|&a, &b| strength(b).total_cmp(&strength(a)).then(a.cmp(&b)));
    // Shots weapon by weapon in that order, each weapon's in index order (a stable sort:
    // the same order as filtering the shots once per weapon, without its shots × weapons).
    let mut rank = vec![0usize; model.p.len() / model.n.max(1)];
    for (i, &w) in weapons.iter().enumerate() {
        rank[w as usize] = i;
    }
    let mut order: Vec<u32> = (0..shots as u32).collect();
    order.sort_by_key(|&s| rank[model.shot_weapon[s as usize] as usize]);
    let weapon: Vec<u32> = order
        .iter()
        .map(|&s| model.shot_weapon[s as usize])
        .collect();
    let weapon_count = model.p.len() / model.n.max(1);
    // Multipliers start at each weapon's best single-shot value per unit of log-kill.
    let mut bnb = Bnb {
        model,
        weapon,
        surv: vec![1.0; model.n],
        f: model.values.iter().sum(),
        cur: vec![0; shots],
        best_obj: incumbent_obj,
        best: None,
        nodes: 0,
        node_limit,
        deadline,
        aborted: false,
        lsap: Lsap::with_deadline(deadline),
        cost: Vec::new(),
        children: vec![Vec::new(); shots + 1],
        log_kill: model.q.iter().map(|&q| -q.ln()).collect(),
        lambda: vec![0.0; weapon_count],
        cap: vec![0.0; weapon_count],
        grad: vec![0.0; weapon_count],
        order,
    };
    for w in 0..weapon_count {
        bnb.lambda[w] = (0..model.n)
            .map(|t| {
                let a = bnb.log_kill[w * model.n + t];
                if a > 0.0 && a.is_finite() {
                    model.values[t] * model.p(w as u32, t) / a
                } else {
                    0.0
                }
            })
            .fold(0.0, f64::max);
    }
    let root_bound = bnb.lower_bound(0, f64::INFINITY);
    bnb.dfs(0);
    let improved = bnb.best.as_ref().map(|targets| {
        let mut by_shot = vec![0u32; shots];
        for (depth, &s) in bnb.order.iter().enumerate() {
            by_shot[s as usize] = targets[depth] as u32;
        }
        by_shot
    });
    Outcome {
        improved,
        objective: bnb.best_obj,
        proven: !bnb.aborted,
        nodes: bnb.nodes,
        root_bound: root_bound.min(bnb.best_obj),
    }
}
