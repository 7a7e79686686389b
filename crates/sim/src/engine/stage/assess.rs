//! Assess: threats that arrive leak and hit the assets around their aim points, debris
//! reaches the ground; at a
//! decision time, the pictures the command post decides on are reported and scored
//! against the truth.

use crate::assess::arrivals::assets_hit;
use crate::engine::world::World;
use crate::events::{Event, EventKind, TrackState};
use crate::track::tracker::TrackStatus;

/// Threats whose trajectory ends in the step reach their aim point (`leak`) and hit every
/// asset around it (`asset_hit`); debris fragments whose fall ends in it reach the ground
/// (`debris_impact`).
pub(crate) fn arrivals(world: &mut World<'_>, t1: f64) {
    let mut landed = Vec::new();
    world.threats.land(t1, &mut landed);
    world.tally.debris.landed += landed.len() as u32;
    for (j, time) in landed {
        world.scratch.events.push(Event {
            time,
            kind: EventKind::DebrisImpact {
                debris: j,
                threat: world.threats.fragment(j).threat,
            },
        });
    }
    let mut arrived = Vec::new();
    world.threats.arrive(t1, &mut arrived);
    for (k, time) in arrived {
        let events = &mut world.scratch.events;
        events.push(Event {
            time,
            kind: EventKind::Leak { threat: k },
        });
        let aim = world.threats.trajectory(k).aim_point();
        for a in assets_hit(&aim, &world.defence.assets) {
            events.push(Event {
                time,
                kind: EventKind::AssetHit {
                    threat: k,
                    asset: a,
                },
            });
        }
    }
}

/// At a decision time `t1`: every confirmed track of each battalion's picture, then of
/// the regiment's, is reported (`track_report`, with its regiment track) and each picture
/// is scored against the threats in flight. Analysis only: nothing here reaches the
/// battle manager.
pub(crate) fn pictures(world: &mut World<'_>, t1: f64) {
    let scratch = &mut world.scratch;
    world.threats.flying_positions(t1, &mut scratch.truth);
    let scan = (t1 / world.clock.decision_period).round() as i64;
    let defence = &world.defence;
    let pictures = defence
        .battalions
        .iter()
        .enumerate()
        .map(|(b, u)| (Some(b), u.tracker.tracks()))
        .chain(defence.regiment.as_ref().map(|rp| (None, rp.tracks())));
    for (b, tracks) in pictures {
        scratch.estimates.clear();
        for (i, track) in tracks.iter().enumerate() {
            if track.status != TrackStatus::Confirmed {
                continue;
            }
            scratch
                .estimates
                .push((track.id, track.extrapolate(t1).0.0));
            if !world.keep_detail {
                continue;
            }
            let related = b.and_then(|b| scratch.related[b].get(i).copied().flatten());
            scratch.events.push(Event {
                time: t1,
                kind: EventKind::TrackReport {
                    battalion: b,
                    track: track.id,
                    state: TrackState::of(track, t1),
                    regiment_track: related,
                },
            });
        }
        let scorer = match b {
            Some(b) => &mut world.tally.battalion_scorers[b],
            None => &mut world.tally.regiment_scorers[0],
        };
        scorer.add(scan, &scratch.truth, &scratch.estimates);
    }
}
