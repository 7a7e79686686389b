//! Engage: the launches due are made, then every missile in flight flies the step against
//! the threats' true motion (its seeker and fuze see the real target; its guidance, only
//! the uplinked track and the seeker's measurements).

use std::sync::Arc;

use iadsim_setup::Missile;

use crate::assess::attribution::Fact;
use crate::engage::flyout::interceptor::FlyoutInterceptor;
use crate::engage::interceptor::Interceptor;
use crate::engage::lead_collision::LeadCollisionInterceptor;
use crate::engage::outcome::FlightOutcome;
use crate::engine::options::InterceptorModelKind;
use crate::engine::run::EngineError;
use crate::engine::world::{Battalion, Flights, PendingLaunch, World};
use crate::events::{Event, EventKind};
use crate::track::tracker::Track;

/// Makes the launches due before `t1` s, in time order. A launch whose track has died
/// since the order is cancelled: the round stays on its launcher.
pub(crate) fn launch(world: &mut World<'_>, t0: f64, t1: f64) -> Result<(), EngineError> {
    let pending = &mut world.flights.pending;
    pending.sort_by(|a, b| a.time.total_cmp(&b.time));
    let due = pending.iter().take_while(|p| p.time < t1).count();
    let launches: Vec<PendingLaunch> = pending.drain(..due).collect();
    for p in launches {
        let unit = &mut world.defence.battalions[p.battalion];
        let Some(track) = unit.tracker.track(p.track) else {
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
/// battalion's current track (none once the track is lost) against the threats' true
/// motion. A threat one missile kills is gone for the missiles after it.
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
        let track = world.defence.battalions[m.battalion()]
            .tracker
            .track(m.track());
        let outcome = m.fly(t0, t1, track, &scratch.motions, seeker_rng);
        let (battalion, track, missile) = (m.battalion(), m.track(), &m.missile().type_name);
        let time = match outcome {
            FlightOutcome::Flying => continue,
            FlightOutcome::Detonated { time, threat, miss } => {
                let killed = damage.draw(miss, m.single_shot_pk(), m.lethal_radius(), kill_rng);
                let row = world.tally.missiles.row(missile);
                row.0.detonations += 1;
                *row.1 += miss;
                world.tally.fuzed_at[threat] = true;
                world.tally.facts.on_threat(
                    threat,
                    Fact::Detonation {
                        time,
                        interceptor: id,
                        miss,
                        killed,
                    },
                );
                scratch.events.push(Event {
                    time,
                    kind: EventKind::Intercept {
                        interceptor: id,
                        threat,
                        miss_distance: miss,
                        killed,
                    },
                });
                if killed {
                    world.tally.missiles.row(missile).0.kills += 1;
                    world.threats.kill(threat, time);
                    scratch.motions.retain(|mo| mo.index != threat);
                    scratch.events.push(Event {
                        time,
                        kind: EventKind::Kill {
                            threat,
                            interceptor: id,
                        },
                    });
                }
                time
            }
            FlightOutcome::Lost { time, reason } => {
                world.tally.missiles.row(missile).0.lost += 1;
                world.tally.facts.on_interceptor(
                    id,
                    Fact::Lost {
                        time,
                        interceptor: id,
                        reason: reason.to_string(),
                    },
                );
                scratch.events.push(Event {
                    time,
                    kind: EventKind::InterceptorLost {
                        interceptor: id,
                        reason: reason.to_string(),
                    },
                });
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
