//! Near-optimal method for large instances: construction, then iterated local search.
//!
//! **Construction.** The better of maximum-marginal-return (MMR) greedy and *assignment
//! rounds*: while at least `n` shots remain, every target gets one more shot through a
//! linear assignment of targets to shots maximising `Σ V_t S_t p_wt`; the last round gives
//! the remaining shots distinct targets the same way.
//!
//! **Local search** alternates three neighbourhoods until none improves:
//! - *relocate*: move one shot to another target (O(n) per shot, best target taken);
//! - *swap*: exchange the targets of two shots of different weapons (O(1) per pair);
//! - *assignment exchange*: take one shot off each of k targets and put the k shots back,
//!   at most one per target, optimally, by solving a k × n linear assignment problem with
//!   costs `−V_t S'_t p_wt` (`S'_t` the survival without the removed shots). Because each
//!   target receives at most one of the removed shots, those costs are exact, so the
//!   assignment solves this very-large neighbourhood exactly (up to the sparsification of
//!   candidate edges below). It contains all relocations and swaps of the removed shots and
//!   every path and cyclic ejection chain among them, the multi-exchange neighbourhoods of
//!   Ahuja, Kumar, Jha & Orlin (2007), found here with an assignment solver instead of a
//!   negative-cycle search. The k targets are, in turn, all occupied targets, the targets
//!   with two or more shots (so that single-shot targets may gain one), or a random share
//!   of the occupied ones. Large exchanges use a sparse warm-started solver
//!   ([`crate::lsap::SparseLsap`]) over candidate edges: each shot's own target, its best
//!   targets by gain, and each target's best weapons by kill probability.
//!
//! **Iterated local search.** The best solution is perturbed (a few shots moved at
//! random), descended again, and replaced if the result is better. Randomness comes from a
//! ChaCha8 generator seeded by the caller, so a run with an iteration limit and no time
//! limit is reproducible bit for bit. Objective changes are evaluated in O(1) from the
//! per-target survival products kept by [`crate::model::State`].

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::lsap::{Lsap, SparseLsap};
use crate::model::{Model, State, mmr_insert};

/// Best targets by gain offered to each shot in a sparse exchange.
const ROW_CANDIDATES: usize = 8;
/// Shots (of the highest-probability weapons) offered to each target in a sparse exchange.
const COL_CANDIDATES: usize = 8;
/// Weapons ranked per target (by kill probability) for the column candidates.
const RANKED_WEAPONS: usize = 24;
/// Exchanges with at most this many shots use the dense solver over all targets.
const DENSE_MAX_ROWS: usize = 48;
/// Share of the representatives of multi-shot targets redrawn at each exchange.
const REDRAW: f64 = 0.25;
/// End of a row list.
const NO_ROW: u32 = u32::MAX;

/// When the search stops.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Wall-clock deadline, if any.
    pub deadline: Option<Instant>,
    /// Maximum number of perturbation rounds, if any.
    pub max_iterations: Option<u64>,
    /// Stop after this many rounds without improving the best solution.
    pub stall: u64,
}

impl Limits {
    pub(crate) fn out_of_time(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// A clock that reads the time once per [`CLOCK_WORK`] units of work (kill-probability
    /// entries or pairs looked at): `spent(units)` is `true` once the deadline has passed.
    pub(crate) fn clock(&self) -> impl FnMut(u64) -> bool + use<> {
        let deadline = self.deadline;
        // The first call reads the clock: a phase that starts late stops at once.
        let mut work = CLOCK_WORK;
        let mut over = false;
        move |units| {
            if over {
                return true;
            }
            let Some(d) = deadline else {
                return false;
            };
            work += units;
            if work >= CLOCK_WORK {
                work = 0;
                over = Instant::now() >= d;
            }
            over
        }
    }
}

/// Work between two readings of the clock (~0.1 ms).
const CLOCK_WORK: u64 = 1 << 16;
/// Most candidate edges of one construction round; a larger round is left to MMR greedy
/// (its edges would take more memory than the instance).
const MAX_ROUND_EDGES: usize = 1 << 22;
/// Most entries of a dense exchange's cost matrix (shots × targets); larger exchanges use
/// the sparse solver.
const MAX_DENSE_ENTRIES: usize = 1 << 22;
/// Most shots in one assignment exchange (its candidate edges grow with it).
const MAX_EXCHANGE_ROWS: usize = 1 << 17;

/// What the search did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    /// Perturbation rounds run.
    pub iterations: u64,
}

