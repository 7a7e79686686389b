//! Decide: threat evaluation and weapon assignment at the regiment command post.
//!
//! Two models share the types here and the kill-assessment book:
//! [`WtaBattleManager`] (the default: threat evaluation, then a weapon-target assignment
//! solved with `iadsim-wta` each decision cycle) and [`NearestLauncherBattleManager`] (the
//! first model, kept for comparison).
//!
//! First model ([`NearestLauncherBattleManager`]): on each decision cycle, classify every
//! confirmed track from its kinematics, rank tracks by urgency (asset value over time to
//! reach the nearest asset), and give each unengaged track, most urgent first, a salvo
//! from the nearest ready launchers whose missiles can reach the predicted intercept point
//! (range, minimum range, altitude band, target speed, flight time), within the
//! engagement radar's guidance channels, keeping the ballistic reserve. Kill assessment
//! looks at the track after the salvo: a track still updated is a survivor, re-engaged
//! under shoot-look-shoot.

mod evaluation;
mod wta;

pub use evaluation::{AIRCRAFT_STANDOFF, ThreatAssessment, URGENCY_HORIZON, evaluate};
pub use wta::WtaBattleManager;

use iadsim_core::{Ecef, Geodetic};

use crate::flyout::EnvelopeTable;
use nalgebra::Vector3;

use crate::setup::{Doctrine, Missile, ThreatClass};
use crate::tracking::{Track, TrackStatus};

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
}

impl FireUnitView<'_> {
    /// The regiment track the `i`-th track is related to (always `None` without a
    /// regiment picture).
    pub fn regiment_track(&self, i: usize) -> Option<u64> {
        self.regiment.and_then(|r| r.get(i).copied().flatten())
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
}

/// The regiment's decision stage.
pub trait BattleManager {
    /// One decision cycle at `now`: kill assessments, threat evaluation, new engagements.
    fn decide(&mut self, now: f64, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Decision;
    /// Own-missile status: one of the battalion's interceptors against `track` has ended
    /// (detonated or lost) at `time`.
    fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64);
}

/// One engagement the command post keeps in its book.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EngagementRecord {
    pub(crate) battalion: usize,
    pub(crate) track: u64,
    pub(crate) in_flight: u32,
    pub(crate) last_end: f64,
    /// Position of the track when engaged, used to keep the other battalion off it
    /// without a regiment picture.
    pub(crate) position: Ecef,
    /// The regiment track the engaged track is related to (kept up to date), used to keep
    /// the other battalion off it.
    pub(crate) object: Option<u64>,
    pub(crate) closed: bool,
    pub(crate) assessed_killed: bool,
    /// Interceptors of this salvo that have ended (detonated or lost) so far.
    pub(crate) ended: u32,
}

/// The engagements in progress and judged, with the kill-assessment rule both models use:
/// when a salvo's last missile has ended and the look time has passed, a track still
/// updated after that is a survivor; a track gone or silent is judged killed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EngagementBook {
    pub(crate) records: Vec<EngagementRecord>,
}

