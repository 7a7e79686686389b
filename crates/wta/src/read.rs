//! Instance readers: the plain-text benchmark format and JSON.
//!
//! **Text format** (the format of the Andersen, Pavlikov & Toffolo 2022 benchmark files),
//! whitespace-separated numbers, `#` starts a comment line:
//!
//! ```text
//! m n mu          # weapons, targets, shots per weapon
//! V_0             # n target values
//! ...
//! V_{n-1}
//! w t p           # m·n lines: weapon, target (0-based), kill probability
//! ...
//! ```
//!
//! Every (weapon, target) pair must appear exactly once. **JSON format**:
//! `{"values": [...], "pk": [[...], ...], "shots": [...]}` with `pk[w][t]`.
//!
//! Errors carry the line (and for JSON the column) of the problem. The readers never panic
//! on malformed input and allocate in proportion to the input size, not to the sizes the
//! input claims.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::instance::{Instance, InstanceError, RawInstance};

/// Largest weapon or target count an instance may have (a text header is checked before
/// anything is read on; JSON and [`Instance::new`] check the same).
pub const MAX_DIMENSION: usize = 1 << 16;

/// Why an instance file could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    Encoding {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text format is malformed at a line (1-based).
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line number (the last line + 1 for "unexpected end of file").
        line: usize,
        /// What was expected and what was found.
        message: String,
    },
    /// The JSON is malformed or describes an invalid instance.
    #[error("JSON line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's message (including the validation error, if that was the cause).
        message: String,
    },
    /// The data parsed but do not form a valid instance.
    #[error("invalid instance: {0}")]
    Invalid(#[from] InstanceError),
}

/// Largest instance file read, bytes (an instance of [`crate::MAX_PK_ENTRIES`] pairs
/// takes some 40 MB as text).
pub const MAX_FILE_BYTES: u64 = 128 << 20;

/// Reads an instance file (at most [`MAX_FILE_BYTES`]), JSON if the extension is `.json`
/// or the content starts with `{`, the text benchmark format otherwise.
pub fn read_instance(path: &Path) -> Result<Instance, ReadError> {
    use std::io::Read;
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("larger than {MAX_FILE_BYTES} bytes"),
        )));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| ReadError::Encoding {
        offset: e.valid_up_to(),
    })?;
    let is_json_ext = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json_ext {
        parse_json(text)
    } else {
        parse_instance(text)
    }
}

/// Parses an instance from text, JSON if its first non-blank character is `{`, the text
/// benchmark format otherwise.
pub fn parse_instance(text: &str) -> Result<Instance, ReadError> {
    if text.trim_start().starts_with('{') {
        parse_json(text)
    } else {
        parse_text(text)
    }
}

/// Parses the JSON format `{"values": [...], "pk": [[...]], "shots": [...]}`.
///
/// Syntax and type errors carry a line and column; validation errors (see
/// [`Instance::new`]) name the weapon and target instead.
pub fn parse_json(text: &str) -> Result<Instance, ReadError> {
    let raw: RawInstance = serde_json::from_str(text).map_err(|e| ReadError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    Ok(Instance::new(raw.values, raw.pk, raw.shots)?)
}

/// Tokens of the text format with their 1-based line numbers.
struct Tokens<'a> {
    lines: std::iter::Enumerate<std::str::Lines<'a>>,
    current: Option<(usize, std::str::SplitWhitespace<'a>)>,
    last_line: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        Tokens {
            lines: text.lines().enumerate(),
            current: None,
            last_line: 0,
        }
    }

    fn next_token(&mut self) -> Option<(usize, &'a str)> {
        loop {
            if let Some((line, words)) = &mut self.current
                && let Some(word) = words.next()
            {
                return Some((*line, word));
            }
            let (i, line) = self.lines.next()?;
            self.last_line = i + 1;
            let content = if line.trim_start().starts_with('#') {
                ""
            } else {
                line
            };
            self.current = Some((i + 1, content.split_whitespace()));
        }
    }

    /// The next token, or an "unexpected end of file" error mentioning `what`.
    fn expect(&mut self, what: &str) -> Result<(usize, &'a str), ReadError> {
        self.next_token().ok_or_else(|| ReadError::Syntax {
            line: self.last_line + 1,
            message: format!("unexpected end of file: expected {what}"),
        })
    }

    fn integer(&mut self, what: &str) -> Result<(usize, u64), ReadError> {
        let (line, tok) = self.expect(what)?;
        tok.parse::<u64>()
            .map(|v| (line, v))
            .map_err(|_| ReadError::Syntax {
                line,
                message: format!("expected {what} (a non-negative integer), found {tok:?}"),
            })
    }

    fn number(&mut self, what: &str) -> Result<(usize, f64), ReadError> {
        let (line, tok) = self.expect(what)?;
        tok.parse::<f64>()
            .map(|v| (line, v))
            .map_err(|_| ReadError::Syntax {
                line,
                message: format!("expected {what} (a number), found {tok:?}"),
            })
    }
}

