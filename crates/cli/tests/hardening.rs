//! Issue 23's crashes, hang and unsafe outputs, and issue 17's defects 5 and 6, end to
//! end: each test failed on the build the issue was filed against (a panic, an abort, a
//! hang, a replaced device node, a mixed or 0600 output) and names the finding it covers.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use iadsim_io::commit::{OutputSet, verify};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_iadsim")
}

fn iadsim(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Names in `dir` starting with the temporary prefix.
fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".iadsim-partial-") || n.ends_with(".partial"))
                .collect()
        })
        .unwrap_or_default()
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_path_buf()
}

// ─────────────────────────────── crashes ───────────────────────────────

/// Crash 1: `wta --time-limit 1e20` (or 1.8e19) panicked converting seconds to a duration.
#[test]
fn wta_time_limit_beyond_the_bound_is_refused_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir.path().join("i.txt"), "1 1 1\n1\n0 0 0.5\n");
    for limit in ["1e20", "1.8e19", "-1", "NaN", "inf"] {
        let o = iadsim(&["wta", s(&f), &format!("--time-limit={limit}")]);
        assert_eq!(code(&o), Some(2), "{limit}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("between 0 (no limit) and 1000000"),
            "{}",
            stderr(&o)
        );
    }
}

/// The hang: `--method exact --time-limit 0` never ended on a 40 × 40 instance.
#[test]
fn wta_exact_without_a_time_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir.path().join("i.txt"), "1 1 1\n1\n0 0 0.5\n");
    let o = iadsim(&["wta", s(&f), "--method", "exact", "--time-limit", "0"]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("needs a time limit"), "{}", stderr(&o));
}

/// One weapon with the most shots the text format allows (4,194,304) and three targets.
const ONE_WEAPON_EVERY_SHOT: &str = "1 3 4194304\n5\n3\n1\n0 0 0.5\n0 1 0.6\n0 2 0.1\n";

/// The hang: `wta --time-limit 0` on one weapon with 4,194,304 shots ran for over 15 min
/// (the local search's only stop was its stall rule, 2 × shots rounds). No limit now needs
/// `--iterations` (or `--method greedy`); with it the run is bounded and reproducible.
#[test]
fn wta_without_a_time_limit_needs_an_iteration_cap() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(&dir.path().join("big.txt"), ONE_WEAPON_EVERY_SHOT);
    for method in ["auto", "heuristic"] {
        let o = iadsim(&["wta", s(&big), "--method", method, "--time-limit", "0"]);
        assert_eq!(code(&o), Some(2), "{method}: {}", stderr(&o));
        assert!(stderr(&o).contains("needs --iterations"), "{}", stderr(&o));
    }
    // Bounded: the same answer twice (p = 0.5, 0.6 and 0.1 on values 5, 3, 1 with two
    // rounds of weapon 0: the best pair covers targets 0 and 1, 5·0.5 + 3·0.4 + 1 = 4.7).
    let small = write(
        &dir.path().join("small.txt"),
        "1 3 2\n5\n3\n1\n0 0 0.5\n0 1 0.6\n0 2 0.1\n",
    );
    let args = [
        "wta",
        s(&small),
        "--time-limit",
        "0",
        "--iterations",
        "50",
        "--json",
    ];
    let (a, b) = (iadsim(&args), iadsim(&args));
    assert_eq!(code(&a), Some(0), "{}", stderr(&a));
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(
        (v["objective"].as_f64().unwrap() - 4.7).abs() < 1e-12,
        "{v}"
    );
    let strip = |o: &std::process::Output| {
        let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["seconds"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&a), strip(&b));
    let o = iadsim(&["wta", s(&big), "--method", "greedy", "--time-limit", "0"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
}

/// The hang: one weapon with 100,000 shots took 88 s under `--time-limit 1` (the greedy
/// start ran before any deadline check); the format allows 4,194,304.
#[test]
fn wta_one_weapon_with_every_shot_returns_at_its_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(&dir.path().join("i.txt"), ONE_WEAPON_EVERY_SHOT);
    let started = Instant::now();
    let o = iadsim(&["wta", s(&f), "--time-limit", "1", "--json"]);
    let took = started.elapsed();
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    // Debug build and a shared machine: the deadline, plus reading and printing 4 M shots.
    assert!(took < Duration::from_secs(6), "{took:?}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["objective"].is_number(), "{}", v["objective"]);
}

/// `"objective": null` with `proven_optimal: true` when the values overflow.
#[test]
fn wta_values_that_overflow_are_refused_not_reported_as_null() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        &dir.path().join("i.json"),
        r#"{"values": [1e308, 1e308], "pk": [[0.5, 0.5]], "shots": [1]}"#,
    );
    let o = iadsim(&["wta", s(&f), "--json"]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("add up to more than"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

/// Crash 2: `coverage --rcs 1e300` panicked with an index out of bounds in the Pd table.
#[test]
fn coverage_rcs_and_grid_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario("single_cruise_missile.yaml");
    let out = dir.path().join("cov");
    let o = iadsim(&["coverage", &sc, "--rcs", "1e300", "--out", s(&out)]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("between 0.000001 and 1000000"),
        "{}",
        stderr(&o)
    );
    // The 300-digit decimal of the old message is gone.
    assert!(stderr(&o).len() < 200, "{}", stderr(&o));
    let o = iadsim(&["coverage", &sc, "--grid", "4000", "--out", s(&out)]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("between 2 and 2000"));
    let o = iadsim(&["coverage", &sc, "--dwell", "4294967295", "--out", s(&out)]);
    assert_eq!(code(&o), Some(2));
    assert!(!out.exists());
}

/// Two shard folders of a small study.
fn shards(dir: &Path) -> (PathBuf, PathBuf) {
    let sc = scenario("single_cruise_missile.yaml");
    let d0 = dir.join("s0");
    let d1 = dir.join("s1");
    for (d, i) in [(&d0, "0/2"), (&d1, "1/2")] {
        let o = iadsim(&[
            "mc",
            &sc,
            "--runs",
            "3",
            "--fidelity",
            "screening",
            "--threads",
            "1",
            "-q",
            "--shard",
            i,
            "--out",
            s(d),
        ]);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    }
    (d0, d1)
}

/// Rewrites `dir`'s manifest with `edit` and commits the folder again (so the marker
/// lists the edited file: only the manifest's content is wrong).
fn edit_manifest(dir: &Path, edit: impl Fn(&str) -> String) {
    let mut set = OutputSet::begin(dir, "mc").unwrap();
    for name in ["mc.csv", "mc.parquet", "summary.json", "manifest.json"] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            continue;
        };
        let bytes = if name == "manifest.json" {
            edit(&String::from_utf8(bytes).unwrap()).into_bytes()
        } else {
            bytes
        };
        set.write_in(name, &bytes).unwrap();
    }
    set.commit().unwrap();
}

