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

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use iadsim_setup::Setup;

use crate::sense::sensor::Visibility;
use crate::truth::threats::Fate;

mod cause;
mod facts;

use cause::skip_text;
pub use cause::{LeakCause, SKIP_PRECEDENCE};
pub use facts::{Fact, FactBook, SkipSpan, ThreatFacts};

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
