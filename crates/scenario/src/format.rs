//! The scenario file format: every record and field a scenario file may contain.
//!
//! Units are in the keys (`_km`, `_m`, `_deg`, `_m_s`, `_s`, `_m2`, `_dbsm`); conversion to
//! SI happens once, when the file is turned into a [`iadsim_setup::Setup`]. Fields
//! of type `Option` may be left out; their defaults are stated in each field's doc (and
//! in `docs/scenario.md`). The JSON schema of the format is generated from these types.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::catalogue::{
    COMMAND_POST_FIELDS, FieldSpec, LAUNCHER_FIELDS, MISSILE_FIELDS, RADAR_FIELDS, THREAT_FIELDS,
};
use crate::decode::{Count, Cx, Decode, Text, join, record, str_enum};
use crate::diag::{nearest, num};
use crate::tree::{Node, Value};

record! {
    /// A scenario file (the top level).
    pub struct ScenarioFile {
        /// Scenario name.
        pub name: String,
        /// Free-text description. Default: none.
        pub description: Option<Text>,
        /// Master seed of every random stream. Default: 1.
        pub seed: Option<u64>,
        /// Simulated time span, s (> 0, ≤ 7 days).
        pub duration_s: f64,
        /// Base dynamics time step, s (> 0, ≤ duration). Default: 0.5.
        pub time_step_s: Option<f64>,
        /// Named reference points for `from:` positions (no effect on the run). Default: none.
        pub sites: Option<Vec<SiteSpec>>,
        /// Defended assets. Default: none.
        pub assets: Option<Vec<AssetSpec>>,
        /// The defending regiment.
        pub regiment: RegimentSpec,
        /// The attacking threats. Default: none.
        pub threats: Option<ThreatsSpec>,
        /// Fire doctrine for the battle manager. Default: every doctrine default.
        pub doctrine: Option<DoctrineSpec>,
        /// Unit costs for the cost-exchange measures. Default: none (no cost measures).
        pub costs: Option<CostsSpec>,
        /// The terrain: a digital elevation model, or the smooth surface the radar
        /// horizon is computed over. Default: a smooth Earth at the lowest ground in play.
        pub terrain: Option<TerrainSpec>,
    }
}

record! {
    /// The terrain as the run knows it: a smooth 4/3 Earth at one height, or a digital
    /// elevation model (SRTM `.hgt` tiles) that masks every radar's line of sight and
    /// that cruise missiles follow at their `altitude_agl_m`.
    pub struct TerrainSpec {
        /// Height above the WGS-84 ellipsoid of the smooth surface the radar horizon is
        /// computed over, m (−500 to 9,000). Default: the lowest ground height in the
        /// file (assets, battalions, command posts, radars, launchers, cruise-missile
        /// launch, waypoints and aim points, ballistic impact points), or 0 without any.
        /// Not with a `dem` (the DEM gives the ground).
        pub surface_height_m: Option<f64>,
        /// Folder of SRTM `.hgt` tiles (1° × 1°, 1201² or 3601² samples, named after the
        /// south-west corner, e.g. `N48E067.hgt`), relative to the scenario file's
        /// folder. Every radar site must lie on a tile. Default: none (smooth Earth).
        pub dem: Option<String>,
    }
}

record! {
    /// A geodetic position, absolute or as an offset from a named site.
    ///
    /// Absolute: `{lat_deg, lon_deg, alt_m}`. Relative: `{from, east_km, north_km, alt_m}`
    /// where `from` names a site, an asset or a battalion; the offset is applied along the
    /// geodesic from that place. Give either `lat_deg` and `lon_deg`, or `from`.
    pub struct Position {
        /// Geodetic latitude, degrees north, in [−90, 90].
        pub lat_deg: Option<f64>,
        /// Longitude, degrees east, in [−180, 180].
        pub lon_deg: Option<f64>,
        /// Height above the WGS-84 ellipsoid (taken as above sea level; no terrain
        /// model), m. Default: 0 (for aircraft route points: the group's `altitude_m`).
        pub alt_m: Option<f64>,
        /// Name of a site, asset or battalion this position is relative to.
        pub from: Option<String>,
        /// Offset east of `from`, km. Default: 0.
        pub east_km: Option<f64>,
        /// Offset north of `from`, km. Default: 0.
        pub north_km: Option<f64>,
    }
}

