//! What every threat group shares, whatever its class: the catalogue type, the count and
//! timing of its members, their sideways spacing, the RCS, the target asset and the
//! speed, and the names and offsets of the members.

use super::places::polyline_length;
use super::{Builder, Geo, MAX_DURATION_S, defaults};
use std::collections::BTreeMap;

use crate::catalogue::{Quantity, Resolved, THREAT_FIELDS, ThreatType};
use crate::decode::join;
use crate::diag::num;
use crate::format::ThreatOverrides;
use iadsim_setup::{Debris, ThreatClass};

/// Common wave parameters, checked.
pub(super) struct Wave {
    pub(super) count: u32,
    pub(super) start: f64,
    pub(super) interval: f64,
    pub(super) lateral_m: f64,
    pub(super) rcs: f64,
    pub(super) resolved: Resolved,
    pub(super) target: Option<usize>,
}

/// The wave fields of one threat group, as written.
pub(super) struct WaveSpec<'s> {
    pub(super) count: Option<u32>,
    pub(super) start: Option<f64>,
    pub(super) start_key: &'static str,
    pub(super) interval: Option<f64>,
    pub(super) lateral_km: Option<f64>,
    pub(super) rcs_m2: Option<f64>,
    pub(super) rcs_dbsm: Option<f64>,
    pub(super) target: Option<&'s String>,
    pub(super) overrides: Option<&'s ThreatOverrides>,
}

impl Wave {
    /// What each member leaves when it is killed: the resolved `debris_*` values (every
    /// catalogue threat type has them, checked against the field table).
    pub(super) fn debris(&self) -> Debris {
        let r = &self.resolved;
        Debris {
            fragments: r.get("debris_fragments") as u32,
            ballistic_coefficient: r.get("debris_ballistic_coefficient_kg_m2"),
            separation_speed: r.get("debris_separation_speed_m_s"),
            rcs_decay_time: r.get("debris_rcs_decay_s"),
            rcs_floor_ratio: r.get("debris_rcs_floor_ratio"),
        }
    }
}

