//! Bounds of the command line's numeric values: each is what the model can carry, and
//! each error names the bound (exit status 2). docs/limits.md lists them all.

/// `--replay-interval`, s.
pub const REPLAY_INTERVAL_S: (f64, f64) = (1e-3, 86_400.0);
/// `coverage --rcs`, m² (an insect to the largest ship).
pub const RCS_M2: (f64, f64) = (1e-6, 1e6);
/// `coverage --surface-height`, m above the ellipsoid (the scenario's
/// `terrain.surface_height_m` bounds: the Dead Sea shore to above the highest ground).
pub const SURFACE_HEIGHT_M: (f64, f64) = (-500.0, 9_000.0);
/// `coverage --grid`, points a side: 2,000² points take ~0.45 GB; the 4,000 allowed before
/// took 1.7 GB for no map a screen can show.
pub const GRID: (usize, usize) = (2, 2000);
/// `coverage --dwell`, scans.
pub const DWELL: (u32, u32) = (1, 1000);
/// `track --cutoff`, m.
pub const CUTOFF_M: f64 = 1e7;
/// `wta --time-limit`, s (0: no limit).
pub const WTA_TIME_LIMIT_S: f64 = 1e6;

/// A number as a message shows it: plain when short, in exponent form when huge or tiny
/// (`1e300`, not its 301 digits).
pub fn show(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-4..1e7).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

fn in_range(name: &str, unit: &str, v: f64, (lo, hi): (f64, f64)) -> Result<(), String> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(format!(
            "{name} must be a number of {unit} between {lo} and {hi}, got {}",
            show(v)
        ))
    }
}

/// `run --replay-interval`.
pub fn replay_interval(v: f64) -> Result<(), String> {
    if !(v.is_finite() && v > 0.0) {
        return Err(format!(
            "--replay-interval must be a positive number of seconds, got {}",
            show(v)
        ));
    }
    in_range("--replay-interval", "seconds", v, REPLAY_INTERVAL_S)
}

/// `coverage --rcs`.
pub fn rcs(v: f64) -> Result<(), String> {
    in_range("--rcs", "square metres", v, RCS_M2)
}

/// `coverage --surface-height`.
pub fn surface_height(v: f64) -> Result<(), String> {
    in_range("--surface-height", "metres", v, SURFACE_HEIGHT_M)
}

/// `coverage --grid`.
pub fn grid(n: usize) -> Result<(), String> {
    if (GRID.0..=GRID.1).contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "--grid must be between {} and {} points a side, got {n}",
            GRID.0, GRID.1
        ))
    }
}

/// `coverage --dwell`.
pub fn dwell(n: u32) -> Result<(), String> {
    if (DWELL.0..=DWELL.1).contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "--dwell must be between {} and {} scans, got {n}",
            DWELL.0, DWELL.1
        ))
    }
}

/// `track --cutoff`.
pub fn cutoff(v: f64) -> Result<(), String> {
    if v.is_finite() && v > 0.0 && v <= CUTOFF_M {
        Ok(())
    } else {
        Err(format!(
            "--cutoff must be a positive distance in metres, at most {CUTOFF_M}, got {}",
            show(v)
        ))
    }
}

/// `wta --time-limit` (0: no limit). No limit is refused for `--method exact`, whose
/// branch and bound can run for days on a 40 × 40 instance, and for the local search
/// (`auto`, `heuristic`) unless `--iterations` bounds it: its only other stop is the stall
/// rule, 2 × shots rounds, hours on the largest instances the format allows. `greedy` is
/// bounded by the instance alone.
pub fn wta_time_limit(v: f64, method: WtaBound) -> Result<(), String> {
    if !(v.is_finite() && (0.0..=WTA_TIME_LIMIT_S).contains(&v)) {
        return Err(format!(
            "--time-limit must be a number of seconds between 0 (no limit) and {WTA_TIME_LIMIT_S}, got {}",
            show(v)
        ));
    }
    if v > 0.0 {
        return Ok(());
    }
    match method {
        WtaBound::Exact => Err(
            "--method exact needs a time limit: branch and bound may not finish in any \
             useful time (0 means no limit; it is accepted for greedy, and for auto and \
             heuristic with --iterations)"
                .into(),
        ),
        WtaBound::LocalSearch { iterations: None } => Err(
            "--time-limit 0 (no limit) needs --iterations N: without either bound the local \
             search stops only after 2 × shots rounds without improvement, hours on a large \
             instance (or use --method greedy)"
                .into(),
        ),
        WtaBound::Greedy
        | WtaBound::LocalSearch {
            iterations: Some(_),
        } => Ok(()),
    }
}

/// What bounds a `wta` solve besides its time limit (see [`wta_time_limit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WtaBound {
    /// Branch and bound (`--method exact`): nothing but the clock.
    Exact,
    /// The local search (`auto`, `heuristic`), with its `--iterations` cap if given.
    LocalSearch {
        /// `--iterations`.
        iterations: Option<u64>,
    },
    /// The greedy start alone: bounded by the instance.
    Greedy,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_are_in_the_messages() {
        assert!(
            rcs(1e300)
                .unwrap_err()
                .contains("between 0.000001 and 1000000")
        );
        assert!(rcs(f64::NAN).is_err() && rcs(0.0).is_err() && rcs(1.0).is_ok());
        assert!(grid(4000).unwrap_err().contains("between 2 and 2000"));
        assert!(dwell(0).is_err() && dwell(u32::MAX).is_err() && dwell(3).is_ok());
        let free = WtaBound::LocalSearch { iterations: None };
        let capped = WtaBound::LocalSearch {
            iterations: Some(10),
        };
        assert!(wta_time_limit(1e20, free).unwrap_err().contains("1000000"));
        assert!(wta_time_limit(1.8e19, free).is_err());
        assert!(
            wta_time_limit(0.0, WtaBound::Exact)
                .unwrap_err()
                .contains("needs a time limit")
        );
        assert!(
            wta_time_limit(0.0, free)
                .unwrap_err()
                .contains("needs --iterations")
        );
        assert!(wta_time_limit(0.0, capped).is_ok());
        assert!(wta_time_limit(0.0, WtaBound::Greedy).is_ok());
        assert!(wta_time_limit(1.0, free).is_ok() && wta_time_limit(1.0, WtaBound::Exact).is_ok());
        assert!(replay_interval(1e-300).is_err() && replay_interval(1.0).is_ok());
        assert!(cutoff(1e300).is_err() && cutoff(1000.0).is_ok());
        assert_eq!(show(1e300), "1e300");
        assert_eq!(show(0.5), "0.5");
    }
}