/// Parses the text benchmark format (see the module documentation).
pub fn parse_text(text: &str) -> Result<Instance, ReadError> {
    let mut tokens = Tokens::new(text);
    let (m, n, mu) = header(&mut tokens)?;
    let values = target_values(&mut tokens, n, text.len())?;
    // Kill-probability triples, collected first so that memory follows the input size.
    let triples = kill_probabilities(&mut tokens, m, n)?;
    let order = pair_order(&triples, m, n, tokens.last_line + 1)?;
    let mut pk: Vec<Vec<f64>> = Vec::with_capacity(m);
    for chunk in order.chunks(n.max(1)) {
        pk.push(chunk.iter().map(|&i| triples[i].2).collect());
    }
    if n == 0 {
        pk = vec![Vec::new(); m];
    }
    Ok(Instance::new(values, pk, vec![mu; m])?)
}

/// The header `m n mu` (weapons, targets, shots per weapon), checked against the bounds.
fn header(tokens: &mut Tokens<'_>) -> Result<(usize, usize, u32), ReadError> {
    let (line_m, m) = tokens.integer("the number of weapons (header `m n mu`)")?;
    let (line_n, n) = tokens.integer("the number of targets (header `m n mu`)")?;
    let (line_mu, mu) = tokens.integer("the shots per weapon (header `m n mu`)")?;
    for (line, v, what) in [(line_m, m, "weapons"), (line_n, n, "targets")] {
        if v > MAX_DIMENSION as u64 {
            return Err(ReadError::Syntax {
                line,
                message: format!("{v} {what}: at most {MAX_DIMENSION} are supported"),
            });
        }
    }
    if m.saturating_mul(n) > crate::MAX_PK_ENTRIES {
        return Err(ReadError::Syntax {
            line: line_m,
            message: format!(
                "{m} weapons × {n} targets: at most {} kill probabilities are supported",
                crate::MAX_PK_ENTRIES
            ),
        });
    }
    if m.saturating_mul(mu) > crate::MAX_TOTAL_SHOTS {
        return Err(ReadError::Syntax {
            line: line_mu,
            message: format!(
                "{m} weapons × {mu} shots: at most {} shots in total are supported",
                crate::MAX_TOTAL_SHOTS
            ),
        });
    }
    let mu = u32::try_from(mu).map_err(|_| ReadError::Syntax {
        line: line_mu,
        message: format!("{mu} shots per weapon does not fit in 32 bits"),
    })?;
    Ok((m as usize, n as usize, mu))
}

/// The `n` target values (finite, non-negative); `text_len` bounds the allocation.
fn target_values(
    tokens: &mut Tokens<'_>,
    n: usize,
    text_len: usize,
) -> Result<Vec<f64>, ReadError> {
    let mut values = Vec::with_capacity(n.min(text_len));
    for t in 0..n {
        let what = format!("the value of target {t}");
        let (line, v) = tokens.number(&what)?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(ReadError::Syntax {
                line,
                message: format!("{what} is {v}: target values must be finite and >= 0"),
            });
        }
        values.push(v);
    }

    Ok(values)
}

/// The `w t p` lines to the end: `(weapon, target, kill probability, line)`, indices and
/// probabilities checked.
fn kill_probabilities(
    tokens: &mut Tokens<'_>,
    m: usize,
    n: usize,
) -> Result<Vec<(usize, usize, f64, usize)>, ReadError> {
    let mut triples: Vec<(usize, usize, f64, usize)> = Vec::new();
    while let Some((line, tok)) = tokens.next_token() {
        let w = tok.parse::<u64>().map_err(|_| ReadError::Syntax {
            line,
            message: format!("expected a weapon index of a `w t p` line, found {tok:?}"),
        })?;
        let (lt, t) = tokens.integer("the target index of a `w t p` line")?;
        let (lp, p) = tokens.number("the kill probability of a `w t p` line")?;
        if w >= m as u64 {
            return Err(ReadError::Syntax {
                line,
                message: format!("weapon index {w} out of range: the header declares {m} weapons"),
            });
        }
        if t >= n as u64 {
            return Err(ReadError::Syntax {
                line: lt,
                message: format!("target index {t} out of range: the header declares {n} targets"),
            });
        }
        if !(0.0..=1.0).contains(&p) {
            return Err(ReadError::Syntax {
                line: lp,
                message: format!(
                    "kill probability {p} of weapon {w} against target {t} is outside [0, 1]"
                ),
            });
        }
        triples.push((w as usize, t as usize, p, line));
    }

    Ok(triples)
}

