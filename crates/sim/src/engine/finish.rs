//! The end of a run: its [`Summary`], from the threats' fates, the tally and what is left
//! on the launchers.

use super::options::models;
use super::world::World;
use crate::assess::attribution::{self, LeakCauses};
use crate::assess::report;
use crate::assess::summary::{CostSummary, RegimentTrackSummary, Summary};
use crate::sense::sensor::Visibility;

impl World<'_> {
    /// The run's summary.
    pub(crate) fn summary(self) -> Summary {
        let setup = self.setup;
        let fates = self.threats.fates();
        let leak_causes = self.leak_causes();
        let mut tally = self.tally;
        let (threats, threat_outcomes) = report::threat_rows(&setup.threats, fates, &tally);
        let battalions = &self.defence.battalions;
        let on_launchers = battalions
            .iter()
            .flat_map(|u| &u.launchers)
            .flat_map(|l| l.missiles.iter().zip(&l.rounds))
            .map(|(m, &r)| (m.type_name.as_str(), r));
        let not_launched = self.flights.pending.iter().map(|p| {
            let m = &battalions[p.battalion].launchers[p.launcher].missiles[p.loadout];
            (m.type_name.as_str(), 1)
        });
        let interceptors = report::missile_rows(
            std::mem::take(&mut tally.missiles),
            on_launchers.chain(not_launched),
            self.options.interceptor_model.name(),
        );
        let assets = report::asset_rows(&setup.assets, &self.defence.assets, fates, |k| {
            self.threats.trajectory(k).aim_point()
        });
        let mut tracks = report::battalion_tracks(&tally);
        if let Some(rp) = &self.defence.regiment {
            let link = RegimentTrackSummary {
                reports_fused: rp.fused(),
                reports_rejected: rp.rejected(),
                link_latency_s: rp.settings().link_latency,
                lag_window_s: rp.settings().lag_window,
                ..Default::default()
            };
            tracks.regiment = Some(report::regiment_tracks(&tally, link));
        }
        let mut summary = Summary {
            scenario: setup.name.clone(),
            seed: setup.seed,
            replication: self.replication,
            simulated_time: setup.duration,
            models: models(&self.options),
            threats,
            interceptors,
            any_asset_hit: assets.iter().any(|a| a.hits > 0),
            assets,
            tracks,
            threat_outcomes,
            debris: std::mem::take(&mut tally.debris),
            kill_assessment: std::mem::take(&mut tally.assessment),
            cost: None,
            leak_causes: Some(leak_causes),
        };
        summary.cost = CostSummary::compute(setup, &summary);
        summary
    }

    /// The leak attribution (analysis after the run, [`attribution`]).
    fn leak_causes(&self) -> LeakCauses {
        let visibility = |k: usize| self.best_visibility(k);
        attribution::attribute(
            self.setup,
            self.threats.fates(),
            &attribution::Recorded {
                first_detection: &self.tally.first_detection,
                first_detection_range: &self.tally.first_detection_range,
                facts: &self.tally.facts,
            },
            self.clock.decision_period,
            &visibility,
        )
    }

    /// The best visibility of threat `k` to any radar along its path up to its end or
    /// the end of the run, sampled at [`VISIBILITY_SAMPLES`] instants (at least one a
    /// second unless the path is longer).
    fn best_visibility(&self, k: usize) -> Visibility {
        let trajectory = self.threats.trajectory(k);
        let rcs = self.setup.threats[k].rcs;
        let (t0, t1) = (
            trajectory.start_time(),
            trajectory.end_time().min(self.setup.duration),
        );
        let n = VISIBILITY_SAMPLES.min(((t1 - t0).max(0.0) as usize).max(1));
        let mut best = Visibility::Unknown;
        for i in 0..=n {
            let t = t0 + (t1 - t0) * i as f64 / n as f64;
            let Some(p) = trajectory.position_at(t) else {
                continue;
            };
            for radar in self.sensors.iter().flatten() {
                best = best.max(radar.visibility(&p, rcs));
                if best == Visibility::Visible {
                    return best;
                }
            }
        }
        best
    }
}

/// Instants along a never-detected threat's path at which the leak attribution asks each
/// radar whether it could see it.
pub const VISIBILITY_SAMPLES: usize = 2_000;
