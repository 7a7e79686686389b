//! The cost-exchange columns of a study: present when the scenario gives costs, equal to
//! the table's own `fired_*` counts times the unit costs, empty when a cost is missing,
//! summarised with the same Student t interval as every other column (checked here with
//! a two-pass mean and deviation and the published t(0.975, 3) = 3.182446), and still
//! byte-identical across thread counts and shards.

use std::path::Path;

use iadsim_study::{Shard, StudyConfig, files, merge, run_study};

const RUNS: u64 = 4;

fn setup() -> iadsim_sim::Setup {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/cost_exchange.yaml");
    iadsim_scenario::load_path(&path)
        .unwrap_or_else(|d| panic!("{d}"))
        .setup
}

fn config(threads: usize, shard: Shard) -> StudyConfig {
    StudyConfig {
        runs: RUNS,
        threads,
        shard,
        options: Default::default(),
        progress: false,
        cancel: None,
    }
}

/// The table as (header, rows of text cells).
fn table(dir: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(dir.join(files::TABLE_CSV)).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

/// Checks every row's cost columns against its own counts times the unit costs; returns
/// the exchange ratios.
fn check_cost_columns(whole: &Path, costs: &iadsim_sim::setup::Costs) -> Vec<f64> {
    let (header, rows) = table(whole);
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let num = |row: &[String], name: &str| -> f64 { row[col(name)].parse().unwrap() };
    assert_eq!(rows.len() as u64, RUNS);
    let mut ratios = Vec::new();
    for row in &rows {
        let spent = num(row, "fired_48n6e3") * costs.interceptors["48N6E3"]
            + num(row, "fired_9m96e2") * costs.interceptors["9M96E2"];
        let destroyed = num(row, "killed_aircraft") * costs.threats["fighter"]
            + num(row, "killed_cruise_missile") * costs.threats["subsonic_cruise_missile"];
        let leaked = num(row, "leaked_aircraft") * costs.threats["fighter"]
            + num(row, "leaked_cruise_missile") * costs.threats["subsonic_cruise_missile"];
        let lost = if num(row, "hits_airfield") > 0.0 {
            costs.assets["airfield"]
        } else {
            0.0
        };
        assert_eq!(num(row, "interceptor_cost"), spent);
        assert_eq!(num(row, "threat_value_destroyed"), destroyed);
        assert_eq!(num(row, "threat_value_leaked"), leaked);
        assert_eq!(num(row, "asset_value_lost"), lost);
        assert!(spent > 0.0, "the raid draws fire in every replication");
        let r = num(row, "exchange_ratio");
        assert!((r - destroyed / spent).abs() <= 1e-15 * r.abs());
        ratios.push(r);
    }
    ratios
}

/// The study's files are the same bytes with one thread, and from two shards merged.
fn same_bytes_with_one_thread_and_merged_shards(
    setup: &iadsim_sim::Setup,
    dir: &Path,
    whole: &Path,
) {
    let one = dir.join("one");
    run_study(setup, &config(1, Shard::WHOLE), &one).unwrap();
    let mut shards = Vec::new();
    for i in 0..2 {
        let d = dir.join(format!("s{i}"));
        run_study(setup, &config(1, Shard { index: i, count: 2 }), &d).unwrap();
        shards.push(d);
    }
    let merged = dir.join("merged");
    merge(&shards, &merged).unwrap();
    for f in [files::TABLE_CSV, files::SUMMARY, files::MANIFEST] {
        let w = std::fs::read(whole.join(f)).unwrap();
        assert_eq!(
            w,
            std::fs::read(one.join(f)).unwrap(),
            "{f}: 1 vs 2 threads"
        );
        assert_eq!(
            w,
            std::fs::read(merged.join(f)).unwrap(),
            "{f}: merged shards"
        );
    }
}

#[test]
fn cost_columns_are_counts_times_costs_and_summarised_with_t_intervals() {
    let setup = setup();
    let costs = setup.costs.clone().expect("the scenario gives costs");
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let outcome = run_study(&setup, &config(2, Shard::WHOLE), &whole).unwrap();
    let ratios = check_cost_columns(&whole, &costs);
    // Summary of exchange_ratio: two-pass mean and standard deviation, published t.
    let n = ratios.len() as f64;
    let mean = ratios.iter().sum::<f64>() / n;
    let sd = (ratios.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = 3.182446 * sd / n.sqrt();
    let stats = outcome
        .summary
        .columns
        .iter()
        .find(|c| c.name == "exchange_ratio")
        .unwrap();
    assert_eq!(
        (stats.n, stats.unit.as_str(), stats.method.as_str()),
        (RUNS, "1", "student_t")
    );
    assert!((stats.mean.unwrap() - mean).abs() <= 1e-12 * mean);
    let ci = stats.ci95.unwrap();
    assert!(
        (ci.lo - (mean - half)).abs() <= 1e-6 * mean.max(half),
        "{ci:?}"
    );
    assert!(
        (ci.hi - (mean + half)).abs() <= 1e-6 * mean.max(half),
        "{ci:?}"
    );
    let spent = outcome
        .summary
        .columns
        .iter()
        .find(|c| c.name == "interceptor_cost")
        .unwrap();
    assert_eq!(spent.unit, "MUSD");

    same_bytes_with_one_thread_and_merged_shards(&setup, dir.path(), &whole);
}

#[test]
fn a_missing_cost_leaves_its_columns_empty_and_no_costs_no_columns() {
    let mut setup = setup();
    setup.costs.as_mut().unwrap().threats.remove("fighter");
    let dir = tempfile::tempdir().unwrap();
    let cfg = StudyConfig {
        runs: 2,
        ..config(2, Shard::WHOLE)
    };
    let out = run_study(&setup, &cfg, dir.path()).unwrap();
    let (header, rows) = table(dir.path());
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &rows {
        assert_ne!(row[at("interceptor_cost")], "");
        assert_eq!(row[at("threat_value_destroyed")], "");
        assert_eq!(row[at("threat_value_leaked")], "");
        assert_eq!(row[at("exchange_ratio")], "");
    }
    let stats = |name: &str| out.summary.columns.iter().find(|c| c.name == name).unwrap();
    assert_eq!(
        (stats("exchange_ratio").n, stats("exchange_ratio").mean),
        (0, None)
    );
    assert_eq!(stats("interceptor_cost").n, 2);

    setup.costs = None;
    let d2 = dir.path().join("none");
    run_study(&setup, &cfg, &d2).unwrap();
    let (header, _) = table(&d2);
    for c in iadsim_study::moe::COST_COLUMNS {
        assert!(!header.iter().any(|h| h == c.0), "{} without costs", c.0);
    }
}
