//! Kill assessment: the engagements in progress and judged, kept by the command post
//! from its tracks alone.

use iadsim_core::Ecef;

use super::judge::{Before, Cue, judge};
use super::manager::{Assessment, FireUnitView, SelfDestructOrder};

/// Without a regiment picture (first-model tracker), two tracks of different battalions
/// closer than this are taken as one object, m.
pub const CORRELATION_DISTANCE: f64 = 3_000.0;

/// One engagement the command post keeps in its book.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EngagementRecord {
    pub(crate) battalion: usize,
    pub(crate) track: u64,
    pub(crate) in_flight: u32,
    pub(crate) last_end: f64,
    /// Position of the track when engaged, used to keep the other battalion off it
    /// without a regiment picture.
    pub(crate) position: Ecef,
    /// The regiment track the engaged track is related to (kept up to date), used to keep
    /// the other battalion off it.
    pub(crate) object: Option<u64>,
    pub(crate) closed: bool,
    pub(crate) assessed_killed: bool,
    /// Interceptors of this salvo that have ended (detonated or lost) so far.
    pub(crate) ended: u32,
    /// Time of the engaged track's estimate `position`, s.
    pub(crate) seen_at: f64,
    /// The last decision time the engaged track was in the battalion's picture, s.
    pub(crate) present_at: f64,
    /// What the command post remembers of the track before the intercept.
    pub(crate) before: Before,
}

impl EngagementRecord {
    /// Its assessment, judged on `cue`.
    fn assessment(&self, cue: Cue) -> Assessment {
        Assessment {
            battalion: self.battalion,
            track: self.track,
            killed: cue.killed(),
            cue,
            position: self.position,
            time: self.seen_at,
        }
    }

    /// The order to destroy its missiles in flight.
    fn order(&self) -> SelfDestructOrder {
        SelfDestructOrder {
            battalion: self.battalion,
            track: self.track,
        }
    }
}

/// The engagements in progress and judged, with the kill-assessment rule both models use
/// ([`super::judge`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct EngagementBook {
    pub(crate) records: Vec<EngagementRecord>,
}

