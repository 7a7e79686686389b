//! `iadsim`: simulate and analyse a long-range air-defence regiment from the command line.
//!
//! A thin face over the libraries: `iadsim-scenario` loads and validates files,
//! `iadsim-sim` runs the kill chain, `iadsim-io` writes the results.

// Long functions are several functions: clippy.toml sets the bound (80 code lines).
#![warn(clippy::too_many_lines)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

// `std`'s terminal macros panic when a write fails (a closed pipe): these shadow them for
// the whole crate, remembering the failure instead (see `console`).
macro_rules! eprintln {
    ($($t:tt)*) => { $crate::console::err(format_args!($($t)*), true) };
}
macro_rules! println {
    ($($t:tt)*) => { $crate::console::out(format_args!($($t)*), true) };
}

mod console;
mod dis;
mod limits;
mod mc;
mod signals;
mod view;
use iadsim_io::commit::{OutputFile, OutputSet, StagedPath};
use iadsim_io::{EventLogFormat, EventLogWriter, JsonlSink, summary_table};
use iadsim_scenario::catalogue::Catalogue;
use iadsim_sim::events::{EventLevel, EventSink, Filtered};

const ABOUT: &str = "iadsim — simulate and analyse an integrated air-defence regiment \
(S-400 class: two battalions, each with a command post, acquisition radar, engagement radar \
and launchers) against raids of aircraft, cruise and ballistic missiles.\n\n\
A simulation and analysis tool on public, openly sourced parameters (see `iadsim catalog`). \
It has no interface to real sensors, launchers or weapons.";

/// The text after the top-level help: the models of each stage as the engine names them
/// (`iadsim_sim::models`, the same text as in events and summaries), for both
/// model sets, and the exit status.
fn stages_help() -> String {
    use {InterceptorModelArg as I, RadarModelArg as R, TrackerArg as T};
    let full = engine_options(BattleManagerArg::Wta, R::Physics, T::ImmGnn, I::Flyout);
    let first = engine_options(
        BattleManagerArg::Wta,
        R::FixedPd,
        T::NearestNeighbour,
        I::LeadCollision,
    );
    let mut s = String::from("Kill-chain models (the default, --fidelity full):\n");
    let stages = |s: &mut String, o: &iadsim_sim::EngineOptions, only: &[&str]| {
        for (stage, model) in iadsim_sim::models(o) {
            if only.is_empty() || only.contains(&stage.as_str()) {
                s.push_str(&wrap(&format!("  {stage:<7} "), &model, 92));
            }
        }
    };
    stages(&mut s, &full, &[]);
    s.push('\n');
    s.push_str(&wrap(
        "",
        "--fidelity screening takes the first models of sense, track and engage (some 30x \
         faster, with answers of their own; each stage's flag overrides its choice):",
        92,
    ));
    stages(&mut s, &first, &["sense", "track", "engage", "assess"]);
    s.push('\n');
    s.push_str(&wrap(
        "",
        "--battle-manager nearest: the first battle manager (the most urgent track to the \
         nearest ready launcher).",
        92,
    ));
    s.push_str("\nExit status: 0 success, 1 output or run failure, 2 invalid input.");
    s
}

/// `text` wrapped at `width` columns, the first line after `lead`, the others indented
/// as far.
fn wrap(lead: &str, text: &str, width: usize) -> String {
    let indent = " ".repeat(lead.chars().count());
    let mut out = String::new();
    let mut line = lead.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line.clone_from(&indent);
        }
        line.push_str(word);
        line.push(' ');
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

