//! Coverage and replays across the antimeridian and near the poles (issue 17): the
//! coverage grid runs on past 180°E, its contours and the replay's tracks are cut there
//! for GeoJSON (RFC 7946 §3.1.9); a radar whose coverage takes in a pole gets a grid up
//! to the pole and round every longitude, the same area as anywhere else and GeoJSON
//! polygons closed along the antimeridian and the pole.

use iadsim_io::coverage::area_km2;
use iadsim_io::replay::{Replay, ReplayEvents, ReplayRecorder};
use iadsim_sim::coverage::contour::Polygon;
use iadsim_sim::coverage::{CoverageRequest, CoverageResult, compute};
use iadsim_sim::setup::Setup;
use iadsim_sim::{EngineOptions, run_observed};
use serde_json::Value;
use std::f64::consts::{FRAC_PI_2, PI};

/// A battalion at 10°S `lon`°E (a port 2 km west of it) and a sea-skimmer flying west to
/// the port from 0.7° east of it.
fn port_at(lon: f64) -> Setup {
    let east = if lon + 0.7 > 180.0 {
        lon + 0.7 - 360.0
    } else {
        lon + 0.7
    };
    port(-10.0, lon, (-10.0, east))
}

/// A battalion at `lat`°N `lon`°E (a port 2 km west of it) and a sea-skimmer flying to
/// the port from `launch` (lat°, lon°).
fn port(lat: f64, lon: f64, launch: (f64, f64)) -> Setup {
    let yaml = format!(
        r#"
name: port
duration_s: 600
assets:
  - name: port
    position: {{lat_deg: {lat}, lon_deg: {lon}}}
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
      launch: {{lat_deg: {}, lon_deg: {}}}
      target: port
"#,
        launch.0, launch.1
    );
    iadsim_scenario::load_str(&yaml, "port.yaml").unwrap().setup
}

/// The acquisition radar's single-scan Pd ≥ 0.5 area, km², and the combined GeoJSON.
fn coverage(setup: &Setup) -> (f64, Value) {
    let (area, v, _) = coverage_at(setup, CoverageRequest::new(setup).target_height);
    (area, v)
}

/// The acquisition radar's single-scan Pd ≥ 0.5 area (km²) for a target at `height` (m
/// above ground), the GeoJSON and the result.
fn coverage_at(setup: &Setup, height: f64) -> (f64, Value, CoverageResult) {
    let mut request = CoverageRequest::new(setup);
    request.target_height = height;
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
    let area = area_km2(&c.polygons);
    (area, iadsim_io::coverage::geojson(&result), result)
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

/// Whether the closed segments a–b and c–d meet (planar).
fn segments_meet(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> bool {
    let orient = |p: [f64; 2], q: [f64; 2], r: [f64; 2]| {
        ((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])).signum()
    };
    let within = |p: [f64; 2], q: [f64; 2], r: [f64; 2]| {
        r[0] >= p[0].min(q[0])
            && r[0] <= p[0].max(q[0])
            && r[1] >= p[1].min(q[1])
            && r[1] <= p[1].max(q[1])
    };
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    (o1 != o2 && o3 != o4)
        || (o1 == 0.0 && within(a, b, c))
        || (o2 == 0.0 && within(a, b, d))
        || (o3 == 0.0 && within(c, d, a))
        || (o4 == 0.0 && within(c, d, b))
}

/// A closed ring is simple (as a planar lon/lat polygon, how GeoJSON renderers fill it):
/// no two edges meet except consecutive ones at their shared vertex.
fn assert_simple(ring: &[[f64; 2]]) {
    let n = ring.len() - 1;
    for i in 0..n {
        for j in i + 2..n {
            if i == 0 && j == n - 1 {
                continue; // the closing edge and the first share the first vertex
            }
            assert!(
                !segments_meet(ring[i], ring[i + 1], ring[j], ring[j + 1]),
                "edges {i} and {j} meet: {:?} {:?}",
                &ring[i..i + 2],
                &ring[j..j + 2]
            );
        }
    }
}

#[test]
fn coverage_round_a_pole_equals_coverage_at_mid_latitude() {
    // A 10 km target: the acquisition radar sees it ~300 km out, past the pole 167 km
    // north of its site at 88.5°N.
    let height = 10_000.0;
    let (polar, v, result) = coverage_at(&port(88.5, 30.0, (87.5, 30.0)), height);
    let (mid, _, _) = coverage_at(&port(45.0, 30.0, (44.0, 30.0)), height);
    println!("Pd ≥ 0.5 area: {polar:.0} km² at 88.5°N, {mid:.0} km² at 45°N");
    let g = result.grid;
    assert_eq!((g.north, g.west, g.east), (FRAC_PI_2, -PI, PI), "{g:?}");
    // The pole (the top row, one point) is covered; no value is NaN.
    let acquisition = &result.radars[0].layer;
    assert!(
        acquisition.single[(g.ny - 1) * g.nx..]
            .iter()
            .all(|&p| p >= 0.5)
    );
    for layer in result
        .radars
        .iter()
        .map(|r| &r.layer)
        .chain([&result.combined])
    {
        for p in layer.single.iter().chain(&layer.cumulative) {
            assert!((0.0..=1.0).contains(p), "{p}");
        }
    }
    assert!((polar - mid).abs() <= 0.01 * mid, "{polar} vs {mid}");
    all_positions_in_range(&v);
    // GeoJSON: one polygon whose exterior runs along the coverage's edge from −180° to
    // 180°, up the antimeridian to the pole, along the pole's row back to −180° and down:
    // counter-clockwise and simple as a planar lon/lat polygon, and of the same area.
    let contour = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["properties"]["kind"] == "pd_contour"
                && f["properties"]["radar"] == result.radars[0].name.as_str()
                && f["properties"]["level"] == 0.5
                && f["properties"]["cumulative"] == false
        })
        .unwrap();
    let polygons = contour["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(polygons.len(), 1);
    let rings: Vec<Vec<[f64; 2]>> = polygons[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|q| [q[0].as_f64().unwrap(), q[1].as_f64().unwrap()])
                .collect()
        })
        .collect();
    assert!(rings[0].contains(&[-180.0, 90.0]) && rings[0].contains(&[180.0, 90.0]));
    for (k, ring) in rings.iter().enumerate() {
        let planar: f64 = ring
            .windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum();
        // Exterior counter-clockwise; holes (the radar's cone of silence) clockwise.
        assert_eq!(planar > 0.0, k == 0, "ring {k}");
        assert_simple(ring);
    }
    let written = area_km2(&[Polygon {
        exterior: rings[0].clone(),
        holes: rings[1..].to_vec(),
    }]);
    assert!(
        (written - polar).abs() <= 1e-4 * polar,
        "{written} vs {polar}"
    );
    // The maps and diagrams draw.
    let dir = tempfile::tempdir().unwrap();
    let files = iadsim_io::coverage::write_all(&result, dir.path()).unwrap();
    assert!(files.iter().all(|f| f.exists()));
}
