//! Engine model choices named as on the command line (`--fidelity`, `--radar-model`, ...).

use iadsim_sim::{
    BattleManagerKind, EngineOptions, InterceptorModelKind, RadarModelKind, TrackerKind,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The model choices of `run` and `mc`, as given from Python (`None`: the model set's).
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelChoice<'a> {
    /// `full` or `screening`.
    pub fidelity: &'a str,
    /// `wta` or `nearest`.
    pub battle_manager: Option<&'a str>,
    /// `physics` or `fixed-pd`.
    pub radar_model: Option<&'a str>,
    /// `imm-gnn` or `nearest-neighbour`.
    pub tracker: Option<&'a str>,
    /// `flyout` or `lead-collision`.
    pub interceptor_model: Option<&'a str>,
}

/// `text` among `choices` (`-` and `_` alike, case-insensitive), else a ValueError naming
/// the valid ones.
fn pick<T: Copy>(what: &str, text: &str, choices: &[(&str, T)]) -> PyResult<T> {
    let norm = text.trim().to_ascii_lowercase().replace('_', "-");
    choices
        .iter()
        .find(|(name, _)| *name == norm)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            PyValueError::new_err(format!(
                "{what} {text:?} is not one of: {}",
                names.join(", ")
            ))
        })
}

impl ModelChoice<'_> {
    /// The engine's options: each stage's choice if given, else the model set's, exactly
    /// as `iadsim run` / `iadsim mc` choose them.
    pub fn engine_options(&self, log_false_alarms: bool) -> PyResult<EngineOptions> {
        let screening = pick(
            "fidelity",
            self.fidelity,
            &[("full", false), ("screening", true)],
        )?;
        let battle_manager = match self.battle_manager {
            Some(t) => pick(
                "battle_manager",
                t,
                &[
                    ("wta", BattleManagerKind::Wta),
                    ("nearest", BattleManagerKind::NearestLauncher),
                ],
            )?,
            None => BattleManagerKind::Wta,
        };
        let radar_model = match self.radar_model {
            Some(t) => pick(
                "radar_model",
                t,
                &[
                    ("physics", RadarModelKind::Physics),
                    ("fixed-pd", RadarModelKind::FixedPd),
                ],
            )?,
            None if screening => RadarModelKind::FixedPd,
            None => RadarModelKind::Physics,
        };
        let tracker = match self.tracker {
            Some(t) => pick(
                "tracker",
                t,
                &[
                    ("imm-gnn", TrackerKind::ImmGnn),
                    ("nearest-neighbour", TrackerKind::NearestNeighbour),
                ],
            )?,
            None if screening => TrackerKind::NearestNeighbour,
            None => TrackerKind::ImmGnn,
        };
        let interceptor_model = match self.interceptor_model {
            Some(t) => pick(
                "interceptor_model",
                t,
                &[
                    ("flyout", InterceptorModelKind::Flyout),
                    ("lead-collision", InterceptorModelKind::LeadCollision),
                ],
            )?,
            None if screening => InterceptorModelKind::LeadCollision,
            None => InterceptorModelKind::Flyout,
        };
        Ok(EngineOptions {
            battle_manager,
            radar_model,
            tracker,
            interceptor_model,
            log_false_alarms,
        })
    }
}
