//! # iadsim-study
//!
//! Monte Carlo studies of an iadsim scenario: many replications of the engine, each
//! fully determined by (seed, replication index), run in parallel and reduced to a table
//! of measures of effectiveness (one row per replication) and summary statistics with
//! 95 % confidence intervals (Student t for means, Wilson score for proportions).
//!
//! - [`run_study`] runs replications on a rayon pool of a chosen size and streams the rows
//!   in replication order (a bounded window of results is reordered, so memory stays flat
//!   in the number of replications and the output is byte-identical whatever the thread
//!   count) to `mc.csv` and, with the `parquet` feature, `mc.parquet`; then writes
//!   `summary.json` and `manifest.json`.
//! - A study can be cut into shards (`replication % n == i`), run anywhere, and joined
//!   with [`merge`] into exactly the files of one unsharded run.
//! - [`sweep`] runs a study per value of one scenario parameter and writes `sweep.csv`
//!   and a plot of expected leakers with its 95 % band.
//!
//! Output columns and files are documented in `docs/mc.md`.
//!
//! Checked by the unit tests of `stats` (Student t and Wilson intervals against published
//! tables) and crates/study/tests (columns.rs: each row is its replication's engine summary;
//! cancel.rs; cost.rs).

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

pub mod moe;
pub mod stats;
pub mod sweep;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use iadsim_io::OutputError;
use iadsim_io::commit::OutputSet;
use iadsim_io::mctable::{Cell, Column, ColumnKind, CsvRows, CsvTable, RowSink};
use iadsim_sim::events::NullSink;
use iadsim_sim::{EngineOptions, Setup};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use moe::Measures;
use stats::{Interval, Moments, Z_975, wilson};

/// File names inside a study folder.
pub mod files {
    /// Per-replication table, CSV.
    pub const TABLE_CSV: &str = "mc.csv";
    /// Per-replication table, Parquet.
    pub const TABLE_PARQUET: &str = "mc.parquet";
    /// Summary statistics.
    pub const SUMMARY: &str = "summary.json";
    /// What was run (scenario hash, seed, runs, shard, columns).
    pub const MANIFEST: &str = "manifest.json";
    /// The name of a study folder's output set: its completion marker is
    /// `mc.complete.json` (see `iadsim_io::commit`).
    pub const SET: &str = "mc";
}

/// Most worker threads a study starts.
pub const MAX_THREADS: usize = 1024;
/// Most replications in a study (2^53: every count stays exact in the statistics'
/// floating point).
pub const MAX_RUNS: u64 = 1 << 53;
/// Most shards a study may be cut into (`merge` opens one table per shard at once).
pub const MAX_SHARDS: u64 = 10_000;

/// Checks a study's sizes against [`MAX_THREADS`], [`MAX_RUNS`] and [`MAX_SHARDS`].
fn check_limits(config: &StudyConfig) -> Result<(), StudyError> {
    if !(1..=MAX_THREADS).contains(&config.threads) {
        return Err(StudyError::Invalid(format!(
            "--threads {} is outside 1..={MAX_THREADS}",
            config.threads
        )));
    }
    if config.runs > MAX_RUNS {
        return Err(StudyError::Invalid(format!(
            "--runs {} is more than {MAX_RUNS} (2^53) replications",
            config.runs
        )));
    }
    let s = config.shard;
    if s.count == 0 || s.count > MAX_SHARDS || s.index >= s.count {
        return Err(StudyError::Invalid(format!(
            "shard {}/{} is not i/n with 0 <= i < n <= {MAX_SHARDS}",
            s.index, s.count
        )));
    }
    Ok(())
}

/// Results computed per window before they are written in order: `WINDOW_PER_THREAD`
/// times the thread count rows are held at most.
const WINDOW_PER_THREAD: usize = 32;

