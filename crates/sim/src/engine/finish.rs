//! The end of a run: its [`Summary`], from the threats' fates, the tally and what is left
//! on the launchers.

use super::options::models;
use super::world::World;
use crate::assess::report;
use crate::assess::summary::{CostSummary, RegimentTrackSummary, Summary};

impl World<'_> {
    /// The run's summary.
    pub(crate) fn summary(self) -> Summary {
        let setup = self.setup;
        let fates = self.threats.fates();
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
        };
        summary.cost = CostSummary::compute(setup, &summary);
        summary
    }
}