impl EngagementBook {
    /// Judges the salvos due and gives the self-destruct orders that follow.
    ///
    /// Besides the look after a whole salvo, a salvo with missiles still flying is judged
    /// killed early when one of its missiles has ended and its track has gone silent for
    /// the look time since (gone, or not updated after that end): the remaining missiles
    /// are then ordered to self-destruct. When an object is judged killed, the missiles
    /// another battalion has in flight at its track of the same object (within
    /// [`CORRELATION_DISTANCE`] of it) are ordered to self-destruct as well and that
    /// engagement is judged killed with it.
    pub(crate) fn assess_with_orders(
        &mut self,
        now: f64,
        assess_delay: f64,
        units: &[FireUnitView<'_>],
    ) -> (Vec<Assessment>, Vec<SelfDestructOrder>) {
        let mut assessments = Vec::new();
        let mut orders = Vec::new();
        let mut killed_at: Vec<(usize, Ecef)> = Vec::new();
        for rec in self.records.iter_mut().filter(|r| !r.closed) {
            if now < rec.last_end + assess_delay {
                continue;
            }
            let track = units[rec.battalion]
                .tracks
                .iter()
                .find(|t| t.id == rec.track);
            let survived = track.is_some_and(|t| t.last_update > rec.last_end);
            if rec.in_flight > 0 {
                // Missiles still flying: judged early only on a silent track after one of
                // them has ended.
                if rec.ended == 0 || survived {
                    continue;
                }
            } else if !(track.is_none() || survived || now >= rec.last_end + 3.0 * assess_delay) {
                continue;
            }
            rec.closed = true;
            rec.assessed_killed = !survived;
            assessments.push(Assessment {
                battalion: rec.battalion,
                track: rec.track,
                killed: !survived,
            });
            if !survived {
                killed_at.push((rec.battalion, rec.position));
                if rec.in_flight > 0 {
                    orders.push(SelfDestructOrder {
                        battalion: rec.battalion,
                        track: rec.track,
                    });
                }
            }
        }
        // Other battalions' missiles at the same object.
        for (b, p) in &killed_at {
            for rec in self.records.iter_mut() {
                if rec.battalion != *b
                    && rec.in_flight > 0
                    && rec.position.distance(p) < CORRELATION_DISTANCE
                    && !orders
                        .iter()
                        .any(|o| o.battalion == rec.battalion && o.track == rec.track)
                {
                    if !rec.closed {
                        rec.closed = true;
                        rec.assessed_killed = true;
                        assessments.push(Assessment {
                            battalion: rec.battalion,
                            track: rec.track,
                            killed: true,
                        });
                    }
                    orders.push(SelfDestructOrder {
                        battalion: rec.battalion,
                        track: rec.track,
                    });
                }
            }
        }
        (assessments, orders)
    }

    /// An engagement of this battalion's track is in progress (missiles flying or the
    /// look not yet done).
    pub(crate) fn active(&self, battalion: usize, track: u64) -> bool {
        self.records
            .iter()
            .any(|r| r.battalion == battalion && r.track == track && (!r.closed || r.in_flight > 0))
    }

    /// Whether doctrine forbids engaging this track again: judged killed, or judged a
    /// survivor without shoot-look-shoot.
    pub(crate) fn done_with(&self, battalion: usize, track: u64, shoot_look_shoot: bool) -> bool {
        self.records
            .iter()
            .find(|r| r.battalion == battalion && r.track == track && r.closed)
            .is_some_and(|r| r.assessed_killed || !shoot_look_shoot)
    }

    /// Another battalion is engaging an object within `distance` of `position`.
    pub(crate) fn other_engaging_near(
        &self,
        battalion: usize,
        position: &Ecef,
        distance: f64,
    ) -> bool {
        self.records.iter().any(|r| {
            r.battalion != battalion
                && (!r.closed || r.in_flight > 0)
                && r.position.distance(position) < distance
        })
    }

    /// Another battalion is engaging regiment track `object`.
    pub(crate) fn other_engaging_object(&self, battalion: usize, object: u64) -> bool {
        self.records.iter().any(|r| {
            r.battalion != battalion && (!r.closed || r.in_flight > 0) && r.object == Some(object)
        })
    }

    /// Whether regiment-level deconfliction keeps battalion `b` off its `i`-th track: with
    /// a regiment picture, the track is not related to a regiment track yet, or (unless
    /// `allow_double_engagement`) another battalion is engaging its regiment track;
    /// without one, (unless allowed) another battalion is engaging an object within
    /// [`CORRELATION_DISTANCE`] of it.
    pub(crate) fn held_off(
        &self,
        units: &[FireUnitView<'_>],
        b: usize,
        i: usize,
        allow_double_engagement: bool,
    ) -> bool {
        let unit = &units[b];
        match unit.regiment {
            Some(_) => match unit.regiment_track(i) {
                None => true,
                Some(object) => !allow_double_engagement && self.other_engaging_object(b, object),
            },
            None => {
                !allow_double_engagement
                    && self.other_engaging_near(b, &unit.tracks[i].position(), CORRELATION_DISTANCE)
            }
        }
    }

    /// Targets this battalion's engagement radar is engaging now.
    pub(crate) fn active_targets(&self, battalion: usize) -> u32 {
        self.records
            .iter()
            .filter(|r| r.battalion == battalion && (!r.closed || r.in_flight > 0))
            .count() as u32
    }

    pub(crate) fn open(
        &mut self,
        battalion: usize,
        track: u64,
        missiles: u32,
        now: f64,
        position: Ecef,
        object: Option<u64>,
    ) {
        self.records
            .retain(|r| !(r.battalion == battalion && r.track == track));
        self.records.push(EngagementRecord {
            battalion,
            track,
            in_flight: missiles,
            last_end: now,
            position,
            object,
            closed: false,
            assessed_killed: false,
            ended: 0,
        });
    }

    /// Engagement positions and regiment tracks follow their tracks.
    pub(crate) fn follow(&mut self, units: &[FireUnitView<'_>]) {
        for rec in self.records.iter_mut() {
            let unit = &units[rec.battalion];
            if let Some(i) = unit.tracks.iter().position(|t| t.id == rec.track) {
                rec.position = unit.tracks[i].position();
                if let Some(object) = unit.regiment_track(i) {
                    rec.object = Some(object);
                }
            }
        }
    }

    pub(crate) fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64) {
        // The open engagement of the track; else one judged early with missiles still
        // flying (ordered to self-destruct).
        let idx = self
            .records
            .iter()
            .position(|r| r.battalion == battalion && r.track == track && !r.closed)
            .or_else(|| {
                self.records
                    .iter()
                    .position(|r| r.battalion == battalion && r.track == track && r.in_flight > 0)
            });
        if let Some(rec) = idx.map(|i| &mut self.records[i]) {
            rec.in_flight = rec.in_flight.saturating_sub(1);
            rec.ended += 1;
            if !rec.closed {
                rec.last_end = rec.last_end.max(time);
            }
        }
    }
}

/// Kinematic classification of a track, as the first model does it.
pub fn classify(track: &Track) -> ThreatClass {
    let speed = track.velocity().norm();
    let height = track.position().to_geodetic().height;
    if speed > 1_000.0 || height > 30_000.0 {
        ThreatClass::BallisticMissile
    } else if speed < 350.0 && height < 1_000.0 {
        ThreatClass::CruiseMissile
    } else {
        ThreatClass::Aircraft
    }
}

/// Time from `launch_time` to the lead-collision intercept of a target at `target`
/// (position at `launch_time`) moving at constant `target_velocity`, by a missile from
/// `launcher` at constant `speed`; `None` if it can never catch it.
pub fn lead_collision_time(
    launcher: &Vector3<f64>,
    target: &Vector3<f64>,
    target_velocity: &Vector3<f64>,
    speed: f64,
) -> Option<f64> {
    let d = target - launcher;
    let a = target_velocity.norm_squared() - speed * speed;
    let b = 2.0 * d.dot(target_velocity);
    let c = d.norm_squared();
    if a.abs() < 1e-9 {
        return if b < 0.0 { Some(-c / b) } else { None };
    }
    let disc = b * b - 4.0 * a * c;
    if disc < 0.0 {
        return None;
    }
    let sq = disc.sqrt();
    let (t1, t2) = ((-b - sq) / (2.0 * a), (-b + sq) / (2.0 * a));
    let (lo, hi) = if t1 < t2 { (t1, t2) } else { (t2, t1) };
    if lo > 0.0 {
        Some(lo)
    } else if hi > 0.0 {
        Some(hi)
    } else {
        None
    }
}

/// Can `missile` from `launcher` intercept the object of `track` if launched at
/// `launch_time`, by the catalogue envelope (lead-collision at the average speed, target
/// speed, flight time, range and minimum range — ballistic range for ballistic targets —
/// and altitude band of the predicted intercept point)? Returns the time of flight, s.
pub fn intercept_feasible(
    missile: &Missile,
    launcher: &Ecef,
    track: &Track,
    class: ThreatClass,
    launch_time: f64,
) -> Option<f64> {
    let (p, v) = track.extrapolate(launch_time);
    let speed = v.norm();
    if speed > missile.max_target_speed {
        return None;
    }
    let tof = lead_collision_time(&launcher.0, &p.0, &v.0, missile.average_speed)?;
    if tof > missile.max_flight_time {
        return None;
    }
    let pip = Ecef(p.0 + v.0 * tof);
    let range = pip.distance(launcher);
    let max_range = if class == ThreatClass::BallisticMissile {
        missile.max_range_ballistic
    } else {
        missile.max_range
    };
    if range > max_range || range < missile.min_range {
        return None;
    }
    let h = pip.to_geodetic().height;
    if h < missile.min_altitude || h > missile.max_altitude {
        return None;
    }
    Some(tof)
}

/// How the battle manager judges whether, when and where a missile can intercept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InterceptPlanning {
    /// The first model's catalogue envelope ([`intercept_feasible`]): lead collision at
    /// the average speed, range / altitude band / target speed / flight time limits.
    #[default]
    Catalogue,
    /// The flyout tables ([`crate::flyout::envelope::cached`], flown with the engine's
    /// flyout model): time of flight over ground range x height, the intercept criterion
    /// (lateral acceleration available against what the end game needs at the closing
    /// speed), the seeker's crossing-speed limit; the catalogue's ballistic range kept as a
    /// bound for ballistic targets ([`envelope_intercept`]).
    FlyoutEnvelope,
}

impl InterceptPlanning {
    /// Time of flight (s) of `missile` from `launcher` against `track` launched at
    /// `launch_time`, if this planning finds an intercept.
    pub fn time_of_flight(
        self,
        missile: &Missile,
        launcher: &Ecef,
        track: &Track,
        class: ThreatClass,
        launch_time: f64,
    ) -> Option<f64> {
        match self {
            Self::Catalogue => intercept_feasible(missile, launcher, track, class, launch_time),
            Self::FlyoutEnvelope => {
                envelope_intercept(missile, launcher, track, class, launch_time)
                    .map(|i| i.time_of_flight)
            }
        }
    }
}

/// Share of the maximum flight time a planned flyout intercept must leave unused \[P\]:
/// the planning tables are flown with a perfect track against a fixed point, while in the
/// engine the noisy uplinked track moves the predicted intercept point and the reshaped
/// trajectory arrives later. Measured on `regiment_defense` (seed 20261125): with no
/// margin, 48N6E3 shots planned at 155–160 s of their 163 s self-destructed 3–6 km short
/// of the target; 15 % (a 48N6E3 plans at most 138.6 s) leaves no long shot at an
/// aircraft ending at the flight-time limit (docs/validation.md).
pub const FLIGHT_TIME_MARGIN: f64 = 0.15;

/// The intercept of the object of `track` by `missile` launched from `launcher` at
/// `launch_time`, from the missile's flyout table (extrapolating the track at constant
/// velocity, or in free fall when faster than 1.5 km/s): the first point where the
/// missile's time of flight meets the target's time to get there and the intercept
/// criterion holds ([`crate::flyout::EnvelopeTable::can_intercept`]), the target's speed
/// across the line of fire within what the seeker can hold there (the table's crossing
/// speed), for a ballistic target within the catalogue's `max_range_ballistic` (a system
/// limit the kinematic table does not know), and with the time of flight at most
/// (1 − [`FLIGHT_TIME_MARGIN`]) of the maximum flight time. A type without a flyout airframe
/// falls back to [`intercept_feasible`]'s answer, without the point details.
pub fn envelope_intercept(
    missile: &Missile,
    launcher: &Ecef,
    track: &Track,
    class: ThreatClass,
    launch_time: f64,
) -> Option<crate::flyout::Intercept> {
    let Ok(table) = crate::flyout::envelope::cached(missile) else {
        let tof = intercept_feasible(missile, launcher, track, class, launch_time)?;
        let (p, v) = track.extrapolate(launch_time);
        let point = Ecef(p.0 + v.0 * tof);
        return Some(crate::flyout::Intercept {
            time_of_flight: tof,
            point,
            ground_range: point.distance(launcher),
            height: point.to_geodetic().height,
            terminal_speed: missile.average_speed,
            closing_speed: (v.0.norm() + missile.average_speed),
            available_accel: f64::NAN,
            required_accel: f64::NAN,
        });
    };
    let (p, v) = track.extrapolate(launch_time);
    let limit = (1.0 - FLIGHT_TIME_MARGIN) * table.airframe.max_flight_time;
    let i = table.can_intercept_within(launcher, &p, &v, limit)?;
    if class == ThreatClass::BallisticMissile && i.ground_range > missile.max_range_ballistic {
        return None;
    }
    // The table is flown with a perfect track against a point; in the engine the uplinked
    // track is noisy and the trajectory is reshaped as the prediction moves, which costs
    // time. Keep a share of the flight time in hand (see [`FLIGHT_TIME_MARGIN`]).
    if i.time_of_flight > limit {
        return None;
    }
    // Crossing speed: on the collision course the line of sight lies along the relative
    // velocity; the target's speed across it must be within what the seeker holds there
    // (V_m·sin of the gimbal limit, the table's crossing speed), i.e. the seeker's look
    // angle off the missile's arrival velocity (from the table) within the gimbal limit.
    let cell = table.lookup(i.ground_range, i.height)?;
    let a = crate::flyout::guidance::assumed_accel(&p.0, &v.0);
    let vt = v.0 + a * i.time_of_flight;
    let vm = EnvelopeTable::arrival_velocity(&launcher.0, &i.point.0, &cell);
    let rel = vm - vt;
    if rel.norm() > 0.0 {
        let u = rel.normalize();
        let crossing = (vt - u * vt.dot(&u)).norm();
        if crossing > cell.max_crossing_speed {
            return None;
        }
    }
    Some(i)
}

/// The first battle-manager model (see the module docs).
#[derive(Debug, Clone)]
pub struct NearestLauncherBattleManager {
    doctrine: Doctrine,
    planning: InterceptPlanning,
    /// Wait after the last missile of a salvo ends before judging the track, s.
    assess_delay: f64,
    book: EngagementBook,
}

impl NearestLauncherBattleManager {
    /// A battle manager with `doctrine`; `assess_delay` (s) is the look time after a salvo.
    pub fn new(doctrine: Doctrine, assess_delay: f64) -> Self {
        Self {
            doctrine,
            planning: InterceptPlanning::default(),
            assess_delay,
            book: EngagementBook::default(),
        }
    }

