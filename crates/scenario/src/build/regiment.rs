//! The regiment: its command post, the battalions with their command posts and radars
//! (launchers are in [`super::launchers`]), and the uniqueness of their names.

use std::collections::BTreeMap;

use super::{Builder, Geo, SITE_ALT, defaults};
use crate::catalogue::{COMMAND_POST_FIELDS, RADAR_FIELDS, RadarType, Resolved};
use crate::decode::{Count, join};
use crate::diag::num;
use crate::format::{BattalionSpec, CommandPostSpec, RadarSpec, RegimentSpec};
use iadsim_setup::{Battalion, CommandPost, Radar, RadarRole};

impl Builder<'_, '_> {
    /// The regiment's name, its command post and its battalions (those without problems).
    pub(super) fn regiment(
        &mut self,
        reg: &RegimentSpec,
    ) -> (String, Option<CommandPost>, Vec<Battalion>) {
        let reg_name = reg
            .name
            .clone()
            .unwrap_or_else(|| defaults::REGIMENT_NAME.into());
        if reg.battalions.is_empty() {
            self.err(
                "regiment.battalions",
                "the regiment needs at least one battalion",
                None,
            );
        } else if reg.battalions.len() > 8 {
            self.warn(
                "regiment.battalions",
                format!(
                    "{} battalions; a 55K6E command post directs up to 8",
                    reg.battalions.len()
                ),
                None,
            );
        }
        let axis = self.threat_axis(reg.threat_axis_deg, "regiment.threat_axis_deg");
        let mut battalions = Vec::new();
        let mut bn_positions = Vec::new();
        for (i, bn) in reg.battalions.iter().enumerate() {
            let (pos, battalion) = self.battalion(bn, &format!("regiment.battalions[{i}]"), axis);
            bn_positions.extend(pos);
            battalions.extend(battalion);
        }
        let centroid = (!bn_positions.is_empty()).then(|| {
            let n = bn_positions.len() as f64;
            Geo {
                lat: bn_positions.iter().map(|g| g.lat).sum::<f64>() / n,
                lon: bn_positions.iter().map(|g| g.lon).sum::<f64>() / n,
                alt: bn_positions.iter().map(|g| g.alt).sum::<f64>() / n,
            }
        });
        let reg_cp = self.command_post(
            reg.command_post.as_ref(),
            "regiment.command_post",
            format!("{reg_name}-cp"),
            centroid,
        );
        self.unique_element_names(reg, reg_cp.as_ref(), &battalions);
        (reg_name, reg_cp, battalions)
    }

