//! Ballistic-missile waves: launch and impact points, the trajectory profile (minimum
//! energy, lofted, depressed) and whether the type's range class can fly it, then one
//! threat per member.

use iadsim_core::ballistic::Arc;

use super::threats::ThreatCx;
use super::waves::{Wave, WaveSpec, lateral, member_name};
use super::{Builder, Geo, SITE_ALT};
use crate::decode::{Count, join};
use crate::format::{BallisticMissileSpec, ProfileSpec};
use iadsim_setup::{BallisticProfile, Threat, ThreatClass, ThreatMotion};

impl Builder<'_, '_> {
    /// One ballistic-missile wave at `p`.
    pub(super) fn ballistic_missiles(
        &mut self,
        tc: &mut ThreatCx,
        m: &BallisticMissileSpec,
        p: &str,
    ) {
        tc.check_group_name(self, &m.name, p);
        // An unknown type still has its other fields checked; it is just not built.
        let t = self.threat_type(p, &m.r#type, ThreatClass::BallisticMissile);
        let ws = WaveSpec {
            count: m.count.map(Count::get),
            start: m.launch_time_s,
            start_key: "launch_time_s",
            interval: m.interval_s,
            lateral_km: m.lateral_spacing_km,
            rcs_m2: m.rcs_m2,
            rcs_dbsm: m.rcs_dbsm,
            target: m.target.as_ref(),
            overrides: m.overrides.as_ref(),
        };
        let wave = self.wave(p, ws, t, tc.duration_opt, &tc.asset_names);
        let launch = self.position(&m.launch, &join(p, "launch"), SITE_ALT, None);
        let impact = self.ballistic_impact(tc, m, p);
        let prof_ok = self.profile_angle_given(m, p);
        let (Some(w), Some(launch), Some(impact), true) = (wave, launch, impact, prof_ok) else {
            return;
        };
        let (range, az) = launch.to(impact);
        if range < 1_000.0 {
            self.err(
                p,
                format!("launch and impact points are {range:.0} m apart"),
                Some("a ballistic missile needs a ground range of at least 1 km".into()),
            );
            return;
        }
        // The arc as the engine flies it: range angle and radii from the ECEF positions.
        let arc = match Arc::between(&launch.geodetic().to_ecef(), &impact.geodetic().to_ecef()) {
            Ok(arc) => arc,
            Err(e) => {
                self.err(
                    p,
                    e.to_string(),
                    Some("a ballistic missile flies less than half-way round the Earth".into()),
                );
                return;
            }
        };
        let Some(profile) = self.ballistic_profile(m, p, &arc, range) else {
            return;
        };
        let gamma = match profile {
            BallisticProfile::MinimumEnergy => arc.minimum_energy_angle(),
            BallisticProfile::Lofted { flight_path_angle }
            | BallisticProfile::Depressed { flight_path_angle } => flight_path_angle,
        };
        if let Some(max_km) = w.resolved.opt("max_range_km")
            && !self.within_range_class(m, p, max_km, &arc, gamma, profile, range)
        {
            return;
        }
        let members = if tc.expand { w.count } else { 0 };
        let beta = w.resolved.opt("ballistic_coefficient_kg_m2");
        for k in 0..members {
            let off = lateral(k, w.count, w.lateral_m);
            let l = launch.moved(az + 90.0, off).with_alt(launch.alt);
            let motion = ThreatMotion::Ballistic {
                launch: l.geodetic(),
                impact: impact.geodetic(),
                profile,
                ballistic_coefficient: beta,
            };
            tc.threats.push(member(m, &w, k, motion));
        }
    }

    /// The impact point: the target asset's position or `impact`, exactly one of them.
    fn ballistic_impact(
        &mut self,
        tc: &ThreatCx,
        m: &BallisticMissileSpec,
        p: &str,
    ) -> Option<Geo> {
        match (&m.target, &m.impact) {
            (Some(_), Some(_)) => {
                self.err(
                    &join(p, "impact"),
                    "give either `target` or `impact`, not both",
                    None,
                );
                None
            }
            (None, None) => {
                self.err(
                    p,
                    "missing field \"target\" (or \"impact\")",
                    Some("add `target: <asset name>` or `impact: {lat_deg, lon_deg}`".into()),
                );
                None
            }
            (Some(name), None) => self.asset_position(tc, name),
            (None, Some(ip)) => self.position(ip, &join(p, "impact"), SITE_ALT, None),
        }
    }

    /// `flight_path_angle_deg` is given exactly when the profile needs it, and in range.
    fn profile_angle_given(&mut self, m: &BallisticMissileSpec, p: &str) -> bool {
        let profile_kind = m.profile.unwrap_or(ProfileSpec::MinimumEnergy);
        match (profile_kind, m.flight_path_angle_deg) {
            (ProfileSpec::MinimumEnergy, Some(_)) => {
                self.err(
                    &join(p, "flight_path_angle_deg"),
                    "flight_path_angle_deg applies only to lofted or depressed profiles",
                    Some("remove it, or set `profile: lofted` / `profile: depressed`".into()),
                );
                false
            }
            (ProfileSpec::Lofted | ProfileSpec::Depressed, None) => {
                self.err(p, "missing field \"flight_path_angle_deg\" (needed by a lofted or depressed profile)", Some("add `flight_path_angle_deg: <degrees>`".into()));
                false
            }
            (_, Some(g)) => self.check_range(
                &join(p, "flight_path_angle_deg"),
                g,
                0.0,
                true,
                89.9,
                "flight_path_angle_deg",
            ),
            _ => true,
        }
    }

    /// The profile on `arc`: a lofted angle must lie above the minimum-energy angle, a
    /// depressed one below it.
    fn ballistic_profile(
        &mut self,
        m: &BallisticMissileSpec,
        p: &str,
        arc: &Arc,
        range: f64,
    ) -> Option<BallisticProfile> {
        let gmin = arc.minimum_energy_angle();
        let profile_kind = m.profile.unwrap_or(ProfileSpec::MinimumEnergy);
        let path = join(p, "flight_path_angle_deg");
        match (profile_kind, m.flight_path_angle_deg) {
            (ProfileSpec::Lofted, Some(g)) => {
                if g.to_radians() <= gmin {
                    self.err(
                        &path,
                        format!("a lofted trajectory needs a flight-path angle above the minimum-energy angle, {:.1}° for this {:.0} km range; found {g}°", gmin.to_degrees(), range / 1000.0),
                        Some(format!("use an angle in ({:.1}°, 90°), or `profile: depressed`", gmin.to_degrees())),
                    );
                    return None;
                }
                Some(BallisticProfile::Lofted {
                    flight_path_angle: g.to_radians(),
                })
            }
            (ProfileSpec::Depressed, Some(g)) => {
                if g.to_radians() >= gmin {
                    self.err(
                        &path,
                        format!("a depressed trajectory needs a flight-path angle below the minimum-energy angle, {:.1}° for this {:.0} km range; found {g}°", gmin.to_degrees(), range / 1000.0),
                        Some(format!("use an angle in (0°, {:.1}°), or `profile: lofted`", gmin.to_degrees())),
                    );
                    return None;
                }
                Some(BallisticProfile::Depressed {
                    flight_path_angle: g.to_radians(),
                })
            }
            _ => Some(BallisticProfile::MinimumEnergy),
        }
    }

    /// Whether the burnout speed the trajectory needs is within what the type's range
    /// class `max_km` gives (a minimum-energy flight of that range over a sphere of the
    /// mean Earth radius).
    #[allow(clippy::too_many_arguments)]
    fn within_range_class(
        &mut self,
        m: &BallisticMissileSpec,
        p: &str,
        max_km: f64,
        arc: &Arc,
        gamma: f64,
        profile: BallisticProfile,
        range: f64,
    ) -> bool {
        let class = Arc::spherical(max_km * 1000.0);
        let v_max = class
            .burnout_speed(class.minimum_energy_angle())
            .unwrap_or(f64::INFINITY);
        let v_req = arc.burnout_speed(gamma).unwrap_or(f64::INFINITY);
        if v_req <= v_max * (1.0 + 1e-9) {
            return true;
        }
        let what = match profile {
            BallisticProfile::MinimumEnergy => "a minimum-energy".to_string(),
            _ => format!("a {:.1}°", gamma.to_degrees()),
        };
        self.err(
            p,
            format!(
                "{} cannot fly {:.0} km on {what} trajectory: it needs a burnout speed of {:.2} km/s, the {max_km} km range class gives {:.2} km/s",
                m.r#type,
                range / 1000.0,
                v_req / 1000.0,
                v_max / 1000.0
            ),
            Some("move the launch point closer, choose a flight-path angle nearer the minimum-energy angle, or override max_range_km".into()),
        );
        false
    }
}

/// Member `k` of the ballistic wave `m` on its trajectory.
fn member(m: &BallisticMissileSpec, w: &Wave, k: u32, motion: ThreatMotion) -> Threat {
    Threat {
        name: member_name(&m.name, k, w.count),
        type_name: m.r#type.clone(),
        class: ThreatClass::BallisticMissile,
        rcs: w.rcs,
        start_time: w.start + f64::from(k) * w.interval,
        motion,
        target_asset: w.target,
        debris: w.debris(),
    }
}
