//! The `peerbench-1` scenario format: run this tracker on a scenario directory and score
//! track files, side by side with Stone Soup (see the format's README).
//!
//! Input: `DIR/scenario.json` and `DIR/detections.csv`. Columns are found by header name;
//! the `truth_id` column of `detections.csv` is **never read** (nor `det_id`): the reader
//! looks up only `scan`, `time`, `range`, `bearing` and `elevation`.
//!
//! Conventions converted here: peerbench's frame is x = East, y = North, z = Up (our ENU),
//! but its **bearing is counter-clockwise from +x (East)**; our azimuth is clockwise from
//! north, so `azimuth = wrap₂π(π/2 − bearing)`. Elevation and range are the same.
//!
//! Output: the `peerbench-1` track file `scan,time,track_id,x,y,z,vx,vy,vz`, one row per
//! confirmed (incl. coasting) track after each scan, state at the scan time, causal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use nalgebra::{SVector, Vector3};
use serde::Deserialize;
use thiserror::Error;

use crate::associator::{Associator, Gnn, Jpda};
use crate::deleter::{CovarianceDeleter, MissDeleter};
use crate::filter::{EkfPredictor, EkfUpdater, Predictor, Updater};
use crate::hypothesiser::DistanceHypothesiser;
use crate::imm::{ImmPredictor, ImmUpdater};
use crate::initiator::{Initiator, MOfN, SinglePointInitiator, TwoPointInitiator};
use crate::measurement::{
    MeasurementModel, RangeAzEl, RangeAzimuth, Sensor, SensorId, wrap_two_pi,
};
use crate::metrics::{Scorer, Scores};
use crate::motion::{ConstantVelocity, CoordinatedTurn, MotionModel};
use crate::state::Estimate;
use crate::tracker::{Batch, Tracker, TrackerError, TrackerStats};
use crate::ukf::{UkfPredictor, UkfUpdater};

/// An error reading or writing peerbench files; says which file, which line, what is wrong.
#[derive(Debug, Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line of the file is malformed.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number (the header is line 1).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is well-formed but its content is not usable.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The tracker refused a batch.
    #[error("tracker: {0}")]
    Tracker(#[from] TrackerError),
}

/// `clutter_region` of `scenario.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ClutterRegion {
    /// Range interval, m.
    pub range: [f64; 2],
    /// Bearing interval, rad.
    pub bearing: [f64; 2],
    /// Elevation interval, rad (`[0, 0]` in dim 2).
    pub elevation: [f64; 2],
}

/// The fields of `scenario.json` the tracker uses (others are ignored).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Scenario {
    /// `"peerbench-1"`.
    pub format: String,
    /// 2 or 3.
    pub dim: u32,
    /// Number of scans K; scans are `0..K`.
    pub n_scans: usize,
    /// Scan period, s.
    pub dt: f64,
    /// Radar position `[x, y, z]`, m (East, North, Up).
    pub radar_position: [f64; 3],
    /// Detection probability.
    pub pd: f64,
    /// Poisson mean of false alarms per scan.
    pub clutter_per_scan: f64,
    /// Where clutter falls, in measurement space.
    pub clutter_region: ClutterRegion,
    /// Range noise std, m.
    pub sigma_range: f64,
    /// Bearing noise std, rad.
    pub sigma_bearing: f64,
    /// Elevation noise std, rad (0 in dim 2).
    pub sigma_elevation: f64,
    /// White-noise acceleration intensity per axis, m²/s³.
    pub process_noise_q: f64,
}

impl Scenario {
    /// Reads and checks `scenario.json` (at most [`MAX_SCENARIO_BYTES`]).
    pub fn read(path: &Path) -> Result<Self, Error> {
        let text = read_bounded(path, MAX_SCENARIO_BYTES)?;
        Self::parse(&text).map_err(|e| e.at(path))
    }

