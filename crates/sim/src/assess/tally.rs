//! The run's tally against the truth, kept as the stages go: when each threat was first
//! detected, how many interceptors were launched at it, how each missile type fared, and
//! the trackers' counts and scorers. Analysis only: nothing here reaches a decision.

use super::attribution::FactBook;
use super::score::PictureScorer;
use super::summary::{
    AssessmentSummary, DebrisSummary, InterceptorSummary, RegimentTrackSummary, TrackSummary,
};
use crate::truth::threats::Object;

/// Counts per missile type, in the order the types were first met.
#[derive(Debug, Default)]
pub struct MissileTally {
    /// One row per type.
    pub rows: Vec<InterceptorSummary>,
    /// Per row: the sum of its detonations' miss distances, m.
    pub miss_sums: Vec<f64>,
}

impl MissileTally {
    /// The row of `missile` (added if new) and its miss-distance sum.
    pub fn row(&mut self, missile: &str) -> (&mut InterceptorSummary, &mut f64) {
        let i = match self.rows.iter().position(|s| s.missile == missile) {
            Some(i) => i,
            None => {
                self.rows.push(InterceptorSummary {
                    missile: missile.to_string(),
                    ..Default::default()
                });
                self.miss_sums.push(0.0);
                self.rows.len() - 1
            }
        };
        (&mut self.rows[i], &mut self.miss_sums[i])
    }
}

/// What the assess stage records as the run goes (see the module notes).
#[derive(Debug)]
pub struct Tally {
    /// Per threat: time of its first detection, s.
    pub first_detection: Vec<Option<f64>>,
    /// Per threat: measured slant range of that detection, m.
    pub first_detection_range: Vec<Option<f64>>,
    /// Per threat: interceptors launched at it (the threat nearest the track at launch —
    /// an analysis mapping the engine never uses).
    pub engaged_by: Vec<u32>,
    /// Per threat: whether a missile fuzed against it (it counts as engaged even if the
    /// launch mapping named its neighbour in a tight wave).
    pub fuzed_at: Vec<bool>,
    /// Per missile type.
    pub missiles: MissileTally,
    /// The battalions' tracker counts (accuracy filled in at the end).
    pub tracks: TrackSummary,
    /// The regiment picture's counts (accuracy filled in at the end).
    pub regiment: RegimentTrackSummary,
    /// Per battalion: its picture's scorers.
    pub battalion_scorers: Vec<PictureScorer>,
    /// The regiment picture's scorers.
    pub regiment_scorers: [PictureScorer; 1],
    /// Debris made, landed, seen and fuzed on.
    pub debris: DebrisSummary,
    /// Kill assessments and their errors.
    pub assessment: AssessmentSummary,
    /// Per threat: what the run did about it, for the leak attribution.
    pub facts: FactBook,
}

impl Tally {
    /// An empty tally for `threats` threats and `battalions` battalions.
    pub fn new(threats: usize, battalions: usize) -> Self {
        Self {
            first_detection: vec![None; threats],
            first_detection_range: vec![None; threats],
            engaged_by: vec![0; threats],
            fuzed_at: vec![false; threats],
            missiles: MissileTally::default(),
            tracks: TrackSummary::default(),
            regiment: RegimentTrackSummary::default(),
            battalion_scorers: (0..battalions).map(|_| PictureScorer::default()).collect(),
            regiment_scorers: [PictureScorer::default()],
            debris: DebrisSummary::default(),
            assessment: AssessmentSummary::default(),
            facts: FactBook::new(threats),
        }
    }

    /// A detection of `object` (`None`: a false alarm) at `time` s by radar `radar`
    /// (0 acquisition, 1 engagement) of battalion `battalion`, measured at `range` m.
    /// Returns whether it was a false alarm.
    pub fn detection(
        &mut self,
        object: Option<Object>,
        time: f64,
        range: f64,
        (battalion, radar): (usize, usize),
    ) -> bool {
        match object {
            Some(Object::Threat(k)) if self.first_detection[k].is_none() => {
                self.first_detection[k] = Some(time);
                self.first_detection_range[k] = Some(range);
                self.facts.threats[k].first_detected_by = Some((battalion, radar));
                false
            }
            Some(Object::Threat(_)) => false,
            Some(Object::Debris(_)) => {
                self.debris.detections += 1;
                false
            }
            None => {
                self.tracks.false_alarms += 1;
                true
            }
        }
    }
}
