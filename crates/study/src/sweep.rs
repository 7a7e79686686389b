//! Sweeps: one study per value of a scenario parameter, reduced to a table
//! (`sweep.csv`: value, measure, mean, lo, hi) and a chart of expected leakers against
//! the swept value with its 95 % band (`sweep.png`, `sweep.svg`).

use std::path::Path;

use iadsim_io::plot::{BandLabels, BandPoint, band_chart};
use iadsim_io::write_atomic;

use crate::{StudyConfig, StudyError, StudySummary, run_study};

/// Measures written to `sweep.csv` (column names of the study table).
pub const SWEEP_MEASURES: [&str; 4] = [
    "leaked_total",
    "killed_total",
    "fired_total",
    "any_asset_hit",
];

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
        let n = ((b - a) / step + 1e-9).floor() as u64 + 1;
        if n > 10_000 {
            return Err(format!(
                "sweep range {values:?} has {n} points (at most 10,000)"
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
        values.split(',').map(|v| v.trim().to_string()).collect()
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
    iadsim_io::atomic::ensure_dir(out)?;
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
    let mut csv = String::from("value,measure,mean,lo,hi\n");
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for p in &points {
        for m in SWEEP_MEASURES {
            if let Some(c) = p.summary.columns.iter().find(|c| c.name == m) {
                csv.push_str(&format!(
                    "{},{m},{},{},{}\n",
                    p.value,
                    opt(c.mean),
                    opt(c.ci95.map(|i| i.lo)),
                    opt(c.ci95.map(|i| i.hi))
                ));
            }
        }
    }
    write_atomic(&out.join("sweep.csv"), csv.as_bytes())?;
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
        )?;
    }
    Ok(points)
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
}
