//! What a loaded scenario contains: defaults, unit conversion, overrides, expansion of
//! launcher groups and waves, positions, warnings, and hostile-input handling.

use iadsim_core::Geodetic;
use iadsim_scenario::{load_path, load_str};
use iadsim_setup::{BallisticProfile, ThreatClass, ThreatMotion};

const BASE: &str = r#"
name: test
duration_s: 1200
assets:
  - name: depot
    position: {lat_deg: 50.0, lon_deg: 30.0, alt_m: 100}
regiment:
  battalions:
    - name: alpha
      position: {from: depot, north_km: 10, alt_m: 120}
      launchers:
        - count: 8
          loadout: [{missile: 48N6E3, count: 4}]
"#;

/// Geodesic distance (m) and azimuth (deg) between two points.
fn dist_az(a: &Geodetic, b: &Geodetic) -> (f64, f64) {
    let (s, az, _) =
        iadsim_core::geodesic::inverse_deg(a.lat_deg(), a.lon_deg(), b.lat_deg(), b.lon_deg());
    (s, az)
}

fn load(extra: &str) -> iadsim_scenario::Loaded {
    load_str(&format!("{BASE}{extra}"), "t.yaml").unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn defaults_and_si_units() {
    let l = load("");
    let s = &l.setup;
    assert_eq!(s.seed, 1);
    assert_eq!(s.time_step, 0.5);
    assert_eq!(s.duration, 1200.0);
    assert_eq!(s.regiment.name, "regiment");
    assert_eq!(s.regiment.command_post.type_name, "55K6E");
    assert_eq!(s.regiment.command_post.reaction_time, 9.5);
    let bn = &s.regiment.battalions[0];
    assert_eq!(bn.command_post.name, "alpha-cp");
    assert_eq!(bn.acquisition_radar.type_name, "91N6E");
    assert_eq!(bn.engagement_radar.type_name, "92N6E");
    assert_eq!(bn.engagement_radar.name, "alpha-eng");
    let eng = &bn.engagement_radar;
    assert_eq!(eng.reference_range, 400_000.0);
    assert_eq!(eng.max_tracks, 36);
    assert_eq!(eng.max_guided_missiles, 72);
    assert!((eng.max_elevation - 85f64.to_radians()).abs() < 1e-12);
    assert!((eng.sigma_azimuth - 0.05f64.to_radians()).abs() < 1e-12);
    // Site height 120 m + 24 m mast.
    assert!((eng.position.height - 144.0).abs() < 1e-9);
    // 10 km north of the depot.
    let depot = &s.assets[0].position;
    let (d, az) = dist_az(depot, &bn.command_post.position);
    assert!((d - 10_000.0).abs() < 1e-3, "{d}");
    assert!(az.abs() < 1e-6, "{az}");
    assert_eq!(s.assets[0].radius, 1000.0);
    assert_eq!(s.assets[0].value, 1.0);
    // Missiles in SI.
    let m = &bn.launchers[0].loadout[0].missile;
    assert_eq!(m.max_range, 250_000.0);
    assert_eq!(m.max_range_ballistic, 60_000.0);
    assert_eq!(m.max_altitude, 27_000.0);
    assert_eq!(bn.launchers[0].loadout[0].count, 4);
    // Doctrine defaults.
    assert_eq!(s.doctrine.salvo_size, 2);
    assert!(s.doctrine.shoot_look_shoot);
    assert_eq!(s.doctrine.ballistic_reserve, 0);
    assert!(!s.doctrine.allow_double_engagement);
    // No threats: a warning.
    assert!(l.warnings.iter().any(|w| w.message.contains("no threats")));
}

#[test]
fn launcher_ring_and_positioned_groups() {
    let src = BASE.replace(
        "        - count: 8\n          loadout: [{missile: 48N6E3, count: 4}]\n",
        "        - count: 6\n          loadout: [{missile: 48N6E3, count: 4}]\n        - name: fwd\n          count: 3\n          spacing_m: 200\n          position: {from: depot, north_km: 20}\n          loadout: [{missile: 9M96E2, count: 16}]\n",
    );
    let l = load_str(&src, "t.yaml").unwrap_or_else(|d| panic!("{d}"));
    let bn = &l.setup.regiment.battalions[0];
    assert_eq!(bn.launchers.len(), 9);
    let eng = &bn.engagement_radar.position;
    for (i, la) in bn.launchers[..6].iter().enumerate() {
        assert_eq!(la.name, format!("alpha-L1-{}", i + 1));
        let (d, az) = dist_az(eng, &la.position);
        assert!((d - 2000.0).abs() < 0.01, "{d}");
        let want = 60.0 * i as f64;
        let diff = ((az - want).rem_euclid(360.0) + 180.0).rem_euclid(360.0) - 180.0;
        assert!(diff.abs() < 0.01, "{az} vs {want}");
    }
    let names: Vec<&str> = bn.launchers[6..].iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["fwd-1", "fwd-2", "fwd-3"]);
    let (d, _) = dist_az(&bn.launchers[6].position, &bn.launchers[8].position);
    assert!((d - 400.0).abs() < 0.01, "{d}");
}

