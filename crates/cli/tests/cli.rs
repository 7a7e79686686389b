//! The `iadsim` binary end to end: shipped scenarios run and write whole outputs, the same
//! seed gives the same bytes, bad input exits with status 2 and a located message.

use std::path::{Path, PathBuf};
use std::process::Command;

fn iadsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iadsim"))
}

/// Runs `iadsim ARGS`, asserting that it succeeds (its stderr is shown if not).
fn succeed(args: &[&str]) -> std::process::Output {
    let res = iadsim().args(args).output().unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    res
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn regiment_scenario_runs_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/regiment_defense.yaml");
    let mut outputs = Vec::new();
    for run in ["a", "b"] {
        let out = dir.path().join(run);
        succeed(&[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        let events = std::fs::read(out.join("events.jsonl")).unwrap();
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        // Nothing but the two outputs and their marker is left (no temporary files).
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
        outputs.push((events, summary));
    }
    assert_eq!(
        outputs[0].0, outputs[1].0,
        "events.jsonl differs between runs"
    );
    let summary = &outputs[0].1;
    let all = summary["threats"].as_array().unwrap().last().unwrap();
    // The shipped raid: 24 cruise missiles, 8 fighters, 4 ballistic missiles.
    assert_eq!(all["count"], 36);
    let lines = String::from_utf8(outputs[0].0.clone()).unwrap();
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(first["event"], "scenario_start");
    let last: serde_json::Value = serde_json::from_str(lines.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "scenario_end");

    // Another seed gives another history.
    let out = dir.path().join("c");
    let res = iadsim()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--seed",
            "99",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(res.status.success());
    assert!(res.stdout.is_empty(), "--quiet prints nothing");
    assert_ne!(
        std::fs::read(out.join("events.jsonl")).unwrap(),
        outputs[0].0
    );
}

#[test]
fn every_shipped_scenario_validates() {
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let res = iadsim().arg("validate").arg(&path).output().unwrap();
            assert!(
                res.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&res.stderr)
            );
        }
    }
}

#[test]
fn bad_input_exits_2_with_a_located_message_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, b"\x00\xff\xfe garbage \x01").unwrap();
    let out = dir.path().join("out");
    let res = iadsim()
        .args(["run", bad.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains("bad.yaml"), "{err}");
    assert!(!out.join("events.jsonl").exists());

    let missing = iadsim()
        .args(["validate", "/no/such/file.yaml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/file.yaml"));
}

#[test]
fn catalog_lists_sources_and_tags() {
    let res = iadsim().arg("catalog").output().unwrap();
    assert!(res.status.success());
    let text = String::from_utf8(res.stdout).unwrap();
    for name in [
        "40N6E", "48N6E3", "48N6E2", "9M96E2", "9M96E", "91N6E", "92N6E", "55K6E",
    ] {
        assert!(text.contains(name), "catalog lacks {name}");
    }
    let res = iadsim().args(["catalog", "--json"]).output().unwrap();
    assert!(res.status.success());
    let json: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"tag\""));
    assert!(text.contains("\"source\""));
}

