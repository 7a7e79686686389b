//! Measures of effectiveness: the columns of the per-replication table, and one row
//! from an engine [`Summary`].

use iadsim_io::mctable::{Cell, Column, ColumnKind};
use iadsim_sim::Summary;
use iadsim_sim::assess::attribution::LeakCause;
use iadsim_sim::setup::{Setup, ThreatClass};

/// Threat classes in column order, with their column-name stems.
pub const CLASSES: [(ThreatClass, &str); 3] = [
    (ThreatClass::Aircraft, "aircraft"),
    (ThreatClass::CruiseMissile, "cruise_missile"),
    (ThreatClass::BallisticMissile, "ballistic_missile"),
];

/// Prefix of the leak-cause columns: `leak_cause_<cause key>`, one per
/// [`LeakCause::ALL`], summing to the threats leaked or still flying in that replication.
pub const LEAK_CAUSE_PREFIX: &str = "leak_cause_";

/// Mean OSPA distance (c = 5 km, p = 1) between the battalions' confirmed tracks and
/// truth over the run, m, as the engine's summary reports it (`tracks.ospa_mean_m`);
/// `None` when the run had nothing to score (no threat in flight and no confirmed track
/// at any decision time).
pub fn ospa_mean_m(summary: &Summary) -> Option<f64> {
    (summary.tracks.scored_samples > 0).then_some(summary.tracks.ospa_mean_m)
}

/// The table layout of one study: fixed per setup (missile types and assets as the
/// scenario lists them), so every row of a study — and of its shards — has the same
/// columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    missiles: Vec<String>,
    assets: Vec<String>,
    costs: bool,
    columns: Vec<Column>,
}

/// The cost-exchange columns (present when the scenario has a `costs:` section), with
/// their documentation; the unit of all but `exchange_ratio` is the scenario's cost unit.
pub const COST_COLUMNS: [(&str, &str); 5] = [
    (
        "interceptor_cost",
        "interceptors fired × unit cost, summed over missile types (empty: a loaded type has no cost)",
    ),
    (
        "threat_value_destroyed",
        "threats killed × unit value, summed over threat types (empty: a threat type has no value)",
    ),
    (
        "threat_value_leaked",
        "threats leaked × unit value, summed over threat types (empty: a threat type has no value)",
    ),
    (
        "asset_value_lost",
        "value of the assets hit at least once (empty: an asset has no value)",
    ),
    (
        "exchange_ratio",
        "threat_value_destroyed / interceptor_cost (empty: either is empty or nothing was fired)",
    ),
];

fn col(name: String, kind: ColumnKind, unit: &str, doc: String) -> Column {
    Column {
        name,
        kind,
        unit: unit.to_string(),
        doc,
    }
}