#[test]
fn overrides_replace_catalogue_values() {
    let src = BASE.replace(
        "      launchers:\n",
        "      engagement_radar:\n        type: 92N6E\n        overrides: {reference_range_km: 200, max_tracks: 10}\n      launchers:\n",
    )
    .replace("[{missile: 48N6E3, count: 4}]", "[{missile: 48N6E3, count: 4, overrides: {single_shot_pk: 0.5}}]");
    let l = load_str(&src, "t.yaml").unwrap_or_else(|d| panic!("{d}"));
    let bn = &l.setup.regiment.battalions[0];
    assert_eq!(bn.engagement_radar.reference_range, 200_000.0);
    assert_eq!(bn.engagement_radar.max_tracks, 10);
    assert_eq!(bn.engagement_radar.instrumented_range, 400_000.0);
    assert_eq!(bn.launchers[0].loadout[0].missile.single_shot_pk, 0.5);
}

#[test]
fn waves_expand_with_spacing() {
    let l = load(
        r#"threats:
  cruise_missiles:
    - name: cm
      type: subsonic_cruise_missile
      count: 3
      launch_time_s: 10
      interval_s: 7
      lateral_spacing_km: 2
      launch: {from: depot, east_km: -100}
      target: depot
      altitude_agl_m: 40
      rcs_dbsm: -10
"#,
    );
    let t = &l.setup.threats;
    assert_eq!(t.len(), 3);
    assert_eq!(
        t.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["cm/01", "cm/02", "cm/03"]
    );
    assert_eq!(
        t.iter().map(|t| t.start_time).collect::<Vec<_>>(),
        [10.0, 17.0, 24.0]
    );
    for th in t {
        assert_eq!(th.class, ThreatClass::CruiseMissile);
        assert_eq!(th.target_asset, Some(0));
        assert!((th.rcs - 0.1).abs() < 1e-12);
        let ThreatMotion::Route {
            waypoints,
            speed,
            max_turn_rate,
            end,
            terrain_clearance,
        } = &th.motion
        else {
            panic!()
        };
        // No DEM: the waypoints' heights are flown.
        assert_eq!(*terrain_clearance, None);
        assert_eq!(*speed, 245.0);
        assert!((max_turn_rate - 3f64.to_radians()).abs() < 1e-12);
        assert_eq!(*end, iadsim_setup::RouteEnd::Attack);
        assert_eq!(waypoints.len(), 2);
        // Cruise height above the ground heights (launch 0 m, depot 100 m).
        assert!((waypoints[0].height - 40.0).abs() < 1e-9);
        assert!((waypoints[1].height - 140.0).abs() < 1e-9);
        // All converge on the depot.
        let (d, _) = dist_az(&waypoints[1], &l.setup.assets[0].position);
        assert!(d < 1e-3);
    }
    let launch = |i: usize| match &t[i].motion {
        ThreatMotion::Route { waypoints, .. } => waypoints[0],
        _ => unreachable!(),
    };
    let (d01, _) = dist_az(&launch(0), &launch(1));
    let (d02, _) = dist_az(&launch(0), &launch(2));
    assert!((d01 - 2000.0).abs() < 1.0, "{d01}");
    assert!((d02 - 4000.0).abs() < 1.0, "{d02}");
    // The middle one is on the nominal line.
    let (dm, _) = dist_az(&launch(1), &Geodetic::from_degrees(50.0, 30.0, 0.0));
    assert!((dm - 100_000.0).abs() < 1.0, "{dm}");
}