    /// Parses and checks the text of `scenario.json` (errors name the file `scenario.json`;
    /// [`Scenario::read`] puts the real path).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let path = Path::new("scenario.json");
        let s: Scenario = serde_json::from_str(text).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            message: format!("column {}: {e}", e.column()),
        })?;
        let bad = |message: String| Error::Invalid {
            path: path.to_path_buf(),
            message,
        };
        if s.n_scans > MAX_SCANS {
            return Err(bad(format!(
                "n_scans is {}, at most {MAX_SCANS} are supported",
                s.n_scans
            )));
        }
        if s.format != "peerbench-1" {
            return Err(bad(format!(
                "format is {:?}, expected \"peerbench-1\"",
                s.format
            )));
        }
        if s.dim != 2 && s.dim != 3 {
            return Err(bad(format!("dim is {}, expected 2 or 3", s.dim)));
        }
        if !(s.dt.is_finite() && s.dt > 0.0 && s.dt <= MAX_DT) {
            return Err(bad(format!(
                "dt is {}, expected a positive number of seconds, at most {MAX_DT}",
                s.dt
            )));
        }
        if !(s.pd > 0.0 && s.pd <= 1.0) {
            return Err(bad(format!("pd is {}, expected 0 < pd ≤ 1", s.pd)));
        }
        let mut sigmas = vec![
            ("sigma_range", s.sigma_range),
            ("sigma_bearing", s.sigma_bearing),
        ];
        if s.dim == 3 {
            sigmas.push(("sigma_elevation", s.sigma_elevation));
        }
        for (name, v) in sigmas {
            if !(v.is_finite() && v > 0.0) {
                return Err(bad(format!("{name} is {v}, expected a positive number")));
            }
        }
        if !(s.process_noise_q.is_finite() && s.process_noise_q >= 0.0) {
            return Err(bad(format!(
                "process_noise_q is {}, expected a non-negative number",
                s.process_noise_q
            )));
        }
        if !(s.clutter_per_scan.is_finite() && s.clutter_per_scan >= 0.0) {
            return Err(bad(format!(
                "clutter_per_scan is {}, expected a non-negative number",
                s.clutter_per_scan
            )));
        }
        if s.radar_position.iter().any(|v| !v.is_finite()) {
            return Err(bad("radar_position has a non-finite value".into()));
        }
        Ok(s)
    }

    /// Clutter density in measurement space: per m·rad² (dim 3) or per m·rad (dim 2).
    /// Azimuth and bearing differ by sign and offset only, so the density is the same.
    pub fn clutter_density(&self) -> f64 {
        let r = &self.clutter_region;
        let mut vol = (r.range[1] - r.range[0]).abs() * (r.bearing[1] - r.bearing[0]).abs();
        if self.dim == 3 {
            vol *= (r.elevation[1] - r.elevation[0]).abs();
        }
        if vol > 0.0 && vol.is_finite() {
            self.clutter_per_scan / vol
        } else {
            1e-12
        }
    }
}

/// A CSV file read with the `csv` crate, with its header's column positions.
struct Csv<'a> {
    path: &'a Path,
    reader: csv::Reader<Box<dyn std::io::Read + 'a>>,
    names: Vec<String>,
}

impl<'a> Csv<'a> {
    fn open(path: &'a Path) -> Result<Self, Error> {
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_reader(path, Box::new(std::io::BufReader::new(file)))
    }

    fn from_reader(path: &'a Path, input: Box<dyn std::io::Read + 'a>) -> Result<Self, Error> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(input);
        let header = reader.headers().map_err(|e| csv_error(path, &e))?;
        if header.is_empty() {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: "empty file: expected a header line".into(),
            });
        }
        let names = header.iter().map(str::to_string).collect();
        Ok(Self {
            path,
            reader,
            names,
        })
    }

    /// Positions of the named columns (error naming the missing one).
    fn columns<const K: usize>(&self, wanted: [&str; K]) -> Result<[usize; K], Error> {
        let mut out = [0; K];
        for (k, w) in wanted.iter().enumerate() {
            out[k] = self
                .names
                .iter()
                .position(|n| n == w)
                .ok_or_else(|| Error::Parse {
                    path: self.path.to_path_buf(),
                    line: 1,
                    message: format!(
                        "header has no column `{w}` (found: {})",
                        self.names.join(",")
                    ),
                })?;
        }
        Ok(out)
    }

    /// Calls `f(line_number, values)` for every data line with the values of the columns
    /// `cols` parsed as numbers. Other columns are never parsed.
    fn for_each<const K: usize>(
        mut self,
        cols: [usize; K],
        wanted: [&str; K],
        mut f: impl FnMut(usize, [f64; K]) -> Result<(), String>,
    ) -> Result<(), Error> {
        let mut record = csv::StringRecord::new();
        loop {
            let more = self
                .reader
                .read_record(&mut record)
                .map_err(|e| csv_error(self.path, &e))?;
            if !more {
                return Ok(());
            }
            let line_no = record.position().map_or(0, |p| p.line() as usize);
            let err = |message: String| Error::Parse {
                path: self.path.to_path_buf(),
                line: line_no,
                message,
            };
            let mut vals = [0.0; K];
            for k in 0..K {
                let s = record.get(cols[k]).unwrap_or("");
                vals[k] = s.parse::<f64>().map_err(|_| {
                    err(format!(
                        "column `{}`: cannot read {s:?} as a number",
                        wanted[k]
                    ))
                })?;
                if !vals[k].is_finite() {
                    return Err(err(format!("column `{}`: {s:?} is not finite", wanted[k])));
                }
            }
            f(line_no, vals).map_err(err)?;
        }
    }
}