/// Crash 4: a manifest saying `"shard": {"index": 5, "count": 3}` (or count 0, or 1e18)
/// panicked with an index out of bounds: manifest fields were trusted.
#[test]
fn merge_refuses_manifests_with_impossible_shards() {
    for (shard, what) in [
        (r#"{"index": 5, "count": 2}"#, "is not i/n"),
        (r#"{"index": 0, "count": 0}"#, "is not i/n"),
        (
            r#"{"index": 1, "count": 1000000000000000000}"#,
            "is not i/n",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (d0, d1) = shards(dir.path());
        edit_manifest(&d1, |m| {
            let mut v: serde_json::Value = serde_json::from_str(m).unwrap();
            v["shard"] = serde_json::from_str(shard).unwrap();
            serde_json::to_string_pretty(&v).unwrap()
        });
        let out = dir.path().join("merged");
        let o = iadsim(&["merge", s(&d0), s(&d1), "--out", s(&out)]);
        assert_eq!(code(&o), Some(2), "{shard}: {}", stderr(&o));
        assert!(stderr(&o).contains(what), "{shard}: {}", stderr(&o));
        assert!(!out.join("mc.csv").exists());
    }
}

/// `merge --out` could be one of its inputs, overwriting that shard; an unfinished shard
/// (no marker) was taken for a complete one.
#[test]
fn merge_never_writes_into_an_input_and_reads_only_complete_shards() {
    let dir = tempfile::tempdir().unwrap();
    let (d0, d1) = shards(dir.path());
    let before = std::fs::read(d1.join("mc.csv")).unwrap();
    let o = iadsim(&["merge", s(&d0), s(&d1), "--out", s(&d1)]);
    assert_eq!(code(&o), Some(2));
    assert!(
        stderr(&o).contains("never into its inputs"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(d1.join("mc.csv")).unwrap(), before);
    verify(&d1, "mc").unwrap();
    // The same folder by another name.
    let o = iadsim(&[
        "merge",
        s(&d0),
        s(&d1),
        "--out",
        &format!("{}/../s1", s(&d0)),
    ]);
    assert_eq!(code(&o), Some(2));
    // A shard without its marker (interrupted) is refused, naming the marker.
    std::fs::remove_file(d1.join("mc.complete.json")).unwrap();
    let o = iadsim(&["merge", s(&d0), s(&d1), "--out", s(&dir.path().join("m"))]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("mc.complete.json"), "{}", stderr(&o));
}

/// `mc --sweep 'seed=0:1:1e-300'` exited 0 with an empty sweep.csv: the point count
/// overflowed to 0.
#[test]
fn a_sweep_too_fine_to_count_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sw");
    let o = iadsim(&[
        "mc",
        &scenario("single_cruise_missile.yaml"),
        "--runs",
        "2",
        "--sweep",
        "seed=0:1:1e-300",
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), Some(2));
    assert!(stderr(&o).contains("at most 10000"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// Crash 7: a warning written to a closed pipe (`2>&1 | head -n 3`) panicked (EPIPE) and
/// nothing was written. Terminal write errors are output failures (exit 1); the files are
/// still written and committed.
#[test]
fn closed_terminal_pipes_are_output_failures_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    // An error message to a closed stderr: exit 2 as the error says, no panic.
    let mut child = Command::new(bin())
        .args(["wta", s(&dir.path().join("missing.txt"))])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));

    // A run whose scenario warns (no threats), both pipes closed before it starts.
    let text = std::fs::read_to_string(scenario("single_cruise_missile.yaml")).unwrap();
    let cut = text.find("threats:").unwrap();
    let sc = write(
        &dir.path().join("quiet.yaml"),
        &format!("{}threats: {{}}\n", &text[..cut]),
    );
    let warns = iadsim(&["validate", s(&sc)]);
    assert!(stderr(&warns).contains("warning"), "{}", stderr(&warns));
    let out = dir.path().join("run");
    let mut child = Command::new(bin())
        .args(["run", s(&sc), "--out", s(&out)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    verify(&out, "run").unwrap();
}

/// Readers of a run folder (`replay`, `view --export`) refuse one without its completion
/// marker (interrupted, or still being written) with exit 2, and write nothing.
#[test]
fn readers_refuse_an_incomplete_run_folder() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(scenario("single_cruise_missile.yaml")).unwrap();
    let cut = text.find("threats:").unwrap();
    let sc = write(
        &dir.path().join("quiet.yaml"),
        &format!("{}threats: {{}}\n", &text[..cut]),
    );
    let out = dir.path().join("run");
    let ran = iadsim(&["run", s(&sc), "--out", s(&out), "--quiet"]);
    assert_eq!(code(&ran), Some(0), "{}", stderr(&ran));
    let html = dir.path().join("v.html");
    let viewed = iadsim(&["view", s(&out), "--export", s(&html)]);
    assert_eq!(code(&viewed), Some(0), "{}", stderr(&viewed));
    std::fs::remove_file(&html).unwrap();
    std::fs::remove_file(out.join("run.complete.json")).unwrap();
    let viewed = iadsim(&["view", s(&out), "--export", s(&html)]);
    assert_eq!(code(&viewed), Some(2), "{}", stderr(&viewed));
    assert!(
        stderr(&viewed).contains("no run.complete.json"),
        "{}",
        stderr(&viewed)
    );
    assert!(!html.exists() && partials(dir.path()).is_empty());
    let replayed = iadsim(&[
        "replay",
        s(&out),
        "--scenario",
        s(&sc),
        "--dis",
        "127.0.0.1:9",
    ]);
    assert_eq!(code(&replayed), Some(2), "{}", stderr(&replayed));
    assert!(
        stderr(&replayed).contains("no run.complete.json"),
        "{}",
        stderr(&replayed)
    );
}

/// `track --out DIR` (a folder) left `DIR.csv.partial` and exited 2, not the documented 1.
#[test]
fn track_output_failures_exit_1_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("scenario.json"),
        r#"{"format": "peerbench-1", "dim": 3, "n_scans": 2, "dt": 1.0,
            "radar_position": [0, 0, 0], "pd": 0.9, "clutter_per_scan": 0.0,
            "clutter_region": {"range": [0, 1], "bearing": [0, 1], "elevation": [0, 1]},
            "sigma_range": 10, "sigma_bearing": 0.001, "sigma_elevation": 0.001,
            "process_noise_q": 1}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("detections.csv"),
        "scan,time,range,bearing,elevation\n0,0,1000,0.1,0.1\n1,1,1010,0.1,0.1\n",
    )
    .unwrap();
    let target = d.join("tracks");
    std::fs::create_dir(&target).unwrap();
    let o = iadsim(&["track", s(d), "--out", s(&target)]);
    assert_eq!(code(&o), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("folder"), "{}", stderr(&o));
    assert!(partials(d).is_empty(), "{:?}", partials(d));
    assert!(!d.join("tracks.csv.partial").exists());
    // Crash 3 through the command line: a huge scan count is input (2), not an abort.
    let sc = std::fs::read_to_string(d.join("scenario.json")).unwrap();
    std::fs::write(
        d.join("scenario.json"),
        sc.replace("\"n_scans\": 2", "\"n_scans\": 9223372036854775808"),
    )
    .unwrap();
    let o = iadsim(&["track", s(d)]);
    assert_eq!(code(&o), Some(2), "{}", stderr(&o));
}

/// An export path that is a device node, FIFO or symlink was replaced by a regular file
/// (as root, `--acmi /dev/null` would replace the system's /dev/null).
#[test]
fn device_nodes_fifos_and_symlinks_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sc = scenario("single_cruise_missile.yaml");
    let fifo = d.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let real = write(&d.join("real.kml"), "keep");
    let link = d.join("link.kml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for (flag, target) in [
        ("--acmi", Path::new("/dev/null")),
        ("--czml", fifo.as_path()),
        ("--kml", link.as_path()),
    ] {
        let out = d.join(format!("out{}", &flag[2..]));
        let o = iadsim(&["run", &sc, "--quiet", "--out", s(&out), flag, s(target)]);
        assert_eq!(code(&o), Some(1), "{flag}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("replaces only regular files"),
            "{}",
            stderr(&o)
        );
        // Refused before the run: nothing of it is there, and no marker.
        assert!(verify(&out, "run").is_err());
    }
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "keep");
}

