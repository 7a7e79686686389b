//! Debris discrimination at the command post, beside the kill judgement ([`super::judge`]):
//! which tracks are the fragments of a kill rather than threats, from the picture alone
//! (the tracks' states and the command post's own kill judgements, never the truth).
//!
//! A track is classed **debris**
//!
//! - when its engagement is judged killed (the track, if it lives on, follows the
//!   wreck);
//! - when it was **born near a kill**: first seen after an intercept of an engagement
//!   whose look has begun, within [`SPLIT_DISTANCE`] of the engaged track plus
//!   [`SPREAD_SPEED`] per second since the missile ended, at most [`BIRTH_WINDOW`] later.
//!   Such a track is a *candidate*: it is neither evaluated nor engaged while the command
//!   post watches it. Once the engagement is judged killed and the candidate has been seen
//!   for [`LOOK`], it is debris unless it keeps the engaged track's motion before the
//!   intercept (speed within [`DECELERATION_SHARE`], path angle within [`DROP_ANGLE`]: the
//!   judge's break-up cues, both ways); when the engagement is judged a survivor, or a
//!   candidate keeps that motion for [`WATCH_LIMIT`], it is an ordinary track again;
//! - when it is related to the same regiment track as a debris track (the regiment
//!   picture says they are one object).
//!
//! Debris is not evaluated as a threat, not assigned, and the engagement radar frees its
//! channel and takes it no more ([`crate::track::fire_control::FireControl::classed_debris`]).
//! A rule on a track's own fall alone (slowing and descending, with no kill near) was
//! tried and dropped: the early, noisy velocity estimates of fighters in formation met it
//! minutes before any kill.
//!
//! The rule can be wrong both ways: a threat re-initiated near a kill that turns or slows
//! is classed debris and never engaged; a fragment that keeps its
//! parent's motion (a heavy re-entry body's) is engaged. The summary counts the second
//! (`reengaged_while_dead`); a threat wrongly classed debris shows as a leaker.

use nalgebra::Vector3;

use super::book::EngagementRecord;
use super::judge::{DECELERATION_SHARE, DROP_ANGLE, SPLIT_DISTANCE, path_angle};
use super::manager::FireUnitView;
use crate::track::tracker::{Track, TrackStatus};

/// Growth of the region around a kill in which a new track is taken for a fragment, m/s
/// \[P\]: fragments leave at 20–50 m/s (the catalogue's separation speeds) and part as
/// their ballistic coefficients differ; 50 m/s keeps a fragment first tracked a minute
/// after the kill within the region (5 km), while formation neighbours 3 km apart were
/// tracked before the kill and are not new.
pub const SPREAD_SPEED: f64 = 50.0;

/// A track first seen later than this after a missile of an engagement ended is not
/// taken for a fragment of it, s \[P\]: the fragments of a kill fade to their RCS floor in
/// seconds (catalogue decay 3 s), so they are first tracked within a few scans of the
/// acquisition radar (10 s) or not at all.
pub const BIRTH_WINDOW: f64 = 60.0;

/// Observation before a track is classed by its motion, s \[P\]: two decision cycles
/// (2 s each), so that a new track's velocity, started from a two-point difference, has
/// settled over several updates.
pub const LOOK: f64 = 4.0;

/// A candidate born near a kill that keeps the killed track's motion this long after it
/// was first seen is an ordinary track again, s \[P\]: three looks; fragments of a low
/// kill slow by more than 15 % in 1–3 s.
pub const WATCH_LIMIT: f64 = 12.0;

/// How the command post regards one battalion track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// An ordinary track: evaluated, engaged; watched for a fall.
    Open,
    /// Born near the intercept of engagement (battalion, track): watched, not engaged.
    Candidate(usize, u64),
    /// Debris: not evaluated, not engaged.
    Debris,
}

