//! The outcome of one run, computed from the truth and the events: what a user reads
//! first.

use serde::{Deserialize, Serialize};

use iadsim_setup::{Setup, ThreatClass};

/// Counts for one threat class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClassSummary {
    /// Threat class.
    pub class: Option<ThreatClass>,
    /// Threats of this class in the scenario.
    pub count: u32,
    /// Threats that appeared before the run ended.
    pub launched: u32,
    /// Threats detected at least once.
    pub detected: u32,
    /// Threats at least one interceptor was launched against (the threat nearest the
    /// track at launch — an analysis mapping, never seen by the engine) or fuzed against.
    pub engaged: u32,
    /// Threats destroyed.
    pub killed: u32,
    /// Threats that reached their aim point.
    pub leaked: u32,
    /// Threats still flying when the run ended.
    pub flying_at_end: u32,
    /// Mean slant range from the detecting radar at first detection, m.
    pub first_detection_range_mean: Option<f64>,
    /// Shortest such range, m.
    pub first_detection_range_min: Option<f64>,
    /// Longest such range, m.
    pub first_detection_range_max: Option<f64>,
}

/// Counts for one missile type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InterceptorSummary {
    /// Missile type.
    pub missile: String,
    /// Interceptor model that flew them: `flyout` or `lead_collision`.
    pub model: String,
    /// Rounds fired.
    pub fired: u32,
    /// Fuze events (detonations near a threat).
    pub detonations: u32,
    /// Kills.
    pub kills: u32,
    /// Fuze events at debris fragments: rounds spent on what was already killed (not in
    /// `detonations`, `mean_miss_distance` or `pk_per_detonation`).
    #[serde(default)]
    pub debris_detonations: u32,
    /// Rounds that ended without detonating.
    pub lost: u32,
    /// Of `lost`, rounds destroyed in flight by the command post's order (their target
    /// judged killed).
    #[serde(default)]
    pub self_destructs: u32,
    /// Rounds left on launchers at the end.
    pub remaining: u32,
    /// Mean miss distance of detonations, m (`null` if none).
    pub mean_miss_distance: Option<f64>,
    /// Kills per round fired (`kills / fired`; `null` if none fired).
    pub pk_per_round: Option<f64>,
    /// Kills per detonation (`kills / detonations`; `null` if none detonated).
    pub pk_per_detonation: Option<f64>,
}

/// The debris the kills left (see [`crate::truth::debris`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DebrisSummary {
    /// Fragments made (every kill leaves its threat type's number).
    pub objects: u32,
    /// Of them, fragments that reached the ground before the run ended.
    pub landed: u32,
    /// Radar detections of debris, all radars (counted in `tracks.detections` too).
    pub detections: u64,
    /// Interceptors whose fuze fired at a fragment (they harm nothing; not counted in
    /// their type's `detonations`).
    pub detonations: u32,
}

/// The command post's kill assessments and their errors against the truth (see
/// [`crate::assess::errors`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    /// Engagements judged.
    pub judged: u32,
    /// Of them, judged killed.
    pub judged_killed: u32,
    /// Judged killed while the threat behind the track was still flying.
    pub killed_while_alive: u32,
    /// Engagements ordered at a track behind which was only debris or a threat already
    /// killed (a kill judged a survivor and engaged again, or debris taken for a threat).
    pub reengaged_while_dead: u32,
}

/// Hits on one asset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetSummary {
    /// Asset name.
    pub name: String,
    /// Threats that arrived within its radius.
    pub hits: u32,
}

/// What happened to one threat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreatOutcome {
    /// Threat name.
    pub name: String,
    /// Class.
    pub class: ThreatClass,
    /// "killed", "leaked" (reached an asset), "left" (came to the end of its route
    /// without reaching an asset: egress, orbit over, return, or an aim point outside
    /// every asset), "flying" or "not_launched".
    pub fate: String,
    /// Time of its end (kill, arrival or leaving), s.
    pub end_time: Option<f64>,
    /// First detection, s.
    pub first_detection: Option<f64>,
    /// Slant range from the detecting radar at first detection (measured), m.
    pub first_detection_range: Option<f64>,
    /// Interceptors launched at it (by the analysis mapping).
    pub interceptors: u32,
}

