//! `iadsim`: simulate and analyse a long-range air-defence regiment from the command line.
//!
//! A thin face over the libraries: `iadsim-scenario` loads and validates files,
//! `iadsim-sim` runs the kill chain, `iadsim-io` writes the results.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

mod mc;
use iadsim_io::atomic::ensure_dir;
use iadsim_io::{AtomicFile, JsonlSink, summary_table, write_atomic};
use iadsim_scenario::catalogue::Catalogue;

const ABOUT: &str = "iadsim — simulate and analyse an integrated air-defence regiment \
(S-400 class: two battalions, each with a command post, acquisition radar, engagement radar \
and launchers) against raids of aircraft, cruise and ballistic missiles.\n\n\
A simulation and analysis tool on public, openly sourced parameters (see `iadsim catalog`). \
It has no interface to real sensors, launchers or weapons.";

const STAGES: &str = "Kill-chain models in this version (first models, to be replaced):\n  \
sense   fixed Pd inside an RCS-scaled range, 4/3-Earth horizon, rotating beam, Gaussian noise\n  \
track   CV Kalman filter, nearest-neighbour association in a chi-square gate (never reads truth)\n  \
decide  threat evaluation + weapon-target assignment each cycle (--battle-manager nearest: first model)\n  \
engage  3-DOF flyout (thrust, Mach-dependent drag, lift-limited manoeuvre), midcourse on track uplinks,\n          PN/APN homing on a noisy seeker (--interceptor-model lead-collision: first model)\n  \
assess  closest approach solved in-step, Gaussian damage function of miss distance\n\n\
Exit status: 0 success, 1 output or run failure, 2 invalid input.";

