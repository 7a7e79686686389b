//! A study stopped through `StudyConfig::cancel` ends with `StudyError::Cancelled` and
//! leaves no table presented as complete; one cancelled from another thread mid-way stops
//! long before its replications are done.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iadsim_sim::{EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind};
use iadsim_study::{Shard, StudyConfig, StudyError, files, run_study};

fn screening_config(runs: u64, cancel: Arc<AtomicBool>) -> StudyConfig {
    StudyConfig {
        runs,
        threads: 2,
        shard: Shard::WHOLE,
        options: EngineOptions {
            radar_model: RadarModelKind::FixedPd,
            tracker: TrackerKind::NearestNeighbour,
            interceptor_model: InterceptorModelKind::LeadCollision,
            ..EngineOptions::default()
        },
        progress: false,
        cancel: Some(cancel),
    }
}

fn regiment() -> iadsim_sim::Setup {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/regiment_defense.yaml");
    iadsim_scenario::load_path(&path)
        .unwrap_or_else(|d| panic!("{d}"))
        .setup
}

#[test]
fn a_cancelled_study_writes_no_table() {
    let setup = regiment();
    let dir = tempfile::tempdir().unwrap();
    let cancel = Arc::new(AtomicBool::new(true));
    let err = run_study(&setup, &screening_config(4, cancel), dir.path()).unwrap_err();
    assert!(matches!(err, StudyError::Cancelled), "{err}");
    for f in [files::TABLE_CSV, files::SUMMARY, files::MANIFEST] {
        assert!(!dir.path().join(f).exists(), "{f} was left behind");
    }
}

#[test]
fn cancelling_from_another_thread_stops_the_study_early() {
    let setup = regiment();
    let dir = tempfile::tempdir().unwrap();
    let cancel = Arc::new(AtomicBool::new(false));
    // 100,000 screening replications take ~15 min on 2 cores; cancelled after 0.3 s, the
    // study must end within the replications in flight.
    let config = screening_config(100_000, cancel.clone());
    let started = std::time::Instant::now();
    let result = std::thread::scope(|s| {
        let study = s.spawn(|| run_study(&setup, &config, dir.path()));
        std::thread::sleep(std::time::Duration::from_millis(300));
        cancel.store(true, Ordering::Relaxed);
        study.join().unwrap()
    });
    assert!(matches!(result, Err(StudyError::Cancelled)));
    assert!(started.elapsed().as_secs_f64() < 60.0);
    assert!(!dir.path().join(files::TABLE_CSV).exists());
}
