//! Replay and exchange exports of one run: Tacview ACMI 2.2 ([`acmi`]), Cesium CZML
//! ([`czml`]), KML 2.2 with `gx:Track` ([`kml`]) and GeoJSON ([`geojson`]).
//!
//! A run is recorded with two pieces that ride along the engine: a [`ReplayRecorder`]
//! (an [`Observer`]: positions of threats and interceptors at a sample interval) and a
//! [`ReplayEvents`] (an [`EventSink`]: launches, intercepts, kills, leaks). Put the events
//! sink beside the event log with [`Tee`]. [`Replay::build`] then joins them with the
//! [`Setup`] (sites, names, exact start and end points from the threat trajectories)
//! into plain data that every writer reads.
//!
//! Positions are WGS-84 geodetic: longitude and latitude in degrees, height in metres
//! above the ellipsoid (the exports label it as altitude: the geoid separation, tens of
//! metres, is not applied). Times are seconds from scenario start; the exports that need
//! a calendar date put scenario start at [`DEFAULT_EPOCH`] unless told otherwise.
//! Everything is deterministic: the same run gives the same bytes.

pub mod acmi;
mod build;
pub mod czml;
pub mod geojson;
pub mod kml;

use std::path::{Path, PathBuf};

use iadsim_core::{Ecef, Geodetic, LocalFrame};
use iadsim_sim::coverage::CoverageResult;
use iadsim_sim::events::{Event, EventKind, EventSink};
use iadsim_sim::observe::{InterceptorState, Observer, ThreatState};
use iadsim_sim::setup::{Setup, ThreatClass};

use crate::OutputError;
use crate::commit::{OutputFile, OutputSet, Staged, ensure_dir};
use std::io::Write as _;

/// Calendar time given to scenario start by default (ISO 8601, UTC).
pub const DEFAULT_EPOCH: &str = "2000-01-01T00:00:00Z";

/// Which side an entity is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The raid (threats): red.
    Red,
    /// The defence (regiment, interceptors, defended assets): blue.
    Blue,
}

/// What a fixed site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteKind {
    /// A command post (regiment or battalion).
    CommandPost,
    /// A surveillance (acquisition) radar.
    AcquisitionRadar,
    /// A fire-control (engagement) radar.
    EngagementRadar,
    /// A launcher vehicle.
    Launcher,
    /// A defended asset.
    Asset,
}

impl SiteKind {
    /// Snake-case name used in the exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommandPost => "command_post",
            Self::AcquisitionRadar => "acquisition_radar",
            Self::EngagementRadar => "engagement_radar",
            Self::Launcher => "launcher",
            Self::Asset => "asset",
        }
    }
}

/// A fixed site of the defence, or a defended asset.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    /// Name from the scenario.
    pub name: String,
    /// Catalogue type ("asset" for assets).
    pub type_name: String,
    /// What it is.
    pub kind: SiteKind,
    /// Battalion name (empty for the regiment command post and assets).
    pub battalion: String,
    /// Position (height above the ellipsoid, m).
    pub position: Geodetic,
    /// Ready rounds at scenario start by missile type, in loadout order (launchers only;
    /// empty for other sites).
    pub rounds: Vec<(String, u32)>,
}

/// One sampled state of a moving entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Time, s from scenario start.
    pub time: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Height above the WGS-84 ellipsoid, m.
    pub height: f64,
    /// Heading of the velocity, degrees clockwise from true north, in [0, 360).
    pub heading_deg: f64,
    /// Flight-path angle of the velocity above the local horizontal, degrees.
    pub pitch_deg: f64,
}

impl Sample {
    /// The sample of an ECEF state at `time`.
    pub fn from_ecef(time: f64, position: &Ecef, velocity: &Ecef) -> Self {
        let g = position.to_geodetic();
        let v = LocalFrame::new(g).vector_to_enu(velocity).0;
        let (heading_deg, pitch_deg) = if v.norm() > 1e-9 {
            (
                v.x.atan2(v.y).to_degrees().rem_euclid(360.0),
                v.z.atan2(v.x.hypot(v.y)).to_degrees(),
            )
        } else {
            (0.0, 0.0)
        };
        Self {
            time,
            lon_deg: g.lon_deg(),
            lat_deg: g.lat_deg(),
            height: g.height,
            heading_deg,
            pitch_deg,
        }
    }
}

/// What a moving entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoverKind {
    /// A threat of this class.
    Threat(ThreatClass),
    /// A surface-to-air interceptor.
    Interceptor,
}

