//! What the run records about each threat for the attribution (analysis only): its
//! tracks, the cycles that passed it over, and its engagements, launches, detonations,
//! losses and kill assessments.

use std::collections::HashMap;

use crate::decide::manager::SkipReason;

/// One thing recorded about a threat during the run (analysis only).
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// An engagement was planned against a track of it.
    Planned {
        /// Decision time, s.
        time: f64,
        /// Battalion index.
        battalion: usize,
        /// Track id.
        track: u64,
        /// Missile type.
        missile: String,
        /// Rounds in the salvo.
        rounds: u32,
        /// Predicted intercept time, s.
        predicted: f64,
    },
    /// An interceptor was launched at it.
    Launch {
        /// Launch time, s.
        time: f64,
        /// Interceptor id.
        interceptor: usize,
        /// Battalion index.
        battalion: usize,
        /// Missile type.
        missile: String,
    },
    /// An interceptor's fuze fired at it.
    Detonation {
        /// Time, s.
        time: f64,
        /// Interceptor id.
        interceptor: usize,
        /// Miss distance, m.
        miss: f64,
        /// Whether it was destroyed.
        killed: bool,
    },
    /// An interceptor launched at it ended without a fuze event.
    Lost {
        /// Time, s.
        time: f64,
        /// Interceptor id.
        interceptor: usize,
        /// Why.
        reason: String,
    },
    /// The command post judged a track of it killed.
    JudgedKilled {
        /// Time, s.
        time: f64,
        /// Battalion index.
        battalion: usize,
        /// Track id.
        track: u64,
    },
}

impl Fact {
    pub(super) fn time(&self) -> f64 {
        match self {
            Self::Planned { time, .. }
            | Self::Launch { time, .. }
            | Self::Detonation { time, .. }
            | Self::Lost { time, .. }
            | Self::JudgedKilled { time, .. } => *time,
        }
    }
}

/// The decision cycles that passed a threat over for one reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkipSpan {
    /// The reason.
    pub reason: SkipReason,
    /// First cycle, s.
    pub first: f64,
    /// Last cycle, s.
    pub last: f64,
    /// Cycles.
    pub cycles: u32,
}

/// What the run recorded about one threat (analysis only).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThreatFacts {
    /// The (battalion, radar) of its first detection.
    pub first_detected_by: Option<(usize, usize)>,
    /// Battalion tracks that followed it: (confirmation time s, battalion, track id).
    pub tracks: Vec<(f64, usize, u64)>,
    /// The cycles that passed it over, per reason.
    pub skips: Vec<SkipSpan>,
    /// Engagements, launches, detonations, losses and kill assessments, in time order.
    pub facts: Vec<Fact>,
}

/// The analysis' mapping of tracks and interceptors to threats, and each threat's facts.
#[derive(Debug, Default)]
pub struct FactBook {
    /// Per threat.
    pub threats: Vec<ThreatFacts>,
    /// (battalion, track id) → threat nearest the track when it was confirmed.
    track_threat: HashMap<(usize, u64), usize>,
    /// Interceptor id → threat it was launched at (nearest the track at launch).
    interceptor_threat: Vec<Option<usize>>,
}

impl FactBook {
    /// An empty book for `threats` threats.
    pub fn new(threats: usize) -> Self {
        Self {
            threats: vec![ThreatFacts::default(); threats],
            ..Default::default()
        }
    }

    /// The threat the analysis maps battalion `battalion`'s track `track` to.
    pub fn threat_of_track(&self, battalion: usize, track: u64) -> Option<usize> {
        self.track_threat.get(&(battalion, track)).copied()
    }

    /// Track `track` of battalion `battalion` was confirmed at `time` s, nearest threat
    /// `threat`.
    pub fn track_started(&mut self, battalion: usize, track: u64, threat: usize, time: f64) {
        self.track_threat.insert((battalion, track), threat);
        self.threats[threat].tracks.push((time, battalion, track));
    }

    /// A decision cycle at `time` s passed battalion `battalion`'s track `track` over;
    /// recorded only if its threat is `alive` then.
    pub fn skipped(
        &mut self,
        battalion: usize,
        track: u64,
        reason: SkipReason,
        time: f64,
        alive: impl Fn(usize) -> bool,
    ) {
        let Some(k) = self.threat_of_track(battalion, track).filter(|&k| alive(k)) else {
            return;
        };
        let skips = &mut self.threats[k].skips;
        match skips.iter_mut().find(|s| s.reason == reason) {
            Some(s) if s.last < time => {
                s.last = time;
                s.cycles += 1;
            }
            // The same cycle through another battalion's track of it.
            Some(_) => {}
            None => skips.push(SkipSpan {
                reason,
                first: time,
                last: time,
                cycles: 1,
            }),
        }
    }

    /// A fact about the threat of battalion `battalion`'s track `track`.
    pub fn on_track(&mut self, battalion: usize, track: u64, fact: Fact) {
        if let Some(k) = self.threat_of_track(battalion, track) {
            self.threats[k].facts.push(fact);
        }
    }

    /// Interceptor `interceptor` was launched at threat `threat` (`fact`).
    pub fn launched(&mut self, interceptor: usize, threat: usize, fact: Fact) {
        if self.interceptor_threat.len() <= interceptor {
            self.interceptor_threat.resize(interceptor + 1, None);
        }
        self.interceptor_threat[interceptor] = Some(threat);
        self.threats[threat].facts.push(fact);
    }

    /// A fact about threat `threat`.
    pub fn on_threat(&mut self, threat: usize, fact: Fact) {
        self.threats[threat].facts.push(fact);
    }

    /// A fact about the threat interceptor `interceptor` was launched at.
    pub fn on_interceptor(&mut self, interceptor: usize, fact: Fact) {
        if let Some(Some(k)) = self.interceptor_threat.get(interceptor) {
            self.threats[*k].facts.push(fact);
        }
    }
}
