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
        problems.sort_by_key(|p| {
            (
                p.line.unwrap_or(usize::MAX),
                p.column.unwrap_or(usize::MAX),
            )
        });
        problems.dedup();
        Diagnostics { problems }
    }
}

/// The nearest of `candidates` to `word`, if it is close enough to be a likely typo.
pub(crate) fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lw = word.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let lc = c.to_ascii_lowercase();
        let score = if lc == lw {
            2.0
        } else {
            let s = strsim::jaro_winkler(&lw, &lc);
            // A unit-suffix slip (`speed_kmh` for `speed_m_s`) shares a long prefix.
            let stem = |s: &str| s.split('_').next().unwrap_or("").to_string();
            if stem(&lw) == stem(&lc) && lw.len() > 3 { s.max(0.85) } else { s }
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c)
}
