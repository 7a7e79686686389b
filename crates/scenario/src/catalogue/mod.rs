//! The parameter catalogue: every number that describes a real system or threat type,
//! with its unit, its source and a confidence tag.
//!
//! The catalogue is one data file embedded in the crate (`crates/scenario/catalogue.yaml`),
//! parsed once on first use. Scenario files refer to its entries by name and may override
//! any value in place (see the `overrides:` key of each element in `docs/scenario.md`).
//!
//! Each kind of entry has a field table ([`COMMAND_POST_FIELDS`], [`RADAR_FIELDS`],
//! [`LAUNCHER_FIELDS`], [`MISSILE_FIELDS`], [`THREAT_FIELDS`]): the key (its suffix is the
//! unit), the unit, what it means and its valid range. The same table checks the data file,
//! checks scenario overrides, and describes the overrides in the JSON schema.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use iadsim_setup::{RadarRole, ThreatClass};
use serde::{Deserialize, Serialize};

/// Confidence in a catalogue value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tag {
    /// Found in a named public source.
    F,
    /// Computed from a published formula.
    C,
    /// Placeholder: commonly quoted or assumed, not confirmed. Override freely.
    P,
}

/// One catalogue number with its unit, source and confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// The value, in `unit`.
    pub value: f64,
    /// The unit (also the suffix of the key).
    pub unit: String,
    /// Where the value comes from (short citation, or "placeholder").
    pub source: String,
    /// Confidence tag.
    pub tag: Tag,
    /// The span of values usual for this type, [low, high] in `unit`, where one is given:
    /// a scenario value outside it draws a warning naming it (a km/h figure written as
    /// m/s, say). Same source as the value unless the source note says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical: Option<[f64; 2]>,
}

/// A command post type (e.g. 55K6E).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandPostType {
    /// Type designation.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// The numbers, keyed as in [`COMMAND_POST_FIELDS`].
    #[serde(flatten)]
    pub values: BTreeMap<String, Quantity>,
}

/// A radar type (e.g. 91N6E).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RadarType {
    /// Type designation.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// The battalion role it fills.
    pub role: RadarRole,
    /// The numbers, keyed as in [`RADAR_FIELDS`].
    #[serde(flatten)]
    pub values: BTreeMap<String, Quantity>,
}

/// A launcher type (e.g. 5P85TE2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LauncherType {
    /// Type designation.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Missile types it can carry.
    pub carries: Vec<String>,
    /// The numbers, keyed as in [`LAUNCHER_FIELDS`].
    #[serde(flatten)]
    pub values: BTreeMap<String, Quantity>,
}

/// An interceptor missile type (e.g. 48N6E3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissileType {
    /// Type designation.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// The numbers, keyed as in [`MISSILE_FIELDS`].
    #[serde(flatten)]
    pub values: BTreeMap<String, Quantity>,
}

/// A threat type (e.g. subsonic_cruise_missile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreatType {
    /// Type name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Aircraft, cruise missile or ballistic missile.
    pub class: ThreatClass,
    /// The numbers, keyed as in [`THREAT_FIELDS`].
    #[serde(flatten)]
    pub values: BTreeMap<String, Quantity>,
}

/// The whole catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Command post types.
    pub command_posts: Vec<CommandPostType>,
    /// Radar types.
    pub radars: Vec<RadarType>,
    /// Launcher types.
    pub launchers: Vec<LauncherType>,
    /// Interceptor missile types.
    pub missiles: Vec<MissileType>,
    /// Threat types.
    pub threats: Vec<ThreatType>,
}

/// The catalogue data file, as embedded.
pub const CATALOGUE_YAML: &str = include_str!("../../catalogue.yaml");

mod fields;

pub use fields::{
    COMMAND_POST_FIELDS, FieldSpec, LAUNCHER_FIELDS, MISSILE_FIELDS, RADAR_FIELDS, THREAT_FIELDS,
};

/// The problems of one catalogue entry's values against its field table: missing or
/// unknown keys, wrong units, values out of range, no source, a typical span that is
/// not valid or does not contain the value.
fn check_values(
    kind: &str,
    name: &str,
    values: &BTreeMap<String, Quantity>,
    specs: &[FieldSpec],
) -> Vec<String> {
    let mut out = Vec::new();
    for s in specs {
        let Some(q) = values.get(s.key) else {
            if s.required {
                out.push(format!("{kind} {name}: missing {}", s.key));
            }
            continue;
        };
        if q.unit != s.unit {
            out.push(format!(
                "{kind} {name}: {} has unit {:?}, expected {:?}",
                s.key, q.unit, s.unit
            ));
        }
        if !s.accepts(q.value) {
            out.push(format!(
                "{kind} {name}: {} = {} is not {}",
                s.key,
                q.value,
                s.range_text()
            ));
        }
        if q.source.trim().is_empty() {
            out.push(format!("{kind} {name}: {} has no source", s.key));
        }
        if let Some([lo, hi]) = q.typical
            && !(s.accepts(lo) && s.accepts(hi) && lo <= q.value && q.value <= hi)
        {
            out.push(format!(
                "{kind} {name}: {} typical span [{lo}, {hi}] must be valid values around {}",
                s.key, q.value
            ));
        }
    }
    for k in values.keys() {
        if !specs.iter().any(|s| s.key == k) {
            out.push(format!("{kind} {name}: unknown field {k}"));
        }
    }
    out
}

