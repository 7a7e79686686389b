//! Values valid in form but beyond what the model carries, budgets, overrides on missing
//! sections, and values that are valid but probably not meant (warnings).

use iadsim_core::ballistic::Arc;
use iadsim_scenario::{load_str, load_str_with};

const BASE: &str = r#"
name: test
duration_s: 1800
assets:
  - name: port
    position: {lat_deg: -17.8, lon_deg: 179.6, alt_m: 0}
regiment:
  battalions:
    - name: coast
      position: {from: port, north_km: 5, alt_m: 40}
      launchers:
        - count: 8
          loadout: [{missile: 48N6E3, count: 4}]
"#;

fn problems(src: &str) -> Vec<String> {
    match load_str(src, "t.yaml") {
        Ok(_) => Vec::new(),
        Err(d) => d.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn set_reaches_a_doctrine_the_file_does_not_have() {
    let set = |path: &str, value: &str| vec![(path.to_string(), value.to_string())];
    let l = load_str_with(BASE, "t.yaml", &set("doctrine.salvo_size", "1"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(l.setup.doctrine.salvo_size, 1);
    // The value is still checked where it lands.
    let d = load_str_with(BASE, "t.yaml", &set("doctrine.salvo_size", "9")).unwrap_err();
    assert!(
        d.to_string()
            .contains("doctrine.salvo_size: 9 is too large"),
        "{d}"
    );
    // A misspelt section is an unknown field with the nearest name.
    let d = load_str_with(BASE, "t.yaml", &set("doctrin.salvo_size", "1")).unwrap_err();
    assert!(d.to_string().contains("did you mean \"doctrine\"?"), "{d}");
}

#[test]
fn a_km_h_speed_draws_a_warning_naming_the_type_range() {
    let src = format!(
        "{BASE}threats:\n  cruise_missiles:\n    - {{name: w, type: subsonic_cruise_missile, \
         launch: {{from: port, east_km: 300}}, target: port, speed_m_s: 880}}\n"
    );
    let l = load_str(&src, "t.yaml").unwrap_or_else(|d| panic!("{d}"));
    let w: Vec<String> = l.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains(
            "speed_m_s 880 is outside the typical range of subsonic_cruise_missile (150–320 m/s)"
        ) && w[0].contains("880 km/h would be 244 m/s"),
        "{}",
        w[0]
    );
    // The catalogue's own speed, or one in the typical range, draws none.
    for speed in ["", ", speed_m_s: 230"] {
        let src = format!(
            "{BASE}threats:\n  cruise_missiles:\n    - {{name: w, type: subsonic_cruise_missile, \
             launch: {{from: port, east_km: 300}}, target: port{speed}}}\n"
        );
        let l = load_str(&src, "t.yaml").unwrap_or_else(|d| panic!("{d}"));
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    }
}

#[test]
fn the_validator_and_the_engine_agree_on_the_minimum_energy_angle() {
    // A 300 km shot from a site 9 km up: the engine's conic (radii of launch and impact
    // from their ECEF positions) puts the minimum-energy angle ~0.8° below the spherical
    // (π − ψ)/4 the loader used to check against. An angle between the two is a valid
    // depressed angle to neither, and a valid lofted angle to both (the loader now uses
    // the engine's form: iadsim_core::ballistic::Arc).
    let src = |profile: &str, angle: f64| {
        format!(
            "name: t\nduration_s: 1800\nassets:\n  - {{name: a, position: {{lat_deg: 2.7, lon_deg: 0.0}}}}\n\
             regiment:\n  battalions:\n    - name: b\n      position: {{from: a, north_km: 5}}\n\
             \x20     launchers: [{{count: 8, loadout: [{{missile: 48N6E3, count: 4}}]}}]\n\
             threats:\n  ballistic_missiles:\n    - {{name: m, type: srbm, launch: {{lat_deg: 0.0, lon_deg: 0.0, alt_m: 9000}}, \
             target: a, profile: {profile}, flight_path_angle_deg: {angle}}}\n"
        )
    };
    let launch = iadsim_core::Geodetic::from_degrees(0.0, 0.0, 9000.0);
    let impact = iadsim_core::Geodetic::from_degrees(2.7, 0.0, 0.0);
    let arc = Arc::between(&launch.to_ecef(), &impact.to_ecef()).unwrap();
    let engine = arc.minimum_energy_angle().to_degrees();
    let range = iadsim_core::geodesic::inverse(&launch, &impact).distance;
    let sphere = (180.0 - (range / iadsim_core::wgs84::MEAN_RADIUS).to_degrees()) / 4.0;
    assert!(
        sphere - engine > 0.5,
        "sphere {sphere}°, ellipsoid {engine}°"
    );
    let between = 0.5 * (engine + sphere);
    assert!(problems(&src("lofted", between)).is_empty());
    let p = problems(&src("depressed", between));
    assert!(
        p.len() == 1 && p[0].contains("a depressed trajectory needs a flight-path angle below"),
        "{p:?}"
    );
}

#[test]
fn unknown_types_do_not_hide_other_problems() {
    let src = format!(
        "{BASE}threats:\n  aircraft:\n    - name: f\n      type: fihgter\n      \
         route: [{{from: port, east_km: -300, alt_m: 9000}}, {{lat_deg: -95, lon_deg: 179.0}}]\n"
    );
    let p = problems(&src);
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].contains("unknown aircraft type \"fihgter\""), "{p:?}");
    assert!(p[1].contains("latitude -95 is out of range"), "{p:?}");
}

#[test]
fn a_multiplied_count_is_refused_before_it_is_expanded() {
    // 3,000 waves of 10,000: 30 million threats (the file is ~500 KB).
    let mut src = format!("{BASE}threats:\n  cruise_missiles:\n");
    for i in 0..3000 {
        src.push_str(&format!(
            "    - {{name: w{i}, type: subsonic_cruise_missile, count: 10000, interval_s: 0, \
             lateral_spacing_km: 0.1, launch: {{from: port, north_km: 120}}, target: port}}\n"
        ));
    }
    let p = problems(&src);
    assert_eq!(p.len(), 1, "{:?}", p.iter().take(3).collect::<Vec<_>>());
    assert!(
        p[0].contains("the threat groups expand to 30,000,000 threats; at most 100,000"),
        "{}",
        p[0]
    );
}
