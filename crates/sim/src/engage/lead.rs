//! Lead-collision geometry: when a missile flying straight at constant speed meets a
//! target moving at constant velocity. The first interceptor model steers on it and the
//! first planning model (the catalogue envelope) plans with it.

use nalgebra::Vector3;

/// Time from `launch_time` to the lead-collision intercept of a target at `target`
/// (position at `launch_time`) moving at constant `target_velocity`, by a missile from
/// `launcher` at constant `speed`; `None` if it can never catch it.
pub fn lead_collision_time(
    launcher: &Vector3<f64>,
    target: &Vector3<f64>,
    target_velocity: &Vector3<f64>,
    speed: f64,
) -> Option<f64> {
    let d = target - launcher;
    let a = target_velocity.norm_squared() - speed * speed;
    let b = 2.0 * d.dot(target_velocity);
    let c = d.norm_squared();
    if a.abs() < 1e-9 {
        return if b < 0.0 { Some(-c / b) } else { None };
    }
    let disc = b * b - 4.0 * a * c;
    if disc < 0.0 {
        return None;
    }
    let sq = disc.sqrt();
    let (t1, t2) = ((-b - sq) / (2.0 * a), (-b + sq) / (2.0 * a));
    let (lo, hi) = if t1 < t2 { (t1, t2) } else { (t2, t1) };
    if lo > 0.0 {
        Some(lo)
    } else if hi > 0.0 {
        Some(hi)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_collision_head_on_and_crossing() {
        let origin = Vector3::zeros();
        // Head-on: 100 km apart closing at 300 + 1,700 m/s → 50 s.
        let t = lead_collision_time(
            &origin,
            &Vector3::new(100_000.0, 0.0, 0.0),
            &Vector3::new(-300.0, 0.0, 0.0),
            1_700.0,
        )
        .unwrap();
        assert!((t - 50.0).abs() < 1e-9);
        // Crossing at right angles 30 km out at 400 m/s, missile 500 m/s:
        // (30 000)² + (400 t)² = (500 t)² → t = 100 s.
        let t = lead_collision_time(
            &origin,
            &Vector3::new(30_000.0, 0.0, 0.0),
            &Vector3::new(0.0, 400.0, 0.0),
            500.0,
        )
        .unwrap();
        assert!((t - 100.0).abs() < 1e-9);
        // A faster target running away can't be caught.
        assert!(
            lead_collision_time(
                &origin,
                &Vector3::new(10_000.0, 0.0, 0.0),
                &Vector3::new(2_000.0, 0.0, 0.0),
                1_000.0,
            )
            .is_none()
        );
    }
}
