//! The event stream: everything that happens in a run, in time order, one typed record
//! each. Sinks (the event log, the summary, replay writers) consume it.
//!
//! Ids are indices: `threat` into [`Setup::threats`](iadsim_setup::Setup::threats),
//! `debris` the fragments killed threats leave, numbered from 0 in the order they are made,
//! `battalion` into the regiment's battalions, `launcher` into that battalion's launchers,
//! `radar` 0 = acquisition / 1 = engagement of `battalion`; `track` is the tracker's own
//! id (unique within its picture — its battalion's, or the regiment command post's for
//! track events with `battalion: null` — never reused); `interceptor` counts launches from 0
//! in launch order. The first event, [`EventKind::ScenarioStart`], names every entity.

use serde::{Deserialize, Serialize};

use iadsim_setup::ThreatClass;

/// One thing that happened at `time`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Simulation time, s from scenario start.
    pub time: f64,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// A track's estimate as reported in events. Never truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrackState {
    /// Estimated position: latitude (deg), longitude (deg), height above the WGS-84
    /// ellipsoid (m).
    pub position: [f64; 3],
    /// Estimated velocity, East-North-Up at the track's position, m/s.
    pub velocity: [f64; 3],
    /// 1-σ position error, m: √(trace of the position covariance / 3).
    pub sigma_position: f64,
}

impl TrackState {
    /// The estimate of `track` extrapolated to `time` (position along its velocity; σ at
    /// the track's own time).
    pub fn of(track: &crate::track::tracker::Track, time: f64) -> Self {
        let (p, v) = track.extrapolate(time);
        let g = p.to_geodetic();
        let frame = iadsim_core::LocalFrame::new(g);
        let venu = frame.vector_to_enu(&v).0;
        let c = track.covariance.fixed_view::<3, 3>(0, 0).trace();
        Self {
            position: [g.lat_deg(), g.lon_deg(), g.height],
            velocity: [venu.x, venu.y, venu.z],
            sigma_position: (c.max(0.0) / 3.0).sqrt(),
        }
    }
}

/// A named entity listed in [`EventKind::ScenarioStart`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityName {
    /// Index used by later events.
    pub id: usize,
    /// Name from the scenario.
    pub name: String,
    /// Catalogue type.
    pub type_name: String,
}

