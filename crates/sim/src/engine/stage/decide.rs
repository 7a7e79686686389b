//! Decide: the regiment command post's cycle — kill assessment, threat evaluation and
//! weapon assignment over the battalions' pictures — and the orders that follow.

use crate::assess::attribution::Fact;
use crate::assess::errors;
use crate::decide::manager::{
    Assessment, Decision, EngagementOrder, FireUnitView, SelfDestructOrder,
};
use crate::engine::stage::fire_control::channel_event;
use crate::engine::world::{Battalion, PendingLaunch, World};
use crate::events::{Event, EventKind};

/// One decision at `t1` s: the battle manager decides on what each battalion offers
/// (tracks, launchers, channels, missiles committed); its ranking (when changed), kill
/// assessments, self-destruct orders and engagements follow.
pub(crate) fn decide(world: &mut World<'_>, t1: f64) {
    let decision = {
        let (battalions, regiment) = (&world.defence.battalions, &world.defence.regiment);
        let flights = &world.flights;
        let related = &world.scratch.related;
        let held: Vec<Option<Vec<bool>>> = battalions.iter().map(|u| held(u, t1)).collect();
        let views: Vec<FireUnitView<'_>> = battalions
            .iter()
            .enumerate()
            .map(|(b, u)| FireUnitView {
                tracks: u.tracker.tracks(),
                launchers: &u.launchers,
                missiles_in_flight: flights
                    .flying
                    .iter()
                    .filter(|&&i| flights.interceptors[i].battalion() == b)
                    .count() as u32
                    + flights.pending.iter().filter(|p| p.battalion == b).count() as u32,
                guidance_channels: u.guidance_channels,
                target_channels: u.target_channels,
                reaction_time: u.reaction_time,
                regiment: regiment.as_ref().map(|_| related[b].as_slice()),
                held: held[b].as_deref(),
            })
            .collect();
        world
            .defence
            .manager
            .decide(t1, &views, &world.defence.assets)
    };
    record(world, t1, decision);
}

/// For each of `unit`'s tracks, whether its engagement radar holds it inside its sector
/// at `t` s (`None` without fire control).
fn held(unit: &Battalion, t: f64) -> Option<Vec<bool>> {
    let fc = unit.fire_control.as_ref()?;
    let held = |id: u64| {
        fc.estimate(id)
            .is_some_and(|e| fc.covers(&e.extrapolate(t).0))
    };
    Some(unit.tracker.tracks().iter().map(|t| held(t.id)).collect())
}

/// The decision's ranking (when it changed), assessments, self-destructs and orders.
fn record(world: &mut World<'_>, t1: f64, decision: Decision) {
    let order: Vec<(usize, u64)> = decision
        .ranking
        .iter()
        .map(|r| (r.battalion, r.track))
        .collect();
    if order != world.defence.last_ranking {
        world.defence.last_ranking = order;
        if world.keep_detail {
            world.scratch.events.push(Event {
                time: t1,
                kind: EventKind::ThreatRanking {
                    ranks: decision.ranking,
                },
            });
        }
    }
    {
        let facts = &mut world.tally.facts;
        let threats = &world.threats;
        // A track that outlived its threat (coasting, stale) says nothing of it.
        let alive = |k: usize| threats.fate(k) == crate::truth::threats::Fate::Flying;
        for s in &decision.skipped {
            facts.skipped(s.battalion, s.track, s.reason, t1, alive);
        }
    }
    for a in decision.assessments {
        judged_fact(world, t1, &a);
        count_assessment(world, &a);
        world.scratch.events.push(Event {
            time: t1,
            kind: EventKind::KillAssessment {
                battalion: a.battalion,
                track: a.track,
                assessed_killed: a.killed,
            },
        });
    }
    for sd in &decision.self_destructs {
        self_destruct(world, t1, sd);
    }
    for &(b, track) in &decision.debris {
        classed_debris(world, t1, b, track);
    }
    for order in decision.orders {
        count_order(world, &order);
        engage(world, t1, order);
    }
}

/// Battalion `b`'s track `track` classed debris at `t1` s: its engagement radar frees
/// the channel and takes it no more (`channel_freed`).
fn classed_debris(world: &mut World<'_>, t1: f64, b: usize, track: u64) {
    let Some(fc) = world
        .defence
        .battalions
        .get_mut(b)
        .and_then(|u| u.fire_control.as_mut())
    else {
        return;
    };
    if let Some(change) = fc.classed_debris(track, t1) {
        world.scratch.events.push(channel_event(b, &change));
    }
}

