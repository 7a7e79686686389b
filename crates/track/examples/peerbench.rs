//! Runs the iadsim tracker on a `peerbench-1` scenario directory and prints a JSON summary.
//!
//! ```text
//! cargo run --release -p iadsim-track --example peerbench -- DIR
//!     [--filter ekf|ukf|imm] [--associator gnn|jpda] [--initiator two-point|single-point]
//!     [--confirm M/N] [--max-misses K] [--out FILE] [--truth FILE [--c 1000] [--p 1]]
//! ```
//!
//! Writes `DIR/tracks_iadsim.csv` (or `--out`). With `--truth`, also scores the track file
//! (OSPA/GOSPA as peerbench's `ospa.py`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use iadsim_track::MOfN;
use iadsim_track::peerbench::{
    AssociatorKind, FilterKind, InitiatorKind, PeerbenchOptions, PeerbenchRun, run_dir, score,
    write_tracks,
};

fn main() -> ExitCode {
    let start = Instant::now();
    match run(start) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command line.
struct Args {
    dir: PathBuf,
    options: PeerbenchOptions,
    truth: Option<PathBuf>,
    /// OSPA cut-off, m.
    c: f64,
    /// OSPA order.
    p: f64,
}

fn run(start: Instant) -> Result<(), String> {
    let Args {
        dir,
        options: o,
        truth,
        c,
        p,
    } = parse_args(std::env::args().skip(1))?;
    let mut r = run_dir(&dir, &o).map_err(|e| e.to_string())?;
    let written = std::time::Instant::now();
    std::fs::File::create(&r.output)
        .and_then(|f| write_tracks(std::io::BufWriter::new(f), &r.rows))
        .map_err(|e| format!("{}: {e}", r.output.display()))?;
    r.write_seconds = written.elapsed().as_secs_f64();
    let mut summary = run_summary(&o, &r);
    summary.push_str(&format!(
        ", \"process_s_before_scoring\": {:.6}",
        start.elapsed().as_secs_f64()
    ));
    if let Some(t) = truth {
        summary.push_str(&score_summary(&t, &r.output, c, p)?);
    }
    summary.push('}');
    println!("{summary}");
    Ok(())
}

fn num(s: Option<String>, what: &str) -> Result<f64, String> {
    s.ok_or(format!("{what} needs a value"))?
        .parse::<f64>()
        .map_err(|e| format!("{what}: {e}"))
}

/// `A/B` after flag `what` (described as `form`), as two numbers.
fn pair<T: std::str::FromStr>(v: Option<String>, what: &str, form: &str) -> Result<(T, T), String>
where
    T::Err: std::fmt::Display,
{
    let v = v.ok_or(format!("{what} needs {form}"))?;
    let (a, b) = v
        .split_once('/')
        .ok_or(format!("{what}: expected {form}"))?;
    Ok((
        a.parse().map_err(|e| format!("{what}: {e}"))?,
        b.parse().map_err(|e| format!("{what}: {e}"))?,
    ))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut dir: Option<PathBuf> = None;
    let mut o = PeerbenchOptions::default();
    let mut truth: Option<PathBuf> = None;
    let (mut c, mut p) = (1000.0, 1.0);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--filter" => o.filter = filter_kind(args.next().as_deref())?,
            "--associator" => o.associator = associator_kind(args.next().as_deref())?,
            "--initiator" => o.initiator = initiator_kind(args.next().as_deref())?,
            "--confirm" => {
                let (m, n) = pair(args.next(), "--confirm", "M/N")?;
                o.confirm = MOfN { m, n };
            }
            "--max-misses" => o.max_misses = num(args.next(), "--max-misses")? as u32,
            "--young" => {
                (o.young_hits, o.young_max_misses) = pair(args.next(), "--young", "HITS/MISSES")?;
            }
            "--min-score" => o.min_score = num(args.next(), "--min-score")?,
            "--gate" => o.gate_probability = num(args.next(), "--gate")?,
            "--max-speed" => o.max_speed = num(args.next(), "--max-speed")?,
            "--q-scale" => o.q_scale = num(args.next(), "--q-scale")?,
            "--out" => o.output = Some(args.next().ok_or("--out needs a file")?.into()),
            "--truth" => truth = Some(args.next().ok_or("--truth needs a file")?.into()),
            "--c" => c = num(args.next(), "--c")?,
            "--p" => p = num(args.next(), "--p")?,
            s if !s.starts_with("--") && dir.is_none() => dir = Some(s.into()),
            s => return Err(format!("unknown argument {s:?}")),
        }
    }
    let dir = dir.ok_or("usage: peerbench DIR [options]")?;
    Ok(Args {
        dir,
        options: o,
        truth,
        c,
        p,
    })
}