record! {
    /// A named reference point.
    pub struct SiteSpec {
        /// Unique name.
        pub name: String,
        /// Where it is.
        pub position: Position,
    }
}

record! {
    /// A defended asset.
    pub struct AssetSpec {
        /// Unique name; threats aim at it with `target: <name>`.
        pub name: String,
        /// Centre of the asset.
        pub position: Position,
        /// Relative value (> 0), used to rank threats. Default: 1.
        pub value: Option<f64>,
        /// Radius, m (> 0): a threat whose aim point is within it hits the asset. Default: 1000.
        pub radius_m: Option<f64>,
    }
}

record! {
    /// The regiment.
    pub struct RegimentSpec {
        /// Regiment name. Default: "regiment".
        pub name: Option<String>,
        /// Regiment command post. Default: a 55K6E at the mean position of the battalions.
        pub command_post: Option<CommandPostSpec>,
        /// Azimuth the threat is expected from, degrees clockwise from north, in [0, 360):
        /// the default centre of every engagement radar's sector. Default: none (each
        /// sector faces away from the defended assets).
        pub threat_axis_deg: Option<f64>,
        /// The battalions (at least one).
        pub battalions: Vec<BattalionSpec>,
    }
}

record! {
    /// A command post.
    pub struct CommandPostSpec {
        /// Unique name. Default: "<regiment>-cp" or "<battalion>-cp".
        pub name: Option<String>,
        /// Catalogue type. Default: 55K6E.
        pub r#type: Option<String>,
        /// Position. Default: the regiment's mean battalion position, or the battalion position.
        pub position: Option<Position>,
        /// Catalogue values replaced for this command post.
        pub overrides: Option<CommandPostOverrides>,
    }
}

record! {
    /// A battalion (fire unit).
    pub struct BattalionSpec {
        /// Unique name.
        pub name: String,
        /// Battalion position: the default position of its command post and radars, and the
        /// centre of its launcher ring.
        pub position: Position,
        /// Battalion command post. Default: a 55K6E at the battalion position.
        pub command_post: Option<CommandPostSpec>,
        /// Acquisition radar. Default: a 91N6E at the battalion position.
        pub acquisition_radar: Option<RadarSpec>,
        /// Engagement radar. Default: a 92N6E at the battalion position.
        pub engagement_radar: Option<RadarSpec>,
        /// Azimuth the threat is expected from, degrees clockwise from north, in [0, 360):
        /// the default centre of its engagement radar's sector. Default: the regiment's.
        pub threat_axis_deg: Option<f64>,
        /// Launcher groups (at least one).
        pub launchers: Vec<LauncherGroupSpec>,
    }
}

record! {
    /// A radar.
    pub struct RadarSpec {
        /// Unique name. Default: "<battalion>-acq" or "<battalion>-eng".
        pub name: Option<String>,
        /// Catalogue type; its role must match the slot. Default: 91N6E (acquisition), 92N6E (engagement).
        pub r#type: Option<String>,
        /// Site position (the mast height is added). Default: the battalion position.
        pub position: Option<Position>,
        /// Search sector at the start (engagement radars only). Default: centred on the
        /// battalion's threat axis, the catalogue's `sector_width_deg` wide.
        pub sector: Option<SectorSpec>,
        /// Catalogue values replaced for this radar.
        pub overrides: Option<RadarOverrides>,
        /// Scan phase at scenario start, s in [0, scan period): when a rotating beam first
        /// points north, or a sector radar's first frame starts. Default: unknown to the
        /// defence, drawn uniformly on [0, scan period) in each replication.
        pub scan_phase_s: Option<f64>,
    }
}

record! {
    /// The search sector of an engagement radar.
    pub struct SectorSpec {
        /// Azimuth of the sector centre, degrees clockwise from north, in [0, 360).
        /// Default: the battalion's `threat_axis_deg`, else the regiment's, else facing
        /// away from the defended assets.
        pub centre_deg: Option<f64>,
        /// Sector width, degrees, in (0, 360]. Default: the catalogue's `sector_width_deg`.
        pub width_deg: Option<f64>,
    }
}