#[test]
fn aircraft_and_ballistic_threats() {
    let l = load(
        r#"threats:
  aircraft:
    - name: ftr
      type: fighter
      route:
        - {from: depot, east_km: -300}
        - {from: depot, east_km: -100, alt_m: 5000}
  ballistic_missiles:
    - name: tbm
      type: srbm
      launch_time_s: 100
      launch: {from: depot, east_km: -400}
      target: depot
      profile: depressed
      flight_path_angle_deg: 30
"#,
    );
    let t = &l.setup.threats;
    assert_eq!(t.len(), 2);
    let ThreatMotion::Route {
        waypoints, speed, ..
    } = &t[0].motion
    else {
        panic!()
    };
    assert_eq!(*speed, 250.0);
    assert_eq!(waypoints[0].height, 9000.0);
    assert_eq!(waypoints[1].height, 5000.0);
    assert_eq!(t[0].rcs, 2.0);
    assert_eq!(t[0].target_asset, None);
    let ThreatMotion::Ballistic {
        launch,
        impact,
        profile,
        ballistic_coefficient,
    } = &t[1].motion
    else {
        panic!()
    };
    assert_eq!(t[1].start_time, 100.0);
    assert_eq!(*impact, l.setup.assets[0].position);
    let (d, _) = dist_az(launch, impact);
    assert!((d - 400_000.0).abs() < 1.0);
    assert_eq!(
        *profile,
        BallisticProfile::Depressed {
            flight_path_angle: 30f64.to_radians()
        }
    );
    assert_eq!(*ballistic_coefficient, None);
}

#[test]
fn late_arrival_is_a_warning() {
    let l = load(
        r#"threats:
  cruise_missiles:
    - name: far
      type: subsonic_cruise_missile
      launch: {from: depot, east_km: -1000}
      target: depot
"#,
    );
    assert_eq!(l.setup.threats.len(), 1);
    let w = l
        .warnings
        .iter()
        .find(|w| w.message.contains("after the scenario ends"))
        .expect("warning");
    assert_eq!(w.path, "threats.cruise_missiles[0]");
    assert_eq!(w.line, Some(16));
}

#[test]
fn shipped_regiment_has_the_raid() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/regiment_defense.yaml");
    let l = load_path(&p).unwrap();
    let s = &l.setup;
    assert_eq!(s.regiment.battalions.len(), 2);
    for bn in &s.regiment.battalions {
        assert_eq!(bn.launchers.len(), 8);
    }
    let count = |c| s.threats.iter().filter(|t| t.class == c).count();
    assert_eq!(count(ThreatClass::CruiseMissile), 24);
    assert_eq!(count(ThreatClass::Aircraft), 8);
    assert_eq!(count(ThreatClass::BallisticMissile), 4);
    // Battalions 20-40 km apart.
    let (d, _) = dist_az(
        &s.regiment.battalions[0].command_post.position,
        &s.regiment.battalions[1].command_post.position,
    );
    assert!((20_000.0..=40_000.0).contains(&d), "{d}");
    // Cruise missiles at 50 m above ground, fighters at 9 km.
    for t in &s.threats {
        if let ThreatMotion::Route { waypoints, .. } = &t.motion {
            match t.class {
                ThreatClass::CruiseMissile => assert!(
                    waypoints
                        .iter()
                        .all(|w| w.height > 300.0 && w.height < 450.0)
                ),
                ThreatClass::Aircraft => assert!(waypoints.iter().all(|w| w.height == 9000.0)),
                _ => {}
            }
        }
        assert!(t.start_time >= 0.0 && t.start_time <= s.duration);
    }
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
}