/// One slice of a study: replications `r` with `r % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// This shard, 0-based.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad =
            || format!("invalid shard {s:?}: write i/n with 0 <= i < n <= {MAX_SHARDS}, e.g. 0/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            i.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || count > MAX_SHARDS || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The whole study as one shard.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Replications of this shard out of `runs`.
    pub fn len(&self, runs: u64) -> u64 {
        if runs > self.index {
            (runs - self.index).div_ceil(self.count)
        } else {
            0
        }
    }

    /// Whether the shard holds no replication of `runs`.
    pub fn is_empty(&self, runs: u64) -> bool {
        self.len(runs) == 0
    }

    /// The `k`-th replication of this shard.
    pub fn replication(&self, k: u64) -> u64 {
        self.index + k * self.count
    }
}

/// How to run a study.
#[derive(Debug, Clone)]
pub struct StudyConfig {
    /// Replications in the whole study.
    pub runs: u64,
    /// Worker threads (≥ 1).
    pub threads: usize,
    /// The slice of the study to run.
    pub shard: Shard,
    /// Engine models.
    pub options: EngineOptions,
    /// Show a progress bar on stderr (only if stderr is a terminal).
    pub progress: bool,
    /// Set to `true` (from another thread, e.g. a signal handler) to stop the study:
    /// checked before every replication; the study then returns [`StudyError::Cancelled`]
    /// and commits nothing.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl StudyConfig {
    fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// What a study folder holds: enough to check that shards belong together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// iadsim version that wrote it.
    pub iadsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// FNV-1a 64 hash of the run-ready setup (after overrides and seed), hex.
    pub scenario_hash: String,
    /// Master seed.
    pub seed: u64,
    /// Replications in the whole study.
    pub runs: u64,
    /// The slice in this folder (`null` for a whole study or a merge).
    pub shard: Option<Shard>,
    /// Engine models, as JSON: `battle_manager`, `radar_model`, `tracker`,
    /// `interceptor_model` (the value names of the `iadsim run` / `mc` flags) and
    /// `log_false_alarms`.
    pub engine_options: serde_json::Value,
    /// Table columns.
    pub columns: Vec<Column>,
}

/// A study failed.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    /// A replication could not run.
    #[error("replication {replication}: {message}")]
    Engine {
        /// Which.
        replication: u64,
        /// Why.
        message: String,
    },
    /// Output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Bad arguments or inputs.
    #[error("{0}")]
    Invalid(String),
    /// The study was stopped through [`StudyConfig::cancel`]; nothing was committed.
    #[error("cancelled: no output was committed")]
    Cancelled,
}

/// Statistics of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnStats {
    /// Column name.
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Replications with a value.
    pub n: u64,
    /// Mean (for a flag: the proportion).
    pub mean: Option<f64>,
    /// 95 % interval of the mean.
    pub ci95: Option<Interval>,
    /// "student_t" or "wilson".
    pub method: String,
}

/// `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudySummary {
    /// Scenario name.
    pub scenario: String,
    /// FNV-1a 64 hash of the setup.
    pub scenario_hash: String,
    /// Master seed.
    pub seed: u64,
    /// Replications in the table.
    pub replications: u64,
    /// Probability that the raid achieves its aim (any asset hit), with its Wilson 95 %
    /// interval.
    pub p_raid_success: ColumnStats,
    /// Every column but `replication`.
    pub columns: Vec<ColumnStats>,
}

/// What a finished study reports (besides its files).
#[derive(Debug, Clone)]
pub struct StudyOutcome {
    /// The summary written to `summary.json`.
    pub summary: StudySummary,
    /// Wall-clock time of the replications, s.
    pub seconds: f64,
}

/// FNV-1a 64 over bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The engine options as the manifest records them (the CLI's flag values).
fn options_json(o: &EngineOptions) -> serde_json::Value {
    use iadsim_sim::{BattleManagerKind as B, InterceptorModelKind as I};
    use iadsim_sim::{RadarModelKind as R, TrackerKind as T};
    serde_json::json!({
        "battle_manager": match o.battle_manager {
            B::Wta => "wta",
            B::NearestLauncher => "nearest",
        },
        "radar_model": match o.radar_model {
            R::Physics => "physics",
            R::FixedPd => "fixed-pd",
        },
        "tracker": match o.tracker {
            T::ImmGnn => "imm-gnn",
            T::NearestNeighbour => "nearest-neighbour",
        },
        "interceptor_model": match o.interceptor_model {
            I::Flyout => "flyout",
            I::LeadCollision => "lead-collision",
        },
        "log_false_alarms": o.log_false_alarms,
    })
}

