//! Shared helpers for the `radar_*` tests: catalogue-like radars (placeholder figures of
//! the 91N6E / 92N6E class) and simple threats. Included by the other files with
//! `#[path]`; it holds no tests of its own.
#![allow(dead_code)]

use iadsim_core::Geodetic;
use iadsim_sim::setup::*;

/// A 91N6E-class acquisition radar at `site` (ground height): detects 10 m² at 600 km
/// with Pd 0.9 (i.e. 4 m² at 477 km), 8 m mast, 10 s rotation, 600 km instrumented.
pub fn acquisition(site: Geodetic) -> Radar {
    Radar {
        name: "91N6E".into(),
        type_name: "91N6E".into(),
        role: RadarRole::Acquisition,
        position: site.with_height(site.height + 8.0),
        ground_height: site.height,
        surface_height: 0.0,
        instrumented_range: 600_000.0,
        reference_range: 600_000.0,
        reference_rcs: 10.0,
        detection_probability: 0.9,
        scan_period: 10.0,
        scan_phase: Some(0.0),
        min_elevation: 0f64.to_radians(),
        max_elevation: 60f64.to_radians(),
        sigma_range: 150.0,
        sigma_azimuth: 0.2f64.to_radians(),
        sigma_elevation: 0.3f64.to_radians(),
        max_tracks: 300,
        max_guided_missiles: 0,
        sector_centre: None,
        sector_width: std::f64::consts::TAU,
        slew_rate: 0.0,
    }
}

/// A 92N6E-class engagement radar at `site`: 4 m² at 400 km with Pd 0.9, 24 m mast,
/// 1 s sector frame, 400 km instrumented, 36 tracks, 72 guided missiles.
pub fn engagement(site: Geodetic) -> Radar {
    Radar {
        name: "92N6E".into(),
        type_name: "92N6E".into(),
        role: RadarRole::Engagement,
        position: site.with_height(site.height + 24.0),
        ground_height: site.height,
        surface_height: 0.0,
        instrumented_range: 400_000.0,
        reference_range: 400_000.0,
        reference_rcs: 4.0,
        detection_probability: 0.9,
        scan_period: 1.0,
        scan_phase: Some(0.0),
        min_elevation: 0f64.to_radians(),
        max_elevation: 85f64.to_radians(),
        sigma_range: 15.0,
        sigma_azimuth: 0.05f64.to_radians(),
        sigma_elevation: 0.05f64.to_radians(),
        max_tracks: 36,
        max_guided_missiles: 72,
        sector_centre: None,
        sector_width: 90f64.to_radians(),
        slew_rate: 10f64.to_radians(),
    }
}

/// A threat flying a straight route between `waypoints` at `speed` (m/s).
pub fn route(
    name: &str,
    class: ThreatClass,
    rcs: f64,
    waypoints: Vec<Geodetic>,
    speed: f64,
) -> Threat {
    Threat {
        name: name.into(),
        type_name: "test".into(),
        class,
        rcs,
        start_time: 0.0,
        motion: ThreatMotion::Route {
            terrain_clearance: None,
            waypoints,
            speed,
            max_turn_rate: 3f64.to_radians(),
            end: Default::default(),
        },
        target_asset: None,
        debris: Default::default(),
    }
}

/// A missile type with a catalogue-like envelope.
pub fn missile(name: &str, max_range: f64, min_range: f64, max_altitude: f64) -> Missile {
    Missile {
        type_name: name.into(),
        max_range,
        max_range_ballistic: 60_000.0,
        min_range,
        min_altitude: 10.0,
        max_altitude,
        average_speed: 1_500.0,
        max_target_speed: 4_800.0,
        single_shot_pk: 0.8,
        lethal_radius: 20.0,
        max_flight_time: 300.0,
        unit_cost: None,
    }
}

fn command_post(name: &str, pos: Geodetic) -> CommandPost {
    CommandPost {
        name: name.into(),
        type_name: "55K6E".into(),
        position: pos,
        decision_period: 2.0,
        reaction_time: 5.0,
    }
}

/// A battalion at `site` with both radars and 8 launchers of 40N6E and 48N6E3.
pub fn battalion(name: &str, site: Geodetic) -> Battalion {
    let launchers = (0..8)
        .map(|i| Launcher {
            name: format!("{name}-L{i}"),
            type_name: "5P85TE2".into(),
            position: Geodetic::from_degrees(
                site.lat_deg() + 0.004 * f64::from(i),
                site.lon_deg() + 0.01,
                site.height,
            ),
            loadout: vec![
                MissileLoad {
                    missile: missile("40N6E", 400_000.0, 3_000.0, 30_000.0),
                    count: 2,
                },
                MissileLoad {
                    missile: missile("48N6E3", 250_000.0, 3_000.0, 27_000.0),
                    count: 2,
                },
            ],
            launch_interval: 3.0,
        })
        .collect();
    let mut acq = acquisition(site);
    acq.name = format!("{name} 91N6E");
    let mut eng = engagement(site);
    eng.name = format!("{name} 92N6E");
    Battalion {
        name: name.into(),
        command_post: command_post(&format!("{name} CP"), site),
        acquisition_radar: acq,
        engagement_radar: eng,
        launchers,
    }
}

/// The regiment of the coverage benchmark: two battalions at 48°N 67°E ± 20 km (east–
/// west), defending a city 40 km north of the centre.
pub fn regiment_setup() -> Setup {
    let centre = Geodetic::from_degrees(48.0, 67.0, 0.0);
    let (west, _) = iadsim_core::geodesic::direct(&centre, 270f64.to_radians(), 20_000.0);
    let (east, _) = iadsim_core::geodesic::direct(&centre, 90f64.to_radians(), 20_000.0);
    let (city, _) = iadsim_core::geodesic::direct(&centre, 0.0, 40_000.0);
    Setup {
        terrain: None,
        name: "regiment".into(),
        seed: 1,
        duration: 600.0,
        time_step: 0.5,
        assets: vec![Asset {
            name: "city".into(),
            position: city,
            value: 10.0,
            radius: 5_000.0,
        }],
        regiment: Regiment {
            name: "regiment".into(),
            command_post: command_post("regiment CP", centre),
            battalions: vec![battalion("bn1", west), battalion("bn2", east)],
        },
        threats: vec![],
        doctrine: Doctrine {
            salvo_size: 2,
            shoot_look_shoot: true,
            ballistic_reserve: 0,
            allow_double_engagement: false,
            class_priority: Default::default(),
        },
        costs: None,
    }
}