#[test]
fn long_range_aircraft_is_at_380_km() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/long_range_aircraft.yaml");
    let l = load_path(&p).unwrap();
    let site = &l.setup.regiment.battalions[0].command_post.position;
    let ThreatMotion::Route { waypoints, .. } = &l.setup.threats[0].motion else {
        panic!()
    };
    let (d0, _) = dist_az(site, &waypoints[0]);
    assert!((d0 - 380_000.0).abs() < 500.0, "{d0}");
    assert_eq!(waypoints[0].height, 10_000.0);
}

#[test]
fn hostile_inputs_are_errors_not_panics() {
    // Huge input.
    let huge = "a".repeat(9 * 1024 * 1024);
    let d = load_str(&huge, "huge.yaml").unwrap_err();
    assert!(d.problems[0].message.contains("too large"), "{d}");
    // A file that does not exist, and a directory.
    let d = load_path(std::path::Path::new("/nonexistent/scenario.yaml")).unwrap_err();
    assert!(d.problems[0].message.contains("cannot read"));
    let d = load_path(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_err();
    assert!(d.problems[0].message.contains("directory"));
    // Many documents.
    let d = load_str("name: a\n---\nname: b\n", "multi.yaml").unwrap_err();
    assert!(d.problems[0].message.contains("invalid YAML"), "{d}");
    // Deep block nesting.
    let mut deep = String::new();
    for i in 0..200 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("a:\n");
    }
    let d = load_str(&deep, "deep.yaml").unwrap_err();
    assert!(!d.problems.is_empty());
    // Unicode and tabs and CRLF.
    let crlf = BASE.replace('\n', "\r\n");
    assert!(load_str(&crlf, "crlf.yaml").is_ok());
    let bom = format!("\u{feff}{BASE}");
    assert!(load_str(&bom, "bom.yaml").is_ok());
}

#[test]
fn diagnostics_display_format() {
    let d = load_str(&BASE.replace("48N6E3", "48N6E4"), "regiment_defense.yaml").unwrap_err();
    let s = d.to_string();
    assert!(
        s.starts_with(
            "regiment_defense.yaml:13:31: regiment.battalions[0].launchers[0].loadout[0].missile: \
             unknown missile type \"48N6E4\"; known: 40N6E, 48N6E2, 48N6E3, 9M96E, 9M96E2"
        ),
        "{s}"
    );
    let e: &dyn std::error::Error = &d;
    assert!(!e.to_string().is_empty());
}

