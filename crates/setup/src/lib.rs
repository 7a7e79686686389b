//! # iadsim-setup
//!
//! The run-ready description of a scenario: validated, in SI units, every catalogue
//! reference resolved, every wave expanded into individual threats.
//!
//! This is the only thing the engine (`iadsim-sim`) reads, and what the file format
//! (`iadsim-scenario`) produces: a crate of its own so that the format, its validator and
//! its fuzz target do not compile the engine. A library user can also build a [`Setup`]
//! by hand. Plain data: the checks live in `iadsim-scenario` (file rules) and in the
//! engine (what it relies on).
//!
//! Units and frames: positions are geodetic (WGS-84); heights are metres above the
//! ellipsoid; angles radians; times seconds from scenario start. Checked by the
//! scenario crate's tests (file → setup, units converted once) and the engine's.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iadsim_core::Geodetic;
use serde::{Deserialize, Serialize};

/// A whole scenario, ready to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    /// Scenario name.
    pub name: String,
    /// Master seed; every random stream derives from (seed, replication, stream id).
    pub seed: u64,
    /// Simulated time span, s.
    pub duration: f64,
    /// Base dynamics step, s.
    pub time_step: f64,
    /// Defended assets, in file order; threats refer to them by index.
    pub assets: Vec<Asset>,
    /// The defending regiment.
    pub regiment: Regiment,
    /// Individual threats (waves already expanded), in file order.
    pub threats: Vec<Threat>,
    /// Fire doctrine for the battle manager.
    pub doctrine: Doctrine,
    /// Unit costs for the cost-exchange measures, when the scenario gives them (the
    /// catalogue gives none). `None`: the summary has no cost block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<Costs>,
    /// The terrain model, when the scenario names one. `None`: the Earth is smooth (the
    /// radars' horizon is over their `surface_height`, routes fly the heights given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terrain: Option<Terrain>,
}

/// A terrain model: a digital elevation model the engine reads when it prepares a run.
/// With one, every radar's line of sight is tested against the terrain (its antenna on
/// the DEM ground at its site, its mast above it) and routes with a
/// `terrain_clearance` ([`ThreatMotion::Route`]) follow the DEM ground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terrain {
    /// Folder of SRTM `.hgt` tiles (1° × 1°, 1201² or 3601² big-endian heights in metres,
    /// named after their south-west corner, e.g. `N48E067.hgt`). The scenario loader
    /// makes a relative path in the file relative to the scenario file's folder; a
    /// relative path here is relative to the working directory.
    pub dem: PathBuf,
}

/// Unit costs and values, all in one currency-neutral unit the analyst names (e.g.
/// "MUSD"). Used only by the cost-exchange measures of the summary and the Monte Carlo
/// table; nothing in the engine's decisions reads them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Costs {
    /// Label of the unit every value below is in (shown in outputs, never converted).
    pub unit: String,
    /// Cost of one interceptor, by catalogue missile type name (≥ 0, finite).
    pub interceptors: BTreeMap<String, f64>,
    /// Value of one threat, by catalogue threat type name (≥ 0, finite).
    pub threats: BTreeMap<String, f64>,
    /// Value lost when a defended asset is hit at least once, by asset name (≥ 0, finite).
    pub assets: BTreeMap<String, f64>,
}

/// A defended asset: a point with a value and a radius inside which an arriving threat
/// counts as a hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    /// Unique name.
    pub name: String,
    /// Centre of the asset.
    pub position: Geodetic,
    /// Relative value (dimensionless, > 0), used to rank threats.
    pub value: f64,
    /// Radius, m: a threat whose aim point falls within it hits the asset.
    pub radius: f64,
}

/// The regiment: a command post over its battalions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regiment {
    /// Regiment name.
    pub name: String,
    /// The regiment command post.
    pub command_post: CommandPost,
    /// The battalions, in file order.
    pub battalions: Vec<Battalion>,
}

