//! Fuzz the `track` command's `peerbench-1` reader: the input is split at the first NUL
//! byte into `scenario.json` and `detections.csv`; both must parse or give a located error,
//! never a panic or an allocation sized by a claimed count (`n_scans`).
#![no_main]

use std::path::Path;

use iadsim_track::peerbench::{Scenario, parse_detections};
use libfuzzer_sys::fuzz_target;

/// A small valid scenario for inputs without a NUL (then all bytes are detections).
const SCENARIO: &str = r#"{"format": "peerbench-1", "dim": 3, "n_scans": 4, "dt": 1.0,
 "radar_position": [0, 0, 0], "pd": 0.9, "clutter_per_scan": 1.0,
 "clutter_region": {"range": [0, 1000], "bearing": [0, 1], "elevation": [0, 1]},
 "sigma_range": 10, "sigma_bearing": 0.001, "sigma_elevation": 0.001,
 "process_noise_q": 1}"#;

fuzz_target!(|data: &[u8]| {
    let (scenario, detections) = match data.iter().position(|&b| b == 0) {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => (SCENARIO.to_string(), data),
    };
    let Ok(sc) = Scenario::parse(&scenario) else {
        return;
    };
    if let Ok(d) = parse_detections(Path::new("detections.csv"), detections, &sc) {
        assert_eq!(d.scans.len(), sc.n_scans);
        assert!(d.count <= detections.len());
    }
});