/// Improvement threshold: a move must gain more than this to count (guards against
/// accepting rounding noise and cycling).
#[inline]
fn tolerance(obj: f64) -> f64 {
    obj.abs() * 1e-13 + 1e-300
}

/// The MMR greedy solution: every shot placed in maximum-marginal-return order (those
/// left when the deadline passes stay unassigned; the flag says whether all were placed —
/// only a complete solution may go on to the local search).
pub(crate) fn greedy(model: &Model, limits: &Limits) -> (State, bool) {
    let mut state = State::empty(model);
    let shots: Vec<u32> = (0..model.shots() as u32).collect();
    let complete = mmr_insert(model, &mut state, &shots, &mut limits.clock());
    state.refresh_objective();
    (state, complete)
}

/// Working memory of the local search.
pub(crate) struct Search<'m> {
    model: &'m Model,
    dense: Lsap,
    /// One solver per selection mode, so each warm-starts from potentials of a similar
    /// problem.
    sparse: [SparseLsap; 3],
    cost: Vec<f64>,
    row_cols: Vec<Vec<usize>>,
    weapon_rank: Vec<Vec<u32>>,
    first_row: Vec<u32>,
    next_row: Vec<u32>,
    edges: Vec<(usize, f64)>,
    /// Representative shot of every target in the last exchange.
    rep: Vec<u32>,

    start: Vec<usize>,
    targets: Vec<usize>,
    vrest: Vec<f64>,
    chosen_shots: Vec<u32>,
    occupied: Vec<usize>,
    rng: ChaCha8Rng,
}

impl<'m> Search<'m> {
    /// The search's working memory, or `None` if the deadline passes while it is built.
    pub(crate) fn new(model: &'m Model, seed: u64, limits: &Limits) -> Option<Self> {
        // Weapons that can fire, ranked per target by kill probability.
        let weapons = model.p.len() / model.n.max(1);
        let mut armed: Vec<u32> = model.shot_weapon.clone();
        armed.dedup();
        let mut spent = limits.clock();
        let weapon_rank = (0..model.n)
            .map(|t| {
                if spent(armed.len() as u64) {
                    return None;
                }
                let mut ranked: Vec<(f64, u32)> =
                    armed.iter().map(|&w| (model.p(w, t), w)).collect();
                let keep = RANKED_WEAPONS.min(ranked.len());
                if keep < ranked.len() {
                    ranked.select_nth_unstable_by(keep, |a, b| {
                        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
                    });
                    ranked.truncate(keep);
                }
                ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                Some(ranked.into_iter().map(|(_, w)| w).collect())
            })
            .collect::<Option<Vec<Vec<u32>>>>()?;
        let sparse = SparseLsap::with_deadline;
        Some(Search {
            model,
            dense: Lsap::with_deadline(limits.deadline),
            sparse: [
                sparse(limits.deadline),
                sparse(limits.deadline),
                sparse(limits.deadline),
            ],
            cost: Vec::new(),
            row_cols: Vec::new(),
            weapon_rank,
            first_row: vec![NO_ROW; weapons],
            next_row: vec![NO_ROW; model.n.max(1)],
            edges: Vec::new(),
            rep: vec![NO_ROW; model.n],

            start: Vec::new(),
            targets: Vec::new(),
            vrest: Vec::new(),
            chosen_shots: Vec::new(),
            occupied: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        })
    }

    /// One pass of best-target relocation over all shots. Returns whether anything moved.
    fn relocate_pass(&mut self, state: &mut State, spent: &mut impl FnMut(u64) -> bool) -> bool {
        let model = self.model;
        let mut improved = false;
        for s in 0..model.shots() as u32 {
            if spent(model.n as u64) {
                break;
            }
            let t1 = state.target_of[s as usize] as usize;
            let w = model.shot_weapon[s as usize];
            let loss = model.values[t1] * state.surv_without(model, t1, s) - state.vs[t1];
            let row = model.p_row(w);
            let mut best_gain = 0.0;
            let mut best_t = usize::MAX;
            for (t, (&vs, &p)) in state.vs.iter().zip(row).enumerate() {
                let gain = vs * p;
                if gain > best_gain && t != t1 {
                    best_gain = gain;
                    best_t = t;
                }
            }
            if best_t != usize::MAX && best_gain - loss > tolerance(state.obj) {
                state.relocate(model, s, best_t);
                improved = true;
            }
        }
        improved
    }

