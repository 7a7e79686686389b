//! # iadsim-wta
//!
//! Static weapon-target assignment (WTA) as a standalone library, usable on any instance:
//! choose how many shots `x_wt` each weapon `w` fires at each target `t` to minimise the
//! expected surviving target value
//!
//! ```text
//! Σ_t V_t · Π_w (1 − p_wt)^x_wt    subject to   Σ_t x_wt ≤ μ_w,  x_wt ≥ 0 integer
//! ```
//!
//! with target values `V_t ≥ 0`, single-shot kill probabilities `p_wt ∈ [0, 1]` and shot
//! capacities `μ_w`. The problem is NP-hard.
//!
//! - [`Instance`] (validated data), [`Assignment`] (list of `(weapon, target)` shots) and
//!   [`objective`] (recomputed from an assignment).
//! - [`solve`] with [`SolveOptions`]: a construction (maximum-marginal-return greedy or
//!   rounds of linear assignment, whichever is better), then an iterated local search over
//!   relocate, swap and an assignment-based very-large-scale neighbourhood (ejection chains
//!   solved exactly as a sparse, warm-started linear assignment problem), then for small
//!   instances a branch and bound (Lagrangian and assignment-slot lower bounds) that proves
//!   optimality. Anytime, seeded, deterministic under an iteration limit. Returns a
//!   serialisable [`Solution`].
//! - [`read_instance`] / [`parse_instance`]: the text format of the Andersen, Pavlikov &
//!   Toffolo (2022) benchmark files and a JSON format, with line-numbered errors.
//!
//! Nothing here knows about scenarios, sensors or the command line; the engine's battle
//! manager and the `iadsim wta` command build on it.
//!
//! ```
//! use iadsim_wta::{Instance, SolveOptions, solve};
//! let instance = Instance::new(
//!     vec![10.0, 6.0],
//!     vec![vec![0.8, 0.5], vec![0.6, 0.7], vec![0.5, 0.5]],
//!     vec![1, 1, 1],
//! )
//! .unwrap();
//! let solution = solve(&instance, &SolveOptions::default());
//! assert!((solution.objective - 2.8).abs() < 1e-12);
//! assert!(solution.proven_optimal);
//! ```

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

mod exact;
mod heuristic;
mod instance;
mod lsap;
mod model;
mod read;
mod solve;

pub use exact::EXACT_MAX_SHOTS;
pub use instance::{
    Assignment, AssignmentError, Instance, InstanceError, MAX_PK_ENTRIES, MAX_TOTAL_SHOTS,
    objective, try_objective,
};
pub use read::{
    MAX_DIMENSION, MAX_FILE_BYTES, ReadError, parse_instance, parse_json, parse_text, read_instance,
};
pub use solve::{AUTO_EXACT_MAX_SHOTS, Method, Solution, SolveOptions, solve};
