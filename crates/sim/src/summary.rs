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
    /// Detections, all radars.
    pub detections: u64,
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
