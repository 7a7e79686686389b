//! Fire control, inside the sense stage: each engagement radar's channels follow the
//! battalion's tracks, and their revisits look where the radar's own tracks predict (see
//! [`crate::track::fire_control`]).

use crate::engine::world::{Battalion, FireScratch};
use crate::events::{Event, EventKind};
use crate::sense::sensor::{Detection, Sensor, Target};
use crate::track::fire_control::ChannelChange;

/// The step (`t0`, `t1`] s of battalion `battalion`, with the targets its radars can see.
pub(crate) struct FireStep<'s, 'a> {
    /// Battalion index.
    pub battalion: usize,
    /// Step start, s.
    pub t0: f64,
    /// Step end, s.
    pub t1: f64,
    /// What the radars can see.
    pub targets: &'s [Target<'a>],
    /// Whether events are kept.
    pub keep_events: bool,
}

/// Battalion `unit`'s fire control over the step (none under the fixed-Pd radar model):
/// the command post's cue may turn the engagement radar `radar` ([`cue`]); its channels
/// follow the battalion's tracks (as they stood at the step's start); then the radar
/// makes the revisits due, appending their detections to `detections` (for the tracker)
/// and feeding each channel the return nearest its prediction. `channel_taken`,
/// `channel_freed` and `sector_slew` go to `events`.
pub(crate) fn revisit(
    unit: &mut Battalion,
    radar: &mut dyn Sensor,
    step: &FireStep<'_, '_>,
    detections: &mut Vec<Detection>,
    events: &mut Vec<Event>,
    buf: &mut FireScratch,
) {
    let (t0, t1) = (step.t0, step.t1);
    cue(unit, radar, step, events);
    let Some(fc) = unit.fire_control.as_mut() else {
        return;
    };
    buf.changes.clear();
    fc.follow(unit.tracker.tracks(), t0, &mut buf.changes);
    while fc.dwells(t0, t1, &mut buf.dwells) {
        buf.answered.clear();
        let start = detections.len();
        radar.dwell(&buf.dwells, step.targets, detections, &mut buf.answered);
        buf.returns.clear();
        buf.returns
            .extend(detections[start..].iter().map(|d| d.measurement));
        buf.taken.clear();
        fc.returns(
            t1,
            &buf.returns,
            &buf.answered,
            &mut buf.changes,
            &mut buf.taken,
        );
        keep_plots(detections, start, &buf.taken);
    }
    if step.keep_events {
        events.extend(buf.changes.iter().map(|c| channel_event(step.battalion, c)));
    }
}

/// Keeps, of the revisit returns `detections[start..]`, only those a channel took
/// (`taken`, increasing indices into them): a track dwell reports its channel's plot. The
/// other returns in its beam and range gate (a kill's other fragments, a neighbour, a
/// false alarm) are not reported as detections: a revisit confirms a track, it does not
/// search, so they reach the trackers only through the radars' search.
fn keep_plots(detections: &mut Vec<Detection>, start: usize, taken: &[usize]) {
    let mut next = taken.iter().peekable();
    let mut k = 0;
    detections.retain(|_| {
        let i = k;
        k += 1;
        if i < start {
            return true;
        }
        if next.peek() == Some(&&(i - start)) {
            next.next();
            true
        } else {
            false
        }
    });
}

/// The command post's cue at the step's start ([`FireControl::cue`](crate::track::fire_control::FireControl::cue)): a slew turns the
/// radar's search sector too, and what the tracker knows of where it searches.
fn cue(
    unit: &mut Battalion,
    radar: &mut dyn Sensor,
    step: &FireStep<'_, '_>,
    events: &mut Vec<Event>,
) {
    let Some(fc) = unit.fire_control.as_mut() else {
        return;
    };
    let Some((track, slew)) = fc.cue(unit.tracker.tracks(), step.t0) else {
        return;
    };
    radar.steer(slew.to, fc.sector().width, Some((slew.start, slew.end)));
    if let Some(g) = unit.radars.get_mut(1) {
        *g = radar.geometry();
    }
    if step.keep_events {
        events.push(Event {
            time: step.t0,
            kind: EventKind::SectorSlew {
                battalion: step.battalion,
                track,
                from_deg: slew.from.to_degrees(),
                to_deg: slew.to.to_degrees(),
                until: slew.end,
            },
        });
    }
}

/// The `channel_taken` / `channel_freed` event of `change`.
pub(crate) fn channel_event(battalion: usize, change: &ChannelChange) -> Event {
    let kind = match change.released {
        None => EventKind::ChannelTaken {
            battalion,
            track: change.track,
        },
        Some(why) => EventKind::ChannelFreed {
            battalion,
            track: change.track,
            reason: why.reason().to_string(),
            revisits: change.looks,
            detections: change.hits,
        },
    };
    Event {
        time: change.time,
        kind,
    }
}
