//! Sense: every radar looks at the truth at its beam times inside the step.

use iadsim_core::rng;

use crate::engine::world::{Scratch, World};
use crate::events::{Event, EventKind};
use crate::sense::sensor::Target;
use crate::truth::threats::{Fate, Threats};

/// Each battalion's radars scan the step (t0, t1]; their detections, in time order (ties
/// by radar), are kept for the battalion's tracker, tallied (first detections, false
/// alarms) and logged (`detection`; false alarms only with
/// [`EngineOptions::log_false_alarms`](crate::engine::options::EngineOptions::log_false_alarms)).
pub(crate) fn scan(world: &mut World<'_>, t0: f64, t1: f64) {
    refresh_targets(&mut world.scratch, &world.threats, t0);
    let scratch = &mut world.scratch;
    for (b, radars) in world.sensors.iter_mut().enumerate() {
        let detections = &mut scratch.detections[b];
        detections.clear();
        for radar in radars.iter_mut() {
            radar.scan(t0, t1, &scratch.targets, detections);
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
            let false_alarm = world
                .tally
                .detection(d.threat, m.time, m.polar.range, (b, m.radar));
            if (false_alarm && !world.options.log_false_alarms) || !world.keep_events {
                continue;
            }
            logged.push(Event {
                time: m.time,
                kind: EventKind::Detection {
                    battalion: b,
                    radar: m.radar,
                    range: m.polar.range,
                    azimuth: m.polar.azimuth,
                    elevation: m.polar.elevation,
                    threat: d.threat,
                },
            });
        }
    }
}

/// What the radars can see: every threat in flight until its trajectory ends, and every
/// threat killed after `t0` s until its death. They depend on the fates and on `t0` only
/// through the killed threats still in them, so they are rebuilt only when a fate
/// changed or one of those kills is past.
fn refresh_targets<'a>(scratch: &mut Scratch<'a>, threats: &Threats<'a>, t0: f64) {
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
        scratch.targets.push(Target {
            index: k,
            key: rng::name_key(&threats.threat(k).name),
            trajectory,
            rcs: threats.threat(k).rcs,
            until,
        });
    }
}
