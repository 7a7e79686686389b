//! Track: each battalion's tracker takes its measurements; the regiment command post
//! fuses the reports that have reached it.

use crate::engine::world::World;
use crate::events::{Event, EventKind, TrackState};
use crate::track::tracker::{Track, TrackChanges};

/// Each battalion, in order: its detections are logged, its tracker takes the step's
/// measurements (charging misses only where its radars looked), and its reports leave
/// for the regiment command post; then the command post fuses what has reached it. At a
/// decision (`deciding`), each battalion track is related to its regiment track: the
/// picture the command post decides on.
pub(crate) fn update(world: &mut World<'_>, t0: f64, t1: f64, deciding: bool) {
    let scratch = &mut world.scratch;
    for (b, unit) in world.defence.battalions.iter_mut().enumerate() {
        scratch.events.append(&mut scratch.detection_events[b]);
        scratch.measurements.clear();
        scratch
            .measurements
            .extend(scratch.detections[b].iter().map(|d| d.measurement));
        let changes = unit
            .tracker
            .update_looked(&scratch.measurements, t0, t1, &unit.radars);
        if let Some(rp) = world.defence.regiment.as_mut() {
            rp.send(b, &scratch.measurements, unit.tracker.report_updates(), t1);
        }
        // Analysis only: each new track is taken to follow the threat nearest it.
        for &id in &changes.confirmed {
            let Some(track) = unit.tracker.track(id) else {
                continue;
            };
            let (p, _) = track.extrapolate(t1);
            if let Some(k) = world.threats.nearest_flying(&p, t1) {
                world.tally.facts.track_started(b, id, k, t1);
            }
        }
        let (confirmed, lost) =
            track_change_events(&mut scratch.events, t1, Some(b), changes, |id| {
                unit.tracker.track(id)
            });
        world.tally.tracks.confirmed += confirmed;
        world.tally.tracks.lost += lost;
    }
    if let Some(rp) = world.defence.regiment.as_mut() {
        let battalions = &world.defence.battalions;
        let changes = rp.update(t1, &|b, r, a, c, p| {
            battalions
                .get(b)
                .and_then(|u| u.radars.get(r))
                .is_none_or(|g| g.searched(a, c, p))
        });
        let (confirmed, lost) =
            track_change_events(&mut scratch.events, t1, None, changes, |id| rp.track(id));
        world.tally.regiment.confirmed += confirmed;
        world.tally.regiment.lost += lost;
    }
    if deciding {
        relate(world);
    }
}

/// Each battalion track's regiment track (the relation the battle manager deconflicts
/// on), forgetting the relations of tracks gone; empty lists without a regiment picture.
fn relate(world: &mut World<'_>) {
    let defence = &mut world.defence;
    world.scratch.related = defence
        .battalions
        .iter()
        .enumerate()
        .map(|(b, u)| {
            let tracks = u.tracker.tracks();
            match defence.regiment.as_mut() {
                Some(rp) => {
                    rp.retain_battalion(b, tracks);
                    tracks.iter().map(|t| rp.related(b, t.id)).collect()
                }
                None => Vec::new(),
            }
        })
        .collect();
}

/// Appends the `track_start` / `track_loss` events of one picture's update at `time`
/// (`battalion`: `None` for the regiment picture) and returns how many tracks were
/// confirmed and lost. A confirmed id the picture no longer holds gets no event but still
/// counts.
fn track_change_events<'a>(
    events: &mut Vec<Event>,
    time: f64,
    battalion: Option<usize>,
    changes: TrackChanges,
    track: impl Fn(u64) -> Option<&'a Track>,
) -> (u32, u32) {
    let confirmed = changes.confirmed.len() as u32;
    for id in changes.confirmed {
        let Some(t) = track(id) else {
            continue;
        };
        events.push(Event {
            time,
            kind: EventKind::TrackStart {
                battalion,
                track: id,
                state: TrackState::of(t, time),
            },
        });
    }
    for (id, t) in changes.lost.iter().zip(&changes.lost_tracks) {
        events.push(Event {
            time,
            kind: EventKind::TrackLoss {
                battalion,
                track: *id,
                state: TrackState::of(t, t.time),
            },
        });
    }
    (confirmed, changes.lost.len() as u32)
}
