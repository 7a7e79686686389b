//! The default battle manager: threat evaluation and a weapon-target assignment each
//! decision cycle (rolling horizon), under the fire doctrine.
//!
//! Each cycle:
//! 1. **Assess** the salvos whose look time has come (shared book, from tracks only).
//! 2. **Correlate** the battalions' confirmed tracks into regiment objects: with the
//!    regiment command post's picture ([`crate::regiment`]), the battalion tracks related
//!    to one regiment track are one object (a battalion track not yet related is an object
//!    of its own, not engaged until related); without it (first-model tracker), tracks of
//!    different battalions within [`CORRELATION_DISTANCE`] are one object.
//! 3. **Evaluate** each object ([`evaluate`]): class, score, time to go; its value in
//!    the assignment is its priority (score discounted by time to go) times the
//!    doctrine's weight for its class. Objects that
//!    threaten no asset keep a floor value (a hostile is still worth a missile nobody
//!    else needs).
//! 4. **Plan**: a weapon is one salvo (doctrine `salvo_size` rounds) from one loadout
//!    entry of one launcher, ready after the reaction time and the launcher's launch
//!    interval; its kill probability against an object is 1 − (1 − Pk)^salvo when the
//!    catalogue envelope allows an intercept before the object reaches its asset (see
//!    [`intercept_feasible`]), else 0 (scaled down by at most 0.1 % with the missile's
//!    reach, so equal chances spend short-range rounds first). A battalion only fires at objects its own tracker
//!    holds (its engagement radar must guide the missiles). Non-ballistic objects get no
//!    weapon that would eat into the battalion's ballistic reserve, which is held in the
//!    rounds best suited against ballistic missiles ([`ballistic_capable_rounds`]: greatest
//!    ballistic reach, then ceiling — the 40N6E before the 48N6E3); against them the
//!    rounds of the battalion's best ballistic reach are credited with
//!    [`RESERVE_ROUND_THRIFT`] of their chance, so that a shorter-range round that does
//!    nearly as well is spent instead. Against a ballistic object a round's chance is
//!    scaled by its ballistic reach over the battalion's best (the 9M96E2, 30 km against
//!    60 km, counts half), and while the battalion's rounds of the best ballistic reach
//!    are down to twice its reserve they are fired one per object rather than in a
//!    salvo: re-entry vehicles come in salvos seconds apart, seen some 35 s before impact,
//!    too late for a look, and a second round on one (+0.16 kill probability at
//!    P_k = 0.8) is worth far less than a first one on the next (+0.8).
//! 5. **Assign** with `iadsim-wta` (static WTA, expected surviving value minimised;
//!    deterministic: an iteration limit, no time limit).
//! 6. **Doctrine filters**: one salvo per object per cycle (shoot-look-shoot: the next
//!    salvo only after the look), no second battalion on an engaged object (the same
//!    regiment track; without a regiment picture, within [`CORRELATION_DISTANCE`]) unless
//!    allowed, guidance and target channels of each engagement radar respected; the
//!    most valuable objects keep their salvos first.

use iadsim_wta::{Instance, Method, SolveOptions, solve};

use iadsim_setup::{Doctrine, ThreatClass};

use super::book::{CORRELATION_DISTANCE, EngagementBook};
use super::debris::DebrisWatch;
use super::evaluation::evaluate;
use super::manager::{
    AssetView, BattleManager, Decision, EngagementOrder, FireUnitView, LaunchOrder, SkipReason,
    Skipped, ballistic_capable_rounds, ballistic_capable_rounds_left,
};
use super::planning::InterceptPlanning;
use crate::track::tracker::TrackStatus;

mod cycle;

use cycle::{Object, OrderState, Plan, Reserve, Weapon, Why, weapons};

/// Value of an object that threatens no asset, as a share of the most valuable asset.
pub const FLOOR_VALUE_SHARE: f64 = 0.05;

/// Factor on the kill probability the assignment credits to a round of a battalion's best
/// ballistic reach (the rounds its ballistic reserve is held in: 40N6E, 48N6E3) against a
/// non-ballistic object, when the doctrine keeps a ballistic reserve.
///
/// Doctrine: spend the cheapest round that does the job and keep the anti-ballistic rounds
/// for the targets only they can engage. Against a cruise missile seen 40 km out, a
/// two-round 9M96E2 salvo (1 − 0.3² = 0.91) and a 48N6E3 salvo (1 − 0.2² = 0.96) are
/// both adequate; with the factor the solver takes the 9M96E2 (0.96 × 0.85 = 0.82 < 0.91),
/// and the 48N6E3 are left for the re-entry vehicles, which the 9M96E2 (5 m lethal
/// radius) rarely kills. A target only the long-range rounds can reach (an aircraft
/// 200 km out) still gets them: the factor only reorders comparable choices. \[P\]
pub const RESERVE_ROUND_THRIFT: f64 = 0.85;

