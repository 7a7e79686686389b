//! Benchmark driver for `bench/wta/run.sh` and `bench/wta/highs_check.py`.
//!
//! ```text
//! wta_bench table DIR [--time-limit S] [--seed N] [--iterations N]
//!     Solves every instance listed in DIR/best_known.csv (columns instance, ...,
//!     best_objective, ...) and prints: instance, ours, best known, gap %, seconds,
//!     greedy gap %.
//! wta_bench solve FILE [--method auto|exact|heuristic|greedy] [--time-limit S] [--seed N]
//!     Solves one instance file (text or JSON) and prints the solution as JSON.
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use iadsim_wta::{Method, SolveOptions, objective, read_instance, solve};

struct Args {
    command: String,
    path: PathBuf,
    options: SolveOptions,
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let command = args.next().ok_or("missing command: table or solve")?;
    let path = PathBuf::from(args.next().ok_or("missing path")?);
    let mut options = SolveOptions {
        time_limit: Some(Duration::from_secs(1)),
        ..SolveOptions::default()
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--time-limit" => {
                let s: f64 = value
                    .parse()
                    .map_err(|_| format!("bad --time-limit {value}"))?;
                options.time_limit = if s > 0.0 {
                    Some(Duration::from_secs_f64(s))
                } else {
                    None
                };
            }
            "--seed" => options.seed = value.parse().map_err(|_| format!("bad --seed {value}"))?,
            "--iterations" => {
                options.max_iterations = Some(
                    value
                        .parse()
                        .map_err(|_| format!("bad --iterations {value}"))?,
                )
            }
            "--method" => {
                options.method = match value.as_str() {
                    "auto" => Method::Auto,
                    "exact" => Method::Exact,
                    "heuristic" => Method::Heuristic,
                    "greedy" => Method::Greedy,
                    _ => return Err(format!("unknown method {value}")),
                }
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(Args {
        command,
        path,
        options,
    })
}

fn table(dir: &Path, options: &SolveOptions) -> Result<(), String> {
    let csv = std::fs::read_to_string(dir.join("best_known.csv"))
        .map_err(|e| format!("{}: {e}", dir.join("best_known.csv").display()))?;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (ci, cb) = col("instance")
        .zip(col("best_objective"))
        .ok_or("best_known.csv needs columns instance and best_objective")?;
    println!(
        "{:<20} {:>14} {:>14} {:>9} {:>8} {:>12} {:>7}",
        "instance", "ours", "best_known", "gap_%", "seconds", "greedy_gap_%", "rounds"
    );
    let mut worst: f64 = f64::NEG_INFINITY;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let name = cells.get(ci).ok_or("short row")?.trim();
        let best: f64 = cells
            .get(cb)
            .and_then(|c| c.trim().parse().ok())
            .ok_or(format!("bad best_objective in {line}"))?;
        let instance = read_instance(&dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        let greedy = solve(
            &instance,
            &SolveOptions {
                method: Method::Greedy,
                ..options.clone()
            },
        );
        let ours = solve(&instance, options);
        assert!((objective(&instance, &ours.assignment) - ours.objective).abs() < 1e-9);
        ours.assignment
            .check(&instance)
            .map_err(|e| e.to_string())?;
        let gap = 100.0 * (ours.objective - best) / best;
        worst = worst.max(gap);
        println!(
            "{:<20} {:>14.6} {:>14.6} {:>9.4} {:>8.3} {:>12.2} {:>7}",
            name,
            ours.objective,
            best,
            gap,
            ours.seconds,
            100.0 * (greedy.objective - best) / best,
            ours.iterations
        );
    }
    println!("worst gap: {worst:.4} %");
    Ok(())
}

fn main() -> ExitCode {
    let result = parse_args().and_then(|args| match args.command.as_str() {
        "table" => table(&args.path, &args.options),
        "solve" => {
            let instance = read_instance(&args.path).map_err(|e| e.to_string())?;
            let solution = solve(&instance, &args.options);
            println!(
                "{}",
                serde_json::to_string(&solution).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        other => Err(format!("unknown command {other}: use table or solve")),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wta_bench: {e}");
            ExitCode::FAILURE
        }
    }
}
