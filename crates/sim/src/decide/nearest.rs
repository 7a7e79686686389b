//! The first battle-manager model: most urgent track to the nearest ready launcher.
//!
//! confirmed track from its kinematics, rank tracks by urgency (asset value over time to
//! reach the nearest asset), and give each unengaged track, most urgent first, a salvo
//! from the nearest ready launchers whose missiles can reach the predicted intercept point
//! (range, minimum range, altitude band, target speed, flight time), within the
//! engagement radar's guidance channels, keeping the ballistic reserve. Kill assessment
//! looks at the track after the salvo: a track still updated is a survivor, re-engaged
//! under shoot-look-shoot.

use iadsim_setup::{Doctrine, ThreatClass};

use super::book::EngagementBook;
use super::debris::DebrisWatch;
use super::evaluation::{ThreatAssessment, evaluate};
use super::manager::{
    AssetView, BattleManager, Decision, EngagementOrder, FireUnitView, LaunchOrder, LauncherStatus,
    ballistic_capable_rounds,
};
use super::planning::InterceptPlanning;
use crate::track::tracker::{Track, TrackStatus};

/// The first battle-manager model (see the module docs).
#[derive(Debug, Clone)]
pub struct NearestLauncherBattleManager {
    doctrine: Doctrine,
    planning: InterceptPlanning,
    /// Wait after the last missile of a salvo ends before judging the track, s.
    assess_delay: f64,
    book: EngagementBook,
    debris: DebrisWatch,
}

impl NearestLauncherBattleManager {
    /// A battle manager with `doctrine`; `assess_delay` (s) is the look time after a salvo.
    pub fn new(doctrine: Doctrine, assess_delay: f64) -> Self {
        Self {
            doctrine,
            planning: InterceptPlanning::default(),
            assess_delay,
            book: EngagementBook::default(),
            debris: DebrisWatch::default(),
        }
    }

    /// The same, judging intercepts with `planning`.
    pub fn with_planning(mut self, planning: InterceptPlanning) -> Self {
        self.planning = planning;
        self
    }
}

