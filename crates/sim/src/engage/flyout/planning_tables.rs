//! [`PlanningTables`]: the flyout tables a planner is handed, read-only.

use std::sync::Arc;

use iadsim_setup::Missile;

use super::envelope::EnvelopeTable;

/// The flyout tables a planner reads, one per missile figures (type, flight time,
/// lethal radius, catalogue range and ceiling), loaded or flown once per process
/// ([`super::tables::cached`]) and shared read-only: a Monte Carlo study builds them once
/// and every replication's planner reads the same tables.
#[derive(Debug, Clone, Default)]
pub struct PlanningTables {
    tables: Vec<(TableKey, Arc<EnvelopeTable>)>,
}

/// What a planning table depends on: the missile type and the figure bits of its flight
/// time, lethal radius, range and ceiling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TableKey {
    pub(super) type_name: String,
    pub(super) figures: [u64; 4],
}

impl TableKey {
    pub(super) fn of(missile: &Missile) -> Self {
        Self {
            type_name: missile.type_name.clone(),
            figures: figures(missile),
        }
    }

    fn matches(&self, missile: &Missile) -> bool {
        self.type_name == missile.type_name && self.figures == figures(missile)
    }
}

fn figures(missile: &Missile) -> [u64; 4] {
    [
        missile.max_flight_time.to_bits(),
        missile.lethal_radius.to_bits(),
        missile.max_range.to_bits(),
        missile.max_altitude.to_bits(),
    ]
}

impl PlanningTables {
    /// Tables for the given missiles, `table(missile)` giving each (a missile it cannot
    /// give one for, `None`, is planned without: see
    /// [`crate::decide::planning::envelope_intercept`]).
    pub fn new<'a>(
        missiles: impl IntoIterator<Item = &'a Missile>,
        mut table: impl FnMut(&Missile) -> Option<Arc<EnvelopeTable>>,
    ) -> Self {
        let mut tables: Vec<(TableKey, Arc<EnvelopeTable>)> = Vec::new();
        for m in missiles {
            if tables.iter().any(|(k, _)| k.matches(m)) {
                continue;
            }
            if let Some(t) = table(m) {
                tables.push((TableKey::of(m), t));
            }
        }
        Self { tables }
    }

    /// The table of `missile`, if there is one.
    pub fn get(&self, missile: &Missile) -> Option<&EnvelopeTable> {
        self.tables
            .iter()
            .find(|(k, _)| k.matches(missile))
            .map(|(_, t)| t.as_ref())
    }
}
