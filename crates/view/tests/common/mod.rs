//! A small synthetic run folder written by hand, so the tests know every number in it,
//! committed as `iadsim run` commits its folder (a `run.complete.json` marker last).

use std::path::Path;

/// Writes a run folder: two threats (a cruise missile flying east at 100 m/s from t = 0 to
/// 100 s, killed; an aircraft at 9 km from t = 10 to 110 s, leaked), one battalion track
/// on each, one interceptor at the first.
pub fn write_run(dir: &Path, threat_name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    write_summary(dir, threat_name);
    write_events(dir, threat_name);
    write_replays(dir);
    commit(dir, "run");
}

/// summary.json of the run.
fn write_summary(dir: &Path, threat_name: &str) {
    let summary = serde_json::json!({
        "scenario": "synthetic", "seed": 7, "replication": 2, "simulated_time": 120.0,
        "threats": [{"class": null, "count": 2, "killed": 1, "leaked": 1, "flying_at_end": 0}],
        "interceptors": [{"missile": "9M96E2", "fired": 1, "kills": 1, "remaining": 3}],
        "tracks": {"confirmed": 2, "regiment": {"confirmed": 0}},
        "threat_outcomes": [
            {"name": threat_name, "class": "cruise_missile", "fate": "killed", "end_time": 100.0, "first_detection": 20.0},
            {"name": "jet", "class": "aircraft", "fate": "leaked", "end_time": 110.0, "first_detection": 12.0}
        ]
    });
    std::fs::write(
        dir.join("summary.json"),
        serde_json::to_string_pretty(&summary).unwrap(),
    )
    .unwrap();
}

