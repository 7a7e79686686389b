//! Route ends (issue 17): an aircraft may attack its last route point, leave there
//! (egress), orbit a racetrack on its last leg until a time, or return to a point; only
//! a threat that reaches an asset leaks.

use iadsim_core::Geodetic;
use iadsim_sim::events::{EventKind, EventLog};
use iadsim_sim::setup::ThreatMotion;
use iadsim_sim::{EngineOptions, PreparedSetup, Setup};

/// A port at 50°N 20°E, its battalion 1,000 km away (nothing engages), and five
/// fighters at 8 km, 250 m/s: one attacks the port, one attacks a point 100 km from it,
/// one egresses 360 km from it, one orbits until 1,500 s, one returns home.
fn raid() -> Setup {
    let yaml = r#"
name: route ends
seed: 3
duration_s: 3000
assets:
  - name: port
    position: {lat_deg: 50.0, lon_deg: 20.0}
    radius_m: 2000
regiment:
  battalions:
    - name: far
      position: {lat_deg: 41.0, lon_deg: 20.0}
      launchers:
        - count: 1
          loadout: [{missile: 9M96E2, count: 1}]
threats:
  aircraft:
    - name: attacker
      type: fighter
      speed_m_s: 250
      altitude_m: 8000
      target: port
      route:
        - {lat_deg: 51.5, lon_deg: 20.0}
        - {lat_deg: 50.0, lon_deg: 20.0}
    - name: short
      type: fighter
      speed_m_s: 250
      altitude_m: 8000
      route:
        - {lat_deg: 51.5, lon_deg: 21.0}
        - {from: port, north_km: 100}
    - name: egress
      type: fighter
      speed_m_s: 250
      altitude_m: 8000
      route_end: leave
      route:
        - {from: port, north_km: 60}
        - {from: port, north_km: 360}
    - name: orbiter
      type: fighter
      speed_m_s: 250
      altitude_m: 8000
      route_end: orbit
      orbit_until_s: 1500
      route:
        - {from: port, east_km: -200}
        - {from: port, east_km: -150, north_km: 40}
        - {from: port, east_km: -150, north_km: 120}
    - name: homecoming
      type: fighter
      speed_m_s: 250
      altitude_m: 8000
      route_end: return
      route:
        - {from: port, east_km: 300}
        - {from: port, east_km: 150}
"#;
    iadsim_scenario::load_str(yaml, "ends.yaml")
        .expect("the route-ends scenario loads")
        .setup
}

#[test]
fn only_a_threat_that_reaches_an_asset_leaks() {
    let setup = raid();
    let prepared = PreparedSetup::new(&setup).unwrap();
    let mut log = EventLog::default();
    let summary = prepared
        .run_with(0, &mut log, &EngineOptions::default())
        .unwrap();
    let fate = |name: &str| {
        let o = summary
            .threat_outcomes
            .iter()
            .find(|o| o.name == name)
            .unwrap();
        (o.fate.as_str(), o.end_time.unwrap())
    };
    let tr = prepared.trajectories();
    let port = setup.assets[0].position.to_ecef();
    // The attacker reaches the port (8 km above it) and leaks; nothing else does.
    assert_eq!(fate("attacker").0, "leaked");
    assert!((fate("attacker").1 - tr[0].end_time()).abs() < 1e-9);
    for (k, name) in ["short", "egress", "orbiter", "homecoming"]
        .iter()
        .enumerate()
    {
        let (f, end) = fate(name);
        assert_eq!(f, "left", "{name}");
        assert!((end - tr[k + 1].end_time()).abs() < 1e-9, "{name}");
    }
    // The egressing fighter ends 360 km from the port (the issue's case).
    let egress_end = tr[2].position_at(tr[2].end_time()).unwrap();
    let d = egress_end.distance(&port);
    assert!((d - 360_000.0).abs() < 10_000.0, "{d}");
    let aircraft = &summary.threats[0];
    assert_eq!((aircraft.count, aircraft.leaked), (5, 1));
    // It hits nothing from 8 km up (the hit rule is the aim point within the radius).
    assert_eq!(summary.assets[0].hits, 0);
    let leaks: Vec<usize> = log
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Leak { threat } => Some(threat),
            _ => None,
        })
        .collect();
    assert_eq!(leaks, vec![0]);
}

#[test]
fn an_orbit_flies_the_racetrack_until_its_time_and_a_return_ends_home() {
    let setup = raid();
    let prepared = PreparedSetup::new(&setup).unwrap();
    let tr = prepared.trajectories();
    let route = |k: usize| match &setup.threats[k].motion {
        ThreatMotion::Route { waypoints, .. } => waypoints.clone(),
        _ => unreachable!(),
    };
    // The orbit: to the last leg's end (A = 150 km W 40 km N, B = 150 km W 120 km N),
    // then laps of ~2·80 km + 2·(2.2·r) until at least 1,500 s, ending at B.
    let orbiter = &tr[3];
    let lap = (2.0 * 80e3 + 2.0 * 2.2 * 250.0 / 5f64.to_radians()) / 250.0;
    assert!(orbiter.end_time() >= 1500.0, "{}", orbiter.end_time());
    assert!(
        orbiter.end_time() < 1500.0 + lap,
        "{} vs lap {lap}",
        orbiter.end_time()
    );
    let (a, b) = (route(3)[1], route(3)[2]);
    assert!((iadsim_core::geodesic::inverse(&a, &b).distance - 80e3).abs() < 1e3);
    let b = b.to_ecef();
    let end = orbiter.position_at(orbiter.end_time()).unwrap();
    assert!(end.distance(&b) < 1.0, "{}", end.distance(&b));
    // On the racetrack all the while: never more than the leg's half-length plus the
    // width from the leg's middle, always east of 150 km W (turning right, to the east).
    let middle = iadsim_core::Ecef(0.5 * (a.to_ecef().0 + b.0));
    let arrive = 1000.0; // well after reaching the leg
    let mut t = arrive;
    while t <= orbiter.end_time() {
        let p = orbiter.geodetic_at(t).unwrap();
        let d = p.to_ecef().distance(&middle);
        assert!(
            d < 40e3 + 2.2 * 250.0 / 5f64.to_radians() + 2e3,
            "t {t}: {d}"
        );
        t += 5.0;
    }
    // The return ends at the first route point, at flight height.
    let home = &tr[4];
    let first: Geodetic = route(4)[0];
    let end = home.position_at(home.end_time()).unwrap();
    assert!(end.distance(&first.to_ecef()) < 1.0);
}
