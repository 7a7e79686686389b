//! The battle-manager interface: what the command post sees of each battalion, what it
//! orders, and the [`BattleManager`] trait both models implement.

use iadsim_core::{Ecef, Geodetic};
use iadsim_setup::{Missile, ThreatClass};

use super::judge::Cue;
use crate::track::tracker::Track;

/// The state of one launcher as the command post sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct LauncherStatus {
    /// Launcher position, ECEF, m.
    pub position: Ecef,
    /// Ready rounds per loadout entry (same order as the launcher's loadout).
    pub rounds: Vec<u32>,
    /// Missile type per loadout entry.
    pub missiles: Vec<Missile>,
    /// Earliest time the launcher can fire again, s.
    pub ready_at: f64,
    /// Least time between launches, s.
    pub launch_interval: f64,
}

/// Rounds ready on `launchers` of missile types at least as capable against ballistic
/// missiles as one of ballistic reach `reach` (m, the catalogue's `max_range_ballistic`)
/// and ceiling `ceiling` (m, `max_altitude`): a greater ballistic reach, or the same reach
/// and at least that ceiling. These are the rounds that count towards the ballistic
/// reserve when a missile of that reach and ceiling is spent on another target, so that
/// the reserve is held in the rounds best suited against ballistic missiles (the 40N6E
/// before the 48N6E3, which has the same 60 km ballistic reach but a lower ceiling)
/// rather than in any rounds at all.
pub fn ballistic_capable_rounds(launchers: &[LauncherStatus], reach: f64, ceiling: f64) -> u32 {
    capable_rounds(
        launchers
            .iter()
            .flat_map(|l| l.missiles.iter().zip(&l.rounds)),
        reach,
        ceiling,
    )
}

/// [`ballistic_capable_rounds`] with the ready rounds taken from `rounds` (per launcher,
/// per loadout entry, e.g. what is left as orders are given) instead of the launchers'
/// own counts.
pub(crate) fn ballistic_capable_rounds_left(
    launchers: &[LauncherStatus],
    rounds: &[Vec<u32>],
    reach: f64,
    ceiling: f64,
) -> u32 {
    capable_rounds(
        launchers
            .iter()
            .zip(rounds)
            .flat_map(|(l, r)| l.missiles.iter().zip(r)),
        reach,
        ceiling,
    )
}

fn capable_rounds<'a>(
    loads: impl Iterator<Item = (&'a Missile, &'a u32)>,
    reach: f64,
    ceiling: f64,
) -> u32 {
    loads
        .filter(|(m, _)| {
            m.max_range_ballistic > reach
                || (m.max_range_ballistic == reach && m.max_altitude >= ceiling)
        })
        .map(|(_, &r)| r)
        .sum()
}

/// What one battalion offers the command post at a decision.
#[derive(Debug, Clone, Copy)]
pub struct FireUnitView<'a> {
    /// Confirmed and tentative tracks of the battalion's tracker.
    pub tracks: &'a [Track],
    /// Launchers.
    pub launchers: &'a [LauncherStatus],
    /// Missiles of this battalion in flight now.
    pub missiles_in_flight: u32,
    /// Missiles the engagement radar can guide at once.
    pub guidance_channels: u32,
    /// Targets the engagement radar can engage at once.
    pub target_channels: u32,
    /// Delay from decision to first launch, s.
    pub reaction_time: f64,
    /// The regiment command post's picture, when there is one: for each of `tracks`, the
    /// regiment track it is related to ([`crate::regiment::RegimentPicture::related`]), or
    /// `None` while none of its detections has been fused at the command post. With a
    /// picture, tracks of one regiment track are one object and a battalion track not yet
    /// related is not engaged; without (`None`, the first-model tracker), tracks of
    /// different battalions within [`CORRELATION_DISTANCE`] are taken as one object.
    pub regiment: Option<&'a [Option<u64>]>,
    /// For each of `tracks`, whether the engagement radar holds it in track inside its
    /// sector: only such a track can be launched at and guided. `None`: no fire control
    /// (the fixed-Pd radar model), every track may be engaged.
    pub held: Option<&'a [bool]>,
}

impl FireUnitView<'_> {
    /// The regiment track the `i`-th track is related to (always `None` without a
    /// regiment picture).
    pub fn regiment_track(&self, i: usize) -> Option<u64> {
        self.regiment.and_then(|r| r.get(i).copied().flatten())
    }

    /// Whether the engagement radar can guide missiles at the `i`-th track (see
    /// [`FireUnitView::held`]).
    pub fn may_guide(&self, i: usize) -> bool {
        self.held.is_none_or(|h| h.get(i).copied().unwrap_or(false))
    }
}

/// A defended asset as the battle manager sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AssetView {
    /// Centre, ECEF, m.
    pub position: Ecef,
    /// Value.
    pub value: f64,
    /// Radius, m.
    pub radius: f64,
}

/// One launch the battle manager orders.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchOrder {
    /// Launcher index in the battalion.
    pub launcher: usize,
    /// Loadout entry index on the launcher.
    pub loadout: usize,
    /// Launch time, s.
    pub time: f64,
}