    /// One battalion at `p` (`axis`: the regiment's threat axis, rad): its position, and
    /// the battalion if it has no problems.
    fn battalion(
        &mut self,
        bn: &BattalionSpec,
        p: &str,
        axis: Option<f64>,
    ) -> (Option<Geo>, Option<Battalion>) {
        let pos = self.resolve_anchor(&bn.name, p);
        let axis = self
            .threat_axis(bn.threat_axis_deg, &join(p, "threat_axis_deg"))
            .or(axis);
        let cp = self.command_post(
            bn.command_post.as_ref(),
            &join(p, "command_post"),
            format!("{}-cp", bn.name),
            pos,
        );
        let acq = self.radar(
            bn.acquisition_radar.as_ref(),
            &join(p, "acquisition_radar"),
            RadarRole::Acquisition,
            &bn.name,
            pos,
        );
        let eng = self
            .radar(
                bn.engagement_radar.as_ref(),
                &join(p, "engagement_radar"),
                RadarRole::Engagement,
                &bn.name,
                pos,
            )
            .map(|mut r| {
                r.sector_centre = r.sector_centre.or(axis);
                r
            });
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
        let launchers = self.launchers(bn, p, eng_site);
        let (Some(command_post), Some(acquisition_radar), Some(engagement_radar), Some(launchers)) =
            (cp, acq, eng, launchers)
        else {
            return (pos, None);
        };
        let battalion = Battalion {
            name: bn.name.clone(),
            command_post,
            acquisition_radar,
            engagement_radar,
            launchers,
        };
        (pos, Some(battalion))
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
        let (suffix, default_type) = match role {
            RadarRole::Acquisition => ("acq", defaults::ACQUISITION_RADAR_TYPE),
            RadarRole::Engagement => ("eng", defaults::ENGAGEMENT_RADAR_TYPE),
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
        let t = self.radar_type(&join(path, "type"), &type_name, role)?;
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
        let (sector_centre, sector_width) = self.sector(spec, path, role, &r)?;
        let site = site?;
        let scan_phase = self.scan_phase(spec, path, r.get("scan_period_s"));
        Some(Radar {
            name,
            type_name,
            role,
            position: site.with_alt(site.alt + r.get("mast_height_m")).geodetic(),
            ground_height: site.alt,
            surface_height: 0.0,
            instrumented_range: r.get("instrumented_range_km") * 1000.0,
            reference_range: r.get("reference_range_km") * 1000.0,
            reference_rcs: r.get("reference_rcs_m2"),
            detection_probability: r.get("detection_probability"),
            scan_period: r.get("scan_period_s"),
            scan_phase,
            min_elevation: r.get("min_elevation_deg").to_radians(),
            max_elevation: r.get("max_elevation_deg").to_radians(),
            sigma_range: r.get("sigma_range_m"),
            sigma_azimuth: r.get("sigma_azimuth_deg").to_radians(),
            sigma_elevation: r.get("sigma_elevation_deg").to_radians(),
            max_tracks: r.get("max_tracks") as u32,
            max_guided_missiles: r.get("max_guided_missiles") as u32,
            sector_centre,
            sector_width,
            slew_rate: r.opt("slew_rate_deg_s").unwrap_or(0.0).to_radians(),
        })
    }

    /// An azimuth key (`threat_axis_deg`) at `path`, rad; `None` when absent or out of
    /// range (reported).
    fn threat_axis(&mut self, deg: Option<f64>, path: &str) -> Option<f64> {
        let deg = deg?;
        self.check_range(path, deg, 0.0, false, 360.0, "threat_axis_deg")
            .then(|| deg.to_radians().rem_euclid(std::f64::consts::TAU))
    }

    /// The radar's sector at the start: its centre (rad; `None`: the default) and width
    /// (rad). Only an engagement radar has one; an acquisition radar rotates all round.
    /// `None` when the `sector` key is wrong (reported).
    fn sector(
        &mut self,
        spec: Option<&RadarSpec>,
        path: &str,
        role: RadarRole,
        r: &Resolved,
    ) -> Option<(Option<f64>, f64)> {
        let sector = spec.and_then(|s| s.sector.as_ref());
        let full = std::f64::consts::TAU;
        if role == RadarRole::Acquisition {
            if sector.is_some() {
                self.err(
                    &join(path, "sector"),
                    "an acquisition radar rotates all round and has no sector",
                    Some("give `sector` to the engagement radar".into()),
                );
                return None;
            }
            return Some((None, full));
        }
        let Some(s) = sector else {
            return Some((
                None,
                r.opt("sector_width_deg").map_or(full, f64::to_radians),
            ));
        };
        let sp = join(path, "sector");
        let mut ok = true;
        if let Some(c) = s.centre_deg {
            ok &= self.check_range(&join(&sp, "centre_deg"), c, 0.0, false, 360.0, "centre_deg");
        }
        if let Some(w) = s.width_deg {
            ok &= self.check_range(&join(&sp, "width_deg"), w, 0.0, true, 360.0, "width_deg");
        }
        let width = s
            .width_deg
            .or(r.opt("sector_width_deg"))
            .map_or(full, f64::to_radians);
        let centre = s.centre_deg.map(|c| c.to_radians().rem_euclid(full));
        ok.then_some((centre, width))
    }

    /// The radar's fixed scan phase (s), if its spec gives one: within [0, `period`).
    fn scan_phase(&mut self, spec: Option<&RadarSpec>, path: &str, period: f64) -> Option<f64> {
        let phase = spec.and_then(|s| s.scan_phase_s)?;
        if !(0.0..period).contains(&phase) {
            self.err(
                &join(path, "scan_phase_s"),
                format!("scan_phase_s {} is outside [0, {}) s", num(phase), num(period)),
                Some(format!(
                    "give a phase from 0 up to the scan period ({} s), or leave it out to draw one per replication",
                    num(period)
                )),
            );
            return None;
        }
        Some(phase)
    }

    /// The catalogue radar `type_name`, which must fill `role`.
    fn radar_type(
        &mut self,
        path: &str,
        type_name: &str,
        role: RadarRole,
    ) -> Option<&'static RadarType> {
        let role_name = match role {
            RadarRole::Acquisition => "acquisition",
            RadarRole::Engagement => "engagement",
        };
        let Some(t) = self.cat.radar(type_name) else {
            let known = self.cat.radars.iter().map(|e| e.name.as_str()).collect();
            self.unknown_type(path, "radar", type_name, known);
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
                path,
                format!("{type_name} is not an {role_name} radar"),
                Some(format!("{role_name} radars: {}", fitting.join(", "))),
            );
            return None;
        }
        Some(t)
    }

    /// Command posts, radars and launchers need names unique across the regiment.
    fn unique_element_names(
        &mut self,
        reg: &RegimentSpec,
        reg_cp: Option<&CommandPost>,
        battalions: &[Battalion],
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut check = |b: &mut Builder, name: &str, path: String| {
            if let Some(prev) = seen.get(name) {
                let prev = prev.clone();
                b.err(&path, format!("duplicate name \"{name}\""), Some(format!("already used by {prev}; command posts, radars and launchers need unique names")));
            } else {
                seen.insert(name.to_string(), path);
            }
        };
        if let Some(cp) = reg_cp {
            check(self, &cp.name, "regiment.command_post.name".into());
        }
        for (i, bn) in battalions.iter().enumerate() {
            let p = format!("regiment.battalions[{i}]");
            check(
                self,
                &bn.command_post.name,
                format!("{p}.command_post.name"),
            );
            check(
                self,
                &bn.acquisition_radar.name,
                format!("{p}.acquisition_radar.name"),
            );
            check(
                self,
                &bn.engagement_radar.name,
                format!("{p}.engagement_radar.name"),
            );
            // Launcher index → group index for the path.
            let spec = &reg.battalions.get(i);
            let mut gi = 0usize;
            let mut left = spec
                .and_then(|s| s.launchers.first())
                .map_or(1, |g| g.count.map_or(1, Count::get));
            for l in &bn.launchers {
                while left == 0 {
                    gi += 1;
                    left = spec
                        .and_then(|s| s.launchers.get(gi))
                        .map_or(1, |g| g.count.map_or(1, Count::get));
                }
                left -= 1;
                check(self, &l.name, format!("{p}.launchers[{gi}].name"));
            }
        }
    }
}
