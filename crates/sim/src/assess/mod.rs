//! Assess: what the run did, judged against the truth — kills, arrivals and asset hits, the
//! accuracy of the pictures, the tally and the summary.
//!
//! - [`attribution`]: why each leaker leaked (after the run, from the facts the tally
//!   kept and the truth);
//! - [`damage`]: whether a detonation kills (damage function of the miss distance);
//! - [`arrivals`]: which assets an arriving threat hits;
//! - [`errors`]: kill-assessment errors, against the truth;
//! - [`score`]: a track picture scored against the truth (OSPA, GOSPA, track quality);
//! - [`tally`]: what the stages record as the run goes;
//! - [`report`]: the summary's tables, built from the fates and the tally;
//! - [`summary`]: [`Summary`], the outcome of one run.
//!
//! Checked by crates/sim/tests/engine.rs and engine_regiment.rs (fates and leakers of whole
//! runs) and cost.rs (the cost block recomputed from the event log alone).

pub mod arrivals;
pub mod attribution;
pub mod damage;
pub mod errors;
pub mod report;
pub mod score;
pub mod summary;
pub mod tally;

pub use summary::Summary;