fn filter_kind(v: Option<&str>) -> Result<FilterKind, String> {
    match v {
        Some("ekf") => Ok(FilterKind::Ekf),
        Some("ukf") => Ok(FilterKind::Ukf),
        Some("imm") => Ok(FilterKind::Imm),
        v => Err(format!("--filter: expected ekf|ukf|imm, got {v:?}")),
    }
}

fn associator_kind(v: Option<&str>) -> Result<AssociatorKind, String> {
    match v {
        Some("gnn") => Ok(AssociatorKind::Gnn),
        Some("jpda") => Ok(AssociatorKind::Jpda),
        v => Err(format!("--associator: expected gnn|jpda, got {v:?}")),
    }
}

fn initiator_kind(v: Option<&str>) -> Result<InitiatorKind, String> {
    match v {
        Some("two-point") => Ok(InitiatorKind::TwoPoint),
        Some("single-point") => Ok(InitiatorKind::SinglePoint),
        v => Err(format!(
            "--initiator: expected two-point|single-point, got {v:?}"
        )),
    }
}

/// The summary's opening and run fields (JSON object, not closed).
fn run_summary(o: &PeerbenchOptions, r: &PeerbenchRun) -> String {
    let scans = r.scan_seconds.len().max(1) as f64;
    format!(
        "{{\"tracker\": \"iadsim-{:?}-{:?}\", \"scans\": {}, \"detections\": {}, \
         \"read_s\": {:.6}, \"track_s\": {:.6}, \"write_s\": {:.6}, \"scan_mean_s\": {:.6}, \
         \"hypotheses\": {}, \"tracks_started\": {}, \"tracks_confirmed\": {}, \"output\": {:?}",
        o.filter,
        o.associator,
        r.scan_seconds.len(),
        r.detections,
        r.read_seconds,
        r.track_seconds,
        r.write_seconds,
        r.track_seconds / scans,
        r.stats.hypotheses,
        r.stats.tracks_started,
        r.stats.tracks_confirmed,
        r.output.display().to_string()
    )
}

/// The score fields of the track file `output` against `truth` (OSPA/GOSPA cut-off `c` m,
/// order `p`).
fn score_summary(truth: &Path, output: &Path, c: f64, p: f64) -> Result<String, String> {
    let s = score(truth, output, c, p).map_err(|e| e.to_string())?;
    Ok(format!(
        ", \"ospa_mean\": {:.4}, \"gospa_mean\": {:.4}, \"missed_mean\": {:.4}, \
         \"false_mean\": {:.4}, \"rms_pos_err_matched\": {:.4}, \"n_track_ids\": {}, \
         \"n_tracks_last_scan\": {}, \"n_truth_last_scan\": {}, \"false_tracks\": {}, \
         \"fragmentations\": {}, \"id_switches\": {}",
        s.ospa_mean,
        s.gospa_mean,
        s.missed_mean,
        s.false_mean,
        s.rms_pos_err_matched,
        s.n_track_ids,
        s.n_tracks_last_scan,
        s.n_truth_last_scan,
        s.quality.false_tracks,
        s.quality.fragmentations,
        s.quality.id_switches
    ))
}