record! {
    /// A group of identical launchers.
    pub struct LauncherGroupSpec {
        /// Group name; launchers are named "<name>-1", "<name>-2", … (just `<name>` for a
        /// single launcher). Default: "<battalion>-L<group number>".
        pub name: Option<String>,
        /// Catalogue type. Default: 5P85TE2.
        pub r#type: Option<String>,
        /// Number of launchers (1–64). Default: 1.
        pub count: Option<Count<1, 64>>,
        /// Position of the group centre; its launchers stand in a west–east line
        /// `spacing_m` apart. Default: launchers without a position are spread evenly on a
        /// circle of `ring_radius_km` around the engagement radar.
        pub position: Option<Position>,
        /// Distance between neighbouring launchers of a positioned group, m. Default: 100.
        pub spacing_m: Option<f64>,
        /// Radius of the default launcher ring, km (0.05–10). Default: 2.
        pub ring_radius_km: Option<f64>,
        /// Missiles loaded on each launcher of the group.
        pub loadout: Vec<LoadSpec>,
        /// Catalogue values replaced for these launchers.
        pub overrides: Option<LauncherOverrides>,
    }
}

record! {
    /// Missiles of one type on a launcher.
    pub struct LoadSpec {
        /// Catalogue missile type.
        pub missile: String,
        /// Ready rounds (1–1,024; the launcher's capacity is checked too).
        pub count: Count<1, 1024>,
        /// Catalogue values replaced for these missiles.
        pub overrides: Option<MissileOverrides>,
    }
}

record! {
    /// The threats, by class.
    pub struct ThreatsSpec {
        /// Aircraft groups flying waypoint routes. Default: none.
        pub aircraft: Option<Vec<AircraftSpec>>,
        /// Cruise missile waves. Default: none.
        pub cruise_missiles: Option<Vec<CruiseMissileSpec>>,
        /// Ballistic missile waves. Default: none.
        pub ballistic_missiles: Option<Vec<BallisticMissileSpec>>,
    }
}

record! {
    /// A group of aircraft flying a waypoint route.
    pub struct AircraftSpec {
        /// Unique group name; members are named "<name>/01", "<name>/02", … (just `<name>`
        /// for a single aircraft).
        pub name: String,
        /// Catalogue threat type of class aircraft (e.g. fighter).
        pub r#type: String,
        /// Number of aircraft (1–10,000). Default: 1.
        pub count: Option<Count<1, 10000>>,
        /// Time the first aircraft starts at the first route point, s (in [0, duration]). Default: 0.
        pub start_time_s: Option<f64>,
        /// Time between successive aircraft starts, s (≥ 0). Default: 5.
        pub interval_s: Option<f64>,
        /// Sideways distance between neighbouring aircraft, km (≥ 0); the group is centred
        /// on the route, offset perpendicular to the first leg. Default: 0.
        pub lateral_spacing_km: Option<f64>,
        /// Ground speed, m/s. Default: the type's `speed_m_s`.
        pub speed_m_s: Option<f64>,
        /// Flight altitude for route points without `alt_m`, m. Default: the type's `altitude_m`.
        pub altitude_m: Option<f64>,
        /// Radar cross-section, m². Default: the type's `rcs_m2`.
        pub rcs_m2: Option<f64>,
        /// Radar cross-section, dBsm (alternative to `rcs_m2`).
        pub rcs_dbsm: Option<f64>,
        /// Route points (at least two); the last is the aim point (with `route_end: attack`).
        pub route: Vec<Position>,
        /// What the aircraft does at the last route point. Default: attack.
        pub route_end: Option<RouteEndSpec>,
        /// With `route_end: orbit`: the time to orbit until, s (in [0, duration]).
        pub orbit_until_s: Option<f64>,
        /// With `route_end: return`: the point it flies back to and leaves at. Default: the
        /// first route point.
        pub return_to: Option<Position>,
        /// Name of the asset it attacks. Default: none.
        pub target: Option<String>,
        /// Catalogue values replaced for this group.
        pub overrides: Option<ThreatOverrides>,
    }
}

