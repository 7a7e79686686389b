//! Coverage and replays across the antimeridian (issue 17): the coverage grid runs on
//! past 180°E, its contours and the replay's tracks are cut there for GeoJSON (RFC 7946
//! §3.1.9).

use iadsim_io::coverage::area_km2;
use iadsim_io::replay::{Replay, ReplayEvents, ReplayRecorder};
use iadsim_sim::coverage::{CoverageRequest, compute};
use iadsim_sim::setup::Setup;
use iadsim_sim::{EngineOptions, run_observed};
use serde_json::Value;

/// A battalion at 10°S `lon`°E (a port 2 km west of it) and a sea-skimmer flying west to
/// the port from 0.7° east of it.
fn port_at(lon: f64) -> Setup {
    let yaml = format!(
        r#"
name: port
duration_s: 600
assets:
  - name: port
    position: {{lat_deg: -10.0, lon_deg: {lon}}}
    radius_m: 1500
regiment:
  battalions:
    - name: b
      position: {{from: port, east_km: 2}}
      launchers:
        - count: 1
          loadout: [{{missile: 9M96E2, count: 1}}]
threats:
  cruise_missiles:
    - name: cm
      type: subsonic_cruise_missile
      launch: {{lat_deg: -10.0, lon_deg: {east}}}
      target: port
"#,
        east = if lon + 0.7 > 180.0 {
            lon + 0.7 - 360.0
        } else {
            lon + 0.7
        }
    );
    iadsim_scenario::load_str(&yaml, "port.yaml").unwrap().setup
}

/// The acquisition radar's single-scan Pd ≥ 0.5 area, km², and the combined GeoJSON.
fn coverage(setup: &Setup) -> (f64, Value) {
    let mut request = CoverageRequest::new(setup);
    request.grid.nx = 240;
    request.grid.ny = 240;
    request.vertical.n_range = 20;
    request.vertical.n_height = 10;
    let result = compute(setup, &request).unwrap();
    let c = result.radars[0]
        .layer
        .contours
        .iter()
        .find(|c| c.level == 0.5 && !c.cumulative)
        .unwrap();
    (area_km2(&c.polygons), iadsim_io::coverage::geojson(&result))
}

/// Every position of every geometry in `v` (a GeoJSON FeatureCollection) lies in
/// [−180°, 180°] × [−90°, 90°].
fn all_positions_in_range(v: &Value) {
    fn walk(c: &Value) {
        match c.as_array() {
            Some(a) if a.first().is_some_and(Value::is_number) => {
                let (lon, lat) = (a[0].as_f64().unwrap(), a[1].as_f64().unwrap());
                assert!(
                    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
                    "{a:?}"
                );
            }
            Some(a) => a.iter().for_each(walk),
            None => {}
        }
    }
    for f in v["features"].as_array().unwrap() {
        walk(&f["geometry"]["coordinates"]);
    }
}

#[test]
fn coverage_across_the_antimeridian_equals_coverage_away_from_it() {
    let (near, v) = coverage(&port_at(179.6));
    let (away, _) = coverage(&port_at(169.6));
    println!("Pd ≥ 0.5 area: {near:.0} km² at 179.6°E, {away:.0} km² at 169.6°E");
    assert!(away > 3.0e4, "{away}");
    assert!((near - away).abs() <= 0.01 * away, "{near} vs {away}");
    all_positions_in_range(&v);
    // The acquisition radar's Pd contour is cut at 180°: parts on both sides.
    let contour = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["kind"] == "pd_contour" && f["properties"]["level"] == 0.5)
        .unwrap();
    let lons: Vec<f64> = contour["geometry"]["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|poly| poly[0][0][0].as_f64().unwrap())
        .collect();
    assert!(
        lons.iter().any(|&l| l > 0.0) && lons.iter().any(|&l| l < 0.0),
        "{lons:?}"
    );
}

#[test]
fn a_track_crossing_the_antimeridian_is_split_there() {
    let setup = port_at(179.6);
    let mut events = ReplayEvents::default();
    let mut recorder = ReplayRecorder::new(&setup, 1.0);
    run_observed(
        &setup,
        0,
        &mut events,
        &EngineOptions::default(),
        &mut recorder,
    )
    .unwrap();
    let replay = Replay::build(&setup, 0, recorder, events).unwrap();
    let v = iadsim_io::replay::geojson::to_value(&replay, None);
    all_positions_in_range(&v);
    let track = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["kind"] == "threat_track")
        .unwrap();
    assert_eq!(track["geometry"]["type"], "MultiLineString");
    let parts = track["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    // From the east: the first part ends at −180°, the second starts at +180°, at the
    // same latitude.
    let end = parts[0].as_array().unwrap().last().unwrap();
    let start = &parts[1][0];
    assert_eq!(end[0].as_f64(), Some(-180.0));
    assert_eq!(start[0].as_f64(), Some(180.0));
    assert_eq!(end[1], start[1]);
}
