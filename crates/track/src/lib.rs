//! # iadsim-track
//!
//! The multi-target tracker as a library usable on any detection stream: filters (EKF,
//! UKF, IMM), gating, association (GNN, JPDA), initiation and deletion, fusion, and
//! OSPA/GOSPA metrics.
//!
//! **Empty for now.** Issue 4 fills this crate. Until then the engine uses the first
//! tracking model in `iadsim_sim::tracking` (a nearest-neighbour alpha-beta tracker).