/// A column-name-safe form of a scenario name: lower case, runs of anything but
/// letters and digits become `_`.
pub fn column_stem(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The interceptor types of the regiment's loadouts, in order of first appearance.
fn missile_types(setup: &Setup) -> Vec<String> {
    let mut missiles: Vec<String> = Vec::new();
    for bn in &setup.regiment.battalions {
        for l in &bn.launchers {
            for load in &l.loadout {
                if !missiles.contains(&load.missile.type_name) {
                    missiles.push(load.missile.type_name.clone());
                }
            }
        }
    }
    missiles
}

/// Outcome and engagement columns: leaked and killed per class and in all, interceptors
/// fired per type and in all, self-destructs and kill-assessment errors.
fn push_engagement_columns(columns: &mut Vec<Column>, missiles: &[String]) {
    let count = ColumnKind::Count;
    for (what, doc) in [
        ("leaked", "threats that reached their aim point"),
        ("killed", "threats destroyed"),
    ] {
        for (_, stem) in CLASSES {
            columns.push(col(
                format!("{what}_{stem}"),
                count,
                "1",
                format!("{stem} {doc}"),
            ));
        }
        columns.push(col(
            format!("{what}_total"),
            count,
            "1",
            format!("all {doc}"),
        ));
    }
    for m in missiles {
        columns.push(col(
            format!("fired_{}", column_stem(m)),
            count,
            "1",
            format!("{m} interceptors launched"),
        ));
    }
    columns.push(col(
        "fired_total".into(),
        count,
        "1",
        "interceptors launched, all types".into(),
    ));
    columns.push(col(
        "self_destructs_total".into(),
        count,
        "1",
        "interceptors destroyed in flight by the command post's order once their target was assessed killed, all types".into(),
    ));
    columns.push(col(
        "killed_while_alive".into(),
        count,
        "1",
        "kill-assessment errors: engagements the command post judged killed while the threat behind the track was still flying".into(),
    ));
    columns.push(col(
        "reengaged_while_dead".into(),
        count,
        "1",
        "kill-assessment errors: engagements ordered at a track behind which was only debris or a threat already killed".into(),
    ));
}

/// Picture and asset columns: first detection per class, mean OSPA, hits per asset and
/// whether any asset was hit.
fn push_picture_and_asset_columns(columns: &mut Vec<Column>, assets: &[String]) {
    let count = ColumnKind::Count;
    for (_, stem) in CLASSES {
        columns.push(col(
            format!("first_detection_s_{stem}"),
            ColumnKind::OptionalReal,
            "s",
            format!(
                "earliest first detection of any {stem}, seconds from scenario start (empty: none detected)"
            ),
        ));
    }
    columns.push(col(
        "ospa_mean_m".into(),
        ColumnKind::OptionalReal,
        "m",
        "mean OSPA distance (c = 5 km, p = 1) of the confirmed tracks to truth (empty when nothing was scored)"
            .into(),
    ));
    for a in assets {
        columns.push(col(
            format!("hits_{}", column_stem(a)),
            count,
            "1",
            format!("threats that arrived within the radius of asset {a}"),
        ));
    }
    columns.push(col(
        "any_asset_hit".into(),
        ColumnKind::Flag,
        "1",
        "the raid hit at least one defended asset (raid achieved its aim)".into(),
    ));
}

/// Cost columns, when the scenario prices its interceptors and threats.
fn push_cost_columns(columns: &mut Vec<Column>, setup: &Setup) {
    if let Some(costs) = &setup.costs {
        for (name, doc) in COST_COLUMNS {
            let unit = if name == "exchange_ratio" {
                "1"
            } else {
                &costs.unit
            };
            columns.push(col(name.into(), ColumnKind::OptionalReal, unit, doc.into()));
        }
    }
}

/// Leakers and flyers at the end by primary cause.
fn push_leak_cause_columns(columns: &mut Vec<Column>) {
    let count = ColumnKind::Count;
    for cause in LeakCause::ALL {
        columns.push(col(
            format!("{LEAK_CAUSE_PREFIX}{}", cause.key()),
            count,
            "1",
            format!(
                "threats that leaked or were still flying at the end with primary cause: {} (the causes add up to leaked + flying)",
                cause.label()
            ),
        ));
    }
}

impl Measures {
    /// The columns for `setup`.
    pub fn new(setup: &Setup) -> Self {
        let missiles = missile_types(setup);
        let assets: Vec<String> = setup.assets.iter().map(|a| a.name.clone()).collect();
        let mut columns = vec![col(
            "replication".into(),
            ColumnKind::Count,
            "1",
            "replication index (selects the random streams with the seed)".into(),
        )];
        push_engagement_columns(&mut columns, &missiles);
        push_picture_and_asset_columns(&mut columns, &assets);
        push_cost_columns(&mut columns, setup);
        push_leak_cause_columns(&mut columns);
        Self {
            missiles,
            assets,
            costs: setup.costs.is_some(),
            columns,
        }
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// One row from the summary of replication `summary.replication`.
    pub fn row(&self, s: &Summary) -> Vec<Cell> {
        let mut row = Vec::with_capacity(self.columns.len());
        row.push(Cell::Count(s.replication));
        let class = |c: ThreatClass| s.threats.iter().find(|t| t.class == Some(c));
        for leaked in [true, false] {
            let mut total = 0u64;
            for (c, _) in CLASSES {
                let v = class(c).map_or(0, |t| if leaked { t.leaked } else { t.killed });
                total += u64::from(v);
                row.push(Cell::Count(u64::from(v)));
            }
            row.push(Cell::Count(total));
        }
        let mut fired_total = 0u64;
        for m in &self.missiles {
            let v = s
                .interceptors
                .iter()
                .filter(|i| &i.missile == m)
                .map(|i| u64::from(i.fired))
                .sum::<u64>();
            fired_total += v;
            row.push(Cell::Count(v));
        }
        row.push(Cell::Count(fired_total));
        row.push(Cell::Count(
            s.interceptors
                .iter()
                .map(|i| u64::from(i.self_destructs))
                .sum(),
        ));
        row.push(Cell::Count(u64::from(s.kill_assessment.killed_while_alive)));
        row.push(Cell::Count(u64::from(
            s.kill_assessment.reengaged_while_dead,
        )));
        for (c, _) in CLASSES {
            let first = s
                .threat_outcomes
                .iter()
                .filter(|o| o.class == c)
                .filter_map(|o| o.first_detection)
                .reduce(f64::min);
            row.push(Cell::OptionalReal(first));
        }
        row.push(Cell::OptionalReal(ospa_mean_m(s)));
        for a in &self.assets {
            let hits = s
                .assets
                .iter()
                .filter(|x| &x.name == a)
                .map(|x| u64::from(x.hits))
                .sum::<u64>();
            row.push(Cell::Count(hits));
        }
        row.push(Cell::Flag(s.any_asset_hit));
        if self.costs {
            let c = s.cost.as_ref();
            for v in [
                c.and_then(|c| c.interceptor_cost),
                c.and_then(|c| c.threat_value_destroyed),
                c.and_then(|c| c.threat_value_leaked),
                c.and_then(|c| c.asset_value_lost),
                c.and_then(|c| c.exchange_ratio),
            ] {
                row.push(Cell::OptionalReal(v));
            }
        }
        for cause in LeakCause::ALL {
            let n = s.leak_causes.as_ref().map_or(0, |l| l.count(cause.key()));
            row.push(Cell::Count(u64::from(n)));
        }
        row
    }
}
