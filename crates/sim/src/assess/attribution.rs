//! Why each leaker leaked: after the run, every threat that reached its aim point or was
//! still flying at the end gets a primary cause from a fixed list ([`LeakCause`]) and the
//! chain of facts behind it, from what the run recorded about it ([`ThreatFacts`]: its
//! detections, the tracks that followed it, the decision cycles that passed it over and
//! why, the engagements, launches, detonations and kill assessments) and from the truth
//! (its path against each radar's coverage when it was never detected).
//!
//! Analysis only: the engine's decisions never read any of it. The mappings from tracks
//! and interceptors to threats are the analysis' own (the threat nearest the track when
//! it was confirmed, or at launch), as for `engaged` in the summary.
//!
//! The causes and how each is decided are listed in `docs/leak_causes.md`.

use std::collections::HashMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use iadsim_setup::Setup;

use crate::decide::manager::SkipReason;
use crate::sense::sensor::Visibility;
use crate::truth::threats::Fate;

/// The fixed list of primary causes, in the order a study stacks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeakCause {
    /// Never detected: below every radar's horizon whenever it was within range.
    NeverDetectedHorizon,
    /// Never detected: masked by terrain whenever it was within range and above the
    /// smooth-Earth horizon.
    NeverDetectedMasked,
    /// Never detected: never within any radar's range (or coverage: elevation limits,
    /// search sector).
    NeverDetectedRange,
    /// Never detected: jammed (no jamming model yet; never assigned).
    NeverDetectedJammed,
    /// Never detected although inside some radar's coverage at times (every look
    /// missed).
    NeverDetected,
    /// Detected, but no battalion track followed it, or its battalion tracks were never
    /// related to a regiment track at the command post.
    DetectedNotTracked,
    /// Tracked, but by then every intercept came after it reached its asset (or no
    /// decision cycle saw the track before it ended).
    TrackedTooLate,
    /// Tracked and assigned a salvo, but the engagement radar had no free guidance or
    /// target channel (or, with a fire-control model, it lay outside the engagement
    /// radar's sector).
    NoChannel,
    /// Tracked, but no round left in its battalions could intercept it.
    NoRoundInReach,
    /// Tracked, but only rounds held in the ballistic reserve could intercept it in time.
    HeldInReserve,
    /// Tracked and within reach, but the rounds went to objects of higher value.
    LowerPriority,
    /// Tracked, too late for a launch after the reaction time, in time without it.
    ReactionTime,
    /// Engaged (at least one interceptor launched at it) and not killed.
    Missed,
    /// The command post judged it killed while it was alive and did not engage it again.
    JudgedKilled,
    /// None of the above (e.g. tracked, never passed over by a decision cycle that said
    /// why, and not too late).
    Other,
}

impl LeakCause {
    /// Every cause, in list order.
    pub const ALL: [LeakCause; 15] = [
        Self::NeverDetectedHorizon,
        Self::NeverDetectedMasked,
        Self::NeverDetectedRange,
        Self::NeverDetectedJammed,
        Self::NeverDetected,
        Self::DetectedNotTracked,
        Self::TrackedTooLate,
        Self::NoChannel,
        Self::NoRoundInReach,
        Self::HeldInReserve,
        Self::LowerPriority,
        Self::ReactionTime,
        Self::Missed,
        Self::JudgedKilled,
        Self::Other,
    ];

    /// The cause's key in `summary.json` and the study columns (`leak_cause_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Self::NeverDetectedHorizon => "never_detected_horizon",
            Self::NeverDetectedMasked => "never_detected_masked",
            Self::NeverDetectedRange => "never_detected_range",
            Self::NeverDetectedJammed => "never_detected_jammed",
            Self::NeverDetected => "never_detected",
            Self::DetectedNotTracked => "detected_not_tracked",
            Self::TrackedTooLate => "tracked_too_late",
            Self::NoChannel => "no_channel",
            Self::NoRoundInReach => "no_round_in_reach",
            Self::HeldInReserve => "held_in_reserve",
            Self::LowerPriority => "lower_priority",
            Self::ReactionTime => "reaction_time",
            Self::Missed => "missed",
            Self::JudgedKilled => "judged_killed",
            Self::Other => "other",
        }
    }

    /// One line saying what the cause means.
    pub fn label(self) -> &'static str {
        match self {
            Self::NeverDetectedHorizon => "never detected: below the radar horizon",
            Self::NeverDetectedMasked => "never detected: masked by terrain",
            Self::NeverDetectedRange => "never detected: out of range",
            Self::NeverDetectedJammed => "never detected: jammed",
            Self::NeverDetected => "never detected (in coverage)",
            Self::DetectedNotTracked => "detected but never tracked",
            Self::TrackedTooLate => "tracked too late to engage",
            Self::NoChannel => "not engaged: no free engagement-radar channel",
            Self::NoRoundInReach => "not engaged: no round that could reach it",
            Self::HeldInReserve => "not engaged: rounds held in reserve",
            Self::LowerPriority => "not engaged: lower priority than what was engaged",
            Self::ReactionTime => "not engaged: reaction time",
            Self::Missed => "engaged and missed",
            Self::JudgedKilled => "judged killed while alive",
            Self::Other => "other",
        }
    }

    /// The cause of `key`, if it is one.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.key() == key)
    }

    /// The cause of a threat passed over for `reason`.
    fn of_skip(reason: SkipReason) -> Self {
        match reason {
            SkipReason::NotRelated => Self::DetectedNotTracked,
            SkipReason::NoRounds | SkipReason::NoRoundInReach => Self::NoRoundInReach,
            SkipReason::TooLate => Self::TrackedTooLate,
            SkipReason::ReactionTime => Self::ReactionTime,
            SkipReason::HeldInReserve => Self::HeldInReserve,
            SkipReason::LowerPriority => Self::LowerPriority,
            SkipReason::NoChannel => Self::NoChannel,
        }
    }
}

