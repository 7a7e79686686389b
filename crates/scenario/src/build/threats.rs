//! The threats: aircraft groups on waypoint routes and cruise-missile waves (ballistic
//! waves are in [`super::ballistic`]), expanded into one threat per member.

use std::collections::BTreeMap;

use super::places::{polyline_length, shift_polyline};
use super::waves::{Wave, WaveSpec, lateral, member_name};
use super::{AIRCRAFT_ALT, Builder, CRUISE_AGL, Geo, SITE_ALT, defaults};
use crate::catalogue::ThreatType;
use crate::decode::{Count, join};
use crate::diag::num;
use crate::format::{
    AircraftSpec, AssetSpec, CruiseMissileSpec, RouteEndSpec, ScenarioFile, ThreatOverrides,
    ThreatsSpec,
};
use iadsim_setup::{RouteEnd, Threat, ThreatClass, ThreatMotion};

/// What the threat groups of a file are built against, and what they build.
pub(super) struct ThreatCx<'t> {
    /// The scenario duration as written, s.
    pub(super) duration: f64,
    /// The duration if it is valid, s.
    pub(super) duration_opt: Option<f64>,
    /// The assets as written.
    pub(super) assets_spec: &'t [AssetSpec],
    /// Their names, in order.
    pub(super) asset_names: Vec<String>,
    /// Group name → path of the group that first used it.
    group_names: BTreeMap<String, String>,
    /// The threats built so far.
    pub(super) threats: Vec<Threat>,
    /// Whether the groups are expanded into threats (not when over a budget: then they
    /// are only checked).
    pub(super) expand: bool,
    /// Whether the file names a terrain model (`terrain.dem`): cruise missiles then
    /// follow its ground at their `altitude_agl_m`.
    follows_terrain: bool,
}

impl ThreatCx<'_> {
    /// Record the group name at `path`; a name used twice is a problem.
    pub(super) fn check_group_name(&mut self, b: &mut Builder, name: &str, path: &str) {
        if let Some(prev) = self.group_names.get(name) {
            let prev = prev.clone();
            b.err(
                &join(path, "name"),
                format!("duplicate name \"{name}\""),
                Some(format!(
                    "already used by {prev}; threat groups need unique names"
                )),
            );
        } else {
            self.group_names.insert(name.to_string(), path.to_string());
        }
    }
}

impl Builder<'_, '_> {
    /// Every threat of the file, in file order: aircraft, cruise missiles, ballistic; and
    /// the number of threats the groups expand into (counted before expanding them).
    pub(super) fn threats(
        &mut self,
        file: &ScenarioFile,
        duration: f64,
        duration_opt: Option<f64>,
    ) -> (Vec<Threat>, u64) {
        let empty = ThreatsSpec {
            aircraft: None,
            cruise_missiles: None,
            ballistic_missiles: None,
        };
        let ts = file.threats.as_ref().unwrap_or(&empty);
        let (count, expand) = self.threat_budget(ts);
        let assets_spec = file.assets.as_deref().unwrap_or(&[]);
        let mut tc = ThreatCx {
            duration,
            duration_opt,
            assets_spec,
            asset_names: assets_spec.iter().map(|a| a.name.clone()).collect(),
            group_names: BTreeMap::new(),
            threats: Vec::new(),
            expand,
            follows_terrain: file.terrain.as_ref().is_some_and(|t| t.dem.is_some()),
        };
        for (i, a) in ts.aircraft.as_deref().unwrap_or(&[]).iter().enumerate() {
            self.aircraft(&mut tc, a, &format!("threats.aircraft[{i}]"));
        }
        let cruise = ts.cruise_missiles.as_deref().unwrap_or(&[]);
        for (i, c) in cruise.iter().enumerate() {
            self.cruise_missiles(&mut tc, c, &format!("threats.cruise_missiles[{i}]"));
        }
        let ballistic = ts.ballistic_missiles.as_deref().unwrap_or(&[]);
        for (i, m) in ballistic.iter().enumerate() {
            self.ballistic_missiles(&mut tc, m, &format!("threats.ballistic_missiles[{i}]"));
        }
        (tc.threats, count)
    }

