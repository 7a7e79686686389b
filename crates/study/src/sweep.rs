//! Sweeps: one study per value of a scenario parameter, reduced to a table
//! (`sweep.csv`: value, measure, mean, lo, hi) and a chart of expected leakers against
//! the swept value with its 95 % band (`sweep.png`, `sweep.svg`).

use std::path::Path;

use iadsim_io::OutputError;
use iadsim_io::commit::{OutputFile, OutputSet, Staged};
use iadsim_io::plot::{BandLabels, BandPoint, band_chart};

use crate::{StudyConfig, StudyError, StudySummary, run_study};

/// Measures written to `sweep.csv` (column names of the study table).
pub const SWEEP_MEASURES: [&str; 4] = [
    "leaked_total",
    "killed_total",
    "fired_total",
    "any_asset_hit",
];

/// Most values in one sweep.
pub const MAX_SWEEP_POINTS: usize = 10_000;

/// Parses `path=v1,v2,...` or `path=a:b:step` (inclusive of `b` when it falls on the
/// step) into the path and the values as text.
pub fn parse_sweep(spec: &str) -> Result<(String, Vec<String>), String> {
    let (path, values) = spec.split_once('=').ok_or_else(|| {
        format!("invalid sweep {spec:?}: write path=v1,v2,... or path=start:stop:step")
    })?;
    if path.trim().is_empty() {
        return Err(format!(
            "invalid sweep {spec:?}: the path before `=` is empty"
        ));
    }
    let parts: Vec<&str> = values.split(':').collect();
    let out: Vec<String> = if parts.len() == 3 {
        let num = |s: &str| {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    format!("invalid sweep range {values:?}: {s:?} is not a finite number")
                })
        };
        let (a, b, step) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
        if step <= 0.0 || b < a {
            return Err(format!(
                "invalid sweep range {values:?}: need start <= stop and step > 0"
            ));
        }
        // Counted in floating point first: (stop − start) / step can exceed any integer.
        let points = ((b - a) / step + 1e-9).floor() + 1.0;
        if points.is_nan() || points > MAX_SWEEP_POINTS as f64 {
            return Err(format!(
                "sweep range {values:?} has {points:.3e} points (at most {MAX_SWEEP_POINTS})"
            ));
        }
        let n = points as u64;
        if n > 1 && a + step == a {
            return Err(format!(
                "invalid sweep range {values:?}: step {step} is below the resolution of {a}"
            ));
        }
        let integers = [parts[0], parts[1], parts[2]]
            .iter()
            .all(|s| s.trim().parse::<i64>().is_ok());
        (0..n)
            .map(|i| {
                let v = a + step * i as f64;
                if integers {
                    format!("{}", v as i64)
                } else {
                    format!("{v}")
                }
            })
            .collect()
    } else {
        let list: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
        if list.len() > MAX_SWEEP_POINTS {
            return Err(format!(
                "invalid sweep {spec:?}: {} values (at most {MAX_SWEEP_POINTS})",
                list.len()
            ));
        }
        list
    };
    if out.iter().any(|v| v.is_empty()) {
        return Err(format!("invalid sweep {spec:?}: empty value in the list"));
    }
    Ok((path.trim().to_string(), out))
}

/// One point of a finished sweep.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    /// The value as given.
    pub value: String,
    /// The study summary at that value.
    pub summary: StudySummary,
}

