//! From the decoded file to the run-ready [`Setup`]: defaults, catalogue look-ups and
//! overrides, unit conversion to SI, wave and launcher-group expansion, and every semantic
//! check (ranges, names, cross references, launcher capacity, ballistic profiles).

use std::collections::{BTreeMap, BTreeSet};

use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
use iadsim_core::Geodetic;
use iadsim_setup::{
    Asset, BallisticProfile, Battalion, ClassPriority, CommandPost, Costs, Doctrine, Launcher,
    Missile, MissileLoad, Radar, RadarRole, Regiment, Setup, Threat, ThreatClass, ThreatMotion,
};

use crate::catalogue::{
    COMMAND_POST_FIELDS, Catalogue, LAUNCHER_FIELDS, MISSILE_FIELDS, RADAR_FIELDS, Resolved,
    THREAT_FIELDS,
};
use crate::decode::{Cx, join};
use crate::format::*;
use crate::tree::Node;

/// Defaults, in one place (documented in docs/scenario.md).
pub mod defaults {
    /// Master seed.
    pub const SEED: u64 = 1;
    /// Base time step, s.
    pub const TIME_STEP_S: f64 = 0.5;
    /// Asset value.
    pub const ASSET_VALUE: f64 = 1.0;
    /// Asset radius, m.
    pub const ASSET_RADIUS_M: f64 = 1000.0;
    /// Regiment name.
    pub const REGIMENT_NAME: &str = "regiment";
    /// Command post type.
    pub const COMMAND_POST_TYPE: &str = "55K6E";
    /// Acquisition radar type.
    pub const ACQUISITION_RADAR_TYPE: &str = "91N6E";
    /// Engagement radar type.
    pub const ENGAGEMENT_RADAR_TYPE: &str = "92N6E";
    /// Launcher type.
    pub const LAUNCHER_TYPE: &str = "5P85TE2";
    /// Launchers per group.
    pub const LAUNCHER_COUNT: u32 = 1;
    /// Spacing of launchers in a positioned group, m.
    pub const LAUNCHER_SPACING_M: f64 = 100.0;
    /// Radius of the default launcher ring around the engagement radar, km.
    pub const RING_RADIUS_KM: f64 = 2.0;
    /// Threats per wave.
    pub const WAVE_COUNT: u32 = 1;
    /// Time between wave members, s.
    pub const WAVE_INTERVAL_S: f64 = 5.0;
    /// Salvo size.
    pub const SALVO_SIZE: u32 = 2;
    /// Shoot-look-shoot.
    pub const SHOOT_LOOK_SHOOT: bool = true;
    /// Ballistic reserve per battalion.
    pub const BALLISTIC_RESERVE: u32 = 0;
    /// Double engagement.
    pub const ALLOW_DOUBLE_ENGAGEMENT: bool = false;
    /// Turn rate when a route threat type gives none, deg/s.
    pub const MAX_TURN_RATE_DEG_S: f64 = 3.0;
}

/// Longest scenario, s (7 days).
const MAX_DURATION_S: f64 = 7.0 * 86_400.0;
/// Most base steps in one run.
const MAX_STEPS: f64 = 1.0e8;
/// Ground sites: lowest and highest height, m.
const SITE_ALT: (f64, f64) = (-500.0, 9_000.0);
/// Aircraft flight altitude bounds, m.
const AIRCRAFT_ALT: (f64, f64) = (1.0, 30_000.0);
/// Cruise height above ground bounds, m.
const CRUISE_AGL: (f64, f64) = (1.0, 20_000.0);
/// Largest offset from a `from:` place, km.
const MAX_OFFSET_KM: f64 = 5_000.0;
/// Largest wave.
const MAX_WAVE: u32 = 10_000;
/// Largest launcher group.
const MAX_GROUP: u32 = 64;
/// Spherical Earth radius for ballistic profiles, m (REFERENCE.md §2).
const EARTH_R: f64 = 6_371_000.0;
/// Earth's gravitational parameter, m³/s² (WGS-84).
const MU: f64 = 3.986_004_418e14;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Geo {
    lat: f64,
    lon: f64,
    alt: f64,
}

impl Geo {
    fn geodetic(self) -> Geodetic {
        Geodetic::from_degrees(self.lat, self.lon, self.alt)
    }
    fn with_alt(self, alt: f64) -> Geo {
        Geo { alt, ..self }
    }
    /// The point `dist` metres away along azimuth `az_deg`.
    fn moved(self, az_deg: f64, dist: f64) -> Geo {
        if dist == 0.0 {
            return self;
        }
        let (lat, lon) = Geodesic::wgs84().direct(self.lat, self.lon, az_deg, dist);
        Geo {
            lat,
            lon,
            alt: self.alt,
        }
    }
    /// Geodesic distance (m) and initial azimuth (deg) to `other`.
    fn to(self, other: Geo) -> (f64, f64) {
        let (s, az, _, _) = Geodesic::wgs84().inverse(self.lat, self.lon, other.lat, other.lon);
        (s, az)
    }
}

/// A place `from:` may refer to.
struct Anchor<'f> {
    position: &'f Position,
    path: String,
}

struct Builder<'a, 'f> {
    cx: &'a mut Cx,
    root: &'a Node,
    cat: &'static Catalogue,
    anchors: BTreeMap<String, Anchor<'f>>,
    resolved: BTreeMap<String, Option<Geo>>,
    resolving: Vec<String>,
}

