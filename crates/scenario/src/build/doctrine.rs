//! Fire doctrine (salvo size, shoot-look-shoot, ballistic reserve, class priorities) and
//! the cost tables of the cost-exchange measures.

use std::collections::BTreeSet;

use super::{Builder, defaults};
use crate::decode::Count;
use crate::format::{CostEntry, CostTable, CostsSpec, DoctrineSpec};
use iadsim_setup::{Battalion, ClassPriority, Costs, Doctrine, Threat};

impl Builder<'_, '_> {
    /// The doctrine, every value checked (defaults where the file gives none).
    pub(super) fn doctrine(
        &mut self,
        d: Option<&DoctrineSpec>,
        battalions: &[Battalion],
    ) -> Doctrine {
        let salvo_size = d
            .and_then(|d| d.salvo_size)
            .map_or(defaults::SALVO_SIZE, Count::get);
        let mut weight = |key: &str, v: Option<f64>| -> f64 {
            let v = v.unwrap_or(1.0);
            if self.check_range(&format!("doctrine.{key}"), v, 0.0, true, 100.0, key) {
                v
            } else {
                1.0
            }
        };
        let class_priority = ClassPriority {
            aircraft: weight("priority_aircraft", d.and_then(|d| d.priority_aircraft)),
            cruise_missile: weight(
                "priority_cruise_missile",
                d.and_then(|d| d.priority_cruise_missile),
            ),
            ballistic_missile: weight(
                "priority_ballistic_missile",
                d.and_then(|d| d.priority_ballistic_missile),
            ),
        };
        let ballistic_reserve = d
            .and_then(|d| d.ballistic_reserve)
            .map_or(defaults::BALLISTIC_RESERVE, Count::get);
        for bn in battalions {
            let total: u32 = bn
                .launchers
                .iter()
                .flat_map(|l| l.loadout.iter())
                .map(|m| m.count)
                .sum();
            if ballistic_reserve > total {
                self.warn("doctrine.ballistic_reserve", format!("ballistic_reserve ({ballistic_reserve}) exceeds the {total} missiles of battalion {}", bn.name), None);
            }
        }
        Doctrine {
            salvo_size,
            shoot_look_shoot: d
                .and_then(|d| d.shoot_look_shoot)
                .unwrap_or(defaults::SHOOT_LOOK_SHOOT),
            ballistic_reserve,
            allow_double_engagement: d
                .and_then(|d| d.allow_double_engagement)
                .unwrap_or(defaults::ALLOW_DOUBLE_ENGAGEMENT),
            class_priority,
        }
    }
}

/// One table of `costs:` and what its names are checked against.
struct Table<'t> {
    key: &'static str,
    table: &'t Option<CostTable>,
    kind: &'static str,
    where_: &'static str,
    known: Vec<&'t str>,
    used: BTreeSet<&'t str>,
}

/// Check the names of the `costs:` tables and collect them. Unknown names are errors (with
/// the nearest known name); known types that the scenario does not use draw a warning.
pub(super) fn costs(
    b: &mut Builder,
    spec: &CostsSpec,
    asset_names: &[&str],
    threats: &[Threat],
    battalions: &[Battalion],
) -> Costs {
    let cat = b.cat;
    let loaded: BTreeSet<&str> = battalions
        .iter()
        .flat_map(|bn| bn.launchers.iter())
        .flat_map(|l| l.loadout.iter())
        .map(|m| m.missile.type_name.as_str())
        .collect();
    let present: BTreeSet<&str> = threats.iter().map(|t| t.type_name.as_str()).collect();
    let sorted = |mut v: Vec<&'static str>| {
        v.sort_unstable();
        v
    };
    let missiles = sorted(cat.missiles.iter().map(|m| m.name.as_str()).collect());
    let threat_types = sorted(cat.threats.iter().map(|t| t.name.as_str()).collect());
    let tables = [
        Table {
            key: "interceptors",
            table: &spec.interceptors,
            kind: "missile type",
            where_: "see `iadsim catalog`",
            known: missiles,
            used: loaded,
        },
        Table {
            key: "threats",
            table: &spec.threats,
            kind: "threat type",
            where_: "see `iadsim catalog`",
            known: threat_types,
            used: present,
        },
        Table {
            key: "assets",
            table: &spec.assets,
            kind: "asset",
            where_: "assets are named in `assets:`",
            known: asset_names.to_vec(),
            used: BTreeSet::new(),
        },
    ];
    let mut out = Costs {
        unit: spec.unit.clone().unwrap_or_else(|| "cost unit".into()),
        ..Default::default()
    };
    for t in &tables {
        let Some(table) = t.table else { continue };
        for e in &table.0 {
            if !cost_entry_known(b, t, e) {
                continue;
            }
            let map = match t.key {
                "interceptors" => &mut out.interceptors,
                "threats" => &mut out.threats,
                _ => &mut out.assets,
            };
            map.insert(e.name.clone(), e.value);
        }
    }
    out
}

/// Whether the name of cost entry `e` of table `t` is known (else a problem); a known
/// type the scenario does not use draws a warning.
fn cost_entry_known(b: &mut Builder, t: &Table, e: &CostEntry) -> bool {
    let path = format!("costs.{}.{}", t.key, e.name);
    if !t.known.contains(&e.name.as_str()) {
        if b.cx.suppressed(&path) || (t.key == "assets" && b.cx.names_uncertain()) {
            return false;
        }
        let mut help = String::new();
        if let Some(n) = crate::diag::nearest(&e.name, t.known.iter().copied()) {
            help.push_str(&format!("did you mean \"{n}\"? "));
        }
        help.push_str(t.where_);
        let list = if t.known.is_empty() {
            "none are defined".to_string()
        } else {
            format!("known: {}", t.known.join(", "))
        };
        b.cx.error(
            e.loc,
            &path,
            format!("unknown {} \"{}\"; {list}", t.kind, e.name),
            Some(help),
        );
        return false;
    }
    if t.key != "assets" && !t.used.contains(e.name.as_str()) {
        b.cx.warn(
            e.loc,
            &path,
            format!(
                "the scenario has no {} {}: this cost is not used",
                e.name,
                if t.key == "interceptors" {
                    "loaded"
                } else {
                    "threat"
                }
            ),
            None,
        );
    }
    true
}
