//! The entry point: [`solve`] with [`SolveOptions`], returning a [`Solution`].

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::exact::{EXACT_MAX_SHOTS, branch_and_bound};
use crate::heuristic::{Limits, Search, Stats, greedy};
use crate::instance::{Assignment, Instance, objective};
use crate::model::{Model, State};

/// Instances with at most this many shots are solved exactly by [`Method::Auto`] (after the
/// heuristic, within the time limit).
pub const AUTO_EXACT_MAX_SHOTS: usize = 40;

/// Which algorithm [`solve`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// The heuristic, then branch and bound when the instance has at most
    /// [`AUTO_EXACT_MAX_SHOTS`] shots.
    #[default]
    Auto,
    /// The heuristic for an incumbent, then branch and bound (bounded by the time limit and
    /// `exact_node_limit`) on instances of at most [`EXACT_MAX_SHOTS`] shots; larger ones
    /// get the heuristic alone (and `method` says so).
    Exact,
    /// Greedy construction and iterated local search only.
    Heuristic,
    /// Maximum-marginal-return greedy only (a baseline).
    Greedy,
}

/// Options of [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOptions {
    /// Algorithm choice.
    pub method: Method,
    /// Wall-clock budget of the whole solve. The best solution found by then is returned
    /// (shots the greedy start had not placed stay unassigned). Every phase — the greedy
    /// start, the construction rounds, each local-search pass, the assignment solvers and
    /// branch and bound — reads the clock at least every ~65,000 units of work, so the
    /// limit is overrun by well under 0.1 s at any size [`Instance::new`] allows. A limit
    /// too large for the platform's clock is no limit. A time limit makes the result depend on
    /// machine speed and load; use `max_iterations` (and no time limit) for
    /// bit-reproducible runs.
    pub time_limit: Option<Duration>,
    /// Maximum number of perturbation rounds of the iterated local search. Without a time
    /// limit the result is then a pure function of the instance, the options and the seed.
    pub max_iterations: Option<u64>,
    /// Rounds without improvement after which the local search stops early. `None`: no
    /// such stop for a time-limited heuristic run (it uses the whole limit), otherwise
    /// `max(300, 2 × shots)`; before branch and bound at most 100.
    pub stall_iterations: Option<u64>,
    /// Maximum number of branch-and-bound nodes (deterministic counterpart of the time
    /// limit for the exact method).
    pub exact_node_limit: u64,
    /// Seed of the local search's random generator.
    pub seed: u64,
}

impl Default for SolveOptions {
    /// `Auto`, 10 s time limit, no iteration limit, default stall rule, 10⁸ nodes, seed 0.
    fn default() -> Self {
        SolveOptions {
            method: Method::Auto,
            time_limit: Some(Duration::from_secs(10)),
            max_iterations: None,
            stall_iterations: None,
            exact_node_limit: 100_000_000,
            seed: 0,
        }
    }
}

/// The result of [`solve`]. Serialises (serde) as
/// `{"objective": ..., "assignment": [[w, t], ...], "seconds": ..., "proven_optimal": ...,
/// "lower_bound": ..., "method": ..., "iterations": ..., "nodes": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    /// Expected surviving value of the assignment, recomputed from it with
    /// [`objective`] (same unit as the target values).
    pub objective: f64,
    /// The shots, `(weapon, target)`, sorted. Shots that cannot kill any target they could be
    /// given (`p = 0`) are left out; they would not change the objective.
    pub assignment: Assignment,
    /// Wall-clock time of the solve, seconds.
    pub seconds: f64,
    /// True when the assignment is proven optimal (to a relative 1e-9).
    pub proven_optimal: bool,
    /// A lower bound on the optimum when one was computed (branch and bound), else `None`.
    pub lower_bound: Option<f64>,
    /// The algorithm that ran (`auto` never appears: it reports what it chose).
    pub method: Method,
    /// Perturbation rounds of the local search.
    pub iterations: u64,
    /// Branch-and-bound nodes explored.
    pub nodes: u64,
}

/// Solves a weapon-target assignment instance.
///
/// Builds the maximum-marginal-return greedy solution, improves it by iterated local
/// search (see [`Method::Heuristic`]) and, for small instances or [`Method::Exact`], proves
/// or improves it by branch and bound. Anytime: with a time limit the best solution found
/// so far is returned. Deterministic for given options when no time limit interrupts it.
pub fn solve(instance: &Instance, options: &SolveOptions) -> Solution {
    let start = Instant::now();
    // A limit beyond what an `Instant` can hold is no limit.
    let deadline = options.time_limit.and_then(|d| start.checked_add(d));
    let model = Model::new(instance);
    let shots = model.shots();
    let clock = Limits {
        deadline,
        max_iterations: None,
        stall: 0,
    };
    let (mut state, complete) = greedy(&model, &clock);
    let mut method = Method::Greedy;
    let mut iterations = 0;
    let mut nodes = 0;
    let mut proven = shots == 0;
    let mut lower_bound = None;

    let run_exact = match options.method {
        Method::Greedy => false,
        Method::Heuristic => false,
        Method::Exact => shots <= EXACT_MAX_SHOTS,
        Method::Auto => shots <= AUTO_EXACT_MAX_SHOTS,
    };
    if options.method != Method::Greedy && shots > 0 && complete {
        (state, iterations) = local_search(&model, state, options, deadline, run_exact);
        method = Method::Heuristic;
    }
    if run_exact && shots > 0 && complete {
        let outcome = branch_and_bound(&model, state.obj, deadline, options.exact_node_limit);
        nodes = outcome.nodes;
        method = Method::Exact;
        if let Some(targets) = outcome.improved {
            let mut better = State::empty(&model);
            for (s, &t) in targets.iter().enumerate() {
                better.assign(&model, s as u32, t as usize);
            }
            better.refresh_objective();
            if better.obj < state.obj {
                state = better;
            }
        }
        proven = outcome.proven;
        lower_bound = Some(if proven {
            outcome.objective
        } else {
            outcome.root_bound
        });
    }
    let assignment = state.to_assignment(&model);
    let value = objective(instance, &assignment);
    if value == 0.0 {
        proven = true;
    }
    if proven && lower_bound.is_none() {
        lower_bound = Some(value);
    }
    Solution {
        objective: value,
        assignment,
        seconds: start.elapsed().as_secs_f64(),
        proven_optimal: proven,
        lower_bound: lower_bound.map(|lb: f64| lb.min(value)),
        method,
        iterations,
        nodes,
    }
}

/// Improves `state` by iterated local search (see [`Method::Heuristic`]); returns it and
/// the perturbation rounds run. `run_exact`: a branch and bound follows, which needs only
/// a good incumbent.
fn local_search(
    model: &Model,
    mut state: State,
    options: &SolveOptions,
    deadline: Option<Instant>,
    run_exact: bool,
) -> (State, u64) {
    let shots = model.shots();
    // Without an explicit rule, a time-limited pure heuristic runs until the limit.
    let stall = options
        .stall_iterations
        .unwrap_or(if options.time_limit.is_some() && !run_exact {
            u64::MAX
        } else {
            300.max(2 * shots as u64)
        });
    let limits = Limits {
        deadline,
        max_iterations: options.max_iterations,
        // Before an exact run the local search only needs a good incumbent.
        stall: if run_exact { stall.min(100) } else { stall },
    };
    let mut stats = Stats::default();
    if let Some(mut search) = Search::new(model, options.seed, &limits) {
        state = search.run(state, &limits, &mut stats);
    }
    (state, stats.iterations)
}