/// A `csv` crate error as a located parse error.
fn csv_error(path: &Path, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} comma-separated fields, found {len}"),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    };
    Error::Parse {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// Reads a whole text file of at most `max` bytes.
fn read_bounded(path: &Path, max: u64) -> Result<String, Error> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut text = String::new();
    file.take(max + 1).read_to_string(&mut text).map_err(io)?;
    if text.len() as u64 > max {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: format!("larger than {max} bytes"),
        });
    }
    Ok(text)
}

impl Error {
    /// The same error about the file at `path` (the parsers name a default file name).
    fn at(self, path: &Path) -> Error {
        match self {
            Error::Parse { line, message, .. } => Error::Parse {
                path: path.to_path_buf(),
                line,
                message,
            },
            Error::Invalid { message, .. } => Error::Invalid {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        }
    }
}

/// Most scans `scenario.json` may declare (the tracker runs every scan, empty or not).
pub const MAX_SCANS: usize = 1_000_000;
/// Largest `dt`, s (one day).
pub const MAX_DT: f64 = 86_400.0;
/// Largest `scenario.json` read, bytes.
pub const MAX_SCENARIO_BYTES: u64 = 1 << 20;

fn scan_index(v: f64, n_scans: Option<usize>) -> Result<usize, String> {
    if v < 0.0 || v.fract() != 0.0 {
        return Err(format!("column `scan`: {v} is not a non-negative integer"));
    }
    if v >= MAX_SCANS as f64 {
        return Err(format!(
            "column `scan`: scan {v} is outside 0..{MAX_SCANS} (the most scans supported)"
        ));
    }
    let k = v as usize;
    if let Some(n) = n_scans
        && k >= n
    {
        return Err(format!(
            "column `scan`: scan {k} is outside 0..{n} (n_scans in scenario.json)"
        ));
    }
    Ok(k)
}

/// Detections of a `peerbench-1` file, by scan, as `(range m, azimuth rad clockwise from
/// north, elevation rad)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Detections {
    /// `scans[k]` = the detections of scan `k`, in file order.
    pub scans: Vec<Vec<SVector<f64, 3>>>,
    /// Number of detection rows.
    pub count: usize,
}

/// Reads `detections.csv` for `scenario`: columns `scan`, `time`, `range`, `bearing`,
/// `elevation` by header name (`truth_id` and `det_id` are not read). Checks every row:
/// integer scan in `0..n_scans`, time equal to `scan · dt`, positive range, finite angles.
pub fn read_detections(path: &Path, scenario: &Scenario) -> Result<Detections, Error> {
    detections_from(Csv::open(path)?, scenario)
}

/// [`read_detections`] from text already in memory (errors name `path`).
pub fn parse_detections(
    path: &Path,
    text: &[u8],
    scenario: &Scenario,
) -> Result<Detections, Error> {
    detections_from(Csv::from_reader(path, Box::new(text))?, scenario)
}

