//! What the engine runs that the scenario does not say: the model at each stage
//! ([`EngineOptions`]) and how each is described in events, the summary and `--help`
//! ([`models`]).

use crate::assess::damage::DamageFunction;

/// Which battle-manager model decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BattleManagerKind {
    /// Threat evaluation and weapon-target assignment each cycle (`iadsim-wta`).
    #[default]
    Wta,
    /// The first model: most urgent track to the nearest ready launcher.
    NearestLauncher,
}

/// Which radar model senses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RadarModelKind {
    /// Radar equation (calibrated from the catalogue's reference detection), Swerling
    /// fluctuation, SNR-dependent accuracy, false alarms, scanning and channels.
    #[default]
    Physics,
    /// The first model: fixed Pd inside an RCS-scaled range, no false alarms.
    FixedPd,
}

/// Which tracker model each battalion runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TrackerKind {
    /// `iadsim-track`: IMM (constant velocity, manoeuvre, ballistic) EKF in radar polar
    /// coordinates, gated GNN, two-point initiation with track-score M-of-N confirmation,
    /// misses charged only where a radar looked ([`crate::track_library`]); the regiment command
    /// post runs the same tracker on every battalion's radar reports ([`crate::regiment`]).
    #[default]
    ImmGnn,
    /// The first model: CV Kalman filter on converted measurements, greedy nearest
    /// neighbour, 3-hit confirmation, coast-time deletion.
    NearestNeighbour,
}

/// Which interceptor model flies the missiles (the engage stage).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InterceptorModelKind {
    /// 3-DOF point-mass flyout over WGS-84 ([`crate::flyout`]): thrust and mass flow,
    /// Mach-dependent drag, lift-limited manoeuvre, midcourse on uplinked track data at
    /// the engagement radar's rate, PN/APN terminal homing on a noisy seeker.
    #[default]
    Flyout,
    /// The first model: constant-speed lead collision, instant turns
    /// ([`crate::engage::LeadCollisionInterceptor`]).
    LeadCollision,
}

impl InterceptorModelKind {
    /// How a detonation of this model's missiles is judged: the flyout's Gaussian damage
    /// function, the first model's cookie cutter.
    pub fn damage(self) -> DamageFunction {
        match self {
            Self::Flyout => DamageFunction::Gaussian,
            Self::LeadCollision => DamageFunction::CookieCutter,
        }
    }

    /// The name used in events and the summary: `flyout` or `lead_collision`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Flyout => "flyout",
            Self::LeadCollision => "lead_collision",
        }
    }
}

/// Engine choices that are not part of the scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EngineOptions {
    /// The battle manager.
    pub battle_manager: BattleManagerKind,
    /// The radar model.
    pub radar_model: RadarModelKind,
    /// The tracker model.
    pub tracker: TrackerKind,
    /// The interceptor model.
    pub interceptor_model: InterceptorModelKind,
    /// Write a `detection` event for every false alarm too. Off by default: the physics
    /// radar's false alarms (hundreds of thousands a run, all faced by the tracker) would
    /// be ~97 % of the event log; the summary counts them (`tracks.false_alarms`).
    pub log_false_alarms: bool,
}

/// The model at each stage, as named in events, the summary and `--help`.
pub fn models(options: &EngineOptions) -> Vec<(String, String)> {
    let decide = match options.battle_manager {
        BattleManagerKind::Wta => {
            "threat evaluation (asset value x P(destroy)), weapon-target assignment each cycle, salvo / shoot-look-shoot / ballistic reserve"
        }
        BattleManagerKind::NearestLauncher => {
            "first model: urgency ranking, nearest ready launcher with a feasible lead-collision intercept, salvo and shoot-look-shoot doctrine"
        }
    };
    let sense = match options.radar_model {
        RadarModelKind::Physics => {
            "radar equation calibrated from the catalogue, Swerling 1, Pfa 1e-6, 4/3-Earth horizon, rotating / sector scan, SNR-dependent accuracy, false alarms; alert-confirm search on the engagement radar"
        }
        RadarModelKind::FixedPd => {
            "first model: fixed Pd inside an RCS-scaled range, 4/3-Earth horizon, rotating beam, Gaussian polar noise, no clutter"
        }
    };
    let track = match options.tracker {
        TrackerKind::ImmGnn => {
            "iadsim-track: IMM (constant velocity, manoeuvre, ballistic) EKF on polar measurements, chi-square gate, GNN, two-point initiation, 3-of-5 confirmation at track score ln 10^4, misses charged only where a radar looked; regiment command post fuses every radar's reports in time order (link latency, lag window, late reports rejected) and deconflicts battalions on its tracks"
        }
        TrackerKind::NearestNeighbour => {
            "first model: CV Kalman filter on converted measurements, greedy nearest neighbour in a chi-square gate, 3-hit confirmation"
        }
    };
    let (engage, assess) = match options.interceptor_model {
        InterceptorModelKind::Flyout => (
            "3-DOF flyout: thrust, Mach-dependent drag, US-1976, lift-limited manoeuvre, RK4; launch toward the predicted intercept point from the track, midcourse on track uplinks at the engagement radar's rate, PN/APN homing on a noisy seeker (active / semi-active / TVM)",
            "closest approach solved in-step on the RK4 cubic, Gaussian damage function of miss distance (lethal radius, single-shot Pk); battle manager judges kills from its tracks",
        ),
        InterceptorModelKind::LeadCollision => (
            "first model: constant-speed lead-collision flyout on uplinked tracks, seeker lock within 20 km, no airframe limits",
            "first model: closest approach solved in-step, kill with fixed Pk inside the lethal radius; battle manager judges kills from its tracks",
        ),
    };
    [
        ("sense", sense),
        ("track", track),
        ("decide", decide),
        ("engage", engage),
        ("assess", assess),
    ]
    .iter()
    .map(|(s, m)| (s.to_string(), m.to_string()))
    .collect()
}