/// The hash naming a setup in manifests.
pub fn setup_hash(setup: &Setup) -> String {
    let json = serde_json::to_vec(setup).unwrap_or_default();
    format!("{:016x}", fnv1a(&json))
}

/// Streaming reduction of rows to [`StudySummary`].
struct Reducer {
    columns: Vec<Column>,
    moments: Vec<Moments>,
    trues: Vec<u64>,
}

impl Reducer {
    fn new(columns: &[Column]) -> Self {
        Self {
            columns: columns.to_vec(),
            moments: vec![Moments::default(); columns.len()],
            trues: vec![0; columns.len()],
        }
    }

    fn push(&mut self, row: &[Cell]) {
        for (i, c) in row.iter().enumerate() {
            if let Cell::Flag(true) = c {
                self.trues[i] += 1;
            }
            if let Some(x) = c.as_f64() {
                self.moments[i].push(x);
            }
        }
    }

    fn finish(&self, manifest: &Manifest, replications: u64) -> StudySummary {
        let stats: Vec<ColumnStats> = self
            .columns
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, c)| {
                let m = &self.moments[i];
                let flag = c.kind == ColumnKind::Flag;
                ColumnStats {
                    name: c.name.clone(),
                    unit: c.unit.clone(),
                    n: m.n,
                    // A flag's mean is the exact proportion of trues.
                    mean: (m.n > 0).then(|| {
                        if flag {
                            self.trues[i] as f64 / m.n as f64
                        } else {
                            m.mean
                        }
                    }),
                    ci95: if flag {
                        wilson(self.trues[i], m.n, Z_975)
                    } else {
                        // Every measure in the table is non-negative.
                        m.t_interval(0.95).map(|i| i.clipped_below(0.0))
                    },
                    method: if flag { "wilson" } else { "student_t" }.into(),
                }
            })
            .collect();
        let p_raid_success = stats
            .iter()
            .find(|s| s.name == "any_asset_hit")
            .cloned()
            .unwrap_or(ColumnStats {
                name: "any_asset_hit".into(),
                unit: "1".into(),
                n: 0,
                mean: None,
                ci95: None,
                method: "wilson".into(),
            });
        StudySummary {
            scenario: manifest.scenario.clone(),
            scenario_hash: manifest.scenario_hash.clone(),
            seed: manifest.seed,
            replications,
            p_raid_success,
            columns: stats,
        }
    }
}

fn open_tables(out: &Path, columns: &[Column]) -> Result<Vec<Box<dyn RowSink>>, OutputError> {
    #[allow(unused_mut)]
    let mut sinks: Vec<Box<dyn RowSink>> = vec![Box::new(CsvTable::create(
        &out.join(files::TABLE_CSV),
        columns,
    )?)];
    #[cfg(feature = "parquet")]
    sinks.push(Box::new(iadsim_io::mctable::ParquetTable::create(
        &out.join(files::TABLE_PARQUET),
        columns,
    )?));
    Ok(sinks)
}

fn write_json<T: Serialize>(
    set: &mut OutputSet,
    name: &str,
    what: &'static str,
    v: &T,
) -> Result<(), OutputError> {
    let mut s =
        serde_json::to_string_pretty(v).map_err(|source| OutputError::Json { what, source })?;
    s.push('\n');
    set.write_in(name, s.as_bytes())
}

/// Finishes the tables and commits them with the summary and the manifest as one set.
fn commit_study(
    mut set: OutputSet,
    sinks: Vec<Box<dyn RowSink>>,
    summary: &StudySummary,
    manifest: &Manifest,
) -> Result<(), OutputError> {
    for s in sinks {
        set.add(s.finish()?);
    }
    write_json(&mut set, files::SUMMARY, "summary", summary)?;
    write_json(&mut set, files::MANIFEST, "manifest", manifest)?;
    set.commit()?;
    Ok(())
}