/// Runs one study per value. `load(value)` returns the setup with the swept parameter
/// set to `value` (through the scenario loader, so the usual checks apply); each study is
/// written to `out/<index>_<value>/`; then `out/sweep.csv` and the chart.
pub fn run_sweep(
    path: &str,
    values: &[String],
    mut load: impl FnMut(&str) -> Result<iadsim_sim::Setup, StudyError>,
    config: &StudyConfig,
    out: &Path,
    mut each: impl FnMut(&SweepPoint, f64),
) -> Result<Vec<SweepPoint>, StudyError> {
    let mut set = OutputSet::begin(out, "sweep")?;
    let mut points = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let setup = load(v)?;
        let dir = out.join(format!("{i:03}_{}", crate::moe::column_stem(v)));
        let outcome = run_study(&setup, config, &dir)?;
        let p = SweepPoint {
            value: v.clone(),
            summary: outcome.summary,
        };
        each(&p, outcome.seconds);
        points.push(p);
    }
    set.add(sweep_table(&out.join("sweep.csv"), &points)?);
    let band: Vec<BandPoint> = points
        .iter()
        .filter_map(|p| {
            let x = p.value.parse::<f64>().ok()?;
            let c = p
                .summary
                .columns
                .iter()
                .find(|c| c.name == "leaked_total")?;
            let mean = c.mean?;
            let ci = c
                .ci95
                .unwrap_or(crate::stats::Interval { lo: mean, hi: mean });
            Some(BandPoint {
                x,
                mean,
                lo: ci.lo,
                hi: ci.hi,
            })
        })
        .collect();
    if !band.is_empty() {
        let replications = points.first().map_or(0, |p| p.summary.replications);
        band_chart(
            &out.join("sweep"),
            &band,
            &BandLabels {
                title: format!(
                    "{}: expected leakers vs {path} ({replications} replications per point)",
                    points.first().map_or("", |p| p.summary.scenario.as_str())
                ),
                x: path.to_string(),
                y: "leakers per raid (all threat classes)".into(),
                series: "mean leakers".into(),
            },
            &mut set,
        )?;
    }
    set.commit()?;
    Ok(points)
}

/// `sweep.csv`: one row per point and measure of [`SWEEP_MEASURES`].
fn sweep_table(path: &Path, points: &[SweepPoint]) -> Result<Staged, OutputError> {
    let file = OutputFile::create(path)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(file);
    let err = |e: csv::Error| OutputError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record(["value", "measure", "mean", "lo", "hi"])
        .map_err(err)?;
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for p in points {
        for m in SWEEP_MEASURES {
            if let Some(c) = p.summary.columns.iter().find(|c| c.name == m) {
                w.write_record([
                    p.value.clone(),
                    m.to_string(),
                    opt(c.mean),
                    opt(c.ci95.map(|i| i.lo)),
                    opt(c.ci95.map(|i| i.hi)),
                ])
                .map_err(err)?;
            }
        }
    }
    w.into_inner()
        .map_err(|e| OutputError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?
        .finish()
}

#[cfg(test)]
mod tests {
    use super::parse_sweep;

    #[test]
    fn sweep_specs() {
        let (p, v) = parse_sweep("threats.cruise_missiles[0].count=8:32:8").unwrap();
        assert_eq!(p, "threats.cruise_missiles[0].count");
        assert_eq!(v, ["8", "16", "24", "32"]);
        assert_eq!(parse_sweep("a=0.5:1:0.25").unwrap().1, ["0.5", "0.75", "1"]);
        assert_eq!(parse_sweep("a=1,2, 5").unwrap().1, ["1", "2", "5"]);
        assert!(parse_sweep("a").unwrap_err().contains("path=v1,v2"));
        assert!(
            parse_sweep("a=5:1:1")
                .unwrap_err()
                .contains("start <= stop")
        );
        assert!(parse_sweep("a=1:2:0").is_err());
        assert!(parse_sweep("a=1,,2").is_err());
    }

    #[test]
    fn a_range_too_fine_to_count_is_an_error_not_an_empty_sweep() {
        // (1 − 0) / 1e-300 overflowed the point count to 0: exit 0 with an empty sweep.
        let e = parse_sweep("seed=0:1:1e-300").unwrap_err();
        assert!(e.contains("at most 10000"), "{e}");
        let e = parse_sweep("x=0:1e300:1e-300").unwrap_err();
        assert!(e.contains("points"), "{e}");
        // A step lost in the start's rounding would repeat one value.
        let e = parse_sweep("x=1e20:100000000000000032768:4").unwrap_err();
        assert!(e.contains("resolution"), "{e}");
        let many = format!("x={}", vec!["1"; 10_001].join(","));
        assert!(parse_sweep(&many).unwrap_err().contains("10001 values"));
    }
}