/// What the command post has seen of one confirmed battalion track.
#[derive(Debug, Clone, PartialEq)]
struct Watch {
    battalion: usize,
    track: u64,
    /// First decision at which it was confirmed, s.
    first_seen: f64,
    class: Class,
}

/// The command post's debris discrimination (see the module notes): a watch per confirmed
/// battalion track, kept in (battalion, track) order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DebrisWatch {
    watches: Vec<Watch>,
}

impl DebrisWatch {
    /// Whether the command post leaves battalion `battalion`'s track `track` alone: debris,
    /// or a candidate under watch.
    pub(crate) fn ignores(&self, battalion: usize, track: u64) -> bool {
        self.find(battalion, track)
            .is_ok_and(|k| self.watches[k].class != Class::Open)
    }

    /// Whether the track is classed debris.
    pub(crate) fn is_debris(&self, battalion: usize, track: u64) -> bool {
        self.find(battalion, track)
            .is_ok_and(|k| self.watches[k].class == Class::Debris)
    }

    fn find(&self, battalion: usize, track: u64) -> Result<usize, usize> {
        self.watches
            .binary_search_by(|w| (w.battalion, w.track).cmp(&(battalion, track)))
    }

    /// One decision at `now` s over `units`' tracks and the book's `records` (judged
    /// already this cycle): watches follow the tracks, and the tracks classed debris now
    /// are returned as (battalion, track), in that order.
    pub(crate) fn observe(
        &mut self,
        now: f64,
        units: &[FireUnitView<'_>],
        records: &[EngagementRecord],
    ) -> Vec<(usize, u64)> {
        // The tracks' ids per battalion, sorted, to forget the watches of tracks gone.
        let ids: Vec<Vec<u64>> = units
            .iter()
            .map(|u| {
                let mut v: Vec<u64> = u.tracks.iter().map(|t| t.id).collect();
                v.sort_unstable();
                v
            })
            .collect();
        self.watches.retain(|w| {
            ids.get(w.battalion)
                .is_some_and(|v| v.binary_search(&w.track).is_ok())
        });
        let mut classed = Vec::new();
        for (b, unit) in units.iter().enumerate() {
            for t in unit.tracks {
                if t.status != TrackStatus::Confirmed {
                    continue;
                }
                let k = match self.find(b, t.id) {
                    Ok(k) => k,
                    Err(k) => {
                        let class = born_near(now, b, t, records)
                            .map_or(Class::Open, |(rb, rt)| Class::Candidate(rb, rt));
                        let watch = Watch {
                            battalion: b,
                            track: t.id,
                            first_seen: now,
                            class,
                        };
                        self.watches.insert(k, watch);
                        k
                    }
                };
                let w = &mut self.watches[k];
                if w.class == Class::Debris {
                    continue;
                }
                let record = |rb: usize, rt: u64| {
                    records
                        .iter()
                        .rev()
                        .find(|r| r.battalion == rb && r.track == rt)
                };
                let judged_killed = record(b, t.id).filter(|r| r.closed && r.assessed_killed);
                w.class = match (w.class, judged_killed) {
                    (_, Some(r)) => after_judged_kill(t, r),
                    (Class::Candidate(rb, rt), None) => w.resolve(now, t, record(rb, rt)),
                    (other, None) => other,
                };
                if w.class == Class::Debris {
                    classed.push((b, t.id));
                }
            }
        }
        self.propagate(units, &mut classed);
        classed
    }

    /// Tracks related to the same regiment track as a debris track are debris too
    /// (appended to `classed`).
    fn propagate(&mut self, units: &[FireUnitView<'_>], classed: &mut Vec<(usize, u64)>) {
        let mut objects: Vec<u64> = Vec::new();
        for (b, unit) in units.iter().enumerate() {
            for (i, t) in unit.tracks.iter().enumerate() {
                if let Some(r) = unit.regiment_track(i)
                    && self.is_debris(b, t.id)
                {
                    objects.push(r);
                }
            }
        }
        if objects.is_empty() {
            return;
        }
        for (b, unit) in units.iter().enumerate() {
            for (i, t) in unit.tracks.iter().enumerate() {
                let Some(r) = unit.regiment_track(i) else {
                    continue;
                };
                if !objects.contains(&r) {
                    continue;
                }
                if let Ok(k) = self.find(b, t.id)
                    && self.watches[k].class != Class::Debris
                {
                    self.watches[k].class = Class::Debris;
                    classed.push((b, t.id));
                }
            }
        }
    }
}

impl Watch {
    /// A candidate's class at `now` s, its track being `t` and its engagement's record
    /// `record` (none: gone from the book).
    fn resolve(&self, now: f64, t: &Track, record: Option<&EngagementRecord>) -> Class {
        let Some(rec) = record else {
            return Class::Open;
        };
        let (rb, rt) = (rec.battalion, rec.track);
        let watched = now - self.first_seen;
        if rec.closed && !rec.assessed_killed {
            return Class::Open;
        }
        if !rec.closed || watched < LOOK {
            return Class::Candidate(rb, rt);
        }
        if !holds(t, rec.before.velocity.as_ref()) {
            return Class::Debris;
        }
        if watched > WATCH_LIMIT {
            Class::Open
        } else {
            Class::Candidate(rb, rt)
        }
    }
}

/// The class of track `t` whose own engagement `r` is judged killed: held back until it
/// has been updated for [`LOOK`] after the salvo ended, then debris unless it keeps the
/// motion it had before the intercept, in which case the judgement was wrong and it is an
/// ordinary track again (a threat judged killed that flies on is engaged again, as a
/// command post watching its track would). A silent track stays held back until the
/// tracker drops it.
fn after_judged_kill(t: &Track, r: &EngagementRecord) -> Class {
    if t.last_update - r.last_end < LOOK {
        Class::Candidate(r.battalion, r.track)
    } else if holds(t, r.before.velocity.as_ref()) {
        Class::Open
    } else {
        Class::Debris
    }
}

/// The engagement near whose intercept a track `t` of battalion `b`, first seen at `now`
/// s, was born: the nearest of the engagements whose missile has ended (not judged a
/// survivor) within [`SPLIT_DISTANCE`] plus [`SPREAD_SPEED`] per second since, up to
/// [`BIRTH_WINDOW`] after.
fn born_near(now: f64, b: usize, t: &Track, records: &[EngagementRecord]) -> Option<(usize, u64)> {
    let p = t.position();
    records
        .iter()
        .filter(|r| r.ended > 0 && (!r.closed || r.assessed_killed))
        .filter(|r| !(r.battalion == b && r.track == t.id))
        .filter_map(|r| {
            let since = (now - r.last_end).max(0.0);
            let d = r.position.distance(&p);
            (since <= BIRTH_WINDOW && d < SPLIT_DISTANCE + SPREAD_SPEED * since).then_some((
                d,
                r.battalion,
                r.track,
            ))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))))
        .map(|(_, b, t)| (b, t))
}

/// Whether track `t` keeps the engaged track's motion `before` the intercept (velocity,
/// ECEF axes, m/s): its speed within [`DECELERATION_SHARE`] of it, its path angle within
/// [`DROP_ANGLE`] of it (the judge's break-up cues, both ways: a track that slowed or
/// turned down is debris, and so is one born at the kill moving in no way the intact
/// object could, as the tracks paired from the fragments' mixed detections do). Without a
/// velocity before, no.
fn holds(t: &Track, before: Option<&Vector3<f64>>) -> bool {
    let Some(v0) = before else {
        return false;
    };
    let v1 = t.velocity().0;
    let (s0, s1) = (v0.norm(), v1.norm());
    if (s1 - s0).abs() > DECELERATION_SHARE * s0 {
        return false;
    }
    let up = t.position().0.normalize();
    (path_angle(v0, &up) - path_angle(&v1, &up)).abs() <= DROP_ANGLE
}