/// What a skip reason says, for the chain.
fn skip_text(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::NotRelated => "its track not yet related to a regiment track",
        SkipReason::NoRounds => "no rounds left in its battalions",
        SkipReason::NoRoundInReach => "no round could intercept it",
        SkipReason::TooLate => "every intercept came after it reached its asset",
        SkipReason::ReactionTime => "too late after the reaction time",
        SkipReason::HeldInReserve => "only rounds held in the ballistic reserve could reach it",
        SkipReason::LowerPriority => "rounds assigned to objects of higher value",
        SkipReason::NoChannel => "no free engagement-radar channel",
    }
}

/// The skip reasons from the most binding to the least: the primary cause of a threat
/// never engaged is the first of these that passed it over at some cycle (a threat the
/// assignment could have engaged but gave way is a priority leak, even if it was later
/// too late; one out of reach at first and then left without rounds was starved of
/// rounds).
pub const SKIP_PRECEDENCE: [SkipReason; 8] = [
    SkipReason::NoChannel,
    SkipReason::HeldInReserve,
    SkipReason::LowerPriority,
    SkipReason::ReactionTime,
    SkipReason::TooLate,
    SkipReason::NoRounds,
    SkipReason::NoRoundInReach,
    SkipReason::NotRelated,
];

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
    fn time(&self) -> f64 {
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

/// One fact of a chain: `time` s from scenario start (`None`: no time) and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainFact {
    /// Time, s.
    pub time: Option<f64>,
    /// What happened.
    pub fact: String,
}

/// The attribution of one leaker or threat still flying at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeakAttribution {
    /// Threat index (as in the event log).
    pub threat: usize,
    /// Threat name.
    pub name: String,
    /// `leaked` or `flying`.
    pub fate: String,
    /// Primary cause (a key of [`LeakCauses::causes`]).
    pub cause: String,
    /// One line of detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The facts behind it, in time order.
    pub chain: Vec<ChainFact>,
}

/// The run's leak attribution (`leak_causes` in `summary.json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LeakCauses {
    /// The fixed list of cause keys, in order.
    pub causes: Vec<String>,
    /// Threats per primary cause, every cause listed (they add up to leaked + flying).
    #[serde(with = "ordered_counts")]
    pub counts: Vec<(String, u32)>,
    /// One entry per leaker or threat still flying, in threat order.
    pub threats: Vec<LeakAttribution>,
}

impl LeakCauses {
    /// The count of cause `key` (0 if absent).
    pub fn count(&self, key: &str) -> u32 {
        self.counts
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(_, n)| *n)
    }
}

/// `counts` as a JSON object in list order.
mod ordered_counts {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[(String, u32)], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(v.len()))?;
        for (k, n) in v {
            m.serialize_entry(k, n)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, u32)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(String, u32)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of cause → count")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, n)) = a.next_entry::<String, u32>()? {
                    out.push((k, n));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// What the truth says of threat `k` against the radars: the best visibility along its
/// path, for a threat never detected.
pub type VisibilityOf<'a> = dyn Fn(usize) -> Visibility + 'a;

