//! Every subcommand driven with random, boundary and special values (issue 23): whatever
//! the arguments, `iadsim` exits 0, 1 or 2 — never a panic (101), an abort (134) or
//! another signal — within a time budget (120 s a call: a hang detector) and a memory budget (address space
//! capped at 6 GiB with `prlimit` where it exists).
//!
//! The value pools mix valid values with zero, negatives, NaN, infinities, 1e±300, 2^53+1,
//! 2^63, 2^64 and beyond, empty strings, garbage, device nodes and folders. Valid values
//! are kept small where they set the amount of work (replications, grid points), so that a
//! legitimate run fits the budget.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_iadsim")
}

/// Fixed inputs, made once: scenarios, instances, a peerbench folder, two study shards.
struct Fixtures {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

fn fixtures() -> &'static Fixtures {
    static F: OnceLock<Fixtures> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        std::fs::copy(
            repo.join("scenarios/single_cruise_missile.yaml"),
            root.join("cm.yaml"),
        )
        .unwrap();
        std::fs::write(root.join("empty"), "").unwrap();
        std::fs::write(root.join("garbage"), "\u{0}\u{1}{[: - ]]\n\t!!\n").unwrap();
        std::fs::write(root.join("i.txt"), "2 2 3\n10\n6\n0 0 0.8\n0 1 0.5\n1 0 0.6\n1 1 0.7\n")
            .unwrap();
        std::fs::write(
            root.join("i.json"),
            r#"{"values": [10, 6], "pk": [[0.8, 0.5], [0.6, 0.7]], "shots": [1, 2]}"#,
        )
        .unwrap();
        std::fs::write(root.join("big.txt"), "1 2 4194304\n1\n2\n0 0 0.5\n0 1 0.25\n").unwrap();
        let pb = root.join("pb");
        std::fs::create_dir(&pb).unwrap();
        std::fs::write(
            pb.join("scenario.json"),
            r#"{"format": "peerbench-1", "dim": 3, "n_scans": 3, "dt": 1.0,
                "radar_position": [0, 0, 0], "pd": 0.9, "clutter_per_scan": 0.0,
                "clutter_region": {"range": [0, 1], "bearing": [0, 1], "elevation": [0, 1]},
                "sigma_range": 10, "sigma_bearing": 0.001, "sigma_elevation": 0.001,
                "process_noise_q": 1}"#,
        )
        .unwrap();
        std::fs::write(
            pb.join("detections.csv"),
            "scan,time,range,bearing,elevation\n0,0,1000,0.1,0.1\n1,1,1010,0.1,0.1\n2,2,1020,0.1,0.1\n",
        )
        .unwrap();
        std::fs::write(pb.join("truth.csv"), "scan,target_id,x,y,z\n0,0,1,2,3\n").unwrap();
        for i in 0..2 {
            let st = Command::new(bin())
                .args(["mc", root.join("cm.yaml").to_str().unwrap(), "--runs", "2"])
                .args(["--fidelity", "screening", "-q", "--shard", &format!("{i}/2")])
                .arg("--out")
                .arg(root.join(format!("shard{i}")))
                .status()
                .unwrap();
            assert!(st.success());
        }
        Fixtures { _dir: dir, root }
    })
}

/// A token: a literal, or a path under the fixtures or the case's output folder.
#[derive(Debug, Clone)]
enum Tok {
    Lit(&'static str),
    Fix(&'static str),
    Out(&'static str),
}

fn lits(v: &'static [&'static str]) -> BoxedStrategy<Tok> {
    proptest::sample::select(v).prop_map(Tok::Lit).boxed()
}

fn fix(v: &'static [&'static str]) -> BoxedStrategy<Tok> {
    proptest::sample::select(v).prop_map(Tok::Fix).boxed()
}

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "0.5",
    "1e-3",
    "1e-300",
    "1e300",
    "-1e300",
    "NaN",
    "inf",
    "-inf",
    "9007199254740993",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "",
    "abc",
    "1e",
    "0x10",
    " 3",
];
const COUNTS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "1025",
    "9007199254740993",
    "18446744073709551615",
    "18446744073709551616",
    "",
    "abc",
    "1.5",
];
const SCENARIOS: &[&str] = &[
    "cm.yaml",
    "missing.yaml",
    "empty",
    "garbage",
    "/dev/null",
    ".",
];