#[derive(Parser, Debug)]
#[command(name = "iadsim", version, about = ABOUT)]
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
    Run(RunArgs),
    /// Send a finished run (OUT of `iadsim run`) as DIS PDUs, as `run --dis` sends it live.
    ///
    /// Re-simulates the run from SCENARIO with the seed, replication and models recorded in
    /// OUT/events.jsonl, checks that the events are the same line for line (refusing
    /// otherwise), then sends it (docs/dis.md).
    Replay {
        /// Output folder of the run (holds events.jsonl).
        out: PathBuf,
        /// The scenario file the run was made from.
        #[arg(long)]
        scenario: PathBuf,
        /// Seconds between state samples (as `run --replay-interval`).
        #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
        replay_interval: f64,
        #[command(flatten)]
        dis: dis::DisArgs,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Monte Carlo study: many replications in parallel, a table of measures of
    /// effectiveness per replication and statistics with 95 % intervals.
    ///
    /// Writes OUT/mc.csv and OUT/mc.parquet (one row per replication, see docs/mc.md),
    /// OUT/summary.json and OUT/manifest.json. Each replication is seeded from (seed,
    /// replication index), so results are byte-identical whatever --threads is. With
    /// --sweep, one study per value in OUT/NNN_VALUE/ plus OUT/sweep.csv and a chart.
    Mc(StudyArgs),
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
    /// Check scenario files and report every problem of each in one pass.
    ///
    /// Each problem has its file, line, column and field path, what is wrong and what
    /// would be valid. A value that cannot be read (text for a number, a missing field)
    /// does not hide the others: the rest of the file is still checked (only checks that
    /// depend on that value are skipped). Warnings (allowed but probably not meant, e.g. a
    /// speed outside the type's typical range) are printed too. Exit status 2 if any file
    /// has a problem.
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
    /// Show a run folder (`iadsim run --replay`) or a study folder (`iadsim mc`) in the
    /// browser: a map with the timeline, threat and site panels, Monte Carlo plots.
    ///
    /// Serves it on 127.0.0.1 (a free port unless --port; the URL is printed) until
    /// interrupted, or with --export writes the same viewer as one self-contained HTML
    /// file. Works offline: the page, its libraries and the base map are in the binary.
    View {
        /// Run or study folder.
        dir: PathBuf,
        /// Write the viewer to this HTML file instead of serving it.
        #[arg(long, value_name = "FILE.html")]
        export: Option<PathBuf>,
        /// Port to listen on (0: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Address to listen on. Anything but the loopback exposes the folder to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Detection and engagement coverage of the scenario's radars.
    ///
    /// Single-scan and dwell Pd maps on a lat/lon grid at a target height and RCS (or a
    /// catalogue threat type), per radar and combined, with the 4/3-Earth horizon and
    /// terrain (SRTM .hgt tiles with --dem: only this command reads terrain; `run` and
    /// `mc` use the smooth 4/3 Earth); engagement zones per missile type; vertical
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
        /// Height above the ellipsoid of the smooth surface the horizon is computed over
        /// and --altitude is measured from without --dem, m (−500 to 9,000). Default: the
        /// scenario's (`terrain.surface_height_m`, else its lowest ground in play).
        #[arg(long, allow_hyphen_values = true)]
        surface_height: Option<f64>,
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
    /// reference ~1,000 km ballistic missile (3.016 km/s at -42.8 deg), axes in km. Both
    /// are kinematic reach: in a run the battle manager also keeps ballistic engagements
    /// within the catalogue's max_range_ballistic_km (60 km for the 40N6E). Files appear
    /// only when complete.
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
        /// Wall-clock budget in seconds; the best assignment found by then is returned. 0: no
        /// limit (with --iterations, or --method greedy).
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

/// The flags of `iadsim run` (the variant's doc comment is its help).
#[derive(clap::Args, Debug)]
struct RunArgs {
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
    /// Also write a `detection` event for every radar false alarm the trackers face
    /// (with the physics radar, about 23,000 false alarms in a run of
    /// scenarios/regiment_defense.yaml; the summary counts them either way,
    /// `tracks.false_alarms`).
    #[arg(long)]
    log_false_alarms: bool,
    /// How much of the event log OUT/events.jsonl keeps: `full` (every event), `summary`
    /// (the engagement story: every event but the detail ones, `detection`,
    /// `track_report` and `threat_ranking`, which grow with the threats in view times
    /// the run's length; the engine then does not build them) or `none` (no
    /// events.jsonl; summary.json as always). Results are the same at every level.
    #[arg(long, value_enum, default_value_t = EventsArg::Full)]
    events: EventsArg,
    /// How the event log is stored: `jsonl` (OUT/events.jsonl, plain JSON Lines) or
    /// `jsonl.zst` (OUT/events.jsonl.zst, the same lines zstd-compressed: a quarter to
    /// a fifth of the size, for large raids; `iadsim replay`, `iadsim view` and `zstd -d` read
    /// it). The events are the same either way.
    #[arg(long, value_enum, default_value_t = EventsFormatArg::Jsonl)]
    events_format: EventsFormatArg,
    /// Print nothing but errors (no table, no warnings).
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
    #[command(flatten)]
    dis: dis::DisArgs,
}

/// The flags of `iadsim mc` (the variant's doc comment is its help).
#[derive(clap::Args, Debug)]
struct StudyArgs {
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
    /// No progress bar, no table and no warnings: nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

impl StudyArgs {
    /// The study's arguments, with the engine options of the chosen models.
    fn into_study(self) -> mc::McArgs {
        mc::McArgs {
            scenario: self.scenario,
            runs: self.runs,
            threads: self.threads,
            seed: self.seed,
            shard: self.shard,
            set: self.set,
            sweep: self.sweep,
            quiet: self.quiet,
            out: self.out,
            options: self.models.engine_options(),
        }
    }
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

/// The run's event log, if it has one (`--events none`: no file, no events kept).
struct EventLog(Option<JsonlSink<EventLogWriter<OutputFile>>>);

/// `iadsim run --events-format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum EventsFormatArg {
    Jsonl,
    #[value(name = "jsonl.zst")]
    JsonlZst,
}

impl EventsFormatArg {
    fn format(self) -> EventLogFormat {
        match self {
            EventsFormatArg::Jsonl => EventLogFormat::Jsonl,
            EventsFormatArg::JsonlZst => EventLogFormat::JsonlZstd,
        }
    }
}

/// What `iadsim run` keeps of the events, and how it stores them.
#[derive(Clone, Copy, Debug)]
struct EventsOut {
    level: EventLevel,
    format: EventLogFormat,
}

impl EventSink for EventLog {
    fn record(&mut self, event: &iadsim_sim::Event) {
        if let Some(s) = self.0.as_mut() {
            s.record(event);
        }
    }

    fn keeps_events(&self) -> bool {
        self.0.is_some()
    }
}

/// `iadsim run --events`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum EventsArg {
    Full,
    Summary,
    None,
}

impl EventsArg {
    fn level(self) -> EventLevel {
        match self {
            EventsArg::Full => EventLevel::Full,
            EventsArg::Summary => EventLevel::Summary,
            EventsArg::None => EventLevel::None,
        }
    }
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
    let matches = Cli::command().after_help(stages_help()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    signals::install();
    console::finish(dispatch(cli))
}

fn dispatch(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run(args) => run_command(args),
        Command::Replay {
            out,
            scenario,
            replay_interval,
            dis,
            quiet,
        } => dis::replay(&out, &scenario, &dis, replay_interval, quiet),
        Command::Mc(args) => mc::mc(args.into_study()),
        Command::Merge { dirs, out, quiet } => mc::merge(&dirs, &out, quiet),
        Command::Validate { scenarios } => validate(&scenarios),
        Command::Catalog { json } => catalog(json),
        Command::Coverage {
            scenario,
            altitude,
            rcs,
            threat,
            grid,
            dwell,
            dem,
            surface_height,
            out,
        } => coverage(
            &scenario,
            altitude,
            rcs,
            threat.as_deref(),
            grid,
            dwell,
            (dem.as_deref(), surface_height),
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
        Command::View {
            dir,
            export,
            port,
            bind,
            open,
        } => view::view(&view::ViewArgs {
            dir,
            export,
            port,
            bind,
            open,
        }),
    }
}

/// `iadsim run`: the engine options and replay exports from the flags, then one run.
fn run_command(args: RunArgs) -> ExitCode {
    let RunArgs {
        scenario,
        out,
        seed,
        replication,
        models,
        log_false_alarms,
        events,
        events_format,
        quiet,
        replay,
        acmi,
        czml,
        kml,
        geojson,
        replay_interval,
        dis,
    } = args;
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
    if let Err(e) = limits::replay_interval(replay_interval) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let replay = ReplayArgs {
        files,
        interval: replay_interval,
    };
    run(
        &scenario,
        &out,
        seed,
        replication,
        &options,
        EventsOut {
            level: events.level(),
            format: events_format.format(),
        },
        quiet,
        &replay,
        &dis,
    )
}

/// `iadsim catalog`: the embedded catalogue as a table, or as JSON with --json.
fn catalog(json: bool) -> ExitCode {
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

/// Writes to stdout; a closed pipe (`iadsim catalog | head`) does not panic: the command
/// goes on and exits 1 (see `console`).
fn say(text: &str) {
    console::out(format_args!("{text}"), false);
}

/// Loads a scenario, printing its problems (exit 2) or, unless `quiet`, its warnings.
fn load(path: &Path, quiet: bool) -> Result<iadsim_scenario::Loaded, ExitCode> {
    match iadsim_scenario::load_path(path) {
        Ok(loaded) => {
            if !quiet {
                for w in &loaded.warnings {
                    eprintln!("warning: {w}");
                }
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
        match load(path, false) {
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

#[allow(clippy::too_many_arguments)]
fn run(
    scenario: &Path,
    out: &Path,
    seed: Option<u64>,
    replication: u64,
    options: &iadsim_sim::EngineOptions,
    events: EventsOut,
    quiet: bool,
    replay: &ReplayArgs,
    dis_args: &dis::DisArgs,
) -> ExitCode {
    let mut loaded = match load(scenario, quiet) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Some(seed) = seed {
        loaded.setup.seed = seed;
    }
    let setup = &loaded.setup;
    // Everything is checked and claimed before the run spends its time: a path that is a
    // device, FIFO or symlink is refused now, and OUT's previous run stops counting as
    // complete (its marker goes).
    let (mut set, file) = match begin_run_outputs(replay, out, events) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let events_path = file.as_ref().map(|w| w.get_ref().path().to_path_buf());
    let mut sink = Filtered {
        inner: EventLog(file.map(JsonlSink::new)),
        level: events.level,
    };
    let started = Instant::now();
    let mut recorder = iadsim_io::replay::ReplayRecorder::new(setup, replay.interval);
    let mut replay_events = iadsim_io::replay::ReplayEvents::default();
    let session = match dis::start(dis_args, setup) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let result = simulate(
        (setup, replication, options),
        &mut sink,
        replay.files.any(),
        (&mut recorder, &mut replay_events),
        session.as_ref(),
    );
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {}: {e}", scenario.display());
            return ExitCode::from(2);
        }
    };
    let wall = started.elapsed().as_secs_f64();
    if let Err(code) = dis::finish(session, quiet) {
        return code;
    }
    let (lines, summary_path) = match stage_events_and_summary(
        sink.inner.0,
        events_path.as_deref(),
        &summary,
        out,
        &mut set,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let replay_files = match write_replay(
        setup,
        replication,
        recorder,
        replay_events,
        replay,
        &mut set,
    ) {
        Ok(files) => files,
        Err(code) => return code,
    };
    if let Err(e) = set.commit() {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    if !quiet {
        print_run_report(
            &summary,
            wall,
            lines,
            events_path.as_deref(),
            &summary_path,
            &replay_files,
        );
    }
    ExitCode::SUCCESS
}

/// One run of `setup` (replication, options) into `sink`, with the replay recorder and
/// its event copy (`replay`) or the DIS session beside it when asked for.
fn simulate(
    (setup, replication, options): (&iadsim_sim::Setup, u64, &iadsim_sim::EngineOptions),
    sink: &mut dyn EventSink,
    replay: bool,
    (recorder, replay_events): (
        &mut iadsim_io::replay::ReplayRecorder,
        &mut iadsim_io::replay::ReplayEvents,
    ),
    session: Option<&dis::Session>,
) -> Result<iadsim_sim::Summary, iadsim_sim::EngineError> {
    if replay || session.is_some() {
        let mut tee = iadsim_io::replay::Tee(sink, replay_events);
        dis::run_observed(setup, replication, &mut tee, options, recorder, session)
    } else {
        iadsim_sim::run_with(setup, replication, sink, options)
    }
}

/// Prints the summary table of a run, its speed and where its files went.
fn print_run_report(
    summary: &iadsim_sim::Summary,
    wall: f64,
    lines: u64,
    events_path: Option<&Path>,
    summary_path: &Path,
    replay_files: &[PathBuf],
) {
    say(&summary_table(summary));
    let events = match events_path {
        Some(p) => format!("{lines} events → {}", p.display()),
        None => "no event log (--events none)".to_string(),
    };
    say(&format!(
        "\n{:.0} s simulated in {:.3} s wall ({:.0}× real time); {events}, {}\n",
        summary.simulated_time,
        wall,
        summary.simulated_time / wall.max(1e-9),
        summary_path.display()
    ));
    for f in replay_files {
        say(&format!("replay → {}\n", f.display()));
    }
}

/// Checks the replay files and claims OUT for a run (a path that is a device, FIFO or
/// symlink is refused, and OUT's previous run stops counting as complete), then opens
/// the staged event log in its format (none with `--events none`; an earlier run's log
/// in OUT, in either format, is deleted at the commit, as the previous set's file).
fn begin_run_outputs(
    replay: &ReplayArgs,
    out: &Path,
    events: EventsOut,
) -> Result<(OutputSet, Option<EventLogWriter<OutputFile>>), ExitCode> {
    let outputs = iadsim_io::replay::check_files(&replay.files)
        .and_then(|()| OutputSet::begin(out, "run"))
        .and_then(|set| {
            if events.level == EventLevel::None {
                return Ok((set, None));
            }
            let file = set.create(events.format.file_name())?;
            let path = file.path().to_path_buf();
            let writer = EventLogWriter::new(file, events.format)
                .map_err(|source| iadsim_io::OutputError::Io { path, source })?;
            Ok((set, Some(writer)))
        });
    outputs.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })
}

/// Finishes the event log (if any) and stages it and summary.json in `set`; returns the
/// number of events written and the summary's path.
fn stage_events_and_summary(
    sink: Option<JsonlSink<EventLogWriter<OutputFile>>>,
    events_path: Option<&Path>,
    summary: &iadsim_sim::Summary,
    out: &Path,
    set: &mut OutputSet,
) -> Result<(u64, PathBuf), ExitCode> {
    let mut lines = 0;
    if let (Some(sink), Some(events_path)) = (sink, events_path) {
        lines = sink.lines();
        let staged = sink
            .finish()
            .and_then(EventLogWriter::finish)
            .map_err(|source| iadsim_io::OutputError::Io {
                path: events_path.to_path_buf(),
                source,
            })
            .and_then(OutputFile::finish);
        match staged {
            Ok(s) => set.add(s),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(ExitCode::from(1));
            }
        }
    }
    let summary_path = out.join("summary.json");
    let json = match serde_json::to_vec_pretty(summary) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: cannot serialise the summary: {e}");
            return Err(ExitCode::from(1));
        }
    };
    if let Err(e) = set.write(&summary_path, &json) {
        eprintln!("error: {e}");
        return Err(ExitCode::from(1));
    }
    Ok((lines, summary_path))
}

/// Builds the replay exports asked for (none: nothing to do) and stages them in `set`.
fn write_replay(
    setup: &iadsim_sim::Setup,
    replication: u64,
    recorder: iadsim_io::replay::ReplayRecorder,
    events: iadsim_io::replay::ReplayEvents,
    args: &ReplayArgs,
    set: &mut OutputSet,
) -> Result<Vec<PathBuf>, ExitCode> {
    use iadsim_io::replay::{Replay, stage_files};
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
    stage_files(&replay, coverage.as_ref(), &args.files, set).map_err(|e| {
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
    // The limit is the command's: reading the file counts against it.
    let started = Instant::now();
    let bound = match method {
        WtaMethod::Exact => limits::WtaBound::Exact,
        WtaMethod::Greedy => limits::WtaBound::Greedy,
        WtaMethod::Auto | WtaMethod::Heuristic => limits::WtaBound::LocalSearch { iterations },
    };
    if let Err(e) = limits::wta_time_limit(time_limit, bound) {
        eprintln!("error: {e}");
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
        time_limit: (time_limit > 0.0).then(|| {
            std::time::Duration::from_secs_f64(time_limit).saturating_sub(started.elapsed())
        }),
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
    if let Err(e) = limits::cutoff(cutoff) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if let Some(path) = &out
        && let Err(e) = iadsim_io::commit::check_target(path)
    {
        eprintln!("error: {e}");
        return ExitCode::from(1);
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
    let mut run = match run_dir(dir, &options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let written = Instant::now();
    if let Err(e) = write_track_file(&run.output, &run.rows) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    run.write_seconds = written.elapsed().as_secs_f64();
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
    print_track_report(&run, scores.as_ref(), cutoff, json);
    ExitCode::SUCCESS
}

/// Prints what the tracker did (and its scores against truth, if given), as a JSON
/// object with --json or as text.
fn print_track_report(
    run: &iadsim_track::peerbench::PeerbenchRun,
    scores: Option<&iadsim_track::metrics::Scores>,
    cutoff: f64,
    json: bool,
) {
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
        if let Some(s) = scores {
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
        if let Some(s) = scores {
            say(&format!(
                "OSPA {:.1} m, GOSPA {:.1} (c = {cutoff} m, p = 1); missed {:.2}, false {:.2} a scan; {} track ids\n",
                s.ospa_mean, s.gospa_mean, s.missed_mean, s.false_mean, s.n_track_ids
            ));
        }
    }
}

/// Writes the track file in one step (a temporary name beside it, renamed when complete).
fn write_track_file(
    path: &Path,
    rows: &[iadsim_track::peerbench::TrackRow],
) -> Result<(), iadsim_io::OutputError> {
    let mut file = OutputFile::create(path)?;
    iadsim_track::peerbench::write_tracks(&mut file, rows).map_err(|source| {
        iadsim_io::OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    file.commit()
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

/// Takes the coverage target's RCS and height from a catalogue threat type (`--threat`).
fn take_threat_type(
    request: &mut iadsim_sim::coverage::CoverageRequest,
    name: &str,
) -> Result<(), ExitCode> {
    let cat = Catalogue::embedded();
    let Some(t) = cat.threat(name) else {
        let known: Vec<&str> = cat.threats.iter().map(|t| t.name.as_str()).collect();
        let hint = iadsim_scenario::nearest_name(name, known.iter().copied())
            .map_or(String::new(), |n| format!(" (did you mean \"{n}\"?)"));
        eprintln!(
            "error: unknown threat type \"{name}\"{hint}; known: {}",
            known.join(", ")
        );
        return Err(ExitCode::from(2));
    };
    if let Some(q) = t.values.get("rcs_m2") {
        request.rcs = q.value;
    }
    if let Some(q) = t.values.get("altitude_m") {
        request.target_height = q.value;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn coverage(
    scenario: &Path,
    altitude: Option<f64>,
    rcs: Option<f64>,
    threat: Option<&str>,
    grid: usize,
    dwell: u32,
    (dem, surface_height): (Option<&Path>, Option<f64>),
    out: &Path,
) -> ExitCode {
    use iadsim_sim::coverage::{CoverageRequest, compute};
    let mut loaded = match load(scenario, false) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if let Some(h) = surface_height {
        if let Err(e) = limits::surface_height(h) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        for bn in &mut loaded.setup.regiment.battalions {
            bn.acquisition_radar.surface_height = h;
            bn.engagement_radar.surface_height = h;
        }
    }
    let setup = &loaded.setup;
    let mut request = CoverageRequest::new(setup);
    if let Some(name) = threat
        && let Err(code) = take_threat_type(&mut request, name)
    {
        return code;
    }
    if let Some(h) = altitude {
        request.target_height = h;
    }
    if let Some(r) = rcs {
        if let Err(e) = limits::rcs(r) {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        request.rcs = r;
    }
    if let Err(e) = limits::grid(grid).and_then(|()| limits::dwell(dwell)) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    request.grid.nx = grid;
    request.grid.ny = grid;
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

/// The envelope's JSON: every cell of the flyout table (ground range and height from the
/// launcher, m) and the engagement zones against an aircraft and the reference ballistic
/// missile.
fn envelope_json(
    missile: &iadsim_sim::setup::Missile,
    table: &iadsim_sim::engage::flyout::envelope::EnvelopeTable,
    data: &iadsim_sim::engage::flyout::zones::EnvelopePlot,
) -> serde_json::Value {
    let cells: Vec<serde_json::Value> = table
        .heights
        .iter()
        .enumerate()
        .flat_map(|(i, &h)| {
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
    let zone = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| -> Vec<serde_json::Value> {
        b.iter()
            .map(|b| serde_json::json!({"height_m": b.height, "min_range_m": b.min_range, "max_range_m": b.max_range}))
            .collect()
    };
    serde_json::json!({
        "missile": missile.type_name,
        "max_flight_time_s": missile.max_flight_time,
        "lethal_radius_m": missile.lethal_radius,
        "frame": "ground range and height from the launcher, m",
        "ranges_m": table.ranges,
        "heights_m": table.heights,
        "cells": cells,
        "zone_vs_aircraft": zone(&data.aircraft),
        "zone_vs_ballistic": zone(&data.ballistic),
    })
}

/// Draws the envelope PNG to a temporary path of the set (its encoder opens the file) and
/// stages it.
fn stage_envelope_png(
    data: &iadsim_sim::engage::flyout::zones::EnvelopePlot,
    marks: &iadsim_io::envelope_plot::Marks,
    png: &Path,
    set: &mut OutputSet,
) -> Result<(), ExitCode> {
    use iadsim_io::envelope_plot as plot;
    let png_result = StagedPath::create(png, ".png").and_then(|staged| {
        plot::write_png(data, marks, staged.path()).map_err(|e| iadsim_io::OutputError::Io {
            path: png.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        staged.finish()
    });
    match png_result {
        Ok(staged) => set.add(staged),
        Err(e) => {
            eprintln!("error: {e}");
            return Err(ExitCode::from(1));
        }
    }
    Ok(())
}

/// Prints the envelope's kinematic reach and where its files went.
fn print_envelope_report(
    missile: &iadsim_sim::setup::Missile,
    data: &iadsim_sim::engage::flyout::zones::EnvelopePlot,
    started: Instant,
    stem: &str,
    out: &Path,
) {
    let far = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| {
        b.iter().map(|b| b.max_range).fold(0.0, f64::max) / 1e3
    };
    let high = |b: &[iadsim_sim::engage::flyout::zones::Boundary]| {
        b.iter().map(|b| b.height).fold(0.0, f64::max) / 1e3
    };
    say(&format!(
        "{}: kinematic reach (farthest and highest intercept) {:.1} km and {:.1} km vs a non-manoeuvring aircraft; {:.1} km and {:.1} km vs the reference ballistic missile ({:.1} s)\n  in a run, ballistic targets are engaged within the catalogue's max_range_ballistic_km ({:.0} km) too\n{} → {}\n",
        missile.type_name,
        far(&data.aircraft),
        high(&data.aircraft),
        far(&data.ballistic),
        high(&data.ballistic),
        started.elapsed().as_secs_f64(),
        missile.max_range_ballistic / 1e3,
        ["csv", "json", "svg", "png"]
            .map(|e| format!("{stem}.{e}"))
            .join(", "),
        out.display()
    ));
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
    let stem = format!("envelope_{}", missile.type_name);
    let mut set = match OutputSet::begin(out, &stem) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut csv = Vec::new();
    if let Err(e) = table.write_csv(&mut csv) {
        eprintln!("error: cannot format the table: {e}");
        return ExitCode::from(1);
    }
    let data = table.plot_data();
    let json = envelope_json(&missile, &table, &data);
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
    if let Err(code) = stage_envelope_png(&data, &marks, &out.join(format!("{stem}.png")), &mut set)
    {
        return code;
    }
    for (ext, bytes) in [
        ("csv", csv),
        ("json", serde_json::to_vec_pretty(&json).unwrap_or_default()),
        ("svg", svg.into_bytes()),
    ] {
        if let Err(e) = set.write_in(&format!("{stem}.{ext}"), &bytes) {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    }
    if let Err(e) = set.commit() {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    print_envelope_report(&missile, &data, started, &stem, out);
    ExitCode::SUCCESS
}
