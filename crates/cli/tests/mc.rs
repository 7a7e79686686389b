//! `iadsim mc` and `iadsim merge` end to end: the same bytes whatever the thread count,
//! shards merged equal one run byte for byte, mismatched shards refused, a replication of
//! the study equals `iadsim run` of that replication, bad overrides explained.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iadsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iadsim"))
        .args(args)
        .output()
        .unwrap()
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "status {:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

fn mc(out: &Path, extra: &[&str]) {
    let sc = scenario("single_cruise_missile.yaml");
    let mut args = vec![
        "mc",
        &sc,
        "--runs",
        "12",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    ok(&iadsim(&args));
}

const FILES: [&str; 4] = ["mc.csv", "mc.parquet", "summary.json", "manifest.json"];

fn same_files(a: &Path, b: &Path, files: &[&str]) {
    for f in files {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn thread_count_does_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("t1"), dir.path().join("t2"));
    mc(&one, &["--threads", "1"]);
    mc(&two, &["--threads", "2"]);
    same_files(&one, &two, &FILES);
    let csv = std::fs::read_to_string(one.join("mc.csv")).unwrap();
    // Header plus one row per replication, in replication order.
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 13);
    for (r, line) in lines[1..].iter().enumerate() {
        assert!(line.starts_with(&format!("{r},")), "{line}");
    }
    // Nothing but the outputs and their marker (no temporary files left).
    assert_eq!(std::fs::read_dir(&one).unwrap().count(), 5);
    // Parquet magic at both ends.
    let pq = std::fs::read(one.join("mc.parquet")).unwrap();
    assert_eq!(&pq[..4], b"PAR1");
    assert_eq!(&pq[pq.len() - 4..], b"PAR1");
}

