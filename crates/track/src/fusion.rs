//! Measurement-level fusion of several sensors, with out-of-order reports.
//!
//! All sensors feed one [`crate::tracker::Tracker`] (each is a [`crate::measurement::Sensor`]
//! with its own position, axes and noise); detections are fused at the measurement level,
//! one batch at a time, **in time order**. Reports reach a fusion centre late and
//! shuffled (different sensor latencies); the policy here is:
//!
//! * [`LagBuffer`] holds incoming batches for a fixed lag window `L`. When the clock
//!   (the newest report time seen, or an explicit `now`) passes `t + L`, batches up to
//!   `t` are released sorted by (time, arrival order), so any report delayed by less than
//!   `L` is processed in its right place. The price is `L` seconds of output latency.
//! * A batch that arrives after batches of later time have already been released is
//!   **rejected and counted** ([`LagBuffer::rejected`]); it is not used (no
//!   retrodiction/out-of-sequence update). The tracker applies the same rule to batches
//!   handed to it directly ([`crate::tracker::TrackerError::OutOfOrder`]).

use std::collections::BTreeMap;

use crate::tracker::Batch;

/// A time-ordering buffer with a fixed lag window (see the module documentation).
#[derive(Debug, Clone)]
pub struct LagBuffer<const M: usize> {
    /// Lag window, s.
    pub lag: f64,
    pending: BTreeMap<(OrderedTime, u64), Batch<M>>,
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

impl<const M: usize> LagBuffer<M> {
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
    pub fn push(&mut self, batch: Batch<M>) -> bool {
        if !batch.time.is_finite() || batch.time < self.released_until {
            self.rejected += 1;
            return false;
        }
        self.newest = self.newest.max(batch.time);
        self.pending
            .insert((OrderedTime(batch.time), self.arrivals), batch);
        self.arrivals += 1;
        true
    }

    /// Releases, in time order, every batch with time ≤ `now − lag`.
    pub fn release(&mut self, now: f64) -> Vec<Batch<M>> {
        let cut = now - self.lag;
        let mut out = Vec::new();
        while let Some(entry) = self.pending.first_entry() {
            if entry.key().0.0 > cut {
                break;
            }
            let b = entry.remove();
            self.released_until = self.released_until.max(b.time);
            out.push(b);
        }
        out
    }

    /// Releases what the newest report time allows (`now` = newest batch time seen).
    pub fn release_ready(&mut self) -> Vec<Batch<M>> {
        self.release(self.newest)
    }

    /// Releases everything still held, in time order (end of data).
    pub fn flush(&mut self) -> Vec<Batch<M>> {
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
