//! Launchers: launcher groups expanded into launchers, placed on their line or on the
//! battalion's ring, their loadouts (launcher capacity, what the type carries) and the
//! interceptor missiles with their catalogue values and overrides.

use std::collections::BTreeSet;

use iadsim_core::Geodetic;

use super::{Builder, Geo, SITE_ALT, defaults};
use crate::catalogue::{LAUNCHER_FIELDS, LauncherType, MISSILE_FIELDS, Resolved};
use crate::decode::{Count, join};
use crate::format::{BattalionSpec, LauncherGroupSpec, LoadSpec};
use iadsim_setup::{Launcher, Missile, MissileLoad};

/// A launcher before placement: the launcher, its position if its group has one, and the
/// radius of the ring it goes on otherwise, m.
type Unplaced = (Launcher, Option<Geo>, f64);

impl Builder<'_, '_> {
    /// Launcher groups of one battalion, expanded; launchers without a position are spread
    /// evenly on a ring around `ring_centre`.
    pub(super) fn launchers(
        &mut self,
        bn: &BattalionSpec,
        path: &str,
        ring_centre: Option<Geo>,
    ) -> Option<Vec<Launcher>> {
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
        let mut ok = true;
        let mut out: Vec<Unplaced> = Vec::new();
        for (g, spec) in bn.launchers.iter().enumerate() {
            let gp = format!("{path}.launchers[{g}]");
            let group_name = spec
                .name
                .clone()
                .unwrap_or_else(|| format!("{}-L{}", bn.name, g + 1));
            match self.launcher_group(spec, &gp, &group_name) {
                Some(members) => out.extend(members),
                None => ok = false,
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

    /// One launcher group at `gp`, expanded into its launchers (`None` on any problem).
    fn launcher_group(
        &mut self,
        spec: &LauncherGroupSpec,
        gp: &str,
        group_name: &str,
    ) -> Option<Vec<Unplaced>> {
        let count = spec.count.map_or(defaults::LAUNCHER_COUNT, Count::get);
        let spacing = spec.spacing_m.unwrap_or(defaults::LAUNCHER_SPACING_M);
        let mut ok = self.check_range(
            &join(gp, "spacing_m"),
            spacing,
            0.0,
            false,
            10_000.0,
            "spacing_m",
        );
        let ring = spec.ring_radius_km.unwrap_or(defaults::RING_RADIUS_KM);
        ok &= self.check_range(
            &join(gp, "ring_radius_km"),
            ring,
            0.05,
            false,
            10.0,
            "ring_radius_km",
        );
        if spec.position.is_some() && spec.ring_radius_km.is_some() {
            self.warn(
                &join(gp, "ring_radius_km"),
                "ring_radius_km has no effect on a group with a position",
                None,
            );
        }
        let centre = match &spec.position {
            Some(p) => match self.position(p, &join(gp, "position"), SITE_ALT, None) {
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
            self.unknown_type(&join(gp, "type"), "launcher", &type_name, known);
            // The missiles are still checked (not what this unknown type carries).
            self.loadout(spec, gp, None);
            return None;
        };
        let lr = Resolved::new(
            LAUNCHER_FIELDS,
            &lt.values,
            spec.overrides.as_ref().map(|o| &o.0),
        );
        let loads = self.loadout(spec, gp, Some((lt, &lr)));
        let (true, Some(loads)) = (ok, loads) else {
            return None;
        };
        let launch_interval = lr.get("launch_interval_s");
        let launcher = |name: String| Launcher {
            name,
            type_name: type_name.clone(),
            position: Geodetic::from_degrees(0.0, 0.0, 0.0),
            loadout: loads.clone(),
            launch_interval,
        };
        Some(members(group_name, count, centre, spacing, ring, launcher))
    }

    /// The loadout of one launcher of the group at `gp`: every entry checked, and, with
    /// the launcher type and its values, what it carries and the total against its
    /// capacity.
    fn loadout(
        &mut self,
        spec: &LauncherGroupSpec,
        gp: &str,
        launcher: Option<(&LauncherType, &Resolved)>,
    ) -> Option<Vec<MissileLoad>> {
        let mut loads = Vec::new();
        let mut slots_used = 0.0;
        let mut load_ok = true;
        if spec.loadout.is_empty() {
            self.err(
                &join(gp, "loadout"),
                "the loadout is empty",
                Some("e.g. `loadout: [{missile: 48N6E3, count: 4}]`".into()),
            );
            load_ok = false;
        }
        let mut seen = BTreeSet::new();
        for (i, l) in spec.loadout.iter().enumerate() {
            let lp = format!("{gp}.loadout[{i}]");
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
            if let Some((lt, _)) = launcher
                && !lt.carries.contains(&l.missile)
            {
                let type_name = &lt.name;
                self.err(
                    &join(&lp, "missile"),
                    format!("launcher type {type_name} cannot carry {}", l.missile),
                    Some(format!("{type_name} carries: {}", lt.carries.join(", "))),
                );
                load_ok = false;
            }
            slots_used += slots * f64::from(l.count.get());
            loads.push(MissileLoad {
                missile: m,
                count: l.count.get(),
            });
        }
        let (lt, lr) = launcher?;
        let capacity = lr.get("capacity_slots");
        if load_ok && slots_used > capacity + 1e-9 {
            self.over_capacity(gp, &lt.name, &loads, slots_used, capacity);
            load_ok = false;
        }
        load_ok.then_some(loads)
    }

    fn over_capacity(
        &mut self,
        gp: &str,
        type_name: &str,
        loads: &[MissileLoad],
        slots_used: f64,
        capacity: f64,
    ) {
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
            &join(gp, "loadout"),
            format!("loadout needs {slots_used} launcher slots but {type_name} has {capacity}"),
            Some(format!(
                "{}; a large missile takes 1 slot, a quad-packed 9M96 0.25",
                detail.join(" + ")
            )),
        );
    }

    /// The missile of one loadout entry and the launcher slots one round takes.
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
        if !self.missile_consistent(&r, &join(path, "overrides"), &spec.missile) {
            return None;
        }
        let missile = Missile {
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
        };
        Some((missile, r.get("slots")))
    }

    /// The missile's values after overrides agree with each other (problems at `ov`).
    fn missile_consistent(&mut self, r: &Resolved, ov: &str, missile: &str) -> bool {
        let mut ok = true;
        if r.get("min_range_km") >= r.get("max_range_km") {
            self.err(
                ov,
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
                ov,
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
                ov,
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
                ov,
                format!(
                    "{missile} cannot reach its max_range_km ({} km) within max_flight_time_s ({} s) at average_speed_m_s ({} m/s)",
                    r.get("max_range_km"),
                    r.get("max_flight_time_s"),
                    r.get("average_speed_m_s")
                ),
                None,
            );
        }
        ok
    }
}

/// The launchers of a group of `count`, named "<group>-1", … (just the group name for
/// one), on a west–east line `spacing` m apart around `centre` if the group has a
/// position, else to go on a ring of `ring_km`.
fn members(
    group_name: &str,
    count: u32,
    centre: Option<Geo>,
    spacing: f64,
    ring_km: f64,
    launcher: impl Fn(String) -> Launcher,
) -> Vec<Unplaced> {
    (0..count)
        .map(|i| {
            let name = if count == 1 {
                group_name.to_string()
            } else {
                format!("{group_name}-{}", i + 1)
            };
            let pos = centre.map(|c| {
                let off = (f64::from(i) - f64::from(count - 1) / 2.0) * spacing;
                c.moved(90.0, off)
            });
            (launcher(name), pos, ring_km * 1000.0)
        })
        .collect()
}