/// A command post (regiment or battalion level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandPost {
    /// Unique name.
    pub name: String,
    /// Catalogue type, e.g. "55K6E".
    pub type_name: String,
    /// Position.
    pub position: Geodetic,
    /// Period of the decision cycle (threat evaluation + assignment), s.
    pub decision_period: f64,
    /// Delay from a decision to the first launch it orders, s.
    pub reaction_time: f64,
}

/// A fire unit: command post, acquisition radar, engagement radar and launchers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Battalion {
    /// Unique name.
    pub name: String,
    /// The battalion command post.
    pub command_post: CommandPost,
    /// The surveillance (acquisition) radar.
    pub acquisition_radar: Radar,
    /// The fire-control (engagement) radar; it also guides the battalion's missiles.
    pub engagement_radar: Radar,
    /// Launchers, one entry per vehicle (groups with a count are expanded).
    pub launchers: Vec<Launcher>,
}

/// What a radar does in the battalion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RadarRole {
    /// Rotating surveillance radar feeding the battalion picture.
    Acquisition,
    /// Sector-scanning fire-control radar that tracks targets and guides missiles.
    Engagement,
}

/// A radar site, described by the figures the first detection model uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Radar {
    /// Unique name.
    pub name: String,
    /// Catalogue type, e.g. "91N6E".
    pub type_name: String,
    /// Role in the battalion.
    pub role: RadarRole,
    /// Antenna phase centre (site position with mast height added).
    pub position: Geodetic,
    /// Ground height at the site above the ellipsoid, m (`position` is this plus the
    /// mast). Line of sight is over the smooth surface at `surface_height` without a
    /// terrain model (a site standing above it sees that much farther), and over the
    /// DEM with one (the mast then stands on the DEM ground at the site).
    pub ground_height: f64,
    /// Height above the ellipsoid of the smooth surface the horizon is computed over, m:
    /// the scenario's `terrain.surface_height_m`, by default the lowest ground in play
    /// (0 for a coastal scenario; the plateau's ground inland). Without a DEM the engine
    /// cannot know the terrain between a radar and a low flier; the lowest ground in
    /// play is the conservative smooth surface. A DEM, when given, masks on top of it.
    #[serde(default)]
    pub surface_height: f64,
    /// Instrumented range: no detection beyond it, m.
    pub instrumented_range: f64,
    /// Range at which a target of `reference_rcs` is detected with `detection_probability`, m.
    pub reference_range: f64,
    /// RCS the reference range refers to, m².
    pub reference_rcs: f64,
    /// Single-look detection probability inside coverage (first model), in (0, 1].
    pub detection_probability: f64,
    /// Time between looks at the same direction (rotation or revisit period), s.
    pub scan_period: f64,
    /// Scan phase at scenario start, s in [0, `scan_period`): when the beam first points
    /// north (rotating) or the first search frame starts (sector). `None`, the default:
    /// unknown to the defence, drawn uniformly on [0, `scan_period`) per replication from
    /// the radar's own random stream.
    #[serde(default)]
    pub scan_phase: Option<f64>,
    /// Lowest elevation of the beam, rad.
    pub min_elevation: f64,
    /// Highest elevation of the beam, rad.
    pub max_elevation: f64,
    /// 1-σ range measurement error, m.
    pub sigma_range: f64,
    /// 1-σ azimuth measurement error, rad.
    pub sigma_azimuth: f64,
    /// 1-σ elevation measurement error, rad.
    pub sigma_elevation: f64,
    /// Targets it can track at once.
    pub max_tracks: u32,
    /// Missiles it can guide at once (0 for a radar that guides none).
    pub max_guided_missiles: u32,
    /// Centre of the search sector of a sector-scanning (engagement) radar at the start,
    /// rad clockwise from north: the scenario's `sector.centre_deg`, else the threat axis
    /// it gives for the battalion or the regiment. `None`: the engine's default (facing
    /// away from the defended assets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector_centre: Option<f64>,
    /// Width of the search sector, rad, in (0, 2π]; 2π for a radar that searches all
    /// round (the rotating acquisition radars).
    #[serde(default = "full_circle")]
    pub sector_width: f64,
    /// Rate at which the antenna turns to move its sector, rad/s (0: it cannot).
    #[serde(default)]
    pub slew_rate: f64,
}