/// Local-search rounds per assignment (fixed, so the result never depends on timing).
const WTA_ITERATIONS: u64 = 20;

/// The default battle manager (see the module docs).
#[derive(Debug, Clone)]
pub struct WtaBattleManager {
    doctrine: Doctrine,
    planning: InterceptPlanning,
    assess_delay: f64,
    book: EngagementBook,
    debris: DebrisWatch,
}

impl WtaBattleManager {
    /// A battle manager with `doctrine`; `assess_delay` (s) is the look time after a salvo.
    pub fn new(doctrine: Doctrine, assess_delay: f64) -> Self {
        Self {
            doctrine,
            planning: InterceptPlanning::default(),
            assess_delay,
            book: EngagementBook::default(),
            debris: DebrisWatch::default(),
        }
    }

    /// The same, judging intercepts with `planning`.
    pub fn with_planning(mut self, planning: InterceptPlanning) -> Self {
        self.planning = planning;
        self
    }
}

impl BattleManager for WtaBattleManager {
    fn decide(&mut self, now: f64, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Decision {
        let (assessments, self_destructs) =
            self.book.assess_with_orders(now, self.assess_delay, units);
        let debris = self.debris.observe(now, units, &self.book.records);
        let objects = self.objects(units, assets);
        let ranking = objects
            .iter()
            .map(|o| {
                let (b, i) = o.members[0];
                let weight = self.doctrine.class_priority.weight(o.eval.class);
                o.eval.ranked(b, units[b].tracks[i].id, weight)
            })
            .collect();
        let eligible = self.eligible(&objects, units);
        let mut skipped = self.not_related(&objects, units);
        let weapons = weapons(now, units, self.doctrine.salvo_size.max(1));
        let (plan, whys) = self.plan(now, units, &objects, &eligible, &weapons);
        let (orders, mut reasons) = match plan {
            Some(plan) => self.assign(now, units, &objects, &eligible, &weapons, plan),
            None => (Vec::new(), vec![None; eligible.len()]),
        };
        self.explain(
            now,
            units,
            &objects,
            &eligible,
            &weapons,
            &whys,
            &mut reasons,
        );
        for (t, &k) in eligible.iter().enumerate() {
            let Some(reason) = reasons[t] else { continue };
            skipped.extend(objects[k].members.iter().map(|&(b, i)| Skipped {
                battalion: b,
                track: units[b].tracks[i].id,
                reason,
            }));
        }
        self.book.follow(now, units);
        Decision {
            assessments,
            orders,
            ranking,
            self_destructs,
            skipped,
            debris,
        }
    }

    fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64) {
        self.book.interceptor_ended(battalion, track, time);
    }
}

/// Without a regiment picture, which object a battalion's track joins: the first (in
/// creation order) that has no member of that battalion yet and a member within
/// [`CORRELATION_DISTANCE`] of the track. The objects a battalion's tracks can join are
/// those made before its turn, whose members do not move during it: their members are
/// indexed in a k-d tree at the start of the turn, so each track looks only at the
/// members near it.
#[derive(Default)]
struct Correlation {
    tree: iadsim_track::spatial::KdTree,
    /// Per indexed member: its object.
    object_of: Vec<usize>,
    /// Per object indexed: whether a track of the battalion whose turn it is joined it.
    taken: Vec<bool>,
    /// The current track's candidates.
    found: Vec<usize>,
}

