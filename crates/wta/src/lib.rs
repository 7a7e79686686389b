//! # iadsim-wta
//!
//! Weapon-target assignment solvers usable on any instance: exact branch and bound for
//! small problems and near-optimal large-neighbourhood search for large ones.
//!
//! **Empty for now.** Issue 6 fills this crate. Until then the engine's battle manager
//! uses its first model in `iadsim_sim::battle` (nearest ready launcher to the most
//! urgent track).