/// Tracker counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackSummary {
    /// Tracks confirmed, all battalions.
    pub confirmed: u32,
    /// Confirmed tracks dropped.
    pub lost: u32,
    /// Detections, all radars (false alarms included).
    pub detections: u64,
    /// Of those, false alarms (no threat behind them): the tracker faces every one; the
    /// event log carries them only with `EngineOptions::log_false_alarms`.
    #[serde(default)]
    pub false_alarms: u64,
    /// Mean OSPA distance (cut-off c = 5 km, order p = 1) between each battalion's
    /// confirmed tracks and the threats in flight, m, averaged over every battalion and
    /// every decision time at which that battalion had a threat in flight or a confirmed
    /// track (0 when there was none: nothing to score). Truth is used here only, for
    /// scoring; the tracker never sees it. Every threat in flight counts, seen or not.
    pub ospa_mean_m: f64,
    /// The same with cut-off c = 1 km, m.
    pub ospa_mean_c1km_m: f64,
    /// Mean GOSPA (c = 5 km, p = 1, α = 2) over the same samples, m.
    pub gospa_mean_m: f64,
    /// Samples (battalion × decision time) behind the means.
    pub scored_samples: u32,
    /// Confirmed tracks matched (at c = 5 km) to a threat in fewer than half of the
    /// samples that reported them, all battalions; samples after the threat a track last
    /// matched has ended (killed, arrived) do not count: such a track is stale, not false
    /// (OSPA still charges it).
    pub false_tracks: u32,
    /// Fragmentation: track ids attributed to the same threat beyond the first, summed over
    /// threats and battalions; each track id is attributed to the threat it was matched to
    /// (c = 5 km) in most samples, so a track matched now and then to a neighbour of its
    /// own threat is not a fragment of the neighbour (see
    /// [`iadsim_track::metrics::TrackQuality`]).
    pub fragmentations: u32,
    /// RMS position error of confirmed tracks matched to a threat (c = 5 km), m (0 when
    /// nothing was matched).
    pub position_error_rms_m: f64,
    /// The regiment command post's fused picture, scored the same way at the same times
    /// (absent without one: the first-model tracker runs none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regiment: Option<RegimentTrackSummary>,
}

/// The regiment command post's picture (see [`crate::regiment`]): counts, and accuracy
/// against truth computed as for the battalions ([`TrackSummary`]), one sample per decision
/// time with a threat in flight or a confirmed regiment track.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegimentTrackSummary {
    /// Regiment tracks confirmed.
    pub confirmed: u32,
    /// Confirmed regiment tracks dropped.
    pub lost: u32,
    /// Mean OSPA (c = 5 km, p = 1), m.
    pub ospa_mean_m: f64,
    /// Mean OSPA (c = 1 km, p = 1), m.
    pub ospa_mean_c1km_m: f64,
    /// Mean GOSPA (c = 5 km, p = 1, α = 2), m.
    pub gospa_mean_m: f64,
    /// Decision times behind the means.
    pub scored_samples: u32,
    /// Confirmed regiment tracks matched to a threat in fewer than half their samples.
    pub false_tracks: u32,
    /// Regiment track ids attributed to the same threat beyond the first, summed over
    /// threats.
    pub fragmentations: u32,
    /// RMS position error of matched regiment tracks (c = 5 km), m.
    pub position_error_rms_m: f64,
    /// Radar reports (one radar look each) fused.
    pub reports_fused: u64,
    /// Reports rejected as late (older than reports already fused); never used.
    pub reports_rejected: u64,
    /// Battalion → regiment data-link latency, s.
    pub link_latency_s: f64,
    /// Lag window of the time-ordering buffer, s.
    pub lag_window_s: f64,
}

/// The outcome of one replication.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Replication index.
    pub replication: u64,
    /// Simulated time, s.
    pub simulated_time: f64,
    /// Stage → model used.
    pub models: Vec<(String, String)>,
    /// Per threat class (aircraft, cruise missile, ballistic missile), then all.
    pub threats: Vec<ClassSummary>,
    /// Per missile type fired or carried.
    pub interceptors: Vec<InterceptorSummary>,
    /// Per defended asset.
    pub assets: Vec<AssetSummary>,
    /// Whether the raid hit any asset.
    pub any_asset_hit: bool,
    /// Tracker counts.
    pub tracks: TrackSummary,
    /// Per threat.
    pub threat_outcomes: Vec<ThreatOutcome>,
    /// The debris the kills left.
    #[serde(default)]
    pub debris: DebrisSummary,
    /// The command post's kill assessments and their errors.
    #[serde(default)]
    pub kill_assessment: AssessmentSummary,
    /// Cost exchange, when the scenario gives unit costs (absent from `summary.json`
    /// otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostSummary>,
    /// Why each leaker leaked (and each threat still flying at the end did not die): a
    /// primary cause from a fixed list and the chain of facts (see
    /// [`super::attribution`]). Absent from summaries written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leak_causes: Option<super::attribution::LeakCauses>,
}

/// Spending on one missile type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct InterceptorCost {
    /// Missile type.
    pub missile: String,
    /// Rounds fired.
    pub fired: u32,
    /// Cost of one round (`null` when the scenario gives none).
    pub unit_cost: Option<f64>,
    /// `fired × unit_cost` (`null` without a unit cost).
    pub spent: Option<f64>,
}