/// A salvo ordered against one track.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementOrder {
    /// Battalion index.
    pub battalion: usize,
    /// Track id in that battalion.
    pub track: u64,
    /// Class the battle manager assessed.
    pub assessed_class: ThreatClass,
    /// Missile type name.
    pub missile: String,
    /// The launches, one per missile.
    pub launches: Vec<LaunchOrder>,
    /// Predicted intercept time, s.
    pub predicted_intercept_time: f64,
    /// The regiment track the battalion track is related to, if any.
    pub regiment_track: Option<u64>,
}

/// An outcome the battle manager judged from its picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    /// Battalion index.
    pub battalion: usize,
    /// Track id.
    pub track: u64,
    /// True if judged destroyed.
    pub killed: bool,
    /// What in the picture the judgement rests on.
    pub cue: Cue,
    /// The engaged track's last estimated position, ECEF, m (for analysis against truth).
    pub position: Ecef,
    /// Time of that estimate, s.
    pub time: f64,
}

/// One threat in the command post's ranking.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RankedThreat {
    /// Battalion whose track this is.
    pub battalion: usize,
    /// Track id.
    pub track: u64,
    /// Assessed class.
    pub class: ThreatClass,
    /// Score: asset value × probability the threat destroys it (see [`evaluate`]).
    pub score: f64,
    /// Ranking key: score discounted by time to go (see [`ThreatAssessment::priority`]),
    /// times the doctrine's weight for the class.
    pub priority: f64,
    /// Predicted time until it reaches its asset (or closest approach), s.
    pub time_to_go: f64,
    /// The asset it threatens most, if any.
    pub asset: Option<usize>,
}

/// An order to destroy in flight every interceptor of `battalion` still flying at its
/// track `track`: the command post judged the object killed (by a salvo mate, another
/// salvo or another battalion), so the missiles left have nothing to do there and must
/// not fly on into another object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelfDestructOrder {
    /// Battalion index.
    pub battalion: usize,
    /// Track id in that battalion.
    pub track: u64,
}

/// Reason reported (`interceptor_lost`) for an interceptor destroyed by the command
/// post's order.
pub const SELF_DESTRUCT_ORDERED: &str = "self-destruct: ordered (target assessed killed)";

/// The outcome of one decision cycle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    /// Salvos judged from the track picture.
    pub assessments: Vec<Assessment>,
    /// New engagements.
    pub orders: Vec<EngagementOrder>,
    /// Threats ranked most dangerous first (empty if the model does not rank).
    pub ranking: Vec<RankedThreat>,
    /// Interceptors to destroy in flight (their object judged killed).
    pub self_destructs: Vec<SelfDestructOrder>,
    /// Confirmed tracks open to a new salvo that got none this cycle, with the reason
    /// (empty if the model does not say). A record for analysis (the leak attribution,
    /// [`crate::assess::attribution`]); no decision reads it.
    pub skipped: Vec<Skipped>,
    /// Tracks the command post classed debris in this cycle, as (battalion, track id)
    /// ([`super::debris`]): their engagement radars free their channels.
    pub debris: Vec<(usize, u64)>,
}

/// Why a confirmed track open to a new salvo got none in a decision cycle, as the battle
/// manager knows it. Tracks already engaged, done with under shoot-look-shoot, or held off
/// because another battalion engages their object are not skipped: they get no record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SkipReason {
    /// The battalion track is not yet related to a regiment track at the command post
    /// (none of its reports fused there yet): not engaged until it is.
    NotRelated,
    /// The battalions holding it have no rounds left.
    NoRounds,
    /// No round of its battalions could intercept it (envelope: range, altitude band,
    /// target speed, flight time, seeker crossing speed).
    NoRoundInReach,
    /// Rounds could intercept it, but only after it reaches its asset.
    TooLate,
    /// As [`SkipReason::TooLate`], but a launch without the reaction time would have
    /// intercepted it in time.
    ReactionTime,
    /// Only rounds held in the ballistic reserve could intercept it in time.
    HeldInReserve,
    /// Rounds could intercept it in time, but the assignment gave them to objects of
    /// higher value.
    LowerPriority,
    /// It was assigned a salvo, but the engagement radar had no free guidance or target
    /// channel for it. (An engagement radar that must also point at it — its sector —
    /// belongs here too.)
    NoChannel,
}

/// A confirmed track that got no salvo in a decision cycle ([`SkipReason`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skipped {
    /// Battalion index.
    pub battalion: usize,
    /// Track id in that battalion.
    pub track: u64,
    /// Why.
    pub reason: SkipReason,
}

/// The regiment's decision stage.
pub trait BattleManager {
    /// One decision cycle at `now`: kill assessments, threat evaluation, new engagements.
    fn decide(&mut self, now: f64, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Decision;
    /// Own-missile status: one of the battalion's interceptors against `track` has ended
    /// (detonated or lost) at `time`.
    fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64);
}

/// Geodetic helper used by the engine to place assets.
pub fn asset_view(position: &Geodetic, value: f64, radius: f64) -> AssetView {
    AssetView {
        position: position.to_ecef(),
        value,
        radius,
    }
}