/// The triples in (weapon, target) order; an error for a duplicate or the first missing
/// pair (reported at `end_line`). Found by sorting (no m·n allocation).
fn pair_order(
    triples: &[(usize, usize, f64, usize)],
    m: usize,
    n: usize,
    end_line: usize,
) -> Result<Vec<usize>, ReadError> {
    let mut order: Vec<usize> = (0..triples.len()).collect();
    order.sort_by_key(|&i| (triples[i].0, triples[i].1, triples[i].3));
    let mut expected = (0usize, 0usize);
    let missing = |(w, t): (usize, usize)| ReadError::Syntax {
        line: end_line,
        message: format!(
            "no kill probability for weapon {w} against target {t}: expected one `w t p` line \
             for each of the {m} x {n} pairs, found {}",
            triples.len()
        ),
    };
    for (k, &i) in order.iter().enumerate() {
        let (w, t, _, line) = triples[i];
        if k > 0 {
            let (pw, pt, _, pline) = triples[order[k - 1]];
            if (pw, pt) == (w, t) {
                return Err(ReadError::Syntax {
                    line,
                    message: format!(
                        "second kill probability for weapon {w} against target {t} (first on line {pline})"
                    ),
                });
            }
        }
        if (w, t) != expected {
            return Err(missing(expected));
        }
        expected = if t + 1 == n { (w + 1, 0) } else { (w, t + 1) };
    }
    if n > 0 && expected.0 < m {
        return Err(missing(expected));
    }

    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "3 2 1\n10\n6\n0 0 0.8\n0 1 0.5\n1 0 0.6\n1 1 0.7\n2 0 0.5\n2 1 0.5\n";

    #[test]
    fn reads_text() {
        let i = parse_instance(SMALL).unwrap();
        assert_eq!(i.values(), &[10.0, 6.0]);
        assert_eq!(i.pk()[1], vec![0.6, 0.7]);
        assert_eq!(i.shots(), &[1, 1, 1]);
    }

    #[test]
    fn reads_json() {
        let i = parse_instance(r#"{"values": [10, 6], "pk": [[0.8, 0.5]], "shots": [2]}"#).unwrap();
        assert_eq!(i.shots(), &[2]);
        let e = parse_instance("{\"values\": [1],\n \"pk\": [[1.5]], \"shots\": [1]}").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("weapon 0 against target 0") && msg.contains("[0, 1]"),
            "{msg}"
        );
        let e =
            parse_instance("{\"values\": [1],\n \"pk\": [[0.5]], \"shots\": [-1]}").unwrap_err();
        assert!(matches!(e, ReadError::Json { line: 2, .. }), "{e}");
    }

    fn err_line(text: &str) -> (usize, String) {
        match parse_text(text) {
            Err(ReadError::Syntax { line, message }) => (line, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn text_errors_have_lines() {
        let (line, msg) = err_line("3 2 1\n10\nx\n");
        assert_eq!(line, 3, "{msg}");
        let (line, msg) = err_line(&SMALL.replace("1 1 0.7", "1 1 1.7"));
        assert_eq!(line, 7, "{msg}");
        let (line, msg) = err_line(&SMALL.replace("2 1 0.5", "1 1 0.5"));
        assert!(msg.contains("first on line 7"), "{msg}");
        assert_eq!(line, 9);
        let (_, msg) = err_line(&SMALL.replace("2 1 0.5\n", ""));
        assert!(msg.contains("weapon 2 against target 1"), "{msg}");
        let (line, msg) = err_line(&SMALL.replace("2 0 0.5", "5 0 0.5"));
        assert_eq!(line, 8, "{msg}");
        let (line, _) = err_line("3 2 1\n10\n-6\n");
        assert_eq!(line, 3);
        let (line, _) = err_line("99999999999 2 1\n");
        assert_eq!(line, 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "",
            "{",
            "}{",
            "1",
            "1 1",
            "1 1 1 ",
            "0 0 0",
            "2 0 5",
            "\u{0}\u{1}",
            "1 1 1\n1\n0 0 nan",
        ] {
            let _ = parse_instance(text);
        }
        assert!(parse_instance("0 0 0").is_ok());
        assert_eq!(parse_instance("2 0 5").unwrap().weapons(), 2);
    }
}