#[test]
fn anchors_and_merge_keys_work() {
    let src = r#"
name: anchors
duration_s: 600
assets:
  - name: depot
    position: {lat_deg: 50.0, lon_deg: 30.0}
regiment:
  battalions:
    - name: alpha
      position: {from: depot, north_km: 10}
      launchers:
        - &std
          count: 4
          loadout: [{missile: 48N6E3, count: 4}]
        - <<: *std
          name: second
          count: 2
threats:
  cruise_missiles:
    - &cm
      name: cm-1
      type: subsonic_cruise_missile
      launch: {from: depot, north_km: 120}
      target: depot
    - <<: *cm
      name: cm-2
      launch_time_s: 30
"#;
    let l = load_str(src, "anchors.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(l.setup.regiment.battalions[0].launchers.len(), 6);
    assert_eq!(l.setup.threats.len(), 2);
    assert_eq!(l.setup.threats[1].start_time, 30.0);
}

#[test]
fn costs_are_read_by_name_and_absent_by_default() {
    assert_eq!(load("").setup.costs, None);
    let l = load(
        r#"
threats:
  cruise_missiles:
    - {name: cm, type: subsonic_cruise_missile, launch: {from: depot, north_km: 120}, target: depot}
costs:
  unit: MUSD
  interceptors: {48N6E3: 1.25, 9M96E2: 0.5}
  threats: {subsonic_cruise_missile: 0}
  assets: {depot: 3e2}
"#,
    );
    let c = l.setup.costs.as_ref().expect("costs");
    assert_eq!(c.unit, "MUSD");
    assert_eq!(c.interceptors.get("48N6E3"), Some(&1.25));
    assert_eq!(c.interceptors.get("9M96E2"), Some(&0.5));
    assert_eq!(c.threats.get("subsonic_cruise_missile"), Some(&0.0));
    assert_eq!(c.assets.get("depot"), Some(&300.0));
    // 9M96E2 is not loaded: a warning at its key, not an error.
    let w: Vec<String> = l.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        w.iter().any(|w| w.starts_with("t.yaml:20:")
            && w.contains("costs.interceptors.9M96E2: the scenario has no 9M96E2 loaded")),
        "{w:?}"
    );
    // Unit defaults to a neutral label.
    let l = load("costs: {interceptors: {48N6E3: 1}}\n");
    assert_eq!(l.setup.costs.unwrap().unit, "cost unit");
}

#[test]
fn unknown_cost_names_suggest_the_nearest() {
    let d = load_str(
        &format!("{BASE}costs:\n  interceptors: {{48N6E4: 1}}\n  assets: {{depo: 1}}\n"),
        "t.yaml",
    )
    .expect_err("unknown names");
    let shown: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("t.yaml:15:18: costs.interceptors.48N6E4"),
        "{}",
        shown[0]
    );
    assert!(
        shown[0].contains("help: did you mean \"48N6E2\"?"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1]
            .starts_with("t.yaml:16:12: costs.assets.depo: unknown asset \"depo\"; known: depot"),
        "{}",
        shown[1]
    );
    assert!(
        shown[1].contains("help: did you mean \"depot\"?"),
        "{}",
        shown[1]
    );
}

#[test]
fn engagement_sectors_come_from_the_radar_the_battalion_or_the_regiment() {
    let deg = |x: f64| x.to_radians();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
    // No key: no centre (the engine's default), the catalogue's width and slew rate.
    let eng = |s: &iadsim_setup::Setup| s.regiment.battalions[0].engagement_radar.clone();
    let l = load("");
    let e = eng(&l.setup);
    assert_eq!(e.sector_centre, None);
    assert!(close(e.sector_width, deg(90.0)) && close(e.slew_rate, deg(10.0)));
    let acq = &l.setup.regiment.battalions[0].acquisition_radar;
    assert!(close(acq.sector_width, std::f64::consts::TAU) && acq.slew_rate == 0.0);
    // The regiment's axis, then the battalion's, then the radar's own sector.
    let with = |reg: &str, bn: &str, radar: &str| {
        let text = BASE
            .replace("regiment:\n", &format!("regiment:\n{reg}"))
            .replace(
                "      position: {from: depot, north_km: 10, alt_m: 120}\n",
                &format!("      position: {{from: depot, north_km: 10, alt_m: 120}}\n{bn}{radar}"),
            );
        load_str(&text, "t.yaml")
    };
    let axis = "  threat_axis_deg: 270\n";
    let s = with(axis, "", "").unwrap().setup;
    assert!(close(eng(&s).sector_centre.unwrap(), deg(270.0)));
    let s = with(axis, "      threat_axis_deg: 250\n", "")
        .unwrap()
        .setup;
    assert!(close(eng(&s).sector_centre.unwrap(), deg(250.0)));
    let radar = "      engagement_radar:\n        sector: {centre_deg: 300, width_deg: 60}\n        overrides: {slew_rate_deg_s: 4}\n";
    let s = with(axis, "      threat_axis_deg: 250\n", radar)
        .unwrap()
        .setup;
    let e = eng(&s);
    assert!(close(e.sector_centre.unwrap(), deg(300.0)) && close(e.sector_width, deg(60.0)));
    assert!(close(e.slew_rate, deg(4.0)));
    // A width from the catalogue value replaced in place.
    let radar = "      engagement_radar: {overrides: {sector_width_deg: 120}}\n";
    let s = with("", "", radar).unwrap().setup;
    assert!(close(eng(&s).sector_width, deg(120.0)) && eng(&s).sector_centre.is_none());
    // Errors, located.
    let d = with("  threat_axis_deg: 400\n", "", "")
        .unwrap_err()
        .to_string();
    assert!(
        d.contains("regiment.threat_axis_deg: threat_axis_deg 400 is out of range"),
        "{d}"
    );
    let radar = "      engagement_radar: {sector: {width_deg: 0}}\n";
    let d = with("", "", radar).unwrap_err().to_string();
    assert!(
        d.contains(
            "regiment.battalions[0].engagement_radar.sector.width_deg: width_deg must be positive"
        ),
        "{d}"
    );
    let radar = "      acquisition_radar: {sector: {centre_deg: 10}}\n";
    let d = with("", "", radar).unwrap_err().to_string();
    assert!(
        d.contains("regiment.battalions[0].acquisition_radar.sector: an acquisition radar rotates all round"),
        "{d}"
    );
}