impl BattleManager for NearestLauncherBattleManager {
    fn decide(&mut self, now: f64, units: &[FireUnitView<'_>], assets: &[AssetView]) -> Decision {
        let (assessments, self_destructs) =
            self.book.assess_with_orders(now, self.assess_delay, units);
        let debris = self.debris.observe(now, units, &self.book.records);
        let candidates = self.candidates(units, assets);
        let weight = |e: &ThreatAssessment| self.doctrine.class_priority.weight(e.class);
        let ranking = candidates
            .iter()
            .map(|(e, b, i)| e.ranked(*b, units[*b].tracks[*i].id, weight(e)))
            .collect();
        let mut launchers: Vec<Vec<LauncherStatus>> =
            units.iter().map(|u| u.launchers.to_vec()).collect();
        let mut in_flight: Vec<u32> = units.iter().map(|u| u.missiles_in_flight).collect();
        let mut orders = Vec::new();
        for (eval, b, i) in candidates {
            if !self.may_engage(units, b, i, in_flight[b]) {
                continue;
            }
            let Some(order) = self.engage(now, &units[b], b, i, eval.class, &mut launchers[b])
            else {
                continue;
            };
            in_flight[b] += order.launches.len() as u32;
            orders.push(order);
        }
        self.book.follow(now, units);
        Decision {
            assessments,
            orders,
            ranking,
            self_destructs,
            skipped: Vec::new(),
            debris,
        }
    }

    fn interceptor_ended(&mut self, battalion: usize, track: u64, time: f64) {
        self.book.interceptor_ended(battalion, track, time);
    }
}

impl NearestLauncherBattleManager {
    /// Every confirmed track across the regiment, evaluated, most dangerous first (ties:
    /// battalion, track id): `(assessment, battalion, index into its tracks)`.
    fn candidates(
        &self,
        units: &[FireUnitView<'_>],
        assets: &[AssetView],
    ) -> Vec<(ThreatAssessment, usize, usize)> {
        let mut candidates: Vec<(ThreatAssessment, usize, usize)> = Vec::new();
        for (b, unit) in units.iter().enumerate() {
            for (i, track) in unit.tracks.iter().enumerate() {
                if track.status != TrackStatus::Confirmed || self.debris.ignores(b, track.id) {
                    continue;
                }
                candidates.push((evaluate(track, assets), b, i));
            }
        }
        let weight = |e: &ThreatAssessment| self.doctrine.class_priority.weight(e.class);
        candidates.sort_by(|a, b| {
            (weight(&b.0) * b.0.priority())
                .total_cmp(&(weight(&a.0) * a.0.priority()))
                .then(a.1.cmp(&b.1))
                .then(units[a.1].tracks[a.2].id.cmp(&units[b.1].tracks[b.2].id))
        });
        candidates
    }

    /// Whether battalion `b` may open a salvo on its `i`-th track: not engaged now, not
    /// done with under the doctrine, not held off, with a target channel and guidance
    /// channels for the salvo (`in_flight` missiles already committed), held by the
    /// engagement radar.
    fn may_engage(&self, units: &[FireUnitView<'_>], b: usize, i: usize, in_flight: u32) -> bool {
        let unit = &units[b];
        let track = &unit.tracks[i];
        !(self.book.active(b, track.id)
            || self
                .book
                .done_with(b, track.id, self.doctrine.shoot_look_shoot)
            || self
                .book
                .held_off(units, b, i, self.doctrine.allow_double_engagement)
            || self.book.active_targets(b) >= unit.target_channels
            || in_flight + self.doctrine.salvo_size > unit.guidance_channels
            || !unit.may_guide(i))
    }

    /// The salvo battalion `b` fires at its `i`-th track (assessed `class`): the nearest
    /// launchers' shortest-reach missile that can intercept, as many launchers as the
    /// salvo needs; books it and takes the rounds off `launchers`.
    fn engage(
        &mut self,
        now: f64,
        unit: &FireUnitView<'_>,
        b: usize,
        i: usize,
        class: ThreatClass,
        launchers: &mut [LauncherStatus],
    ) -> Option<EngagementOrder> {
        let track = &unit.tracks[i];
        let salvo = self.doctrine.salvo_size;
        let choices = self.choices(now, unit, track, class, launchers);
        let &(_, first_l, first_m, t_int) = choices.first()?;
        let missile_name = launchers[first_l].missiles[first_m].type_name.clone();
        let mut launches = Vec::new();
        for &(_, li, _, _) in &choices {
            let l = &mut launchers[li];
            let Some(mi) = l.missiles.iter().position(|m| m.type_name == missile_name) else {
                continue;
            };
            while launches.len() < salvo as usize && l.rounds[mi] > 0 {
                let time = (now + unit.reaction_time).max(l.ready_at);
                l.rounds[mi] -= 1;
                l.ready_at = time + l.launch_interval;
                launches.push(LaunchOrder {
                    launcher: li,
                    loadout: mi,
                    time,
                });
            }
            if launches.len() == salvo as usize {
                break;
            }
        }
        let object = unit.regiment_track(i);
        self.book.open(
            b,
            track.id,
            launches.len() as u32,
            now,
            track.position(),
            object,
        );
        Some(EngagementOrder {
            battalion: b,
            track: track.id,
            assessed_class: class,
            missile: missile_name,
            launches,
            predicted_intercept_time: t_int,
            regiment_track: object,
        })
    }

    /// Per launcher that can intercept `track`, nearest first (ties: launcher order):
    /// `(distance m, launcher, loadout entry, intercept time s)`, with on each the
    /// shortest-reach missile that can do it, keeping the ballistic reserve.
    fn choices(
        &self,
        now: f64,
        unit: &FireUnitView<'_>,
        track: &Track,
        class: ThreatClass,
        launchers: &[LauncherStatus],
    ) -> Vec<(f64, usize, usize, f64)> {
        let salvo = self.doctrine.salvo_size;
        let reserve = self.doctrine.ballistic_reserve;
        let mut choices: Vec<(f64, usize, usize, f64)> = Vec::new();
        for (li, l) in launchers.iter().enumerate() {
            let launch_time = (now + unit.reaction_time).max(l.ready_at);
            let mut pick: Option<(f64, usize, f64)> = None;
            for (mi, m) in l.missiles.iter().enumerate() {
                if l.rounds[mi] == 0 {
                    continue;
                }
                // Not from the ballistic reserve (held in the best anti-ballistic rounds).
                if class != ThreatClass::BallisticMissile
                    && ballistic_capable_rounds(launchers, m.max_range_ballistic, m.max_altitude)
                        < salvo + reserve
                {
                    continue;
                }
                if let Some(tof) =
                    self.planning
                        .time_of_flight(m, &l.position, track, class, launch_time)
                    && pick.is_none_or(|p| m.max_range < p.0)
                {
                    pick = Some((m.max_range, mi, launch_time + tof));
                }
            }
            if let Some((_, mi, t_int)) = pick {
                choices.push((l.position.distance(&track.position()), li, mi, t_int));
            }
        }
        choices.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        choices
    }
}