/// The field table of each kind, with a name for messages.
pub const KINDS: &[(&str, &[FieldSpec])] = &[
    ("command post", COMMAND_POST_FIELDS),
    ("radar", RADAR_FIELDS),
    ("launcher", LAUNCHER_FIELDS),
    ("missile", MISSILE_FIELDS),
    ("threat", THREAT_FIELDS),
];

impl Catalogue {
    /// The catalogue embedded in the crate, parsed on first use.
    pub fn embedded() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| {
            // The data file is part of the crate and checked by its tests
            // (`catalogue_is_complete`); failing here is a build defect, not bad input.
            Catalogue::parse(CATALOGUE_YAML).unwrap_or_else(|e| panic!("embedded catalogue: {e}"))
        })
    }

    /// Parse a catalogue data file and check it against the field tables.
    pub fn parse(source: &str) -> Result<Catalogue, String> {
        let cat: Catalogue = serde_saphyr::from_str(source).map_err(|e| e.to_string())?;
        let problems = cat.check();
        if problems.is_empty() {
            Ok(cat)
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Check every entry against its field table: all required keys present, no unknown
    /// keys, units as the table says, values within range, names unique.
    pub fn check(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut check =
            |kind: &str, name: &str, values: &BTreeMap<String, Quantity>, specs: &[FieldSpec]| {
                out.extend(check_values(kind, name, values, specs));
            };
        for e in &self.command_posts {
            check("command post", &e.name, &e.values, COMMAND_POST_FIELDS);
        }
        for e in &self.radars {
            check("radar", &e.name, &e.values, RADAR_FIELDS);
        }
        for e in &self.launchers {
            check("launcher", &e.name, &e.values, LAUNCHER_FIELDS);
        }
        for e in &self.missiles {
            check("missile", &e.name, &e.values, MISSILE_FIELDS);
        }
        for e in &self.threats {
            check("threat", &e.name, &e.values, THREAT_FIELDS);
        }
        let mut names: Vec<&str> = self
            .command_posts
            .iter()
            .map(|e| e.name.as_str())
            .chain(self.radars.iter().map(|e| e.name.as_str()))
            .chain(self.launchers.iter().map(|e| e.name.as_str()))
            .chain(self.missiles.iter().map(|e| e.name.as_str()))
            .chain(self.threats.iter().map(|e| e.name.as_str()))
            .collect();
        names.sort_unstable();
        for w in names.windows(2) {
            if w[0] == w[1] {
                out.push(format!("duplicate catalogue name {}", w[0]));
            }
        }
        for l in &self.launchers {
            for m in &l.carries {
                if self.missile(m).is_none() {
                    out.push(format!("launcher {}: carries unknown missile {m}", l.name));
                }
            }
        }
        out
    }

    /// A command post type by name.
    pub fn command_post(&self, name: &str) -> Option<&CommandPostType> {
        self.command_posts.iter().find(|e| e.name == name)
    }
    /// A radar type by name.
    pub fn radar(&self, name: &str) -> Option<&RadarType> {
        self.radars.iter().find(|e| e.name == name)
    }
    /// A launcher type by name.
    pub fn launcher(&self, name: &str) -> Option<&LauncherType> {
        self.launchers.iter().find(|e| e.name == name)
    }
    /// A missile type by name.
    pub fn missile(&self, name: &str) -> Option<&MissileType> {
        self.missiles.iter().find(|e| e.name == name)
    }
    /// A threat type by name.
    pub fn threat(&self, name: &str) -> Option<&ThreatType> {
        self.threats.iter().find(|e| e.name == name)
    }

    /// The catalogue as a human-readable table: every entry, each value with its unit,
    /// source and confidence tag.
    pub fn render_table(&self) -> String {
        let mut s = String::new();
        s.push_str("iadsim parameter catalogue\n");
        s.push_str("tags: F = found in a named public source, C = computed from a published formula, P = placeholder\n");
        let mut section = |title: &str, entries: Vec<TableEntry<'_>>, specs: &[FieldSpec]| {
            render_section(&mut s, title, entries, specs);
        };
        section(
            "command posts",
            self.command_posts
                .iter()
                .map(|e| (e.name.clone(), e.description.clone(), vec![], &e.values))
                .collect(),
            COMMAND_POST_FIELDS,
        );
        section(
            "radars",
            self.radars
                .iter()
                .map(|e| {
                    let role = match e.role {
                        RadarRole::Acquisition => "acquisition",
                        RadarRole::Engagement => "engagement",
                    };
                    (
                        e.name.clone(),
                        e.description.clone(),
                        vec![format!("role: {role}")],
                        &e.values,
                    )
                })
                .collect(),
            RADAR_FIELDS,
        );
        section(
            "launchers",
            self.launchers
                .iter()
                .map(|e| {
                    (
                        e.name.clone(),
                        e.description.clone(),
                        vec![format!("carries: {}", e.carries.join(", "))],
                        &e.values,
                    )
                })
                .collect(),
            LAUNCHER_FIELDS,
        );
        section(
            "missiles",
            self.missiles
                .iter()
                .map(|e| (e.name.clone(), e.description.clone(), vec![], &e.values))
                .collect(),
            MISSILE_FIELDS,
        );
        section(
            "threats",
            self.threats
                .iter()
                .map(|e| {
                    let class = match e.class {
                        ThreatClass::Aircraft => "aircraft",
                        ThreatClass::CruiseMissile => "cruise missile",
                        ThreatClass::BallisticMissile => "ballistic missile",
                    };
                    (
                        e.name.clone(),
                        e.description.clone(),
                        vec![format!("class: {class}")],
                        &e.values,
                    )
                })
                .collect(),
            THREAT_FIELDS,
        );
        s
    }
}