#[derive(Parser, Debug)]
#[command(name = "iadsim", version, about = ABOUT, after_help = STAGES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Simulate one replication of a scenario through the whole kill chain.
    ///
    /// Writes OUT/events.jsonl (one event per line, see docs/events.md) and
    /// OUT/summary.json, and prints a summary table. With --replay (or --acmi, --czml,
    /// --kml, --geojson) also the replay exports (docs/replay.md). Files appear only when
    /// complete.
    Run {
        /// Scenario file (YAML, see docs/scenario.md).
        scenario: PathBuf,
        /// Output folder (created if missing).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Replication index (selects the random streams together with the seed).
        #[arg(long, default_value_t = 0)]
        replication: u64,
        #[command(flatten)]
        models: ModelArgs,
        /// Also write a `detection` event for every radar false alarm (hundreds of
        /// thousands a run with the physics radar; the summary counts them either way).
        #[arg(long)]
        log_false_alarms: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// Write every replay export into OUT: replay.acmi, replay.czml, replay.kml,
        /// replay.geojson (see docs/replay.md). The flags below choose single files.
        #[arg(long)]
        replay: bool,
        /// Tacview ACMI 2.2 text replay (opens in Tacview).
        #[arg(long, value_name = "FILE")]
        acmi: Option<PathBuf>,
        /// CZML replay (opens in Cesium).
        #[arg(long, value_name = "FILE")]
        czml: Option<PathBuf>,
        /// KML 2.2 replay with gx:Track (opens in Google Earth, QGIS).
        #[arg(long, value_name = "FILE")]
        kml: Option<PathBuf>,
        /// GeoJSON of sites, assets, engagement zones and detection coverage (1,000 m above
        /// ground, 1 m²), and the threat and interceptor tracks (opens in QGIS, geojson.io).
        #[arg(long, value_name = "FILE")]
        geojson: Option<PathBuf>,
        /// Seconds between replay samples (positions are also written at every launch,
        /// kill, detonation and arrival).
        #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
        replay_interval: f64,
    },
    /// Monte Carlo study: many replications in parallel, a table of measures of
    /// effectiveness per replication and statistics with 95 % intervals.
    ///
    /// Writes OUT/mc.csv and OUT/mc.parquet (one row per replication, see docs/mc.md),
    /// OUT/summary.json and OUT/manifest.json. Each replication is seeded from (seed,
    /// replication index), so results are byte-identical whatever --threads is. With
    /// --sweep, one study per value in OUT/NNN_VALUE/ plus OUT/sweep.csv and a chart.
    Mc {
        /// Scenario file.
        scenario: PathBuf,
        /// Replications in the whole study.
        #[arg(long)]
        runs: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Run only shard i of n: replications r with r % n == i (join with `iadsim merge`).
        #[arg(long)]
        shard: Option<iadsim_study::Shard>,
        /// Override a scenario value before validation: dotted path with indices =
        /// YAML value, e.g. threats.cruise_missiles[0].count=64 (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// Run the study for each value of one parameter: PATH=v1,v2,... or PATH=start:stop:step.
        #[arg(long, value_name = "PATH=VALUES")]
        sweep: Option<String>,
        #[command(flatten)]
        models: ModelArgs,
        /// No progress bar and no table.
        #[arg(long, short)]
        quiet: bool,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Join shard folders of one study (`iadsim mc --shard i/n`) into the exact files of
    /// one unsharded run; refuses folders that are not shards of the same study.
    Merge {
        /// Shard folders (all n of them, any order).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check a scenario file and report every problem in it at once.
    Validate {
        /// Scenario file(s).
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// List every radar, command post, launcher, missile and threat type with each value's
    /// source and confidence tag ([F] found in a public source, [C] computed, [P]
    /// placeholder).
    Catalog {
        /// Print the catalogue as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the scenario format (for editors).
    Schema,
    /// Detection and engagement coverage of the scenario's radars.
    ///
    /// Single-scan and dwell Pd maps on a lat/lon grid at a target height and RCS (or a
    /// catalogue threat type), per radar and combined, with the 4/3-Earth horizon and
    /// terrain (SRTM .hgt tiles with --dem); engagement zones per missile type; vertical
    /// coverage (Blake) charts. Writes GeoJSON (Pd 0.5 / 0.9 contours and zones), PNG and
    /// SVG maps and charts, and a summary.
    Coverage {
        /// Scenario file.
        scenario: PathBuf,
        /// Target height above the ground, e.g. 50m, 1.5km or 300 (metres).
        #[arg(long, value_parser = parse_length)]
        altitude: Option<f64>,
        /// Target RCS, m².
        #[arg(long)]
        rcs: Option<f64>,
        /// Take RCS and height from this catalogue threat type (e.g. subsonic_cruise_missile).
        #[arg(long)]
        threat: Option<String>,
        /// Grid points along each side.
        #[arg(long, default_value_t = 500)]
        grid: usize,
        /// Scans in the cumulative (dwell) Pd.
        #[arg(long, default_value_t = 3)]
        dwell: u32,
        /// Folder of SRTM .hgt tiles for terrain masking.
        #[arg(long)]
        dem: Option<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "cov")]
        out: PathBuf,
    },
    /// Fly a catalogue missile's flyout table and draw its engagement envelope.
    ///
    /// Flies the 3-DOF model to every node of a ground range x height grid (the engine's
    /// flyout settings) and writes OUT/envelope_MISSILE.csv and .json (time of flight,
    /// terminal speed, flight-path angle, available lateral acceleration, largest crossing
    /// speed per node) and OUT/envelope_MISSILE.svg and .png: the zone where the intercept
    /// criterion holds against a non-manoeuvring inbound aircraft (250 m/s) and against the
    /// reference ~1,000 km ballistic missile (3.016 km/s at -42.8 deg), axes in km. Files
    /// appear only when complete.
    Envelope {
        /// Catalogue missile type (see `iadsim catalog`), e.g. 40N6E.
        missile: String,
        /// Output folder (created if missing).
        #[arg(long, default_value = "env")]
        out: PathBuf,
    },
    /// Run the multi-target tracker alone on a detection stream (format `peerbench-1`).
    ///
    /// DIR holds `scenario.json` and `detections.csv`; writes the track file (default
    /// DIR/tracks_iadsim.csv). The `truth_id` column is never read. With --truth, scores
    /// the tracks (OSPA/GOSPA, c = 1000 m, p = 1) against DIR/truth.csv.
    Track {
        /// Folder with scenario.json and detections.csv.
        dir: PathBuf,
        /// Track file to write.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Filter: ekf, ukf, or imm (constant velocity + coordinated turn).
        #[arg(long, value_enum, default_value_t = FilterArg::Ekf)]
        filter: FilterArg,
        /// Associator for confirmed tracks: gnn or jpda.
        #[arg(long, value_enum, default_value_t = AssociatorArg::Gnn)]
        associator: AssociatorArg,
        /// truth.csv to score against (OSPA/GOSPA).
        #[arg(long)]
        truth: Option<PathBuf>,
        /// OSPA/GOSPA cut-off, m.
        #[arg(long, default_value_t = 1000.0)]
        cutoff: f64,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Solve a static weapon-target assignment instance (the solver alone).
    ///
    /// FILE is the text format `m n mu`, n target values, then `w t p` lines (0-based), or
    /// JSON `{"values": [...], "pk": [[...]], "shots": [...]}` (pk indexed [weapon][target]).
    /// Minimises the expected surviving target value.
    Wta {
        /// Instance file.
        file: PathBuf,
        /// Wall-clock budget in seconds; the best assignment found by then is returned.
        #[arg(long, default_value_t = 10.0)]
        time_limit: f64,
        /// Algorithm: auto (heuristic, then exact when small), exact, heuristic, greedy.
        #[arg(long, value_enum, default_value_t = WtaMethod::Auto)]
        method: WtaMethod,
        /// Stop the local search after this many rounds (with --time-limit 0: bit-reproducible).
        #[arg(long)]
        iterations: Option<u64>,
        /// Seed of the local search.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print the result as JSON: {"objective", "assignment": [[w, t], ...], "seconds", ...}.
        #[arg(long)]
        json: bool,
    },
}

/// Which model stands for each stage of the kill chain (`run` and `mc`).
#[derive(clap::Args, Clone, Copy, Debug)]
struct ModelArgs {
    /// Model set: `full` (physics radar, IMM/GNN trackers with the regiment command
    /// post's picture, flyout interceptors) or `screening` (the first models: fixed-Pd
    /// radar, nearest-neighbour tracker, lead-collision interceptors; some 30× faster, for
    /// wide sweeps and first looks, see docs/mc.md). The flags below override one stage.
    #[arg(long, value_enum, default_value_t = FidelityArg::Full)]
    fidelity: FidelityArg,
    /// Battle manager: `wta` (threat evaluation + weapon-target assignment each cycle)
    /// or `nearest` (the first model: most urgent track to the nearest ready launcher).
    #[arg(long, value_enum, default_value_t = BattleManagerArg::Wta)]
    battle_manager: BattleManagerArg,
    /// Radar model: `physics` (radar equation, Swerling, false alarms, scanning) or
    /// `fixed-pd` (the first model: fixed Pd inside an RCS-scaled range, no false alarms).
    /// [default: physics; fixed-pd with --fidelity screening]
    #[arg(long, value_enum)]
    radar_model: Option<RadarModelArg>,
    /// Tracker: `imm-gnn` (iadsim-track: IMM EKF, GNN, two-point initiation, misses
    /// charged only where a radar looked) or `nearest-neighbour` (the first model).
    /// [default: imm-gnn; nearest-neighbour with --fidelity screening]
    #[arg(long, value_enum)]
    tracker: Option<TrackerArg>,
    /// Interceptor model: `flyout` (3-DOF point mass with thrust, drag and lift-limited
    /// manoeuvre, midcourse on track uplinks, PN/APN homing on a seeker) or
    /// `lead-collision` (the first model: constant speed, instant turns).
    /// [default: flyout; lead-collision with --fidelity screening]
    #[arg(long, value_enum)]
    interceptor_model: Option<InterceptorModelArg>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FidelityArg {
    Full,
    Screening,
}

impl ModelArgs {
    /// The engine's options: each stage's flag if given, else the model set's choice.
    fn engine_options(&self) -> iadsim_sim::EngineOptions {
        let screening = self.fidelity == FidelityArg::Screening;
        fn pick<T>(given: Option<T>, screening: bool, full: T, first: T) -> T {
            given.unwrap_or(if screening { first } else { full })
        }
        use {InterceptorModelArg as I, RadarModelArg as R, TrackerArg as T};
        engine_options(
            self.battle_manager,
            pick(self.radar_model, screening, R::Physics, R::FixedPd),
            pick(self.tracker, screening, T::ImmGnn, T::NearestNeighbour),
            pick(
                self.interceptor_model,
                screening,
                I::Flyout,
                I::LeadCollision,
            ),
        )
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum InterceptorModelArg {
    Flyout,
    LeadCollision,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum RadarModelArg {
    Physics,
    FixedPd,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum TrackerArg {
    ImmGnn,
    NearestNeighbour,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FilterArg {
    Ekf,
    Ukf,
    Imm,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum AssociatorArg {
    Gnn,
    Jpda,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum BattleManagerArg {
    Wta,
    Nearest,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum WtaMethod {
    Auto,
    Exact,
    Heuristic,
    Greedy,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run {
            scenario,
            out,
            seed,
            replication,
            models,
            log_false_alarms,
            quiet,
            replay,
            acmi,
            czml,
            kml,
            geojson,
            replay_interval,
        } => {
            let options = iadsim_sim::EngineOptions {
                log_false_alarms,
                ..models.engine_options()
            };
            let defaults = if replay {
                iadsim_io::replay::ReplayFiles::all_in(&out)
            } else {
                iadsim_io::replay::ReplayFiles::default()
            };
            let files = iadsim_io::replay::ReplayFiles {
                acmi: acmi.or(defaults.acmi),
                czml: czml.or(defaults.czml),
                kml: kml.or(defaults.kml),
                geojson: geojson.or(defaults.geojson),
            };
            if !(replay_interval.is_finite() && replay_interval > 0.0) {
                eprintln!(
                    "error: --replay-interval must be a positive number of seconds, got {replay_interval}"
                );
                return ExitCode::from(2);
            }
            let replay = ReplayArgs {
                files,
                interval: replay_interval,
            };
            run(&scenario, &out, seed, replication, &options, quiet, &replay)
        }
        Command::Mc {
            scenario,
            runs,
            threads,
            seed,
            shard,
            set,
            sweep,
            models,
            quiet,
            out,
        } => mc::mc(mc::McArgs {
            scenario,
            runs,
            threads,
            seed,
            shard,
            set,
            sweep,
            quiet,
            out,
            options: models.engine_options(),
        }),
        Command::Merge { dirs, out, quiet } => mc::merge(&dirs, &out, quiet),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Catalog { json } => {
            let cat = Catalogue::embedded();
            if json {
                match serde_json::to_string_pretty(cat) {
                    Ok(s) => say(&format!("{s}\n")),
                    Err(e) => {
                        eprintln!("error: cannot serialise the catalogue: {e}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                say(&cat.render_table());
            }
            ExitCode::SUCCESS
        }
        Command::Coverage {
            scenario,
            altitude,
            rcs,
            threat,
            grid,
            dwell,
            dem,
            out,
        } => coverage(
            &scenario,
            altitude,
            rcs,
            threat.as_deref(),
            grid,
            dwell,
            dem.as_deref(),
            &out,
        ),
        Command::Track {
            dir,
            out,
            filter,
            associator,
            truth,
            cutoff,
            json,
        } => track(
            &dir,
            out,
            filter,
            associator,
            truth.as_deref(),
            cutoff,
            json,
        ),
        Command::Wta {
            file,
            time_limit,
            method,
            iterations,
            seed,
            json,
        } => wta(&file, time_limit, method, iterations, seed, json),
        Command::Envelope { missile, out } => envelope(&missile, &out),
        Command::Schema => {
            say(&format!("{}\n", iadsim_scenario::json_schema()));
            ExitCode::SUCCESS
        }
    }
}

fn engine_options(
    bm: BattleManagerArg,
    radar: RadarModelArg,
    tracker: TrackerArg,
    interceptor: InterceptorModelArg,
) -> iadsim_sim::EngineOptions {
    iadsim_sim::EngineOptions {
        battle_manager: match bm {
            BattleManagerArg::Wta => iadsim_sim::BattleManagerKind::Wta,
            BattleManagerArg::Nearest => iadsim_sim::BattleManagerKind::NearestLauncher,
        },
        radar_model: match radar {
            RadarModelArg::Physics => iadsim_sim::RadarModelKind::Physics,
            RadarModelArg::FixedPd => iadsim_sim::RadarModelKind::FixedPd,
        },
        tracker: match tracker {
            TrackerArg::ImmGnn => iadsim_sim::TrackerKind::ImmGnn,
            TrackerArg::NearestNeighbour => iadsim_sim::TrackerKind::NearestNeighbour,
        },
        interceptor_model: match interceptor {
            InterceptorModelArg::Flyout => iadsim_sim::InterceptorModelKind::Flyout,
            InterceptorModelArg::LeadCollision => iadsim_sim::InterceptorModelKind::LeadCollision,
        },
        log_false_alarms: false,
    }
}

/// Writes to stdout; a closed pipe (`iadsim catalog | head`) ends the output quietly
/// instead of panicking.
fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // An error here means the reader went away; nothing useful is left to do.
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

fn load(path: &Path) -> Result<iadsim_scenario::Loaded, ExitCode> {
    match iadsim_scenario::load_path(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("warning: {w}");
            }
            Ok(loaded)
        }
        Err(diag) => {
            eprintln!("{diag}");
            let n = diag.problems.len();
            eprintln!(
                "error: {} has {n} problem{}",
                path.display(),
                if n == 1 { "" } else { "s" }
            );
            Err(ExitCode::from(2))
        }
    }
}

fn validate(paths: &[PathBuf]) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in paths {
        match load(path) {
            Ok(loaded) => {
                let s = &loaded.setup;
                let launchers: usize = s
                    .regiment
                    .battalions
                    .iter()
                    .map(|b| b.launchers.len())
                    .sum();
                say(&format!(
                    "ok: {} — \"{}\": {} battalion(s), {} launcher(s), {} threat(s), {} asset(s)\n",
                    path.display(),
                    s.name,
                    s.regiment.battalions.len(),
                    launchers,
                    s.threats.len(),
                    s.assets.len()
                ));
            }
            Err(code) => status = code,
        }
    }
    status
}

/// The replay exports asked of `iadsim run`.
struct ReplayArgs {
    files: iadsim_io::replay::ReplayFiles,
    interval: f64,
}

fn run(
    scenario: &Path,
    out: &Path,
    seed: Option<u64>,
    replication: u64,
    options: &iadsim_sim::EngineOptions,
    quiet: bool,
    replay: &ReplayArgs,
) -> ExitCode {
    let mut loaded = match load(scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Some(seed) = seed {
        loaded.setup.seed = seed;
    }
    let setup = &loaded.setup;
    if let Err(e) = ensure_dir(out) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let events_path = out.join("events.jsonl");
    let file = match AtomicFile::create(&events_path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut sink = JsonlSink::new(file);
    let started = Instant::now();
    let mut recorder = iadsim_io::replay::ReplayRecorder::new(setup, replay.interval);
    let mut replay_events = iadsim_io::replay::ReplayEvents::default();
    let result = if replay.files.any() {
        let mut tee = iadsim_io::replay::Tee(&mut sink, &mut replay_events);
        iadsim_sim::run_observed(setup, replication, &mut tee, options, &mut recorder)
    } else {
        iadsim_sim::run_with(setup, replication, &mut sink, options)
    };
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", scenario.display());
            return ExitCode::from(2);
        }
    };
    let wall = started.elapsed().as_secs_f64();
    let lines = sink.lines();
    let committed = sink
        .finish()
        .map_err(|source| iadsim_io::OutputError::Io {
            path: events_path.clone(),
            source,
        })
        .and_then(|f| f.commit());
    if let Err(e) = committed {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let summary_path = out.join("summary.json");
    let json = match serde_json::to_vec_pretty(&summary) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: cannot serialise the summary: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = write_atomic(&summary_path, &json) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let replay_files = match write_replay(setup, replication, recorder, replay_events, replay) {
        Ok(files) => files,
        Err(code) => return code,
    };
    if !quiet {
        say(&summary_table(&summary));
        say(&format!(
            "\n{:.0} s simulated in {:.3} s wall ({:.0}× real time); {} events → {}, {}\n",
            summary.simulated_time,
            wall,
            summary.simulated_time / wall.max(1e-9),
            lines,
            events_path.display(),
            summary_path.display()
        ));
        for f in &replay_files {
            say(&format!("replay → {}\n", f.display()));
        }
    }
    ExitCode::SUCCESS
}

/// Builds and writes the replay exports asked for (none: nothing to do).
fn write_replay(
    setup: &iadsim_sim::Setup,
    replication: u64,
    recorder: iadsim_io::replay::ReplayRecorder,
    events: iadsim_io::replay::ReplayEvents,
    args: &ReplayArgs,
) -> Result<Vec<PathBuf>, ExitCode> {
    use iadsim_io::replay::{Replay, write_files};
    if !args.files.any() {
        return Ok(Vec::new());
    }
    let replay = Replay::build(setup, replication, recorder, events).map_err(|e| {
        eprintln!("error: replay: {e}");
        ExitCode::from(1)
    })?;
    // Coverage for the GeoJSON: a 200 × 200 grid at 1,000 m above ground, 1 m².
    let coverage = match &args.files.geojson {
        Some(_) => {
            let mut request = iadsim_sim::coverage::CoverageRequest::new(setup);
            request.grid.nx = 200;
            request.grid.ny = 200;
            match iadsim_sim::coverage::compute(setup, &request) {
                Ok(c) => Some(c),
                Err(e) => {
                    eprintln!("error: coverage for the GeoJSON: {e}");
                    return Err(ExitCode::from(1));
                }
            }
        }
        None => None,
    };
    write_files(&replay, coverage.as_ref(), &args.files).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })
}

fn wta(
    file: &Path,
    time_limit: f64,
    method: WtaMethod,
    iterations: Option<u64>,
    seed: u64,
    json: bool,
) -> ExitCode {
    use iadsim_wta::{Method, SolveOptions};
    if !(time_limit.is_finite() && time_limit >= 0.0) {
        eprintln!("error: --time-limit must be a non-negative number of seconds, got {time_limit}");
        return ExitCode::from(2);
    }
    let instance = match iadsim_wta::read_instance(file) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let options = SolveOptions {
        method: match method {
            WtaMethod::Auto => Method::Auto,
            WtaMethod::Exact => Method::Exact,
            WtaMethod::Heuristic => Method::Heuristic,
            WtaMethod::Greedy => Method::Greedy,
        },
        time_limit: (time_limit > 0.0).then(|| std::time::Duration::from_secs_f64(time_limit)),
        max_iterations: iterations,
        seed,
        ..SolveOptions::default()
    };
    let solution = iadsim_wta::solve(&instance, &options);
    if json {
        match serde_json::to_string(&solution) {
            Ok(s) => say(&format!("{s}\n")),
            Err(e) => {
                eprintln!("error: cannot serialise the solution: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        say(&format!(
            "{} weapons × {} targets: expected surviving value {:.6}{} ({:?}, {:.3} s, {} shots)\n",
            instance.weapons(),
            instance.targets(),
            solution.objective,
            if solution.proven_optimal {
                ", proven optimal"
            } else {
                ""
            },
            solution.method,
            solution.seconds,
            solution.assignment.pairs.len()
        ));
    }
    ExitCode::SUCCESS
}

fn track(
    dir: &Path,
    out: Option<PathBuf>,
    filter: FilterArg,
    associator: AssociatorArg,
    truth: Option<&Path>,
    cutoff: f64,
    json: bool,
) -> ExitCode {
    use iadsim_track::peerbench::{AssociatorKind, FilterKind, PeerbenchOptions, run_dir, score};
    if !(cutoff.is_finite() && cutoff > 0.0) {
        eprintln!("error: --cutoff must be a positive distance in metres, got {cutoff}");
        return ExitCode::from(2);
    }
    let options = PeerbenchOptions {
        filter: match filter {
            FilterArg::Ekf => FilterKind::Ekf,
            FilterArg::Ukf => FilterKind::Ukf,
            FilterArg::Imm => FilterKind::Imm,
        },
        associator: match associator {
            AssociatorArg::Gnn => AssociatorKind::Gnn,
            AssociatorArg::Jpda => AssociatorKind::Jpda,
        },
        output: out,
        ..PeerbenchOptions::default()
    };
    let run = match run_dir(dir, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let scores = match truth {
        Some(t) => match score(t, &run.output, cutoff, 1.0) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let scans = run.scan_seconds.len();
    if json {
        let mut v = serde_json::json!({
            "output": run.output.display().to_string(),
            "detections": run.detections,
            "scans": scans,
            "track_rows": run.rows.len(),
            "read_seconds": run.read_seconds,
            "track_seconds": run.track_seconds,
            "write_seconds": run.write_seconds,
        });
        if let Some(s) = &scores {
            v["ospa_mean"] = s.ospa_mean.into();
            v["gospa_mean"] = s.gospa_mean.into();
            v["missed_per_scan"] = s.missed_mean.into();
            v["false_per_scan"] = s.false_mean.into();
            v["track_ids"] = s.n_track_ids.into();
        }
        say(&format!("{v}\n"));
    } else {
        say(&format!(
            "{} detections, {} scans tracked in {:.3} s ({:.3} ms a scan); {} track rows → {}\n",
            run.detections,
            scans,
            run.track_seconds,
            1e3 * run.track_seconds / scans.max(1) as f64,
            run.rows.len(),
            run.output.display()
        ));
        if let Some(s) = &scores {
            say(&format!(
                "OSPA {:.1} m, GOSPA {:.1} (c = {cutoff} m, p = 1); missed {:.2}, false {:.2} a scan; {} track ids\n",
                s.ospa_mean, s.gospa_mean, s.missed_mean, s.false_mean, s.n_track_ids
            ));
        }
    }
    ExitCode::SUCCESS
}

/// A length with an optional unit: "50m", "1.5km", "300" (metres).
fn parse_length(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("km") {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && v * scale <= 100_000.0 => Ok(v * scale),
        _ => Err(format!(
            "\"{text}\" is not a height: give metres or kilometres between 0 and 100 km, e.g. 50m or 1.5km"
        )),
    }
}

#[allow(clippy::too_many_arguments)]
fn coverage(
    scenario: &Path,
    altitude: Option<f64>,
    rcs: Option<f64>,
    threat: Option<&str>,
    grid: usize,
    dwell: u32,
    dem: Option<&Path>,
    out: &Path,
) -> ExitCode {
    use iadsim_sim::coverage::{CoverageRequest, compute};
    let loaded = match load(scenario) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let setup = &loaded.setup;
    let mut request = CoverageRequest::new(setup);
    if let Some(name) = threat {
        let cat = Catalogue::embedded();
        let Some(t) = cat.threat(name) else {
            let known: Vec<&str> = cat.threats.iter().map(|t| t.name.as_str()).collect();
            eprintln!(
                "error: unknown threat type \"{name}\"; known: {}",
                known.join(", ")
            );
            return ExitCode::from(2);
        };
        if let Some(q) = t.values.get("rcs_m2") {
            request.rcs = q.value;
        }
        if let Some(q) = t.values.get("altitude_m") {
            request.target_height = q.value;
        }
    }
    if let Some(h) = altitude {
        request.target_height = h;
    }
    if let Some(r) = rcs {
        if !(r.is_finite() && r > 0.0) {
            eprintln!("error: --rcs must be a positive number of square metres, got {r}");
            return ExitCode::from(2);
        }
        request.rcs = r;
    }
    if !(2..=4000).contains(&grid) {
        eprintln!("error: --grid must be between 2 and 4000 points a side, got {grid}");
        return ExitCode::from(2);
    }
    request.grid.nx = grid;
    request.grid.ny = grid;
    if dwell == 0 {
        eprintln!("error: --dwell must be at least 1 scan");
        return ExitCode::from(2);
    }
    request.dwell_scans = dwell;
    if let Some(dir) = dem {
        match iadsim_sim::sense::radar::terrain::Dem::read_dir(dir) {
            Ok(d) => request.terrain = Some(std::sync::Arc::new(d)),
            Err(e) => {
                eprintln!("error: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
    }
    let started = Instant::now();
    let result = match compute(setup, &request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}: {e}", scenario.display());
            return ExitCode::from(2);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Err(e) = ensure_dir(out) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let files = match iadsim_io::coverage::write_all(&result, out) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    say(&iadsim_io::coverage::summary_table(&result));
    say(&format!(
        "\ncomputed in {seconds:.2} s; wrote {} files to {}\n",
        files.len(),
        out.display()
    ));
    ExitCode::SUCCESS
}

/// The catalogue missile `name` in the engine's units (as a scenario loads it).
fn catalogue_missile(name: &str) -> Result<iadsim_sim::setup::Missile, String> {
    let cat = Catalogue::embedded();
    let Some(m) = cat.missile(name) else {
        let known: Vec<&str> = cat.missiles.iter().map(|m| m.name.as_str()).collect();
        return Err(format!(
            "unknown missile type \"{name}\"; known: {}",
            known.join(", ")
        ));
    };
    let get = |k: &str| -> Result<f64, String> {
        m.values
            .get(k)
            .map(|q| q.value)
            .ok_or_else(|| format!("catalogue missile {name} has no {k}"))
    };
    Ok(iadsim_sim::setup::Missile {
        type_name: m.name.clone(),
        max_range: get("max_range_km")? * 1000.0,
        max_range_ballistic: get("max_range_ballistic_km")? * 1000.0,
        min_range: get("min_range_km")? * 1000.0,
        min_altitude: get("min_altitude_m")?,
        max_altitude: get("max_altitude_km")? * 1000.0,
        average_speed: get("average_speed_m_s")?,
        max_target_speed: get("max_target_speed_m_s")?,
        single_shot_pk: get("single_shot_pk")?,
        lethal_radius: get("lethal_radius_m")?,
        max_flight_time: get("max_flight_time_s")?,
        unit_cost: m.values.get("unit_cost_musd").map(|q| q.value),
    })
}

fn envelope(name: &str, out: &Path) -> ExitCode {
    use iadsim_io::envelope_plot as plot;
    use iadsim_sim::engage::flyout::tables as env;
    let missile = match catalogue_missile(name) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let table = match env::build_for(&missile) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = ensure_dir(out) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let stem = format!("envelope_{}", missile.type_name);
    let mut csv = Vec::new();
    if let Err(e) = table.write_csv(&mut csv) {
        eprintln!("error: cannot format the table: {e}");
        return ExitCode::from(1);
    }
    let cells: Vec<serde_json::Value> = table
        .heights
        .iter()
        .enumerate()
        .flat_map(|(i, &h)| {
            let table = &table;
            table.ranges.iter().enumerate().map(move |(j, &r)| {
                let c = table.cell(i, j);
                serde_json::json!({
                    "range_m": r,
                    "height_m": h,
                    "reachable": c.is_some(),
                    "time_of_flight_s": c.map(|c| c.time_of_flight),
                    "speed_m_s": c.map(|c| c.speed),
                    "flight_path_angle_deg": c.map(|c| c.flight_path_angle.to_degrees()),
                    "max_lateral_m_s2": c.map(|c| c.max_lateral),
                    "max_crossing_speed_m_s": c.map(|c| c.max_crossing_speed),
                })
            })
        })
        .collect();
    let data = table.plot_data();
    let zone = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| -> Vec<serde_json::Value> {
        b.iter()
            .map(|b| serde_json::json!({"height_m": b.height, "min_range_m": b.min_range, "max_range_m": b.max_range}))
            .collect()
    };
    let json = serde_json::json!({
        "missile": missile.type_name,
        "max_flight_time_s": missile.max_flight_time,
        "lethal_radius_m": missile.lethal_radius,
        "frame": "ground range and height from the launcher, m",
        "ranges_m": table.ranges,
        "heights_m": table.heights,
        "cells": cells,
        "zone_vs_aircraft": zone(&data.aircraft),
        "zone_vs_ballistic": zone(&data.ballistic),
    });
    let marks = plot::Marks {
        max_range: Some(missile.max_range),
        ceiling: Some(missile.max_altitude),
    };
    let svg = match plot::svg(&data, &marks) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot draw the envelope: {e}");
            return ExitCode::from(1);
        }
    };
    // The PNG is drawn to a temporary name in the folder and renamed when complete.
    let png = out.join(format!("{stem}.png"));
    let tmp = out.join(format!(".{stem}.partial.png"));
    let png_result = plot::write_png(&data, &marks, &tmp)
        .map_err(|e| e.to_string())
        .and_then(|()| std::fs::rename(&tmp, &png).map_err(|e| e.to_string()));
    if let Err(e) = png_result {
        let _ = std::fs::remove_file(&tmp);
        eprintln!("error: {}: {e}", png.display());
        return ExitCode::from(1);
    }
    for (ext, bytes) in [
        ("csv", csv),
        ("json", serde_json::to_vec_pretty(&json).unwrap_or_default()),
        ("svg", svg.into_bytes()),
    ] {
        let path = out.join(format!("{stem}.{ext}"));
        if let Err(e) = write_atomic(&path, &bytes) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    let far = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| {
        b.iter().map(|b| b.max_range).fold(0.0, f64::max) / 1e3
    };
    let high = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| {
        b.iter().map(|b| b.height).fold(0.0, f64::max) / 1e3
    };
    say(&format!(
        "{}: farthest intercept {:.1} km and highest {:.1} km vs a non-manoeuvring aircraft; {:.1} km and {:.1} km vs the reference ballistic missile ({:.1} s)\n{} → {}\n",
        missile.type_name,
        far(&data.aircraft),
        high(&data.aircraft),
        far(&data.ballistic),
        high(&data.ballistic),
        started.elapsed().as_secs_f64(),
        ["csv", "json", "svg", "png"]
            .map(|e| format!("{stem}.{e}"))
            .join(", "),
        out.display()
    ));
    ExitCode::SUCCESS
}
