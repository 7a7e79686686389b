//! A small hand-built setup for engine tests (no scenario file involved).
#![allow(dead_code)]

use iadsim_core::Geodetic;
use iadsim_sim::setup::*;

/// A radar of `role` at `pos` detecting a 5 m² target at `reference_range` (m), turning
/// every `scan_period` s.
pub fn radar(role: RadarRole, pos: Geodetic, reference_range: f64, scan_period: f64) -> Radar {
    Radar {
        name: format!("{role:?}"),
        type_name: "test".into(),
        role,
        position: pos.with_height(pos.height + 20.0),
        ground_height: pos.height,
        surface_height: 0.0,
        instrumented_range: 600_000.0,
        reference_range,
        reference_rcs: 1.0,
        detection_probability: 0.9,
        scan_period,
        // A fixed phase: the tests time their looks from the beam at north at t = 0.
        scan_phase: Some(0.0),
        min_elevation: (-2.0f64).to_radians(),
        max_elevation: 75f64.to_radians(),
        sigma_range: 50.0,
        sigma_azimuth: 0.2f64.to_radians(),
        sigma_elevation: 0.2f64.to_radians(),
        max_tracks: 36,
        max_guided_missiles: 72,
        sector_centre: None,
        sector_width: match role {
            RadarRole::Acquisition => std::f64::consts::TAU,
            RadarRole::Engagement => 90f64.to_radians(),
        },
        slew_rate: 10f64.to_radians(),
    }
}

/// A 48N6-class missile with catalogue-like figures.
pub fn missile() -> Missile {
    Missile {
        type_name: "48N6E2".into(),
        max_range: 200_000.0,
        max_range_ballistic: 40_000.0,
        min_range: 3_000.0,
        min_altitude: 10.0,
        max_altitude: 27_000.0,
        average_speed: 1_800.0,
        max_target_speed: 4_800.0,
        single_shot_pk: 0.8,
        lethal_radius: 20.0,
        max_flight_time: 160.0,
        unit_cost: None,
    }
}

/// A command post `name` at `pos`, deciding every 2 s.
pub fn command_post(name: &str, pos: Geodetic) -> CommandPost {
    CommandPost {
        name: name.into(),
        type_name: "55K6E".into(),
        position: pos,
        decision_period: 2.0,
        reaction_time: 5.0,
    }
}

/// One battalion at (50°N, 30°E) defending a city 10 km north, attacked by `threats`.
pub fn setup(threats: Vec<Threat>, doctrine: Doctrine) -> Setup {
    let site = Geodetic::from_degrees(50.0, 30.0, 0.0);
    let city = Geodetic::from_degrees(50.09, 30.0, 0.0);
    let launchers = (0..8)
        .map(|i| Launcher {
            name: format!("L{i}"),
            type_name: "5P85TE2".into(),
            position: Geodetic::from_degrees(50.0 + 0.005 * i as f64, 30.01, 0.0),
            loadout: vec![MissileLoad {
                missile: missile(),
                count: 4,
            }],
            launch_interval: 3.0,
        })
        .collect();
    Setup {
        terrain: None,
        name: "test".into(),
        seed: 7,
        duration: 900.0,
        time_step: 0.5,
        assets: vec![Asset {
            name: "city".into(),
            position: city,
            value: 10.0,
            radius: 5_000.0,
        }],
        regiment: Regiment {
            name: "regiment".into(),
            command_post: command_post("regiment CP", site),
            battalions: vec![Battalion {
                name: "bn1".into(),
                command_post: command_post("bn1 CP", site),
                acquisition_radar: radar(RadarRole::Acquisition, site, 250_000.0, 10.0),
                engagement_radar: radar(RadarRole::Engagement, site, 200_000.0, 2.0),
                launchers,
            }],
        },
        threats,
        doctrine,
        costs: None,
    }
}

/// Two-round salvos, shoot-look-shoot, no ballistic reserve.
pub fn doctrine() -> Doctrine {
    Doctrine {
        salvo_size: 2,
        shoot_look_shoot: true,
        ballistic_reserve: 0,
        allow_double_engagement: false,
        class_priority: Default::default(),
    }
}

