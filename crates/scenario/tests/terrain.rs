//! `terrain.dem`: a folder of SRTM tiles named relative to the scenario file; checked
//! (folder, tile names and sizes, every radar site on a tile) with every problem reported
//! in one pass, at its place in the file.

use std::path::Path;

use iadsim_core::srtm::tile_bytes;
use iadsim_setup::ThreatMotion;

/// A battalion at 45.05°N 10.5°E (tile N45E010), a second one at `second_lat`°N, and a
/// cruise missile at 50 m; `terrain` is the file's terrain block.
fn scenario(dir: &Path, terrain: &str, second_lat: f64) -> std::path::PathBuf {
    let yaml = format!(
        r#"name: dem
duration_s: 300
assets:
  - name: depot
    position: {{lat_deg: 45.02, lon_deg: 10.52, alt_m: 100}}
    radius_m: 1000
regiment:
  battalions:
    - name: alpha
      position: {{lat_deg: 45.05, lon_deg: 10.5, alt_m: 100}}
      launchers:
        - count: 1
          loadout: [{{missile: 48N6E3, count: 4}}]
    - name: bravo
      position: {{lat_deg: {second_lat}, lon_deg: 10.6, alt_m: 100}}
      launchers:
        - count: 1
          loadout: [{{missile: 48N6E3, count: 4}}]
threats:
  cruise_missiles:
    - name: cm
      type: subsonic_cruise_missile
      launch: {{lat_deg: 45.45, lon_deg: 10.52, alt_m: 100}}
      target: depot
      altitude_agl_m: 50
{terrain}
"#
    );
    let path = dir.join("dem.yaml");
    std::fs::write(&path, yaml).unwrap();
    path
}

/// A tile file of `bytes` zero bytes (the validator reads only names and sizes).
fn tile(dir: &Path, name: &str, bytes: u64) {
    std::fs::create_dir_all(dir).unwrap();
    let f = std::fs::File::create(dir.join(name)).unwrap();
    f.set_len(bytes).unwrap();
}

#[test]
fn a_dem_folder_relative_to_the_file_is_resolved_and_cruise_missiles_follow_it() {
    let dir = tempfile::tempdir().unwrap();
    tile(&dir.path().join("tiles"), "N45E010.hgt", tile_bytes(1201));
    let path = scenario(dir.path(), "terrain: {dem: tiles}", 45.3);
    let loaded = iadsim_scenario::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let terrain = loaded.setup.terrain.expect("a terrain model");
    assert_eq!(terrain.dem, dir.path().join("tiles"));
    let ThreatMotion::Route {
        terrain_clearance, ..
    } = &loaded.setup.threats[0].motion
    else {
        panic!("a route")
    };
    assert_eq!(*terrain_clearance, Some(50.0));

    // Without the key: no terrain model, and the waypoints' heights are flown.
    let path = scenario(dir.path(), "", 45.3);
    let loaded = iadsim_scenario::load_path(&path).unwrap();
    assert!(loaded.setup.terrain.is_none());
    let ThreatMotion::Route {
        terrain_clearance, ..
    } = &loaded.setup.threats[0].motion
    else {
        panic!("a route")
    };
    assert_eq!(*terrain_clearance, None);
}

#[test]
fn every_dem_problem_is_reported_in_one_pass_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let tiles = dir.path().join("tiles");
    tile(&tiles, "N45E010.hgt", tile_bytes(1201));
    tile(&tiles, "N44E010.hgt", 1000);
    tile(&tiles, "ridge.hgt", tile_bytes(1201));
    // bravo at 47.3°N is on no tile; surface_height_m cannot go with a dem.
    let path = scenario(
        dir.path(),
        "terrain: {dem: tiles, surface_height_m: 100}",
        47.3,
    );
    let d = iadsim_scenario::load_path(&path).unwrap_err();
    let text = d.to_string();
    let find = |what: &str| {
        d.problems
            .iter()
            .find(|p| p.message.contains(what))
            .unwrap_or_else(|| panic!("no problem mentioning {what:?} in\n{text}"))
    };
    let size = find("1000 bytes is not an SRTM tile");
    assert_eq!(size.path, "terrain.dem");
    assert_eq!(size.line, Some(26));
    assert!(find("ridge.hgt").message.contains("N48E067"));
    let site = find("is on no tile");
    assert_eq!(site.path, "regiment.battalions[1].acquisition_radar");
    assert!(
        site.help.as_deref().unwrap().contains("N47E010.hgt"),
        "{text}"
    );
    assert!(
        d.problems
            .iter()
            .any(|p| p.message.contains("engagement_radar") || p.path.ends_with("engagement_radar"))
    );
    find("exclude each other");
    // alpha is on N45E010: no problem for it.
    assert!(!text.contains("alpha-acq\" at"), "{text}");
}

#[test]
fn a_missing_or_empty_dem_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = scenario(dir.path(), "terrain: {dem: nowhere}", 45.3);
    let d = iadsim_scenario::load_path(&path).unwrap_err();
    assert!(d.problems.iter().any(|p| p.path == "terrain.dem"
        && p.message.contains("cannot read the DEM folder")
        && p.message.contains("nowhere")));
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let path = scenario(dir.path(), "terrain: {dem: empty}", 45.3);
    let d = iadsim_scenario::load_path(&path).unwrap_err();
    assert!(
        d.problems
            .iter()
            .any(|p| p.message.contains("holds no .hgt tile"))
    );
}
