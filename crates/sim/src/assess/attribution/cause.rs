//! The fixed list of primary leak causes, their keys and labels, and how a battle
//! manager's skip reasons map onto them.

use crate::decide::manager::SkipReason;

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
    pub(super) fn of_skip(reason: SkipReason) -> Self {
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
pub(super) fn skip_text(reason: SkipReason) -> &'static str {
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
