//! `iadsim run --dis` and `iadsim replay --dis`: a run as DIS PDUs over UDP
//! (`iadsim-dis`), as fast as possible or paced to the wall clock.
//!
//! `replay` re-simulates the finished run rather than reading positions back from files:
//! the engine is deterministic (same seed, same bytes), so a re-run gives the very states
//! the live run sent — every dead-reckoning update, every fuze position — where the replay
//! exports hold only 1-s samples without velocities. The events of the re-run are first
//! compared line by line with OUT/events.jsonl (or events.jsonl.zst); a run that cannot be
//! reproduced (another scenario file, or another iadsim version) is refused before
//! anything is sent.

use std::io::BufRead;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use iadsim_dis::{Counts, DisConfig, DisStream, Live, PduOut};
use iadsim_io::event_log;
use iadsim_sim::events::{Event, EventKind, EventLevel, EventSink, Filtered};
use iadsim_sim::observe::{InterceptorState, Observer, ThreatState};
use iadsim_sim::{
    BattleManagerKind, EngineOptions, InterceptorModelKind, RadarModelKind, Setup, TrackerKind,
};

/// DIS options of `run` and `replay`.
#[derive(clap::Args, Debug, Clone)]
pub struct DisArgs {
    /// Send the run as DIS version 7 PDUs over UDP to ADDRESS:PORT (e.g. 127.0.0.1:3000,
    /// or a broadcast address): Entity State of every site, threat and interceptor, Fire
    /// and Detonation of every launch and fuze (docs/dis.md).
    #[arg(long, value_name = "ADDRESS:PORT")]
    pub dis: Option<String>,
    /// Pace the PDUs to the wall clock: FACTOR simulated seconds per second (default 1,
    /// real time). Without it, as fast as possible.
    #[arg(long, value_name = "FACTOR", num_args = 0..=1, default_missing_value = "1", requires = "dis")]
    pub realtime: Option<f64>,
    /// DIS exercise id.
    #[arg(long, default_value_t = 1, requires = "dis")]
    pub dis_exercise: u8,
    /// DIS site id of the entities sent.
    #[arg(long, default_value_t = 1, requires = "dis")]
    pub dis_site: u16,
    /// DIS application id of the entities sent.
    #[arg(long, default_value_t = 1, requires = "dis")]
    pub dis_application: u16,
    /// Longest time between two Entity State PDUs of one entity, s.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS", requires = "dis")]
    pub dis_heartbeat: f64,
    /// Dead-reckoning threshold: a new Entity State when the extrapolated position is
    /// off by more than this, m.
    #[arg(long, default_value_t = 1.0, value_name = "METRES", requires = "dis")]
    pub dis_threshold: f64,
}

/// Sends PDUs with UDP, paced when asked.
pub struct Udp {
    socket: UdpSocket,
    target: SocketAddr,
    pace: Option<(Instant, f64)>,
    sent: u64,
    bytes: u64,
    error: Option<std::io::Error>,
}

impl PduOut for Udp {
    fn send(&mut self, time: f64, pdu: &[u8]) {
        if let Some((start, factor)) = self.pace {
            let due = start + Duration::from_secs_f64((time / factor).max(0.0));
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        match self.socket.send_to(pdu, self.target) {
            Ok(n) => {
                self.sent += 1;
                self.bytes += n as u64;
            }
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e);
                }
            }
        }
    }
}

/// A DIS sender ready for one run.
pub struct Session {
    live: Live<Udp>,
    target: SocketAddr,
}

fn bad(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Opens the socket for `args` (None when `--dis` is not given).
pub fn start(args: &DisArgs, setup: &Setup) -> Result<Option<Session>, ExitCode> {
    let Some(text) = &args.dis else {
        return Ok(None);
    };
    let target = text
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| {
            bad(format!(
                "--dis {text:?} is not ADDRESS:PORT (e.g. 127.0.0.1:3000)"
            ))
        })?;
    if let Some(f) = args.realtime
        && !(f.is_finite() && f > 0.0)
    {
        return Err(bad(format!(
            "--realtime must be a positive factor, got {f}"
        )));
    }
    let bind: SocketAddr = if target.is_ipv4() {
        "0.0.0.0:0".parse().unwrap_or(target)
    } else {
        "[::]:0".parse().unwrap_or(target)
    };
    let socket = UdpSocket::bind(bind).map_err(|e| {
        eprintln!("error: --dis: cannot open a UDP socket: {e}");
        ExitCode::from(1)
    })?;
    // Lets a broadcast address work too; harmless otherwise.
    let _ = socket.set_broadcast(true);
    let config = DisConfig {
        exercise: args.dis_exercise,
        site: args.dis_site,
        application: args.dis_application,
        heartbeat: args.dis_heartbeat,
        threshold: args.dis_threshold,
    };
    let out = Udp {
        socket,
        target,
        pace: args.realtime.map(|f| (Instant::now(), f)),
        sent: 0,
        bytes: 0,
        error: None,
    };
    let stream = DisStream::new(setup, config, out).map_err(bad)?;
    Ok(Some(Session {
        live: Live::new(stream),
        target,
    }))
}

