//! How the commands read scenarios and report on them: every scenario is read through the
//! loader's capped reader (devices and huge files refused without reading them whole),
//! warnings are printed by `run` and `mc` alike and by neither with `--quiet`, and the
//! study manifest records the engine options as JSON.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iadsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iadsim"))
        .args(args)
        .output()
        .unwrap()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small scenario that loads with one warning (a speed written in km/h).
fn warning_scenario(dir: &Path) -> PathBuf {
    let src = std::fs::read_to_string(repo().join("scenarios/single_cruise_missile.yaml"))
        .unwrap()
        .replace("speed_m_s: 245", "speed_m_s: 880");
    let path = dir.join("kmh.yaml");
    std::fs::write(&path, src).unwrap();
    path
}

#[test]
fn run_and_mc_print_the_warnings_and_quiet_silences_them() {
    let dir = tempfile::tempdir().unwrap();
    let s = warning_scenario(dir.path());
    let s = s.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let warned = |o: &Output| {
        assert!(o.status.success(), "{}", stderr(o));
        stderr(o).matches("warning: ").count()
    };
    let fidelity = ["--fidelity", "screening"];
    let run = iadsim(&[&["run", s, "--out", &out("r")][..], &fidelity].concat());
    assert_eq!(warned(&run), 1, "{}", stderr(&run));
    assert!(stderr(&run).contains("speed_m_s 880 is outside the typical range"));
    let run_q = iadsim(&[&["run", s, "-q", "--out", &out("rq")][..], &fidelity].concat());
    assert_eq!(warned(&run_q), 0, "{}", stderr(&run_q));
    let mc = iadsim(&[&["mc", s, "--runs", "2", "--out", &out("m")][..], &fidelity].concat());
    assert_eq!(warned(&mc), 1, "{}", stderr(&mc));
    let mc_q = iadsim(
        &[
            &["mc", s, "--runs", "2", "-q", "--out", &out("mq")][..],
            &fidelity,
        ]
        .concat(),
    );
    assert_eq!(warned(&mc_q), 0, "{}", stderr(&mc_q));
    // A sweep prints a warning once, not once per point.
    let sweep = iadsim(
        &[
            &[
                "mc",
                s,
                "--runs",
                "1",
                "--sweep",
                "seed=1,2,3",
                "--out",
                &out("s"),
            ][..],
            &fidelity,
        ]
        .concat(),
    );
    assert_eq!(warned(&sweep), 1, "{}", stderr(&sweep));
}

#[test]
fn the_manifest_records_the_engine_options_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    let s = repo().join("scenarios/single_cruise_missile.yaml");
    let o = iadsim(&[
        "mc",
        s.to_str().unwrap(),
        "--runs",
        "2",
        "-q",
        "--fidelity",
        "screening",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["engine_options"],
        serde_json::json!({
            "battle_manager": "wta",
            "radar_model": "fixed-pd",
            "tracker": "nearest-neighbour",
            "interceptor_model": "lead-collision",
            "log_false_alarms": false,
        })
    );
}

#[test]
fn a_huge_scenario_file_is_refused_without_reading_it() {
    // 100 MB of (sparse) zeros: refused by its size, before reading; the text of a file
    // read whole would have been refused for its NUL bytes instead.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let p = path.to_str().unwrap();
    let out = dir.path().join("o");
    for args in [
        vec!["validate", p],
        vec!["mc", p, "--runs", "1", "--out", out.to_str().unwrap()],
        vec!["run", p, "--out", out.to_str().unwrap()],
    ] {
        let o = iadsim(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("file too large: 104857600 bytes (the limit is 8388608 bytes)"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_device_is_read_through_the_cap() {
    // /dev/zero never ends: the reader stops one byte past the 8 MiB cap. Under a memory
    // limit and a timeout, so that an uncapped read fails the test instead of the machine.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_iadsim");
    for cmd in [
        "validate /dev/zero",
        "mc /dev/zero --runs 1 --out /nonexistent/x",
    ] {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 2000000; exec timeout 60 {bin} {cmd}"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("file too large: more than 8388608 bytes"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn coverage_suggests_the_nearest_threat_type() {
    let dir = tempfile::tempdir().unwrap();
    let s = repo().join("scenarios/single_cruise_missile.yaml");
    let o = iadsim(&[
        "coverage",
        s.to_str().unwrap(),
        "--threat",
        "subsonic_cruise_missle",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean \"subsonic_cruise_missile\"?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_shipped_track_example_runs() {
    // examples/track: 10 targets, 100 scans, Pd 0.9, 10 false alarms a scan
    // (examples/track/generate.py). The tour's command works on it, and the tracker
    // follows every target: OSPA (c = 1 km) about 0.1 of the cut-off, one id per target.
    let dir = tempfile::tempdir().unwrap();
    let ex = repo().join("examples/track");
    let tracks = dir.path().join("tracks.csv");
    let o = iadsim(&[
        "track",
        ex.to_str().unwrap(),
        "--truth",
        ex.join("truth.csv").to_str().unwrap(),
        "--out",
        tracks.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["scans"], 100);
    assert_eq!(v["detections"], 1877);
    let ospa = v["ospa_mean"].as_f64().unwrap();
    assert!(ospa > 10.0 && ospa < 200.0, "OSPA {ospa} m");
    assert_eq!(v["track_ids"], 10, "{v}");
    assert!(tracks.exists());
}
