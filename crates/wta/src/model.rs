//! Flat internal form of an instance and the incremental solution state shared by the
//! solvers.
//!
//! The state keeps, for every target, the list of shots on it and its survival product
//! `S_t = Π (1 − p)` over those shots, so that the objective change of moving one shot is
//! computed in O(1): removing shot `s` of weapon `w` from `t` multiplies `S_t` by
//! `1 / (1 − p_wt)`, adding it multiplies by `1 − p_wt`. Committed changes recompute the
//! touched products from the shot lists, so rounding does not drift.

use crate::instance::{Assignment, Instance};

/// Marker for a shot not on any target.
pub(crate) const NONE: u32 = u32::MAX;

/// The instance as flat row-major arrays, restricted to the weapons that can hit something.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Number of targets.
    pub n: usize,
    /// Target values.
    pub values: Vec<f64>,
    /// Kill probabilities, `p[w * n + t]` (weapon index in the original instance).
    pub p: Vec<f64>,
    /// Survival factors `q = 1 − p`, same layout.
    pub q: Vec<f64>,
    /// Weapon of every shot. Shots of weapons with `p_wt = 0` everywhere are left out:
    /// they cannot change the objective.
    pub shot_weapon: Vec<u32>,
}

impl Model {
    pub(crate) fn new(instance: &Instance) -> Self {
        let n = instance.targets();
        let mut p = Vec::with_capacity(instance.weapons() * n);
        for row in instance.pk() {
            p.extend_from_slice(row);
        }
        let q = p.iter().map(|&x| 1.0 - x).collect();
        let mut shot_weapon = Vec::new();
        if n > 0 {
            for (w, &mu) in instance.shots().iter().enumerate() {
                if instance.pk()[w].iter().any(|&x| x > 0.0) {
                    shot_weapon.extend(std::iter::repeat_n(w as u32, mu as usize));
                }
            }
        }
        Model {
            n,
            values: instance.values().to_vec(),
            p,
            q,
            shot_weapon,
        }
    }

    /// Number of shots handled by the solvers.
    pub(crate) fn shots(&self) -> usize {
        self.shot_weapon.len()
    }

    #[inline]
    pub(crate) fn p(&self, w: u32, t: usize) -> f64 {
        self.p[w as usize * self.n + t]
    }

    #[inline]
    pub(crate) fn q(&self, w: u32, t: usize) -> f64 {
        self.q[w as usize * self.n + t]
    }

    /// Kill-probability row of weapon `w`.
    #[inline]
    pub(crate) fn p_row(&self, w: u32) -> &[f64] {
        let w = w as usize;
        &self.p[w * self.n..(w + 1) * self.n]
    }
}

/// A (possibly partial) solution with per-target survival products.
#[derive(Debug, Clone)]
pub(crate) struct State {
    /// Target of every shot, or [`NONE`].
    pub target_of: Vec<u32>,
    /// Shots on every target.
    pub on: Vec<Vec<u32>>,
    /// Survival product `S_t` of every target.
    pub surv: Vec<f64>,
    /// `V_t · S_t`, the expected surviving value of every target.
    pub vs: Vec<f64>,
    /// Objective `Σ_t V_t S_t`, updated incrementally (see [`State::refresh_objective`]).
    pub obj: f64,
}

impl State {
    /// The empty solution: no shot assigned.
    pub(crate) fn empty(model: &Model) -> Self {
        State {
            target_of: vec![NONE; model.shots()],
            on: vec![Vec::new(); model.n],
            surv: vec![1.0; model.n],
            vs: model.values.clone(),
            obj: model.values.iter().sum(),
        }
    }

    /// Recomputes `S_t` of target `t` from its shot list and updates the objective.
    #[inline]
    pub(crate) fn recompute(&mut self, model: &Model, t: usize) {
        let mut s = 1.0;
        for &shot in &self.on[t] {
            s *= model.q(model.shot_weapon[shot as usize], t);
        }
        self.surv[t] = s;
        let vs = model.values[t] * s;
        self.obj += vs - self.vs[t];
        self.vs[t] = vs;
    }

    /// Puts unassigned shot `s` on target `t`. O(1): `S_t` is the product over the list in
    /// list order, so appending a shot multiplies it by that shot's `q`, exactly the value
    /// the recomputation from the list gives (the same multiplications in the same order).
    #[inline]
    pub(crate) fn assign(&mut self, model: &Model, s: u32, t: usize) {
        debug_assert_eq!(self.target_of[s as usize], NONE);
        self.target_of[s as usize] = t as u32;
        self.on[t].push(s);
        let surv = self.surv[t] * model.q(model.shot_weapon[s as usize], t);
        self.surv[t] = surv;
        let vs = model.values[t] * surv;
        self.obj += vs - self.vs[t];
        self.vs[t] = vs;
    }