/// How a moving entity's track ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// Still flying when the run ended (or never launched).
    None,
    /// A threat destroyed by interceptor `by` (its index into [`Replay::interceptors`]).
    Killed {
        /// Interceptor index.
        by: usize,
    },
    /// A threat that reached its aim point; `assets` it hit (indices into the setup's
    /// assets).
    Arrived {
        /// Assets hit.
        assets: Vec<usize>,
    },
    /// An interceptor whose fuze fired against `threat`.
    Detonated {
        /// Threat index.
        threat: usize,
        /// Closest-approach distance, m.
        miss: f64,
        /// Whether it killed.
        killed: bool,
    },
    /// An interceptor that ended without fuzing.
    Lost {
        /// Why.
        reason: String,
    },
}

/// A moving entity: a threat or an interceptor.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// Display name: the threat's scenario name, or "48N6E3 #12" for interceptors.
    pub name: String,
    /// Catalogue type.
    pub type_name: String,
    /// What it is.
    pub kind: MoverKind,
    /// Battalion name (interceptors; empty for threats).
    pub battalion: String,
    /// Samples in time order: the first at appearance (launch), the last at the end.
    pub samples: Vec<Sample>,
    /// How it ended; the time of the end is the last sample's.
    pub ending: Ending,
}

impl Mover {
    /// Time of the first sample (appearance), s; 0 if there are no samples.
    pub fn start_time(&self) -> f64 {
        self.samples.first().map_or(0.0, |s| s.time)
    }

    /// Time of the last sample, s.
    pub fn end_time(&self) -> f64 {
        self.samples.last().map_or(0.0, |s| s.time)
    }

    /// Whether the track ends before the run does (killed, arrived, detonated, lost).
    pub fn ended(&self) -> bool {
        self.ending != Ending::None
    }
}

/// Everything the replay writers need, in plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Replication index.
    pub replication: u64,
    /// Simulated span, s.
    pub duration: f64,
    /// Calendar time of scenario start, ISO 8601 UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub epoch: String,
    /// Reference point (the regiment command post), used as the ACMI origin.
    pub reference: Geodetic,
    /// Sites of the defence and defended assets.
    pub sites: Vec<Site>,
    /// Threats, in setup order (index = threat index).
    pub threats: Vec<Mover>,
    /// Interceptors, in launch order (index = interceptor index).
    pub interceptors: Vec<Mover>,
}

/// Records positions during a run (see the module notes).
#[derive(Debug, Clone)]
pub struct ReplayRecorder {
    interval: f64,
    threats: Vec<Vec<Sample>>,
    interceptors: Vec<Vec<Sample>>,
    ended: Vec<Option<Sample>>,
}

impl ReplayRecorder {
    /// A recorder for `setup` sampling every `interval` s (0: every engine step).
    pub fn new(setup: &Setup, interval: f64) -> Self {
        Self {
            interval,
            threats: vec![Vec::new(); setup.threats.len()],
            interceptors: Vec::new(),
            ended: Vec::new(),
        }
    }

    fn slot(&mut self, id: usize) {
        if self.interceptors.len() <= id {
            self.interceptors.resize(id + 1, Vec::new());
            self.ended.resize(id + 1, None);
        }
    }
}

impl Observer for ReplayRecorder {
    fn sample_interval(&self) -> f64 {
        self.interval
    }

    fn step(&mut self, t: f64, threats: &[ThreatState], interceptors: &[InterceptorState<'_>]) {
        for s in threats {
            if let Some(v) = self.threats.get_mut(s.index) {
                v.push(Sample::from_ecef(t, &s.position, &s.velocity));
            }
        }
        for m in interceptors {
            self.slot(m.id);
            self.interceptors[m.id].push(Sample::from_ecef(m.time, &m.position, &m.velocity));
        }
    }

    fn interceptors_ended(&mut self, ended: &[InterceptorState<'_>]) {
        for m in ended {
            self.slot(m.id);
            self.ended[m.id] = Some(Sample::from_ecef(m.time, &m.position, &m.velocity));
        }
    }
}

/// Keeps the events a replay shows (launches, intercepts, kills, losses, leaks, asset
/// hits); ignores the rest.
#[derive(Debug, Clone, Default)]
pub struct ReplayEvents {
    events: Vec<Event>,
}

impl EventSink for ReplayEvents {
    fn record(&mut self, event: &Event) {
        if matches!(
            event.kind,
            EventKind::Launch { .. }
                | EventKind::Intercept { .. }
                | EventKind::Kill { .. }
                | EventKind::InterceptorLost { .. }
                | EventKind::Leak { .. }
                | EventKind::AssetHit { .. }
        ) {
            self.events.push(event.clone());
        }
    }
}

/// An [`EventSink`] passing every event to two sinks, in order.
pub struct Tee<'a>(pub &'a mut dyn EventSink, pub &'a mut dyn EventSink);

impl EventSink for Tee<'_> {
    fn record(&mut self, event: &Event) {
        self.0.record(event);
        self.1.record(event);
    }

    fn keeps_events(&self) -> bool {
        self.0.keeps_events() || self.1.keeps_events()
    }

    fn keeps_detail(&self) -> bool {
        self.0.keeps_detail() || self.1.keeps_detail()
    }
}

/// The replay could not be built.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReplayError {
    /// An event refers to an entity the setup does not have (events from another run).
    #[error("event at t = {time} s refers to {what} {index}, which the setup does not have")]
    UnknownEntity {
        /// Event time, s.
        time: f64,
        /// "threat", "battalion", "launcher" or "asset".
        what: &'static str,
        /// The index.
        index: usize,
    },
    /// A threat's trajectory cannot be rebuilt.
    #[error("threat \"{name}\": {reason}")]
    Trajectory {
        /// Threat name.
        name: String,
        /// The cause.
        reason: String,
    },
}

