//! The engine's decisions do not depend on the order in which the scenario lists its
//! threats, nor on their type names: the threats of `regiment_defense` permuted and their
//! types renamed (kinematics, RCS and class — hence glint — kept) give the same run up to
//! the relabelling — every detection, track, ranking, kill assessment, engagement,
//! launch, intercept and leak — under both model sets.
//!
//! Events are compared at each instant as a set (the stages emit the events of one
//! instant in their own order, e.g. threats appearing together in index order), with
//! the permuted run's threat indices mapped back.

use std::collections::BTreeMap;
use std::path::Path;

use iadsim_sim::events::EventLog;
use iadsim_sim::setup::Setup;
use iadsim_sim::{EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind, run_with};
use serde_json::Value;

fn scenario() -> Setup {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    iadsim_scenario::load_path(&path)
        .expect("the shipped scenario loads")
        .setup
}

/// A fixed shuffle of 0..n (a linear congruential sequence driving Fisher–Yates).
fn permutation(n: usize) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (state >> 33) as usize % (i + 1);
        p.swap(i, j);
    }
    p
}

/// `setup` with its threats in the order `perm` (new index j holds old threat
/// `perm[j]`) and every threat type renamed.
fn permuted(setup: &Setup, perm: &[usize]) -> Setup {
    let mut s = setup.clone();
    s.threats = perm.iter().map(|&k| setup.threats[k].clone()).collect();
    for t in &mut s.threats {
        t.type_name = format!("renamed-{}", t.type_name);
    }
    if let Some(costs) = s.costs.as_mut() {
        costs.threats = std::mem::take(&mut costs.threats)
            .into_iter()
            .map(|(k, v)| (format!("renamed-{k}"), v))
            .collect();
    }
    s
}

/// The run's events after the scenario start, as instant → sorted JSON lines, with each
/// threat index passed through `label`.
fn events(
    setup: &Setup,
    options: &EngineOptions,
    label: &dyn Fn(usize) -> usize,
) -> BTreeMap<u64, Vec<String>> {
    let mut log = EventLog::default();
    run_with(setup, 0, &mut log, options).expect("runs");
    let mut by_time: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for e in log.events.iter().skip(1) {
        let mut v = serde_json::to_value(e).unwrap();
        if let Some(Value::Number(k)) = v.get("threat").cloned()
            && let Some(k) = k.as_u64()
        {
            v["threat"] = Value::from(label(k as usize) as u64);
        }
        by_time
            .entry(e.time.to_bits())
            .or_default()
            .push(serde_json::to_string(&v).unwrap());
    }
    for list in by_time.values_mut() {
        list.sort();
    }
    by_time
}

fn same_run_up_to_relabelling(options: EngineOptions) {
    let setup = scenario();
    let perm = permutation(setup.threats.len());
    assert!(perm.iter().enumerate().any(|(j, &k)| j != k));
    let original = events(&setup, &options, &|k| k);
    let shuffled = events(&permuted(&setup, &perm), &options, &|j| perm[j]);
    let decisions = original
        .values()
        .flatten()
        .filter(|e| e.contains("\"engagement_planned\"") || e.contains("\"launch\""))
        .count();
    assert!(
        decisions > 10,
        "the run decides: {decisions} engagements and launches"
    );
    let first = original
        .iter()
        .zip(&shuffled)
        .find(|(a, b)| a != b)
        .map(|((t, a), (_, b))| (f64::from_bits(*t), a.clone(), b.clone()));
    if let Some((t, a, b)) = first {
        panic!("runs differ at t = {t} s:\noriginal: {a:#?}\npermuted: {b:#?}");
    }
    assert_eq!(original.len(), shuffled.len());
}

#[test]
fn full_models_decide_the_same_whatever_the_threats_order_and_names() {
    same_run_up_to_relabelling(EngineOptions::default());
}

#[test]
fn screening_models_decide_the_same_whatever_the_threats_order_and_names() {
    same_run_up_to_relabelling(EngineOptions {
        radar_model: RadarModelKind::FixedPd,
        tracker: TrackerKind::NearestNeighbour,
        interceptor_model: InterceptorModelKind::LeadCollision,
        ..EngineOptions::default()
    });
}