#[test]
fn wta_solves_the_hand_instance_to_its_known_optimum() {
    // Hand-checked instance (docs/validation.md): V = [10, 6], p = [[0.8, 0.5], [0.6, 0.7], [0.5, 0.5]], μ = 1 → 2.8.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hand.json");
    std::fs::write(
        &file,
        r#"{"values": [10, 6], "pk": [[0.8, 0.5], [0.6, 0.7], [0.5, 0.5]], "shots": [1, 1, 1]}"#,
    )
    .unwrap();
    let res = succeed(&["wta", file.to_str().unwrap(), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    assert!((json["objective"].as_f64().unwrap() - 2.8).abs() < 1e-12);
    assert_eq!(
        json["assignment"],
        serde_json::json!([[0, 0], [1, 1], [2, 0]])
    );
    assert!(json["seconds"].as_f64().unwrap() >= 0.0);

    std::fs::write(&file, "3 2 1\n10\n").unwrap();
    let res = iadsim()
        .args(["wta", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("line"));
}

#[test]
fn track_follows_two_straight_targets_without_reading_truth_ids() {
    // Two targets 20 km apart, flying straight and level at 200 m/s, seen every second
    // by a noise-free radar at the origin (peerbench-1 format); truth_id column garbled
    // on purpose: the tracker must not read it.
    let dir = tempfile::tempdir().unwrap();
    let scans = 30;
    std::fs::write(
        dir.path().join("scenario.json"),
        format!(
            r#"{{"format": "peerbench-1", "dim": 3, "n_targets": 2, "n_scans": {scans}, "dt": 1.0,
"radar_position": [0, 0, 0], "pd": 1.0, "clutter_per_scan": 0,
"clutter_region": {{"range": [2000, 100000], "bearing": [-3.14159, 3.14159], "elevation": [0, 0.785]}},
"sigma_range": 20.0, "sigma_bearing": 0.0035, "sigma_elevation": 0.0035,
"process_noise_q": 1.0, "seed": 0, "generator_args": {{}}}}"#
        ),
    )
    .unwrap();
    let mut det = String::from("scan,time,det_id,range,bearing,elevation,truth_id\n");
    let mut truth = String::from("scan,time,target_id,x,y,z,vx,vy,vz\n");
    let mut id = 0;
    for k in 0..scans {
        let t = k as f64;
        for (target, (x0, y0)) in [(30_000.0, 0.0), (30_000.0, 20_000.0)].iter().enumerate() {
            let (x, y, z) = (x0 + 200.0 * t, *y0, 5_000.0);
            let r = (x * x + y * y + z * z).sqrt();
            det += &format!(
                "{k},{t},{id},{r},{},{},{}\n",
                f64::atan2(y, x),
                (z / r).asin(),
                7 - target
            );
            truth += &format!("{k},{t},{target},{x},{y},{z},200,0,0\n");
            id += 1;
        }
    }
    std::fs::write(dir.path().join("detections.csv"), det).unwrap();
    std::fs::write(dir.path().join("truth.csv"), truth).unwrap();
    let res = iadsim()
        .arg("track")
        .arg(dir.path())
        .arg("--truth")
        .arg(dir.path().join("truth.csv"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    assert_eq!(json["track_ids"], 2);
    assert_eq!(json["false_per_scan"], 0.0);
    // OSPA (c = 1 km) is c for the scans before confirmation, then metres: the mean over
    // 30 scans stays well under c.
    let ospa = json["ospa_mean"].as_f64().unwrap();
    assert!(ospa < 150.0, "OSPA {ospa}");
    assert!(dir.path().join("tracks_iadsim.csv").exists());

    // A broken detection file is an error with its line.
    std::fs::write(
        dir.path().join("detections.csv"),
        "scan,time,det_id,range,bearing,elevation,truth_id\n0,0,0,abc,0,0,0\n",
    )
    .unwrap();
    let res = iadsim().arg("track").arg(dir.path()).output().unwrap();
    assert_eq!(res.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&res.stderr).contains("detections.csv:2"));
}

#[test]
fn coverage_writes_maps_and_reports_the_horizon_for_a_sea_skimmer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cov");
    let scenario = repo().join("scenarios/regiment_defense.yaml");
    let res = succeed(&[
        "coverage",
        scenario.to_str().unwrap(),
        "--altitude",
        "50m",
        "--rcs",
        "0.1",
        "--grid",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = String::from_utf8(res.stdout).unwrap();
    // 4/3-Earth horizon over the scenario's smooth surface, its lowest ground in play (the
    // cruise missiles' 300 m launch ground), of a target 50 m above it from the north
    // 91N6E, 360 m site + 8 m mast = 68 m above it: 4.12·(√68 + √50) = 63.1 km (63.2 over
    // the Gaussian mean radius at 48°N the tool uses).
    assert!(text.contains("63.2"), "{text}");
    for f in [
        "coverage.geojson",
        "coverage_map.png",
        "coverage_map.svg",
        "coverage_summary.json",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let geo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("coverage.geojson")).unwrap()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(!geo["features"].as_array().unwrap().is_empty());

    let res = iadsim()
        .args(["coverage", scenario.to_str().unwrap(), "--altitude", "high"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
}

#[test]
fn run_writes_the_replay_exports_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/single_cruise_missile.yaml");
    let out = dir.path().join("out");
    let acmi = dir.path().join("elsewhere/cm.acmi");
    let res = succeed(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--replay",
        "--acmi",
        acmi.to_str().unwrap(),
        "--replay-interval",
        "2",
    ]);
    // --acmi moves that one file; the other three go to OUT with their default names.
    let names = file_names(&out);
    assert_eq!(
        names,
        [
            "events.jsonl",
            "replay.czml",
            "replay.geojson",
            "replay.kml",
            "run.complete.json",
            "summary.json"
        ]
    );
    let text = std::fs::read_to_string(&acmi).unwrap();
    assert!(text.starts_with("FileType=text/acmi/tacview\nFileVersion=2.2\n"));
    // 2 s samples: frames at even seconds, plus the launch, kill and end times.
    let whole: Vec<f64> = text
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|t| t.parse::<f64>().unwrap())
        .filter(|t| *t == t.round() && *t > 0.0)
        .collect();
    let odd = whole.iter().filter(|t| *t % 2.0 != 0.0).count();
    // At most the appearance, two launches, the kill and two ends fall on odd seconds.
    // The frames run to the kill at ~479 s (the engagement radar on its 24 m mast faces
    // the missile and sees it at its horizon; before issue 16 the kill came at ~528 s on
    // the acquisition radar's track): ~239 whole-second frames.
    assert!(
        whole.len() - odd > 200 && odd <= 6,
        "{odd} odd of {}",
        whole.len()
    );
    let stdout = String::from_utf8_lossy(&res.stdout);
    assert!(stdout.contains("replay → ") && stdout.contains("cm.acmi"));

    // A bad interval: exit 2, a message naming the flag, no output written.
    let bad = dir.path().join("bad");
    let res = iadsim()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--out",
            bad.to_str().unwrap(),
            "--replay",
            "--replay-interval",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("--replay-interval must be a positive number of seconds, got 0"),
        "{err}"
    );
    assert!(!bad.exists());
}

#[test]
fn envelope_writes_table_and_pictures_and_refuses_unknown_missiles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("env");
    succeed(&["envelope", "9M96E", "--out", out.to_str().unwrap()]);
    let names = file_names(&out);
    // The four outputs and their marker, nothing else (no temporary files left).
    assert_eq!(
        names,
        [
            "envelope_9M96E.complete.json",
            "envelope_9M96E.csv",
            "envelope_9M96E.json",
            "envelope_9M96E.png",
            "envelope_9M96E.svg"
        ]
    );
    // The table flown now is the one shipped with the engine, byte for byte.
    let csv = std::fs::read_to_string(out.join("envelope_9M96E.csv")).unwrap();
    let shipped = std::fs::read_to_string(repo().join("crates/sim/envelopes/9M96E.csv")).unwrap();
    assert_eq!(csv, shipped);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("envelope_9M96E.json")).unwrap()).unwrap();
    assert_eq!(json["missile"], "9M96E");
    let reachable = json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["reachable"] == true)
        .count();
    let csv_reachable = csv
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("1"))
        .count();
    assert_eq!(reachable, csv_reachable);
    assert!(!json["zone_vs_aircraft"].as_array().unwrap().is_empty());
    let svg = std::fs::read_to_string(out.join("envelope_9M96E.svg")).unwrap();
    assert!(svg.contains("ground range, km") && svg.contains("target height, km"));
    let png = std::fs::read(out.join("envelope_9M96E.png")).unwrap();
    assert_eq!(&png[1..4], b"PNG");

    // An unknown type: exit 2, the valid names listed, nothing written.
    let bad = dir.path().join("bad");
    let res = iadsim()
        .args(["envelope", "48N6E4", "--out", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains(
            "unknown missile type \"48N6E4\"; known: 40N6E, 48N6E3, 48N6E2, 9M96E2, 9M96E"
        ),
        "{err}"
    );
    assert!(!bad.exists());
}

