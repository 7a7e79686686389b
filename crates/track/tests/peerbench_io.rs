//! The peerbench reader: a tiny scenario runs end to end; malformed files are rejected with
//! file and line; the `truth_id` column is never read; scoring matches hand values.

use std::f64::consts::PI;
use std::path::Path;

use iadsim_track::peerbench::{
    PeerbenchOptions, PeerbenchRun, Scenario, read_detections, run_dir as track_only, score,
    write_tracks,
};

const SCENARIO: &str = r#"{
  "format": "peerbench-1", "dim": 3, "n_targets": 1, "n_scans": 6, "dt": 1.0,
  "radar_position": [0.0, 0.0, 0.0], "pd": 0.9, "clutter_per_scan": 1.0,
  "clutter_region": {"range": [2000.0, 100000.0], "bearing": [-3.141592653589793, 3.141592653589793],
                     "elevation": [0.0, 0.7853981633974483]},
  "sigma_range": 20.0, "sigma_bearing": 0.0034906585, "sigma_elevation": 0.0034906585,
  "process_noise_q": 1.0, "seed": 1, "generator_args": {"whatever": [1, 2]}
}"#;

/// A target at (30 km E, 40 km N, 5 km up) moving +x (east) at 200 m/s, plus one far-away
/// clutter point per scan. `truth_id` is filled by `tid`.
fn detections(tid: impl Fn(usize, bool) -> String) -> String {
    let mut s = String::from("scan,time,det_id,range,bearing,elevation,truth_id\n");
    let mut id = 0;
    for k in 0..6 {
        let (x, y, z) = (30e3 + 200.0 * k as f64, 40e3, 5e3);
        let r = (x * x + y * y + z * z).sqrt();
        let b = f64::atan2(y, x);
        let e = (z / r).asin();
        s += &format!("{k},{}.0,{id},{r:.4},{b:.9},{e:.9},{}\n", k, tid(k, true));
        id += 1;
        s += &format!(
            "{k},{}.0,{id},80000.0,{:.9},0.3,{}\n",
            k,
            -2.0 + 0.5 * k as f64,
            tid(k, false)
        );
        id += 1;
    }
    s
}

/// Tracks `dir` and writes the track file where the run names it.
fn run_dir(
    dir: &Path,
    options: &PeerbenchOptions,
) -> Result<PeerbenchRun, iadsim_track::peerbench::Error> {
    let run = track_only(dir, options)?;
    write_tracks(std::fs::File::create(&run.output).unwrap(), &run.rows).unwrap();
    Ok(run)
}

fn write_dir(dir: &Path, det: &str) {
    std::fs::write(dir.join("scenario.json"), SCENARIO).unwrap();
    std::fs::write(dir.join("detections.csv"), det).unwrap();
}

fn track_file(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("tracks_iadsim.csv")).unwrap()
}

#[test]
fn runs_end_to_end_and_never_reads_truth_id() {
    let a = tempfile::tempdir().unwrap();
    write_dir(
        a.path(),
        &detections(|_, t| if t { "0".into() } else { "-1".into() }),
    );
    let run = run_dir(a.path(), &PeerbenchOptions::default()).unwrap();
    let clean = track_file(a.path());
    assert!(clean.starts_with("scan,time,track_id,x,y,z,vx,vy,vz\n"));
    assert_eq!(run.detections, 12);
    // one confirmed track from scan 1 or 2, close to the truth at the last scan
    let last = run
        .rows
        .iter()
        .rfind(|r| r.scan == 5)
        .expect("a track at the last scan");
    assert!((last.position - nalgebra::Vector3::new(31e3, 40e3, 5e3)).norm() < 300.0);
    assert!(run.rows.iter().all(|r| r.scan >= 1 && r.track_id == 0));
    assert!(run.rows.iter().any(|r| r.scan == 2));

    // garbage in truth_id: same tracks, byte for byte
    let b = tempfile::tempdir().unwrap();
    write_dir(
        b.path(),
        &detections(|k, t| format!("not-a-number-{k}-{t}")),
    );
    run_dir(b.path(), &PeerbenchOptions::default()).unwrap();
    assert_eq!(track_file(b.path()), clean);

    // truth_id swapped between target and clutter: same tracks
    let c = tempfile::tempdir().unwrap();
    write_dir(
        c.path(),
        &detections(|_, t| if t { "-1".into() } else { "0".into() }),
    );
    run_dir(c.path(), &PeerbenchOptions::default()).unwrap();
    assert_eq!(track_file(c.path()), clean);

    // no truth_id column at all, columns in another order: same tracks
    let d = tempfile::tempdir().unwrap();
    let reordered: String = detections(|_, _| String::new())
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{},{},{},{}\n", f[5], f[3], f[0], f[4], f[2], f[1])
        })
        .collect();
    write_dir(d.path(), &reordered);
    run_dir(d.path(), &PeerbenchOptions::default()).unwrap();
    assert_eq!(track_file(d.path()), clean);
}