impl<'f> Builder<'_, 'f> {
    fn err(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        let loc = self.root.locate(path);
        self.cx.error(loc, path, message, help);
    }

    fn warn(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        let loc = self.root.locate(path);
        self.cx.warn(loc, path, message, help);
    }

    /// Check `v` is within [lo, hi] (`lo_open`: strictly above lo).
    fn check_range(
        &mut self,
        path: &str,
        v: f64,
        lo: f64,
        lo_open: bool,
        hi: f64,
        what: &str,
    ) -> bool {
        let ok = if lo_open { v > lo } else { v >= lo } && v <= hi;
        if !ok {
            let lo_s = if lo_open { ">" } else { "≥" };
            let msg = if lo_open && lo == 0.0 && v <= 0.0 {
                format!("{what} must be positive, found {v}")
            } else {
                format!("{what} {v} is out of range")
            };
            self.err(
                path,
                msg,
                Some(format!("{what} must be {lo_s} {lo} and ≤ {hi}")),
            );
        }
        ok
    }

    fn resolve_anchor(&mut self, name: &str, ref_path: &str) -> Option<Geo> {
        if let Some(r) = self.resolved.get(name) {
            return *r;
        }
        if self.resolving.iter().any(|n| n == name) {
            let chain = self.resolving.join(" → ");
            self.err(
                ref_path,
                format!("positions refer to each other in a circle: {chain} → {name}"),
                Some("give one of them an absolute position (lat_deg, lon_deg)".into()),
            );
            return None;
        }
        let Some(anchor) = self.anchors.get(name) else {
            let known: Vec<&str> = self.anchors.keys().map(String::as_str).collect();
            let mut help = String::new();
            if let Some(n) = crate::diag::nearest(name, known.iter().copied()) {
                help.push_str(&format!("did you mean \"{n}\"? "));
            }
            if known.is_empty() {
                help.push_str("no sites, assets or battalions are defined");
            } else {
                help.push_str(&format!(
                    "known sites, assets and battalions: {}",
                    known.join(", ")
                ));
            }
            self.err(
                &join(ref_path, "from"),
                format!("unknown place \"{name}\" in `from`"),
                Some(help),
            );
            return None;
        };
        let (position, path) = (anchor.position, anchor.path.clone());
        self.resolving.push(name.to_string());
        let r = self.position(position, &path, SITE_ALT, None);
        self.resolving.pop();
        self.resolved.insert(name.to_string(), r);
        r
    }

    /// Resolve a position. `alt_bounds` bound `alt_m`; `default_alt` replaces a missing
    /// `alt_m` (else 0).
    fn position(
        &mut self,
        p: &Position,
        path: &str,
        alt_bounds: (f64, f64),
        default_alt: Option<f64>,
    ) -> Option<Geo> {
        let mut ok = true;
        let alt = match p.alt_m {
            Some(a) => {
                ok &= self.check_range(
                    &join(path, "alt_m"),
                    a,
                    alt_bounds.0,
                    false,
                    alt_bounds.1,
                    "alt_m",
                );
                a
            }
            None => default_alt.unwrap_or(0.0),
        };
        for (k, v) in [("east_km", p.east_km), ("north_km", p.north_km)] {
            if let Some(v) = v {
                ok &= self.check_range(&join(path, k), v, -MAX_OFFSET_KM, false, MAX_OFFSET_KM, k);
            }
        }
        match (&p.from, p.lat_deg, p.lon_deg) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                self.err(
                    path,
                    "a position has either lat_deg/lon_deg or from, not both",
                    Some(
                        "use {lat_deg, lon_deg, alt_m} or {from, east_km, north_km, alt_m}".into(),
                    ),
                );
                None
            }
            (Some(from), None, None) => {
                let base = self.resolve_anchor(from, path)?;
                if !ok {
                    return None;
                }
                let e = p.east_km.unwrap_or(0.0) * 1000.0;
                let n = p.north_km.unwrap_or(0.0) * 1000.0;
                let az = e.atan2(n).to_degrees();
                Some(base.moved(az, e.hypot(n)).with_alt(alt))
            }
            (None, lat, lon) => {
                if p.east_km.is_some() || p.north_km.is_some() {
                    self.err(
                        path,
                        "east_km/north_km offsets need `from: <site>`",
                        Some(
                            "add `from: <name of a site, asset or battalion>`, or drop the offsets"
                                .into(),
                        ),
                    );
                    ok = false;
                }
                match (lat, lon) {
                    (Some(lat), Some(lon)) => {
                        ok &= self.check_range(
                            &join(path, "lat_deg"),
                            lat,
                            -90.0,
                            false,
                            90.0,
                            "latitude",
                        );
                        ok &= self.check_range(
                            &join(path, "lon_deg"),
                            lon,
                            -180.0,
                            false,
                            180.0,
                            "longitude",
                        );
                        ok.then_some(Geo { lat, lon, alt })
                    }
                    (None, None) => {
                        self.err(
                            path,
                            "position needs lat_deg and lon_deg (or from)",
                            Some("e.g. {lat_deg: 55.75, lon_deg: 37.62, alt_m: 150}".into()),
                        );
                        None
                    }
                    (None, _) => {
                        self.err(
                            path,
                            "missing field \"lat_deg\"",
                            Some("add `lat_deg: <degrees north>`".into()),
                        );
                        None
                    }
                    (_, None) => {
                        self.err(
                            path,
                            "missing field \"lon_deg\"",
                            Some("add `lon_deg: <degrees east>`".into()),
                        );
                        None
                    }
                }
            }
        }
    }

    fn unknown_type(&mut self, path: &str, kind: &str, name: &str, mut known: Vec<&str>) {
        known.sort_unstable();
        let mut help = String::new();
        if let Some(n) = crate::diag::nearest(name, known.iter().copied()) {
            help.push_str(&format!("did you mean \"{n}\"? "));
        }
        help.push_str("see `iadsim catalog`");
        self.err(
            path,
            format!(
                "unknown {kind} type \"{name}\"; known: {}",
                known.join(", ")
            ),
            Some(help),
        );
    }

    fn command_post(
        &mut self,
        spec: Option<&CommandPostSpec>,
        path: &str,
        default_name: String,
        default_pos: Option<Geo>,
    ) -> Option<CommandPost> {
        let name = spec.and_then(|s| s.name.clone()).unwrap_or(default_name);
        let type_name = spec
            .and_then(|s| s.r#type.clone())
            .unwrap_or_else(|| defaults::COMMAND_POST_TYPE.into());
        let pos = match spec.and_then(|s| s.position.as_ref()) {
            Some(p) => self.position(p, &join(path, "position"), SITE_ALT, None),
            None => default_pos,
        };
        let Some(t) = self.cat.command_post(&type_name) else {
            let known = self
                .cat
                .command_posts
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            self.unknown_type(&join(path, "type"), "command post", &type_name, known);
            return None;
        };
        let r = Resolved::new(
            COMMAND_POST_FIELDS,
            &t.values,
            spec.and_then(|s| s.overrides.as_ref()).map(|o| &o.0),
        );
        Some(CommandPost {
            name,
            type_name,
            position: pos?.geodetic(),
            decision_period: r.get("decision_period_s"),
            reaction_time: r.get("reaction_time_s"),
        })
    }

    fn radar(
        &mut self,
        spec: Option<&RadarSpec>,
        path: &str,
        role: RadarRole,
        bn_name: &str,
        bn_pos: Option<Geo>,
    ) -> Option<Radar> {
        let (suffix, default_type, role_name) = match role {
            RadarRole::Acquisition => ("acq", defaults::ACQUISITION_RADAR_TYPE, "acquisition"),
            RadarRole::Engagement => ("eng", defaults::ENGAGEMENT_RADAR_TYPE, "engagement"),
        };
        let name = spec
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| format!("{bn_name}-{suffix}"));
        let type_name = spec
            .and_then(|s| s.r#type.clone())
            .unwrap_or_else(|| default_type.into());
        let site = match spec.and_then(|s| s.position.as_ref()) {
            Some(p) => self.position(p, &join(path, "position"), SITE_ALT, None),
            None => bn_pos,
        };
        let Some(t) = self.cat.radar(&type_name) else {
            let known = self.cat.radars.iter().map(|e| e.name.as_str()).collect();
            self.unknown_type(&join(path, "type"), "radar", &type_name, known);
            return None;
        };
        if t.role != role {
            let fitting: Vec<&str> = self
                .cat
                .radars
                .iter()
                .filter(|r| r.role == role)
                .map(|r| r.name.as_str())
                .collect();
            self.err(
                &join(path, "type"),
                format!("{type_name} is not an {role_name} radar"),
                Some(format!("{role_name} radars: {}", fitting.join(", "))),
            );
            return None;
        }
        let r = Resolved::new(
            RADAR_FIELDS,
            &t.values,
            spec.and_then(|s| s.overrides.as_ref()).map(|o| &o.0),
        );
        let ov_path = join(path, "overrides");
        if r.get("min_elevation_deg") >= r.get("max_elevation_deg") {
            self.err(
                &ov_path,
                format!(
                    "min_elevation_deg ({}) must be below max_elevation_deg ({})",
                    r.get("min_elevation_deg"),
                    r.get("max_elevation_deg")
                ),
                None,
            );
            return None;
        }
        let site = site?;
        Some(Radar {
            name,
            type_name,
            role,
            position: site.with_alt(site.alt + r.get("mast_height_m")).geodetic(),
            ground_height: site.alt,
            instrumented_range: r.get("instrumented_range_km") * 1000.0,
            reference_range: r.get("reference_range_km") * 1000.0,
            reference_rcs: r.get("reference_rcs_m2"),
            detection_probability: r.get("detection_probability"),
            scan_period: r.get("scan_period_s"),
            min_elevation: r.get("min_elevation_deg").to_radians(),
            max_elevation: r.get("max_elevation_deg").to_radians(),
            sigma_range: r.get("sigma_range_m"),
            sigma_azimuth: r.get("sigma_azimuth_deg").to_radians(),
            sigma_elevation: r.get("sigma_elevation_deg").to_radians(),
            max_tracks: r.get("max_tracks") as u32,
            max_guided_missiles: r.get("max_guided_missiles") as u32,
        })
    }

    fn missile(&mut self, spec: &LoadSpec, path: &str) -> Option<(Missile, f64)> {
        let Some(t) = self.cat.missile(&spec.missile) else {
            let known = self.cat.missiles.iter().map(|e| e.name.as_str()).collect();
            self.unknown_type(&join(path, "missile"), "missile", &spec.missile, known);
            return None;
        };
        let r = Resolved::new(
            MISSILE_FIELDS,
            &t.values,
            spec.overrides.as_ref().map(|o| &o.0),
        );
        let ov = join(path, "overrides");
        let mut ok = true;
        if r.get("min_range_km") >= r.get("max_range_km") {
            self.err(
                &ov,
                format!(
                    "min_range_km ({}) must be below max_range_km ({})",
                    r.get("min_range_km"),
                    r.get("max_range_km")
                ),
                None,
            );
            ok = false;
        }
        if r.get("max_range_ballistic_km") > r.get("max_range_km") {
            self.err(
                &ov,
                format!(
                    "max_range_ballistic_km ({}) must not exceed max_range_km ({})",
                    r.get("max_range_ballistic_km"),
                    r.get("max_range_km")
                ),
                None,
            );
            ok = false;
        }
        if r.get("min_altitude_m") >= r.get("max_altitude_km") * 1000.0 {
            self.err(
                &ov,
                format!(
                    "min_altitude_m ({}) must be below max_altitude_km ({} km)",
                    r.get("min_altitude_m"),
                    r.get("max_altitude_km")
                ),
                None,
            );
            ok = false;
        }
        if ok
            && r.get("max_flight_time_s") * r.get("average_speed_m_s")
                < r.get("max_range_km") * 1000.0
        {
            self.warn(
                &ov,
                format!(
                    "{} cannot reach its max_range_km ({} km) within max_flight_time_s ({} s) at average_speed_m_s ({} m/s)",
                    spec.missile,
                    r.get("max_range_km"),
                    r.get("max_flight_time_s"),
                    r.get("average_speed_m_s")
                ),
                None,
            );
        }
        ok.then(|| {
            (
                Missile {
                    type_name: spec.missile.clone(),
                    max_range: r.get("max_range_km") * 1000.0,
                    max_range_ballistic: r.get("max_range_ballistic_km") * 1000.0,
                    min_range: r.get("min_range_km") * 1000.0,
                    min_altitude: r.get("min_altitude_m"),
                    max_altitude: r.get("max_altitude_km") * 1000.0,
                    average_speed: r.get("average_speed_m_s"),
                    max_target_speed: r.get("max_target_speed_m_s"),
                    single_shot_pk: r.get("single_shot_pk"),
                    lethal_radius: r.get("lethal_radius_m"),
                    max_flight_time: r.get("max_flight_time_s"),
                    unit_cost: r.opt("unit_cost_musd"),
                },
                r.get("slots"),
            )
        })
    }

    /// Launcher groups of one battalion, expanded.
    fn launchers(
        &mut self,
        bn: &BattalionSpec,
        path: &str,
        ring_centre: Option<Geo>,
    ) -> Option<Vec<Launcher>> {
        let mut ok = true;
        // (launcher, optional explicit position, ring radius m)
        let mut out: Vec<(Launcher, Option<Geo>, f64)> = Vec::new();
        if bn.launchers.is_empty() {
            self.err(
                &join(path, "launchers"),
                "a battalion needs at least one launcher group",
                Some(
                    "add `launchers: [{count: 8, loadout: [{missile: 48N6E3, count: 4}]}]`".into(),
                ),
            );
            return None;
        }
        for (g, spec) in bn.launchers.iter().enumerate() {
            let gp = format!("{path}.launchers[{g}]");
            let group_name = spec
                .name
                .clone()
                .unwrap_or_else(|| format!("{}-L{}", bn.name, g + 1));
            let count = spec.count.unwrap_or(defaults::LAUNCHER_COUNT);
            if !self.check_range(
                &join(&gp, "count"),
                count.into(),
                1.0,
                false,
                MAX_GROUP.into(),
                "launcher count",
            ) {
                ok = false;
                continue;
            }
            let spacing = spec.spacing_m.unwrap_or(defaults::LAUNCHER_SPACING_M);
            ok &= self.check_range(
                &join(&gp, "spacing_m"),
                spacing,
                0.0,
                false,
                10_000.0,
                "spacing_m",
            );
            let ring = spec.ring_radius_km.unwrap_or(defaults::RING_RADIUS_KM);
            ok &= self.check_range(
                &join(&gp, "ring_radius_km"),
                ring,
                0.05,
                false,
                10.0,
                "ring_radius_km",
            );
            if spec.position.is_some() && spec.ring_radius_km.is_some() {
                self.warn(
                    &join(&gp, "ring_radius_km"),
                    "ring_radius_km has no effect on a group with a position",
                    None,
                );
            }
            let centre = match &spec.position {
                Some(p) => match self.position(p, &join(&gp, "position"), SITE_ALT, None) {
                    Some(c) => Some(c),
                    None => {
                        ok = false;
                        None
                    }
                },
                None => None,
            };
            let type_name = spec
                .r#type
                .clone()
                .unwrap_or_else(|| defaults::LAUNCHER_TYPE.into());
            let Some(lt) = self.cat.launcher(&type_name) else {
                let known = self.cat.launchers.iter().map(|e| e.name.as_str()).collect();
                self.unknown_type(&join(&gp, "type"), "launcher", &type_name, known);
                ok = false;
                continue;
            };
            let lr = Resolved::new(
                LAUNCHER_FIELDS,
                &lt.values,
                spec.overrides.as_ref().map(|o| &o.0),
            );
            // Loadout.
            let mut loads = Vec::new();
            let mut slots_used = 0.0;
            let mut load_ok = true;
            if spec.loadout.is_empty() {
                self.err(
                    &join(&gp, "loadout"),
                    "the loadout is empty",
                    Some("e.g. `loadout: [{missile: 48N6E3, count: 4}]`".into()),
                );
                load_ok = false;
            }
            let mut seen = BTreeSet::new();
            for (i, l) in spec.loadout.iter().enumerate() {
                let lp = format!("{gp}.loadout[{i}]");
                if l.count == 0 {
                    self.err(
                        &join(&lp, "count"),
                        "missile count must be at least 1",
                        Some("remove the entry to load none".into()),
                    );
                    load_ok = false;
                }
                if !seen.insert(l.missile.clone()) {
                    self.err(
                        &join(&lp, "missile"),
                        format!("{} appears twice in this loadout", l.missile),
                        Some("give each missile type once, with the total count".into()),
                    );
                    load_ok = false;
                }
                let Some((m, slots)) = self.missile(l, &lp) else {
                    load_ok = false;
                    continue;
                };
                if !lt.carries.contains(&l.missile) {
                    self.err(
                        &join(&lp, "missile"),
                        format!("launcher type {type_name} cannot carry {}", l.missile),
                        Some(format!("{type_name} carries: {}", lt.carries.join(", "))),
                    );
                    load_ok = false;
                }
                slots_used += slots * f64::from(l.count);
                loads.push(MissileLoad {
                    missile: m,
                    count: l.count,
                });
            }
            let capacity = lr.get("capacity_slots");
            if load_ok && slots_used > capacity + 1e-9 {
                let detail: Vec<String> = loads
                    .iter()
                    .map(|l| {
                        let s = self
                            .cat
                            .missile(&l.missile.type_name)
                            .and_then(|m| m.values.get("slots"))
                            .map_or(1.0, |q| q.value);
                        format!("{} × {} ({} slot each)", l.count, l.missile.type_name, s)
                    })
                    .collect();
                self.err(
                    &join(&gp, "loadout"),
                    format!(
                        "loadout needs {slots_used} launcher slots but {type_name} has {capacity}"
                    ),
                    Some(format!(
                        "{}; a large missile takes 1 slot, a quad-packed 9M96 0.25",
                        detail.join(" + ")
                    )),
                );
                load_ok = false;
            }
            ok &= load_ok;
            if !ok {
                continue;
            }
            for i in 0..count {
                let name = if count == 1 {
                    group_name.clone()
                } else {
                    format!("{group_name}-{}", i + 1)
                };
                let pos = centre.map(|c| {
                    let off = (f64::from(i) - f64::from(count - 1) / 2.0) * spacing;
                    c.moved(90.0, off)
                });
                out.push((
                    Launcher {
                        name,
                        type_name: type_name.clone(),
                        position: Geodetic::from_degrees(0.0, 0.0, 0.0),
                        loadout: loads.clone(),
                        launch_interval: lr.get("launch_interval_s"),
                    },
                    pos,
                    ring * 1000.0,
                ));
            }
        }
        if !ok {
            return None;
        }
        let ring_centre = ring_centre?;
        let unplaced = out.iter().filter(|(_, p, _)| p.is_none()).count();
        let mut k = 0usize;
        Some(
            out.into_iter()
                .map(|(mut l, p, ring)| {
                    let g = p.unwrap_or_else(|| {
                        let az = 360.0 * k as f64 / unplaced as f64;
                        k += 1;
                        ring_centre.moved(az, ring)
                    });
                    l.position = g.geodetic();
                    l
                })
                .collect(),
        )
    }

    fn threat_type(
        &mut self,
        path: &str,
        name: &str,
        class: ThreatClass,
    ) -> Option<&'static crate::catalogue::ThreatType> {
        let cat = self.cat;
        let (class_name, list) = match class {
            ThreatClass::Aircraft => ("aircraft", "threats.aircraft"),
            ThreatClass::CruiseMissile => ("cruise missile", "threats.cruise_missiles"),
            ThreatClass::BallisticMissile => ("ballistic missile", "threats.ballistic_missiles"),
        };
        let Some(t) = cat.threat(name) else {
            let known = cat
                .threats
                .iter()
                .filter(|t| t.class == class)
                .map(|t| t.name.as_str())
                .collect();
            self.unknown_type(&join(path, "type"), class_name, name, known);
            return None;
        };
        if t.class != class {
            let (tc, tl) = match t.class {
                ThreatClass::Aircraft => ("an aircraft", "threats.aircraft"),
                ThreatClass::CruiseMissile => ("a cruise missile", "threats.cruise_missiles"),
                ThreatClass::BallisticMissile => {
                    ("a ballistic missile", "threats.ballistic_missiles")
                }
            };
            let fitting: Vec<&str> = cat
                .threats
                .iter()
                .filter(|t| t.class == class)
                .map(|t| t.name.as_str())
                .collect();
            self.err(
                &join(path, "type"),
                format!("{name} is {tc}, not a {class_name}"),
                Some(format!(
                    "list it under {tl}; {class_name} types for {list}: {}",
                    fitting.join(", ")
                )),
            );
            return None;
        }
        Some(t)
    }
}