fn detections_from(csv: Csv<'_>, scenario: &Scenario) -> Result<Detections, Error> {
    let wanted = ["scan", "time", "range", "bearing", "elevation"];
    let cols = csv.columns(wanted)?;
    // Slots grow with the scans read (never sized from n_scans before a detection is read).
    let mut scans: Vec<Vec<SVector<f64, 3>>> = Vec::new();
    let mut count = 0;
    csv.for_each(
        cols,
        wanted,
        |_, [scan, time, range, bearing, elevation]| {
            let k = scan_index(scan, Some(scenario.n_scans))?;
            let t = k as f64 * scenario.dt;
            if (time - t).abs() > 1e-6 * t.abs().max(1.0) {
                return Err(format!(
                    "column `time`: {time} s does not match scan {k} × dt {} s = {t} s",
                    scenario.dt
                ));
            }
            if range <= 0.0 {
                return Err(format!("column `range`: {range} m is not positive"));
            }
            let az = wrap_two_pi(std::f64::consts::FRAC_PI_2 - bearing);
            if scans.len() <= k {
                scans.resize_with(k + 1, Vec::new);
            }
            scans[k].push(SVector::<f64, 3>::new(range, az, elevation));
            count += 1;
            Ok(())
        },
    )?;
    scans.resize_with(scenario.n_scans, Vec::new);
    Ok(Detections { scans, count })
}

/// Which filter the peerbench run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    /// Extended Kalman filter, nearly-constant velocity (the scenario's q).
    Ekf,
    /// Unscented Kalman filter, nearly-constant velocity.
    Ukf,
    /// IMM of nearly-constant velocity and coordinated turn (EKF mode filters).
    Imm,
}

/// Which associator the peerbench run uses for confirmed tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssociatorKind {
    /// Global nearest neighbour.
    Gnn,
    /// Joint probabilistic data association.
    Jpda,
}

/// Which initiator the peerbench run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitiatorKind {
    /// Pairs of detections within a speed gate.
    TwoPoint,
    /// One tentative track per free detection.
    SinglePoint,
}

/// Options of [`run_dir`].
#[derive(Debug, Clone, PartialEq)]
pub struct PeerbenchOptions {
    /// Filter.
    pub filter: FilterKind,
    /// Associator for confirmed tracks (tentative tracks always use GNN).
    pub associator: AssociatorKind,
    /// Initiator.
    pub initiator: InitiatorKind,
    /// M-of-N confirmation rule (the two-point initiator's pair counts as 2 of 2).
    pub confirm: MOfN,
    /// Consecutive misses that delete a confirmed track.
    pub max_misses: u32,
    /// Hits below which a confirmed track is young (see [`MissDeleter`]).
    pub young_hits: u32,
    /// Consecutive misses that delete a young confirmed track.
    pub young_max_misses: u32,
    /// Track score (log-likelihood ratio) needed for confirmation besides M-of-N
    /// (see [`crate::initiator`]); `−∞` for plain M-of-N.
    pub min_score: f64,
    /// Largest position standard deviation before a track is deleted, m.
    pub max_position_sigma: f64,
    /// Gate probability `P_G` (the gate is its chi-square quantile).
    pub gate_probability: f64,
    /// Prior velocity standard deviation of a new track (e, n, u), m/s.
    pub velocity_sigma: [f64; 3],
    /// Speed gate of the two-point initiator, m/s.
    pub max_speed: f64,
    /// Tracker process noise = scenario `process_noise_q` × this.
    pub q_scale: f64,
    /// Where to write the track file; `None` = `DIR/tracks_iadsim.csv`.
    pub output: Option<PathBuf>,
}

impl Default for PeerbenchOptions {
    /// EKF, GNN, two-point initiation; confirmation at 2 hits within 4 looks once the track
    /// score (log-likelihood ratio target/clutter) reaches ln 1000 (a clutter-made track is
    /// confirmed with probability ~10⁻³, so confirmation takes 2 detections in light
    /// clutter and 3 or more in dense clutter); deletion after 5 consecutive misses or a
    /// position sigma above 2 km; gate P_G = 0.9999; speed gate 600 m/s; velocity prior
    /// (200, 200, 20) m/s as in the Stone Soup configuration.
    fn default() -> Self {
        Self {
            filter: FilterKind::Ekf,
            associator: AssociatorKind::Gnn,
            initiator: InitiatorKind::TwoPoint,
            confirm: MOfN { m: 2, n: 4 },
            max_misses: 5,
            young_hits: 0,
            young_max_misses: 5,
            min_score: 1000f64.ln(),
            max_position_sigma: 2_000.0,
            gate_probability: 0.9999,
            velocity_sigma: [200.0, 200.0, 20.0],
            max_speed: 600.0,
            q_scale: 1.0,
            output: None,
        }
    }
}