/// Aircraft route ends: the keys each needs, and no key for an end that does not use it.
#[test]
fn aircraft_route_ends() {
    let scenario = |extra: &str| {
        format!(
            r#"
name: ends
duration_s: 3000
regiment:
  battalions:
    - name: b
      position: {{lat_deg: 50.0, lon_deg: 20.0}}
      launchers: [{{count: 1, loadout: [{{missile: 9M96E2, count: 1}}]}}]
threats:
  aircraft:
    - name: f
      type: fighter
      route: [{{lat_deg: 51.0, lon_deg: 20.0}}, {{lat_deg: 52.0, lon_deg: 20.0}}]
{extra}
"#
        )
    };
    let end = |extra: &str| match &load_str(&scenario(extra), "ends.yaml")
        .unwrap()
        .setup
        .threats[0]
        .motion
    {
        ThreatMotion::Route { end, .. } => *end,
        _ => unreachable!(),
    };
    assert_eq!(end(""), iadsim_setup::RouteEnd::Attack);
    assert_eq!(end("      route_end: leave"), iadsim_setup::RouteEnd::Leave);
    assert_eq!(
        end("      route_end: orbit\n      orbit_until_s: 1200"),
        iadsim_setup::RouteEnd::Orbit { until: 1200.0 }
    );
    let iadsim_setup::RouteEnd::Return { to } = end("      route_end: return") else {
        panic!("a return")
    };
    assert!(
        (to.lat.to_degrees() - 51.0).abs() < 1e-9,
        "back to the first point"
    );
    for (extra, path) in [
        ("      route_end: orbit", "threats.aircraft[0]"),
        (
            "      route_end: orbit\n      orbit_until_s: 4000",
            "threats.aircraft[0].orbit_until_s",
        ),
        (
            "      orbit_until_s: 100",
            "threats.aircraft[0].orbit_until_s",
        ),
        (
            "      route_end: leave\n      return_to: {lat_deg: 50, lon_deg: 20}",
            "threats.aircraft[0].return_to",
        ),
        ("      route_end: loiter", "threats.aircraft[0].route_end"),
    ] {
        let err = load_str(&scenario(extra), "ends.yaml").unwrap_err();
        assert!(
            err.problems.iter().any(|p| p.path == path),
            "{extra}: {err:?}"
        );
    }
}