/// Common wave parameters, checked.
struct Wave {
    count: u32,
    start: f64,
    interval: f64,
    lateral_m: f64,
    rcs: f64,
    resolved: Resolved,
    target: Option<usize>,
}

struct WaveSpec<'s> {
    count: Option<u32>,
    start: Option<f64>,
    start_key: &'static str,
    interval: Option<f64>,
    lateral_km: Option<f64>,
    rcs_m2: Option<f64>,
    rcs_dbsm: Option<f64>,
    target: Option<&'s String>,
    overrides: Option<&'s ThreatOverrides>,
}

impl Builder<'_, '_> {
    fn wave(
        &mut self,
        path: &str,
        w: WaveSpec<'_>,
        t: &crate::catalogue::ThreatType,
        duration: Option<f64>,
        assets: &[String],
    ) -> Option<Wave> {
        let mut ok = true;
        let count = w.count.unwrap_or(defaults::WAVE_COUNT);
        if count == 0 {
            self.err(
                &join(path, "count"),
                "count must be at least 1",
                Some("remove the entry for no threats".into()),
            );
            ok = false;
        } else if count > MAX_WAVE {
            self.err(
                &join(path, "count"),
                format!("count {count} is too large"),
                Some(format!("at most {MAX_WAVE} per wave")),
            );
            ok = false;
        }
        let start = w.start.unwrap_or(0.0);
        let interval = w.interval.unwrap_or(defaults::WAVE_INTERVAL_S);
        if let Some(d) = duration {
            ok &= self.check_range(&join(path, w.start_key), start, 0.0, false, d, w.start_key);
        }
        ok &= self.check_range(
            &join(path, "interval_s"),
            interval,
            0.0,
            false,
            MAX_DURATION_S,
            "interval_s",
        );
        if ok && let Some(d) = duration {
            let last = start + f64::from(count - 1) * interval;
            if last > d {
                self.err(
                    &join(path, "interval_s"),
                    format!(
                        "the last of {count} starts at {last} s, after the scenario ends ({d} s)"
                    ),
                    Some(
                        "shorten interval_s, reduce count, start earlier or lengthen duration_s"
                            .into(),
                    ),
                );
                ok = false;
            }
        }
        let lateral_km = w.lateral_km.unwrap_or(0.0);
        ok &= self.check_range(
            &join(path, "lateral_spacing_km"),
            lateral_km,
            0.0,
            false,
            100.0,
            "lateral_spacing_km",
        );
        if ok && f64::from(count - 1) * lateral_km > 2_000.0 {
            self.err(
                &join(path, "lateral_spacing_km"),
                format!(
                    "{count} members {lateral_km} km apart make a wave {:.0} km wide",
                    f64::from(count - 1) * lateral_km
                ),
                Some(
                    "a wave may be at most 2,000 km wide; reduce lateral_spacing_km or count"
                        .into(),
                ),
            );
            ok = false;
        }
        if ok && count > 1 && interval == 0.0 && lateral_km == 0.0 {
            self.warn(
                path,
                format!("all {count} members start at the same time and place"),
                Some("set interval_s or lateral_spacing_km".into()),
            );
        }
        let ov = w.overrides.map(|o| &o.0);
        let resolved = Resolved::new(THREAT_FIELDS, &t.values, ov);
        // RCS: one source only.
        let given: Vec<&str> = [
            w.rcs_m2.map(|_| "rcs_m2"),
            w.rcs_dbsm.map(|_| "rcs_dbsm"),
            ov.and_then(|o| o.get("rcs_m2")).map(|_| "overrides.rcs_m2"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if given.len() > 1 {
            self.err(
                path,
                format!("the RCS is given twice ({})", given.join(" and ")),
                Some("keep one of them".into()),
            );
            ok = false;
        }
        let mut rcs = resolved.get("rcs_m2");
        if let Some(r) = w.rcs_m2 {
            ok &= self.check_range(&join(path, "rcs_m2"), r, 0.0, true, 1.0e4, "rcs_m2");
            rcs = r;
        }
        if let Some(db) = w.rcs_dbsm {
            ok &= self.check_range(&join(path, "rcs_dbsm"), db, -80.0, false, 40.0, "rcs_dbsm");
            rcs = 10f64.powf(db / 10.0);
        }
        let target = match w.target {
            Some(name) => match assets.iter().position(|a| a == name) {
                Some(i) => Some(i),
                None => {
                    let mut help = String::new();
                    if let Some(n) = crate::diag::nearest(name, assets.iter().map(String::as_str)) {
                        help.push_str(&format!("did you mean \"{n}\"? "));
                    }
                    if assets.is_empty() {
                        help.push_str("no assets are defined; add them under `assets:`");
                    } else {
                        help.push_str(&format!("assets: {}", assets.join(", ")));
                    }
                    self.err(
                        &join(path, "target"),
                        format!("unknown asset \"{name}\""),
                        Some(help),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        ok.then_some(Wave {
            count,
            start,
            interval,
            lateral_m: lateral_km * 1000.0,
            rcs,
            resolved,
            target,
        })
    }

    /// A speed given inline or by override (not both), checked.
    fn speed(
        &mut self,
        path: &str,
        inline: Option<f64>,
        ov: Option<&ThreatOverrides>,
        r: &Resolved,
        type_name: &str,
    ) -> Option<f64> {
        if inline.is_some() && ov.is_some_and(|o| o.0.contains_key("speed_m_s")) {
            self.err(
                path,
                "the speed is given twice (speed_m_s and overrides.speed_m_s)",
                Some("keep one of them".into()),
            );
            return None;
        }
        let Some(v) = inline.or(r.opt("speed_m_s")) else {
            self.err(
                path,
                format!(
                    "missing field \"speed_m_s\" (the catalogue gives no speed for {type_name})"
                ),
                Some("add `speed_m_s: <m/s>`".into()),
            );
            return None;
        };
        self.check_range(&join(path, "speed_m_s"), v, 0.0, true, 3_000.0, "speed_m_s")
            .then_some(v)
    }
}

fn member_name(name: &str, i: u32, count: u32) -> String {
    if count == 1 {
        name.to_string()
    } else {
        let width = count.to_string().len().max(2);
        format!("{name}/{:0width$}", i + 1)
    }
}

/// Sideways offset of member `i` of `n`, m.
fn lateral(i: u32, n: u32, spacing: f64) -> f64 {
    (f64::from(i) - f64::from(n - 1) / 2.0) * spacing
}

/// Shift every point of a polyline sideways (right of travel positive) by `d` metres,
/// perpendicular to the leg leaving it (the last point: the leg arriving at it).
fn shift_polyline(points: &[Geo], d: f64, keep_last: bool) -> Vec<Geo> {
    if d == 0.0 || points.len() < 2 {
        return points.to_vec();
    }
    let n = points.len();
    points
        .iter()
        .enumerate()
        .map(|(j, p)| {
            if keep_last && j == n - 1 {
                return *p;
            }
            let az = if j + 1 < n {
                p.to(points[j + 1]).1
            } else {
                // Forward azimuth at the end of the arriving leg.
                let (_, _, azi2, _) =
                    Geodesic::wgs84().inverse(points[j - 1].lat, points[j - 1].lon, p.lat, p.lon);
                let _: f64 = azi2;
                azi2
            };
            p.moved(az + 90.0, d).with_alt(p.alt)
        })
        .collect()
}

fn polyline_length(points: &[Geo]) -> f64 {
    points.windows(2).map(|w| w[0].to(w[1]).0).sum()
}

/// Burnout speed needed to fly ground range angle `psi` (rad) with flight-path angle
/// `gamma` (rad), launch and impact on a spherical Earth, no drag.
fn burnout_speed(psi: f64, gamma: f64) -> Option<f64> {
    let denom = gamma.cos() * (gamma.cos() - (gamma + psi).cos());
    if denom <= 0.0 {
        return None;
    }
    let q = (1.0 - psi.cos()) / denom;
    Some((q * MU / EARTH_R).sqrt())
}

/// The minimum-energy flight-path angle for range angle `psi`, rad.
fn gamma_min(psi: f64) -> f64 {
    (std::f64::consts::PI - psi) / 4.0
}

/// Build the setup from a structurally valid file. Problems go to `cx`; `None` if any.
pub(crate) fn build(
    file: &ScenarioFile,
    root: &Node,
    cx: &mut Cx,
    cat: &'static Catalogue,
) -> Option<Setup> {
    let mut b = Builder {
        cx,
        root,
        cat,
        anchors: BTreeMap::new(),
        resolved: BTreeMap::new(),
        resolving: Vec::new(),
    };
    let errors_before = b.cx.problems.len();

    // --- Names: anchors (sites, assets, battalions) must be unique together.
    let sites = file.sites.as_deref().unwrap_or(&[]);
    let assets_spec = file.assets.as_deref().unwrap_or(&[]);
    let mut anchor_list: Vec<(&str, &Position, String)> = Vec::new();
    for (i, s) in sites.iter().enumerate() {
        anchor_list.push((&s.name, &s.position, format!("sites[{i}]")));
    }
    for (i, a) in assets_spec.iter().enumerate() {
        anchor_list.push((&a.name, &a.position, format!("assets[{i}]")));
    }
    for (i, bn) in file.regiment.battalions.iter().enumerate() {
        anchor_list.push((&bn.name, &bn.position, format!("regiment.battalions[{i}]")));
    }
    let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, pos, path) in anchor_list {
        if name.trim().is_empty() {
            b.err(&join(&path, "name"), "name must not be empty", None);
            continue;
        }
        if let Some(prev) = first_seen.get(name) {
            let prev = prev.clone();
            let loc = b.root.locate(&prev);
            b.err(
                &join(&path, "name"),
                format!("duplicate name \"{name}\""),
                Some(format!("already used by {prev} (line {}); names of sites, assets and battalions must be unique", loc.line)),
            );
            continue;
        }
        first_seen.insert(name.to_string(), join(&path, "name"));
        b.anchors.insert(
            name.to_string(),
            Anchor {
                position: pos,
                path: join(&path, "position"),
            },
        );
    }

    // --- Time.
    let duration = file.duration_s;
    let dur_ok = b.check_range(
        "duration_s",
        duration,
        0.0,
        true,
        MAX_DURATION_S,
        "duration_s",
    );
    let time_step = file.time_step_s.unwrap_or(defaults::TIME_STEP_S);
    let mut step_ok = b.check_range("time_step_s", time_step, 0.0, true, 3600.0, "time_step_s");
    if dur_ok && step_ok {
        if time_step > duration {
            b.err(
                "time_step_s",
                format!("time step {time_step} s is longer than the duration {duration} s"),
                Some("the time step must not exceed duration_s".into()),
            );
            step_ok = false;
        } else if duration / time_step > MAX_STEPS {
            b.err(
                "time_step_s",
                format!(
                    "{time_step} s steps over {duration} s make {:.0} steps",
                    duration / time_step
                ),
                Some(format!(
                    "at most {MAX_STEPS:e} steps per run; use a longer time step"
                )),
            );
            step_ok = false;
        }
    }
    let _ = step_ok;
    let duration_opt = dur_ok.then_some(duration);

    // --- Sites (checked even if unused).
    for s in sites {
        b.resolve_anchor(&s.name.clone(), "sites");
    }

    // --- Assets.
    let mut assets = Vec::new();
    let asset_names: Vec<String> = assets_spec.iter().map(|a| a.name.clone()).collect();
    for (i, a) in assets_spec.iter().enumerate() {
        let p = format!("assets[{i}]");
        let value = a.value.unwrap_or(defaults::ASSET_VALUE);
        let radius = a.radius_m.unwrap_or(defaults::ASSET_RADIUS_M);
        let v_ok = b.check_range(&join(&p, "value"), value, 0.0, true, 1.0e9, "value");
        let r_ok = b.check_range(
            &join(&p, "radius_m"),
            radius,
            0.0,
            true,
            100_000.0,
            "radius_m",
        );
        let pos = b.resolve_anchor(&a.name, &p);
        if let (Some(pos), true, true) = (pos, v_ok, r_ok) {
            assets.push(Asset {
                name: a.name.clone(),
                position: pos.geodetic(),
                value,
                radius,
            });
        }
    }

    // --- Regiment.
    let reg = &file.regiment;
    let reg_name = reg
        .name
        .clone()
        .unwrap_or_else(|| defaults::REGIMENT_NAME.into());
    if reg.battalions.is_empty() {
        b.err(
            "regiment.battalions",
            "the regiment needs at least one battalion",
            None,
        );
    } else if reg.battalions.len() > 8 {
        b.warn(
            "regiment.battalions",
            format!(
                "{} battalions; a 55K6E command post directs up to 8",
                reg.battalions.len()
            ),
            None,
        );
    }
    let mut battalions = Vec::new();
    let mut bn_positions = Vec::new();
    for (i, bn) in reg.battalions.iter().enumerate() {
        let p = format!("regiment.battalions[{i}]");
        let pos = b.resolve_anchor(&bn.name, &p);
        if let Some(g) = pos {
            bn_positions.push(g);
        }
        let cp = b.command_post(
            bn.command_post.as_ref(),
            &join(&p, "command_post"),
            format!("{}-cp", bn.name),
            pos,
        );
        let acq = b.radar(
            bn.acquisition_radar.as_ref(),
            &join(&p, "acquisition_radar"),
            RadarRole::Acquisition,
            &bn.name,
            pos,
        );
        let eng = b.radar(
            bn.engagement_radar.as_ref(),
            &join(&p, "engagement_radar"),
            RadarRole::Engagement,
            &bn.name,
            pos,
        );
        // The ring centre is the engagement radar's site (without mast).
        let eng_site = match bn
            .engagement_radar
            .as_ref()
            .and_then(|r| r.position.as_ref())
        {
            Some(_) => eng.as_ref().map(|r| Geo {
                lat: r.position.lat_deg(),
                lon: r.position.lon_deg(),
                alt: pos.map_or(0.0, |g| g.alt),
            }),
            None => pos,
        };
        let launchers = b.launchers(bn, &p, eng_site);
        if let (
            Some(command_post),
            Some(acquisition_radar),
            Some(engagement_radar),
            Some(launchers),
        ) = (cp, acq, eng, launchers)
        {
            battalions.push(Battalion {
                name: bn.name.clone(),
                command_post,
                acquisition_radar,
                engagement_radar,
                launchers,
            });
        }
    }
    let centroid = (!bn_positions.is_empty()).then(|| {
        let n = bn_positions.len() as f64;
        Geo {
            lat: bn_positions.iter().map(|g| g.lat).sum::<f64>() / n,
            lon: bn_positions.iter().map(|g| g.lon).sum::<f64>() / n,
            alt: bn_positions.iter().map(|g| g.alt).sum::<f64>() / n,
        }
    });
    let reg_cp = b.command_post(
        reg.command_post.as_ref(),
        "regiment.command_post",
        format!("{reg_name}-cp"),
        centroid,
    );

    // Unique names of regiment elements.
    {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut check = |b: &mut Builder, name: &str, path: String| {
            if let Some(prev) = seen.get(name) {
                let prev = prev.clone();
                b.err(&path, format!("duplicate name \"{name}\""), Some(format!("already used by {prev}; command posts, radars and launchers need unique names")));
            } else {
                seen.insert(name.to_string(), path);
            }
        };
        if let Some(cp) = &reg_cp {
            check(&mut b, &cp.name, "regiment.command_post.name".into());
        }
        for (i, bn) in battalions.iter().enumerate() {
            let p = format!("regiment.battalions[{i}]");
            check(
                &mut b,
                &bn.command_post.name,
                format!("{p}.command_post.name"),
            );
            check(
                &mut b,
                &bn.acquisition_radar.name,
                format!("{p}.acquisition_radar.name"),
            );
            check(
                &mut b,
                &bn.engagement_radar.name,
                format!("{p}.engagement_radar.name"),
            );
            // Launcher index → group index for the path.
            let spec = &reg.battalions.get(i);
            let mut gi = 0usize;
            let mut left = spec
                .and_then(|s| s.launchers.first())
                .map_or(1, |g| g.count.unwrap_or(1));
            for l in &bn.launchers {
                while left == 0 {
                    gi += 1;
                    left = spec
                        .and_then(|s| s.launchers.get(gi))
                        .map_or(1, |g| g.count.unwrap_or(1));
                }
                left -= 1;
                check(&mut b, &l.name, format!("{p}.launchers[{gi}].name"));
            }
        }
    }

    // --- Threats.
    let mut threats = Vec::new();
    let mut group_names: BTreeMap<String, String> = BTreeMap::new();
    let mut check_group_name = |b: &mut Builder, name: &str, path: &str| {
        if let Some(prev) = group_names.get(name) {
            let prev = prev.clone();
            b.err(
                &join(path, "name"),
                format!("duplicate name \"{name}\""),
                Some(format!(
                    "already used by {prev}; threat groups need unique names"
                )),
            );
        } else {
            group_names.insert(name.to_string(), path.to_string());
        }
    };
    let empty = ThreatsSpec {
        aircraft: None,
        cruise_missiles: None,
        ballistic_missiles: None,
    };
    let ts = file.threats.as_ref().unwrap_or(&empty);

    for (i, a) in ts.aircraft.as_deref().unwrap_or(&[]).iter().enumerate() {
        let p = format!("threats.aircraft[{i}]");
        check_group_name(&mut b, &a.name, &p);
        let Some(t) = b.threat_type(&p, &a.r#type, ThreatClass::Aircraft) else {
            continue;
        };
        let ws = WaveSpec {
            count: a.count,
            start: a.start_time_s,
            start_key: "start_time_s",
            interval: a.interval_s,
            lateral_km: a.lateral_spacing_km,
            rcs_m2: a.rcs_m2,
            rcs_dbsm: a.rcs_dbsm,
            target: a.target.as_ref(),
            overrides: a.overrides.as_ref(),
        };
        let wave = b.wave(&p, ws, t, duration_opt, &asset_names);
        let speed = wave.as_ref().and_then(|w| {
            b.speed(
                &p,
                a.speed_m_s,
                a.overrides.as_ref(),
                &w.resolved,
                &a.r#type,
            )
        });
        let alt = a
            .altitude_m
            .or_else(|| wave.as_ref().and_then(|w| w.resolved.opt("altitude_m")))
            .unwrap_or(10_000.0);
        let alt_ok = b.check_range(
            &join(&p, "altitude_m"),
            alt,
            AIRCRAFT_ALT.0,
            false,
            AIRCRAFT_ALT.1,
            "altitude_m",
        );
        if a.route.len() < 2 {
            b.err(
                &join(&p, "route"),
                format!("a route needs at least two points, found {}", a.route.len()),
                Some("the aircraft flies from the first point to the last".into()),
            );
            continue;
        }
        let mut pts = Vec::new();
        for (j, wp) in a.route.iter().enumerate() {
            if let Some(g) = b.position(wp, &format!("{p}.route[{j}]"), AIRCRAFT_ALT, Some(alt)) {
                pts.push(g);
            }
        }
        let (Some(w), Some(speed), true, true) = (wave, speed, alt_ok, pts.len() == a.route.len())
        else {
            continue;
        };
        let turn = w
            .resolved
            .opt("max_turn_rate_deg_s")
            .unwrap_or(defaults::MAX_TURN_RATE_DEG_S)
            .to_radians();
        arrival_warning(&mut b, &p, &pts, speed, &w, duration);
        for k in 0..w.count {
            let route = shift_polyline(&pts, lateral(k, w.count, w.lateral_m), false);
            threats.push(Threat {
                name: member_name(&a.name, k, w.count),
                type_name: a.r#type.clone(),
                class: ThreatClass::Aircraft,
                rcs: w.rcs,
                start_time: w.start + f64::from(k) * w.interval,
                motion: ThreatMotion::Route {
                    waypoints: route.into_iter().map(Geo::geodetic).collect(),
                    speed,
                    max_turn_rate: turn,
                },
                target_asset: w.target,
            });
        }
    }

    for (i, c) in ts
        .cruise_missiles
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let p = format!("threats.cruise_missiles[{i}]");
        check_group_name(&mut b, &c.name, &p);
        let Some(t) = b.threat_type(&p, &c.r#type, ThreatClass::CruiseMissile) else {
            continue;
        };
        let ws = WaveSpec {
            count: c.count,
            start: c.launch_time_s,
            start_key: "launch_time_s",
            interval: c.interval_s,
            lateral_km: c.lateral_spacing_km,
            rcs_m2: c.rcs_m2,
            rcs_dbsm: c.rcs_dbsm,
            target: c.target.as_ref(),
            overrides: c.overrides.as_ref(),
        };
        let wave = b.wave(&p, ws, t, duration_opt, &asset_names);
        let speed = wave.as_ref().and_then(|w| {
            b.speed(
                &p,
                c.speed_m_s,
                c.overrides.as_ref(),
                &w.resolved,
                &c.r#type,
            )
        });
        let agl = c
            .altitude_agl_m
            .or_else(|| wave.as_ref().and_then(|w| w.resolved.opt("altitude_m")))
            .unwrap_or(50.0);
        let agl_ok = b.check_range(
            &join(&p, "altitude_agl_m"),
            agl,
            CRUISE_AGL.0,
            false,
            CRUISE_AGL.1,
            "altitude_agl_m",
        );
        let launch = b.position(&c.launch, &join(&p, "launch"), SITE_ALT, None);
        let mut wps = Vec::new();
        let mut wps_ok = true;
        for (j, wp) in c.waypoints.as_deref().unwrap_or(&[]).iter().enumerate() {
            match b.position(wp, &format!("{p}.waypoints[{j}]"), SITE_ALT, None) {
                Some(g) => wps.push(g),
                None => wps_ok = false,
            }
        }
        let aim = match (&c.target, &c.target_point) {
            (Some(_), Some(_)) => {
                b.err(
                    &join(&p, "target_point"),
                    "give either `target` or `target_point`, not both",
                    None,
                );
                None
            }
            (None, None) => {
                b.err(
                    &p,
                    "missing field \"target\" (or \"target_point\")",
                    Some("add `target: <asset name>` or `target_point: {lat_deg, lon_deg}`".into()),
                );
                None
            }
            (Some(name), None) => asset_names.iter().position(|n| n == name).and_then(|k| {
                let a = &assets_spec[k];
                b.resolved.get(&a.name).copied().flatten()
            }),
            (None, Some(tp)) => b.position(tp, &join(&p, "target_point"), SITE_ALT, None),
        };
        let (Some(w), Some(speed), true, Some(launch), true, Some(aim)) =
            (wave, speed, agl_ok, launch, wps_ok, aim)
        else {
            continue;
        };
        let mut pts = vec![launch];
        pts.extend(wps);
        pts.push(aim);
        for g in &mut pts {
            g.alt += agl;
        }
        if pts.windows(2).any(|w| w[0].to(w[1]).0 < 1.0) {
            b.err(
                &p,
                "two consecutive route points coincide (launch, waypoints, target)",
                Some("every leg must be longer than 1 m".into()),
            );
            continue;
        }
        let length = polyline_length(&pts);
        if let Some(max) = w.resolved.opt("max_range_km")
            && length > max * 1000.0
        {
            b.warn(
                &p,
                format!(
                    "the route is {:.0} km long, beyond the {} range class ({max} km)",
                    length / 1000.0,
                    c.r#type
                ),
                Some("override max_range_km or shorten the route".into()),
            );
        }
        let turn = w
            .resolved
            .opt("max_turn_rate_deg_s")
            .unwrap_or(defaults::MAX_TURN_RATE_DEG_S)
            .to_radians();
        arrival_warning(&mut b, &p, &pts, speed, &w, duration);
        for k in 0..w.count {
            let route = shift_polyline(&pts, lateral(k, w.count, w.lateral_m), true);
            threats.push(Threat {
                name: member_name(&c.name, k, w.count),
                type_name: c.r#type.clone(),
                class: ThreatClass::CruiseMissile,
                rcs: w.rcs,
                start_time: w.start + f64::from(k) * w.interval,
                motion: ThreatMotion::Route {
                    waypoints: route.into_iter().map(Geo::geodetic).collect(),
                    speed,
                    max_turn_rate: turn,
                },
                target_asset: w.target,
            });
        }
    }

    for (i, m) in ts
        .ballistic_missiles
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let p = format!("threats.ballistic_missiles[{i}]");
        check_group_name(&mut b, &m.name, &p);
        let Some(t) = b.threat_type(&p, &m.r#type, ThreatClass::BallisticMissile) else {
            continue;
        };
        let ws = WaveSpec {
            count: m.count,
            start: m.launch_time_s,
            start_key: "launch_time_s",
            interval: m.interval_s,
            lateral_km: m.lateral_spacing_km,
            rcs_m2: m.rcs_m2,
            rcs_dbsm: m.rcs_dbsm,
            target: m.target.as_ref(),
            overrides: m.overrides.as_ref(),
        };
        let wave = b.wave(&p, ws, t, duration_opt, &asset_names);
        let launch = b.position(&m.launch, &join(&p, "launch"), SITE_ALT, None);
        let impact = match (&m.target, &m.impact) {
            (Some(_), Some(_)) => {
                b.err(
                    &join(&p, "impact"),
                    "give either `target` or `impact`, not both",
                    None,
                );
                None
            }
            (None, None) => {
                b.err(
                    &p,
                    "missing field \"target\" (or \"impact\")",
                    Some("add `target: <asset name>` or `impact: {lat_deg, lon_deg}`".into()),
                );
                None
            }
            (Some(name), None) => asset_names
                .iter()
                .position(|n| n == name)
                .and_then(|k| b.resolved.get(&assets_spec[k].name).copied().flatten()),
            (None, Some(ip)) => b.position(ip, &join(&p, "impact"), SITE_ALT, None),
        };
        let profile_kind = m.profile.unwrap_or(ProfileSpec::MinimumEnergy);
        let mut prof_ok = true;
        match (profile_kind, m.flight_path_angle_deg) {
            (ProfileSpec::MinimumEnergy, Some(_)) => {
                b.err(
                    &join(&p, "flight_path_angle_deg"),
                    "flight_path_angle_deg applies only to lofted or depressed profiles",
                    Some("remove it, or set `profile: lofted` / `profile: depressed`".into()),
                );
                prof_ok = false;
            }
            (ProfileSpec::Lofted | ProfileSpec::Depressed, None) => {
                b.err(&p, "missing field \"flight_path_angle_deg\" (needed by a lofted or depressed profile)", Some("add `flight_path_angle_deg: <degrees>`".into()));
                prof_ok = false;
            }
            (_, Some(g)) => {
                prof_ok &= b.check_range(
                    &join(&p, "flight_path_angle_deg"),
                    g,
                    0.0,
                    true,
                    89.9,
                    "flight_path_angle_deg",
                )
            }
            _ => {}
        }
        let (Some(w), Some(launch), Some(impact), true) = (wave, launch, impact, prof_ok) else {
            continue;
        };
        let (range, az) = launch.to(impact);
        if range < 1_000.0 {
            b.err(
                &p,
                format!("launch and impact points are {range:.0} m apart"),
                Some("a ballistic missile needs a ground range of at least 1 km".into()),
            );
            continue;
        }
        let psi = range / EARTH_R;
        let gmin = gamma_min(psi);
        let profile = match (profile_kind, m.flight_path_angle_deg) {
            (ProfileSpec::Lofted, Some(g)) => {
                if g.to_radians() <= gmin {
                    b.err(
                        &join(&p, "flight_path_angle_deg"),
                        format!("a lofted trajectory needs a flight-path angle above the minimum-energy angle, {:.1}° for this {:.0} km range; found {g}°", gmin.to_degrees(), range / 1000.0),
                        Some(format!("use an angle in ({:.1}°, 90°), or `profile: depressed`", gmin.to_degrees())),
                    );
                    continue;
                }
                BallisticProfile::Lofted {
                    flight_path_angle: g.to_radians(),
                }
            }
            (ProfileSpec::Depressed, Some(g)) => {
                if g.to_radians() >= gmin {
                    b.err(
                        &join(&p, "flight_path_angle_deg"),
                        format!("a depressed trajectory needs a flight-path angle below the minimum-energy angle, {:.1}° for this {:.0} km range; found {g}°", gmin.to_degrees(), range / 1000.0),
                        Some(format!("use an angle in (0°, {:.1}°), or `profile: lofted`", gmin.to_degrees())),
                    );
                    continue;
                }
                BallisticProfile::Depressed {
                    flight_path_angle: g.to_radians(),
                }
            }
            _ => BallisticProfile::MinimumEnergy,
        };
        let gamma = match profile {
            BallisticProfile::MinimumEnergy => gmin,
            BallisticProfile::Lofted { flight_path_angle }
            | BallisticProfile::Depressed { flight_path_angle } => flight_path_angle,
        };
        if let Some(max_km) = w.resolved.opt("max_range_km") {
            let psi_max = max_km * 1000.0 / EARTH_R;
            let v_max = burnout_speed(psi_max, gamma_min(psi_max)).unwrap_or(f64::INFINITY);
            let v_req = burnout_speed(psi, gamma).unwrap_or(f64::INFINITY);
            if v_req > v_max * (1.0 + 1e-9) {
                let what = match profile {
                    BallisticProfile::MinimumEnergy => "a minimum-energy".to_string(),
                    _ => format!("a {:.1}°", gamma.to_degrees()),
                };
                b.err(
                    &p,
                    format!(
                        "{} cannot fly {:.0} km on {what} trajectory: it needs a burnout speed of {:.2} km/s, the {max_km} km range class gives {:.2} km/s",
                        m.r#type,
                        range / 1000.0,
                        v_req / 1000.0,
                        v_max / 1000.0
                    ),
                    Some("move the launch point closer, choose a flight-path angle nearer the minimum-energy angle, or override max_range_km".into()),
                );
                continue;
            }
        }
        let beta = w.resolved.opt("ballistic_coefficient_kg_m2");
        for k in 0..w.count {
            let off = lateral(k, w.count, w.lateral_m);
            let l = launch.moved(az + 90.0, off).with_alt(launch.alt);
            threats.push(Threat {
                name: member_name(&m.name, k, w.count),
                type_name: m.r#type.clone(),
                class: ThreatClass::BallisticMissile,
                rcs: w.rcs,
                start_time: w.start + f64::from(k) * w.interval,
                motion: ThreatMotion::Ballistic {
                    launch: l.geodetic(),
                    impact: impact.geodetic(),
                    profile,
                    ballistic_coefficient: beta,
                },
                target_asset: w.target,
            });
        }
    }

    // --- Doctrine.
    let d = file.doctrine.as_ref();
    let salvo_size = d.and_then(|d| d.salvo_size).unwrap_or(defaults::SALVO_SIZE);
    if salvo_size == 0 {
        b.err(
            "doctrine.salvo_size",
            "salvo size must be at least 1",
            Some("1 (shoot-look-shoot) to 8; 2 is the usual doctrine".into()),
        );
    } else if salvo_size > 8 {
        b.err(
            "doctrine.salvo_size",
            format!("salvo size {salvo_size} is too large"),
            Some("at most 8".into()),
        );
    }
    let mut weight = |key: &str, v: Option<f64>| -> f64 {
        let v = v.unwrap_or(1.0);
        if b.check_range(&format!("doctrine.{key}"), v, 0.0, true, 100.0, key) {
            v
        } else {
            1.0
        }
    };
    let class_priority = ClassPriority {
        aircraft: weight("priority_aircraft", d.and_then(|d| d.priority_aircraft)),
        cruise_missile: weight(
            "priority_cruise_missile",
            d.and_then(|d| d.priority_cruise_missile),
        ),
        ballistic_missile: weight(
            "priority_ballistic_missile",
            d.and_then(|d| d.priority_ballistic_missile),
        ),
    };
    let ballistic_reserve = d
        .and_then(|d| d.ballistic_reserve)
        .unwrap_or(defaults::BALLISTIC_RESERVE);
    for bn in &battalions {
        let total: u32 = bn
            .launchers
            .iter()
            .flat_map(|l| l.loadout.iter())
            .map(|m| m.count)
            .sum();
        if ballistic_reserve > total {
            b.warn("doctrine.ballistic_reserve", format!("ballistic_reserve ({ballistic_reserve}) exceeds the {total} missiles of battalion {}", bn.name), None);
        }
    }
    if threats.is_empty() && b.cx.problems.len() == errors_before {
        b.warn("threats", "the scenario has no threats", None);
    }
    let costs = file
        .costs
        .as_ref()
        .map(|c| costs(&mut b, c, &assets, &threats, &battalions));

    if b.cx.problems.len() > errors_before {
        return None;
    }
    Some(Setup {
        name: file.name.clone(),
        seed: file.seed.unwrap_or(defaults::SEED),
        duration,
        time_step,
        assets,
        regiment: Regiment {
            name: reg_name,
            command_post: reg_cp?,
            battalions,
        },
        threats,
        doctrine: Doctrine {
            salvo_size,
            shoot_look_shoot: d
                .and_then(|d| d.shoot_look_shoot)
                .unwrap_or(defaults::SHOOT_LOOK_SHOOT),
            ballistic_reserve,
            allow_double_engagement: d
                .and_then(|d| d.allow_double_engagement)
                .unwrap_or(defaults::ALLOW_DOUBLE_ENGAGEMENT),
            class_priority,
        },
        costs,
    })
}

/// Check the names of the `costs:` tables and collect them. Unknown names are errors (with
/// the nearest known name); known types that the scenario does not use draw a warning.
fn costs(
    b: &mut Builder,
    spec: &CostsSpec,
    assets: &[Asset],
    threats: &[Threat],
    battalions: &[Battalion],
) -> Costs {
    let cat = b.cat;
    let loaded: BTreeSet<&str> = battalions
        .iter()
        .flat_map(|bn| bn.launchers.iter())
        .flat_map(|l| l.loadout.iter())
        .map(|m| m.missile.type_name.as_str())
        .collect();
    let present: BTreeSet<&str> = threats.iter().map(|t| t.type_name.as_str()).collect();
    let sorted = |mut v: Vec<&'static str>| {
        v.sort_unstable();
        v
    };
    let missiles = sorted(cat.missiles.iter().map(|m| m.name.as_str()).collect());
    let threat_types = sorted(cat.threats.iter().map(|t| t.name.as_str()).collect());
    let asset_names: Vec<&str> = assets.iter().map(|a| a.name.as_str()).collect();
    /// One table of `costs:` and what its names are checked against.
    struct Table<'t> {
        key: &'static str,
        table: &'t Option<CostTable>,
        kind: &'static str,
        where_: &'static str,
        known: Vec<&'t str>,
        used: BTreeSet<&'t str>,
    }
    let tables = [
        Table {
            key: "interceptors",
            table: &spec.interceptors,
            kind: "missile type",
            where_: "see `iadsim catalog`",
            known: missiles,
            used: loaded,
        },
        Table {
            key: "threats",
            table: &spec.threats,
            kind: "threat type",
            where_: "see `iadsim catalog`",
            known: threat_types,
            used: present,
        },
        Table {
            key: "assets",
            table: &spec.assets,
            kind: "asset",
            where_: "assets are named in `assets:`",
            known: asset_names,
            used: BTreeSet::new(),
        },
    ];
    let mut out = Costs {
        unit: spec.unit.clone().unwrap_or_else(|| "cost unit".into()),
        ..Default::default()
    };
    for Table {
        key,
        table,
        kind,
        where_,
        known,
        used,
    } in tables
    {
        let Some(table) = table else { continue };
        for e in &table.0 {
            let path = format!("costs.{key}.{}", e.name);
            if !known.contains(&e.name.as_str()) {
                let mut help = String::new();
                if let Some(n) = crate::diag::nearest(&e.name, known.iter().copied()) {
                    help.push_str(&format!("did you mean \"{n}\"? "));
                }
                help.push_str(where_);
                let list = if known.is_empty() {
                    "none are defined".to_string()
                } else {
                    format!("known: {}", known.join(", "))
                };
                b.cx.error(
                    e.loc,
                    &path,
                    format!("unknown {kind} \"{}\"; {list}", e.name),
                    Some(help),
                );
                continue;
            }
            if key != "assets" && !used.contains(e.name.as_str()) {
                b.cx.warn(
                    e.loc,
                    &path,
                    format!(
                        "the scenario has no {} {}: this cost is not used",
                        e.name,
                        if key == "interceptors" {
                            "loaded"
                        } else {
                            "threat"
                        }
                    ),
                    None,
                );
            }
            let map = match key {
                "interceptors" => &mut out.interceptors,
                "threats" => &mut out.threats,
                _ => &mut out.assets,
            };
            map.insert(e.name.clone(), e.value);
        }
    }
    out
}

fn arrival_warning(b: &mut Builder, path: &str, pts: &[Geo], speed: f64, w: &Wave, duration: f64) {
    let last_start = w.start + f64::from(w.count.saturating_sub(1)) * w.interval;
    let arrive = last_start + polyline_length(pts) / speed;
    if arrive > duration {
        b.warn(
            path,
            format!("the last member reaches its final point at about {arrive:.0} s, after the scenario ends ({duration} s)"),
            Some("lengthen duration_s if the whole flight should be simulated".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burnout_speeds_match_reference_table() {
        // REFERENCE.md §2: minimum-energy burnout speed 1.696, 3.016, 4.865 km/s at
        // 300, 1000, 3000 km.
        for (km, v) in [(300.0, 1.696), (1000.0, 3.016), (3000.0, 4.865)] {
            let psi = km * 1000.0 / EARTH_R;
            let got = burnout_speed(psi, gamma_min(psi)).unwrap() / 1000.0;
            assert!((got - v).abs() < 0.003, "{km} km: {got} vs {v}");
        }
        // γ_min at 1000 km = 42.8°.
        assert!((gamma_min(1.0e6 / EARTH_R).to_degrees() - 42.8).abs() < 0.05);
    }

    #[test]
    fn lateral_offsets_are_centred() {
        assert_eq!(lateral(0, 1, 1000.0), 0.0);
        assert_eq!(lateral(0, 3, 1000.0), -1000.0);
        assert_eq!(lateral(2, 3, 1000.0), 1000.0);
    }
}
