//! # iadsim-scenario
//!
//! The scenario file format of iadsim, the parameter catalogue, and validation.
//!
//! A scenario is a YAML file written in the units people use (km, degrees, m/s, dBsm,
//! with the unit in the key). [`load_path`] / [`load_str`] read it, check it, resolve every
//! catalogue reference (applying in-place overrides), expand waves and launcher groups,
//! convert to SI and return the run-ready [`iadsim_setup::Setup`] the engine reads.
//!
//! Every problem is reported at once, each with file, line, column, field path, what is
//! wrong and what would be valid (see [`Diagnostics`]). Structural problems (YAML syntax,
//! wrong types, missing fields) are found first; unknown fields are reported together with
//! the semantic problems (ranges, unknown catalogue names, cross references, launcher
//! capacity, ballistic profiles). Hostile input (binary, invalid UTF-8, alias bombs,
//! deep nesting, huge files) yields an error, never a panic. For a graphical report with
//! labelled source spans, wrap the problems with [`Diagnostics::with_source`] and hand the
//! result to `miette`.
//!
//! The format is documented in `docs/scenario.md`; [`json_schema`] gives its JSON schema.
//! The [`catalogue`] module holds the sourced parameter catalogue.
//!
//! ```
//! let src = r#"
//! name: one battalion
//! duration_s: 600
//! assets:
//!   - {name: depot, position: {lat_deg: 50.0, lon_deg: 30.0}}
//! regiment:
//!   battalions:
//!     - name: alpha
//!       position: {from: depot, north_km: 10}
//!       launchers:
//!         - count: 8
//!           loadout: [{missile: 48N6E3, count: 4}]
//! threats:
//!   cruise_missiles:
//!     - name: cm
//!       type: subsonic_cruise_missile
//!       launch: {from: depot, north_km: 120}
//!       target: depot
//! "#;
//! let loaded = iadsim_scenario::load_str(src, "example.yaml").unwrap();
//! assert_eq!(loaded.setup.regiment.battalions[0].launchers.len(), 8);
//! assert_eq!(loaded.setup.threats.len(), 1);
//! ```

use std::path::Path;

mod build;
pub mod catalogue;
mod decode;
mod diag;
pub mod format;
mod report;
mod source;
mod tree;

pub use build::{budgets, defaults};
pub use diag::{Diagnostics, Problem};

/// The candidate most like `word`, if it is close enough to be a likely typo (for "did
/// you mean" hints on names outside a scenario, e.g. `iadsim coverage --threat`).
pub fn nearest_name<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    diag::nearest(word, candidates)
}
pub use report::SourceDiagnostics;

use catalogue::Catalogue;
use decode::{Cx, Decode};
use iadsim_setup::Setup;

/// A successfully loaded scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The run-ready setup.
    pub setup: Setup,
    /// Things that are allowed but probably not meant (e.g. threats that arrive after the
    /// scenario ends).
    pub warnings: Vec<Problem>,
}

/// Read, check and convert the scenario file at `path` (read through a reader capped at
/// 8 MiB, whatever kind of file it is).
pub fn load_path(path: &Path) -> Result<Loaded, Diagnostics> {
    let bytes = source::read_capped(path)?;
    load_bytes(&bytes, &path.display().to_string())
}

/// The text of the scenario file at `path`, read like [`load_path`] reads it (capped
/// reader, UTF-8 checked), for callers that load it several times (e.g. with different
/// overrides, [`load_str_with`]).
pub fn read_source(path: &Path) -> Result<String, Diagnostics> {
    let bytes = source::read_capped(path)?;
    let name = path.display().to_string();
    source::utf8(&bytes, &name).map(str::to_string)
}

/// Check and convert scenario bytes; invalid UTF-8 is reported with its position.
pub fn load_bytes(bytes: &[u8], file_name: &str) -> Result<Loaded, Diagnostics> {
    load_str(source::utf8(bytes, file_name)?, file_name)
}

/// Check and convert scenario source text. `file_name` is used in messages only.
pub fn load_str(source: &str, file_name: &str) -> Result<Loaded, Diagnostics> {
    load_str_with(source, file_name, &[])
}

/// Like [`load_str`], with `overrides` (dotted path with indices, value as YAML text, e.g.
/// `("threats.cruise_missiles[0].count", "64")`) applied to the document tree before it
/// is decoded, so the overridden values go through the same checks as the file's own. A
/// path that leads nowhere is reported with the keys (or index range) valid at that level.
pub fn load_str_with(
    source: &str,
    file_name: &str,
    overrides: &[(String, String)],
) -> Result<Loaded, Diagnostics> {
    let mut cx = Cx::new(file_name);
    let Some(mut root) = parse_root(source, &mut cx) else {
        return Err(Diagnostics::sorted(cx.problems));
    };
    for (path, value) in overrides {
        if let Err(message) = tree::set_path(&mut root, path, value) {
            cx.error(
                tree::Loc::default(),
                path,
                format!("--set {path}={value}: {message}"),
                None,
            );
        }
    }
    if !cx.problems.is_empty() {
        return Err(Diagnostics::sorted(cx.problems));
    }
    // Decoding goes on past values it cannot read (they are replaced and marked), so the
    // semantic checks run on everything else and every problem is reported in one pass.
    let file = format::ScenarioFile::decode(&root, "", &mut cx);
    let setup = file.and_then(|f| build::build(&f, &root, &mut cx, Catalogue::embedded()));
    match setup {
        Some(setup) if cx.problems.is_empty() => Ok(Loaded {
            setup,
            warnings: Diagnostics::sorted(cx.warnings).problems,
        }),
        _ => {
            if cx.problems.is_empty() {
                // Defensive: a failed build always records a problem.
                cx.error(
                    tree::Loc::default(),
                    "",
                    "the scenario could not be built",
                    None,
                );
            }
            Err(Diagnostics::sorted(cx.problems))
        }
    }
}

/// The document tree of `source`, a mapping at the top level; `None` (with the problem in
/// `cx`) for binary input, YAML errors, an empty file or another top-level value.
fn parse_root(source: &str, cx: &mut Cx) -> Option<tree::Node> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if let Some(offset) = source.find('\0') {
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        cx.error(
            tree::Loc { line, column },
            "",
            "the file contains NUL bytes: it is binary, not a YAML scenario",
            Some("scenario files are UTF-8 YAML text".into()),
        );
        return None;
    }
    let root = match tree::parse(source) {
        Ok(Some(root)) => root,
        Ok(None) => {
            cx.error(
                tree::Loc::default(),
                "",
                "the file is empty",
                Some("a scenario needs at least `name`, `duration_s` and `regiment` (see docs/scenario.md)".into()),
            );
            return None;
        }
        Err(f) => {
            cx.error(f.loc, "", f.message, f.help);
            return None;
        }
    };
    if root.as_map().is_none() {
        cx.error(
            root.loc,
            "",
            format!(
                "expected a mapping of scenario fields at the top level, found {}",
                root.value.kind()
            ),
            Some("a scenario starts with `name: ...`, `duration_s: ...`, `regiment: ...`".into()),
        );
        return None;
    }
    Some(root)
}

/// The JSON schema of the scenario file format (pretty-printed JSON).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(format::ScenarioFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