impl Builder<'_, '_> {
    /// The catalogue threat type `name`, which must be of `class`.
    pub(super) fn threat_type(
        &mut self,
        path: &str,
        name: &str,
        class: ThreatClass,
    ) -> Option<&'static ThreatType> {
        let cat = self.cat;
        let (class_name, list) = class_names(class);
        let fitting = || -> Vec<&str> {
            cat.threats
                .iter()
                .filter(|t| t.class == class)
                .map(|t| t.name.as_str())
                .collect()
        };
        let Some(t) = cat.threat(name) else {
            self.unknown_type(&join(path, "type"), class_name, name, fitting());
            return None;
        };
        if t.class != class {
            let tc = match t.class {
                ThreatClass::Aircraft => "an aircraft",
                ThreatClass::CruiseMissile => "a cruise missile",
                ThreatClass::BallisticMissile => "a ballistic missile",
            };
            let tl = class_names(t.class).1;
            self.err(
                &join(path, "type"),
                format!("{name} is {tc}, not a {class_name}"),
                Some(format!(
                    "list it under {tl}; {class_name} types for {list}: {}",
                    fitting().join(", ")
                )),
            );
            return None;
        }
        Some(t)
    }

    /// Check the wave fields of the group at `path` of type `t` (`None`: an unknown type,
    /// already reported; the fields are checked, and no wave is returned).
    pub(super) fn wave(
        &mut self,
        path: &str,
        w: WaveSpec<'_>,
        t: Option<&ThreatType>,
        duration: Option<f64>,
        assets: &[String],
    ) -> Option<Wave> {
        static NO_VALUES: BTreeMap<String, Quantity> = BTreeMap::new();
        let count = w.count.unwrap_or(defaults::WAVE_COUNT);
        let mut ok = true;
        let start = w.start.unwrap_or(0.0);
        let interval = w.interval.unwrap_or(defaults::WAVE_INTERVAL_S);
        ok &= self.wave_timing(path, &w, count, start, interval, duration, ok);
        let lateral_km = w.lateral_km.unwrap_or(0.0);
        ok &= self.wave_spread(path, count, interval, lateral_km, ok);
        let ov = w.overrides.map(|o| &o.0);
        let resolved = Resolved::new(THREAT_FIELDS, t.map_or(&NO_VALUES, |t| &t.values), ov);
        let rcs = self.wave_rcs(path, &w, &resolved);
        ok &= rcs.is_some();
        if let Some(rcs) = rcs {
            let given = [
                w.rcs_m2.map(|_| "rcs_m2"),
                w.rcs_dbsm.map(|_| "rcs_dbsm"),
                ov.and_then(|o| o.get("rcs_m2")).map(|_| "overrides.rcs_m2"),
            ];
            if let Some(key) = given.into_iter().flatten().next() {
                self.typical_warning(&join(path, key), "rcs_m2", rcs, t);
            }
        }
        let target = match w.target {
            Some(name) => {
                let t = self.wave_target(path, name, assets);
                ok &= t.is_some();
                t
            }
            None => None,
        };
        (ok && t.is_some()).then(|| Wave {
            count,
            start,
            interval,
            lateral_m: lateral_km * 1000.0,
            rcs: rcs.unwrap_or_default(),
            resolved,
            target,
        })
    }

    /// Start and interval; the last member must start before the scenario ends.
    #[allow(clippy::too_many_arguments)]
    fn wave_timing(
        &mut self,
        path: &str,
        w: &WaveSpec<'_>,
        count: u32,
        start: f64,
        interval: f64,
        duration: Option<f64>,
        ok_so_far: bool,
    ) -> bool {
        let mut ok = ok_so_far;
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
        ok
    }

    /// Sideways spacing: the whole wave at most 2,000 km wide.
    fn wave_spread(
        &mut self,
        path: &str,
        count: u32,
        interval: f64,
        lateral_km: f64,
        ok_so_far: bool,
    ) -> bool {
        let mut ok = ok_so_far;
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
        ok
    }

    /// The RCS, m², from one source only: `rcs_m2`, `rcs_dbsm`, an override or the type.
    fn wave_rcs(&mut self, path: &str, w: &WaveSpec<'_>, resolved: &Resolved) -> Option<f64> {
        let ov = w.overrides.map(|o| &o.0);
        let given: Vec<&str> = [
            w.rcs_m2.map(|_| "rcs_m2"),
            w.rcs_dbsm.map(|_| "rcs_dbsm"),
            ov.and_then(|o| o.get("rcs_m2")).map(|_| "overrides.rcs_m2"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut ok = true;
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
        ok.then_some(rcs)
    }

    /// The index of the target asset `name`.
    fn wave_target(&mut self, path: &str, name: &str, assets: &[String]) -> Option<usize> {
        if let Some(i) = assets.iter().position(|a| a == name) {
            return Some(i);
        }
        if self.cx.names_uncertain() {
            // The asset may be one whose entry could not be read.
            return None;
        }
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
        None
    }

    /// A speed given inline or by override (not both), checked.
    pub(super) fn speed(
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

    /// Warn when `v`, a value of the catalogue field `key` given by the file at `path`, is
    /// outside the typical span the catalogue gives for type `t` (e.g. a km/h figure
    /// written as m/s): valid in form, probably not meant.
    pub(super) fn typical_warning(
        &mut self,
        path: &str,
        key: &str,
        v: f64,
        t: Option<&ThreatType>,
    ) {
        let Some(q) = t.and_then(|t| t.values.get(key)) else {
            return;
        };
        let Some([lo, hi]) = q.typical else {
            return;
        };
        if (lo..=hi).contains(&v) {
            return;
        }
        let name = t.map_or("", |t| t.name.as_str());
        let unit = if q.unit == "m2" {
            "m²"
        } else {
            q.unit.as_str()
        };
        let help = if q.unit == "m/s" && (lo..=hi).contains(&(v / 3.6)) {
            format!(
                "{} km/h would be {:.0} m/s: speeds are written in m/s",
                num(v),
                v / 3.6
            )
        } else {
            format!(
                "the catalogue's {name} has {} {unit}; check the value and its unit",
                num(q.value)
            )
        };
        self.warn(
            path,
            format!(
                "{key} {} is outside the typical range of {name} ({}–{} {unit})",
                num(v),
                num(lo),
                num(hi)
            ),
            Some(help),
        );
    }

    /// Warn when the last member of a wave reaches its final point after the end.
    pub(super) fn arrival_warning(
        &mut self,
        path: &str,
        pts: &[Geo],
        speed: f64,
        w: &Wave,
        duration: f64,
    ) {
        let last_start = w.start + f64::from(w.count.saturating_sub(1)) * w.interval;
        let arrive = last_start + polyline_length(pts) / speed;
        if arrive > duration {
            self.warn(
                path,
                format!("the last member reaches its final point at about {arrive:.0} s, after the scenario ends ({duration} s)"),
                Some("lengthen duration_s if the whole flight should be simulated".into()),
            );
        }
    }
}

/// The class's name in messages and the list it belongs under.
fn class_names(class: ThreatClass) -> (&'static str, &'static str) {
    match class {
        ThreatClass::Aircraft => ("aircraft", "threats.aircraft"),
        ThreatClass::CruiseMissile => ("cruise missile", "threats.cruise_missiles"),
        ThreatClass::BallisticMissile => ("ballistic missile", "threats.ballistic_missiles"),
    }
}

/// The name of member `i` of a group of `count`: the group name, or "<name>/01", ….
pub(super) fn member_name(name: &str, i: u32, count: u32) -> String {
    if count == 1 {
        name.to_string()
    } else {
        let width = count.to_string().len().max(2);
        format!("{name}/{:0width$}", i + 1)
    }
}

/// Sideways offset of member `i` of `n`, m.
pub(super) fn lateral(i: u32, n: u32, spacing: f64) -> f64 {
    (f64::from(i) - f64::from(n - 1) / 2.0) * spacing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateral_offsets_are_centred() {
        assert_eq!(lateral(0, 1, 1000.0), 0.0);
        assert_eq!(lateral(0, 3, 1000.0), -1000.0);
        assert_eq!(lateral(2, 3, 1000.0), 1000.0);
    }
}
