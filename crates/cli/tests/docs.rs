//! The documentation and the help say what the code does: the false-alarm figure the docs
//! and `run --help` quote is the one a run counts, the event table of docs/events.md lists
//! exactly the event kinds the engine writes, and the top-level help names the models the
//! engine runs (its own descriptions, for both model sets).

use std::path::{Path, PathBuf};
use std::process::Command;

fn iadsim(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iadsim"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap()
}

/// Whitespace runs folded to one space (help text is wrapped).
fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "about N" with N the count rounded to the nearest thousand, as the docs write it.
fn about(count: u64) -> String {
    let k = (count as f64 / 1000.0).round() as u64;
    format!("about {k},000")
}

#[test]
fn the_false_alarm_figure_is_what_a_run_counts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = repo().join("scenarios/regiment_defense.yaml");
    iadsim(&[
        "run",
        scenario.to_str().unwrap(),
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let counted = summary["tracks"]["false_alarms"].as_u64().unwrap();
    let figure = about(counted);
    for (what, text) in [
        ("docs/events.md", read("docs/events.md")),
        ("README.md", read("README.md")),
        ("`iadsim run --help`", iadsim(&["run", "--help"])),
    ] {
        assert!(
            folded(&text).contains(&format!("{figure} false alarms")),
            "{what} should quote \"{figure} false alarms\" (a run of regiment_defense counts \
             {counted}, summary tracks.false_alarms)"
        );
    }
}

/// The event kinds the engine serialises, from the deserialiser's own list of them.
fn event_kinds() -> Vec<String> {
    let err = serde_json::from_str::<iadsim_sim::EventKind>(r#"{"event": "?"}"#).unwrap_err();
    let text = err.to_string();
    let list = text
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("unexpected error text: {text}"));
    // "`a`, `b`, …, `z` at line 1 column 14": the names are the quoted words.
    let kinds: Vec<String> = list
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert!(kinds.len() > 10, "{text}");
    kinds
}

#[test]
fn the_events_table_lists_every_event_kind() {
    let docs = read("docs/events.md");
    let table: Vec<String> = docs
        .lines()
        .skip_while(|l| !l.starts_with("| event |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect();
    let mut want = event_kinds();
    want.sort();
    let mut got = table.clone();
    got.sort();
    assert_eq!(
        got, want,
        "docs/events.md's event table vs the engine's event kinds"
    );
}

#[test]
fn the_top_level_help_names_the_models_the_engine_runs() {
    let help = folded(&iadsim(&["--help"]));
    assert!(!help.contains("to be replaced"), "{help}");
    let full = iadsim_sim::EngineOptions::default();
    let screening = iadsim_sim::EngineOptions {
        radar_model: iadsim_sim::RadarModelKind::FixedPd,
        tracker: iadsim_sim::TrackerKind::NearestNeighbour,
        interceptor_model: iadsim_sim::InterceptorModelKind::LeadCollision,
        ..full
    };
    let full_at = help.find("the default, --fidelity full").expect("full set");
    let screening_at = help
        .find("--fidelity screening takes")
        .expect("screening set");
    for (stage, model) in iadsim_sim::models(&full) {
        let at = help.find(&folded(&model));
        assert!(
            at.is_some_and(|a| a > full_at && a < screening_at),
            "the full set's {stage} model is not in the help: {model}"
        );
    }
    for (stage, model) in iadsim_sim::models(&screening) {
        if stage == "decide" {
            continue;
        }
        let at = help.find(&folded(&model));
        assert!(
            at.is_some_and(|a| a > screening_at),
            "the screening set's {stage} model is not in the help: {model}"
        );
    }
}