    /// The position of the asset named `name` (resolved earlier), if any.
    pub(super) fn asset_position(&self, tc: &ThreatCx, name: &str) -> Option<Geo> {
        tc.asset_names.iter().position(|n| n == name).and_then(|k| {
            self.resolved
                .get(&tc.assets_spec[k].name)
                .copied()
                .flatten()
        })
    }

    /// One aircraft group at `p`.
    fn aircraft(&mut self, tc: &mut ThreatCx, a: &AircraftSpec, p: &str) {
        tc.check_group_name(self, &a.name, p);
        // An unknown type still has its other fields checked; it is just not built.
        let t = self.threat_type(p, &a.r#type, ThreatClass::Aircraft);
        let ws = WaveSpec {
            count: a.count.map(Count::get),
            start: a.start_time_s,
            start_key: "start_time_s",
            interval: a.interval_s,
            lateral_km: a.lateral_spacing_km,
            rcs_m2: a.rcs_m2,
            rcs_dbsm: a.rcs_dbsm,
            target: a.target.as_ref(),
            overrides: a.overrides.as_ref(),
        };
        let wave = self.wave(p, ws, t, tc.duration_opt, &tc.asset_names);
        let speed = wave
            .as_ref()
            .and_then(|w| self.speed(p, a.speed_m_s, a.overrides.as_ref(), &w.resolved, &a.r#type));
        self.speed_warning(p, a.speed_m_s, a.overrides.as_ref(), speed, t);
        let alt = a
            .altitude_m
            .or_else(|| wave.as_ref().and_then(|w| w.resolved.opt("altitude_m")))
            .unwrap_or(10_000.0);
        let alt_ok = self.check_range(
            &join(p, "altitude_m"),
            alt,
            AIRCRAFT_ALT.0,
            false,
            AIRCRAFT_ALT.1,
            "altitude_m",
        );
        if a.route.len() < 2 {
            self.err(
                &join(p, "route"),
                format!("a route needs at least two points, found {}", a.route.len()),
                Some("the aircraft flies from the first point to the last".into()),
            );
            return;
        }
        let mut pts = Vec::new();
        for (j, wp) in a.route.iter().enumerate() {
            let at = format!("{p}.route[{j}]");
            if let Some(g) = self.position(wp, &at, AIRCRAFT_ALT, Some(alt)) {
                pts.push(g);
            }
        }
        let (Some(w), Some(speed), true, true) = (wave, speed, alt_ok, pts.len() == a.route.len())
        else {
            return;
        };
        let Some(end) = self.route_end(a, p, alt, pts[0], tc.duration) else {
            return;
        };
        if end.attacks() {
            self.arrival_warning(p, &pts, speed, &w, tc.duration);
        }
        route_members(
            tc,
            &a.name,
            &a.r#type,
            ThreatClass::Aircraft,
            &w,
            &pts,
            speed,
            false,
            (end, None),
        );
    }

    /// The aircraft group's route end: `route_end` with the key it needs (`orbit_until_s`
    /// in [0, `duration`] for an orbit; `return_to`, default `first`, for a return), and
    /// neither key for an end that does not use it.
    fn route_end(
        &mut self,
        a: &AircraftSpec,
        p: &str,
        alt: f64,
        first: Geo,
        duration: f64,
    ) -> Option<RouteEnd> {
        let kind = a.route_end.unwrap_or(RouteEndSpec::Attack);
        let mut ok = true;
        if a.orbit_until_s.is_some() && kind != RouteEndSpec::Orbit {
            self.err(
                &join(p, "orbit_until_s"),
                "orbit_until_s is only for `route_end: orbit`",
                Some("add `route_end: orbit`, or remove orbit_until_s".into()),
            );
            ok = false;
        }
        if a.return_to.is_some() && kind != RouteEndSpec::Return {
            self.err(
                &join(p, "return_to"),
                "return_to is only for `route_end: return`",
                Some("add `route_end: return`, or remove return_to".into()),
            );
            ok = false;
        }
        let end = match kind {
            RouteEndSpec::Attack => RouteEnd::Attack,
            RouteEndSpec::Leave => RouteEnd::Leave,
            RouteEndSpec::Orbit => match a.orbit_until_s {
                Some(until) if (0.0..=duration).contains(&until) => RouteEnd::Orbit { until },
                Some(until) => {
                    self.err(
                        &join(p, "orbit_until_s"),
                        format!(
                            "orbit_until_s {} is outside [0, {}] s",
                            num(until),
                            num(duration)
                        ),
                        Some("orbit until a time within the scenario's duration_s".into()),
                    );
                    return None;
                }
                None => {
                    self.err(
                        p,
                        "missing field \"orbit_until_s\" (needed by `route_end: orbit`)",
                        Some("add `orbit_until_s: <time, s>`".into()),
                    );
                    return None;
                }
            },
            RouteEndSpec::Return => {
                let to = match &a.return_to {
                    Some(r) => self.position(r, &join(p, "return_to"), AIRCRAFT_ALT, Some(alt))?,
                    None => first,
                };
                RouteEnd::Return { to: to.geodetic() }
            }
        };
        ok.then_some(end)
    }

    /// One cruise-missile wave at `p`.
    fn cruise_missiles(&mut self, tc: &mut ThreatCx, c: &CruiseMissileSpec, p: &str) {
        tc.check_group_name(self, &c.name, p);
        // An unknown type still has its other fields checked; it is just not built.
        let t = self.threat_type(p, &c.r#type, ThreatClass::CruiseMissile);
        let ws = WaveSpec {
            count: c.count.map(Count::get),
            start: c.launch_time_s,
            start_key: "launch_time_s",
            interval: c.interval_s,
            lateral_km: c.lateral_spacing_km,
            rcs_m2: c.rcs_m2,
            rcs_dbsm: c.rcs_dbsm,
            target: c.target.as_ref(),
            overrides: c.overrides.as_ref(),
        };
        let wave = self.wave(p, ws, t, tc.duration_opt, &tc.asset_names);
        let speed = wave
            .as_ref()
            .and_then(|w| self.speed(p, c.speed_m_s, c.overrides.as_ref(), &w.resolved, &c.r#type));
        self.speed_warning(p, c.speed_m_s, c.overrides.as_ref(), speed, t);
        let agl = c
            .altitude_agl_m
            .or_else(|| wave.as_ref().and_then(|w| w.resolved.opt("altitude_m")))
            .unwrap_or(50.0);
        let agl_ok = self.check_range(
            &join(p, "altitude_agl_m"),
            agl,
            CRUISE_AGL.0,
            false,
            CRUISE_AGL.1,
            "altitude_agl_m",
        );
        let route = self.cruise_route(tc, c, p);
        let (Some(w), Some(speed), true, Some(mut pts)) = (wave, speed, agl_ok, route) else {
            return;
        };
        for g in &mut pts {
            g.alt += agl;
        }
        if pts.windows(2).any(|w| w[0].to(w[1]).0 < 1.0) {
            self.err(
                p,
                "two consecutive route points coincide (launch, waypoints, target)",
                Some("every leg must be longer than 1 m".into()),
            );
            return;
        }
        let length = polyline_length(&pts);
        if let Some(max) = w.resolved.opt("max_range_km")
            && length > max * 1000.0
        {
            self.warn(
                p,
                format!(
                    "the route is {:.0} km long, beyond the {} range class ({max} km)",
                    length / 1000.0,
                    c.r#type
                ),
                Some("override max_range_km or shorten the route".into()),
            );
        }
        self.arrival_warning(p, &pts, speed, &w, tc.duration);
        let class = ThreatClass::CruiseMissile;
        let clearance = tc.follows_terrain.then_some(agl);
        route_members(
            tc,
            &c.name,
            &c.r#type,
            class,
            &w,
            &pts,
            speed,
            true,
            (RouteEnd::Attack, clearance),
        );
    }

    /// A speed the file gives (inline or as an override) outside the type's typical span
    /// draws a warning.
    fn speed_warning(
        &mut self,
        p: &str,
        inline: Option<f64>,
        ov: Option<&ThreatOverrides>,
        speed: Option<f64>,
        t: Option<&ThreatType>,
    ) {
        let Some(speed) = speed else { return };
        let key = if inline.is_some() {
            "speed_m_s"
        } else if ov.is_some_and(|o| o.0.contains_key("speed_m_s")) {
            "overrides.speed_m_s"
        } else {
            return;
        };
        self.typical_warning(&join(p, key), "speed_m_s", speed, t);
    }

    /// The ground track of a cruise-missile wave: launch, waypoints, aim point.
    fn cruise_route(&mut self, tc: &ThreatCx, c: &CruiseMissileSpec, p: &str) -> Option<Vec<Geo>> {
        let launch = self.position(&c.launch, &join(p, "launch"), SITE_ALT, None);
        let mut wps = Vec::new();
        let mut wps_ok = true;
        for (j, wp) in c.waypoints.as_deref().unwrap_or(&[]).iter().enumerate() {
            match self.position(wp, &format!("{p}.waypoints[{j}]"), SITE_ALT, None) {
                Some(g) => wps.push(g),
                None => wps_ok = false,
            }
        }
        let aim = match (&c.target, &c.target_point) {
            (Some(_), Some(_)) => {
                self.err(
                    &join(p, "target_point"),
                    "give either `target` or `target_point`, not both",
                    None,
                );
                None
            }
            (None, None) => {
                self.err(
                    p,
                    "missing field \"target\" (or \"target_point\")",
                    Some("add `target: <asset name>` or `target_point: {lat_deg, lon_deg}`".into()),
                );
                None
            }
            (Some(name), None) => self.asset_position(tc, name),
            (None, Some(tp)) => self.position(tp, &join(p, "target_point"), SITE_ALT, None),
        };
        let (Some(launch), true, Some(aim)) = (launch, wps_ok, aim) else {
            return None;
        };
        let mut pts = vec![launch];
        pts.extend(wps);
        pts.push(aim);
        Some(pts)
    }
}

/// One threat per member of a route-flying wave, each on the route shifted sideways by
/// its offset (`keep_last`: all converge on the last point), ending as `end`, following
/// the terrain at `clearance` (m) if given.
#[allow(clippy::too_many_arguments)]
fn route_members(
    tc: &mut ThreatCx,
    name: &str,
    type_name: &str,
    class: ThreatClass,
    w: &Wave,
    pts: &[Geo],
    speed: f64,
    keep_last: bool,
    (end, clearance): (RouteEnd, Option<f64>),
) {
    if !tc.expand {
        return;
    }
    let turn = w
        .resolved
        .opt("max_turn_rate_deg_s")
        .unwrap_or(defaults::MAX_TURN_RATE_DEG_S)
        .to_radians();
    for k in 0..w.count {
        let route = shift_polyline(pts, lateral(k, w.count, w.lateral_m), keep_last);
        tc.threats.push(Threat {
            name: member_name(name, k, w.count),
            type_name: type_name.to_string(),
            class,
            rcs: w.rcs,
            start_time: w.start + f64::from(k) * w.interval,
            motion: ThreatMotion::Route {
                waypoints: route.into_iter().map(Geo::geodetic).collect(),
                speed,
                max_turn_rate: turn,
                end,
                terrain_clearance: clearance,
            },
            target_asset: w.target,
            debris: w.debris(),
        });
    }
}