/// Value of one threat type destroyed and leaked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreatCost {
    /// Threat type.
    pub threat_type: String,
    /// Threats of this type in the scenario.
    pub count: u32,
    /// Of them destroyed.
    pub killed: u32,
    /// Of them that reached their aim point.
    pub leaked: u32,
    /// Value of one threat (`null` when the scenario gives none).
    pub unit_value: Option<f64>,
    /// `killed × unit_value` (`null` without a value).
    pub destroyed: Option<f64>,
    /// `leaked × unit_value` (`null` without a value).
    pub leaked_value: Option<f64>,
}

/// Value lost at one defended asset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssetCost {
    /// Asset name.
    pub name: String,
    /// Threats that arrived within its radius.
    pub hits: u32,
    /// Value lost when it is hit (`null` when the scenario gives none).
    pub value: Option<f64>,
    /// `value` if hit at least once, else 0 (`null` without a value).
    pub lost: Option<f64>,
}

/// The cost exchange of one replication, every amount in [`CostSummary::unit`].
///
/// A total is given only when every type it sums over has a cost in the scenario (every
/// missile type loaded, every threat type present, every asset); otherwise it is `null`,
/// so a total never silently leaves something out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CostSummary {
    /// The scenario's cost unit label (e.g. "MUSD").
    pub unit: String,
    /// Per missile type loaded, by name.
    pub interceptors: Vec<InterceptorCost>,
    /// Per threat type present, by name.
    pub threats: Vec<ThreatCost>,
    /// Per defended asset, in scenario order.
    pub assets: Vec<AssetCost>,
    /// Σ over missile types of rounds fired × unit cost.
    pub interceptor_cost: Option<f64>,
    /// Σ over threat types of threats killed × unit value.
    pub threat_value_destroyed: Option<f64>,
    /// Σ over threat types of threats leaked × unit value.
    pub threat_value_leaked: Option<f64>,
    /// Σ over assets hit at least once of their value.
    pub asset_value_lost: Option<f64>,
    /// `threat_value_destroyed / interceptor_cost` (dimensionless): value destroyed per
    /// unit spent on interceptors; `null` when either is `null` or nothing was spent.
    pub exchange_ratio: Option<f64>,
}

/// Sum of `parts` in order, `None` if any part is `None` (an empty sum is 0).
fn total(parts: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    parts.into_iter().try_fold(0.0, |acc, x| x.map(|x| acc + x))
}

impl CostSummary {
    /// The cost exchange of `summary` (a run of `setup`), or `None` when `setup` gives no
    /// costs. Reads only the summary's counts: interceptors fired per type, each threat's
    /// fate (`threat_outcomes`, in `setup.threats` order) and asset hits.
    pub fn compute(setup: &Setup, summary: &Summary) -> Option<CostSummary> {
        let costs = setup.costs.as_ref()?;
        let interceptors: Vec<InterceptorCost> = summary
            .interceptors
            .iter()
            .map(|i| {
                let unit_cost = costs.interceptors.get(&i.missile).copied();
                InterceptorCost {
                    missile: i.missile.clone(),
                    fired: i.fired,
                    unit_cost,
                    spent: unit_cost.map(|c| f64::from(i.fired) * c),
                }
            })
            .collect();
        let mut by_type: std::collections::BTreeMap<&str, (u32, u32, u32)> = Default::default();
        for (threat, outcome) in setup.threats.iter().zip(&summary.threat_outcomes) {
            let e = by_type.entry(threat.type_name.as_str()).or_default();
            e.0 += 1;
            e.1 += u32::from(outcome.fate == "killed");
            e.2 += u32::from(outcome.fate == "leaked");
        }
        let threats: Vec<ThreatCost> = by_type
            .into_iter()
            .map(|(name, (count, killed, leaked))| {
                let unit_value = costs.threats.get(name).copied();
                ThreatCost {
                    threat_type: name.to_string(),
                    count,
                    killed,
                    leaked,
                    unit_value,
                    destroyed: unit_value.map(|v| f64::from(killed) * v),
                    leaked_value: unit_value.map(|v| f64::from(leaked) * v),
                }
            })
            .collect();
        let assets: Vec<AssetCost> = summary
            .assets
            .iter()
            .map(|a| {
                let value = costs.assets.get(&a.name).copied();
                AssetCost {
                    name: a.name.clone(),
                    hits: a.hits,
                    value,
                    lost: value.map(|v| if a.hits > 0 { v } else { 0.0 }),
                }
            })
            .collect();
        let interceptor_cost = total(interceptors.iter().map(|i| i.spent));
        let threat_value_destroyed = total(threats.iter().map(|t| t.destroyed));
        let exchange_ratio = match (threat_value_destroyed, interceptor_cost) {
            (Some(d), Some(c)) if c > 0.0 => Some(d / c),
            _ => None,
        };
        Some(CostSummary {
            unit: costs.unit.clone(),
            interceptor_cost,
            threat_value_destroyed,
            threat_value_leaked: total(threats.iter().map(|t| t.leaked_value)),
            asset_value_lost: total(assets.iter().map(|a| a.lost)),
            exchange_ratio,
            interceptors,
            threats,
            assets,
        })
    }
}
