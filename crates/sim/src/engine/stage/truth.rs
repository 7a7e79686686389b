//! Truth: threats appear.

use crate::engine::world::World;
use crate::events::{Event, EventKind};

/// Threats whose start time falls in the step start flying (`threat_launch`).
pub(crate) fn appear(world: &mut World<'_>, t0: f64, t1: f64) {
    let mut appeared = Vec::new();
    world.threats.appear(t0, t1, &mut appeared);
    for (k, time) in appeared {
        world.scratch.events.push(Event {
            time,
            kind: EventKind::ThreatLaunch {
                threat: k,
                class: world.threats.threat(k).class,
            },
        });
    }
}
