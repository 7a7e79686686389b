//! Observe: the replay's view of the step — interceptors that ended in it, then, at the
//! observer's sample times, every threat and interceptor in flight.

use crate::engine::world::World;
use crate::observe::{InterceptorState, Observer, ThreatState};

/// Hands `observer` the interceptors that ended in the step and, when a sample is due,
/// the state at `t1` s of every threat and interceptor in flight.
pub(crate) fn sample(world: &mut World<'_>, t1: f64, observer: &mut dyn Observer) {
    let flights = &world.flights;
    // A flyout's clock sums RK4 sub-steps, so a missile still flying is reported at the
    // step end exactly (its clock differs by rounding, ~1e-13 s).
    let state = |id: usize, at: Option<f64>| {
        let m = &flights.interceptors[id];
        InterceptorState {
            id,
            battalion: m.battalion(),
            missile: &m.missile().type_name,
            time: at.unwrap_or_else(|| m.time()),
            position: m.position(),
            velocity: m.velocity(),
        }
    };
    let ended = &world.scratch.ended;
    if !ended.is_empty() {
        observer.interceptors_ended(&ended.iter().map(|&id| state(id, None)).collect::<Vec<_>>());
    }
    let interval = observer.sample_interval();
    let every_step = interval.is_nan() || interval <= 0.0;
    let dt = world.clock.dt;
    if !every_step && t1 < world.clock.next_sample - 1e-9 * dt {
        return;
    }
    world.clock.next_sample = if every_step {
        0.0
    } else {
        ((t1 + 1e-9 * dt) / interval).floor() * interval + interval
    };
    let threats: Vec<ThreatState> = world
        .threats
        .flying_states(t1)
        .map(|(k, s)| ThreatState {
            index: k,
            position: s.position,
            velocity: s.velocity,
        })
        .collect();
    let flying: Vec<_> = flights
        .flying
        .iter()
        .map(|&id| state(id, Some(t1)))
        .collect();
    observer.step(t1, &threats, &flying);
}
