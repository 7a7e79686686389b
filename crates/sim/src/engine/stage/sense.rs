//! Sense: every radar looks at the truth (threats and debris) at its beam times inside the
//! step, and each engagement radar makes the track revisits its fire control orders.

use super::fire_control::{self, FireStep};
use crate::engine::world::{Scratch, World};
use crate::events::{Event, EventKind};
use crate::sense::sensor::Target;
use crate::truth::threats::{Fate, Object, Threats};

/// Each battalion's radars scan the step (t0, t1] — every truth object they can see,
/// threats and debris alike; their detections, in time order (ties by radar), are kept
/// for the battalion's tracker, tallied (first detections, detections of debris, false
/// alarms) and logged (`detection`; false alarms only with
/// [`EngineOptions::log_false_alarms`](crate::engine::options::EngineOptions::log_false_alarms)).
pub(crate) fn scan(world: &mut World<'_>, t0: f64, t1: f64) {
    refresh_targets(&mut world.scratch, &world.threats, t0);
    let threats = &world.threats;
    let scratch = &mut world.scratch;
    let targets: Vec<Target<'_>> = scratch
        .targets
        .iter()
        .map(|&(index, until)| target(threats, index, until))
        .collect();
    for (b, radars) in world.sensors.iter_mut().enumerate() {
        let detections = &mut scratch.detections[b];
        detections.clear();
        for radar in radars.iter_mut() {
            radar.scan(t0, t1, &targets, detections);
        }
        if let Some(radar) = radars.get_mut(1) {
            let step = FireStep {
                battalion: b,
                t0,
                t1,
                targets: &targets,
                keep_events: world.keep_events,
            };
            let unit = &mut world.defence.battalions[b];
            let (events, buf) = (&mut scratch.events, &mut scratch.fire);
            fire_control::revisit(unit, radar.as_mut(), &step, detections, events, buf);
        }
        detections.sort_by(|a, b| {
            a.measurement
                .time
                .total_cmp(&b.measurement.time)
                .then(a.measurement.radar.cmp(&b.measurement.radar))
        });
        world.tally.tracks.detections += detections.len() as u64;
        let logged = &mut scratch.detection_events[b];
        logged.clear();
        for d in detections.iter() {
            let m = &d.measurement;
            let object = d.threat.map(|i| threats.object(i));
            let false_alarm = world
                .tally
                .detection(object, m.time, m.polar.range, (b, m.radar));
            if (false_alarm && !world.options.log_false_alarms) || !world.keep_detail {
                continue;
            }
            let (threat, debris) = match object {
                Some(Object::Threat(k)) => (Some(k), None),
                Some(Object::Debris(j)) => (Some(threats.fragment(j).threat), Some(j)),
                None => (None, None),
            };
            logged.push(Event {
                time: m.time,
                kind: EventKind::Detection {
                    battalion: b,
                    radar: m.radar,
                    range: m.polar.range,
                    azimuth: m.polar.azimuth,
                    elevation: m.polar.elevation,
                    threat,
                    debris,
                },
            });
        }
    }
}

/// What a radar can see of object `index` until `until` s.
fn target<'t>(threats: &'t Threats<'_>, index: usize, until: f64) -> Target<'t> {
    let (rcs, fading) = match threats.object(index) {
        Object::Threat(k) => (threats.threat(k).rcs, None),
        Object::Debris(j) => {
            let fade = threats.fragment(j).rcs;
            (fade.max(), Some(fade))
        }
    };
    Target {
        index,
        key: threats.key(index),
        trajectory: threats.object_trajectory(index),
        rcs,
        fading,
        until,
    }
}

/// What the radars can see: every threat in flight until its trajectory ends, every
/// threat killed after `t0` s until its death, and every debris fragment still falling
/// until it lands. They depend on the fates and on `t0` only through the killed threats
/// still in them, so they are rebuilt only when a fate changed (a kill, an arrival, a
/// fragment made or landed) or one of those kills is past.
fn refresh_targets(scratch: &mut Scratch, threats: &Threats<'_>, t0: f64) {
    if scratch.targets_built == Some(threats.changes()) && t0 < scratch.targets_expire {
        return;
    }
    scratch.targets_built = Some(threats.changes());
    scratch.targets_expire = f64::INFINITY;
    scratch.targets.clear();
    for k in 0..threats.len() {
        let trajectory = threats.trajectory(k);
        let until = match threats.fate(k) {
            Fate::Flying => trajectory.end_time(),
            Fate::Killed(t) if t > t0 => {
                scratch.targets_expire = scratch.targets_expire.min(t);
                t
            }
            _ => continue,
        };
        scratch.targets.push((k, until));
    }
    for (j, f) in threats.fragments().iter().enumerate() {
        if !threats.landed(j) {
            scratch
                .targets
                .push((threats.debris_object(j), f.trajectory.end_time()));
        }
    }
}