/// Records, for the leak attribution, a kill judged on the track of a threat still flying.
fn judged_fact(world: &mut World<'_>, t1: f64, a: &Assessment) {
    let threats = &world.threats;
    let alive = |k: usize| threats.fate(k) == crate::truth::threats::Fate::Flying;
    let facts = &mut world.tally.facts;
    let of_live_threat = facts
        .threat_of_track(a.battalion, a.track)
        .is_some_and(alive);
    if a.killed && of_live_threat {
        let fact = Fact::JudgedKilled {
            time: t1,
            battalion: a.battalion,
            track: a.track,
        };
        facts.on_track(a.battalion, a.track, fact);
    }
}

/// Tallies a kill assessment, and the error when it judged a threat still flying killed.
fn count_assessment(world: &mut World<'_>, a: &Assessment) {
    let tally = &mut world.tally.assessment;
    tally.judged += 1;
    if !a.killed {
        return;
    }
    tally.judged_killed += 1;
    let object = errors::behind(&world.threats, &a.position.0, a.time);
    if object.is_some_and(|o| errors::alive(&world.threats, o)) {
        tally.killed_while_alive += 1;
    }
}

/// Tallies an engagement ordered at a track behind which the threat is already dead.
fn count_order(world: &mut World<'_>, order: &EngagementOrder) {
    let tracker = &world.defence.battalions[order.battalion].tracker;
    let Some(track) = tracker.tracks().iter().find(|t| t.id == order.track) else {
        return;
    };
    let object = errors::behind(&world.threats, &track.position().0, track.time);
    if object.is_some_and(|o| errors::dead(&world.threats, o)) {
        world.tally.assessment.reengaged_while_dead += 1;
    }
}

/// A self-destruct order: the object is judged killed, so the missiles still flying at
/// it are destroyed, and launches not yet made at it are cancelled (the rounds stay on
/// their launchers).
fn self_destruct(world: &mut World<'_>, t1: f64, sd: &SelfDestructOrder) {
    let flights = &mut world.flights;
    let ended = &mut world.scratch.ended;
    for &id in &flights.flying {
        let m = &flights.interceptors[id];
        if m.battalion() != sd.battalion || m.track() != sd.track {
            continue;
        }
        ended.push(id);
        let row = world.tally.missiles.row(&m.missile().type_name).0;
        row.lost += 1;
        row.self_destructs += 1;
        world.tally.facts.on_interceptor(
            id,
            Fact::Lost {
                time: t1,
                interceptor: id,
                reason: crate::decide::manager::SELF_DESTRUCT_ORDERED.to_string(),
            },
        );
        world.scratch.events.push(Event {
            time: t1,
            kind: EventKind::InterceptorLost {
                interceptor: id,
                reason: crate::decide::manager::SELF_DESTRUCT_ORDERED.to_string(),
            },
        });
        world
            .defence
            .manager
            .interceptor_ended(sd.battalion, sd.track, t1);
    }
    flights.flying.retain(|id| !ended.contains(id));
    let mut kept = Vec::with_capacity(flights.pending.len());
    for p in flights.pending.drain(..) {
        if p.battalion == sd.battalion && p.track == sd.track {
            world.defence.battalions[p.battalion].launchers[p.launcher].rounds[p.loadout] += 1;
            world
                .defence
                .manager
                .interceptor_ended(p.battalion, p.track, t1);
        } else {
            kept.push(p);
        }
    }
    flights.pending = kept;
}

/// An engagement order: its rounds leave the launchers' ready racks now and are launched
/// at their times (`engagement_planned`).
fn engage(world: &mut World<'_>, t1: f64, order: EngagementOrder) {
    let unit = &mut world.defence.battalions[order.battalion];
    for l in &order.launches {
        let st = &mut unit.launchers[l.launcher];
        st.rounds[l.loadout] -= 1;
        st.ready_at = st.ready_at.max(l.time + st.launch_interval);
        world.flights.pending.push(PendingLaunch {
            time: l.time,
            battalion: order.battalion,
            launcher: l.launcher,
            loadout: l.loadout,
            track: order.track,
        });
    }
    world.tally.facts.on_track(
        order.battalion,
        order.track,
        Fact::Planned {
            time: t1,
            battalion: order.battalion,
            track: order.track,
            missile: order.missile.clone(),
            rounds: order.launches.len() as u32,
            predicted: order.predicted_intercept_time,
        },
    );
    world.scratch.events.push(Event {
        time: t1,
        kind: EventKind::EngagementPlanned {
            battalion: order.battalion,
            track: order.track,
            assessed_class: order.assessed_class,
            launchers: order.launches.iter().map(|l| l.launcher).collect(),
            missile: order.missile,
            predicted_intercept_time: order.predicted_intercept_time,
            regiment_track: order.regiment_track,
        },
    });
}
