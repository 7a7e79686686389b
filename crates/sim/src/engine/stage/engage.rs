//! Engage: the launches due are made, then every missile in flight flies the step against
//! the true motion of the objects in flight, threats and debris (its seeker and fuze see
//! the real objects; its guidance, only the uplinked track and the seeker's measurements).

use std::sync::Arc;

use iadsim_setup::Missile;

use crate::assess::attribution::Fact;
use crate::assess::tally::Tally;
use crate::engage::flyout::interceptor::FlyoutInterceptor;
use crate::engage::interceptor::Interceptor;
use crate::engage::lead_collision::LeadCollisionInterceptor;
use crate::engage::outcome::FlightOutcome;
use crate::engine::options::InterceptorModelKind;
use crate::engine::run::EngineError;
use crate::engine::world::{Battalion, Flights, PendingLaunch, Scratch, World};
use crate::events::{Event, EventKind};
use crate::track::tracker::Track;
use crate::truth::threats::{Object, Threats};

/// Makes the launches due before `t1` s, in time order. A launch whose track has died
/// since the order, or that the engagement radar does not hold in its sector
/// ([`guiding_track`]), is cancelled: the round stays on its launcher.
pub(crate) fn launch(world: &mut World<'_>, t0: f64, t1: f64) -> Result<(), EngineError> {
    let pending = &mut world.flights.pending;
    pending.sort_by(|a, b| a.time.total_cmp(&b.time));
    let due = pending.iter().take_while(|p| p.time < t1).count();
    let launches: Vec<PendingLaunch> = pending.drain(..due).collect();
    for p in launches {
        let unit = &mut world.defence.battalions[p.battalion];
        let Some(track) = guiding_track(unit, p.track, p.time) else {
            unit.launchers[p.launcher].rounds[p.loadout] += 1;
            world
                .defence
                .manager
                .interceptor_ended(p.battalion, p.track, p.time);
            continue;
        };
        // Analysis only: the threat nearest the track is counted as engaged.
        let (tp, _) = track.extrapolate(p.time);
        let target = world.threats.nearest_flying(&tp, p.time);
        if let Some(k) = target {
            world.tally.engaged_by[k] += 1;
        }
        let missile = unit.launchers[p.launcher].missiles[p.loadout].clone();
        let id = world.flights.interceptors.len();
        // The attribution follows the track it was fired on (the threat nearest it when it
        // was confirmed), so a launch and the engagement behind it name the same threat.
        let followed = world.tally.facts.threat_of_track(p.battalion, p.track);
        if let Some(k) = followed.or(target) {
            let fact = Fact::Launch {
                time: p.time,
                interceptor: id,
                battalion: p.battalion,
                missile: missile.type_name.clone(),
            };
            world.tally.facts.launched(id, k, fact);
        }
        let interceptor = new_interceptor(
            &world.flights,
            world.options.interceptor_model,
            unit,
            &p,
            id,
            missile.clone(),
            p.time.max(t0),
            track,
        )?;
        world.flights.interceptors.push(interceptor);
        world.flights.flying.push(id);
        world.tally.missiles.row(&missile.type_name).0.fired += 1;
        world.scratch.events.push(Event {
            time: p.time,
            kind: EventKind::Launch {
                interceptor: id,
                battalion: p.battalion,
                launcher: p.launcher,
                missile: missile.type_name,
                track: p.track,
                model: world.options.interceptor_model.name().to_string(),
            },
        });
    }
    Ok(())
}

/// What a missile launched at battalion track `track` at `time` s would be guided on:
/// the engagement radar's own estimate when it holds the track and its sector covers it
/// (the acquisition radar alone guides nothing); under the fixed-Pd radar model, which
/// has no fire control, the battalion's track.
fn guiding_track(unit: &Battalion, track: u64, time: f64) -> Option<&Track> {
    let Some(fc) = unit.fire_control.as_ref() else {
        return unit.tracker.track(track);
    };
    unit.tracker.track(track)?;
    fc.estimate(track)
        .filter(|e| fc.covers(&e.extrapolate(time).0))
}

