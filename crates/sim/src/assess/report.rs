//! The summary's tables, built at the end of a run from the threats' fates and the
//! tally.

use iadsim_core::Ecef;
use iadsim_setup::{Asset, Threat, ThreatClass};

use super::arrivals::assets_hit;
use super::score::{Accuracy, accuracy};
use super::summary::{
    AssetSummary, ClassSummary, InterceptorSummary, RegimentTrackSummary, ThreatOutcome,
    TrackSummary,
};
use super::tally::{MissileTally, Tally};
use crate::decide::manager::AssetView;
use crate::truth::threats::Fate;

const CLASSES: [ThreatClass; 3] = [
    ThreatClass::Aircraft,
    ThreatClass::CruiseMissile,
    ThreatClass::BallisticMissile,
];

/// Per class (aircraft, cruise missile, ballistic missile, then all) and per threat:
/// what happened to `threats` (fates `fates`, in the same order).
pub fn threat_rows(
    threats: &[Threat],
    fates: &[Fate],
    tally: &Tally,
) -> (Vec<ClassSummary>, Vec<ThreatOutcome>) {
    let mut rows: Vec<ClassSummary> = CLASSES
        .iter()
        .map(|&c| ClassSummary {
            class: Some(c),
            ..Default::default()
        })
        .collect();
    let mut all = ClassSummary::default();
    let mut outcomes = Vec::with_capacity(threats.len());
    for (k, threat) in threats.iter().enumerate() {
        let ci = CLASSES.iter().position(|&c| c == threat.class).unwrap_or(0);
        let fate = fates[k];
        let (fate_name, end) = match fate {
            Fate::Waiting => ("not_launched", None),
            Fate::Flying => ("flying", None),
            Fate::Killed(t) => ("killed", Some(t)),
            Fate::Arrived(t) => ("leaked", Some(t)),
            Fate::Left(t) => ("left", Some(t)),
        };
        for row in [&mut rows[ci], &mut all] {
            row.count += 1;
            row.launched += u32::from(fate != Fate::Waiting);
            row.detected += u32::from(tally.first_detection[k].is_some());
            row.engaged += u32::from(tally.engaged_by[k] > 0 || tally.fuzed_at[k]);
            row.killed += u32::from(matches!(fate, Fate::Killed(_)));
            row.leaked += u32::from(matches!(fate, Fate::Arrived(_)));
            row.flying_at_end += u32::from(fate == Fate::Flying);
        }
        outcomes.push(ThreatOutcome {
            name: threat.name.clone(),
            class: threat.class,
            fate: fate_name.to_string(),
            end_time: end,
            first_detection: tally.first_detection[k],
            first_detection_range: tally.first_detection_range[k],
            interceptors: tally.engaged_by[k],
        });
    }
    rows.push(all);
    for row in &mut rows {
        detection_ranges(row, &outcomes);
    }
    (rows, outcomes)
}

/// The first-detection range statistics of `row` over the `outcomes` of its class.
fn detection_ranges(row: &mut ClassSummary, outcomes: &[ThreatOutcome]) {
    let ranges: Vec<f64> = outcomes
        .iter()
        .filter(|o| row.class.is_none_or(|c| c == o.class))
        .filter_map(|o| o.first_detection_range)
        .collect();
    if !ranges.is_empty() {
        row.first_detection_range_mean = Some(ranges.iter().sum::<f64>() / ranges.len() as f64);
        row.first_detection_range_min = ranges.iter().copied().reduce(f64::min);
        row.first_detection_range_max = ranges.iter().copied().reduce(f64::max);
    }
}

/// Hits per asset: every threat that arrived (`fates`) hits the assets around its aim
/// point (`aim(k)`, see [`assets_hit`]).
pub fn asset_rows(
    assets: &[Asset],
    views: &[AssetView],
    fates: &[Fate],
    aim: impl Fn(usize) -> Ecef,
) -> Vec<AssetSummary> {
    let mut rows: Vec<AssetSummary> = assets
        .iter()
        .map(|a| AssetSummary {
            name: a.name.clone(),
            hits: 0,
        })
        .collect();
    for (k, fate) in fates.iter().enumerate() {
        if let Fate::Arrived(_) = fate {
            let aim = aim(k);
            for a in assets_hit(&aim, views) {
                rows[a].hits += 1;
            }
        }
    }
    rows
}

/// Per missile type, sorted by name: the tally's counts with `remaining` rounds (one
/// `(type, rounds)` per launcher loadout entry and per launch not yet made) and the
/// derived rates; `model` names the interceptor model that flew them.
pub fn missile_rows<'a>(
    mut missiles: MissileTally,
    remaining: impl IntoIterator<Item = (&'a str, u32)>,
    model: &str,
) -> Vec<InterceptorSummary> {
    for (missile, rounds) in remaining {
        missiles.row(missile).0.remaining += rounds;
    }
    let MissileTally {
        mut rows,
        miss_sums,
    } = missiles;
    for (s, sum) in rows.iter_mut().zip(&miss_sums) {
        s.mean_miss_distance = (s.detonations > 0).then(|| sum / f64::from(s.detonations));
        s.pk_per_round = (s.fired > 0).then(|| f64::from(s.kills) / f64::from(s.fired));
        s.pk_per_detonation =
            (s.detonations > 0).then(|| f64::from(s.kills) / f64::from(s.detonations));
        s.model = model.to_string();
    }
    rows.sort_by(|a, b| a.missile.cmp(&b.missile));
    rows
}

/// The battalions' tracker summary: their counts with the accuracy of their pictures.
pub fn battalion_tracks(tally: &Tally) -> TrackSummary {
    let a = accuracy(&tally.battalion_scorers);
    TrackSummary {
        ospa_mean_m: a.ospa_mean_m,
        ospa_mean_c1km_m: a.ospa_mean_c1km_m,
        gospa_mean_m: a.gospa_mean_m,
        scored_samples: a.scored_samples,
        false_tracks: a.false_tracks,
        fragmentations: a.fragmentations,
        position_error_rms_m: a.position_error_rms_m,
        ..tally.tracks.clone()
    }
}

/// The regiment picture's summary: its counts (`tally.regiment`) with its accuracy, and
/// the link figures given (`reports_fused`, `reports_rejected`, latency, lag window).
pub fn regiment_tracks(tally: &Tally, link: RegimentTrackSummary) -> RegimentTrackSummary {
    let Accuracy {
        ospa_mean_m,
        ospa_mean_c1km_m,
        gospa_mean_m,
        scored_samples,
        false_tracks,
        fragmentations,
        position_error_rms_m,
    } = accuracy(&tally.regiment_scorers);
    RegimentTrackSummary {
        ospa_mean_m,
        ospa_mean_c1km_m,
        gospa_mean_m,
        scored_samples,
        false_tracks,
        fragmentations,
        position_error_rms_m,
        reports_fused: link.reports_fused,
        reports_rejected: link.reports_rejected,
        link_latency_s: link.link_latency_s,
        lag_window_s: link.lag_window_s,
        ..tally.regiment.clone()
    }
}