/// Issue 17, defect 6: outputs were 0600 whatever the umask (the envelope PNG 0644).
#[test]
fn outputs_honour_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sc = scenario("single_cruise_missile.yaml");
    let run = |umask: &str, args: &str| {
        let st = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"{}\" {args} >/dev/null",
                bin()
            ))
            .status()
            .unwrap();
        assert!(st.success(), "{args}");
    };
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let o = d.join(umask);
        run(
            umask,
            &format!("run {sc} --quiet --replay --out {}/run", s(&o)),
        );
        run(
            umask,
            &format!(
                "mc {sc} --runs 2 --fidelity screening -q --out {}/mc",
                s(&o)
            ),
        );
        run(
            umask,
            &format!("coverage {sc} --grid 20 --out {}/cov", s(&o)),
        );
        run(umask, &format!("envelope 9M96E --out {}/env", s(&o)));
        let mut seen = 0;
        for sub in ["run", "mc", "cov", "env"] {
            for e in std::fs::read_dir(o.join(sub)).unwrap() {
                let e = e.unwrap();
                let m = e.metadata().unwrap().permissions().mode() & 0o777;
                assert_eq!(m, mode, "{:?} under umask {umask}: {m:o}", e.path());
                seen += 1;
            }
        }
        assert!(seen >= 20, "{seen} files");
    }
}