/// 2π: a radar searching all round.
fn full_circle() -> f64 {
    std::f64::consts::TAU
}

/// One launcher vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Launcher {
    /// Unique name.
    pub name: String,
    /// Catalogue type, e.g. "5P85TE2".
    pub type_name: String,
    /// Position.
    pub position: Geodetic,
    /// Missiles loaded, by type.
    pub loadout: Vec<MissileLoad>,
    /// Least time between two launches from this launcher, s.
    pub launch_interval: f64,
}

/// A number of ready missiles of one type on a launcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissileLoad {
    /// The missile type.
    pub missile: Missile,
    /// Ready rounds.
    pub count: u32,
}

/// An interceptor type, by the figures the first engagement model uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Missile {
    /// Catalogue type, e.g. "48N6E3".
    pub type_name: String,
    /// Maximum engagement range against aerodynamic targets, m.
    pub max_range: f64,
    /// Maximum engagement range against ballistic targets, m.
    pub max_range_ballistic: f64,
    /// Minimum engagement range, m.
    pub min_range: f64,
    /// Lowest target height it engages, m.
    pub min_altitude: f64,
    /// Highest target height it engages, m.
    pub max_altitude: f64,
    /// Average fly-out speed, m/s (first flyout model).
    pub average_speed: f64,
    /// Fastest target it can engage, m/s.
    pub max_target_speed: f64,
    /// Probability of kill given the missile passes within `lethal_radius`.
    pub single_shot_pk: f64,
    /// Miss distance within which the warhead can kill, m.
    pub lethal_radius: f64,
    /// Maximum flight time before self-destruct, s.
    pub max_flight_time: f64,
    /// Unit cost in the catalogue's currency unit, if known.
    pub unit_cost: Option<f64>,
}

/// A class of threat, as the battle manager's doctrine distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreatClass {
    /// Manned or unmanned aircraft on a route.
    Aircraft,
    /// Air-breathing cruise missile.
    CruiseMissile,
    /// Ballistic missile (its re-entering body).
    BallisticMissile,
}

/// One threat entity (a wave of `count` becomes `count` of these).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threat {
    /// Unique name, e.g. "cruise-wave-1/07".
    pub name: String,
    /// Catalogue type, e.g. "subsonic_cruise_missile".
    pub type_name: String,
    /// Class.
    pub class: ThreatClass,
    /// Mean radar cross-section, m².
    pub rcs: f64,
    /// Time it appears (launch or route start), s.
    pub start_time: f64,
    /// How it moves.
    pub motion: ThreatMotion,
    /// The asset it is aimed at, as an index into [`Setup::assets`], if any.
    pub target_asset: Option<usize>,
    /// What it leaves when it is killed (absent in a setup written before debris: the
    /// catalogue's generic values, [`Debris::default`]).
    #[serde(default)]
    pub debris: Debris,
}

/// What a killed threat leaves: a few fragments that fall under gravity and drag, each
/// seen by radars and seekers with a mean RCS that fades from its share of the intact
/// threat's to a floor. Catalogue values per threat type (`debris_*` keys, tagged \[P\]),
/// overridable per wave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Debris {
    /// Fragments, 1–8.
    pub fragments: u32,
    /// Ballistic coefficient of a fragment, β = m/(C_D·A), kg/m² (the fragments spread
    /// from half to twice this, log-uniformly, so that they separate as they fall).
    pub ballistic_coefficient: f64,
    /// Speed at which the fragments leave the threat's path, m/s (each in a random
    /// direction).
    pub separation_speed: f64,
    /// Time constant of a fragment's RCS fading from its share of the intact threat's
    /// RCS to its floor, s.
    pub rcs_decay_time: f64,
    /// Floor of a fragment's mean RCS, as a fraction of the intact threat's RCS.
    pub rcs_floor_ratio: f64,
}