    /// One pass over all pairs of shots, swapping their targets when that improves.
    fn swap_pass(&mut self, state: &mut State, spent: &mut impl FnMut(u64) -> bool) -> bool {
        let model = self.model;
        let shots = model.shots();
        // V_t · S_t-without-the-shot for every shot.
        let mut vwo: Vec<f64> = (0..shots as u32)
            .map(|s| {
                let t = state.target_of[s as usize] as usize;
                model.values[t] * state.surv_without(model, t, s)
            })
            .collect();
        let mut improved = false;
        for a in 0..shots {
            if spent((shots - a) as u64) {
                break;
            }
            let wa = model.shot_weapon[a];
            for b in a + 1..shots {
                let wb = model.shot_weapon[b];
                if wa == wb {
                    continue;
                }
                let ta = state.target_of[a] as usize;
                let tb = state.target_of[b] as usize;
                if ta == tb {
                    continue;
                }
                let delta = vwo[a] * model.q(wb, ta) + vwo[b] * model.q(wa, tb)
                    - state.vs[ta]
                    - state.vs[tb];
                if delta < -tolerance(state.obj) {
                    state.relocate(model, a as u32, tb);
                    state.relocate(model, b as u32, ta);
                    for t in [ta, tb] {
                        for &s in &state.on[t] {
                            vwo[s as usize] = model.values[t] * state.surv_without(model, t, s);
                        }
                    }
                    improved = true;
                }
            }
        }
        improved
    }

    /// Relocate and swap passes until neither improves.
    fn descend_cheap(&mut self, state: &mut State, limits: &Limits) {
        let mut spent = limits.clock();
        loop {
            let a = self.relocate_pass(state, &mut spent);
            let b = self.swap_pass(state, &mut spent);
            if !(a || b) || limits.out_of_time() {
                break;
            }
        }
    }

    /// One assignment-exchange move over the targets in `self.occupied` (a subset of the
    /// occupied targets): one shot is taken off each (chosen at random where a target has
    /// several) and the shots are put back optimally, at most one per target, by a linear
    /// assignment problem. Small subsets use the dense solver over all targets; large ones
    /// the sparse solver over candidate edges: each shot's own target, its
    /// `ROW_CANDIDATES` best targets by gain, and for every target the `COL_CANDIDATES`
    /// shots of the weapons with the highest kill probability on it. Returns whether the
    /// solution improved (it is changed only then).
    fn exchange_move(&mut self, state: &mut State, mode: usize) -> bool {
        let model = self.model;
        let n = model.n;
        let k = self.occupied.len();
        if k == 0 || k > MAX_EXCHANGE_ROWS {
            return false;
        }
        self.chosen_shots.clear();
        self.vrest.clear();
        self.vrest.extend_from_slice(&state.vs);
        for &t in &self.occupied {
            let list = &state.on[t];
            // Representatives persist between exchanges (so the warm start finds most
            // rows unchanged); a share `REDRAW` of them is drawn anew each time.
            let keep = self.rep[t];
            let s = if list.len() == 1 {
                list[0]
            } else if keep != NO_ROW && list.contains(&keep) && self.rng.random::<f64>() >= REDRAW {
                keep
            } else {
                list[self.rng.random_range(0..list.len())]
            };
            self.rep[t] = s;
            self.chosen_shots.push(s);
            self.vrest[t] = model.values[t] * state.surv_without(model, t, s);
        }
        let rest: f64 = self.vrest.iter().sum();
        let total = if k <= DENSE_MAX_ROWS && k * n <= MAX_DENSE_ENTRIES {
            self.cost.clear();
            for &s in &self.chosen_shots {
                let row = model.p_row(model.shot_weapon[s as usize]);
                self.cost
                    .extend(self.vrest.iter().zip(row).map(|(&v, &p)| -(v * p)));
            }
            let Some((cols, total)) = self.dense.solve(k, n, &self.cost) else {
                return false;
            };
            self.targets.clear();
            self.targets.extend_from_slice(cols);
            total
        } else {
            if !self.build_candidates() {
                return false;
            }
            // Dummy rows (targets left without a removed shot) make the problem square, so
            // the solver can warm-start from the previous potentials.
            let Some((cols, total)) =
                self.sparse[mode].solve(n, &self.start, &self.edges, n - k, Some(&self.occupied))
            else {
                return false;
            };
            self.targets.clear();
            self.targets.extend_from_slice(cols);
            total
        };
        let new_obj = rest + total;
        if new_obj < state.obj - tolerance(state.obj) {
            let before = state.obj;
            for &s in &self.chosen_shots {
                state.unassign(model, s);
            }
            for (&s, &t) in self.chosen_shots.iter().zip(&self.targets) {
                state.assign(model, s, t);
            }
            state.refresh_objective();
            state.obj < before
        } else {
            false
        }
    }

