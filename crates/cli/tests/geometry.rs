//! The geometry a newcomer's own scenario meets (issue 17), end to end through the
//! binary: a battalion on a coastal rise defending a port near the antimeridian.
//!
//! - `iadsim run` and `iadsim coverage` agree on the range at which a raised coastal
//!   site first sees a 30 m sea-skimmer: the 4/3-Earth horizon of its antenna's height
//!   above the sea.

use std::path::Path;
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

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The coastal port: a battalion on a 40 m rise 2 km east of a port at 10°S 179.6°E,
/// four sea-skimmers at 30 m coming in from 178.9°W (across the antimeridian). Nothing
/// is loaded but one round, so the missiles fly in front of the radars.
const COASTAL: &str = r#"
name: coastal port
seed: 17
duration_s: 1000
assets:
  - name: port
    position: {lat_deg: -10.0, lon_deg: 179.6, alt_m: 0}
    radius_m: 1500
regiment:
  battalions:
    - name: rise
      position: {from: port, east_km: 2, alt_m: 40}
      launchers:
        - count: 1
          loadout: [{missile: 9M96E2, count: 1}]
threats:
  cruise_missiles:
    - name: skimmers
      type: subsonic_cruise_missile
      count: 4
      interval_s: 20
      launch: {lat_deg: -10.0, lon_deg: -178.9, alt_m: 0}
      target: port
      altitude_agl_m: 30
      rcs_m2: 0.1
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn run_and_coverage_agree_on_where_a_raised_coastal_site_first_sees_a_sea_skimmer() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = write(dir.path(), "coastal.yaml", COASTAL);
    let run = dir.path().join("run");
    let cov = dir.path().join("cov");
    succeed(&["run", &scenario, "--quiet", "--out", run.to_str().unwrap()]);
    succeed(&[
        "coverage",
        &scenario,
        "--altitude",
        "30",
        "--rcs",
        "0.1",
        "--grid",
        "100",
        "--out",
        cov.to_str().unwrap(),
    ]);
    let coverage = json(&cov.join("coverage_summary.json"));
    // The farthest any radar sees the 30 m target (ground range along its diagram
    // azimuth; the smooth horizon is the same in every direction).
    let reach = coverage["radars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ranges_m"]["along_50"].as_f64().unwrap())
        .fold(0.0, f64::max);
    // The engagement radar, 40 m + a 24 m mast above the sea: 4/3-Earth horizon
    // √(2kR·64) + √(2kR·30) ≈ 55.6 km.
    assert!((reach - 55_600.0).abs() < 600.0, "coverage reach {reach}");
    let summary = json(&run.join("summary.json"));
    for o in summary["threat_outcomes"].as_array().unwrap() {
        let first = o["first_detection_range"]
            .as_f64()
            .expect("every sea-skimmer is detected");
        // Within one scan of the 92N6E (1 s, 245 m of flight) and its range noise.
        assert!(
            first <= reach + 300.0 && first >= reach - 245.0 - 500.0,
            "{}: first seen at {first} m, coverage says {reach} m",
            o["name"]
        );
    }
}