/// Flags of a subcommand with the strategy of their value (`None`: a switch).
type Flags = Vec<(&'static str, Option<BoxedStrategy<Tok>>)>;

fn outputs() -> BoxedStrategy<Tok> {
    prop_oneof![
        4 => Just(Tok::Out("o")),
        1 => Just(Tok::Fix("shard0")),
        1 => Just(Tok::Lit("/dev/null")),
        1 => Just(Tok::Fix("cm.yaml")),
    ]
    .boxed()
}

fn models() -> Flags {
    vec![
        ("--fidelity", Some(lits(&["screening", "full", "bogus"]))),
        ("--battle-manager", Some(lits(&["wta", "nearest", "x"]))),
        ("--radar-model", Some(lits(&["fixed-pd", "physics", ""]))),
        ("--tracker", Some(lits(&["nearest-neighbour", "imm-gnn"]))),
        (
            "--interceptor-model",
            Some(lits(&["lead-collision", "flyout"])),
        ),
    ]
}

/// Flags of `iadsim run`, with the model flags.
fn run_flags() -> Flags {
    let mut run_flags = vec![
        ("--seed", Some(lits(COUNTS))),
        ("--replication", Some(lits(COUNTS))),
        ("--replay-interval", Some(lits(NUMBERS))),
        ("--replay", None),
        ("--quiet", None),
        ("--log-false-alarms", None),
        (
            "--events",
            Some(lits(&["full", "summary", "none", "everything"])),
        ),
        (
            "--events-format",
            Some(lits(&["jsonl", "jsonl.zst", "zst"])),
        ),
        (
            "--acmi",
            Some(prop_oneof![Just(Tok::Out("x.zip.acmi")), Just(Tok::Lit("/dev/null"))].boxed()),
        ),
        (
            "--geojson",
            Some(prop_oneof![Just(Tok::Out("g.geojson")), Just(Tok::Fix("pb"))].boxed()),
        ),
        ("--out", Some(outputs())),
    ];
    run_flags.extend(models());
    run_flags
}

/// Flags of `iadsim mc`, with the model flags.
fn mc_flags() -> Flags {
    let mut mc_flags = vec![
        (
            "--runs",
            Some(lits(&[
                "0",
                "1",
                "2",
                "-1",
                "9007199254740993",
                "18446744073709551615",
                "x",
            ])),
        ),
        ("--threads", Some(lits(COUNTS))),
        ("--seed", Some(lits(COUNTS))),
        (
            "--shard",
            Some(lits(&[
                "0/2",
                "1/2",
                "2/2",
                "0/0",
                "1/18446744073709551615",
                "0/10001",
                "a/b",
                "3",
            ])),
        ),
        (
            "--set",
            Some(lits(&[
                "seed=5",
                "duration_s=1e300",
                "time_step_s=1e-300",
                "threats.cruise_missiles[0].count=2",
                "threats.cruise_missiles[99].count=1",
                "nothing",
                "=",
                "doctrine.x=1",
                "seed=[1,2]",
            ])),
        ),
        (
            "--sweep",
            Some(lits(&[
                "seed=0:1:1e-300",
                "seed=1,2",
                "seed=0:2:1",
                "x=1:2:0",
                "seed=2:1:1",
                "seed=",
                "=1",
                "threats.cruise_missiles[0].count=1:2:1",
                "seed=0:1e300:1",
            ])),
        ),
        ("--quiet", None),
        ("--out", Some(outputs())),
    ];
    mc_flags.extend(models());
    mc_flags
}

/// Flags of `iadsim coverage`.
fn coverage_flags() -> Flags {
    vec![
        (
            "--altitude",
            Some(lits(&[
                "50m", "1.5km", "0", "100km", "100001", "-1", "1e300", "NaN", "km", "",
            ])),
        ),
        ("--rcs", Some(lits(NUMBERS))),
        (
            "--threat",
            Some(lits(&["subsonic_cruise_missile", "nope", ""])),
        ),
        (
            "--grid",
            Some(lits(&[
                "2",
                "20",
                "0",
                "1",
                "2001",
                "-5",
                "18446744073709551616",
                "x",
            ])),
        ),
        (
            "--dwell",
            Some(lits(&[
                "1",
                "3",
                "0",
                "1001",
                "4294967295",
                "4294967296",
                "-1",
            ])),
        ),
        ("--dem", Some(fix(&["pb", "missing", "/dev/null"]))),
        ("--out", Some(outputs())),
    ]
}

/// Flags of `iadsim track`.
fn track_flags() -> Flags {
    vec![
        (
            "--out",
            Some(
                prop_oneof![
                    Just(Tok::Out("t.csv")),
                    Just(Tok::Fix("pb")),
                    Just(Tok::Lit("/dev/null"))
                ]
                .boxed(),
            ),
        ),
        ("--filter", Some(lits(&["ekf", "ukf", "imm", "x"]))),
        ("--associator", Some(lits(&["gnn", "jpda", "x"]))),
        (
            "--truth",
            Some(fix(&["pb/truth.csv", "garbage", "missing"])),
        ),
        ("--cutoff", Some(lits(NUMBERS))),
        ("--json", None),
    ]
}

/// Flags of `iadsim wta`.
fn wta_flags() -> Flags {
    vec![
        (
            "--time-limit",
            Some(lits(&[
                "0", "0.05", "0.2", "1e20", "1.8e19", "-1", "NaN", "inf", "1e-300",
            ])),
        ),
        (
            "--method",
            Some(lits(&["auto", "exact", "heuristic", "greedy", "x"])),
        ),
        (
            "--iterations",
            Some(lits(&["0", "1", "10", "18446744073709551615", "-1"])),
        ),
        ("--seed", Some(lits(COUNTS))),
        ("--json", None),
    ]
}

/// (subcommand, positional strategies, flags).
fn commands() -> Vec<(&'static str, Vec<BoxedStrategy<Tok>>, Flags)> {
    vec![
        ("run", vec![fix(SCENARIOS)], run_flags()),
        ("mc", vec![fix(SCENARIOS)], mc_flags()),
        (
            "merge",
            vec![fix(&[
                "shard0",
                "shard1",
                "shard1",
                "pb",
                "missing",
                "/dev/null",
            ])],
            vec![
                ("", Some(fix(&["shard0", "shard1", "cm.yaml"]))),
                ("--out", Some(outputs())),
                ("--quiet", None),
            ],
        ),
        (
            "validate",
            vec![fix(SCENARIOS)],
            vec![("", Some(fix(SCENARIOS)))],
        ),
        ("catalog", vec![], vec![("--json", None)]),
        ("schema", vec![], vec![]),
        ("coverage", vec![fix(SCENARIOS)], coverage_flags()),
        (
            "envelope",
            vec![lits(&["nope", "", "9M96E2"])],
            vec![("--out", Some(outputs()))],
        ),
        (
            "track",
            vec![fix(&["pb", "missing", "/dev/null", "."])],
            track_flags(),
        ),
        (
            "wta",
            vec![fix(&[
                "i.txt",
                "i.json",
                "big.txt",
                "garbage",
                "empty",
                "missing",
                "/dev/null",
            ])],
            wta_flags(),
        ),
    ]
}

/// Flags a command needs to do more than print its usage: present nearly always.
const REQUIRED: &[&str] = &["--out", "--runs"];

/// A whole command line: a subcommand, its positionals and a random subset of its flags.
fn command_line() -> impl Strategy<Value = Vec<Tok>> {
    (0..commands().len()).prop_flat_map(move |i| {
        let (name, positionals, flags) = commands().swap_remove(i);
        let flag_strats: Vec<BoxedStrategy<Vec<Tok>>> = flags
            .into_iter()
            .map(|(flag, value)| {
                let required = REQUIRED.contains(&flag) && name != "run";
                let present = proptest::bool::weighted(if required { 0.95 } else { 0.4 });
                match value {
                    None => present
                        .prop_map(move |p| if p { vec![Tok::Lit(flag)] } else { vec![] })
                        .boxed(),
                    Some(v) => (present, v)
                        .prop_map(move |(p, v)| match (p, flag.is_empty()) {
                            (false, _) => vec![],
                            (true, true) => vec![v],
                            (true, false) => vec![Tok::Lit(flag), v],
                        })
                        .boxed(),
                }
            })
            .collect();
        (positionals, flag_strats).prop_map(move |(pos, flags)| {
            let mut v = vec![Tok::Lit(name)];
            v.extend(pos);
            v.extend(flags.into_iter().flatten());
            v
        })
    })
}

fn resolve(t: &Tok, out: &Path) -> String {
    match t {
        Tok::Lit(s) => s.to_string(),
        Tok::Fix(s) if s.starts_with('/') => s.to_string(),
        Tok::Fix(s) => fixtures().root.join(s).to_string_lossy().into_owned(),
        Tok::Out(s) => out.join(s).to_string_lossy().into_owned(),
    }
}

/// Longest a command may run before it counts as hung.
const BUDGET: Duration = Duration::from_secs(120);

/// Runs the command under the budgets; returns its exit code (`None`: killed by a
/// signal or over time).
fn execute(args: &[String], cwd: &Path) -> (Option<i32>, Duration, String) {
    let prlimit = Path::new("/usr/bin/prlimit").exists();
    let mut cmd = if prlimit {
        let mut c = Command::new("/usr/bin/prlimit");
        c.arg("--as=6442450944").arg("--").arg(bin());
        c
    } else {
        Command::new(bin())
    };
    let mut child = cmd
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            let text = reader.join().unwrap_or_default();
            return (st.code(), started.elapsed(), text);
        }
        // A hang detector, not a speed goal: the largest accepted WTA instance (big.txt,
        // 4,194,304 shots) takes ~25 s in a debug build on an idle 2-core machine, and a
        // CI machine may be busy.
        if started.elapsed() > BUDGET {
            let _ = child.kill();
            let _ = child.wait();
            return (
                None,
                started.elapsed(),
                format!("over the {BUDGET:?} budget"),
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

proptest! {
    // A fixed seed: the same 192 command lines on every run, so CI is not a lottery.
    // (Random draws once picked `wta big.txt --time-limit 0`, which ran for over 15 min;
    // no limit now needs --iterations, see hardening.rs.)
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20261208),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_subcommand_exits_0_1_or_2(line in command_line()) {
        let out = tempfile::tempdir().unwrap();
        let args: Vec<String> = line.iter().map(|t| resolve(t, out.path())).collect();
        let (code, took, err) = execute(&args, out.path());
        prop_assert!(
            matches!(code, Some(0..=2)),
            "iadsim {:?} → {:?} after {:?}\n{}",
            args, code, took, err.chars().take(2000).collect::<String>()
        );
        prop_assert!(!err.contains("panicked"), "{}", err);
    }
}