/// Interceptor `id` of `model` leaving launcher `p.launcher` of `unit` at `time` s
/// against `track`.
#[allow(clippy::too_many_arguments)]
fn new_interceptor(
    flights: &Flights,
    model: InterceptorModelKind,
    unit: &Battalion,
    p: &PendingLaunch,
    id: usize,
    missile: Missile,
    time: f64,
    track: &Track,
) -> Result<Interceptor, EngineError> {
    let launcher = &unit.launchers[p.launcher].position;
    Ok(match model {
        InterceptorModelKind::LeadCollision => Interceptor::LeadCollision(Box::new(
            LeadCollisionInterceptor::launch(id, p.battalion, missile, launcher, time, track),
        )),
        InterceptorModelKind::Flyout => {
            let airframe = flights
                .airframes
                .iter()
                .find(|(k, _)| *k == missile.type_name)
                .map(|(_, a)| Arc::clone(a))
                .ok_or_else(|| {
                    EngineError::Setup(format!(
                        "missile type \"{}\" has no airframe",
                        missile.type_name
                    ))
                })?;
            let settings = crate::engage::flyout::settings::FlightSettings {
                uplink_period: unit.uplink_period,
                ..crate::engage::flyout::settings::planning_settings()
            };
            Interceptor::Flyout(Box::new(FlyoutInterceptor::launch(
                id,
                p.battalion,
                missile,
                airframe,
                launcher,
                time,
                track,
                settings,
            )))
        }
    })
}

/// Every missile in flight flies the step [`t0`, `t1`], in launch order, guided by its
/// engagement radar's current track (none once the radar lost it: uplinked rounds coast
/// on their last uplink, TVM and semi-active rounds lose guidance) against the true motion
/// of every object in flight — threats and debris: a seeker sees objects, not fates. A
/// threat one missile kills is gone for the missiles after it, and its debris is there
/// instead; a detonation at debris harms nothing.
pub(crate) fn fly(world: &mut World<'_>, t0: f64, t1: f64) {
    let scratch = &mut world.scratch;
    scratch.ended.clear();
    scratch.motions.clear();
    if !world.flights.flying.is_empty() {
        world.threats.motions(t0, t1, &mut scratch.motions);
    }
    let Flights {
        interceptors,
        flying,
        seeker_rng,
        kill_rng,
        ..
    } = &mut world.flights;
    let damage = world.options.interceptor_model.damage();
    for &id in flying.iter() {
        let m = &mut interceptors[id];
        let unit = &world.defence.battalions[m.battalion()];
        // Guided by the engagement radar's track of the target (none once it lost it).
        let track = match unit.fire_control.as_ref() {
            Some(fc) => fc.estimate(m.track()),
            None => unit.tracker.track(m.track()),
        };
        let outcome = m.fly(t0, t1, track, &scratch.motions, seeker_rng);
        let (battalion, track, missile) = (m.battalion(), m.track(), &m.missile().type_name);
        let time = match outcome {
            FlightOutcome::Flying => continue,
            FlightOutcome::Detonated { time, threat, miss } => {
                let mut detonation = Detonation {
                    id,
                    missile,
                    time,
                    threat,
                    miss,
                    killed: false,
                };
                match world.threats.object(threat) {
                    Object::Threat(threat) => {
                        detonation.threat = threat;
                        detonation.killed =
                            damage.draw(miss, m.single_shot_pk(), m.lethal_radius(), kill_rng);
                        at_threat(
                            &mut world.threats,
                            &mut world.tally,
                            scratch,
                            detonation,
                            t1,
                        );
                    }
                    Object::Debris(j) => {
                        detonation.threat = world.threats.fragment(j).threat;
                        at_debris(&mut world.tally, scratch, detonation, j);
                    }
                }
                time
            }
            FlightOutcome::Lost { time, reason } => {
                lost(
                    &mut world.tally,
                    scratch,
                    id,
                    missile,
                    time,
                    reason.to_string(),
                );
                time
            }
        };
        scratch.ended.push(id);
        world
            .defence
            .manager
            .interceptor_ended(battalion, track, time);
    }
    flying.retain(|id| !scratch.ended.contains(id));
}