#[test]
fn single_ballistic_missile_is_killed_as_often_as_the_damage_function_says() {
    // One ~400 km ballistic missile from the west against a battalion of 48N6E3 whose
    // engagement radar faces the threat axis (`threat_axis_deg: 270`): the radar, cued
    // by the acquisition radar's track, takes it into a channel in time to engage it in
    // every replication (≥ 39 of 40 asserted). The homing misses by metres against a
    // 20 m lethal radius, so each round kills with about P_k0 = 0.8 (Gaussian damage
    // function: 0.8·exp(−d²/2R²) ≥ 0.78 for d ≤ 3 m) and the salvo with
    // 1 − 0.2² = 0.96; over all 40 replications the kills are then at least the 99.5 %
    // one-sided binomial lower bound for 40 salvos at 0.96 (35).
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/single_ballistic.yaml");
    let out = dir.path().join("mc");
    succeed(&[
        "mc",
        scenario.to_str().unwrap(),
        "--runs",
        "40",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    let table = std::fs::read_to_string(out.join("mc.csv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (killed, fired) = (col("killed_ballistic_missile"), col("fired_48n6e3"));
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 40);
    let engaged: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[fired].parse::<u32>().unwrap() > 0)
        .collect();
    let n = engaged.len() as u64;
    assert!(n >= 39, "only {n} of 40 replications engaged");
    let kills: u64 = rows.iter().map(|r| r[killed].parse::<u64>().unwrap()).sum();
    let bound = binomial_lower_bound(40, 0.96, 0.005);
    assert_eq!(bound, 35);
    assert!(kills >= bound, "{kills} of 40 killed (bound {bound})");
    // Shoot-look-shoot fires again only after a miss: one or two salvos of two each.
    for r in &engaged {
        let rounds: u32 = r[fired].parse().unwrap();
        assert!(rounds == 2 || rounds == 4, "{rounds} rounds");
    }
}

/// The largest k with P(X < k) ≤ alpha for X ~ Binomial(n, p).
fn binomial_lower_bound(n: u64, p: f64, alpha: f64) -> u64 {
    let pmf = |k: u64| {
        let ln_choose = (1..=k)
            .map(|i| ((n - k + i) as f64 / i as f64).ln())
            .sum::<f64>();
        (ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp()
    };
    let mut below = 0.0;
    for k in 0..=n {
        if below + pmf(k) > alpha {
            return k;
        }
        below += pmf(k);
    }
    n
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// `--events summary` keeps exactly the full log's events less the detail kinds
/// (`detection`, `track_report`, `threat_ranking`); `--events none` writes no event log
/// and removes an earlier run's from OUT; summary.json is the same bytes at every level,
/// for both model sets.
#[test]
fn event_levels_keep_what_they_say_and_change_no_result() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/regiment_defense.yaml");
    let scenario = scenario.to_str().unwrap();
    let detail = ["detection", "track_report", "threat_ranking"];
    for fidelity in ["screening", "full"] {
        let out = |level: &str| dir.path().join(format!("{fidelity}-{level}"));
        for level in ["full", "summary"] {
            let o = out(level);
            let o = o.to_str().unwrap();
            succeed(&[
                "run",
                scenario,
                "--fidelity",
                fidelity,
                "--events",
                level,
                "--out",
                o,
                "-q",
            ]);
        }
        // `none` into the folder of the full run: its events.jsonl must go.
        let full_events = std::fs::read_to_string(out("full").join("events.jsonl")).unwrap();
        let full_summary = std::fs::read(out("full").join("summary.json")).unwrap();
        let none = dir.path().join(format!("{fidelity}-none"));
        std::fs::create_dir_all(&none).unwrap();
        let o = none.to_str().unwrap();
        succeed(&["run", scenario, "--fidelity", fidelity, "--out", o, "-q"]);
        assert!(none.join("events.jsonl").exists());
        let res = succeed(&[
            "run",
            scenario,
            "--fidelity",
            fidelity,
            "--events",
            "none",
            "--out",
            o,
        ]);
        assert!(
            !none.join("events.jsonl").exists(),
            "an earlier run's event log is left"
        );
        assert!(String::from_utf8_lossy(&res.stdout).contains("no event log (--events none)"));

        let kept: Vec<&str> = full_events
            .lines()
            .filter(|l| {
                let e: serde_json::Value = serde_json::from_str(l).unwrap();
                !detail.contains(&e["event"].as_str().unwrap())
            })
            .collect();
        let summary_events = std::fs::read_to_string(out("summary").join("events.jsonl")).unwrap();
        let summary_lines: Vec<&str> = summary_events.lines().collect();
        assert!(
            kept.len() < full_events.lines().count() / 4,
            "{fidelity}: detail is most of the log"
        );
        assert_eq!(
            summary_lines, kept,
            "{fidelity}: summary level is not the full log less detail"
        );
        for level in ["summary", "none"] {
            let dir = if level == "none" {
                none.clone()
            } else {
                out(level)
            };
            assert_eq!(
                std::fs::read(dir.join("summary.json")).unwrap(),
                full_summary,
                "{fidelity}: summary.json differs at --events {level}"
            );
        }
    }
}

/// `iadsim replay` re-runs a run logged at `--events summary` and checks it at that level
/// (the log has no detail event, so the re-run's detail is not compared), then sends it.
/// `iadsim replay OUT --scenario SCENARIO` sent to a socket of the test's own (nothing
/// reads it; UDP drops the PDUs); what it printed.
fn replay_to_a_local_socket(out: &str, scenario: &str) -> String {
    let sink = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let target = sink.local_addr().unwrap().to_string();
    let res = succeed(&["replay", out, "--scenario", scenario, "--dis", &target]);
    String::from_utf8_lossy(&res.stdout).into_owned()
}

/// `--events-format jsonl.zst`: the plain log's very bytes, compressed; `replay` and `view`
/// read it; a later run into the same folder in the other format leaves only its own log.
#[test]
fn a_compressed_event_log_holds_the_plain_logs_bytes() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/single_cruise_missile.yaml");
    let scenario = scenario.to_str().unwrap();
    let (plain, packed) = (dir.path().join("plain"), dir.path().join("packed"));
    let (plain, packed) = (plain.to_str().unwrap(), packed.to_str().unwrap());
    succeed(&["run", scenario, "--out", plain, "-q"]);
    succeed(&[
        "run",
        scenario,
        "--out",
        packed,
        "-q",
        "--events-format",
        "jsonl.zst",
    ]);
    let text = std::fs::read(Path::new(plain).join("events.jsonl")).unwrap();
    let zst = Path::new(packed).join("events.jsonl.zst");
    let mut unpacked = Vec::new();
    iadsim_io::event_log::open(&zst)
        .unwrap()
        .read_to_end(&mut unpacked)
        .unwrap();
    assert!(text.len() > 100_000 && unpacked == text);
    let size = std::fs::metadata(&zst).unwrap().len() as usize;
    assert!(size * 3 < text.len(), "{size} of {}", text.len());
    assert!(!Path::new(packed).join("events.jsonl").exists());
    assert!(replay_to_a_local_socket(packed, scenario).contains("PDUs"));
    let html = dir.path().join("run.html");
    succeed(&["view", packed, "--export", html.to_str().unwrap()]);
    assert!(std::fs::metadata(&html).unwrap().len() > 10_000);
    // the same folder, plain again: the compressed log was the previous run's, and goes
    succeed(&["run", scenario, "--out", packed, "-q"]);
    assert!(!zst.exists());
    assert_eq!(
        std::fs::read(Path::new(packed).join("events.jsonl")).unwrap(),
        text
    );
}

#[test]
fn replay_checks_a_summary_log_at_its_own_level() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo().join("scenarios/single_cruise_missile.yaml");
    let scenario = scenario.to_str().unwrap();
    let out = dir.path().join("run");
    let out = out.to_str().unwrap();
    succeed(&["run", scenario, "--events", "summary", "--out", out, "-q"]);
    let log = std::fs::read_to_string(Path::new(out).join("events.jsonl")).unwrap();
    assert!(log.contains("\"event\":\"launch\"") && !log.contains("\"event\":\"detection\""));
    let said = replay_to_a_local_socket(out, scenario);
    assert!(said.contains("PDUs"), "{said}");
}