/// One row of a `peerbench-1` track file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackRow {
    /// Scan number.
    pub scan: usize,
    /// Scan time, s.
    pub time: f64,
    /// Track id.
    pub track_id: u64,
    /// Position (x = East, y = North, z = Up), m.
    pub position: Vector3<f64>,
    /// Velocity, m/s.
    pub velocity: Vector3<f64>,
}

/// What [`run_dir`] did.
#[derive(Debug, Clone)]
pub struct PeerbenchRun {
    /// The scenario.
    pub scenario: Scenario,
    /// The track rows written.
    pub rows: Vec<TrackRow>,
    /// The track file written.
    pub output: PathBuf,
    /// Detection rows read.
    pub detections: usize,
    /// Seconds spent reading the input files.
    pub read_seconds: f64,
    /// Seconds spent in the tracking loop.
    pub track_seconds: f64,
    /// Seconds spent writing the track file (0 from [`run_dir`], which does not write; a
    /// caller that writes may fill it in).
    pub write_seconds: f64,
    /// Tracking time of each scan, s.
    pub scan_seconds: Vec<f64>,
    /// Tracker counters.
    pub stats: TrackerStats,
}

/// Runs the tracker on `dir` (`scenario.json` + `detections.csv`, format `peerbench-1`).
/// Writes nothing: the rows go to the track file `output` (`options.output`, default
/// `DIR/tracks_iadsim.csv`) through [`write_tracks`] on the caller's writer (the command
/// line commits it with the workspace's output protocol).
pub fn run_dir(dir: &Path, options: &PeerbenchOptions) -> Result<PeerbenchRun, Error> {
    let t0 = Instant::now();
    let scenario = Scenario::read(&dir.join("scenario.json"))?;
    let dets = read_detections(&dir.join("detections.csv"), &scenario)?;
    let read_seconds = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let (rows, stats, scan_seconds) = if scenario.dim == 3 {
        let model = RangeAzEl {
            sigma_range: scenario.sigma_range,
            sigma_azimuth: scenario.sigma_bearing,
            sigma_elevation: scenario.sigma_elevation,
        };
        by_filter(&scenario, model, dets.scans, options)?
    } else {
        let model = RangeAzimuth {
            sigma_range: scenario.sigma_range,
            sigma_azimuth: scenario.sigma_bearing,
            height_sigma: 1.0,
        };
        let scans = dets
            .scans
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|z| SVector::<f64, 2>::new(z[0], z[1]))
                    .collect()
            })
            .collect();
        by_filter(&scenario, model, scans, options)?
    };
    let track_seconds = t1.elapsed().as_secs_f64();

    let output = options
        .output
        .clone()
        .unwrap_or_else(|| dir.join("tracks_iadsim.csv"));
    Ok(PeerbenchRun {
        scenario,
        rows,
        output,
        detections: dets.count,
        read_seconds,
        track_seconds,
        write_seconds: 0.0,
        scan_seconds,
        stats,
    })
}

type RunOutput = (Vec<TrackRow>, TrackerStats, Vec<f64>);

