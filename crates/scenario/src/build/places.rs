//! Places: the names `from:` may refer to (sites, assets, battalions), positions given
//! absolutely or as offsets from such a place, the defended assets, and geodesic helpers
//! over polylines.

use std::collections::BTreeMap;

use iadsim_core::Geodetic;
use iadsim_core::geodesic::{direct_deg, inverse_deg};

use super::{Builder, MAX_OFFSET_KM, SITE_ALT, defaults};
use crate::decode::join;
use crate::format::{AssetSpec, Position, ScenarioFile, TerrainSpec};
use iadsim_setup::Asset;

/// A resolved position: latitude and longitude in degrees, height in m (the file's units;
/// geodesics through `iadsim_core::geodesic`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Geo {
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) alt: f64,
}

impl Geo {
    pub(super) fn geodetic(self) -> Geodetic {
        Geodetic::from_degrees(self.lat, self.lon, self.alt)
    }
    pub(super) fn with_alt(self, alt: f64) -> Geo {
        Geo { alt, ..self }
    }
    /// The point `dist` metres away along azimuth `az_deg`.
    pub(super) fn moved(self, az_deg: f64, dist: f64) -> Geo {
        if dist == 0.0 {
            return self;
        }
        let (lat, lon) = direct_deg(self.lat, self.lon, az_deg, dist);
        Geo {
            lat,
            lon,
            alt: self.alt,
        }
    }
    /// Geodesic distance (m) and initial azimuth (deg) to `other`.
    pub(super) fn to(self, other: Geo) -> (f64, f64) {
        let (s, az, _) = inverse_deg(self.lat, self.lon, other.lat, other.lon);
        (s, az)
    }
}

/// A place `from:` may refer to.
pub(super) struct Anchor<'f> {
    position: &'f Position,
    path: String,
}