str_enum! {
    /// What an aircraft does at the end of its route.
    pub enum RouteEndSpec {
        /// The last point is its aim point; it leaks if an asset covers it.
        Attack = "attack",
        /// Egress: it leaves the scenario at the last point.
        Leave = "leave",
        /// It flies a racetrack on the last leg until `orbit_until_s`, then leaves.
        Orbit = "orbit",
        /// It flies back to `return_to` (default the first route point) and leaves there.
        Return = "return",
    }
}

record! {
    /// A wave of cruise missiles.
    pub struct CruiseMissileSpec {
        /// Unique wave name; members are named "<name>/01", "<name>/02", ….
        pub name: String,
        /// Catalogue threat type of class cruise missile (e.g. subsonic_cruise_missile).
        pub r#type: String,
        /// Number of missiles (1–10,000). Default: 1.
        pub count: Option<Count<1, 10000>>,
        /// Launch time of the first missile, s (in [0, duration]). Default: 0.
        pub launch_time_s: Option<f64>,
        /// Time between successive launches, s (≥ 0). Default: 5.
        pub interval_s: Option<f64>,
        /// Sideways distance between neighbouring missiles' launch points and waypoints, km
        /// (≥ 0); they converge on the target. Default: 0.
        pub lateral_spacing_km: Option<f64>,
        /// Launch point; the missile appears there already at cruise height (its `alt_m` is
        /// the ground height there).
        pub launch: Position,
        /// Intermediate waypoints (their `alt_m` is the ground height there). Default: none.
        pub waypoints: Option<Vec<Position>>,
        /// Name of the target asset. Give `target` or `target_point`.
        pub target: Option<String>,
        /// Aim point when not aiming at an asset.
        pub target_point: Option<Position>,
        /// Cruise height above the ground, m. Default: the type's `altitude_m`.
        pub altitude_agl_m: Option<f64>,
        /// Ground speed, m/s. Default: the type's `speed_m_s`.
        pub speed_m_s: Option<f64>,
        /// Radar cross-section, m². Default: the type's `rcs_m2`.
        pub rcs_m2: Option<f64>,
        /// Radar cross-section, dBsm (alternative to `rcs_m2`).
        pub rcs_dbsm: Option<f64>,
        /// Catalogue values replaced for this wave.
        pub overrides: Option<ThreatOverrides>,
    }
}

str_enum! {
    /// The shape of a ballistic trajectory.
    pub enum ProfileSpec {
        /// Minimum-energy trajectory (flight-path angle (π − ψ)/4).
        MinimumEnergy = "minimum_energy",
        /// Steeper than minimum energy (needs `flight_path_angle_deg`).
        Lofted = "lofted",
        /// Flatter than minimum energy (needs `flight_path_angle_deg`).
        Depressed = "depressed",
    }
}

record! {
    /// A wave of ballistic missiles.
    pub struct BallisticMissileSpec {
        /// Unique wave name; members are named "<name>/01", "<name>/02", ….
        pub name: String,
        /// Catalogue threat type of class ballistic missile (e.g. srbm, mrbm).
        pub r#type: String,
        /// Number of missiles (1–10,000). Default: 1.
        pub count: Option<Count<1, 10000>>,
        /// Launch time of the first missile, s (in [0, duration]). Default: 0.
        pub launch_time_s: Option<f64>,
        /// Time between successive launches, s (≥ 0). Default: 5.
        pub interval_s: Option<f64>,
        /// Sideways distance between neighbouring launch points, km (≥ 0), perpendicular to
        /// the line of fire; all aim at the same impact point. Default: 0.
        pub lateral_spacing_km: Option<f64>,
        /// Launch point.
        pub launch: Position,
        /// Name of the target asset. Give `target` or `impact`.
        pub target: Option<String>,
        /// Impact point when not aiming at an asset.
        pub impact: Option<Position>,
        /// Trajectory shape. Default: minimum_energy.
        pub profile: Option<ProfileSpec>,
        /// Burnout flight-path angle for lofted (above the minimum-energy angle) or
        /// depressed (below it) trajectories, degrees in (0, 90).
        pub flight_path_angle_deg: Option<f64>,
        /// Radar cross-section, m². Default: the type's `rcs_m2`.
        pub rcs_m2: Option<f64>,
        /// Radar cross-section, dBsm (alternative to `rcs_m2`).
        pub rcs_dbsm: Option<f64>,
        /// Catalogue values replaced for this wave.
        pub overrides: Option<ThreatOverrides>,
    }
}