fn by_filter<const M: usize, Mm: MeasurementModel<M> + 'static>(
    sc: &Scenario,
    model: Mm,
    scans: Vec<Vec<SVector<f64, M>>>,
    o: &PeerbenchOptions,
) -> Result<RunOutput, Error> {
    let q = sc.process_noise_q * o.q_scale;
    let mut cv = ConstantVelocity::new(q);
    let mut vel = Vector3::from(o.velocity_sigma);
    if sc.dim == 2 {
        cv.q.z = 0.0;
        vel.z = 1e-3;
    }
    let sensor = Sensor::at_origin(model, sc.pd, sc.clutter_density())
        .at_position(Vector3::from(sc.radar_position));
    let hyp = DistanceHypothesiser::with_probability(o.gate_probability, M);
    let assoc: Box<dyn Associator> = match o.associator {
        AssociatorKind::Gnn => Box::new(Gnn::new()),
        AssociatorKind::Jpda => Box::new(Jpda::default()),
    };
    let init = initiator(sc, o, vel);
    let deleter = deleter(o);
    match o.filter {
        FilterKind::Ekf => run_scans(
            Tracker::new(
                EkfPredictor::<6, _>::new(cv),
                EkfUpdater::<6, Mm>::new(),
                hyp,
                assoc,
                init,
                deleter,
            ),
            sensor,
            scans,
            sc.dt,
        ),
        FilterKind::Ukf => run_scans(
            Tracker::new(
                UkfPredictor::<6, _>::new(cv),
                UkfUpdater::<6, Mm>::new(),
                hyp,
                assoc,
                init,
                deleter,
            ),
            sensor,
            scans,
            sc.dt,
        ),
        FilterKind::Imm => {
            let turn_sigma = 0.1; // rad/s prior (≈ 6°/s)
            let q_turn = 1e-4; // rad²/s³
            let cv7 = cv.with_extra(q_turn, turn_sigma);
            let mut ct = CoordinatedTurn::new(q, q_turn, turn_sigma);
            ct.q = cv.q;
            let models: [Box<dyn MotionModel<7>>; 2] = [Box::new(cv7), Box::new(ct)];
            let imm = ImmPredictor::new(models, [60.0, 20.0]);
            run_scans(
                Tracker::new(
                    imm,
                    ImmUpdater::<7, 2, Mm>::new(),
                    hyp,
                    assoc,
                    init,
                    deleter,
                ),
                sensor,
                scans,
                sc.dt,
            )
        }
    }
}

/// The initiator the options name, with velocity prior sigma `vel` (m/s per axis).
fn initiator(sc: &Scenario, o: &PeerbenchOptions, vel: Vector3<f64>) -> Box<dyn Initiator> {
    match o.initiator {
        InitiatorKind::SinglePoint => {
            let mut t = SinglePointInitiator::new(vel, o.confirm);
            t.min_score = o.min_score;
            Box::new(t)
        }
        InitiatorKind::TwoPoint => {
            let mut t = TwoPointInitiator::new(0.0, o.max_speed, vel, o.confirm);
            t.max_seed_age = 1.5 * sc.dt;
            t.min_score = o.min_score;
            Box::new(t)
        }
    }
}

/// The deleter the options describe: misses (fewer for young tracks), then position
/// uncertainty.
fn deleter(o: &PeerbenchOptions) -> (MissDeleter, CovarianceDeleter) {
    (
        MissDeleter {
            max_misses: o.max_misses,
            young_hits: o.young_hits,
            young_max_misses: o.young_max_misses,
        },
        CovarianceDeleter {
            max_position_sigma: o.max_position_sigma,
        },
    )
}

fn run_scans<P, U, I, D, const M: usize>(
    mut tracker: Tracker<P, U, Box<dyn Associator>, I, D, M>,
    sensor: Sensor<U::Model>,
    scans: Vec<Vec<SVector<f64, M>>>,
    dt: f64,
) -> Result<RunOutput, Error>
where
    P: Predictor,
    U: Updater<M, State = P::State>,
    I: Initiator,
    D: crate::deleter::Deleter,
{
    let sid = tracker.add_sensor(sensor);
    debug_assert_eq!(sid, SensorId(0));
    let mut rows = Vec::new();
    let mut times = Vec::with_capacity(scans.len());
    for (k, detections) in scans.into_iter().enumerate() {
        let ts = Instant::now();
        let time = k as f64 * dt;
        tracker.process(&Batch {
            time,
            sensor: sid,
            detections,
        })?;
        for t in tracker.confirmed() {
            rows.push(TrackRow {
                scan: k,
                time,
                track_id: t.id.map_or(u64::MAX, |i| i.0),
                position: t.state.position(),
                velocity: t.state.velocity(),
            });
        }
        times.push(ts.elapsed().as_secs_f64());
    }
    Ok((rows, tracker.stats().clone(), times))
}

