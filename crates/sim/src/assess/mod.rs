//! Assess: what the run did, judged against the truth — damage, arrivals and asset hits,
//! the accuracy of the pictures, and the summary.
//!
//! - [`summary`]: [`Summary`], the outcome of one run.

pub mod summary;

pub use summary::Summary;