#[test]
fn bearing_is_converted_to_azimuth_clockwise_from_north() {
    let dir = tempfile::tempdir().unwrap();
    let det = "scan,time,det_id,range,bearing,elevation,truth_id\n\
               0,0.0,0,1000.0,0.0,0.0,-1\n\
               0,0.0,1,1000.0,1.5707963267948966,0.0,-1\n\
               0,0.0,2,1000.0,-1.5707963267948966,0.1,-1\n\
               0,0.0,3,1000.0,3.0,0.0,-1\n";
    write_dir(dir.path(), det);
    let sc = Scenario::read(&dir.path().join("scenario.json")).unwrap();
    let d = read_detections(&dir.path().join("detections.csv"), &sc).unwrap();
    let az: Vec<f64> = d.scans[0].iter().map(|z| z[1]).collect();
    // east -> π/2, north -> 0, south -> π, bearing 3 rad (west-north-west) -> 2π + π/2 − 3
    let want = [PI / 2.0, 0.0, PI, 2.0 * PI + PI / 2.0 - 3.0];
    for (a, w) in az.iter().zip(want) {
        assert!((a - w).abs() < 1e-12, "{a} vs {w}");
    }
    assert_eq!(d.scans[0][2][2], 0.1);
    assert_eq!(d.count, 4);
}

fn error_of(det: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write_dir(dir.path(), det);
    let e = run_dir(dir.path(), &PeerbenchOptions::default()).unwrap_err();
    e.to_string()
}

#[test]
fn malformed_detections_are_rejected_with_line_numbers() {
    let head = "scan,time,det_id,range,bearing,elevation,truth_id\n";
    let ok = "0,0.0,0,1000.0,0.1,0.1,-1\n";
    let cases = [
        (
            format!("{head}{ok}0,0.0,1,abc,0.1,0.1,-1\n"),
            "detections.csv:3",
            "column `range`",
        ),
        (
            format!("{head}{ok}{ok}1,1.0,2,1000.0,0.1\n"),
            "detections.csv:4",
            "expected 7",
        ),
        (
            format!("{head}{ok}9,9.0,1,1000.0,0.1,0.1,-1\n"),
            "detections.csv:3",
            "outside 0..6",
        ),
        (
            format!("{head}{ok}1,2.5,1,1000.0,0.1,0.1,-1\n"),
            "detections.csv:3",
            "does not match scan 1",
        ),
        (
            format!("{head}{ok}0,0.0,1,-5.0,0.1,0.1,-1\n"),
            "detections.csv:3",
            "not positive",
        ),
        (
            format!("{head}1.5,1.5,1,1000.0,0.1,0.1,-1\n"),
            "detections.csv:2",
            "not a non-negative integer",
        ),
        (
            format!("{head}0,0.0,1,1000.0,NaN,0.1,-1\n"),
            "detections.csv:2",
            "not finite",
        ),
        (
            "scan,time,det_id,range,elevation,truth_id\n0,0.0,0,1.0,0.1,-1\n".to_string(),
            "detections.csv:1",
            "no column `bearing`",
        ),
        (String::new(), "detections.csv:1", "empty file"),
    ];
    for (text, place, what) in cases {
        let e = error_of(&text);
        assert!(
            e.contains(place) && e.contains(what),
            "{e:?} should name {place} and {what:?}"
        );
    }
}