record! {
    /// Fire doctrine for the battle manager.
    pub struct DoctrineSpec {
        /// Missiles launched at a target in one salvo (1–8). Default: 2.
        pub salvo_size: Option<Count<1, 8>>,
        /// Look after a salvo and fire again at a survivor when time allows. Default: true.
        pub shoot_look_shoot: Option<bool>,
        /// Missiles each battalion holds back for ballistic threats (0–10,000). Default: 0.
        pub ballistic_reserve: Option<Count<0, 10000>>,
        /// Whether the two battalions may engage the same track. Default: false.
        pub allow_double_engagement: Option<bool>,
        /// Priority weight of aircraft in threat ranking and assignment (> 0, ≤ 100). Default: 1.
        pub priority_aircraft: Option<f64>,
        /// Priority weight of cruise missiles (> 0, ≤ 100). Default: 1.
        pub priority_cruise_missile: Option<f64>,
        /// Priority weight of ballistic missiles (> 0, ≤ 100). Default: 1.
        pub priority_ballistic_missile: Option<f64>,
    }
}

record! {
    /// Unit costs for the cost-exchange measures, all in one currency-neutral unit the
    /// analyst chooses. The catalogue holds no unit costs: they come only from here.
    pub struct CostsSpec {
        /// Label of the unit of every cost below, shown in outputs (e.g. "MUSD"). Default: "cost unit".
        pub unit: Option<String>,
        /// Cost of one interceptor, by catalogue missile type (≥ 0). Default: none.
        pub interceptors: Option<CostTable>,
        /// Value of one threat, by catalogue threat type (≥ 0). Default: none.
        pub threats: Option<CostTable>,
        /// Value lost when a defended asset is hit, by asset name (≥ 0). Default: none.
        pub assets: Option<CostTable>,
    }
}

/// One entry of a [`CostTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct CostEntry {
    /// The name it is keyed by (a missile type, threat type or asset name).
    pub name: String,
    /// The cost or value, ≥ 0, in the scenario's cost unit.
    pub value: f64,
    /// Where the key is in the file.
    pub loc: crate::tree::Loc,
}

/// A map from names to costs (≥ 0, finite), in file order; the names are checked when the
/// scenario is built (they depend on the catalogue and the scenario's assets).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CostTable(pub Vec<CostEntry>);

impl Serialize for CostTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for e in &self.0 {
            m.serialize_entry(&e.name, &e.value)?;
        }
        m.end()
    }
}

impl Decode for CostTable {
    fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
        let entries = cx.expect_map(node, path)?;
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let name = match &k.value {
                Value::Str(s) => s.clone(),
                // A bare number as a key (e.g. an asset named 7) is its text.
                Value::Int(i) => i.to_string(),
                other => {
                    cx.error(
                        k.loc,
                        path,
                        format!("expected a name as the key, found {}", other.kind()),
                        Some("write `NAME: COST` lines, e.g. `48N6E3: 1.0`".into()),
                    );
                    cx.poisoned.push(path.to_string());
                    continue;
                }
            };
            let p = join(path, &name);
            match f64::decode(v, &p, cx) {
                Some(x) if x >= 0.0 => out.push(CostEntry {
                    name,
                    value: x,
                    loc: k.loc,
                }),
                Some(x) => {
                    cx.error(
                        v.loc,
                        &p,
                        format!("a cost must not be negative, found {}", num(x)),
                        Some("write a cost ≥ 0 in the scenario's cost unit (0 for free)".into()),
                    );
                    cx.poisoned.push(p);
                }
                None => cx.poisoned.push(p),
            }
        }
        // Bad entries are left out (and poisoned); the good ones are still checked.
        Some(CostTable(out))
    }
    fn hint() -> Option<&'static str> {
        Some("{NAME: COST}")
    }
    fn placeholder() -> Self {
        CostTable::default()
    }
}

impl JsonSchema for CostTable {
    fn schema_name() -> Cow<'static, str> {
        "CostTable".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "costs by name, ≥ 0, in the scenario's cost unit",
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": crate::decode::HUGE},
        })
    }
}