fn signal(pid: u32, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
}

/// Waits until `dir` holds a temporary file (the run is writing), at most 60 s.
fn wait_for_partial(dir: &Path) {
    let started = Instant::now();
    while partials(dir).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no output started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Issue 17, defect 5: Ctrl-C during `mc` left `.iadsim-partial-XXXXXX` files. SIGINT and
/// SIGTERM now delete them, stop the study between replications (exit 130 / 143) and
/// commit nothing; a run killed outright (SIGKILL) leaves them, and the next run into
/// the folder deletes them.
#[test]
fn interrupted_runs_leave_no_partial_files_and_nothing_complete() {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario("regiment_defense.yaml");
    for (sig, status) in [("-INT", 130), ("-TERM", 143)] {
        let out = dir.path().join(format!("mc{sig}"));
        let mut child = Command::new(bin())
            .args([
                "mc",
                &sc,
                "--runs",
                "100000",
                "--threads",
                "1",
                "-q",
                "--out",
                s(&out),
            ])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_partial(&out);
        signal(child.id(), sig);
        let st = child.wait().unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(st.code(), Some(status), "{sig}: {err}");
        assert!(partials(&out).is_empty(), "{sig}: {:?}", partials(&out));
        assert!(!out.join("mc.csv").exists() && verify(&out, "mc").is_err());
    }
    // SIGKILL cannot be caught: the temporary files stay, and the next run removes them.
    let out = dir.path().join("killed");
    let mut child = Command::new(bin())
        .args(["run", &sc, "--quiet", "--out", s(&out)])
        .spawn()
        .unwrap();
    wait_for_partial(&out);
    signal(child.id(), "-KILL");
    child.wait().unwrap();
    assert!(!partials(&out).is_empty());
    assert!(verify(&out, "run").is_err());
    let o = iadsim(&[
        "run",
        &scenario("single_cruise_missile.yaml"),
        "-q",
        "--out",
        s(&out),
    ]);
    assert_eq!(code(&o), Some(0));
    assert!(partials(&out).is_empty(), "{:?}", partials(&out));
    verify(&out, "run").unwrap();
}
