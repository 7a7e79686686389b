//! Fault injection (issue 23): `run`, `run --replay` and `mc` re-run into a folder that
//! holds a complete earlier result, killed (SIGKILL, through `strace -e inject`) at their
//! 1st, 2nd, … `rename` and, separately, at every `unlink`, until a run gets through. After
//! every kill the folder must never hold files of both runs, and never carry a completion
//! marker unless every file it lists is the new run's, whole.
//!
//! Needs `strace` (Debian package `strace`); without it the test says so and passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use iadsim_io::commit::{MARKER_SUFFIX, PARTIAL_PREFIX, read_marker, verify};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_iadsim")
}

fn scenario(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

/// The files of a folder (not the marker, not temporary files), name → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(MARKER_SUFFIX) || name.starts_with(PARTIAL_PREFIX) {
            continue;
        }
        out.insert(name, std::fs::read(e.path()).unwrap());
    }
    out
}

fn run(args: &[String], out: &Path) -> std::process::ExitStatus {
    Command::new(bin())
        .args(args)
        .arg("--out")
        .arg(out)
        .status()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// One command, re-run at seed 2 over its seed-1 result and killed at each `syscall` in
/// turn. Returns how many kills were checked.
fn kill_at_every(syscall: &str, set: &str, args: &[&str], work: &Path) -> usize {
    let with_seed = |seed: &str| -> Vec<String> {
        let mut v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        v.extend(["--seed".into(), seed.into()]);
        v
    };
    let (old_dir, new_dir) = (work.join("old"), work.join("new"));
    assert!(run(&with_seed("1"), &old_dir).success());
    assert!(run(&with_seed("2"), &new_dir).success());
    let (old, new) = (files(&old_dir), files(&new_dir));
    // Files that differ between the two runs tell them apart.
    let telling: Vec<&String> = new
        .keys()
        .chain(old.keys())
        .filter(|k| old.get(*k) != new.get(*k))
        .collect();
    assert!(!telling.is_empty(), "{args:?}: the two runs must differ");
    let dir: PathBuf = work.join("target");
    for n in 1.. {
        copy_dir(&old_dir, &dir);
        verify(&dir, set).unwrap();
        let status = Command::new("strace")
            .args(["-f", "-qq", "-o", "/dev/null", "-e"])
            .arg(format!("inject={syscall}:signal=SIGKILL:when={n}"))
            .arg(bin())
            .args(with_seed("2"))
            .arg("--out")
            .arg(&dir)
            .status()
            .unwrap();
        let now = files(&dir);
        let from_old = telling
            .iter()
            .filter(|k| now.get(**k).is_some_and(|b| old.get(**k) == Some(b)));
        let from_new = telling
            .iter()
            .filter(|k| now.get(**k).is_some_and(|b| new.get(**k) == Some(b)));
        let (from_old, from_new): (Vec<_>, Vec<_>) = (from_old.collect(), from_new.collect());
        let ctx = format!("{args:?} killed at {syscall} #{n}: old {from_old:?}, new {from_new:?}");
        // Every file is whole: one run's or the other's, byte for byte.
        for (k, b) in &now {
            assert!(
                old.get(k) == Some(b) || new.get(k) == Some(b),
                "{ctx}: {k} is neither run's"
            );
        }
        assert!(
            from_old.is_empty() || from_new.is_empty(),
            "{ctx}: a mix of two runs"
        );
        match read_marker(&dir, set) {
            // A marker: the complete new set, or the untouched old one.
            Ok(_) => {
                let listed = verify(&dir, set).unwrap_or_else(|e| panic!("{ctx}: {e}"));
                let names: Vec<&str> = listed.files.iter().map(|f| f.path.as_str()).collect();
                let complete_new = now == new && names.len() == new.len();
                let untouched_old = now == old && names.len() == old.len();
                assert!(
                    complete_new || untouched_old,
                    "{ctx}: marker over {names:?}"
                );
            }
            Err(_) => assert!(!status.success(), "{ctx}: a finished run left no marker"),
        }
        if status.success() {
            assert_eq!(now, new, "{ctx}");
            return n;
        }
        assert!(n < 200, "{ctx}: never finished");
    }
    unreachable!()
}

#[test]
fn killed_at_every_rename_and_unlink_no_folder_mixes_two_runs() {
    if Command::new("strace").arg("-V").output().is_err() {
        eprintln!(
            "SKIPPED: strace is not installed (Debian: apt-get install -y strace); \
             the fault-injection test did not run"
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let cm = scenario("single_cruise_missile.yaml");
    let cases: [(&str, Vec<&str>); 3] = [
        ("run", vec!["run", &cm, "--quiet"]),
        ("run", vec!["run", &cm, "--quiet", "--replay"]),
        (
            "mc",
            vec!["mc", &cm, "--runs", "3", "--fidelity", "screening", "-q"],
        ),
    ];
    for (i, (set, args)) in cases.iter().enumerate() {
        for syscall in ["rename", "unlink"] {
            let w = work.path().join(format!("{i}-{syscall}"));
            let kills = kill_at_every(syscall, set, args, &w);
            eprintln!(
                "{args:?}: checked after each of {} {syscall} calls",
                kills - 1
            );
            if syscall == "rename" {
                // Every file of the set and its marker are renamed into place.
                assert!(kills > files(&w.join("new")).len(), "{args:?}: {kills}");
            }
        }
    }
}