impl Replay {
    /// Side of a mover.
    pub fn side_of(kind: MoverKind) -> Side {
        match kind {
            MoverKind::Threat(_) => Side::Red,
            MoverKind::Interceptor => Side::Blue,
        }
    }
}

/// Where to write each replay export; `None` skips that format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplayFiles {
    /// Tacview ACMI 2.2 text; a name ending in `.zip.acmi` gets it zipped (Deflate, one
    /// entry `<stem>.txt.acmi`), as Tacview reads it.
    pub acmi: Option<PathBuf>,
    /// CZML.
    pub czml: Option<PathBuf>,
    /// KML 2.2.
    pub kml: Option<PathBuf>,
    /// GeoJSON.
    pub geojson: Option<PathBuf>,
}

impl ReplayFiles {
    /// All four in `dir`: `replay.acmi`, `replay.czml`, `replay.kml`, `replay.geojson`.
    pub fn all_in(dir: &Path) -> Self {
        Self {
            acmi: Some(dir.join("replay.acmi")),
            czml: Some(dir.join("replay.czml")),
            kml: Some(dir.join("replay.kml")),
            geojson: Some(dir.join("replay.geojson")),
        }
    }

    /// Whether any format is asked for.
    pub fn any(&self) -> bool {
        self.acmi.is_some() || self.czml.is_some() || self.kml.is_some() || self.geojson.is_some()
    }
}

/// Writes the exports asked for in `files`, each in one step (a temporary file renamed
/// into place when complete; folders are created), and returns the paths written.
/// `coverage`, when given, adds its zones and contours to the GeoJSON. A command that
/// writes other files too stages the exports into its set with [`stage_files`] instead.
pub fn write_files(
    replay: &Replay,
    coverage: Option<&CoverageResult>,
    files: &ReplayFiles,
) -> Result<Vec<PathBuf>, OutputError> {
    let staged = staged_files(replay, coverage, files)?;
    let written = staged.iter().map(|s| s.path().to_path_buf()).collect();
    for s in staged {
        s.commit_alone()?;
    }
    Ok(written)
}

/// Writes the exports asked for in `files` under temporary names and adds them to `set`
/// (they become visible with the set's commit). Returns their paths.
pub fn stage_files(
    replay: &Replay,
    coverage: Option<&CoverageResult>,
    files: &ReplayFiles,
    set: &mut OutputSet,
) -> Result<Vec<PathBuf>, OutputError> {
    let staged = staged_files(replay, coverage, files)?;
    let written = staged.iter().map(|s| s.path().to_path_buf()).collect();
    for s in staged {
        set.add(s);
    }
    Ok(written)
}

/// Checks that every export path may be written (an existing file there must be a regular
/// file), before a run spends its time.
pub fn check_files(files: &ReplayFiles) -> Result<(), OutputError> {
    for p in [&files.acmi, &files.czml, &files.kml, &files.geojson]
        .into_iter()
        .flatten()
    {
        crate::commit::check_target(p)?;
    }
    Ok(())
}