/// The kinds of event. Serialised with an `"event"` tag in snake case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum EventKind {
    /// The run begins; names the entities later events refer to by index.
    ScenarioStart {
        /// Scenario name.
        scenario: String,
        /// Master seed.
        seed: u64,
        /// Replication index.
        replication: u64,
        /// Threats by index.
        threats: Vec<EntityName>,
        /// Battalions by index.
        battalions: Vec<EntityName>,
        /// Defended assets by index.
        assets: Vec<EntityName>,
        /// The model used at each stage of the kill chain.
        models: Vec<(String, String)>,
    },
    /// A threat appears (launch or route start).
    ThreatLaunch {
        /// Threat index.
        threat: usize,
        /// Its class.
        class: ThreatClass,
    },
    /// A radar reports a detection (a false alarm has `threat: null`).
    Detection {
        /// Battalion index.
        battalion: usize,
        /// 0 = acquisition radar, 1 = engagement radar.
        radar: usize,
        /// Measured slant range, m.
        range: f64,
        /// Measured azimuth, rad clockwise from north.
        azimuth: f64,
        /// Measured elevation, rad.
        elevation: f64,
        /// The threat that caused it, or whose debris did (for analysis only; the tracker
        /// never sees it); `null` for a false alarm.
        threat: Option<usize>,
        /// The debris fragment that caused it, if it was one (absent otherwise).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        debris: Option<usize>,
    },
    /// A tracker confirms a new track: a battalion's, or the regiment command post's fused
    /// picture's (`battalion` null, see [`crate::regiment`]).
    TrackStart {
        /// Battalion index; `null` for the regiment picture.
        battalion: Option<usize>,
        /// Track id.
        track: u64,
        /// The estimate at confirmation.
        state: TrackState,
    },
    /// A confirmed track at a report time (every decision period): a battalion's, or the
    /// regiment picture's (`battalion` null).
    TrackReport {
        /// Battalion index; `null` for the regiment picture.
        battalion: Option<usize>,
        /// Track id.
        track: u64,
        /// The estimate at the report time.
        state: TrackState,
        /// For a battalion track: the regiment track it is related to (same radar report
        /// fused in both, see [`crate::regiment`]); absent when none (or no regiment
        /// picture).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        regiment_track: Option<u64>,
    },
    /// A tracker drops a confirmed track: a battalion's, or the regiment picture's
    /// (`battalion` null).
    TrackLoss {
        /// Battalion index; `null` for the regiment picture.
        battalion: Option<usize>,
        /// Track id.
        track: u64,
        /// The last estimate (at the track's last update time and state).
        state: TrackState,
    },
    /// The command post's threat ranking changed (most dangerous first).
    ThreatRanking {
        /// Ranked threats.
        ranks: Vec<crate::decide::manager::RankedThreat>,
    },
    /// The battle manager commits a fire unit to a track.
    EngagementPlanned {
        /// Battalion index.
        battalion: usize,
        /// Track id.
        track: u64,
        /// Class the battle manager assigned to the track.
        assessed_class: ThreatClass,
        /// Launcher indices firing, one per missile in the salvo.
        launchers: Vec<usize>,
        /// Missile type.
        missile: String,
        /// Predicted time of intercept, s.
        predicted_intercept_time: f64,
        /// The regiment track the battalion track is related to; absent when the engine
        /// runs no regiment picture (first-model tracker).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        regiment_track: Option<u64>,
    },
    /// An interceptor leaves its launcher.
    Launch {
        /// Interceptor index.
        interceptor: usize,
        /// Battalion index.
        battalion: usize,
        /// Launcher index within the battalion.
        launcher: usize,
        /// Missile type.
        missile: String,
        /// Track it is sent against.
        track: u64,
        /// Interceptor model flying it: `flyout` or `lead_collision`.
        model: String,
    },
    /// An interceptor's fuze fires at its closest approach to an object: a threat, or a
    /// debris fragment (which it cannot harm).
    Intercept {
        /// Interceptor index.
        interceptor: usize,
        /// The threat it passed closest to, or whose debris it did.
        threat: usize,
        /// Closest-approach distance, m.
        miss_distance: f64,
        /// Whether the threat was destroyed (never, at debris).
        killed: bool,
        /// The debris fragment it fuzed on, if it was one (absent otherwise).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        debris: Option<usize>,
    },
    /// A threat is destroyed.
    Kill {
        /// Threat index.
        threat: usize,
        /// Interceptor that destroyed it.
        interceptor: usize,
    },
    /// A killed threat leaves a debris fragment (one event per fragment, at the kill).
    Debris {
        /// Fragment number (from 0, in the order the kills made them).
        debris: usize,
        /// The threat it came from.
        threat: usize,
        /// Its ballistic coefficient, kg/m².
        ballistic_coefficient: f64,
    },
    /// A debris fragment reaches the ground (or ends its fall after an hour).
    DebrisImpact {
        /// Fragment number.
        debris: usize,
        /// The threat it came from.
        threat: usize,
    },
    /// An interceptor ends without a fuze event (missed, out of time, lost its target).
    InterceptorLost {
        /// Interceptor index.
        interceptor: usize,
        /// Why.
        reason: String,
    },
    /// The battle manager judges an engagement's outcome from its track picture.
    KillAssessment {
        /// Battalion index.
        battalion: usize,
        /// Track id.
        track: u64,
        /// True if the track is judged destroyed.
        assessed_killed: bool,
    },
    /// A threat reached its aim point alive.
    Leak {
        /// Threat index.
        threat: usize,
    },
    /// A leaking threat's aim point lies within a defended asset.
    AssetHit {
        /// Threat index.
        threat: usize,
        /// Asset index.
        asset: usize,
    },
    /// The engagement radar takes one of its battalion's tracks into a track channel
    /// (the track is the cue: the radar's revisits start from its prediction).
    ChannelTaken {
        /// Battalion index.
        battalion: usize,
        /// The battalion track.
        track: u64,
    },
    /// The engagement radar frees a track channel.
    ChannelFreed {
        /// Battalion index.
        battalion: usize,
        /// The battalion track it was keyed by.
        track: u64,
        /// Why: `track dropped`, `lost: revisits missed`, `lost: outside the field of
        /// regard`.
        reason: String,
        /// Revisits the channel made.
        revisits: u32,
        /// Revisits that detected something.
        detections: u32,
    },
    /// The command post turns an engagement radar's sector to a cued track: the radar
    /// neither searches nor revisits until `until`.
    SectorSlew {
        /// Battalion index.
        battalion: usize,
        /// The battalion track that cued it.
        track: u64,
        /// Sector centre before and after, degrees clockwise from north.
        from_deg: f64,
        /// Sector centre after, degrees clockwise from north.
        to_deg: f64,
        /// End of the turn, s.
        until: f64,
    },
    /// The run ends.
    ScenarioEnd,
}

