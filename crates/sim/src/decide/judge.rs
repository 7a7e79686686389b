//! Kill assessment from the radar picture alone: after a missile of a salvo has ended and
//! the look time has passed, the command post judges the engaged object from what its
//! battalion's track of it did since. A killed threat breaks up (its debris falls, slows
//! and fades, see [`crate::truth::debris`]), so its track goes silent, slows sharply,
//! pitches down, or splits into several tracks; a survivor's track keeps its motion. The
//! rule sees tracks, not truth, so it can be wrong both ways: a survivor whose track is
//! dropped for the look time or that manoeuvres hard is judged killed; a kill whose debris
//! keeps the track's motion for the look time is judged a survivor and engaged again
//! (the summary counts both, [`crate::assess::summary::AssessmentSummary`]). A track that
//! left the picture before the salvo's last missile ended says nothing of a kill: it was
//! lost, not destroyed by this salvo (issue 18: in dense streams the first tracker drops
//! tracks no missile reached, and reading that as a kill ordered the salvo's other
//! missiles to self-destruct). The same
//! cues class the tracks born near a kill as its debris ([`super::debris`]).

use iadsim_core::Ecef;
use nalgebra::Vector3;

use crate::track::tracker::Track;

/// A track whose speed fell by more than this share of its speed before the intercept is
/// judged killed \[P\]: the debris of an aircraft or cruise missile (β 300–1,500 kg/m²)
/// loses 15 % of its speed in 1–3 s at low and medium height, and an intact threat does
/// not slow that fast (a ballistic re-entry body, β ≳ 10⁴ kg/m², loses ~2 % in 2 s at
/// 10 km; a fighter's hardest published deceleration is a few m/s²).
pub const DECELERATION_SHARE: f64 = 0.15;

/// A track whose flight-path angle turned down by more than this since before the
/// intercept is judged killed, rad (5°) \[P\]: falling debris pitches down at g·cos γ / v
/// (~2°/s for a 250 m/s aircraft), while a re-entry body's path steepens by under 0.5° in
/// the look time.
pub const DROP_ANGLE: f64 = 5.0 * std::f64::consts::PI / 180.0;

/// A new track born within this distance of the engaged track after the intercept is a
/// split (the break-up seen as several objects), m \[P\]: debris separating at 20–50 m/s
/// is within a few hundred metres of the track for the look time; the radar's resolution
/// cell at 100 km is ~150 m by ~1.5 km across.
pub const SPLIT_DISTANCE: f64 = 2_000.0;

/// Why the command post judged an engagement as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// The track is gone or not updated since the missile ended.
    Silent,
    /// The track left the picture before the salvo's last missile ended: no evidence of a
    /// kill (judged a survivor).
    Lost,
    /// The track slowed by more than [`DECELERATION_SHARE`].
    Decelerated,
    /// The track's flight path turned down by more than [`DROP_ANGLE`].
    Dropped,
    /// A new track appeared within [`SPLIT_DISTANCE`] of it.
    Split,
    /// The track keeps its motion: a survivor.
    Held,
}

impl Cue {
    /// Whether the cue means a kill.
    pub fn killed(self) -> bool {
        !matches!(self, Cue::Held | Cue::Lost)
    }
}

/// What the command post remembers of the engaged track before the intercept.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Before {
    /// The track's velocity (ECEF axes, m/s) at the last decision before any missile
    /// ended.
    pub(crate) velocity: Option<Vector3<f64>>,
    /// The battalion's tracks within 2 × [`SPLIT_DISTANCE`] of it then (a track not among
    /// them near it after the intercept is a split).
    pub(crate) neighbours: Vec<u64>,
}