/// The attribution of every leaker and threat still flying at the end.
///
/// `fates` per threat; `run`, what the run recorded; `decision_period` (s) of the command
/// post; `visibility(k)`: threat `k`'s best visibility to any radar over its path.
pub fn attribute(
    setup: &Setup,
    fates: &[Fate],
    run: &Recorded<'_>,
    decision_period: f64,
    visibility: &VisibilityOf<'_>,
) -> LeakCauses {
    let mut counts: Vec<(String, u32)> = LeakCause::ALL
        .iter()
        .map(|c| (c.key().to_string(), 0))
        .collect();
    let mut threats = Vec::new();
    for (k, fate) in fates.iter().enumerate() {
        let (fate_name, end) = match *fate {
            Fate::Arrived(t) => ("leaked", Some(t)),
            Fate::Flying => ("flying", None),
            Fate::Waiting | Fate::Killed(_) | Fate::Left(_) => continue,
        };
        let ctx = Context {
            setup,
            tally: run,
            k,
            end,
            decision_period,
        };
        let (cause, detail) = ctx.primary(visibility);
        let i = LeakCause::ALL.iter().position(|&c| c == cause).unwrap_or(0);
        counts[i].1 += 1;
        threats.push(LeakAttribution {
            threat: k,
            name: setup.threats[k].name.clone(),
            fate: fate_name.to_string(),
            cause: cause.key().to_string(),
            detail,
            chain: ctx.chain(),
        });
    }
    LeakCauses {
        causes: LeakCause::ALL.iter().map(|c| c.key().to_string()).collect(),
        counts,
        threats,
    }
}

/// What the run recorded that the attribution reads (from the tally).
#[derive(Debug, Clone, Copy)]
pub struct Recorded<'a> {
    /// Per threat: time of its first detection, s.
    pub first_detection: &'a [Option<f64>],
    /// Per threat: measured slant range of that detection, m.
    pub first_detection_range: &'a [Option<f64>],
    /// Per threat: the facts.
    pub facts: &'a FactBook,
}

/// One threat's attribution in the making.
struct Context<'a> {
    setup: &'a Setup,
    tally: &'a Recorded<'a>,
    k: usize,
    /// Arrival time, s (`None`: still flying).
    end: Option<f64>,
    decision_period: f64,
}

