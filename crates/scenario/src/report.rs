//! Rendering problems as [`miette`] diagnostics with labelled source spans.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::diag::{Diagnostics, Problem};

impl Diagnostic for Problem {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Diagnostics {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.problems.iter().map(|p| p as &dyn Diagnostic)))
    }
}

/// Problems together with the source text they refer to: a [`miette::Diagnostic`] whose
/// related diagnostics carry labelled spans, for `miette`'s graphical report.
#[derive(Debug)]
pub struct SourceDiagnostics {
    source: NamedSource<String>,
    problems: Vec<Spanned>,
}

#[derive(Debug)]
struct Spanned {
    problem: Problem,
    span: Option<(usize, usize)>,
}

impl Diagnostics {
    /// Attach the scenario text (as given to [`crate::load_str`]) so that each problem
    /// renders with a labelled span, e.g. `miette::Report::new(d.with_source(src))`.
    pub fn with_source(self, source: &str) -> SourceDiagnostics {
        let name = self
            .problems
            .first()
            .map(|p| p.file.clone())
            .unwrap_or_default();
        let problems = self
            .problems
            .into_iter()
            .map(|p| {
                let span = p
                    .line
                    .and_then(|l| offset_of(source, l, p.column.unwrap_or(1)))
                    .map(|o| (o, token_len(&source[o..])));
                Spanned { problem: p, span }
            })
            .collect();
        SourceDiagnostics {
            source: NamedSource::new(name, source.to_string()),
            problems,
        }
    }
}

/// Byte offset of 1-based (line, character column).
fn offset_of(source: &str, line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += source[start..].find('\n')? + 1;
    }
    let text = &source[start..];
    let end = text.find('\n').unwrap_or(text.len());
    let col = text[..end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(end, |(i, _)| i);
    Some(start + col)
}

/// Length of the token starting at the beginning of `s` (at least one byte when possible).
fn token_len(s: &str) -> usize {
    let end = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | '}' | ']' | ':'))
        .map_or(s.len(), |(i, _)| i);
    if end == 0 {
        s.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    }
}

impl fmt::Display for SourceDiagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.source.name(),
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for SourceDiagnostics {}

impl fmt::Display for Spanned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problem.path.is_empty() {
            write!(f, "{}", self.problem.message)
        } else {
            write!(f, "{}: {}", self.problem.path, self.problem.message)
        }
    }
}

impl std::error::Error for Spanned {}

impl Diagnostic for Spanned {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (o, l) = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::at(o..o + l, "here"))))
    }
}

impl Diagnostic for SourceDiagnostics {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.problems.iter().map(|p| p as &dyn Diagnostic)))
    }
}

impl SourceDiagnostics {
    /// The problems.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().map(|p| &p.problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets() {
        let s = "ab\ncdé f\n";
        assert_eq!(offset_of(s, 1, 1), Some(0));
        assert_eq!(offset_of(s, 2, 1), Some(3));
        assert_eq!(offset_of(s, 2, 4), Some(3 + 4));
        assert_eq!(offset_of(s, 9, 1), None);
        assert_eq!(token_len("48N6E4}\n"), 6);
    }

    #[test]
    fn renders_with_labels() {
        let src = "name: x\nduration_s: .nan\nregiment: {battalions: []}\n";
        let d = crate::load_str(src, "x.yaml").unwrap_err();
        let report = miette::Report::new(d.with_source(src));
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, report.as_ref())
            .unwrap();
        assert!(out.contains("duration_s: not a number"), "{out}");
        assert!(out.contains(".nan"), "{out}");
        assert!(out.contains("x.yaml:2:13"), "{out}");
    }
}