impl Correlation {
    /// Indexes the members of `objects` for the next battalion's turn.
    fn index(&mut self, objects: &[Object], units: &[FireUnitView<'_>]) {
        self.object_of.clear();
        let mut points = Vec::new();
        for (k, o) in objects.iter().enumerate() {
            for &(ob, oi) in &o.members {
                let p = units[ob].tracks[oi].position().0;
                points.push(([p.x, p.y, p.z], self.object_of.len() as u32));
                self.object_of.push(k);
            }
        }
        self.tree.rebuild(points);
        self.taken.clear();
        self.taken.resize(objects.len(), false);
    }

    /// The object a track at `p` joins, if any (see the type's documentation).
    fn first_within(
        &mut self,
        p: &iadsim_core::Ecef,
        objects: &[Object],
        units: &[FireUnitView<'_>],
    ) -> Option<usize> {
        let d = CORRELATION_DISTANCE * (1.0 + 1e-9) + 1.0;
        let lo = [p.0.x - d, p.0.y - d, p.0.z - d];
        let hi = [p.0.x + d, p.0.y + d, p.0.z + d];
        self.found.clear();
        let (object_of, taken, found) = (&self.object_of, &self.taken, &mut self.found);
        self.tree.query_box(&lo, &hi, &mut |m, _| {
            let k = object_of[m as usize];
            if !taken[k] {
                found.push(k);
            }
        });
        // The exact test, as the plain scan makes it, on the nearby objects in order.
        found.sort_unstable();
        found.dedup();
        found.iter().copied().find(|&k| {
            objects[k]
                .members
                .iter()
                .any(|&(ob, oi)| units[ob].tracks[oi].position().distance(p) < CORRELATION_DISTANCE)
        })
    }

    /// A track of the battalion whose turn it is joined object `k`.
    fn joined(&mut self, k: usize) {
        if let Some(t) = self.taken.get_mut(k) {
            *t = true;
        }
    }
}

impl WtaBattleManager {
    /// The confirmed tracks correlated across battalions into objects (one per regiment
    /// track; without a regiment picture, tracks of different battalions within
    /// [`CORRELATION_DISTANCE`]), each evaluated and valued, most valuable first.
    fn objects(&self, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Vec<Object> {
        let mut objects: Vec<Object> = Vec::new();
        // Regiment track → its object.
        let mut by_regiment: std::collections::HashMap<u64, usize> = Default::default();
        let mut near = Correlation::default();
        for (b, unit) in units.iter().enumerate() {
            if unit.regiment.is_none() {
                near.index(&objects, units);
            }
            for (i, track) in unit.tracks.iter().enumerate() {
                if track.status != TrackStatus::Confirmed || self.debris.ignores(b, track.id) {
                    continue;
                }
                let regiment = unit.regiment_track(i);
                let joined = if unit.regiment.is_some() {
                    // One object per regiment track; an unrelated track stands alone.
                    regiment.and_then(|r| by_regiment.get(&r).copied())
                } else {
                    near.first_within(&track.position(), &objects, units)
                };
                match joined {
                    Some(k) => {
                        objects[k].members.push((b, i));
                        near.joined(k);
                    }
                    None => {
                        if let Some(r) = regiment {
                            by_regiment.entry(r).or_insert(objects.len());
                        }
                        objects.push(Object {
                            members: vec![(b, i)],
                            regiment,
                            eval: evaluate(track, assets),
                            value: 0.0,
                        });
                    }
                }
            }
        }
        self.value(&mut objects, units, assets);
        objects
    }

    /// Each object's value in the assignment (its priority, at least a floor, times the
    /// doctrine's class weight), and the objects sorted by it (ties: battalion, track).
    fn value(&self, objects: &mut [Object], units: &[FireUnitView<'_>], assets: &[AssetView]) {
        let max_value = assets.iter().map(|a| a.value).fold(0.0, f64::max);
        for o in objects.iter_mut() {
            let weight = self.doctrine.class_priority.weight(o.eval.class);
            o.value = weight
                * o.eval
                    .priority()
                    .max(FLOOR_VALUE_SHARE * max_value)
                    .max(1e-9);
        }
        objects.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then(a.members[0].0.cmp(&b.members[0].0))
                .then(
                    units[a.members[0].0].tracks[a.members[0].1]
                        .id
                        .cmp(&units[b.members[0].0].tracks[b.members[0].1].id),
                )
        });
    }

    /// The objects open for a new salvo: not engaged now, not done with under the
    /// doctrine, not held off by regiment deconfliction.
    fn eligible(&self, objects: &[Object], units: &[FireUnitView<'_>]) -> Vec<usize> {
        (0..objects.len())
            .filter(|&k| {
                let o = &objects[k];
                let engaged = o
                    .members
                    .iter()
                    .any(|&(b, i)| self.book.active(b, units[b].tracks[i].id));
                let done = o.members.iter().any(|&(b, i)| {
                    self.book
                        .done_with(b, units[b].tracks[i].id, self.doctrine.shoot_look_shoot)
                });
                let held_off = o.members.iter().any(|&(b, i)| {
                    self.book
                        .held_off(units, b, i, self.doctrine.allow_double_engagement)
                });
                !engaged && !done && !held_off
            })
            .collect()
    }

    /// The kill probability of every weapon against every eligible object (see the
    /// module notes, step 4); `None` when no weapon can reach any. With it, per eligible
    /// object, the nearest miss among the weapons that cannot engage it (for the record
    /// of why an object got no salvo, [`Skipped`]).
    fn plan(
        &self,
        now: f64,
        units: &[FireUnitView<'_>],
        objects: &[Object],
        eligible: &[usize],
        weapons: &[Weapon],
    ) -> (Option<Plan>, Vec<Why>) {
        let mut whys = vec![Why::NoWeapon; eligible.len()];
        let reserves: Vec<Reserve> = units.iter().map(Reserve::of).collect();
        let n = eligible.len();
        let mut plan = Plan {
            pk: vec![vec![0.0; n]; weapons.len()],
            tof: vec![f64::NAN; weapons.len() * n],
            salvo_rounds: vec![0u32; weapons.len() * n],
            objects: n,
        };
        let mut any = false;
        for (w, weapon) in weapons.iter().enumerate() {
            if eligible.is_empty() {
                // No object to plan against: spare the counts below.
                break;
            }
            let unit = &units[weapon.battalion];
            let missile = &unit.launchers[weapon.launcher].missiles[weapon.loadout];
            // Counted once per weapon rather than per object.
            let reserve_kind_rounds = ballistic_capable_rounds(
                unit.launchers,
                missile.max_range_ballistic,
                missile.max_altitude,
            );
            for (t, &k) in eligible.iter().enumerate() {
                let (flight, pk, rounds) = match self.chance(
                    now,
                    unit,
                    weapon,
                    &objects[k],
                    reserve_kind_rounds,
                    reserves[weapon.battalion],
                ) {
                    Ok(c) => c,
                    Err(why) => {
                        whys[t] = whys[t].max(why);
                        continue;
                    }
                };
                whys[t] = Why::Reaches;
                let c = plan.cell(w, t);
                plan.salvo_rounds[c] = rounds;
                plan.pk[w][t] = pk;
                plan.tof[c] = flight;
                any = true;
            }
        }
        (any.then_some(plan), whys)
    }

    /// What `weapon` of `unit` can do against object `o`: time of flight (s), the kill
    /// probability the assignment credits it with, and the rounds it would fire; `None`
    /// when it cannot engage it, why (no track of its own, or none its engagement radar
    /// holds; the ballistic reserve, no intercept, too late).
    fn chance(
        &self,
        now: f64,
        unit: &FireUnitView<'_>,
        weapon: &Weapon,
        o: &Object,
        reserve_kind_rounds: u32,
        reserve: Reserve,
    ) -> Result<(f64, f64, u32), Why> {
        let st = &unit.launchers[weapon.launcher];
        let missile = &st.missiles[weapon.loadout];
        let Some(&(_, i)) = o.members.iter().find(|&&(b, _)| b == weapon.battalion) else {
            return Err(Why::NoWeapon);
        };
        if !unit.may_guide(i) {
            return Err(Why::NotHeld);
        }
        if o.eval.class != ThreatClass::BallisticMissile
            && reserve_kind_rounds < weapon.rounds + self.doctrine.ballistic_reserve
        {
            return Err(Why::Reserve);
        }
        let flight = self.reach(now, unit, weapon, o, weapon.launch_time)?;
        // A hair less for longer-reach rounds, so among equal chances the solver spends
        // the short-range missile and keeps the long-range one.
        let mut thrift = 1.0 - 1e-3 * (missile.max_range / 400_000.0).min(1.0);
        // Rounds of the kind the ballistic reserve is held in count for less against
        // other objects: spent there only when no other round does nearly as well (see
        // [`RESERVE_ROUND_THRIFT`]).
        let mut rounds = weapon.rounds;
        let best = reserve.best_reach;
        if o.eval.class != ThreatClass::BallisticMissile {
            if self.doctrine.ballistic_reserve > 0 && missile.max_range_ballistic >= best {
                thrift *= RESERVE_ROUND_THRIFT;
            }
        } else if best > 0.0 {
            // Against a re-entry vehicle a round counts in proportion to its ballistic
            // reach (the catalogue's measure of what it can do against one), so the
            // anti-ballistic rounds are the ones fired at it.
            thrift *= (missile.max_range_ballistic / best).clamp(0.0, 1.0);
            // The reserve spread thin: one round a re-entry vehicle while the battalion's
            // anti-ballistic rounds are down to twice its reserve.
            if missile.max_range_ballistic >= best
                && reserve.anti_ballistic_rounds <= 2 * self.doctrine.ballistic_reserve
            {
                rounds = 1;
            }
        }
        let pk = thrift * (1.0 - (1.0 - missile.single_shot_pk).powi(rounds as i32));
        Ok((flight, pk, rounds))
    }

    /// The time of flight (s) of `weapon` of `unit` launched at `launch_time` against
    /// object `o`, when it intercepts it before it reaches its asset; else why not.
    fn reach(
        &self,
        now: f64,
        unit: &FireUnitView<'_>,
        weapon: &Weapon,
        o: &Object,
        launch_time: f64,
    ) -> Result<f64, Why> {
        let st = &unit.launchers[weapon.launcher];
        let missile = &st.missiles[weapon.loadout];
        let &(_, i) = o
            .members
            .iter()
            .find(|&&(b, _)| b == weapon.battalion)
            .ok_or(Why::NoWeapon)?;
        let flight = self
            .planning
            .time_of_flight(
                missile,
                &st.position,
                &unit.tracks[i],
                o.eval.class,
                launch_time,
            )
            .ok_or(Why::NoIntercept)?;
        // Too late: the object reaches its asset before the intercept.
        if o.eval.asset.is_some() && launch_time + flight > now + o.eval.time_to_go {
            return Err(Why::TooLate);
        }
        Ok(flight)
    }

    /// Solves the assignment (static WTA, expected surviving value minimised) and turns
    /// it into orders under the doctrine filters (module notes, steps 5 and 6).
    fn assign(
        &mut self,
        now: f64,
        units: &[FireUnitView<'_>],
        objects: &[Object],
        eligible: &[usize],
        weapons: &[Weapon],
        plan: Plan,
    ) -> (Vec<EngagementOrder>, Vec<Option<SkipReason>>) {
        let values: Vec<f64> = eligible.iter().map(|&k| objects[k].value).collect();
        let shots = vec![1; weapons.len()];
        let Plan {
            pk,
            tof,
            salvo_rounds,
            objects: n,
        } = plan;
        // The instance keeps the Pk table as given; it is read back from there.
        let Ok(instance) = Instance::new(values, pk, shots) else {
            return (Vec::new(), vec![None; eligible.len()]);
        };
        let solution = solve(
            &instance,
            &SolveOptions {
                method: Method::Heuristic,
                time_limit: None,
                max_iterations: Some(WTA_ITERATIONS),
                stall_iterations: Some(WTA_ITERATIONS),
                seed: 0,
                ..SolveOptions::default()
            },
        );
        let pk = instance.pk();
        // Per object the best salvo; objects in ranking order keep theirs first.
        let mut best: Vec<Option<usize>> = vec![None; eligible.len()];
        for &(w, t) in &solution.assignment.pairs {
            if pk[w][t] > 0.0 && best[t].is_none_or(|bw| pk[w][t] > pk[bw][t]) {
                best[t] = Some(w);
            }
        }
        let mut state = OrderState::new(units, &self.book);
        let mut orders = Vec::new();
        let mut reasons = vec![None; eligible.len()];
        for (t, &k) in eligible.iter().enumerate() {
            let Some(w) = best[t] else {
                // For the record only: a weapon could have engaged it.
                if pk.iter().any(|row| row[t] > 0.0) {
                    reasons[t] = Some(SkipReason::LowerPriority);
                }
                continue;
            };
            let c = w * n + t;
            match self.order(
                now,
                units,
                &objects[k],
                &weapons[w],
                salvo_rounds[c],
                tof[c],
                &mut state,
            ) {
                Ok(order) => orders.push(order),
                Err(reason) => reasons[t] = Some(reason),
            }
        }
        (orders, reasons)
    }

    /// For the record of skipped objects only (no decision reads it): the reason of each
    /// eligible object without one yet, from the nearest miss of the weapons against it
    /// (`whys`, from [`Self::plan`]). Objects some weapon could reach but that got no
    /// reason in [`Self::assign`] (no positive chance) count as out of reach; the ballistic
    /// reserve is named only when a held round would have intercepted in time, and the
    /// reaction time when a launch without it would have.
    #[allow(clippy::too_many_arguments)]
    fn explain(
        &self,
        now: f64,
        units: &[FireUnitView<'_>],
        objects: &[Object],
        eligible: &[usize],
        weapons: &[Weapon],
        whys: &[Why],
        reasons: &mut [Option<SkipReason>],
    ) {
        for (t, &k) in eligible.iter().enumerate() {
            if reasons[t].is_some() {
                continue;
            }
            let o = &objects[k];
            let theirs = || {
                weapons
                    .iter()
                    .filter(|w| o.members.iter().any(|&(b, _)| b == w.battalion))
            };
            let without_reserve = |w: &Weapon| {
                self.reach(now, &units[w.battalion], w, o, w.launch_time)
                    .is_ok()
            };
            let without_reaction = |w: &Weapon| {
                let ready = units[w.battalion].launchers[w.launcher].ready_at;
                self.reach(now, &units[w.battalion], w, o, ready.max(now))
                    .is_ok()
            };
            reasons[t] = Some(match whys[t] {
                Why::NoWeapon => SkipReason::NoRounds,
                Why::NotHeld => SkipReason::NoChannel,
                Why::Reaches | Why::NoIntercept => SkipReason::NoRoundInReach,
                Why::Reserve if theirs().any(without_reserve) => SkipReason::HeldInReserve,
                Why::TooLate if theirs().any(without_reaction) => SkipReason::ReactionTime,
                Why::TooLate => SkipReason::TooLate,
                Why::Reserve => SkipReason::NoRoundInReach,
            });
        }
    }

    /// For the record only: the objects not open to a salvo because their battalion
    /// track is not yet related to a regiment track ([`SkipReason::NotRelated`]).
    fn not_related(&self, objects: &[Object], units: &[FireUnitView<'_>]) -> Vec<Skipped> {
        let mut out = Vec::new();
        for o in objects {
            if o.regiment.is_some() {
                continue;
            }
            for &(b, i) in &o.members {
                let id = units[b].tracks[i].id;
                if units[b].regiment.is_some()
                    && !self.book.active(b, id)
                    && !self.book.done_with(b, id, self.doctrine.shoot_look_shoot)
                {
                    out.push(Skipped {
                        battalion: b,
                        track: id,
                        reason: SkipReason::NotRelated,
                    });
                }
            }
        }
        out
    }

    /// The salvo of `rounds` from `weapon` at object `o`, if the engagement radar's
    /// channels and the ballistic reserve allow it; books it and updates `state`.
    #[allow(clippy::too_many_arguments)]
    fn order(
        &mut self,
        now: f64,
        units: &[FireUnitView<'_>],
        o: &Object,
        weapon: &Weapon,
        rounds: u32,
        tof: f64,
        state: &mut OrderState,
    ) -> Result<EngagementOrder, SkipReason> {
        let b = weapon.battalion;
        let unit = &units[b];
        if state.in_flight[b] + rounds > unit.guidance_channels
            || state.targets[b] >= unit.target_channels
        {
            return Err(SkipReason::NoChannel);
        }
        let m = &unit.launchers[weapon.launcher].missiles[weapon.loadout];
        let (reach, ceiling) = (m.max_range_ballistic, m.max_altitude);
        if o.eval.class != ThreatClass::BallisticMissile
            && ballistic_capable_rounds_left(unit.launchers, &state.left[b], reach, ceiling)
                < rounds + self.doctrine.ballistic_reserve
        {
            return Err(SkipReason::HeldInReserve);
        }
        let &(_, i) = o
            .members
            .iter()
            .find(|&&(mb, _)| mb == b)
            .ok_or(SkipReason::NoRoundInReach)?;
        if !unit.may_guide(i) {
            return Err(SkipReason::NoChannel);
        }
        let track = &unit.tracks[i];
        let st = &unit.launchers[weapon.launcher];
        let first = weapon.launch_time.max(state.next_free[b][weapon.launcher]);
        let launches: Vec<LaunchOrder> = (0..rounds)
            .map(|r| LaunchOrder {
                launcher: weapon.launcher,
                loadout: weapon.loadout,
                time: first + f64::from(r) * st.launch_interval,
            })
            .collect();
        state.next_free[b][weapon.launcher] = first + f64::from(rounds) * st.launch_interval;
        state.in_flight[b] += rounds;
        state.targets[b] += 1;
        state.left[b][weapon.launcher][weapon.loadout] -= rounds;
        let object = unit.regiment_track(i);
        self.book
            .open(b, track.id, rounds, now, track.position(), object);
        Ok(EngagementOrder {
            battalion: b,
            track: track.id,
            assessed_class: o.eval.class,
            missile: st.missiles[weapon.loadout].type_name.clone(),
            launches,
            predicted_intercept_time: first + tof,
            regiment_track: object,
        })
    }
}
