//! Measurement-level fusion of several sensors, with out-of-order reports.
//!
//! All sensors feed one [`crate::tracker::Tracker`] (each is a [`crate::measurement::Sensor`]
//! with its own position, axes and noise); detections are fused at the measurement level,
//! one batch at a time, **in time order**. Reports reach a fusion centre late and
//! shuffled (different sensor latencies); the policy here is:
//!
//! * [`LagBuffer`] holds incoming batches for a fixed lag window `L`. When the clock
//!   (the newest report time seen, or an explicit `now`) passes `t + L`, batches up to
//!   `t` are released sorted by (time, [`Timed::order`], arrival order), so any report
//!   delayed by less than `L` is processed in its right place, and reports of equal time
//!   from different sensors come out in the same order whatever order they arrived in.
//!   The price is `L` seconds of output latency.
//! * The buffer holds anything with a time ([`Timed`]): the tracker's [`Batch`], or a
//!   caller's own report type carrying more than the detections.
//! * A batch that arrives after batches of later time have already been released is
//!   **rejected and counted** ([`LagBuffer::rejected`]); it is not used (no
//!   retrodiction/out-of-sequence update). The tracker applies the same rule to batches
//!   handed to it directly ([`crate::tracker::TrackerError::OutOfOrder`]).

use std::collections::BTreeMap;

use crate::tracker::Batch;

/// A report the [`LagBuffer`] can order: a time and a tie-break among reports of equal
/// time.
pub trait Timed {
    /// Time of the report (of its detections), s.
    fn time(&self) -> f64;
    /// Tie-break among reports of equal time, smaller first (e.g. the sensor index), so
    /// that their release order does not depend on their arrival order. Default 0.
    fn order(&self) -> u64 {
        0
    }
}

impl<const M: usize> Timed for Batch<M> {
    fn time(&self) -> f64 {
        self.time
    }
    /// The sensor index.
    fn order(&self) -> u64 {
        u64::from(self.sensor.0)
    }
}

/// A time-ordering buffer with a fixed lag window (see the module documentation), holding
/// reports of type `T` (e.g. [`Batch`]).
#[derive(Debug, Clone)]
pub struct LagBuffer<T> {
    /// Lag window, s.
    pub lag: f64,
    pending: BTreeMap<(OrderedTime, u64, u64), T>,
    released_until: f64,
    newest: f64,
    arrivals: u64,
    rejected: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct OrderedTime(f64);
impl Eq for OrderedTime {}
impl PartialOrd for OrderedTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrderedTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl<T: Timed> LagBuffer<T> {
    /// An empty buffer with lag window `lag` s.
    pub fn new(lag: f64) -> Self {
        Self {
            lag,
            pending: BTreeMap::new(),
            released_until: f64::NEG_INFINITY,
            newest: f64::NEG_INFINITY,
            arrivals: 0,
            rejected: 0,
        }
    }

    /// Offers a batch. Returns false (and counts it) if it is too late: older than a batch
    /// already released, or not finite in time.
    pub fn push(&mut self, batch: T) -> bool {
        let time = batch.time();
        if !time.is_finite() || time < self.released_until {
            self.rejected += 1;
            return false;
        }
        self.newest = self.newest.max(time);
        self.pending
            .insert((OrderedTime(time), batch.order(), self.arrivals), batch);
        self.arrivals += 1;
        true
    }

    /// Releases, in time order, every batch with time ≤ `now − lag`.
    pub fn release(&mut self, now: f64) -> Vec<T> {
        let cut = now - self.lag;
        let mut out = Vec::new();
        while let Some(entry) = self.pending.first_entry() {
            if entry.key().0.0 > cut {
                break;
            }
            let b = entry.remove();
            self.released_until = self.released_until.max(b.time());
            out.push(b);
        }
        out
    }

    /// Releases what the newest report time allows (`now` = newest batch time seen).
    pub fn release_ready(&mut self) -> Vec<T> {
        self.release(self.newest)
    }

    /// Releases everything still held, in time order (end of data).
    pub fn flush(&mut self) -> Vec<T> {
        self.release(f64::INFINITY)
    }

    /// Batches rejected as too late.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Batches waiting.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }
}