#[test]
fn malformed_scenario_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("scenario.json");
    std::fs::write(&p, "{\n  \"format\": \"peerbench-1\",\n  \"dim\": three\n}").unwrap();
    let e = Scenario::read(&p).unwrap_err().to_string();
    assert!(e.contains("scenario.json:3"), "{e}");
    std::fs::write(&p, SCENARIO.replace("peerbench-1", "peerbench-2")).unwrap();
    let e = Scenario::read(&p).unwrap_err().to_string();
    assert!(e.contains("expected \"peerbench-1\""), "{e}");
    std::fs::write(&p, SCENARIO.replace("\"dt\": 1.0", "\"dt\": -1.0")).unwrap();
    assert!(
        Scenario::read(&p)
            .unwrap_err()
            .to_string()
            .contains("dt is -1")
    );
    std::fs::write(&p, SCENARIO.replace("\"sigma_range\": 20.0,", "")).unwrap();
    assert!(
        Scenario::read(&p)
            .unwrap_err()
            .to_string()
            .contains("sigma_range")
    );
}

#[test]
fn score_matches_hand_values() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("truth.csv");
    let k = dir.path().join("tracks.csv");
    std::fs::write(
        &t,
        "scan,time,target_id,x,y,z,vx,vy,vz\n0,0.0,0,0,0,0,0,0,0\n0,0.0,1,10000,0,0,0,0,0\n\
         1,1.0,0,0,0,0,0,0,0\n1,1.0,1,10000,0,0,0,0,0\n",
    )
    .unwrap();
    // scan 0: no track (OSPA = c); scan 1: one track 300 m from truth 0 and one false track
    // 5 km from everything; extra column and a scan absent from the truth are ignored
    std::fs::write(
        &k,
        "scan,time,track_id,x,y,z,vx,vy,vz,extra\n1,1.0,4,300,0,0,0,0,0,1\n1,1.0,5,0,5000,0,0,0,0,1\n\
         7,7.0,9,0,0,0,0,0,0,1\n",
    )
    .unwrap();
    let s = score(&t, &k, 1000.0, 1.0).unwrap();
    assert_eq!(s.scans_scored, 2);
    // scan 1: OSPA = (300 + 1000)/2 = 650; GOSPA = 300 + 500·(1 + 1) = 1300
    assert!((s.ospa_mean - (1000.0 + 650.0) / 2.0).abs() < 1e-9);
    assert!((s.gospa_mean - (1000.0 + 1300.0) / 2.0).abs() < 1e-9);
    assert!((s.missed_mean - 1.5).abs() < 1e-12);
    assert!((s.false_mean - 0.5).abs() < 1e-12);
    assert_eq!(s.n_track_ids, 2);
    assert!((s.rms_pos_err_matched - 300.0).abs() < 1e-9);
    // malformed track file: line number
    std::fs::write(&k, "scan,time,track_id,x,y,z\n0,0.0,1,1,2,zz\n").unwrap();
    let e = score(&t, &k, 1000.0, 1.0).unwrap_err().to_string();
    assert!(
        e.contains("tracks.csv:2") && e.contains("column `z`"),
        "{e}"
    );
}

/// issue 23, crash 3: `n_scans` of 2^63 (or 2e9, 1e12) allocated a slot per scan before
/// reading any detection ("capacity overflow", or an abort on a 48 GB / 24 TB
/// allocation). The count is bounded, and slots follow the scans actually read.
#[test]
fn a_huge_scan_count_is_refused_before_anything_is_allocated() {
    for n in ["9223372036854775808", "2000000000", "1000000000000"] {
        let dir = tempfile::tempdir().unwrap();
        let scenario = SCENARIO.replace("\"n_scans\": 6", &format!("\"n_scans\": {n}"));
        assert_ne!(scenario, SCENARIO, "the fixture names n_scans");
        std::fs::write(dir.path().join("scenario.json"), scenario).unwrap();
        std::fs::write(
            dir.path().join("detections.csv"),
            "scan,time,det_id,range,bearing,elevation,truth_id\n",
        )
        .unwrap();
        let e = track_only(dir.path(), &PeerbenchOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("scenario.json") && e.contains("at most 1000000"),
            "{n}: {e}"
        );
    }
    // A scan far beyond the file's end is refused by value, not by allocating to it.
    let dir = tempfile::tempdir().unwrap();
    write_dir(
        dir.path(),
        "scan,time,det_id,range,bearing,elevation,truth_id\n1e300,0,0,1,0,0,-1\n",
    );
    let e = track_only(dir.path(), &PeerbenchOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("detections.csv:2") && e.contains("outside"),
        "{e}"
    );
}