#[test]
fn merged_shards_equal_one_run_and_mismatches_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    mc(&d("whole"), &["--threads", "2"]);
    for i in 0..3 {
        mc(
            &d(&format!("s{i}")),
            &["--threads", "1", "--shard", &format!("{i}/3")],
        );
    }
    let s = |n: &str| d(n).to_str().unwrap().to_string();
    // Any order of the shard folders.
    ok(&iadsim(&[
        "merge",
        &s("s2"),
        &s("s0"),
        &s("s1"),
        "-q",
        "--out",
        &s("merged"),
    ]));
    same_files(&d("whole"), &d("merged"), &FILES);
    // A shard has exactly its replications: r % 3 == 1.
    let s1 = std::fs::read_to_string(d("s1").join("mc.csv")).unwrap();
    let reps: Vec<&str> = s1
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(reps, ["1", "4", "7", "10"]);

    // A shard of another seed is refused, naming what differs.
    mc(
        &d("other"),
        &["--threads", "1", "--shard", "1/3", "--seed", "99"],
    );
    let o = iadsim(&["merge", &s("s0"), &s("other"), &s("s2"), "--out", &s("bad")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("scenario hash differs"), "{err}");
    assert!(!d("bad").join("mc.csv").exists());
    // A missing shard, a doubled shard, a folder that is not a study.
    let o = iadsim(&["merge", &s("s0"), &s("s2"), "--out", &s("bad")]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing shard 1/3"));
    let o = iadsim(&["merge", &s("s0"), &s("s0"), &s("s2"), "--out", &s("bad")]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("are both shard 0/3"));
    let o = iadsim(&["merge", dir.path().to_str().unwrap(), "--out", &s("bad")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no mc.complete.json"), "{err}");
}

#[test]
fn a_study_row_equals_the_run_of_that_replication() {
    // `iadsim run --replication r` (events written) and row r of the study (events
    // discarded, parallel) are computed independently from (seed, r).
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("mc");
    mc(&study, &["--threads", "2"]);
    let csv = std::fs::read_to_string(study.join("mc.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let sc = scenario("single_cruise_missile.yaml");
    for r in [0usize, 7] {
        let out = dir.path().join(format!("run{r}"));
        let rs = r.to_string();
        ok(&iadsim(&[
            "run",
            &sc,
            "--replication",
            &rs,
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]));
        let s: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        let row: Vec<&str> = csv.lines().nth(r + 1).unwrap().split(',').collect();
        let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
        let cm = s["threats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["class"] == "cruise_missile")
            .unwrap();
        assert_eq!(cell("killed_cruise_missile"), cm["killed"].to_string());
        assert_eq!(cell("leaked_cruise_missile"), cm["leaked"].to_string());
        assert_eq!(cell("any_asset_hit"), s["any_asset_hit"].to_string());
        assert_eq!(
            cell("fired_48n6e3"),
            s["interceptors"][0]["fired"].to_string()
        );
        let t: f64 = cell("first_detection_s_cruise_missile").parse().unwrap();
        // Both files hold the same shortest round-trip digits; serde_json's default
        // number parser (without `float_roundtrip`) may land one ulp off them.
        let json = s["threat_outcomes"][0]["first_detection"].as_f64().unwrap();
        assert!(
            (t - json).abs() <= 4.0 * f64::EPSILON * t.abs(),
            "{t} vs {json}"
        );
        let ospa: f64 = cell("ospa_mean_m").parse().unwrap();
        // serde_json's default float parser may land one ulp off the written value (it
        // lacks the `float_roundtrip` feature).
        let json = s["tracks"]["ospa_mean_m"].as_f64().unwrap();
        assert!(
            (ospa - json).abs() <= 4.0 * f64::EPSILON * ospa.abs(),
            "{ospa} vs {json}"
        );
        // Conservation: one threat, so kills + leaks + still flying = 1, and every leak
        // of a threat aimed at the airfield is a hit on it.
        let (k, l): (u32, u32) = (
            cell("killed_total").parse().unwrap(),
            cell("leaked_total").parse().unwrap(),
        );
        assert!(k + l <= 1);
        assert_eq!(cell("hits_airfield"), l.to_string());
    }
}

#[test]
fn overrides_apply_before_validation_and_bad_paths_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    // Three cruise missiles instead of one: kills + leaks + fired reflect it.
    mc(
        &out,
        &[
            "--set",
            "threats.cruise_missiles[0].count=3",
            "--threads",
            "2",
        ],
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mean = |name: &str| {
        summary["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["mean"]
            .as_f64()
            .unwrap()
    };
    assert!(
        mean("killed_total") + mean("leaked_total") > 1.5,
        "{summary}"
    );
    let sc = scenario("single_cruise_missile.yaml");
    let o = out.to_str().unwrap();
    let e = iadsim(&[
        "mc",
        &sc,
        "--runs",
        "2",
        "--set",
        "threats.cruise_missile[0].count=3",
        "--out",
        o,
    ]);
    assert_eq!(e.status.code(), Some(2));
    let err = String::from_utf8_lossy(&e.stderr);
    assert!(
        err.contains("no key `cruise_missile` at `threats`; keys there: cruise_missiles"),
        "{err}"
    );
    let e = iadsim(&[
        "mc",
        &sc,
        "--runs",
        "2",
        "--set",
        "threats.cruise_missiles[4].count=3",
        "--out",
        o,
    ]);
    assert!(String::from_utf8_lossy(&e.stderr).contains("has 1 item (valid: 0 to 0)"));
    // A value of the wrong kind goes through the normal validation.
    let e = iadsim(&[
        "mc",
        &sc,
        "--runs",
        "2",
        "--set",
        "threats.cruise_missiles[0].count=-4",
        "--out",
        o,
    ]);
    assert_eq!(e.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&e.stderr).contains("threats.cruise_missiles[0].count"));
    let e = iadsim(&["mc", &sc, "--runs", "2", "--shard", "3/3", "--out", o]);
    assert!(String::from_utf8_lossy(&e.stderr).contains("0 <= i < n"));
}

#[test]
fn sweep_writes_table_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sw");
    let sc = scenario("single_cruise_missile.yaml");
    ok(&iadsim(&[
        "mc",
        &sc,
        "--runs",
        "4",
        "-q",
        "--sweep",
        "threats.cruise_missiles[0].count=1:3:2",
        "--out",
        out.to_str().unwrap(),
    ]));
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "value,measure,mean,lo,hi");
    assert_eq!(lines.len(), 1 + 2 * 4, "{csv}");
    assert!(lines[1].starts_with("1,leaked_total,"));
    assert!(lines[5].starts_with("3,leaked_total,"));
    let png = std::fs::read(out.join("sweep.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");
    let svg = std::fs::read_to_string(out.join("sweep.svg")).unwrap();
    assert!(svg.contains("95 % confidence band") && svg.contains("leakers per raid"));
    let _ = PathBuf::new();
}

#[test]
fn cost_columns_equal_the_run_summary_cost_block() {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("mc");
    let sc = scenario("cost_exchange.yaml");
    ok(&iadsim(&[
        "mc",
        &sc,
        "--runs",
        "2",
        "-q",
        "--out",
        study.to_str().unwrap(),
    ]));
    let csv = std::fs::read_to_string(study.join("mc.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv.lines().nth(2).unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    let out = dir.path().join("run1");
    let o = iadsim(&[
        "run",
        &sc,
        "--replication",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("cost exchange (MUSD;"), "{table}");
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    for name in [
        "interceptor_cost",
        "threat_value_destroyed",
        "threat_value_leaked",
        "asset_value_lost",
        "exchange_ratio",
    ] {
        let v = s["cost"][name].as_f64().unwrap();
        assert_eq!(cell(name).parse::<f64>().unwrap(), v, "{name}");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(study.join("manifest.json")).unwrap()).unwrap();
    let unit = manifest["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "interceptor_cost")
        .unwrap()["unit"]
        .clone();
    assert_eq!(unit, "MUSD");
}

#[test]
fn screening_fidelity_is_the_three_first_models_and_a_stage_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n);
    let first = [
        "--radar-model",
        "fixed-pd",
        "--tracker",
        "nearest-neighbour",
        "--interceptor-model",
        "lead-collision",
    ];
    mc(&d("preset"), &["--fidelity", "screening"]);
    mc(&d("flags"), &first);
    same_files(&d("preset"), &d("flags"), &FILES);
    // The full set is the default, and it differs from the screening set.
    mc(&d("full"), &["--fidelity", "full"]);
    mc(&d("default"), &[]);
    same_files(&d("full"), &d("default"), &FILES);
    let csv = |n: &str| std::fs::read(d(n).join("mc.csv")).unwrap();
    assert_ne!(csv("full"), csv("preset"));
    // One stage flag wins over the preset; the manifest records what ran.
    mc(
        &d("mixed"),
        &["--fidelity", "screening", "--tracker", "imm-gnn"],
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d("mixed").join("manifest.json")).unwrap()).unwrap();
    let options = &manifest["engine_options"];
    assert_eq!(
        [
            &options["radar_model"],
            &options["tracker"],
            &options["interceptor_model"]
        ],
        ["fixed-pd", "imm-gnn", "lead-collision"],
        "{manifest}"
    );
}