impl Context<'_> {
    fn facts(&self) -> &ThreatFacts {
        &self.tally.facts.threats[self.k]
    }

    fn battalion(&self, b: usize) -> &str {
        self.setup
            .regiment
            .battalions
            .get(b)
            .map_or("?", |u| u.name.as_str())
    }

    /// The primary cause and its one-line detail (see the module notes).
    fn primary(&self, visibility: &VisibilityOf<'_>) -> (LeakCause, Option<String>) {
        let f = self.facts();
        if self.tally.first_detection[self.k].is_none() {
            let cause = match visibility(self.k) {
                Visibility::OutOfRange => LeakCause::NeverDetectedRange,
                Visibility::BelowHorizon => LeakCause::NeverDetectedHorizon,
                Visibility::Masked => LeakCause::NeverDetectedMasked,
                Visibility::Visible => LeakCause::NeverDetected,
                Visibility::Unknown => LeakCause::Other,
            };
            return (cause, None);
        }
        if f.tracks.is_empty() {
            return (
                LeakCause::DetectedNotTracked,
                Some("no battalion track followed it".into()),
            );
        }
        let launches = f
            .facts
            .iter()
            .filter(|x| matches!(x, Fact::Launch { .. }))
            .count();
        let last_launch = f
            .facts
            .iter()
            .filter(|x| matches!(x, Fact::Launch { .. }))
            .map(Fact::time)
            .reduce(f64::max);
        if let Some(last_launch) = last_launch {
            return self.engaged(launches, last_launch);
        }
        // Planned but never launched (the launches cancelled with the track), then judged
        // killed.
        let planned = f.facts.iter().any(|x| matches!(x, Fact::Planned { .. }));
        let judged = f.facts.iter().find_map(|x| match x {
            Fact::JudgedKilled { time, .. } => Some(*time),
            _ => None,
        });
        if let (true, Some(t)) = (planned, judged) {
            return (
                LeakCause::JudgedKilled,
                Some(format!(
                    "engagement planned, no round launched; judged killed at {t:.1} s"
                )),
            );
        }
        if let Some(&reason) = SKIP_PRECEDENCE
            .iter()
            .find(|r| f.skips.iter().any(|s| s.reason == **r))
        {
            let s = f.skips.iter().find(|s| s.reason == reason).copied();
            let detail = s.map(|s| {
                format!(
                    "{} at {} decision cycle(s), {:.1}–{:.1} s",
                    skip_text(reason),
                    s.cycles,
                    s.first,
                    s.last
                )
            });
            return (LeakCause::of_skip(reason), detail);
        }
        let first_track = f.tracks.iter().map(|t| t.0).reduce(f64::min).unwrap_or(0.0);
        let end = self.end.unwrap_or(self.setup.duration);
        if end - first_track <= self.decision_period {
            return (
                LeakCause::TrackedTooLate,
                Some(format!(
                    "first tracked at {first_track:.1} s, {:.1} s before its end: no decision cycle in between",
                    end - first_track
                )),
            );
        }
        (
            LeakCause::Other,
            Some("tracked, never engaged, and no decision cycle said why".into()),
        )
    }

    /// The cause of a threat `launches` interceptors were launched at (the last at
    /// `last_launch` s): judged killed while alive if a kill assessment said so after the
    /// last launch, else missed.
    fn engaged(&self, launches: usize, last_launch: f64) -> (LeakCause, Option<String>) {
        let f = self.facts();
        let mut missiles: Vec<&str> = Vec::new();
        let mut closest: Option<f64> = None;
        for x in &f.facts {
            match x {
                Fact::Launch { missile, .. } if !missiles.contains(&missile.as_str()) => {
                    missiles.push(missile)
                }
                Fact::Detonation { miss, .. } => {
                    closest = Some(closest.map_or(*miss, |c: f64| c.min(*miss)))
                }
                _ => {}
            }
        }
        let mut detail = format!("{launches} round(s) of {}", missiles.join(", "));
        match closest {
            Some(m) => {
                let _ = write!(detail, "; closest miss {m:.1} m");
            }
            None => detail.push_str("; none detonated near it"),
        }
        let judged = f
            .facts
            .iter()
            .filter_map(|x| match x {
                Fact::JudgedKilled { time, .. } => Some(*time),
                _ => None,
            })
            .reduce(f64::max);
        match judged {
            Some(t) if t >= last_launch => {
                let _ = write!(detail, "; judged killed at {t:.1} s");
                (LeakCause::JudgedKilled, Some(detail))
            }
            _ => (LeakCause::Missed, Some(detail)),
        }
    }

    /// The chain of facts, in time order.
    fn chain(&self) -> Vec<ChainFact> {
        let f = self.facts();
        let mut chain: Vec<ChainFact> = Vec::new();
        let at = |t: f64, s: String| ChainFact {
            time: Some(t),
            fact: s,
        };
        if let (Some(t), Some(r)) = (
            self.tally.first_detection[self.k],
            self.tally.first_detection_range[self.k],
        ) {
            let by = f.first_detected_by.map_or(String::new(), |(b, radar)| {
                let kind = if radar == 0 {
                    "acquisition"
                } else {
                    "engagement"
                };
                format!(" by battalion {}'s {kind} radar", self.battalion(b))
            });
            chain.push(at(t, format!("first detected{by} at {:.1} km", r / 1e3)));
        } else {
            chain.push(ChainFact {
                time: None,
                fact: "never detected".into(),
            });
        }
        for &(t, b, id) in &f.tracks {
            chain.push(at(
                t,
                format!("battalion {} track {id} confirmed", self.battalion(b)),
            ));
        }
        for s in &f.skips {
            chain.push(at(
                s.first,
                format!(
                    "not engaged at {} cycle(s) until {:.1} s: {}",
                    s.cycles,
                    s.last,
                    skip_text(s.reason)
                ),
            ));
        }
        for x in &f.facts {
            chain.push(at(x.time(), self.fact_text(x)));
        }
        // Stable: facts of equal time keep the order above.
        chain.sort_by(|a, b| {
            a.time
                .unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&b.time.unwrap_or(f64::NEG_INFINITY))
        });
        chain.push(match self.end {
            Some(t) => at(t, "reached its aim point".into()),
            None => at(
                self.setup.duration,
                "still flying at the end of the run".into(),
            ),
        });
        chain
    }

    fn fact_text(&self, x: &Fact) -> String {
        match x {
            Fact::Planned {
                battalion,
                track,
                missile,
                rounds,
                predicted,
                ..
            } => format!(
                "engagement planned by battalion {} on track {track}: {rounds} × {missile}, predicted intercept at {predicted:.1} s",
                self.battalion(*battalion)
            ),
            Fact::Launch {
                interceptor,
                battalion,
                missile,
                ..
            } => format!(
                "{missile} #{interceptor} launched by battalion {}",
                self.battalion(*battalion)
            ),
            Fact::Detonation {
                interceptor,
                miss,
                killed,
                ..
            } => format!(
                "#{interceptor} detonated {miss:.1} m away: {}",
                if *killed { "kill" } else { "no kill" }
            ),
            Fact::Lost {
                interceptor,
                reason,
                ..
            } => format!("#{interceptor} lost: {reason}"),
            Fact::JudgedKilled {
                battalion, track, ..
            } => format!(
                "kill assessment: battalion {} track {track} judged killed",
                self.battalion(*battalion)
            ),
        }
    }
}