/// Writes the rows as a `peerbench-1` track file to `out` (header
/// `scan,time,track_id,x,y,z,vx,vy,vz`; time to 1 µs, positions to 0.1 mm, velocities to
/// 0.01 mm/s).
pub fn write_tracks<W: std::io::Write>(out: W, rows: &[TrackRow]) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(["scan", "time", "track_id", "x", "y", "z", "vx", "vy", "vz"])?;
    let mut fields: [Vec<u8>; 9] = Default::default();
    for r in rows {
        for f in &mut fields {
            f.clear();
        }
        push_uint(&mut fields[0], r.scan as u64);
        push_fixed(&mut fields[1], r.time, 6);
        push_uint(&mut fields[2], r.track_id);
        for (i, v) in r.position.iter().enumerate() {
            push_fixed(&mut fields[3 + i], *v, 4);
        }
        for (i, v) in r.velocity.iter().enumerate() {
            push_fixed(&mut fields[6 + i], *v, 5);
        }
        w.write_record(&fields)?;
    }
    w.flush()
}

/// Appends the decimal digits of `n`.
fn push_uint(s: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend_from_slice(&buf[i..]);
}

/// Appends `v` with `decimals` digits after the point (rounded half away from zero), like
/// `{:.N}` but without the exact-decimal machinery (much faster; the two can differ in the
/// last digit for values on a rounding boundary).
fn push_fixed(s: &mut Vec<u8>, v: f64, decimals: u32) {
    let p = 10u64.pow(decimals);
    let scaled = (v * p as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        s.extend_from_slice(format!("{:.*}", decimals as usize, v).as_bytes());
        return;
    }
    let n = scaled as i64;
    if n < 0 {
        s.push(b'-');
    }
    let a = n.unsigned_abs();
    push_uint(s, a / p);
    if decimals > 0 {
        s.push(b'.');
        let mut frac = [b'0'; 20];
        let mut f = a % p;
        for k in (0..decimals as usize).rev() {
            frac[k] = b'0' + (f % 10) as u8;
            f /= 10;
        }
        s.extend_from_slice(&frac[..decimals as usize]);
    }
}

/// `(scan, id, position)` rows of a truth or track file.
fn read_positions(
    path: &Path,
    id_column: &'static str,
) -> Result<Vec<(i64, u64, Vector3<f64>)>, Error> {
    let csv = Csv::open(path)?;
    let wanted = ["scan", id_column, "x", "y", "z"];
    let cols = csv.columns(wanted)?;
    let mut out = Vec::new();
    csv.for_each(cols, wanted, |_, [scan, id, x, y, z]| {
        let k = scan_index(scan, None)?;
        if id.fract() != 0.0 {
            return Err(format!("column `{id_column}`: {id} is not an integer"));
        }
        out.push((k as i64, id as i64 as u64, Vector3::new(x, y, z)));
        Ok(())
    })?;
    Ok(out)
}

/// Scores a `peerbench-1` track file against `truth.csv` exactly as peerbench's `ospa.py`
/// does: for every scan present in the truth file, OSPA and GOSPA (α = 2) on positions
/// with cut-off `c` (m) and order `p`; time means, matched RMS error, track-id counts, and
/// the track-level counts of [`crate::metrics::TrackQuality`].
pub fn score(truth_csv: &Path, tracks_csv: &Path, c: f64, p: f64) -> Result<Scores, Error> {
    let truth = read_positions(truth_csv, "target_id")?;
    let tracks = read_positions(tracks_csv, "track_id")?;
    type Points = Vec<(u64, Vector3<f64>)>;
    let mut by_scan: BTreeMap<i64, (Points, Points)> = BTreeMap::new();
    for (k, id, p) in truth {
        by_scan.entry(k).or_default().0.push((id, p));
    }
    for (k, id, p) in tracks {
        if let Some(e) = by_scan.get_mut(&k) {
            e.1.push((id, p));
        }
    }
    let mut scorer = Scorer::new(c, p);
    for (k, (t, e)) in &by_scan {
        scorer.add_scan(*k, t, e);
    }
    Ok(scorer.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_formatting_matches_std() {
        for &v in &[
            0.0,
            1.0,
            -1.5,
            123456.78912345,
            -98765.4321987,
            0.00012,
            3.0e9,
            -42.000049,
        ] {
            for d in [4u32, 5, 6] {
                let mut s = Vec::new();
                push_fixed(&mut s, v, d);
                assert_eq!(String::from_utf8(s).unwrap(), format!("{v:.*}", d as usize));
            }
        }
        let mut s = Vec::new();
        push_uint(&mut s, 0);
        push_uint(&mut s, 18_446_744_073_709_551_615);
        assert_eq!(String::from_utf8(s).unwrap(), "018446744073709551615");
    }
}