fn staged_files(
    replay: &Replay,
    coverage: Option<&CoverageResult>,
    files: &ReplayFiles,
) -> Result<Vec<Staged>, OutputError> {
    let bad_epoch = |path: &Path| OutputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "replay epoch \"{}\" is not of the form YYYY-MM-DDThh:mm:ssZ",
                replay.epoch
            ),
        ),
    };
    let prepare = |path: &Path| -> Result<(), OutputError> {
        match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => ensure_dir(dir),
            None => Ok(()),
        }
    };
    let whole = |path: &Path, bytes: &[u8]| -> Result<Staged, OutputError> {
        let mut f = OutputFile::create(path)?;
        f.write_all(bytes).map_err(|source| OutputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        f.finish()
    };
    let mut staged = Vec::new();
    if let Some(path) = &files.acmi {
        prepare(path)?;
        let io_err = |source| OutputError::Io {
            path: path.clone(),
            source,
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if let Some(stem) = name.strip_suffix(".zip.acmi") {
            let mut text = Vec::new();
            acmi::write(replay, &mut text).map_err(io_err)?;
            let zipped = acmi::zip(&text, &format!("{stem}.txt.acmi")).map_err(io_err)?;
            staged.push(whole(path, &zipped)?);
        } else {
            let mut f = OutputFile::create(path)?;
            acmi::write(replay, &mut f).map_err(io_err)?;
            staged.push(f.finish()?);
        }
    }
    if let Some(path) = &files.czml {
        prepare(path)?;
        let text = czml::to_string(replay).ok_or_else(|| bad_epoch(path))?;
        staged.push(whole(path, text.as_bytes())?);
    }
    if let Some(path) = &files.kml {
        prepare(path)?;
        let text = kml::to_string(replay).ok_or_else(|| bad_epoch(path))?;
        staged.push(whole(path, text.as_bytes())?);
    }
    if let Some(path) = &files.geojson {
        prepare(path)?;
        let text =
            serde_json::to_string(&geojson::to_value(replay, coverage)).map_err(|source| {
                OutputError::Json {
                    what: "replay GeoJSON",
                    source,
                }
            })?;
        staged.push(whole(path, text.as_bytes())?);
    }
    Ok(staged)
}

/// `seconds` after the epoch `YYYY-MM-DDThh:mm:ssZ` as ISO 8601 UTC with milliseconds
/// when not whole (proleptic Gregorian calendar, no leap seconds). `None` if the epoch
/// is not of that form or the time is not finite.
pub fn iso8601(epoch: &str, seconds: f64) -> Option<String> {
    let b = epoch.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| epoch.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    if !seconds.is_finite() || seconds.abs() > 1e12 {
        return None;
    }
    let millis_total = (seconds * 1000.0).round() as i64
        + 1000 * (days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s);
    let days = millis_total.div_euclid(86_400_000);
    let ms_of_day = millis_total.rem_euclid(86_400_000);
    let (y, mo, d) = civil_from_days(days);
    let (h, rest) = (ms_of_day / 3_600_000, ms_of_day % 3_600_000);
    let (mi, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    Some(if ms == 0 {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
    })
}

/// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (eras of 400 years).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_against_known_dates() {
        // 2000-01-01 is day 10,957 of the Unix epoch; 2024 is a leap year.
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 1, 1), 10_957);
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28),
            2
        );
        assert_eq!(
            days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28),
            1
        );
        for z in [-1_000_000, -1, 0, 10_957, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(iso8601(DEFAULT_EPOCH, 0.0).unwrap(), DEFAULT_EPOCH);
        assert_eq!(
            iso8601(DEFAULT_EPOCH, 2400.0).unwrap(),
            "2000-01-01T00:40:00Z"
        );
        assert_eq!(
            iso8601(DEFAULT_EPOCH, 86_400.5).unwrap(),
            "2000-01-02T00:00:00.500Z"
        );
        // 60 days after 2000-01-01 is the leap day.
        assert_eq!(
            iso8601(DEFAULT_EPOCH, 59.0 * 86_400.0).unwrap(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            iso8601("2023-12-31T23:59:59Z", 1.25).unwrap(),
            "2024-01-01T00:00:00.250Z"
        );
        assert_eq!(iso8601("2000-13-01T00:00:00Z", 0.0), None);
        assert_eq!(iso8601("yesterday", 0.0), None);
        assert_eq!(iso8601(DEFAULT_EPOCH, f64::NAN), None);
    }

    #[test]
    fn heading_and_pitch_of_a_sample() {
        let g = Geodetic::from_degrees(48.0, 67.0, 1_000.0);
        let frame = LocalFrame::new(g);
        // 100 m/s east and 100 m/s up: heading 90°, pitch 45°.
        let v = frame.vector_to_ecef(&iadsim_core::Enu::new(100.0, 0.0, 100.0));
        let s = Sample::from_ecef(3.0, &g.to_ecef(), &v);
        assert!((s.heading_deg - 90.0).abs() < 1e-9);
        assert!((s.pitch_deg - 45.0).abs() < 1e-9);
        assert!((s.lat_deg - 48.0).abs() < 1e-9 && (s.lon_deg - 67.0).abs() < 1e-9);
        assert!((s.height - 1_000.0).abs() < 1e-6);
        // Due south-west, level.
        let v = frame.vector_to_ecef(&iadsim_core::Enu::new(-1.0, -1.0, 0.0));
        assert!((Sample::from_ecef(0.0, &g.to_ecef(), &v).heading_deg - 225.0).abs() < 1e-9);
    }
}
