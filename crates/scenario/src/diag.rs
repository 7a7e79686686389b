//! Problems found in a scenario file, and the collection of them returned on failure.

use std::fmt;

/// One problem in a scenario file: where it is, what is wrong and what would be valid.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file name as given to the loader.
    pub file: String,
    /// 1-based line of the offending YAML node, if known.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending YAML node, if known.
    pub column: Option<usize>,
    /// Field path, e.g. `regiment.battalions[0].launchers[1].loadout[0].missile`; empty
    /// for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What would be valid, if there is something useful to say.
    pub help: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario file (at least one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    /// The problems, in file order (by line, then column).
    pub problems: Vec<Problem>,
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// Sort problems by position (unknown positions last) and drop exact duplicates.
    pub(crate) fn sorted(mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| (p.line.unwrap_or(usize::MAX), p.column.unwrap_or(usize::MAX)));
        problems.dedup();
        Diagnostics { problems }
    }
}

/// A number as people read it in a message: plain for ordinary magnitudes, scientific
/// for tiny or huge ones (in plain form `1e-300` would print as 300 digits).
pub(crate) fn num(v: f64) -> String {
    if v != 0.0 && v.is_finite() && (v.abs() < 1e-4 || v.abs() >= 1e15) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// A whole number with thousands separators: 30000000 → "30,000,000".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The nearest of `candidates` to `word`, if it is close enough to be a likely typo.
///
/// Besides string similarity (Jaro–Winkler), two rules catch the usual slips with unit
/// suffixes: the word is the start of a key (`speed` → `speed_m_s`), or the word starts
/// with a key's stem (`altitude` → `alt_m`, `speed_kmh` → `speed_m_s`).
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lw = word.to_ascii_lowercase();
    let mut best: Option<((f64, f64), &str)> = None;
    for c in candidates {
        let lc = c.to_ascii_lowercase();
        let jw = strsim::jaro_winkler(&lw, &lc);
        let stem = lc.split('_').next().unwrap_or("");
        let rule: f64 = if lc == lw {
            2.0
        } else if lw.len() >= 3 && lc.starts_with(&lw) {
            0.93
        } else if stem.len() >= 3 && lw.starts_with(stem) {
            0.9
        } else {
            0.0
        };
        let score = (rule.max(jw), jw);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|((s, _), _)| *s >= 0.8).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{nearest, num, thousands};

    #[test]
    fn numbers_stay_short() {
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(604800.0), "604800");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1e-300), "1e-300");
        assert_eq!(num(-2.5e-7), "-2.5e-7");
        assert_eq!(num(1e300), "1e300");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(30_000_000), "30,000,000");
        assert_eq!(thousands(1_000), "1,000");
    }

    #[test]
    fn suggestions() {
        let pos = ["lat_deg", "lon_deg", "alt_m", "from", "east_km", "north_km"];
        for (w, want) in [
            ("lat", "lat_deg"),
            ("lon", "lon_deg"),
            ("latitude", "lat_deg"),
            ("longitude", "lon_deg"),
            ("alt", "alt_m"),
            ("altitude", "alt_m"),
            ("east_m", "east_km"),
            ("north", "north_km"),
            ("lat_degs", "lat_deg"),
        ] {
            assert_eq!(nearest(w, pos), Some(want), "{w}");
        }
        let top = [
            "name",
            "description",
            "seed",
            "duration_s",
            "time_step_s",
            "sites",
            "assets",
            "regiment",
            "threats",
            "doctrine",
        ];
        for (w, want) in [
            ("duration", "duration_s"),
            ("time_step", "time_step_s"),
            ("timestep_s", "time_step_s"),
            ("asset", "assets"),
            ("regiments", "regiment"),
            ("threat", "threats"),
        ] {
            assert_eq!(nearest(w, top), Some(want), "{w}");
        }
        let cm = [
            "speed_m_s",
            "altitude_agl_m",
            "launch_time_s",
            "interval_s",
            "lateral_spacing_km",
            "target",
            "target_point",
        ];
        for (w, want) in [
            ("speed_kmh", "speed_m_s"),
            ("speed", "speed_m_s"),
            ("altitude_m", "altitude_agl_m"),
            ("launch_time", "launch_time_s"),
            ("interval", "interval_s"),
        ] {
            assert_eq!(nearest(w, cm), Some(want), "{w}");
        }
        assert_eq!(nearest("zzzz", cm), None);
    }
}