/// Interceptor `id` (of type `missile`) fuzed at `time` s, `miss` m from threat `threat`
/// (at debris: the threat the fragment came from), with the kill drawn (`killed`; never
/// at debris).
struct Detonation<'a> {
    id: usize,
    missile: &'a str,
    time: f64,
    threat: usize,
    miss: f64,
    killed: bool,
}

/// A detonation at a threat: counted, logged (`intercept`, then `kill` when it killed),
/// and a killed threat breaks up before the step's end `t1` s ([`break_up`]).
fn at_threat(
    threats: &mut Threats<'_>,
    tally: &mut Tally,
    scratch: &mut Scratch,
    d: Detonation<'_>,
    t1: f64,
) {
    let row = tally.missiles.row(d.missile);
    row.0.detonations += 1;
    *row.1 += d.miss;
    tally.fuzed_at[d.threat] = true;
    tally.facts.on_threat(
        d.threat,
        Fact::Detonation {
            time: d.time,
            interceptor: d.id,
            miss: d.miss,
            killed: d.killed,
        },
    );
    scratch.events.push(Event {
        time: d.time,
        kind: EventKind::Intercept {
            interceptor: d.id,
            threat: d.threat,
            miss_distance: d.miss,
            killed: d.killed,
            debris: None,
        },
    });
    if d.killed {
        tally.missiles.row(d.missile).0.kills += 1;
        scratch.events.push(Event {
            time: d.time,
            kind: EventKind::Kill {
                threat: d.threat,
                interceptor: d.id,
            },
        });
        break_up(threats, tally, scratch, d.threat, d.time, t1);
    }
}

/// Interceptor `id` (of type `missile`) lost at `time` s for `reason`
/// (`interceptor_lost`).
fn lost(
    tally: &mut Tally,
    scratch: &mut Scratch,
    id: usize,
    missile: &str,
    time: f64,
    reason: String,
) {
    tally.missiles.row(missile).0.lost += 1;
    tally.facts.on_interceptor(
        id,
        Fact::Lost {
            time,
            interceptor: id,
            reason: reason.clone(),
        },
    );
    scratch.events.push(Event {
        time,
        kind: EventKind::InterceptorLost {
            interceptor: id,
            reason,
        },
    });
}

/// Threat `threat` killed at `time` s breaks up: it is gone for the missiles still to fly
/// the step (to `t1` s) and its fragments are there instead, from where it was at the
/// step's start (`debris` events).
fn break_up(
    threats: &mut Threats<'_>,
    tally: &mut Tally,
    scratch: &mut Scratch,
    threat: usize,
    time: f64,
    t1: f64,
) {
    let from = scratch
        .motions
        .iter()
        .find(|mo| mo.index == threat)
        .map(|mo| mo.position[0]);
    scratch.motions.retain(|mo| mo.index != threat);
    let made = threats.kill(threat, time);
    if let Some(from) = from {
        threats.new_motions(made.clone(), from, t1, &mut scratch.motions);
    }
    tally.debris.objects += made.len() as u32;
    for j in made {
        scratch.events.push(Event {
            time,
            kind: EventKind::Debris {
                debris: j,
                threat,
                ballistic_coefficient: threats.fragment(j).ballistic_coefficient,
            },
        });
    }
}

/// A detonation `d` at debris fragment `fragment` (`d.threat`: the threat it came from):
/// nothing is harmed (`intercept`, not killed).
#[allow(clippy::too_many_arguments)]
fn at_debris(tally: &mut Tally, scratch: &mut Scratch, d: Detonation<'_>, fragment: usize) {
    tally.missiles.row(d.missile).0.debris_detonations += 1;
    tally.debris.detonations += 1;
    scratch.events.push(Event {
        time: d.time,
        kind: EventKind::Intercept {
            interceptor: d.id,
            threat: d.threat,
            miss_distance: d.miss,
            killed: false,
            debris: Some(fragment),
        },
    });
}