impl EngagementBook {
    /// Judges the salvos due and gives the self-destruct orders that follow.
    ///
    /// An engagement is judged once one of its missiles has ended and the look time has
    /// passed, from what its track did since ([`judge`]: silent, slowed, dropped, split —
    /// killed; holding its motion, or lost from the picture before the salvo's last
    /// missile ended — a survivor). With missiles still flying it is judged
    /// early only when the picture says killed, and the missiles left are then ordered to
    /// self-destruct; with none left, a track still there but silent is given up to three
    /// look times before it is judged killed. When an object is judged killed, the
    /// missiles another battalion has in flight at it are ordered to self-destruct as well
    /// and that engagement is judged killed with it ([`EngagementBook::propagate`]).
    pub(crate) fn assess_with_orders(
        &mut self,
        now: f64,
        assess_delay: f64,
        units: &[FireUnitView<'_>],
    ) -> (Vec<Assessment>, Vec<SelfDestructOrder>) {
        let mut assessments = Vec::new();
        let mut orders = Vec::new();
        let mut killed = Vec::new();
        for (r, rec) in self.records.iter_mut().enumerate() {
            if rec.closed || rec.ended == 0 || now < rec.last_end + assess_delay {
                continue;
            }
            let unit = &units[rec.battalion];
            let track = unit.tracks.iter().find(|t| t.id == rec.track);
            let cue = judge(
                track,
                unit.tracks,
                (rec.last_end, rec.present_at),
                &rec.before,
            );
            if rec.in_flight > 0 && !cue.killed() {
                continue;
            }
            let patient = rec.in_flight == 0 && track.is_some() && cue == Cue::Silent;
            if patient && now < rec.last_end + 3.0 * assess_delay {
                continue;
            }
            rec.closed = true;
            rec.assessed_killed = cue.killed();
            assessments.push(rec.assessment(cue));
            if cue.killed() {
                killed.push(r);
                if rec.in_flight > 0 {
                    orders.push(rec.order());
                }
            }
        }
        self.propagate(&killed, &mut assessments, &mut orders);
        (assessments, orders)
    }

    /// The engagements of other battalions at the objects of the records `killed` (just
    /// judged killed) with missiles in flight are judged killed with them, and their
    /// missiles ordered to self-destruct. The same object is the same regiment track when
    /// the command post has a regiment picture; without one (the first-model tracker),
    /// tracks within [`CORRELATION_DISTANCE`] of each other.
    fn propagate(
        &mut self,
        killed: &[usize],
        assessments: &mut Vec<Assessment>,
        orders: &mut Vec<SelfDestructOrder>,
    ) {
        for &k in killed {
            let (b, object, position, cue) = {
                let src = &self.records[k];
                let cue = assessments
                    .iter()
                    .find(|a| a.battalion == src.battalion && a.track == src.track)
                    .map_or(Cue::Silent, |a| a.cue);
                (src.battalion, src.object, src.position, cue)
            };
            for rec in self.records.iter_mut() {
                let same = match (rec.object, object) {
                    (Some(x), Some(y)) => x == y,
                    (None, None) => rec.position.distance(&position) < CORRELATION_DISTANCE,
                    _ => false,
                };
                let order = rec.order();
                if rec.battalion == b || rec.in_flight == 0 || !same || orders.contains(&order) {
                    continue;
                }
                if !rec.closed {
                    rec.closed = true;
                    rec.assessed_killed = true;
                    assessments.push(rec.assessment(cue));
                }
                orders.push(order);
            }
        }
    }

    /// An engagement of this battalion's track is in progress (missiles flying or the
    /// look not yet done).
    pub(crate) fn active(&self, battalion: usize, track: u64) -> bool {
        self.records
            .iter()
            .any(|r| r.battalion == battalion && r.track == track && (!r.closed || r.in_flight > 0))
    }

    /// Whether doctrine forbids engaging this track again: judged killed, or judged a
    /// survivor without shoot-look-shoot.
    pub(crate) fn done_with(&self, battalion: usize, track: u64, shoot_look_shoot: bool) -> bool {
        self.records
            .iter()
            .find(|r| r.battalion == battalion && r.track == track && r.closed)
            .is_some_and(|r| r.assessed_killed || !shoot_look_shoot)
    }

    /// Another battalion is engaging an object within `distance` of `position`.
    pub(crate) fn other_engaging_near(
        &self,
        battalion: usize,
        position: &Ecef,
        distance: f64,
    ) -> bool {
        self.records.iter().any(|r| {
            r.battalion != battalion
                && (!r.closed || r.in_flight > 0)
                && r.position.distance(position) < distance
        })
    }

    /// Another battalion is engaging regiment track `object`.
    pub(crate) fn other_engaging_object(&self, battalion: usize, object: u64) -> bool {
        self.records.iter().any(|r| {
            r.battalion != battalion && (!r.closed || r.in_flight > 0) && r.object == Some(object)
        })
    }

    /// Whether regiment-level deconfliction keeps battalion `b` off its `i`-th track: with
    /// a regiment picture, the track is not related to a regiment track yet, or (unless
    /// `allow_double_engagement`) another battalion is engaging its regiment track;
    /// without one, (unless allowed) another battalion is engaging an object within
    /// [`CORRELATION_DISTANCE`] of it.
    pub(crate) fn held_off(
        &self,
        units: &[FireUnitView<'_>],
        b: usize,
        i: usize,
        allow_double_engagement: bool,
    ) -> bool {
        let unit = &units[b];
        match unit.regiment {
            Some(_) => match unit.regiment_track(i) {
                None => true,
                Some(object) => !allow_double_engagement && self.other_engaging_object(b, object),
            },
            None => {
                !allow_double_engagement
                    && self.other_engaging_near(b, &unit.tracks[i].position(), CORRELATION_DISTANCE)
            }
        }
    }

    /// Targets this battalion's engagement radar is engaging now.
    pub(crate) fn active_targets(&self, battalion: usize) -> u32 {
        self.records
            .iter()
            .filter(|r| r.battalion == battalion && (!r.closed || r.in_flight > 0))
            .count() as u32
    }

    pub(crate) fn open(
        &mut self,
        battalion: usize,
        track: u64,
        missiles: u32,
        now: f64,
        position: Ecef,
        object: Option<u64>,
    ) {
        self.records
            .retain(|r| !(r.battalion == battalion && r.track == track));
        self.records.push(EngagementRecord {
            battalion,
            track,
            in_flight: missiles,
            last_end: now,
            position,
            object,
            closed: false,
            assessed_killed: false,
            ended: 0,
            seen_at: now,
            present_at: now,
            before: Before::default(),
        });
    }

    /// Engagement positions and regiment tracks follow their tracks, as the pictures
    /// stand at the decision of `now` s.
    pub(crate) fn follow(&mut self, now: f64, units: &[FireUnitView<'_>]) {
        for rec in self.records.iter_mut() {
            let unit = &units[rec.battalion];
            if let Some(i) = unit.tracks.iter().position(|t| t.id == rec.track) {
                rec.present_at = now;
                rec.position = unit.tracks[i].position();
                rec.seen_at = unit.tracks[i].time;
                if rec.ended == 0 {
                    rec.before.remember(unit.tracks, i);
                }
                if let Some(object) = unit.regiment_track(i) {
                    rec.object = Some(object);
                }
            }
        }
    }

    pub(crate) fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64) {
        // The open engagement of the track; else one judged early with missiles still
        // flying (ordered to self-destruct).
        let idx = self
            .records
            .iter()
            .position(|r| r.battalion == battalion && r.track == track && !r.closed)
            .or_else(|| {
                self.records
                    .iter()
                    .position(|r| r.battalion == battalion && r.track == track && r.in_flight > 0)
            });
        if let Some(rec) = idx.map(|i| &mut self.records[i]) {
            rec.in_flight = rec.in_flight.saturating_sub(1);
            rec.ended += 1;
            if !rec.closed {
                rec.last_end = rec.last_end.max(time);
            }
        }
    }
}