/// Runs the study (or its shard) of `setup` into folder `out` (created if missing):
/// `mc.csv`, `mc.parquet` (feature `parquet`), `summary.json`, `manifest.json`.
pub fn run_study(
    setup: &Setup,
    config: &StudyConfig,
    out: &Path,
) -> Result<StudyOutcome, StudyError> {
    if config.runs == 0 {
        return Err(StudyError::Invalid("--runs must be at least 1".into()));
    }
    check_limits(config)?;
    let measures = Measures::new(setup);
    let columns = measures.columns().to_vec();
    let shard = config.shard;
    let manifest = Manifest {
        iadsim_version: env!("CARGO_PKG_VERSION").into(),
        scenario: setup.name.clone(),
        scenario_hash: setup_hash(setup),
        seed: setup.seed,
        runs: config.runs,
        shard: (shard != Shard::WHOLE).then_some(shard),
        engine_options: options_json(&config.options),
        columns: columns.clone(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| {
            StudyError::Invalid(format!("cannot start {} threads: {e}", config.threads))
        })?;
    let total = shard.len(config.runs);
    let set = OutputSet::begin(out, files::SET)?;
    let bar = progress_bar(total, config.progress);
    let mut sinks = open_tables(out, &columns)?;
    let mut reducer = Reducer::new(&columns);
    let window = (WINDOW_PER_THREAD * config.threads) as u64;
    // The trajectories are the same in every replication: build them once. If the setup
    // cannot be prepared, every replication reports the error as before.
    let prepared = iadsim_sim::PreparedSetup::new(setup).ok();
    let start = Instant::now();
    let mut k = 0u64;
    while k < total {
        let end = (k + window).min(total);
        let rows: Vec<Result<Vec<Cell>, StudyError>> = pool.install(|| {
            (k..end)
                .into_par_iter()
                .map(|j| {
                    if config.cancelled() {
                        return Err(StudyError::Cancelled);
                    }
                    let r = shard.replication(j);
                    let s = match &prepared {
                        Some(p) => p.run_with(r, &mut NullSink, &config.options),
                        None => {
                            iadsim_sim::engine::run_with(setup, r, &mut NullSink, &config.options)
                        }
                    }
                    .map_err(|e| StudyError::Engine {
                        replication: r,
                        message: e.to_string(),
                    })?;
                    bar.inc(1);
                    Ok(measures.row(&s))
                })
                .collect()
        });
        for row in rows {
            let row = row?;
            for s in &mut sinks {
                s.write_row(&row)?;
            }
            reducer.push(&row);
        }
        k = end;
    }
    let seconds = start.elapsed().as_secs_f64();
    bar.finish_and_clear();
    if config.cancelled() {
        return Err(StudyError::Cancelled);
    }
    let summary = reducer.finish(&manifest, total);
    commit_study(set, sinks, &summary, &manifest)?;
    Ok(StudyOutcome { summary, seconds })
}

fn progress_bar(total: u64, wanted: bool) -> indicatif::ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{elapsed_precise} [{bar:40}] {pos}/{len} replications  {per_sec}  ETA {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Largest `manifest.json` read, bytes (a manifest lists the table's columns: tens of
/// kilobytes).
pub const MAX_MANIFEST_BYTES: u64 = 16 << 20;

impl Manifest {
    /// Parses and checks a manifest's text: its shard must be `i/n` with `0 <= i < n <=`
    /// [`MAX_SHARDS`], its runs at most [`MAX_RUNS`], its first column `replication`.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let m: Manifest =
            serde_json::from_str(text).map_err(|e| format!("not a study manifest: {e}"))?;
        if let Some(s) = m.shard
            && (s.count == 0 || s.count > MAX_SHARDS || s.index >= s.count)
        {
            return Err(format!(
                "shard {}/{} is not i/n with 0 <= i < n <= {MAX_SHARDS}",
                s.index, s.count
            ));
        }
        if m.runs > MAX_RUNS {
            return Err(format!("runs {} is more than {MAX_RUNS}", m.runs));
        }
        if m.columns.first().is_none_or(|c| c.name != "replication") {
            return Err("the first column is not `replication`".into());
        }
        Ok(m)
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest, StudyError> {
    use std::io::Read;
    let path = dir.join(files::MANIFEST);
    let bad = |e: String| StudyError::Invalid(format!("{}: {e}", path.display()));
    let file = std::fs::File::open(&path).map_err(|e| {
        bad(format!(
            "cannot read: {e} (is this a study folder written by `iadsim mc`?)"
        ))
    })?;
    let mut text = String::new();
    file.take(MAX_MANIFEST_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| bad(format!("cannot read: {e}")))?;
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(bad(format!("larger than {MAX_MANIFEST_BYTES} bytes")));
    }
    Manifest::parse(&text).map_err(bad)
}

/// Checks that `manifests` (of the folders named `names`) are the shards of one study,
/// each exactly once; returns, for each shard index, the position of its manifest.
pub fn match_shards(names: &[String], manifests: &[Manifest]) -> Result<Vec<usize>, StudyError> {
    let first = manifests
        .first()
        .ok_or_else(|| StudyError::Invalid("merge needs at least one shard folder".into()))?;
    let count = first.shard.map_or(1, |s| s.count);
    if count > MAX_SHARDS {
        return Err(StudyError::Invalid(format!(
            "{}: {count} shards, at most {MAX_SHARDS}",
            names[0]
        )));
    }
    let mut slots: Vec<Option<usize>> = vec![None; count as usize];
    for (i, m) in manifests.iter().enumerate() {
        let d = &names[i];
        for (what, same) in [
            ("scenario hash", m.scenario_hash == first.scenario_hash),
            ("seed", m.seed == first.seed),
            ("runs", m.runs == first.runs),
            ("engine options", m.engine_options == first.engine_options),
            ("iadsim version", m.iadsim_version == first.iadsim_version),
            ("columns", m.columns == first.columns),
            ("shard count", m.shard.map_or(1, |s| s.count) == count),
        ] {
            if !same {
                return Err(StudyError::Invalid(format!(
                    "{d}: its {what} differs from {}'s: these folders are not shards of one study",
                    names[0]
                )));
            }
        }
        let idx = m.shard.map_or(0, |s| s.index);
        let Some(slot) = slots.get_mut(idx as usize) else {
            return Err(StudyError::Invalid(format!(
                "{d}: shard {idx}/{count} is not i/n with i < n"
            )));
        };
        if let Some(j) = *slot {
            return Err(StudyError::Invalid(format!(
                "{d} and {} are both shard {idx}/{count}",
                names[j]
            )));
        }
        *slot = Some(i);
    }
    let missing: Vec<String> = slots
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .take(20)
        .map(|(i, _)| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(StudyError::Invalid(format!(
            "missing shard{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    Ok(slots.into_iter().flatten().collect())
}

/// Refuses an output folder that is one of the inputs.
fn check_out_not_input(dirs: &[PathBuf], out: &Path) -> Result<(), StudyError> {
    let Ok(out_real) = std::fs::canonicalize(out) else {
        return Ok(()); // does not exist yet: it cannot be an input
    };
    for d in dirs {
        if std::fs::canonicalize(d).is_ok_and(|d| d == out_real) {
            return Err(StudyError::Invalid(format!(
                "--out {} is the shard folder {}: merge writes a new folder, never into its inputs",
                out.display(),
                d.display()
            )));
        }
    }
    Ok(())
}

/// Joins shard folders (written by `iadsim mc --shard i/n`, all with the same scenario,
/// seed, runs, engine options and n, each shard exactly once, each complete: its
/// `mc.complete.json` marker verified) into `out` (never one of them): the same `mc.csv`,
/// `mc.parquet`, `summary.json` and `manifest.json` bytes as one unsharded run.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<StudySummary, StudyError> {
    check_out_not_input(dirs, out)?;
    for d in dirs {
        iadsim_io::commit::verify(d, files::SET).map_err(|e| StudyError::Invalid(e.to_string()))?;
    }
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| read_manifest(d))
        .collect::<Result<_, _>>()?;
    let names: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    let slots = match_shards(&names, &manifests)?;
    let first = &manifests[0];
    let count = slots.len() as u64;
    let columns = first.columns.clone();
    let mut readers: Vec<CsvRows> = slots
        .iter()
        .map(|&s| CsvRows::open(&dirs[s].join(files::TABLE_CSV), &columns))
        .collect::<Result<_, _>>()
        .map_err(StudyError::Invalid)?;
    let set = OutputSet::begin(out, files::SET)?;
    let mut sinks = open_tables(out, &columns)?;
    let mut reducer = Reducer::new(&columns);
    for r in 0..first.runs {
        let shard = (r % count) as usize;
        let row = readers[shard]
            .next_row()
            .map_err(StudyError::Invalid)?
            .ok_or_else(|| {
                StudyError::Invalid(format!(
                    "{}: table ends before replication {r} (an unfinished shard?)",
                    names[slots[shard]]
                ))
            })?;
        if row.first() != Some(&Cell::Count(r)) {
            return Err(StudyError::Invalid(format!(
                "{}: expected replication {r} next, found {:?}",
                names[slots[shard]],
                row.first()
            )));
        }
        for s in &mut sinks {
            s.write_row(&row)?;
        }
        reducer.push(&row);
    }
    for (shard, reader) in readers.iter_mut().enumerate() {
        if reader.next_row().map_err(StudyError::Invalid)?.is_some() {
            return Err(StudyError::Invalid(format!(
                "{}: more rows than its shard of {} replications",
                names[slots[shard]], first.runs
            )));
        }
    }
    let manifest = Manifest {
        shard: None,
        ..first.clone()
    };
    let summary = reducer.finish(&manifest, first.runs);
    commit_study(set, sinks, &summary, &manifest)?;
    Ok(summary)
}

/// The summary as a terminal table: mean and 95 % interval of every column.
pub fn render_summary(s: &StudySummary) -> String {
    let mut out = format!(
        "{} — {} replications (seed {}, setup {})\n",
        s.scenario, s.replications, s.seed, s.scenario_hash
    );
    let p = &s.p_raid_success;
    if let (Some(m), Some(ci)) = (p.mean, p.ci95) {
        out.push_str(&format!(
            "P(raid achieves its aim: any asset hit) = {m:.4}  95 % CI [{:.4}, {:.4}] (Wilson)\n",
            ci.lo, ci.hi
        ));
    }
    // Column names come from the scenario's missile and asset names: size to the longest.
    let w = s
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(34);
    out.push_str(&format!(
        "{:<w$} {:>7} {:>12} {:>12} {:>12}  {}\n",
        "measure", "n", "mean", "95% lo", "95% hi", "method"
    ));
    for c in &s.columns {
        let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.4}"));
        out.push_str(&format!(
            "{:<w$} {:>7} {:>12} {:>12} {:>12}  {}\n",
            c.name,
            c.n,
            f(c.mean),
            f(c.ci95.map(|i| i.lo)),
            f(c.ci95.map(|i| i.hi)),
            c.method
        ));
    }
    if let Some(line) = leak_cause_sentence(s) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// "Of 4.00 leakers a run (leaked or still flying at the end): 1.90 [1.71, 2.09] engaged
/// and missed, …" — the leak-cause columns' means with their 95 % intervals, largest
/// first, causes with a zero mean left out; `None` without leak-cause columns.
pub fn leak_cause_sentence(s: &StudySummary) -> Option<String> {
    let mut causes: Vec<&ColumnStats> = s
        .columns
        .iter()
        .filter(|c| c.name.starts_with(moe::LEAK_CAUSE_PREFIX))
        .collect();
    if causes.is_empty() {
        return None;
    }
    let total: f64 = causes.iter().filter_map(|c| c.mean).sum();
    causes.retain(|c| c.mean.is_some_and(|m| m > 0.0));
    causes.sort_by(|a, b| b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)));
    let parts: Vec<String> = causes
        .iter()
        .map(|c| {
            let key = &c.name[moe::LEAK_CAUSE_PREFIX.len()..];
            let label = iadsim_sim::assess::attribution::LeakCause::from_key(key)
                .map_or(key.replace('_', " "), |l| l.label().to_string());
            let ci = c
                .ci95
                .map_or(String::new(), |i| format!(" [{:.2}, {:.2}]", i.lo, i.hi));
            format!("{:.2}{ci} {label}", c.mean.unwrap_or(0.0))
        })
        .collect();
    Some(format!(
        "Of {total:.2} leakers a run (leaked or still flying at the end), 95 % intervals: {}.",
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join("; ")
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(name: &str, kind: ColumnKind) -> Column {
        Column {
            name: name.into(),
            kind,
            unit: "1".into(),
            doc: String::new(),
        }
    }

    #[test]
    fn count_intervals_stay_inside_the_support() {
        // 19 replications without a leaker and one with 5: mean 0.25, s = 1.118,
        // t(0.975, 19) = 2.093024, so the raw t interval is 0.25 ± 0.5232 = [−0.273, 0.773].
        let columns = vec![
            column("replication", ColumnKind::Count),
            column("leaked_total", ColumnKind::Count),
        ];
        let mut reducer = Reducer::new(&columns);
        for r in 0..20u64 {
            reducer.push(&[Cell::Count(r), Cell::Count(if r == 7 { 5 } else { 0 })]);
        }
        let manifest = Manifest {
            iadsim_version: String::new(),
            scenario: "s".into(),
            scenario_hash: String::new(),
            seed: 1,
            runs: 20,
            shard: None,
            engine_options: serde_json::Value::Null,
            columns: columns.clone(),
        };
        let s = reducer.finish(&manifest, 20);
        let leaked = &s.columns[0];
        assert_eq!(leaked.mean, Some(0.25));
        let ci = leaked.ci95.expect("interval");
        let half = 2.093_024 * (1.25f64 / 20.0).sqrt();
        assert_eq!(ci.lo, 0.0);
        assert!((ci.hi - (0.25 + half)).abs() < 1e-5, "{ci:?}");
    }
    #[test]
    fn the_leak_cause_sentence_gives_each_cause_with_its_interval_largest_first() {
        // Three replications: causes (missed, lower_priority) = (2, 0), (1, 1), (3, 2):
        // means 2 and 1, total 3 leakers a run.
        let columns = vec![
            column("replication", ColumnKind::Count),
            column("leaked_total", ColumnKind::Count),
            column("leak_cause_lower_priority", ColumnKind::Count),
            column("leak_cause_missed", ColumnKind::Count),
            column("leak_cause_no_channel", ColumnKind::Count),
        ];
        let mut reducer = Reducer::new(&columns);
        for (r, (m, p)) in [(2u64, 0u64), (1, 1), (3, 2)].into_iter().enumerate() {
            let row = [r as u64, m + p, p, m, 0].map(Cell::Count);
            reducer.push(&row);
        }
        let manifest = Manifest {
            iadsim_version: String::new(),
            scenario: "s".into(),
            scenario_hash: String::new(),
            seed: 1,
            runs: 3,
            shard: None,
            engine_options: serde_json::Value::Null,
            columns: columns.clone(),
        };
        let s = reducer.finish(&manifest, 3);
        let line = leak_cause_sentence(&s).expect("leak-cause columns");
        // missed: mean 2, s = 1, t(0.975, 2) = 4.302653 → 2 ± 2.484 = [0, 4.48] (cut at 0).
        assert_eq!(
            line,
            "Of 3.00 leakers a run (leaked or still flying at the end), 95 % intervals: \
             2.00 [0.00, 4.48] engaged and missed; \
             1.00 [0.00, 3.48] not engaged: lower priority than what was engaged."
        );
        assert!(render_summary(&s).ends_with(&format!("{line}\n")));
    }
}
