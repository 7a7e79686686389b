//! The summary's cost block is the run's own counts times the scenario's unit costs:
//! recomputed here from the event log alone (launches by missile type, kills and leaks by
//! threat type, asset hits), independently of the summary's code path.

mod common;

use std::collections::BTreeMap;

use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::run;
use iadsim_sim::setup::{Costs, MissileLoad, Setup};

/// Six cruise missiles, a fighter and a ballistic missile against one battalion whose
/// first four launchers also carry a second missile type.
fn costed() -> iadsim_sim::Setup {
    let mut setup = common::mixed_raid(6);
    for l in setup.regiment.battalions[0].launchers.iter_mut().take(4) {
        let mut small = common::missile();
        small.type_name = "9M96E2".into();
        small.max_range = 40_000.0;
        l.loadout.push(MissileLoad {
            missile: small,
            count: 8,
        });
    }
    setup.costs = Some(Costs {
        unit: "MUSD".into(),
        interceptors: BTreeMap::from([("48N6E2".into(), 1.25), ("9M96E2".into(), 0.4)]),
        threats: BTreeMap::from([
            ("subsonic_cruise_missile".into(), 1.5),
            ("fighter".into(), 40.0),
            ("mrbm".into(), 7.0),
        ]),
        assets: BTreeMap::from([("city".into(), 100.0)]),
    });
    setup
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

/// Launches per missile type, kills and leaks per threat type, and the assets hit, counted
/// from the event log.
#[allow(clippy::type_complexity)]
fn tally<'s>(
    log: &EventLog,
    setup: &'s Setup,
) -> (
    BTreeMap<String, u32>,
    BTreeMap<&'s str, u32>,
    BTreeMap<&'s str, u32>,
    std::collections::BTreeSet<usize>,
) {
    let mut fired: BTreeMap<String, u32> = BTreeMap::new();
    let mut killed: BTreeMap<&str, u32> = BTreeMap::new();
    let mut leaked: BTreeMap<&str, u32> = BTreeMap::new();
    let mut assets_hit = std::collections::BTreeSet::new();
    for e in &log.events {
        match &e.kind {
            EventKind::Launch { missile, .. } => *fired.entry(missile.clone()).or_default() += 1,
            EventKind::Kill { threat, .. } => {
                *killed.entry(&setup.threats[*threat].type_name).or_default() += 1
            }
            EventKind::Leak { threat } => {
                *leaked.entry(&setup.threats[*threat].type_name).or_default() += 1
            }
            EventKind::AssetHit { asset, .. } => {
                assets_hit.insert(*asset);
            }
            _ => {}
        }
    }
    (fired, killed, leaked, assets_hit)
}

#[test]
fn cost_block_is_the_event_counts_times_unit_costs() {
    let setup = costed();
    let costs = setup.costs.clone().unwrap();
    let mut fired_any = false;
    for rep in 0..1 {
        let mut log = EventLog::default();
        let s = run(&setup, rep, &mut log).unwrap();
        let c = s.cost.as_ref().expect("cost block");
        assert_eq!(c.unit, "MUSD");

        // Independent tallies from the events.
        let (fired, killed, leaked, assets_hit) = tally(&log, &setup);
        let spent: f64 = fired
            .iter()
            .map(|(m, &n)| f64::from(n) * costs.interceptors[m])
            .sum();
        let destroyed: f64 = killed
            .iter()
            .map(|(t, &n)| f64::from(n) * costs.threats[*t])
            .sum();
        let leaked_value: f64 = leaked
            .iter()
            .map(|(t, &n)| f64::from(n) * costs.threats[*t])
            .sum();
        let lost: f64 = assets_hit
            .iter()
            .map(|&a| costs.assets[&setup.assets[a].name])
            .sum();
        fired_any |= spent > 0.0;

        assert!(
            close(c.interceptor_cost.unwrap(), spent),
            "{c:?} vs {spent}"
        );
        assert!(close(c.threat_value_destroyed.unwrap(), destroyed));
        assert!(close(c.threat_value_leaked.unwrap(), leaked_value));
        assert!(close(c.asset_value_lost.unwrap(), lost));
        match c.exchange_ratio {
            Some(r) => assert!(close(r, destroyed / spent)),
            None => assert_eq!(spent, 0.0),
        }
        // Per type: every loaded type is listed, fired matches the launches.
        let types: Vec<&str> = c.interceptors.iter().map(|i| i.missile.as_str()).collect();
        assert_eq!(types, ["48N6E2", "9M96E2"]);
        for i in &c.interceptors {
            assert_eq!(i.fired, fired.get(&i.missile).copied().unwrap_or(0));
            assert_eq!(
                i.spent,
                Some(f64::from(i.fired) * costs.interceptors[&i.missile])
            );
        }
        // Conservation: destroyed + leaked + the value still flying (or never launched)
        // is the value of the whole raid.
        let raid: f64 = setup
            .threats
            .iter()
            .map(|t| costs.threats[&t.type_name])
            .sum();
        let rest: f64 = s
            .threat_outcomes
            .iter()
            .zip(&setup.threats)
            .filter(|(o, _)| o.fate == "flying" || o.fate == "not_launched")
            .map(|(_, t)| costs.threats[&t.type_name])
            .sum();
        assert!(close(destroyed + leaked_value + rest, raid));
        let counted: u32 = c.threats.iter().map(|t| t.count).sum();
        assert_eq!(counted as usize, setup.threats.len());
    }
    assert!(fired_any, "the test raid should draw fire");
}

#[test]
fn a_missing_cost_gives_null_totals_and_no_costs_no_block() {
    let mut setup = costed();
    setup.costs.as_mut().unwrap().threats.remove("mrbm");
    setup.costs.as_mut().unwrap().assets.clear();
    let s = run(&setup, 0, &mut iadsim_sim::events::NullSink).unwrap();
    let c = s.cost.as_ref().unwrap();
    assert!(c.interceptor_cost.is_some());
    assert_eq!(c.threat_value_destroyed, None);
    assert_eq!(c.threat_value_leaked, None);
    assert_eq!(c.asset_value_lost, None);
    assert_eq!(c.exchange_ratio, None);
    let mrbm = c.threats.iter().find(|t| t.threat_type == "mrbm").unwrap();
    assert_eq!((mrbm.unit_value, mrbm.destroyed), (None, None));

    // Without costs: no block, and summary.json has no `cost` key (backward compatible).
    setup.costs = None;
    let s = run(&setup, 0, &mut iadsim_sim::events::NullSink).unwrap();
    assert_eq!(s.cost, None);
    let json = serde_json::to_value(&s).unwrap();
    assert!(json.get("cost").is_none());
    // The setup's serialised form (hashed in study manifests) is unchanged too.
    assert!(serde_json::to_value(&setup).unwrap().get("costs").is_none());
}
