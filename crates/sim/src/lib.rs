//! # iadsim-sim
//!
//! The engine: one deterministic clock driving the kill chain
//! truth → sense → track → decide → engage → assess, and the event stream it produces.
//!
//! It reads a [`setup::Setup`] (SI units, catalogue references resolved) and knows nothing
//! of files or the command line.

pub mod setup;
pub mod truth;