/// Anything that consumes events as the engine produces them.
pub trait EventSink {
    /// Takes one event; called in time order.
    fn record(&mut self, event: &Event);

    /// Whether the sink keeps events. One that discards them ([`NullSink`]) says no, and
    /// the engine then skips building and recording the per-step events (detections,
    /// track reports, ...), which changes nothing in the summary.
    fn keeps_events(&self) -> bool {
        true
    }

    /// Whether the sink keeps the detail events too: those that grow with the objects in
    /// view times the run's length (`detection`, `track_report`, `threat_ranking`, see
    /// [`EventKind::is_detail`]). One that does not ([`Filtered`] at
    /// [`EventLevel::Summary`]) spares the engine building them; nothing else changes.
    fn keeps_detail(&self) -> bool {
        self.keeps_events()
    }
}

/// How much of a run's event log is kept (`iadsim run --events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventLevel {
    /// Every event.
    #[default]
    Full,
    /// The engagement story: every event but the detail ones ([`EventKind::is_detail`]).
    Summary,
    /// No event.
    None,
}

impl EventLevel {
    /// Whether an event of `kind` is kept at this level.
    pub fn keeps(self, kind: &EventKind) -> bool {
        match self {
            EventLevel::Full => true,
            EventLevel::Summary => !kind.is_detail(),
            EventLevel::None => false,
        }
    }
}

impl EventKind {
    /// The detail kinds, whose number grows with the objects in view times the run's
    /// length: `detection` (every radar report), `track_report` (every confirmed track,
    /// every decision period) and `threat_ranking` (every track ranked, whenever the order
    /// changes). The rest tell the engagement story: launches, intercepts, kills, leaks,
    /// tracks confirmed and lost, channels, assessments.
    pub fn is_detail(&self) -> bool {
        matches!(
            self,
            EventKind::Detection { .. }
                | EventKind::TrackReport { .. }
                | EventKind::ThreatRanking { .. }
        )
    }
}

/// A sink that passes on to `inner` only the events `level` keeps.
#[derive(Debug, Clone)]
pub struct Filtered<S> {
    /// Where the kept events go.
    pub inner: S,
    /// Which events are kept.
    pub level: EventLevel,
}

impl<S: EventSink> EventSink for Filtered<S> {
    fn record(&mut self, event: &Event) {
        if self.level.keeps(&event.kind) {
            self.inner.record(event);
        }
    }

    fn keeps_events(&self) -> bool {
        self.level != EventLevel::None && self.inner.keeps_events()
    }

    fn keeps_detail(&self) -> bool {
        self.level == EventLevel::Full && self.inner.keeps_detail()
    }
}

/// Keeps every event in memory.
#[derive(Debug, Default, Clone)]
pub struct EventLog {
    /// Events in the order recorded.
    pub events: Vec<Event>,
}

impl EventSink for EventLog {
    fn record(&mut self, event: &Event) {
        self.events.push(event.clone());
    }
}

/// Discards every event (for benchmarks and Monte Carlo where only the summary counts).
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl EventSink for NullSink {
    fn record(&mut self, _event: &Event) {}

    fn keeps_events(&self) -> bool {
        false
    }
}
