//! From the decoded file to the run-ready [`Setup`]: defaults, catalogue look-ups and
//! overrides, unit conversion to SI, wave and launcher-group expansion, and every semantic
//! check (ranges, names, cross references, launcher capacity, ballistic profiles).
//!
//! [`build`] walks the file in a fixed order, one module per part of it:
//!
//! - [`places`]: the named places `from:` refers to (sites, assets, battalions), positions
//!   and the defended assets;
//! - [`regiment`]: command posts, radars and battalions; [`launchers`]: launcher groups,
//!   their loadouts and the interceptor missiles;
//! - [`waves`]: what every threat group shares (count, timing, spacing, RCS, target);
//!   [`threats`]: aircraft routes and cruise-missile waves; [`ballistic`]: ballistic waves
//!   and their trajectory checks;
//! - [`doctrine`]: fire doctrine and the cost tables; [`terrain`]: the DEM folder a file
//!   names (tiles checked, every radar site on one);
//! - [`budgets`]: what the file may expand into and what work a run of it may ask for,
//!   checked from the counts before anything is expanded.
//!
//! Every problem goes to the [`Cx`] with its field path; the order in which they are found
//! is kept (problems at the same place are listed in that order).

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::decode::Cx;
use crate::diag::num;
use crate::format::ScenarioFile;
use crate::tree::Node;
use iadsim_setup::{Regiment, Setup};

mod ballistic;
pub mod budgets;
pub mod defaults;
mod doctrine;
mod launchers;
mod places;
mod regiment;
mod terrain;
mod threats;
mod waves;

use places::{Anchor, Geo};

/// Longest scenario, s (7 days).
const MAX_DURATION_S: f64 = 7.0 * 86_400.0;
/// Most base steps in one run.
const MAX_STEPS: f64 = 1.0e8;
/// Shortest base time step, s.
const MIN_TIME_STEP_S: f64 = 0.001;
/// Longest base time step, s.
const MAX_TIME_STEP_S: f64 = 3_600.0;
/// Ground sites: lowest and highest height, m.
const SITE_ALT: (f64, f64) = (-500.0, 9_000.0);
/// Aircraft flight altitude bounds, m.
const AIRCRAFT_ALT: (f64, f64) = (1.0, 30_000.0);
/// Cruise height above ground bounds, m.
const CRUISE_AGL: (f64, f64) = (1.0, 20_000.0);
/// Largest offset from a `from:` place, km.
const MAX_OFFSET_KM: f64 = 5_000.0;

/// The state of one build: where problems go, the document (for locations), the
/// catalogue, and the places resolved so far.
struct Builder<'a, 'f> {
    cx: &'a mut Cx,
    root: &'a Node,
    cat: &'static Catalogue,
    anchors: BTreeMap<String, Anchor<'f>>,
    resolved: BTreeMap<String, Option<Geo>>,
    resolving: Vec<String>,
    /// Ground heights the file gives, m, by the path of their position (each counted
    /// once however often it is resolved); the default horizon surface is their lowest.
    grounds: BTreeMap<String, f64>,
}

impl Builder<'_, '_> {
    /// Record a problem at `path`, unless it would only follow from a value that could
    /// not be decoded (see [`Cx::suppressed`]).
    fn err(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        if self.cx.suppressed(path) {
            return;
        }
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
            let non_positive = lo_open && lo == 0.0 && v <= 0.0;
            let (v, lo, hi) = (num(v), num(lo), num(hi));
            let msg = if non_positive {
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

    /// An unknown catalogue type: the nearest known name and the list of them.
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

    /// Check `duration_s` and `time_step_s`; the duration if it is valid.
    fn time(&mut self, file: &ScenarioFile) -> (f64, Option<f64>) {
        let duration = file.duration_s;
        let dur_ok = self.check_range(
            "duration_s",
            duration,
            0.0,
            true,
            MAX_DURATION_S,
            "duration_s",
        );
        let time_step = file.time_step_s.unwrap_or(defaults::TIME_STEP_S);
        let step_ok = self.check_range(
            "time_step_s",
            time_step,
            MIN_TIME_STEP_S,
            false,
            MAX_TIME_STEP_S,
            "time_step_s",
        );
        if dur_ok && step_ok {
            if time_step > duration {
                self.err(
                    "time_step_s",
                    format!(
                        "time step {} s is longer than the duration {} s",
                        num(time_step),
                        num(duration)
                    ),
                    Some("the time step must not exceed duration_s".into()),
                );
            } else if duration / time_step > MAX_STEPS {
                self.err(
                    "time_step_s",
                    format!(
                        "{} s steps over {} s make {} steps",
                        num(time_step),
                        num(duration),
                        num((duration / time_step).round())
                    ),
                    Some(format!(
                        "at most {MAX_STEPS:e} steps per run; use a longer time step"
                    )),
                );
            }
        }
        (time_step, dur_ok.then_some(duration))
    }
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
        grounds: BTreeMap::new(),
    };
    let errors_before = b.cx.problems.len();
    b.register_anchors(file);
    let duration = file.duration_s;
    let (time_step, duration_opt) = b.time(file);
    // Sites are checked even if unused.
    for s in file.sites.as_deref().unwrap_or(&[]) {
        b.resolve_anchor(&s.name.clone(), "sites");
    }
    let assets = b.assets(file.assets.as_deref().unwrap_or(&[]));
    let (reg_name, reg_cp, battalions) = if b.regiment_budget(&file.regiment) {
        b.regiment(&file.regiment)
    } else {
        (String::new(), None, Vec::new())
    };
    let (threats, threat_count) = b.threats(file, duration, duration_opt);
    b.run_budget(duration_opt, time_step, &battalions, threat_count);
    let doctrine = b.doctrine(file.doctrine.as_ref(), &battalions);
    if threats.is_empty() && b.cx.problems.len() == errors_before {
        b.warn("threats", "the scenario has no threats", None);
    }
    // Cost names are checked against the assets the file names (built or not).
    let asset_names: Vec<&str> = file
        .assets
        .iter()
        .flatten()
        .map(|a| a.name.as_str())
        .collect();
    let costs = file
        .costs
        .as_ref()
        .map(|c| doctrine::costs(&mut b, c, &asset_names, &threats, &battalions));

    let surface = b.surface_height(file.terrain.as_ref());
    let mut battalions = battalions;
    for bn in &mut battalions {
        bn.acquisition_radar.surface_height = surface;
        bn.engagement_radar.surface_height = surface;
    }
    let terrain = b.terrain(file.terrain.as_ref(), file, &battalions);

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
        doctrine,
        costs,
        terrain,
    })
}
