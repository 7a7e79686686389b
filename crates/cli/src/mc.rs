//! `iadsim mc` and `iadsim merge`: thin wrappers over `iadsim-study`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iadsim_study::{Shard, StudyConfig, StudyError, render_summary};

/// Parsed `mc` arguments.
pub struct McArgs {
    pub scenario: PathBuf,
    pub runs: u64,
    pub threads: Option<usize>,
    pub seed: Option<u64>,
    pub shard: Option<Shard>,
    pub set: Vec<String>,
    pub sweep: Option<String>,
    pub quiet: bool,
    pub out: PathBuf,
    pub options: iadsim_sim::EngineOptions,
}

fn split_set(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((p, v)) if !p.trim().is_empty() => Ok((p.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "invalid --set {s:?}: write path=value, e.g. threats.cruise_missiles[0].count=64"
        )),
    }
}

/// Loads the scenario with `overrides`, printing its problems (exit 2) or, unless
/// `quiet`, the warnings not printed before (as `iadsim run` prints them; a sweep prints
/// each once, not once per point).
fn load(
    source: &str,
    name: &str,
    overrides: &[(String, String)],
    seed: Option<u64>,
    warned: Option<&mut BTreeSet<String>>,
) -> Result<iadsim_sim::Setup, ExitCode> {
    match iadsim_scenario::load_str_with(source, name, overrides) {
        Ok(loaded) => {
            if let Some(warned) = warned {
                for w in &loaded.warnings {
                    let text = w.to_string();
                    if !warned.contains(&text) {
                        eprintln!("warning: {text}");
                        warned.insert(text);
                    }
                }
            }
            let mut setup = loaded.setup;
            if let Some(s) = seed {
                setup.seed = s;
            }
            Ok(setup)
        }
        Err(diag) => {
            eprintln!("{diag}");
            let n = diag.problems.len();
            eprintln!(
                "error: {name} has {n} problem{}",
                if n == 1 { "" } else { "s" }
            );
            Err(ExitCode::from(2))
        }
    }
}

fn fail(e: StudyError) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(match e {
        StudyError::Invalid(_) => 2,
        StudyError::Cancelled => crate::signals::cancelled_status(),
        _ => 1,
    })
}

/// `iadsim mc --sweep`: one study per value of the swept parameter, with a line of
/// leakers per value as it finishes.
fn sweep(
    args: &McArgs,
    spec: &str,
    source: &str,
    name: &str,
    overrides: &[(String, String)],
    config: &StudyConfig,
) -> ExitCode {
    let (path, values) = match iadsim_study::sweep::parse_sweep(spec) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut warned = BTreeSet::new();
    let quiet = args.quiet;
    let loader = |v: &str| {
        let mut o = overrides.to_vec();
        o.push((path.clone(), v.to_string()));
        let warned = (!quiet).then_some(&mut warned);
        load(source, name, &o, args.seed, warned)
            .map_err(|_| StudyError::Invalid(format!("the scenario with {path}={v} is invalid")))
    };
    let quiet = args.quiet;
    let result = iadsim_study::sweep::run_sweep(
        &path,
        &values,
        loader,
        config,
        &args.out,
        |p, secs| {
            if !quiet {
                let c = p.summary.columns.iter().find(|c| c.name == "leaked_total");
                let (m, lo, hi) = c.map_or((f64::NAN, f64::NAN, f64::NAN), |c| {
                    (
                        c.mean.unwrap_or(f64::NAN),
                        c.ci95.map_or(f64::NAN, |i| i.lo),
                        c.ci95.map_or(f64::NAN, |i| i.hi),
                    )
                });
                eprintln!(
                    "{path}={:<8} leakers {m:8.3}  95 % CI [{lo:.3}, {hi:.3}]  ({} replications, {secs:.1} s)",
                    p.value, p.summary.replications
                );
            }
        },
    );
    match result {
        Ok(_) => {
            if !args.quiet {
                println!(
                    "wrote {0}/sweep.csv, {0}/sweep.png, {0}/sweep.svg",
                    args.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub fn mc(args: McArgs) -> ExitCode {
    let name = args.scenario.display().to_string();
    // Read through the loader's capped reader: a device or a huge file is refused after
    // 8 MiB, never read whole.
    let source = match iadsim_scenario::read_source(&args.scenario) {
        Ok(s) => s,
        Err(diag) => {
            eprintln!("{diag}");
            return ExitCode::from(2);
        }
    };
    let mut overrides = Vec::new();
    for s in &args.set {
        match split_set(s) {
            Ok(o) => overrides.push(o),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let config = StudyConfig {
        runs: args.runs,
        threads,
        shard: args.shard.unwrap_or(Shard::WHOLE),
        options: args.options,
        progress: !args.quiet,
        // A signal stops the study between replications; nothing is committed.
        cancel: Some(crate::signals::cancellable()),
    };
    if let Some(spec) = &args.sweep {
        return sweep(&args, spec, &source, &name, &overrides, &config);
    }
    let mut warned = BTreeSet::new();
    let warned = (!args.quiet).then_some(&mut warned);
    let setup = match load(&source, &name, &overrides, args.seed, warned) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match iadsim_study::run_study(&setup, &config, &args.out) {
        Ok(outcome) => {
            if !args.quiet {
                let n = outcome.summary.replications;
                println!("{}", render_summary(&outcome.summary));
                println!(
                    "{n} replications in {:.2} s ({:.2} replications/s, {threads} thread{}); wrote {}",
                    outcome.seconds,
                    n as f64 / outcome.seconds.max(1e-9),
                    if threads == 1 { "" } else { "s" },
                    args.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

pub fn merge(dirs: &[PathBuf], out: &Path, quiet: bool) -> ExitCode {
    match iadsim_study::merge(dirs, out) {
        Ok(summary) => {
            if !quiet {
                println!("{}", render_summary(&summary));
                println!("merged {} shards into {}", dirs.len(), out.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
