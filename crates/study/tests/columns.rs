//! Each row of a study is its replication's engine summary: the interceptor columns of
//! the shipped regiment (fired per type, the total, and the command post's self-destruct
//! orders) equal what `iadsim_sim::run` reports for the same replication.

use std::path::Path;

use iadsim_sim::events::NullSink;
use iadsim_study::{Shard, StudyConfig, files, run_study};

#[test]
fn interceptor_columns_are_the_engine_summary_of_each_replication() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    let setup = iadsim_scenario::load_path(&path)
        .unwrap_or_else(|d| panic!("{d}"))
        .setup;
    let dir = tempfile::tempdir().unwrap();
    let config = StudyConfig {
        runs: 2,
        threads: 2,
        shard: Shard::WHOLE,
        options: Default::default(),
        progress: false,
        cancel: None,
    };
    run_study(&setup, &config, dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join(files::TABLE_CSV)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let mut ordered = 0;
    for (r, line) in lines.enumerate() {
        let row: Vec<&str> = line.split(',').collect();
        let cell = |name: &str| row[col(name)].parse::<u32>().unwrap();
        let s = iadsim_sim::run(&setup, r as u64, &mut NullSink).unwrap();
        let fired: u32 = s.interceptors.iter().map(|i| i.fired).sum();
        let destroyed: u32 = s.interceptors.iter().map(|i| i.self_destructs).sum();
        assert_eq!(cell("fired_total"), fired, "replication {r}");
        assert_eq!(cell("self_destructs_total"), destroyed, "replication {r}");
        for i in &s.interceptors {
            let stem = i.missile.to_ascii_lowercase();
            assert_eq!(cell(&format!("fired_{stem}")), i.fired, "replication {r}");
        }
        ordered += destroyed;
    }
    // The shipped raid makes the command post order self-destructs (six in replication 0).
    assert!(ordered > 0);
}