/// Declare a map of catalogue overrides for one kind of catalogue entry.
macro_rules! overrides {
    ($(#[$m:meta])* $name:ident, $specs:expr, $kind:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub BTreeMap<String, f64>);

        impl $name {
            /// The field table these overrides refer to.
            pub fn specs() -> &'static [FieldSpec] {
                $specs
            }
        }

        impl Decode for $name {
            fn decode(node: &Node, path: &str, cx: &mut Cx) -> Option<Self> {
                decode_overrides(node, path, cx, $specs, $kind).map($name)
            }
            fn placeholder() -> Self {
                $name::default()
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                overrides_schema($specs, $kind)
            }
        }
    };
}

overrides!(
    /// Catalogue values of a command post replaced in place, keyed like the catalogue.
    CommandPostOverrides, COMMAND_POST_FIELDS, "command post"
);
overrides!(
    /// Catalogue values of a radar replaced in place, keyed like the catalogue.
    RadarOverrides, RADAR_FIELDS, "radar"
);
overrides!(
    /// Catalogue values of a launcher replaced in place, keyed like the catalogue.
    LauncherOverrides, LAUNCHER_FIELDS, "launcher"
);
overrides!(
    /// Catalogue values of a missile replaced in place, keyed like the catalogue.
    MissileOverrides, MISSILE_FIELDS, "missile"
);
overrides!(
    /// Catalogue values of a threat type replaced in place, keyed like the catalogue.
    ThreatOverrides, THREAT_FIELDS, "threat"
);

fn decode_overrides(
    node: &Node,
    path: &str,
    cx: &mut Cx,
    specs: &[FieldSpec],
    kind: &str,
) -> Option<BTreeMap<String, f64>> {
    let entries = cx.expect_map(node, path)?;
    let keys: Vec<&str> = specs.iter().map(|s| s.key).collect();
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let Value::Str(key) = &k.value else {
            cx.check_keys(std::slice::from_ref(&(k.clone(), v.clone())), path, &keys);
            cx.poisoned.push(path.to_string());
            continue;
        };
        let p = join(path, key);
        let Some(spec) = specs.iter().find(|s| s.key == key) else {
            let mut help = String::new();
            if let Some(n) = nearest(key, keys.iter().copied()) {
                help.push_str(&format!("did you mean \"{n}\"? "));
            }
            help.push_str(&format!("{kind} values: {}", keys.join(", ")));
            cx.error(
                k.loc,
                &p,
                format!("\"{key}\" is not a {kind} catalogue value"),
                Some(help),
            );
            cx.poisoned.push(p);
            continue;
        };
        match f64::decode(v, &p, cx) {
            Some(x) if spec.accepts(x) => {
                out.insert(key.clone(), x);
            }
            Some(x) => {
                cx.error(
                    v.loc,
                    &p,
                    format!("{key} = {} is out of range", num(x)),
                    Some(format!(
                        "{} ({}) must be {}",
                        spec.doc,
                        spec.unit,
                        spec.range_text()
                    )),
                );
                cx.poisoned.push(p);
            }
            None => cx.poisoned.push(p),
        }
    }
    // Bad entries are left out (and poisoned); the good ones still apply.
    Some(out)
}

fn overrides_schema(specs: &[FieldSpec], kind: &str) -> Schema {
    let mut props = serde_json::Map::new();
    for s in specs {
        let mut p = serde_json::Map::new();
        p.insert(
            "type".into(),
            if s.integer { "integer" } else { "number" }.into(),
        );
        p.insert(
            "description".into(),
            format!("{} ({})", s.doc, s.unit).into(),
        );
        p.insert(
            if s.min_exclusive {
                "exclusiveMinimum"
            } else {
                "minimum"
            }
            .into(),
            s.min.into(),
        );
        p.insert("maximum".into(), s.max.into());
        props.insert(s.key.into(), serde_json::Value::Object(p));
    }
    json_schema!({
        "type": "object",
        "description": format!("{kind} catalogue values to replace, keyed as in the catalogue (see `iadsim catalog`)"),
        "properties": props,
        "additionalProperties": false,
    })
}