/// One section of [`Catalogue::render_table`]: each entry with its values, units, tags,
/// sources and typical spans.
fn render_section(s: &mut String, title: &str, entries: Vec<TableEntry<'_>>, specs: &[FieldSpec]) {
    let _ = writeln!(s, "\n== {title} ==");
    for (name, desc, extra, values) in entries {
        let _ = writeln!(s, "\n{name} — {desc}");
        for e in extra {
            let _ = writeln!(s, "  {e}");
        }
        for spec in specs {
            let Some(q) = values.get(spec.key) else {
                continue;
            };
            let v = if q.unit == "1" {
                fmt_num(q.value)
            } else {
                format!("{} {}", fmt_num(q.value), q.unit)
            };
            let typical = q.typical.map_or(String::new(), |[lo, hi]| {
                format!(" (typical {}–{})", fmt_num(lo), fmt_num(hi))
            });
            let _ = writeln!(
                s,
                "  {:<30} {:>16}  [{:?}]  {}{typical}",
                spec.key, v, q.tag, q.source
            );
        }
    }
}

/// One entry of the rendered table: name, description, extra lines, values.
type TableEntry<'a> = (String, String, Vec<String>, &'a BTreeMap<String, Quantity>);

fn fmt_num(v: f64) -> String {
    if v != 0.0 && (v.abs() < 1e-3 || v.abs() >= 1e7) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Values of one catalogue entry after a scenario's overrides, keyed like the field table.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved(pub BTreeMap<&'static str, f64>);

impl Resolved {
    /// Catalogue values with `overrides` applied.
    pub fn new(
        specs: &[FieldSpec],
        values: &BTreeMap<String, Quantity>,
        overrides: Option<&BTreeMap<String, f64>>,
    ) -> Self {
        let mut m = BTreeMap::new();
        for s in specs {
            let v = overrides
                .and_then(|o| o.get(s.key).copied())
                .or_else(|| values.get(s.key).map(|q| q.value));
            if let Some(v) = v {
                m.insert(s.key, v);
            }
        }
        Resolved(m)
    }

    /// A value (0 if absent; required fields are always present in a checked catalogue).
    pub fn get(&self, key: &str) -> f64 {
        self.0.get(key).copied().unwrap_or(0.0)
    }

    /// An optional value.
    pub fn opt(&self, key: &str) -> Option<f64> {
        self.0.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_complete() {
        let cat = Catalogue::parse(CATALOGUE_YAML).unwrap_or_else(|e| panic!("{e}"));
        for m in ["40N6E", "48N6E3", "48N6E2", "9M96E2", "9M96E"] {
            assert!(cat.missile(m).is_some(), "{m}");
        }
        for r in ["91N6E", "92N6E", "96L6E"] {
            assert!(cat.radar(r).is_some(), "{r}");
        }
        assert!(cat.command_post("55K6E").is_some());
        assert!(cat.launcher("5P85TE2").is_some());
        assert!(cat.launcher("5P85SE2").is_some());
        for t in [
            "stealth_fighter",
            "fighter",
            "large_aircraft",
            "stealth_bomber",
            "subsonic_cruise_missile",
            "srbm",
            "mrbm",
        ] {
            assert!(cat.threat(t).is_some(), "{t}");
        }
    }

    #[test]
    fn key_suffix_names_unit() {
        for (_, specs) in KINDS {
            for s in *specs {
                let suffix = match s.unit {
                    "m/s" => "_m_s",
                    "deg/s" => "_deg_s",
                    "kg/m2" => "_kg_m2",
                    "1" | "count" => continue,
                    "slot" => {
                        assert!(s.key.ends_with("slots"), "{}", s.key);
                        continue;
                    }
                    "MUSD" => "_musd",
                    u => &format!("_{u}"),
                };
                assert!(s.key.ends_with(suffix), "{} should end in {suffix}", s.key);
            }
        }
    }

    #[test]
    fn table_lists_everything() {
        let cat = Catalogue::embedded();
        let t = cat.render_table();
        for m in &cat.missiles {
            assert!(t.contains(&m.name));
        }
        assert!(t.contains("[F]") && t.contains("[P]"));
        let json = serde_json::to_string(cat).unwrap();
        assert!(json.contains("\"max_range_km\""));
    }
}