    /// The same, judging intercepts with `planning`.
    pub fn with_planning(mut self, planning: InterceptPlanning) -> Self {
        self.planning = planning;
        self
    }
}

/// Without a regiment picture (first-model tracker), two tracks of different battalions
/// closer than this are taken as one object, m.
pub const CORRELATION_DISTANCE: f64 = 3_000.0;

impl BattleManager for NearestLauncherBattleManager {
    fn decide(&mut self, now: f64, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Decision {
        let (assessments, self_destructs) =
            self.book.assess_with_orders(now, self.assess_delay, units);

        // Candidates across the regiment, most dangerous first.
        let mut candidates: Vec<(ThreatAssessment, usize, usize)> = Vec::new();
        for (b, unit) in units.iter().enumerate() {
            for (i, track) in unit.tracks.iter().enumerate() {
                if track.status != TrackStatus::Confirmed {
                    continue;
                }
                candidates.push((evaluate(track, assets), b, i));
            }
        }
        let weight = |e: &ThreatAssessment| self.doctrine.class_priority.weight(e.class);
        candidates.sort_by(|a, b| {
            (weight(&b.0) * b.0.priority())
                .total_cmp(&(weight(&a.0) * a.0.priority()))
                .then(a.1.cmp(&b.1))
                .then(units[a.1].tracks[a.2].id.cmp(&units[b.1].tracks[b.2].id))
        });
        let ranking = candidates
            .iter()
            .map(|(e, b, i)| e.ranked(*b, units[*b].tracks[*i].id, weight(e)))
            .collect();

        let mut launchers: Vec<Vec<LauncherStatus>> =
            units.iter().map(|u| u.launchers.to_vec()).collect();
        let mut in_flight: Vec<u32> = units.iter().map(|u| u.missiles_in_flight).collect();
        let mut orders = Vec::new();
        for (eval, b, i) in candidates {
            let class = eval.class;
            let unit = &units[b];
            let track = &unit.tracks[i];
            if self.book.active(b, track.id)
                || self
                    .book
                    .done_with(b, track.id, self.doctrine.shoot_look_shoot)
            {
                continue;
            }
            if self
                .book
                .held_off(units, b, i, self.doctrine.allow_double_engagement)
            {
                continue;
            }
            if self.book.active_targets(b) >= unit.target_channels {
                continue;
            }
            let salvo = self.doctrine.salvo_size;
            if in_flight[b] + salvo > unit.guidance_channels {
                continue;
            }
            let reserve = self.doctrine.ballistic_reserve;
            // Nearest launchers first; on each, the shortest-reach missile that can do it.
            let mut choices: Vec<(f64, usize, usize, f64)> = Vec::new();
            for (li, l) in launchers[b].iter().enumerate() {
                let launch_time = (now + unit.reaction_time).max(l.ready_at);
                let mut pick: Option<(f64, usize, f64)> = None;
                for (mi, m) in l.missiles.iter().enumerate() {
                    if l.rounds[mi] == 0 {
                        continue;
                    }
                    // Not from the ballistic reserve (held in the best anti-ballistic rounds).
                    if class != ThreatClass::BallisticMissile
                        && ballistic_capable_rounds(
                            &launchers[b],
                            m.max_range_ballistic,
                            m.max_altitude,
                        ) < salvo + reserve
                    {
                        continue;
                    }
                    if let Some(tof) =
                        self.planning
                            .time_of_flight(m, &l.position, track, class, launch_time)
                        && pick.is_none_or(|p| m.max_range < p.0)
                    {
                        pick = Some((m.max_range, mi, launch_time + tof));
                    }
                }
                if let Some((_, mi, t_int)) = pick {
                    choices.push((l.position.distance(&track.position()), li, mi, t_int));
                }
            }
            choices.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let Some(&(_, first_l, first_m, t_int)) = choices.first() else {
                continue;
            };
            let missile_name = launchers[b][first_l].missiles[first_m].type_name.clone();
            let mut launches = Vec::new();
            for &(_, li, _, _) in &choices {
                let l = &mut launchers[b][li];
                let Some(mi) = l.missiles.iter().position(|m| m.type_name == missile_name) else {
                    continue;
                };
                while launches.len() < salvo as usize && l.rounds[mi] > 0 {
                    let time = (now + unit.reaction_time).max(l.ready_at);
                    l.rounds[mi] -= 1;
                    l.ready_at = time + l.launch_interval;
                    launches.push(LaunchOrder {
                        launcher: li,
                        loadout: mi,
                        time,
                    });
                }
                if launches.len() == salvo as usize {
                    break;
                }
            }
            let n = launches.len() as u32;
            in_flight[b] += n;
            let object = unit.regiment_track(i);
            self.book
                .open(b, track.id, n, now, track.position(), object);
            orders.push(EngagementOrder {
                battalion: b,
                track: track.id,
                assessed_class: class,
                missile: missile_name,
                launches,
                predicted_intercept_time: t_int,
                regiment_track: object,
            });
        }
        self.book.follow(units);
        Decision {
            assessments,
            orders,
            ranking,
            self_destructs,
        }
    }

    fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64) {
        self.book.interceptor_ended(battalion, track, time);
    }
}

/// Geodetic helper used by the engine to place assets.
pub fn asset_view(position: &Geodetic, value: f64, radius: f64) -> AssetView {
    AssetView {
        position: position.to_ecef(),
        value,
        radius,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_collision_head_on_and_crossing() {
        let origin = Vector3::zeros();
        // Head-on: 100 km apart closing at 300 + 1,700 m/s → 50 s.
        let t = lead_collision_time(
            &origin,
            &Vector3::new(100_000.0, 0.0, 0.0),
            &Vector3::new(-300.0, 0.0, 0.0),
            1_700.0,
        )
        .unwrap();
        assert!((t - 50.0).abs() < 1e-9);
        // Crossing at right angles 30 km out at 400 m/s, missile 500 m/s:
        // (30 000)² + (400 t)² = (500 t)² → t = 100 s.
        let t = lead_collision_time(
            &origin,
            &Vector3::new(30_000.0, 0.0, 0.0),
            &Vector3::new(0.0, 400.0, 0.0),
            500.0,
        )
        .unwrap();
        assert!((t - 100.0).abs() < 1e-9);
        // A faster target running away can't be caught.
        assert!(
            lead_collision_time(
                &origin,
                &Vector3::new(10_000.0, 0.0, 0.0),
                &Vector3::new(2_000.0, 0.0, 0.0),
                1_000.0,
            )
            .is_none()
        );
    }
}