/// events.jsonl: launches, detections, two battalion tracks, one engagement and its kill,
/// a leak and an asset hit.
fn write_events(dir: &Path, threat_name: &str) {
    let name = serde_json::to_string(threat_name).unwrap();
    let mut ev = vec![
        format!(
            r#"{{"time":0.0,"event":"scenario_start","scenario":"synthetic","seed":7,"replication":2,"threats":[{{"id":0,"name":{name},"type_name":"cm"}},{{"id":1,"name":"jet","type_name":"fighter"}}],"battalions":[{{"id":0,"name":"north","type_name":"55K6E"}}],"assets":[{{"id":0,"name":"city","type_name":"asset"}}]}}"#
        ),
        r#"{"time":0.0,"event":"threat_launch","threat":0,"class":"cruise_missile"}"#.into(),
        r#"{"time":10.0,"event":"threat_launch","threat":1,"class":"aircraft"}"#.into(),
    ];
    // Detections of threat 0 by radar 1 at 20, 22, ..., 40 s and again at 80 s (a gap
    // longer than the span gap); of threat 1 by radar 0 at 12 s; one false alarm.
    for k in 0..=10 {
        let t = 20.0 + 2.0 * k as f64;
        ev.push(format!(
            r#"{{"time":{t:.1},"event":"detection","battalion":0,"radar":1,"range":50000.0,"azimuth":1.0,"elevation":0.0,"threat":0}}"#
        ));
    }
    ev.push(r#"{"time":80.0,"event":"detection","battalion":0,"radar":1,"range":40000.0,"azimuth":1.0,"elevation":0.0,"threat":0}"#.into());
    ev.push(r#"{"time":12.0,"event":"detection","battalion":0,"radar":0,"range":90000.0,"azimuth":1.0,"elevation":0.0,"threat":1}"#.into());
    ev.push(r#"{"time":13.0,"event":"detection","battalion":0,"radar":0,"range":90000.0,"azimuth":1.0,"elevation":0.0,"threat":null}"#.into());
    // Track 5 sits 100 m north of threat 0; track 6 on threat 1, 200 m up.
    for k in 0..5 {
        let t = 30.0 + 10.0 * k as f64;
        let lon0 = 10.0 + t * 0.001;
        let lon1 = 10.0 + (t - 10.0) * 0.001;
        let kind = if k == 0 {
            "track_start"
        } else {
            "track_report"
        };
        ev.push(format!(
            r#"{{"time":{t:.1},"event":"{kind}","battalion":0,"track":5,"state":{{"position":[50.0009,{lon0},100.0],"velocity":[100.0,0.0,0.0],"sigma_position":50.0}}}}"#
        ));
        ev.push(format!(
            r#"{{"time":{t:.1},"event":"{kind}","battalion":0,"track":6,"state":{{"position":[50.5,{lon1},9200.0],"velocity":[100.0,0.0,0.0],"sigma_position":80.0}}}}"#
        ));
    }
    ev.push(r#"{"time":70.0,"event":"engagement_planned","battalion":0,"track":5,"assessed_class":"cruise_missile","launchers":[1],"missile":"9M96E2","predicted_intercept_time":99.0}"#.into());
    ev.push(r#"{"time":75.0,"event":"launch","interceptor":0,"battalion":0,"launcher":1,"missile":"9M96E2","track":5,"model":"flyout"}"#.into());
    ev.push(r#"{"time":100.0,"event":"intercept","interceptor":0,"threat":0,"miss_distance":3.25,"killed":true}"#.into());
    ev.push(r#"{"time":100.0,"event":"kill","threat":0,"interceptor":0}"#.into());
    ev.push(r#"{"time":101.0,"event":"track_loss","battalion":0,"track":5,"state":{"position":[50.0009,10.1,100.0],"velocity":[100.0,0.0,0.0],"sigma_position":60.0}}"#.into());
    ev.push(r#"{"time":110.0,"event":"leak","threat":1}"#.into());
    ev.push(r#"{"time":110.0,"event":"asset_hit","threat":1,"asset":0}"#.into());
    ev.push(r#"{"time":120.0,"event":"scenario_end"}"#.into());
    std::fs::write(dir.join("events.jsonl"), ev.join("\n") + "\n").unwrap();
}

/// replay.czml (the true paths, a site and the interceptor) and replay.geojson (sites and
/// the asset).
fn write_replays(dir: &Path) {
    // True paths: threat 0 along 50 N from 10 E, 0.001° a second; threat 1 along 50.5 N.
    let path = |t0: f64, t1: f64, lat: f64, h: f64| -> Vec<f64> {
        let mut v = Vec::new();
        let mut t = t0;
        while t <= t1 + 1e-9 {
            v.extend([t, 10.0 + (t - t0) * 0.001, lat, h]);
            t += 10.0;
        }
        v
    };
    let czml = serde_json::json!([
        {"id": "document", "version": "1.0"},
        {"id": "site/0", "position": {"cartographicDegrees": [10.5, 50.2, 300.0]}},
        {"id": "threat/0", "position": {"epoch": "2000-01-01T00:00:00Z", "cartographicDegrees": path(0.0, 100.0, 50.0, 100.0)}},
        {"id": "threat/1", "position": {"epoch": "2000-01-01T00:00:00Z", "cartographicDegrees": path(10.0, 110.0, 50.5, 9000.0)}},
        {"id": "interceptor/0", "position": {"epoch": "2000-01-01T00:00:00Z", "cartographicDegrees": [75.0, 10.5, 50.2, 300.0, 100.0, 10.1, 50.0, 100.0]}}
    ]);
    std::fs::write(dir.join("replay.czml"), czml.to_string()).unwrap();
    let geo = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.5, 50.2]}, "properties": {"kind": "site", "site_kind": "command_post", "name": "rcp", "battalion": "", "height_m": 300.0}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.5, 50.2]}, "properties": {"kind": "site", "site_kind": "engagement_radar", "name": "north-eng", "battalion": "north", "height_m": 300.0}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.5, 50.21]}, "properties": {"kind": "site", "site_kind": "launcher", "name": "north-L1", "battalion": "north", "height_m": 300.0}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.5, 50.22]}, "properties": {"kind": "site", "site_kind": "launcher", "name": "north-L2", "battalion": "north", "height_m": 300.0}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [10.2, 50.0]}, "properties": {"kind": "asset", "name": "city", "radius_m": 2000.0}}
    ]});
    std::fs::write(dir.join("replay.geojson"), geo.to_string()).unwrap();
}

/// Commits the regular files of `dir` (a marker aside) as the output set `set`, as the
/// writers do: the folder then reads as complete (`iadsim_io::commit::verify`).
#[allow(dead_code)]
pub fn commit(dir: &Path, set: &str) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".complete.json") && !n.starts_with('.'))
        .collect();
    files.sort();
    let mut out = iadsim_io::commit::OutputSet::begin(dir, set).unwrap();
    for name in files {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        out.write_in(&name, &bytes).unwrap();
    }
    out.commit().unwrap();
}
