//! The viewer document of a hand-written run folder: every number checked against the
//! files it came from.

mod common;

use iadsim_view::run::{position_at, simplify};
use serde_json::Value;

fn load() -> (tempfile::TempDir, Value) {
    let tmp = tempfile::tempdir().unwrap();
    common::write_run(tmp.path(), "cm-1");
    let doc = iadsim_view::load(tmp.path()).unwrap();
    (tmp, doc)
}

fn path4(v: &Value) -> Vec<[f64; 4]> {
    let f: Vec<f64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    f.chunks_exact(4)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect()
}

#[test]
fn true_paths_come_from_the_czml_with_their_times() {
    let (_tmp, doc) = load();
    assert_eq!(doc["kind"], "run");
    assert_eq!(doc["has_truth"], true);
    // A straight leg at constant speed: 11 samples, 2 needed.
    let p = path4(&doc["threats"][0]["path"]);
    assert_eq!(p.len(), 2);
    // Linear between samples, as the CZML declares: at t = 25 s, 0.025° east of 10° E.
    let at = position_at(&p, 25.0).unwrap();
    assert!(
        (at[0] - 10.025).abs() < 1e-9
            && (at[1] - 50.0).abs() < 1e-12
            && (at[2] - 100.0).abs() < 1e-9
    );
    assert!(position_at(&p, 100.5).is_none() && position_at(&p, -0.1).is_none());
    let q = path4(&doc["threats"][1]["path"]);
    assert_eq!(q.first().unwrap()[0], 10.0);
    assert_eq!(q.last().unwrap(), &[110.0, 10.1, 50.5, 9000.0]);
    assert_eq!(path4(&doc["interceptors"][0]["path"]).len(), 2);
}

#[test]
fn threats_carry_fate_detections_and_names() {
    let (_tmp, doc) = load();
    let t0 = &doc["threats"][0];
    assert_eq!(t0["name"], "cm-1");
    assert_eq!(t0["class"], "cruise_missile");
    assert_eq!(t0["fate"], "killed");
    assert_eq!(doc["threats"][1]["fate"], "leaked");
    // 11 looks 2 s apart from 20 to 40 s, then one at 80 s: 40 s later, a new span.
    let spans = t0["detections"].as_array().unwrap();
    assert_eq!(spans.len(), 2);
    assert_eq!(
        (
            spans[0]["t0"].as_f64(),
            spans[0]["t1"].as_f64(),
            spans[0]["n"].as_f64()
        ),
        (Some(20.0), Some(40.0), Some(11.0))
    );
    assert_eq!(
        (
            spans[1]["t0"].as_f64(),
            spans[1]["n"].as_f64(),
            spans[1]["range_m"].as_f64()
        ),
        (Some(80.0), Some(1.0), Some(40000.0))
    );
    assert_eq!(spans[0]["radar"], 1);
}

