//! Kill-assessment errors, judged against the truth (analysis only; nothing here reaches
//! a decision): the command post judges from its picture ([`crate::decide::judge`]), and
//! the truth behind a track says whether it was right.
//!
//! The truth behind a track at time `t` is the truth object in flight then — a threat, or
//! a debris fragment — nearest the track's estimate at `t`, within [`BEHIND_GATE`]. An
//! error is counted when
//!
//! - an engagement is **judged killed while alive**: the object behind its track is a
//!   threat still flying at the judgement;
//! - an engagement is **ordered while dead**: the object behind the track is debris, or a
//!   threat already killed at the order (a kill judged a survivor and engaged again, or a
//!   debris track engaged as a new object).

use nalgebra::Vector3;

use crate::truth::threats::{Fate, Object, Threats};

/// Farthest a track's estimate may be from the truth object behind it, m: a few times a
/// track's position error at long range; beyond it the track is taken to follow nothing
/// (a false track), and no error is counted.
pub const BEHIND_GATE: f64 = 3_000.0;

/// The truth object in flight at `time` s nearest `position` (ECEF, m), within
/// [`BEHIND_GATE`]; ties: the first in object order.
pub fn behind(threats: &Threats<'_>, position: &Vector3<f64>, time: f64) -> Option<Object> {
    let mut best: Option<(f64, Object)> = None;
    let mut consider = |p: Option<iadsim_core::Ecef>, o: Object| {
        if let Some(p) = p {
            let d = (p.0 - position).norm();
            if d <= BEHIND_GATE && best.is_none_or(|b| d < b.0) {
                best = Some((d, o));
            }
        }
    };
    for k in 0..threats.len() {
        let gone = match threats.fate(k) {
            Fate::Killed(t) | Fate::Arrived(t) | Fate::Left(t) => t < time,
            Fate::Waiting | Fate::Flying => false,
        };
        if !gone {
            consider(threats.trajectory(k).position_at(time), Object::Threat(k));
        }
    }
    for (j, f) in threats.fragments().iter().enumerate() {
        consider(f.trajectory.position_at(time), Object::Debris(j));
    }
    best.map(|(_, o)| o)
}

/// Whether `object` is a threat still flying now (the fates are the current ones).
pub fn alive(threats: &Threats<'_>, object: Object) -> bool {
    matches!(object, Object::Threat(k) if threats.fate(k) == Fate::Flying)
}

/// Whether `object` is debris or a threat already killed now.
pub fn dead(threats: &Threats<'_>, object: Object) -> bool {
    match object {
        Object::Debris(_) => true,
        Object::Threat(k) => matches!(threats.fate(k), Fate::Killed(_)),
    }
}