    /// Candidate edges of the sparse exchange (see [`Search::exchange_move`]); `false` if
    /// the deadline passed while they were gathered.
    fn build_candidates(&mut self) -> bool {
        let model = self.model;
        let deadline = self.dense.deadline;
        let n = model.n;
        let k = self.chosen_shots.len();
        if self.row_cols.len() < k {
            self.row_cols.resize_with(k, Vec::new);
        }
        // Rows of every weapon, as linked lists.
        for (r, &s) in self.chosen_shots.iter().enumerate().rev() {
            let w = model.shot_weapon[s as usize] as usize;
            self.next_row[r] = self.first_row[w];
            self.first_row[w] = r as u32;
        }
        let mut spent = Limits {
            deadline,
            max_iterations: None,
            stall: 0,
        }
        .clock();
        for (r, (&s, &own)) in self.chosen_shots.iter().zip(&self.occupied).enumerate() {
            if spent(n as u64) {
                for &s in &self.chosen_shots {
                    self.first_row[model.shot_weapon[s as usize] as usize] = NO_ROW;
                }
                return false;
            }
            let cols = &mut self.row_cols[r];
            cols.clear();
            cols.push(own);
            let row = model.p_row(model.shot_weapon[s as usize]);
            let mut top = [(f64::NEG_INFINITY, usize::MAX); ROW_CANDIDATES];
            let mut min_pos = 0;
            for (t, (&v, &p)) in self.vrest.iter().zip(row).enumerate() {
                let gain = v * p;
                if gain > top[min_pos].0 {
                    top[min_pos] = (gain, t);
                    min_pos = 0;
                    for (i, e) in top.iter().enumerate() {
                        if e.0 < top[min_pos].0 {
                            min_pos = i;
                        }
                    }
                }
            }
            cols.extend(top.iter().filter(|e| e.1 != usize::MAX).map(|e| e.1));
        }
        for t in 0..n {
            let mut found = 0;
            'weapons: for &w in &self.weapon_rank[t] {
                let mut r = self.first_row[w as usize];
                while r != NO_ROW {
                    self.row_cols[r as usize].push(t);
                    found += 1;
                    if found == COL_CANDIDATES {
                        break 'weapons;
                    }
                    r = self.next_row[r as usize];
                }
            }
        }
        for &s in &self.chosen_shots {
            self.first_row[model.shot_weapon[s as usize] as usize] = NO_ROW;
        }
        self.edges.clear();
        self.start.clear();
        self.start.push(0);
        for (r, &s) in self.chosen_shots.iter().enumerate() {
            let cols = &mut self.row_cols[r];
            cols.sort_unstable();
            cols.dedup();
            let row = model.p_row(model.shot_weapon[s as usize]);
            self.edges
                .extend(cols.iter().map(|&t| (t, -(self.vrest[t] * row[t]))));
            self.start.push(self.edges.len());
        }
        true
    }

    /// Selects each occupied target for an exchange with probability `fraction` (all of
    /// them if `fraction >= 1`). Targets left out keep their shots and may still receive
    /// one, so the exchange can also change how many shots a target gets.
    fn select_random(&mut self, state: &State, fraction: f64) {
        self.occupied.clear();
        for t in 0..self.model.n {
            if !state.on[t].is_empty() && (fraction >= 1.0 || self.rng.random::<f64>() < fraction) {
                self.occupied.push(t);
            }
        }
    }

    /// Selects the targets with at least two shots (all occupied ones if there are none):
    /// the targets with one shot may then receive a second one.
    fn select_multi(&mut self, state: &State) {
        self.occupied.clear();
        self.occupied
            .extend((0..self.model.n).filter(|&t| state.on[t].len() >= 2));
        if self.occupied.is_empty() {
            self.select_random(state, 1.0);
        }
    }

    /// Full descent: cheap moves, then assignment exchanges, repeated while any improves.
    /// After a failed exchange the next one selects targets differently (all occupied,
    /// multi-shot, random share); `tries` failures in a row end the descent, and so does
    /// one failure when no target has two shots.
    fn descend(&mut self, state: &mut State, limits: &Limits, tries: usize) {
        self.descend_cheap(state, limits);
        let mut fails = 0;
        while fails < tries && !limits.out_of_time() {
            let mode = fails % 3;
            match mode {
                0 => self.select_random(state, 1.0),
                1 => self.select_multi(state),
                _ => {
                    let fraction = 0.5 + 0.5 * self.rng.random::<f64>();
                    self.select_random(state, fraction);
                }
            }
            if self.exchange_move(state, mode) {
                fails = 0;
                self.descend_cheap(state, limits);
            } else {
                fails += 1;
                if state.on.iter().all(|l| l.len() <= 1) {
                    break;
                }
            }
        }
        state.refresh_objective();
    }

    /// Moves `r` random shots to random targets they can hit.
    fn perturb(&mut self, state: &mut State, r: usize) {
        let model = self.model;
        for _ in 0..r {
            let s = self.rng.random_range(0..model.shots()) as u32;
            let w = model.shot_weapon[s as usize];
            let t = self.rng.random_range(0..model.n);
            if model.p(w, t) > 0.0 {
                state.relocate(model, s, t);
            }
        }
        state.refresh_objective();
    }

    /// Construction by rounds of linear assignment: while at least `n` shots are left,
    /// every target receives exactly one more shot (an assignment of targets to remaining
    /// shots maximising `Σ V_t S_t p_wt`); the last, smaller round gives each remaining
    /// shot a distinct target. Each round is exact for its own gains; candidate edges are
    /// sparse (the targets' best weapons, the shots' best targets), and if a round has no
    /// feasible assignment on them the remaining shots are placed by MMR greedy.
    fn assignment_rounds(&mut self, limits: &Limits) -> Option<State> {
        let model = self.model;
        let n = model.n;
        let mut state = State::empty(model);
        let mut left: Vec<u32> = (0..model.shots() as u32).collect();
        let mut lsap = SparseLsap::with_deadline(limits.deadline);
        let mut spent = limits.clock();
        while !left.is_empty() {
            if spent(left.len() as u64) {
                break;
            }
            self.edges.clear();
            self.start.clear();
            self.start.push(0);
            let round = if left.len() >= n {
                self.full_round(&state, &left, &mut lsap, &mut spent)
            } else {
                self.last_round(&state, &left, &mut lsap, &mut spent)
            };
            let Some(placed) = round else { break };
            let mut done = vec![false; model.shots()];
            for &(s, t) in &placed {
                state.assign(model, s, t);
                done[s as usize] = true;
            }
            left.retain(|&s| !done[s as usize]);
        }
        if !left.is_empty() && !mmr_insert(model, &mut state, &left, &mut spent) {
            return None;
        }
        // Cut short by the deadline (the clock stays over once it is): not a solution.
        if spent(0) {
            return None;
        }
        state.refresh_objective();
        Some(state)
    }

    /// A round of [`Self::assignment_rounds`] with at least `n` shots `left`: every target
    /// receives one of them; `(shot, target)` pairs, or `None` if the round was cut short
    /// or had no feasible assignment.
    fn full_round(
        &mut self,
        state: &State,
        left: &[u32],
        lsap: &mut SparseLsap,
        spent: &mut impl FnMut(u64) -> bool,
    ) -> Option<Vec<(u32, usize)>> {
        let model = self.model;
        let n = model.n;
        // Remaining shots of every weapon.
        let weapons = self.first_row.len();
        let mut by_weapon: Vec<Vec<u32>> = vec![Vec::new(); weapons];
        for &s in left {
            by_weapon[model.shot_weapon[s as usize] as usize].push(s);
        }
        // Rows are targets, columns are remaining shots (indices into `left`).
        let mut col_of_shot = vec![usize::MAX; model.shots()];
        for (c, &s) in left.iter().enumerate() {
            col_of_shot[s as usize] = c;
        }
        for t in 0..n {
            for &w in &self.weapon_rank[t] {
                let gain = state.vs[t] * model.p(w, t);
                for &s in &by_weapon[w as usize] {
                    self.edges.push((col_of_shot[s as usize], -gain));
                }
            }
            self.start.push(self.edges.len());
            if self.edges.len() > MAX_ROUND_EDGES || spent(1) {
                break;
            }
        }
        if self.start.len() != n + 1 {
            return None;
        }
        let (cols, _) = lsap.solve(left.len(), &self.start, &self.edges, 0, None)?;
        Some(
            cols.iter()
                .enumerate()
                .map(|(t, &c)| (left[c], t))
                .collect(),
        )
    }

    /// The last round of [`Self::assignment_rounds`], fewer than `n` shots `left`: each
    /// receives a distinct target; `(shot, target)` pairs, or `None` if the round was cut
    /// short or had no feasible assignment.
    fn last_round(
        &mut self,
        state: &State,
        left: &[u32],
        lsap: &mut SparseLsap,
        spent: &mut impl FnMut(u64) -> bool,
    ) -> Option<Vec<(u32, usize)>> {
        let model = self.model;
        let n = model.n;
        let weapons = self.first_row.len();
        // Rows are remaining shots, columns are targets.
        let mut rows_of_weapon: Vec<Vec<usize>> = vec![Vec::new(); weapons];
        for (r, &s) in left.iter().enumerate() {
            rows_of_weapon[model.shot_weapon[s as usize] as usize].push(r);
        }
        let mut row_cols: Vec<Vec<usize>> = vec![Vec::new(); left.len()];
        for (r, &s) in left.iter().enumerate() {
            if spent(n as u64) {
                break;
            }
            let row = model.p_row(model.shot_weapon[s as usize]);
            let mut ranked: Vec<(f64, usize)> = (0..n).map(|t| (state.vs[t] * row[t], t)).collect();
            let keep = (4 * ROW_CANDIDATES).min(n);
            if keep < n {
                ranked.select_nth_unstable_by(keep, |a, b| b.0.total_cmp(&a.0));
                ranked.truncate(keep);
            }
            row_cols[r].extend(ranked.iter().map(|e| e.1));
        }
        for t in 0..n {
            let mut found = 0;
            'w: for &w in &self.weapon_rank[t] {
                for &r in &rows_of_weapon[w as usize] {
                    row_cols[r].push(t);
                    found += 1;
                    if found == COL_CANDIDATES {
                        break 'w;
                    }
                }
            }
        }
        for (r, &s) in left.iter().enumerate() {
            let cols = &mut row_cols[r];
            cols.sort_unstable();
            cols.dedup();
            let row = model.p_row(model.shot_weapon[s as usize]);
            self.edges
                .extend(cols.iter().map(|&t| (t, -(state.vs[t] * row[t]))));
            self.start.push(self.edges.len());
        }
        if spent(0) {
            return None;
        }
        let (cols, _) = lsap.solve(n, &self.start, &self.edges, 0, None)?;
        Some(left.iter().zip(cols).map(|(&s, &t)| (s, t)).collect())
    }

    /// Iterated local search from `start`; returns the best solution found.
    pub(crate) fn run(&mut self, start: State, limits: &Limits, stats: &mut Stats) -> State {
        let model = self.model;
        let mut state = start;
        if model.shots() == 0 || model.n == 0 {
            return state;
        }
        if limits.out_of_time() {
            return state;
        }
        if let Some(rounds) = self.assignment_rounds(limits)
            && rounds.obj < state.obj
        {
            state = rounds;
        }
        self.descend(&mut state, limits, 3);
        let mut best = state.clone();
        let mut since_best = 0u64;
        loop {
            if limits.out_of_time()
                || limits.max_iterations.is_some_and(|m| stats.iterations >= m)
                || since_best >= limits.stall
            {
                break;
            }
            stats.iterations += 1;
            since_best += 1;
            let r = 2 + self.rng.random_range(0..4usize);
            self.perturb(&mut state, r);
            self.descend(&mut state, limits, 2);
            if state.obj < best.obj - tolerance(best.obj) {
                best = state.clone();
                since_best = 0;
            } else if state.obj > best.obj {
                state.clone_from(&best);
            }
        }
        best
    }
}