impl Default for Debris {
    /// Two fragments of β 1,000 kg/m² leaving at 20 m/s, their RCS fading over 3 s to a
    /// tenth of the intact threat's (\[P\], the catalogue's values for a cruise missile
    /// are of this order).
    fn default() -> Self {
        Self {
            fragments: 2,
            ballistic_coefficient: 1_000.0,
            separation_speed: 20.0,
            rcs_decay_time: 3.0,
            rcs_floor_ratio: 0.1,
        }
    }
}

/// The motion model of a threat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ThreatMotion {
    /// Flies great-circle (geodesic) legs through the waypoints at constant speed,
    /// turning at a finite rate; what happens at the last waypoint is `end`.
    Route {
        /// Waypoints; `height` is the flight height above the ellipsoid at that point, m.
        waypoints: Vec<Geodetic>,
        /// Ground speed, m/s.
        speed: f64,
        /// Maximum turn rate, rad/s.
        max_turn_rate: f64,
        /// What it does at the end of its route.
        #[serde(default)]
        end: RouteEnd,
        /// Height above the ground to follow over the setup's [`Terrain`], m (a cruise
        /// missile's `altitude_agl_m`): with a terrain model the route's height is the
        /// DEM ground under it plus this, and the waypoints' heights are not used.
        /// Without a terrain model, or `None`, the waypoints' heights are flown.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        terrain_clearance: Option<f64>,
    },
    /// Flies a ballistic trajectory from burnout at `launch` to `impact`.
    Ballistic {
        /// Burnout point (taken at the launch site, height of the site).
        launch: Geodetic,
        /// Impact point.
        impact: Geodetic,
        /// Trajectory shape.
        profile: BallisticProfile,
        /// Ballistic coefficient β = m/(C_D·A), kg/m², for drag on re-entry; `None` for
        /// no drag.
        ballistic_coefficient: Option<f64>,
    },
}

/// What a route threat does at the end of its route. Only a threat that reaches an
/// asset leaks: one that [`RouteEnd::Attack`]s an aim point no asset covers, or leaves,
/// is counted as gone, not as a leaker.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RouteEnd {
    /// The last waypoint is its aim point: the flight ends there (a leak when an asset
    /// covers the aim point).
    #[default]
    Attack,
    /// Egress: it leaves the scenario at the last waypoint.
    Leave,
    /// It flies a racetrack on the last leg (the last two waypoints, turning right at its
    /// ends at the maximum turn rate) and leaves at the end of the first lap that ends at
    /// or after `until`.
    Orbit {
        /// Time to orbit until, s.
        until: f64,
    },
    /// It flies on to `to` (height: flight height there) and leaves there.
    Return {
        /// The point it returns to.
        to: Geodetic,
    },
}

impl RouteEnd {
    /// Whether the flight ends on an aim point (it may then hit the assets around it).
    pub fn attacks(&self) -> bool {
        matches!(self, Self::Attack)
    }
}

/// The shape of a ballistic trajectory for a given ground range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BallisticProfile {
    /// The minimum-energy trajectory: flight-path angle γ = (π − ψ)/4.
    MinimumEnergy,
    /// Steeper than minimum energy: burnout flight-path angle, rad, above γ_min.
    Lofted {
        /// Burnout flight-path angle above the local horizontal, rad.
        flight_path_angle: f64,
    },
    /// Flatter than minimum energy: burnout flight-path angle, rad, below γ_min.
    Depressed {
        /// Burnout flight-path angle above the local horizontal, rad.
        flight_path_angle: f64,
    },
}

/// Fire doctrine consumed by the battle manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doctrine {
    /// Missiles launched at a target in one salvo (shoot-shoot), ≥ 1.
    pub salvo_size: u32,
    /// Look after a salvo and fire again at a survivor when time allows.
    pub shoot_look_shoot: bool,
    /// Missiles each battalion holds back for ballistic threats.
    pub ballistic_reserve: u32,
    /// Whether the two battalions may engage the same track.
    pub allow_double_engagement: bool,
    /// Priority weights by threat class, multiplying each threat's value in ranking and
    /// assignment.
    #[serde(default)]
    pub class_priority: ClassPriority,
}