#[test]
fn tracks_follow_the_nearest_threat_and_engagements_inherit_it() {
    let (_tmp, doc) = load();
    let tracks = doc["tracks"].as_array().unwrap();
    let by_key = |k: &str| tracks.iter().find(|t| t["key"] == k).unwrap();
    let t5 = by_key("b0:5");
    assert_eq!(t5["threat"], 0);
    assert_eq!(t5["lost"], true);
    assert_eq!(t5["end"].as_f64(), Some(101.0));
    // 5 reports (start + 4) and the loss: [t, lon, lat, h, σ] each.
    assert_eq!(t5["samples"].as_array().unwrap().len(), 6 * 5);
    assert_eq!(by_key("b0:6")["threat"], 1);
    assert_eq!(doc["engagements"][0]["threat"], 0);
    assert_eq!(doc["engagements"][0]["rounds"], 1);
    let m = &doc["interceptors"][0];
    assert_eq!(
        (m["threat"].as_u64(), m["launcher"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(m["ending"], "detonated_kill");
    assert_eq!(m["miss_distance"].as_f64(), Some(3.25));
    assert_eq!(doc["kills"][0]["threat"], 0);
    assert_eq!(doc["leaks"][0]["threat"], 1);
}

#[test]
fn sites_are_numbered_as_the_event_log_numbers_them() {
    let (_tmp, doc) = load();
    let sites = doc["sites"].as_array().unwrap();
    let site = |n: &str| sites.iter().find(|s| s["name"] == n).unwrap();
    assert_eq!(
        (
            site("north-eng")["battalion"].as_u64(),
            site("north-eng")["index"].as_u64()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(site("north-L1")["index"], 0);
    assert_eq!(site("north-L2")["index"], 1);
    assert_eq!(site("rcp")["battalion"], Value::Null);
    assert_eq!(doc["assets"][0]["radius_m"].as_f64(), Some(2000.0));
    let radars = doc["radars"].as_array().unwrap();
    assert_eq!(radars.len(), 2);
    assert_eq!(
        (
            radars[0]["detections"].as_u64(),
            radars[0]["false_alarms_logged"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(radars[1]["detections"], 12);
    let hist: u64 = radars[1]["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(hist, 12);
}

#[test]
fn a_run_without_replay_has_tracks_but_no_truth() {
    let (tmp, _) = load();
    std::fs::remove_file(tmp.path().join("replay.czml")).unwrap();
    common::commit(tmp.path(), "run");
    let doc = iadsim_view::load(tmp.path()).unwrap();
    assert_eq!(doc["has_truth"], false);
    assert_eq!(doc["threats"][0]["path"].as_array().unwrap().len(), 0);
    assert_eq!(doc["tracks"].as_array().unwrap().len(), 2);
    assert_eq!(doc["tracks"][0]["threat"], Value::Null);
}

#[test]
fn bad_input_names_the_file_and_line() {
    let (tmp, _) = load();
    let p = tmp.path().join("events.jsonl");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str("{\"time\": 1.0, \"event\": \"kill\"}\n");
    std::fs::write(&p, text).unwrap();
    common::commit(tmp.path(), "run");
    let e = iadsim_view::load(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("events.jsonl:") && e.contains("without `threat`"),
        "{e}"
    );
    let empty = tempfile::tempdir().unwrap();
    let e = iadsim_view::load(empty.path()).unwrap_err().to_string();
    assert!(e.contains("not a run folder"), "{e}");
}

#[test]
fn a_study_folder_reads_its_table_as_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(
        d.join("manifest.json"),
        r#"{"scenario":"s","seed":1,"runs":3}"#,
    )
    .unwrap();
    std::fs::write(d.join("summary.json"), r#"{"columns":[]}"#).unwrap();
    std::fs::write(d.join("mc.csv"), "replication,leaked_total,ospa_mean_m,any_asset_hit\n0,2,1.5,true\n1,0,,false\n2,5,2.25,true\n").unwrap();
    common::write_run(&d.join("runs/1"), "x");
    common::commit(d, "mc");
    let doc = iadsim_view::load(d).unwrap();
    assert_eq!(doc["kind"], "study");
    assert_eq!(doc["table"]["rows"], 3);
    assert_eq!(
        doc["table"]["data"]["leaked_total"],
        serde_json::json!([2.0, 0.0, 5.0])
    );
    assert_eq!(
        doc["table"]["data"]["ospa_mean_m"],
        serde_json::json!([1.5, null, 2.25])
    );
    assert_eq!(
        doc["table"]["data"]["any_asset_hit"],
        serde_json::json!([1, 0, 1])
    );
    assert_eq!(
        doc["runs"],
        serde_json::json!([{"replication": 2, "dir": "runs/1"}])
    );
    std::fs::write(d.join("mc.csv"), "replication,leaked_total\n0,abc\n").unwrap();
    common::commit(d, "mc");
    let e = iadsim_view::load(d).unwrap_err().to_string();
    assert!(e.contains("mc.csv:2") && e.contains("`abc`"), "{e}");
}

#[test]
fn an_incomplete_folder_is_refused() {
    // Interrupted before its marker: refused, naming the marker.
    let (tmp, _) = load();
    std::fs::remove_file(tmp.path().join("run.complete.json")).unwrap();
    let e = iadsim_view::load(tmp.path()).unwrap_err();
    assert!(matches!(e, iadsim_view::ViewError::Incomplete(_)), "{e:?}");
    assert!(e.to_string().contains("no run.complete.json"), "{e}");
    // A file changed after the commit (here cut short): refused, naming the file.
    let (tmp, _) = load();
    let p = tmp.path().join("events.jsonl");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, &text[..text.len() / 2]).unwrap();
    let e = iadsim_view::load(tmp.path()).unwrap_err().to_string();
    assert!(
        e.contains("events.jsonl") && e.contains("not the one its marker lists"),
        "{e}"
    );
    // A study folder without its `mc` marker likewise.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("manifest.json"), "{}").unwrap();
    std::fs::write(tmp.path().join("mc.csv"), "replication\n0\n").unwrap();
    let e = iadsim_view::load(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("no mc.complete.json"), "{e}");
}

#[test]
fn simplify_keeps_the_samples_a_linear_replay_needs() {
    // East at 0.001°/s for 50 s, then north: the corner stays, the straight legs go.
    let mut p = Vec::new();
    for k in 0..=100 {
        let t = k as f64;
        let (lon, lat) = if k <= 50 {
            (t * 0.001, 48.0)
        } else {
            (0.05, 48.0 + (t - 50.0) * 0.001)
        };
        p.push([t, lon, lat, 1000.0]);
    }
    assert_eq!(simplify(&p, 1.0), vec![0, 50, 100]);
    // A bump of 3 m in height at t = 20 is kept at 1 m tolerance, dropped at 5 m.
    p[20][3] += 3.0;
    assert_eq!(simplify(&p, 1.0), vec![0, 19, 20, 21, 50, 100]);
    assert_eq!(simplify(&p, 5.0), vec![0, 50, 100]);
    // Every dropped sample is within the tolerance of the interpolation of those kept.
    let keep = simplify(&p, 1.0);
    let kept: Vec<[f64; 4]> = keep.iter().map(|&i| p[i]).collect();
    for s in &p {
        let q = position_at(&kept, s[0]).unwrap();
        let d = ((q[0] - s[1]) * 111_320.0 * 48f64.to_radians().cos())
            .hypot((q[1] - s[2]) * 111_320.0)
            .hypot(q[2] - s[3]);
        assert!(d <= 1.0 + 1e-6, "t = {}: {d} m", s[0]);
    }
}
