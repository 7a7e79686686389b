//! What one decision cycle of the assignment works with: the objects (a target as the
//! battalions' tracks of it), the salvos ready, the kill-probability plan, what the
//! orders use up as they are given, and what the ballistic reserve needs.

use crate::decide::book::EngagementBook;
use crate::decide::evaluation::ThreatAssessment;
use crate::decide::manager::{FireUnitView, ballistic_capable_rounds};

/// One target the assignment may engage: the battalions' tracks of it, its evaluation
/// and its value in the assignment.
pub(super) struct Object {
    /// (battalion, index into that battalion's tracks).
    pub(super) members: Vec<(usize, usize)>,
    /// The regiment track, with a regiment picture.
    pub(super) regiment: Option<u64>,
    pub(super) eval: ThreatAssessment,
    pub(super) value: f64,
}

/// One salvo ready: a loadout entry of a launcher, its earliest launch time (s) and the
/// rounds it would fire.
pub(super) struct Weapon {
    pub(super) battalion: usize,
    pub(super) launcher: usize,
    pub(super) loadout: usize,
    pub(super) launch_time: f64,
    pub(super) rounds: u32,
}

/// Why a weapon cannot engage an object, nearest miss last (the greatest): for the record
/// of skipped objects only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Why {
    /// No weapon of a battalion holding the object (or none tried).
    NoWeapon,
    /// The battalion's engagement radar does not hold its track (outside the sector, or
    /// no track channel on it).
    NotHeld,
    /// No intercept in the envelope.
    NoIntercept,
    /// An intercept, but after the object reaches its asset.
    TooLate,
    /// Not tried: the round would eat into the ballistic reserve.
    Reserve,
    /// Some weapon can engage it.
    Reaches,
}

/// What the orders of one cycle use up, per battalion, as they are given.
pub(super) struct OrderState {
    /// Missiles in flight or ordered.
    pub(super) in_flight: Vec<u32>,
    /// Targets engaged.
    pub(super) targets: Vec<u32>,
    /// Rounds left, per launcher and loadout entry (for the ballistic reserve): the
    /// counts only, not copies of the launchers and their missile types.
    pub(super) left: Vec<Vec<Vec<u32>>>,
    /// Per launcher, when it is free again: salvos from the same launcher in one cycle go
    /// one after the other.
    pub(super) next_free: Vec<Vec<f64>>,
}

impl OrderState {
    pub(super) fn new(units: &[FireUnitView<'_>], book: &EngagementBook) -> Self {
        Self {
            in_flight: units.iter().map(|u| u.missiles_in_flight).collect(),
            targets: (0..units.len()).map(|b| book.active_targets(b)).collect(),
            left: units
                .iter()
                .map(|u| u.launchers.iter().map(|l| l.rounds.clone()).collect())
                .collect(),
            next_free: units
                .iter()
                .map(|u| u.launchers.iter().map(|l| l.ready_at).collect())
                .collect(),
        }
    }
}

/// Every salvo ready now: one per loadout entry with rounds left on each launcher, of up
/// to `salvo` rounds, ready after the reaction time and the launcher's interval.
pub(super) fn weapons(now: f64, units: &[FireUnitView<'_>], salvo: u32) -> Vec<Weapon> {
    let mut weapons: Vec<Weapon> = Vec::new();
    for (b, unit) in units.iter().enumerate() {
        for (l, st) in unit.launchers.iter().enumerate() {
            for (m, &rounds) in st.rounds.iter().enumerate() {
                if rounds > 0 {
                    weapons.push(Weapon {
                        battalion: b,
                        launcher: l,
                        loadout: m,
                        launch_time: (now + unit.reaction_time).max(st.ready_at),
                        rounds: rounds.min(salvo),
                    });
                }
            }
        }
    }
    weapons
}

/// The kill-probability table of one cycle (weapons × eligible objects) and, per pair at
/// `[w * objects + t]`, the time of flight (s) and the rounds the weapon would fire.
pub(super) struct Plan {
    pub(super) pk: Vec<Vec<f64>>,
    pub(super) tof: Vec<f64>,
    pub(super) salvo_rounds: Vec<u32>,
    pub(super) objects: usize,
}

impl Plan {
    pub(super) fn cell(&self, w: usize, t: usize) -> usize {
        w * self.objects + t
    }
}

/// What the reserve rules need of one battalion: the best ballistic reach of its
/// loadouts (the rounds its ballistic reserve is held in, [`ballistic_capable_rounds`])
/// and how many of those rounds it has.
#[derive(Clone, Copy)]
pub(super) struct Reserve {
    pub(super) best_reach: f64,
    pub(super) anti_ballistic_rounds: u32,
}

impl Reserve {
    pub(super) fn of(unit: &FireUnitView<'_>) -> Self {
        let best_reach = unit
            .launchers
            .iter()
            .flat_map(|l| l.missiles.iter())
            .map(|m| m.max_range_ballistic)
            .fold(0.0, f64::max);
        Self {
            best_reach,
            anti_ballistic_rounds: ballistic_capable_rounds(unit.launchers, best_reach, 0.0),
        }
    }
}