/// Doctrine priorities by threat type: weights (> 0, 1 = neutral) on each class's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClassPriority {
    /// Weight of aircraft.
    pub aircraft: f64,
    /// Weight of cruise missiles.
    pub cruise_missile: f64,
    /// Weight of ballistic missiles.
    pub ballistic_missile: f64,
}

impl Default for ClassPriority {
    /// All classes weighted 1.
    fn default() -> Self {
        Self {
            aircraft: 1.0,
            cruise_missile: 1.0,
            ballistic_missile: 1.0,
        }
    }
}

impl ClassPriority {
    /// The weight of `class`.
    pub fn weight(&self, class: ThreatClass) -> f64 {
        match class {
            ThreatClass::Aircraft => self.aircraft,
            ThreatClass::CruiseMissile => self.cruise_missile,
            ThreatClass::BallisticMissile => self.ballistic_missile,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A radar written without the optional keys (a hand-built or older setup) reads with
    /// the documented defaults: searching all round (2π), a fixed antenna (slew 0), the
    /// smooth surface at the ellipsoid, unknown scan phase, the engine's sector centre;
    /// and it serialises back to the same value.
    #[test]
    fn a_radar_without_its_optional_keys_takes_the_documented_defaults() {
        let text = r#"{"name": "acq", "type_name": "91N6E", "role": "acquisition",
            "position": {"lat": 0.9, "lon": 0.5, "height": 38.0}, "ground_height": 0.0,
            "instrumented_range": 6.0e5, "reference_range": 3.9e5, "reference_rcs": 4.0,
            "detection_probability": 0.8, "scan_period": 10.0, "min_elevation": 0.0,
            "max_elevation": 1.2, "sigma_range": 50.0, "sigma_azimuth": 0.002,
            "sigma_elevation": 0.003, "max_tracks": 300, "max_guided_missiles": 0}"#;
        let r: Radar = serde_json::from_str(text).unwrap();
        assert_eq!(r.sector_width, std::f64::consts::TAU);
        assert_eq!(r.slew_rate, 0.0);
        assert_eq!(r.surface_height, 0.0);
        assert_eq!((r.scan_phase, r.sector_centre), (None, None));
        assert_eq!(r.role, RadarRole::Acquisition);
        let again: Radar = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
        assert!(!serde_json::to_string(&r).unwrap().contains("sector_centre"));
    }

    /// Doctrine without class priorities weighs every class 1; given, each class reads
    /// its own weight. A route end written as `{"kind": ...}` reads back as that end, and
    /// only `attack` ends on an aim point.
    #[test]
    fn doctrine_weights_and_route_ends_read_as_written() {
        let d: Doctrine = serde_json::from_str(
            r#"{"salvo_size": 2, "shoot_look_shoot": true, "ballistic_reserve": 4,
                "allow_double_engagement": false}"#,
        )
        .unwrap();
        for class in [
            ThreatClass::Aircraft,
            ThreatClass::CruiseMissile,
            ThreatClass::BallisticMissile,
        ] {
            assert_eq!(d.class_priority.weight(class), 1.0);
        }
        let p = ClassPriority {
            aircraft: 0.5,
            cruise_missile: 2.0,
            ballistic_missile: 3.0,
        };
        assert_eq!(
            [
                p.weight(ThreatClass::Aircraft),
                p.weight(ThreatClass::CruiseMissile),
                p.weight(ThreatClass::BallisticMissile)
            ],
            [0.5, 2.0, 3.0]
        );
        let ends: Vec<RouteEnd> = serde_json::from_str(
            r#"[{"kind": "attack"}, {"kind": "leave"}, {"kind": "orbit", "until": 900.0}]"#,
        )
        .unwrap();
        assert_eq!(ends[2], RouteEnd::Orbit { until: 900.0 });
        assert_eq!(
            ends.iter().map(RouteEnd::attacks).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(RouteEnd::default(), RouteEnd::Attack);
    }
}