    /// Takes shot `s` off its target (it must be assigned).
    #[inline]
    pub(crate) fn unassign(&mut self, model: &Model, s: u32) {
        let t = self.target_of[s as usize] as usize;
        debug_assert_ne!(t, NONE as usize);
        let list = &mut self.on[t];
        if let Some(pos) = list.iter().position(|&x| x == s) {
            list.swap_remove(pos);
        }
        self.target_of[s as usize] = NONE;
        self.recompute(model, t);
    }

    /// Moves assigned shot `s` to target `t`.
    #[inline]
    pub(crate) fn relocate(&mut self, model: &Model, s: u32, t: usize) {
        self.unassign(model, s);
        self.assign(model, s, t);
    }

    /// Survival product of target `t` without shot `s` (which is on `t`).
    #[inline]
    pub(crate) fn surv_without(&self, model: &Model, t: usize, s: u32) -> f64 {
        let q = model.q(model.shot_weapon[s as usize], t);
        if q > 0.0 {
            self.surv[t] / q
        } else {
            let mut prod = 1.0;
            for &other in &self.on[t] {
                if other != s {
                    prod *= model.q(model.shot_weapon[other as usize], t);
                }
            }
            prod
        }
    }

    /// Recomputes the objective from the per-target values (removes incremental drift).
    pub(crate) fn refresh_objective(&mut self) {
        self.obj = self.vs.iter().sum();
    }

    /// The assignment as `(weapon, target)` pairs in shot order, leaving out shots that
    /// cannot kill their target (`p = 0`: they change nothing).
    pub(crate) fn to_assignment(&self, model: &Model) -> Assignment {
        let mut pairs = Vec::with_capacity(self.target_of.len());
        for (s, &t) in self.target_of.iter().enumerate() {
            if t != NONE {
                let w = model.shot_weapon[s];
                if model.p(w, t as usize) > 0.0 {
                    pairs.push((w as usize, t as usize));
                }
            }
        }
        pairs.sort_unstable();
        Assignment::new(pairs)
    }
}

/// Maximum-marginal-return insertion: repeatedly puts, among the unassigned shots in
/// `shots`, the one whose best target gains the most expected value `V_t S_t p_wt` on that
/// target, until all are placed. Ties go to the lower weapon, then the lower target.
///
/// `stop(work)` is told the work done since its last call (kill-probability entries read)
/// and returns `true` when time is up: the shots not placed by then stay unassigned (a
/// feasible solution: a weapon need not fire all its shots). Returns whether every shot
/// was placed.
pub(crate) fn mmr_insert(
    model: &Model,
    state: &mut State,
    shots: &[u32],
    stop: &mut dyn FnMut(u64) -> bool,
) -> bool {
    // Shots of one weapon are interchangeable: group them, as ranges of the sorted shots
    // (a group hands out its shots lowest index first).
    let mut sorted: Vec<u32> = shots.to_vec();
    let key = |&s: &u32| (model.shot_weapon[s as usize], s);
    // The greedy start passes every shot in order: already sorted.
    if !sorted.is_sorted_by_key(key) {
        sorted.sort_unstable_by_key(key);
    }
    // (weapon, next shot, end) per group.
    let mut groups: Vec<(u32, usize, usize)> = Vec::new();
    for (i, &s) in sorted.iter().enumerate() {
        let w = model.shot_weapon[s as usize];
        match groups.last_mut() {
            Some((gw, _, end)) if *gw == w => *end = i + 1,
            _ => groups.push((w, i, i + 1)),
        }
    }
    let best_of = |state: &State, w: u32| -> (usize, f64) {
        let row = model.p_row(w);
        let mut best = (0usize, f64::NEG_INFINITY);
        for (t, (&vs, &p)) in state.vs.iter().zip(row).enumerate() {
            let gain = vs * p;
            if gain > best.1 {
                best = (t, gain);
            }
        }
        best
    };
    let mut best: Vec<(usize, f64)> = Vec::with_capacity(groups.len());
    for &(w, _, _) in &groups {
        best.push(best_of(state, w));
        if stop(model.n as u64) {
            return false;
        }
    }
    let mut alive = groups.len();
    while alive > 0 {
        if stop(groups.len() as u64) {
            return false;
        }
        let mut pick = usize::MAX;
        let mut pick_gain = f64::NEG_INFINITY;
        for (i, &(_, next, end)) in groups.iter().enumerate() {
            if next < end && (pick == usize::MAX || best[i].1 > pick_gain) {
                pick = i;
                pick_gain = best[i].1;
            }
        }
        let t = best[pick].0;
        let s = sorted[groups[pick].1];
        groups[pick].1 += 1;
        if groups[pick].1 == groups[pick].2 {
            alive -= 1;
        }
        state.assign(model, s, t);
        for (i, &(w, next, end)) in groups.iter().enumerate() {
            if next < end && best[i].0 == t {
                best[i] = best_of(state, w);
                if stop(model.n as u64) {
                    return alive == 0;
                }
            }
        }
    }
    true
}