impl<'f> Builder<'_, 'f> {
    /// Register the names of sites, assets and battalions (unique together) as places.
    pub(super) fn register_anchors(&mut self, file: &'f ScenarioFile) {
        let mut anchor_list: Vec<(&str, &Position, String)> = Vec::new();
        for (i, s) in file.sites.as_deref().unwrap_or(&[]).iter().enumerate() {
            anchor_list.push((&s.name, &s.position, format!("sites[{i}]")));
        }
        for (i, a) in file.assets.as_deref().unwrap_or(&[]).iter().enumerate() {
            anchor_list.push((&a.name, &a.position, format!("assets[{i}]")));
        }
        for (i, bn) in file.regiment.battalions.iter().enumerate() {
            anchor_list.push((&bn.name, &bn.position, format!("regiment.battalions[{i}]")));
        }
        let mut first_seen: BTreeMap<String, String> = BTreeMap::new();
        for (name, pos, path) in anchor_list {
            if name.trim().is_empty() {
                self.err(&join(&path, "name"), "name must not be empty", None);
                continue;
            }
            if let Some(prev) = first_seen.get(name) {
                let prev = prev.clone();
                let loc = self.root.locate(&prev);
                self.err(
                    &join(&path, "name"),
                    format!("duplicate name \"{name}\""),
                    Some(format!("already used by {prev} (line {}); names of sites, assets and battalions must be unique", loc.line)),
                );
                continue;
            }
            first_seen.insert(name.to_string(), join(&path, "name"));
            self.anchors.insert(
                name.to_string(),
                Anchor {
                    position: pos,
                    path: join(&path, "position"),
                },
            );
        }
    }

    /// The position of the place `name`, referred to at `ref_path` (resolved once).
    pub(super) fn resolve_anchor(&mut self, name: &str, ref_path: &str) -> Option<Geo> {
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
            self.unknown_place(name, ref_path);
            return None;
        };
        let (position, path) = (anchor.position, anchor.path.clone());
        self.resolving.push(name.to_string());
        let r = self.position(position, &path, SITE_ALT, None);
        self.resolving.pop();
        self.resolved.insert(name.to_string(), r);
        r
    }

    fn unknown_place(&mut self, name: &str, ref_path: &str) {
        if self.cx.names_uncertain() {
            // The place may be one whose entry could not be read.
            return;
        }
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
    }

    /// Resolve a position. `alt_bounds` bound `alt_m`; `default_alt` replaces a missing
    /// `alt_m` (else 0).
    pub(super) fn position(
        &mut self,
        p: &Position,
        path: &str,
        alt_bounds: (f64, f64),
        default_alt: Option<f64>,
    ) -> Option<Geo> {
        let r = self.position_unrecorded(p, path, alt_bounds, default_alt);
        if let Some(g) = r
            && alt_bounds == SITE_ALT
            && ground_in_play(path)
        {
            self.grounds.insert(path.to_string(), g.alt);
        }
        r
    }

    /// The smooth surface of the radar horizon, m above the ellipsoid: the file's
    /// `terrain.surface_height_m`, or the lowest ground in play (0 when the file gives
    /// none). Without a terrain model the run cannot know the ground between a radar and
    /// a low flier; the lowest ground in play is the conservative smooth surface (a
    /// coastal scenario's sea, an inland plateau's floor).
    pub(super) fn surface_height(&mut self, terrain: Option<&TerrainSpec>) -> f64 {
        if let Some(h) = terrain.and_then(|t| t.surface_height_m) {
            let path = "terrain.surface_height_m";
            let ok = self.check_range(path, h, SITE_ALT.0, false, SITE_ALT.1, "surface_height_m");
            return if ok { h } else { 0.0 };
        }
        let lowest = self.grounds.values().copied().fold(f64::INFINITY, f64::min);
        if lowest.is_finite() { lowest } else { 0.0 }
    }

    fn position_unrecorded(
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
            (None, _, _) => self.absolute_position(p, path, alt, ok),
        }
    }

    /// A position without `from`: latitude and longitude, checked.
    fn absolute_position(&mut self, p: &Position, path: &str, alt: f64, ok: bool) -> Option<Geo> {
        let mut ok = ok;
        if p.east_km.is_some() || p.north_km.is_some() {
            self.err(
                path,
                "east_km/north_km offsets need `from: <site>`",
                Some(
                    "add `from: <name of a site, asset or battalion>`, or drop the offsets".into(),
                ),
            );
            ok = false;
        }
        match (p.lat_deg, p.lon_deg) {
            (Some(lat), Some(lon)) => {
                ok &= self.check_range(&join(path, "lat_deg"), lat, -90.0, false, 90.0, "latitude");
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

    /// The defended assets, checked.
    pub(super) fn assets(&mut self, specs: &[AssetSpec]) -> Vec<Asset> {
        let mut assets = Vec::new();
        for (i, a) in specs.iter().enumerate() {
            let p = format!("assets[{i}]");
            let value = a.value.unwrap_or(defaults::ASSET_VALUE);
            let radius = a.radius_m.unwrap_or(defaults::ASSET_RADIUS_M);
            let v_ok = self.check_range(&join(&p, "value"), value, 0.0, true, 1.0e9, "value");
            let r_ok = self.check_range(
                &join(&p, "radius_m"),
                radius,
                0.0,
                true,
                100_000.0,
                "radius_m",
            );
            let pos = self.resolve_anchor(&a.name, &p);
            if let (Some(pos), true, true) = (pos, v_ok, r_ok) {
                assets.push(Asset {
                    name: a.name.clone(),
                    position: pos.geodetic(),
                    value,
                    radius,
                });
            }
        }
        assets
    }
}

/// Shift every point of a polyline sideways (right of travel positive) by `d` metres,
/// perpendicular to the leg leaving it (the last point: the leg arriving at it).
pub(super) fn shift_polyline(points: &[Geo], d: f64, keep_last: bool) -> Vec<Geo> {
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
                let q = points[j - 1];
                inverse_deg(q.lat, q.lon, p.lat, p.lon).2
            };
            p.moved(az + 90.0, d).with_alt(p.alt)
        })
        .collect()
}

/// Length of a polyline along geodesics, m.
pub(super) fn polyline_length(points: &[Geo]) -> f64 {
    points.windows(2).map(|w| w[0].to(w[1]).0).sum()
}

/// Whether the ground height at the position at `path` bounds the horizon surface: not a
/// named reference point (`sites`, no effect on the run) nor a ballistic missile's launch
/// point (far beyond the radars, and the missile is seen high above it).
fn ground_in_play(path: &str) -> bool {
    !(path.starts_with("sites")
        || (path.starts_with("threats.ballistic_missiles") && path.ends_with(".launch")))
}
