//! Every shipped scenario loads without problems.

use std::path::Path;

fn scenarios() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn shipped_scenarios_load() {
    let all = scenarios();
    assert!(all.len() >= 4);
    for p in all {
        match iadsim_scenario::load_path(&p) {
            Ok(l) => {
                for w in &l.warnings {
                    eprintln!("warning: {w}");
                }
            }
            Err(d) => panic!("{d}"),
        }
    }
}