/// Two observers sampled at the same interval (the first's).
struct Both<'a>(&'a mut dyn Observer, &'a mut dyn Observer);

impl Observer for Both<'_> {
    fn sample_interval(&self) -> f64 {
        self.0.sample_interval()
    }

    fn step(&mut self, t: f64, threats: &[ThreatState], interceptors: &[InterceptorState<'_>]) {
        self.0.step(t, threats, interceptors);
        self.1.step(t, threats, interceptors);
    }

    fn interceptors_ended(&mut self, ended: &[InterceptorState<'_>]) {
        self.0.interceptors_ended(ended);
        self.1.interceptors_ended(ended);
    }
}

/// Runs the engine with `sink` and `observer`, and the DIS session beside them when
/// there is one (sampled at the observer's interval, so DIS and replay states coincide).
pub fn run_observed(
    setup: &Setup,
    replication: u64,
    sink: &mut dyn EventSink,
    options: &EngineOptions,
    observer: &mut dyn Observer,
    session: Option<&Session>,
) -> Result<iadsim_sim::Summary, iadsim_sim::EngineError> {
    match session {
        None => iadsim_sim::run_observed(setup, replication, sink, options, observer),
        Some(s) => {
            let mut events = s.live.events();
            let mut dis_observer = s.live.observer(observer.sample_interval());
            let mut tee = iadsim_io::replay::Tee(sink, &mut events);
            let mut both = Both(observer, &mut dis_observer);
            iadsim_sim::run_observed(setup, replication, &mut tee, options, &mut both)
        }
    }
}

/// Sends what is still owed and reports; a send error is a run failure (exit 1).
pub fn finish(session: Option<Session>, quiet: bool) -> Result<(), ExitCode> {
    let Some(s) = session else {
        return Ok(());
    };
    let target = s.target;
    let (udp, counts): (Udp, Counts) = s.live.into_inner().finish();
    if let Some(e) = udp.error {
        eprintln!(
            "error: --dis {target}: {} of {} PDUs could not be sent: {e}",
            counts.entity_states + counts.fires + counts.detonations - udp.sent,
            counts.entity_states + counts.fires + counts.detonations
        );
        return Err(ExitCode::from(1));
    }
    if !quiet {
        println!(
            "DIS → {target}: {} PDUs, {} bytes ({} Entity State, {} Fire, {} Detonation)",
            udp.sent, udp.bytes, counts.entity_states, counts.fires, counts.detonations
        );
    }
    Ok(())
}

/// The engine options whose model names are `models` (as `scenario_start` lists them).
fn options_of(models: &[(String, String)], log_false_alarms: bool) -> Option<EngineOptions> {
    for battle_manager in [BattleManagerKind::Wta, BattleManagerKind::NearestLauncher] {
        for radar_model in [RadarModelKind::Physics, RadarModelKind::FixedPd] {
            for tracker in [TrackerKind::ImmGnn, TrackerKind::NearestNeighbour] {
                for interceptor_model in [
                    InterceptorModelKind::Flyout,
                    InterceptorModelKind::LeadCollision,
                ] {
                    let o = EngineOptions {
                        battle_manager,
                        radar_model,
                        tracker,
                        interceptor_model,
                        log_false_alarms,
                    };
                    if iadsim_sim::models(&o) == models {
                        return Some(o);
                    }
                }
            }
        }
    }
    None
}

/// Compares the events of a re-run with the lines of events.jsonl.
struct Compare {
    lines: std::io::Lines<Box<dyn std::io::BufRead>>,
    line: u64,
    mismatch: Option<u64>,
}

impl EventSink for Compare {
    fn record(&mut self, event: &Event) {
        if self.mismatch.is_some() {
            return;
        }
        self.line += 1;
        let same = match (self.lines.next(), serde_json::to_string(event)) {
            (Some(Ok(text)), Ok(json)) => text == json,
            _ => false,
        };
        if !same {
            self.mismatch = Some(self.line);
        }
    }
}

/// The level the log at `events` was written at (`iadsim run --events`): `full` if it
/// holds a detail event, else `summary` (a full log without one, of a run that made none,
/// is the same at both levels).
fn recorded_level(events: &Path) -> Result<EventLevel, String> {
    let file =
        event_log::open(events).map_err(|e| format!("{}: cannot read: {e}", events.display()))?;
    // Lines are compact JSON written by iadsim: the kind is `"event":"<kind>"`.
    let needles =
        ["detection", "track_report", "threat_ranking"].map(|k| format!("\"event\":\"{k}\""));
    for line in file.lines() {
        let line = line.map_err(|e| format!("{}: {e}", events.display()))?;
        if needles.iter().any(|k| line.contains(k.as_str())) {
            return Ok(EventLevel::Full);
        }
    }
    Ok(EventLevel::Summary)
}

/// What the first line of events.jsonl says about the run.
struct Recorded {
    scenario: String,
    seed: u64,
    replication: u64,
    options: EngineOptions,
}

fn read_recorded(events: &Path) -> Result<Recorded, String> {
    let file = event_log::open(events).map_err(|e| {
        format!(
            "{}: cannot read: {e} (is this a folder written by `iadsim run`?)",
            events.display()
        )
    })?;
    let mut log_false_alarms = false;
    let mut first = None;
    for line in file.lines() {
        let line = line.map_err(|e| format!("{}: {e}", events.display()))?;
        if first.is_none() {
            first = Some(line);
        } else if line.contains(r#""event":"detection""#) && line.contains(r#""threat":null"#) {
            log_false_alarms = true;
        }
    }
    let first = first.ok_or_else(|| format!("{}: empty event log", events.display()))?;
    let event: Event = serde_json::from_str(&first)
        .map_err(|e| format!("{}:1: not an iadsim event: {e}", events.display()))?;
    let EventKind::ScenarioStart {
        scenario,
        seed,
        replication,
        models,
        ..
    } = event.kind
    else {
        return Err(format!(
            "{}:1: the log does not begin with scenario_start",
            events.display()
        ));
    };
    let options = options_of(&models, log_false_alarms).ok_or_else(|| {
        format!(
            "{}:1: its models are not those of this iadsim version",
            events.display()
        )
    })?;
    Ok(Recorded {
        scenario,
        seed,
        replication,
        options,
    })
}

/// `iadsim replay OUT --scenario FILE --dis ADDRESS:PORT`.
pub fn replay(out: &Path, scenario: &Path, args: &DisArgs, interval: f64, quiet: bool) -> ExitCode {
    if args.dis.is_none() {
        return bad("replay needs --dis ADDRESS:PORT (where to send the run)".into());
    }
    if !(interval.is_finite() && interval > 0.0) {
        return bad(format!(
            "--replay-interval must be a positive number of seconds, got {interval}"
        ));
    }
    // Only a complete run folder is a run: its marker must list the files as they are.
    if let Err(e) = iadsim_io::commit::verify(out, "run") {
        return bad(e.to_string());
    }
    let events_path = match event_log::find(out) {
        Ok(Some(p)) => p,
        Ok(None) => {
            return bad(format!(
                "{}: no event log (events.jsonl or events.jsonl.zst); replay needs a run \
                 written with --events full or summary",
                out.display()
            ));
        }
        Err(e) => return bad(e),
    };
    let recorded = match read_recorded(&events_path) {
        Ok(r) => r,
        Err(e) => return bad(e),
    };
    let mut loaded = match crate::load(scenario, quiet) {
        Ok(l) => l,
        Err(code) => return code,
    };
    loaded.setup.seed = recorded.seed;
    let setup = &loaded.setup;
    if setup.name != recorded.scenario {
        return bad(format!(
            "{} ran scenario \"{}\", but {} is \"{}\"",
            events_path.display(),
            recorded.scenario,
            scenario.display(),
            setup.name
        ));
    }
    // First prove the re-run is the recorded run, then send it.
    if let Err(code) = check_rerun(&events_path, scenario, setup, &recorded) {
        return code;
    }
    let session = match start(args, setup) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut none = iadsim_sim::events::NullSink;
    let mut idle = Idle(interval);
    if let Err(e) = run_observed(
        setup,
        recorded.replication,
        &mut none,
        &recorded.options,
        &mut idle,
        session.as_ref(),
    ) {
        eprintln!("error: {}: {e}", scenario.display());
        return ExitCode::from(1);
    }
    match finish(session, quiet) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// An observer that only sets the sampling interval.
struct Idle(f64);

impl Observer for Idle {
    fn sample_interval(&self) -> f64 {
        self.0
    }

    fn step(&mut self, _: f64, _: &[ThreatState], _: &[InterceptorState<'_>]) {}
}

/// Re-runs `setup` as `recorded` says and compares its events, at the log's own level,
/// with the lines of `events_path`: `Err` with the exit code (the problem printed) when
/// they differ or the log cannot be read.
fn check_rerun(
    events_path: &Path,
    scenario: &Path,
    setup: &Setup,
    recorded: &Recorded,
) -> Result<(), ExitCode> {
    let file =
        event_log::open(events_path).map_err(|e| bad(format!("{}: {e}", events_path.display())))?;
    let level = recorded_level(events_path).map_err(bad)?;
    let mut filtered = Filtered {
        inner: Compare {
            lines: file.lines(),
            line: 0,
            mismatch: None,
        },
        level,
    };
    if let Err(e) = iadsim_sim::run_with(
        setup,
        recorded.replication,
        &mut filtered,
        &recorded.options,
    ) {
        eprintln!("error: {}: {e}", scenario.display());
        return Err(ExitCode::from(2));
    }
    let compare = &mut filtered.inner;
    let extra = compare.lines.next().is_some();
    if let Some(line) = compare.mismatch.or(extra.then_some(compare.line + 1)) {
        return Err(bad(format!(
            "{}:{line} differs from a re-run of {} (seed {}, replication {}): another scenario \
             file or another iadsim version wrote it; nothing was sent",
            events_path.display(),
            scenario.display(),
            recorded.seed,
            recorded.replication
        )));
    }
    Ok(())
}