impl Before {
    /// Remembers `tracks[i]` (the engaged track) and its neighbours.
    pub(crate) fn remember(&mut self, tracks: &[Track], i: usize) {
        let t = &tracks[i];
        self.velocity = Some(t.velocity().0);
        let p = t.position();
        for other in tracks {
            if other.id != t.id
                && other.position().distance(&p) < 2.0 * SPLIT_DISTANCE
                && !self.neighbours.contains(&other.id)
            {
                self.neighbours.push(other.id);
            }
        }
    }
}

/// Judges the engaged track `track` (`None`: gone from the battalion's picture; it was
/// last in it at the decision of `last_present` s) of the battalion's `tracks`, a missile
/// of the salvo having ended at `last_end` s, against what the command post remembers of
/// it from `before` the intercept.
pub(crate) fn judge(
    track: Option<&Track>,
    tracks: &[Track],
    (last_end, last_present): (f64, f64),
    before: &Before,
) -> Cue {
    if track.is_none() && last_present < last_end {
        return Cue::Lost;
    }
    let Some(t) = track.filter(|t| t.last_update > last_end) else {
        return Cue::Silent;
    };
    if split(t, tracks, before) {
        return Cue::Split;
    }
    let Some(v0) = before.velocity else {
        return Cue::Held;
    };
    let v1 = t.velocity().0;
    if v1.norm() < (1.0 - DECELERATION_SHARE) * v0.norm() {
        return Cue::Decelerated;
    }
    let up = t.position().0.normalize();
    if path_angle(&v0, &up) - path_angle(&v1, &up) > DROP_ANGLE {
        return Cue::Dropped;
    }
    Cue::Held
}

/// Whether a track not known near `t` before the intercept, with at least two
/// measurements (one false alarm is not a split), is near it now.
fn split(t: &Track, tracks: &[Track], before: &Before) -> bool {
    let p: Ecef = t.position();
    tracks.iter().any(|o| {
        o.id != t.id
            && o.hits >= 2
            && !before.neighbours.contains(&o.id)
            && o.position().distance(&p) < SPLIT_DISTANCE
    })
}

/// Flight-path angle of velocity `v` above the local horizontal (normal `up`), rad.
pub(crate) fn path_angle(v: &Vector3<f64>, up: &Vector3<f64>) -> f64 {
    let n = v.norm();
    if n <= 0.0 {
        return 0.0;
    }
    (v.dot(up) / n).clamp(-1.0, 1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tracker::TrackStatus;
    use nalgebra::{Matrix6, Vector6};

    fn track(last_update: f64) -> Track {
        Track {
            id: 7,
            status: TrackStatus::Confirmed,
            time: last_update,
            state: Vector6::new(6.4e6, 0.0, 0.0, 0.0, 250.0, 0.0),
            covariance: Matrix6::identity(),
            hits: 30,
            last_update,
        }
    }

    /// A track gone from the picture is a kill only if it was still there when the salvo's
    /// last missile ended; gone before, it was lost, and nothing says the salvo killed it.
    #[test]
    fn a_track_gone_before_the_missile_ended_is_lost_not_killed() {
        let before = Before {
            velocity: Some(Vector3::new(0.0, 250.0, 0.0)),
            neighbours: Vec::new(),
        };
        // gone; last in the picture at 100 s, the missile ended at 104 s
        let lost = judge(None, &[], (104.0, 100.0), &before);
        assert_eq!(lost, Cue::Lost);
        assert!(!lost.killed());
        // gone; last in the picture at 105 s, after the missile ended: a kill's silence
        let silent = judge(None, &[], (104.0, 105.0), &before);
        assert_eq!(silent, Cue::Silent);
        assert!(silent.killed());
        // still there and updated since, holding its motion: a survivor
        let t = track(106.0);
        assert_eq!(
            judge(Some(&t), std::slice::from_ref(&t), (104.0, 106.0), &before),
            Cue::Held
        );
        // still there but not updated since the missile ended: silent
        let t = track(103.0);
        assert_eq!(
            judge(Some(&t), std::slice::from_ref(&t), (104.0, 106.0), &before),
            Cue::Silent
        );
    }
}
