//! The outcome of one run, computed from the truth and the events: what a user reads
//! first.

use serde::{Deserialize, Serialize};

use crate::setup::ThreatClass;

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
    /// Rounds that ended without detonating.
    pub lost: u32,
    /// Rounds left on launchers at the end.
    pub remaining: u32,
    /// Mean miss distance of detonations, m (`null` if none).
    pub mean_miss_distance: Option<f64>,
    /// Kills per round fired (`kills / fired`; `null` if none fired).
    pub pk_per_round: Option<f64>,
    /// Kills per detonation (`kills / detonations`; `null` if none detonated).
    pub pk_per_detonation: Option<f64>,
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
    /// "killed", "leaked", "flying" or "not_launched".
    pub fate: String,
    /// Time of its end (kill or arrival), s.
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
}