/// A cruise missile flying 300 km from the south-west... towards the city at 50 m.
pub fn cruise_missile(name: &str, start: f64, lon_offset: f64) -> Threat {
    Threat {
        name: name.into(),
        type_name: "subsonic_cruise_missile".into(),
        class: ThreatClass::CruiseMissile,
        rcs: 0.1,
        start_time: start,
        motion: ThreatMotion::Route {
            terrain_clearance: None,
            waypoints: vec![
                Geodetic::from_degrees(48.5, 30.0 + lon_offset, 50.0),
                Geodetic::from_degrees(50.09, 30.0, 50.0),
            ],
            speed: 245.0,
            max_turn_rate: 3f64.to_radians(),
            end: Default::default(),
        },
        target_asset: Some(0),
        debris: Default::default(),
    }
}

/// A fighter appearing at `start` s on a route over the defended area.
pub fn fighter(name: &str, start: f64) -> Threat {
    Threat {
        name: name.into(),
        type_name: "fighter".into(),
        class: ThreatClass::Aircraft,
        rcs: 3.0,
        start_time: start,
        motion: ThreatMotion::Route {
            terrain_clearance: None,
            waypoints: vec![
                Geodetic::from_degrees(52.5, 31.0, 9_000.0),
                Geodetic::from_degrees(50.5, 30.2, 9_000.0),
            ],
            speed: 250.0,
            max_turn_rate: 3f64.to_radians(),
            end: Default::default(),
        },
        target_asset: None,
        debris: Default::default(),
    }
}

/// A ballistic missile launched at `start` s at the defended asset.
pub fn ballistic(name: &str, start: f64) -> Threat {
    // ~1,000 km minimum-energy shot from the south at the city.
    Threat {
        name: name.into(),
        type_name: "mrbm".into(),
        class: ThreatClass::BallisticMissile,
        rcs: 0.05,
        start_time: start,
        motion: ThreatMotion::Ballistic {
            launch: Geodetic::from_degrees(41.1, 30.0, 0.0),
            impact: Geodetic::from_degrees(50.09, 30.0, 0.0),
            profile: BallisticProfile::MinimumEnergy,
            ballistic_coefficient: None,
        },
        target_asset: Some(0),
        debris: Default::default(),
    }
}

/// A mixed raid against the one-battalion setup: `cruise_missiles` cruise missiles 20 s
/// apart, a fighter and a ballistic missile.
pub fn mixed_raid(cruise_missiles: usize) -> Setup {
    let mut threats: Vec<Threat> = (0..cruise_missiles)
        .map(|i| cruise_missile(&format!("cm{i}"), 20.0 * i as f64, 0.05 * i as f64))
        .collect();
    threats.push(fighter("f1", 0.0));
    threats.push(ballistic("bm1", 100.0));
    setup(threats, doctrine())
}

/// The one-battalion setup with a second battalion (same radars and launchers) 0.25° east
/// (~18 km) of the first: both battalions see the same threats.
pub fn two_battalions(threats: Vec<Threat>, doctrine: Doctrine) -> Setup {
    let mut s = setup(threats, doctrine);
    let mut bn = s.regiment.battalions[0].clone();
    let east = |g: Geodetic| Geodetic::from_degrees(g.lat_deg(), g.lon_deg() + 0.25, g.height);
    bn.name = "bn2".into();
    bn.command_post = command_post("bn2 CP", east(bn.command_post.position));
    bn.acquisition_radar.position = east(bn.acquisition_radar.position);
    bn.engagement_radar.position = east(bn.engagement_radar.position);
    for (i, l) in bn.launchers.iter_mut().enumerate() {
        l.name = format!("bn2 L{i}");
        l.position = east(l.position);
    }
    s.regiment.battalions.push(bn);
    s
}

/// A kind of track event, for [`track_event_times`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackEvent {
    /// `track_start`.
    Start,
    /// `track_report`.
    Report,
    /// `track_loss`.
    Loss,
}

/// Which track picture an event comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// Any battalion's.
    Battalion,
    /// The regiment command post's.
    Regiment,
}

/// Times (s) of the `kind` events of `picture` in `log`, in log order.
pub fn track_event_times(
    log: &iadsim_sim::events::EventLog,
    kind: TrackEvent,
    picture: Picture,
) -> Vec<f64> {
    use iadsim_sim::events::EventKind;
    log.events
        .iter()
        .filter(|e| {
            let (k, battalion) = match e.kind {
                EventKind::TrackStart { battalion, .. } => (TrackEvent::Start, battalion),
                EventKind::TrackReport { battalion, .. } => (TrackEvent::Report, battalion),
                EventKind::TrackLoss { battalion, .. } => (TrackEvent::Loss, battalion),
                _ => return false,
            };
            let p = match battalion {
                Some(_) => Picture::Battalion,
                None => Picture::Regiment,
            };
            k == kind && p == picture
        })
        .map(|e| e.time)
        .collect()
}
