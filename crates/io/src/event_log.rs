//! The run's event log on disk: `events.jsonl`, one JSON object per line, or
//! `events.jsonl.zst`, the same bytes compressed with zstd (RFC 8878; `zstd -d`, Python's
//! `zstandard` or `compression.zstd`, and every reader here open it). Large raids write
//! gigabytes of plain JSON Lines; compressed they take about a tenth
//! (docs/scale.md has the measured ratios). The plain file stays the default: a student
//! can open it in any editor.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// zstd level of the compressed log. On the regiment scenario's 13.5 MB log, level 1 gave
/// 4.5× in 0.07 s, level 3 3.8× (sic), level 9 4.2× in 0.4 s, level 19 5.1× in 14 s:
/// the fastest level is as good as any worth its time. Output depends only on the input
/// and the level (single-threaded compression), so reruns stay byte-identical.
const ZSTD_LEVEL: i32 = 1;

/// How the event log is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventLogFormat {
    /// `events.jsonl`: plain JSON Lines.
    #[default]
    Jsonl,
    /// `events.jsonl.zst`: JSON Lines in one zstd frame.
    JsonlZstd,
}

impl EventLogFormat {
    /// Both formats, plain first.
    pub const ALL: [EventLogFormat; 2] = [EventLogFormat::Jsonl, EventLogFormat::JsonlZstd];

    /// The log's file name in a run folder.
    pub fn file_name(self) -> &'static str {
        match self {
            EventLogFormat::Jsonl => "events.jsonl",
            EventLogFormat::JsonlZstd => "events.jsonl.zst",
        }
    }

    /// The format a log file's name says (`None` for any other name).
    pub fn of_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        Self::ALL
            .into_iter()
            .find(|f| name.ends_with(f.file_name()))
    }
}

/// The event log of run folder `dir`: `events.jsonl` or `events.jsonl.zst`, whichever is
/// there. `None` when neither is; an error message when both are (a committed run
/// writes one, and the commit deletes the previous run's, so both means a folder edited
/// by hand).
pub fn find(dir: &Path) -> Result<Option<PathBuf>, String> {
    let there: Vec<PathBuf> = EventLogFormat::ALL
        .iter()
        .map(|f| dir.join(f.file_name()))
        .filter(|p| p.is_file())
        .collect();
    match there.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        _ => Err(format!(
            "{}: holds both events.jsonl and events.jsonl.zst; a run writes one of them \
             (remove the one that is not this run's)",
            dir.display()
        )),
    }
}

/// Opens the event log at `path` for reading lines, decompressing a `.zst` file as it
/// reads.
pub fn open(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path)?;
    Ok(match EventLogFormat::of_path(path) {
        Some(EventLogFormat::JsonlZstd) => {
            Box::new(BufReader::new(zstd::stream::read::Decoder::new(file)?))
        }
        _ => Box::new(BufReader::with_capacity(1 << 16, file)),
    })
}

/// A writer of the event log's bytes in one of the [`EventLogFormat`]s; [`finish`]
/// (Self::finish) ends the compressed frame. A compressed log not finished is cut short,
/// which every reader reports as an error: it is never taken for a complete log.
pub enum EventLogWriter<W: Write> {
    /// Plain bytes.
    Plain(W),
    /// Through a zstd encoder.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> EventLogWriter<W> {
    /// A writer of `format` into `out`.
    pub fn new(out: W, format: EventLogFormat) -> std::io::Result<Self> {
        Ok(match format {
            EventLogFormat::Jsonl => EventLogWriter::Plain(out),
            EventLogFormat::JsonlZstd => {
                EventLogWriter::Zstd(zstd::stream::write::Encoder::new(out, ZSTD_LEVEL)?)
            }
        })
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        match self {
            EventLogWriter::Plain(w) => w,
            EventLogWriter::Zstd(e) => e.get_ref(),
        }
    }

    /// Ends the log (the zstd frame) and returns the underlying writer.
    pub fn finish(self) -> std::io::Result<W> {
        match self {
            EventLogWriter::Plain(w) => Ok(w),
            EventLogWriter::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> std::fmt::Debug for EventLogWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EventLogWriter::Plain(_) => "EventLogWriter::Plain",
            EventLogWriter::Zstd(_) => "EventLogWriter::Zstd",
        })
    }
}

impl<W: Write> Write for EventLogWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            EventLogWriter::Plain(w) => w.write(buf),
            EventLogWriter::Zstd(e) => e.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            EventLogWriter::Plain(w) => w.write_all(buf),
            EventLogWriter::Zstd(e) => e.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            EventLogWriter::Plain(w) => w.flush(),
            EventLogWriter::Zstd(e) => e.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(path: &Path) -> Vec<String> {
        open(path).unwrap().lines().map(|l| l.unwrap()).collect()
    }

    #[test]
    fn both_formats_read_back_the_same_lines() {
        let dir = tempfile::tempdir().unwrap();
        let text: String = (0..5_000)
            .map(|i| {
                format!(
                    "{{\"time\":{i}.5,\"event\":\"leak\",\"threat\":{}}}\n",
                    i % 7
                )
            })
            .collect();
        for format in EventLogFormat::ALL {
            let path = dir.path().join(format.file_name());
            let mut w = EventLogWriter::new(Vec::new(), format).unwrap();
            w.write_all(text.as_bytes()).unwrap();
            let bytes = w.finish().unwrap();
            if format == EventLogFormat::JsonlZstd {
                // repetitive lines: far smaller, and a zstd frame (magic 28 B5 2F FD)
                assert!(
                    bytes.len() * 10 < text.len(),
                    "{} of {}",
                    bytes.len(),
                    text.len()
                );
                assert_eq!(bytes[..4], [0x28, 0xB5, 0x2F, 0xFD]);
            } else {
                assert_eq!(bytes, text.as_bytes());
            }
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(lines(&path), text.lines().collect::<Vec<_>>());
            assert_eq!(EventLogFormat::of_path(&path), Some(format));
        }
        // both in one folder: refused, by name
        let e = find(dir.path()).unwrap_err();
        assert!(e.contains("both events.jsonl and events.jsonl.zst"), "{e}");
    }

    #[test]
    fn a_cut_compressed_log_is_an_error_not_a_short_log() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = EventLogWriter::new(Vec::new(), EventLogFormat::JsonlZstd).unwrap();
        for i in 0..20_000 {
            writeln!(w, "{{\"time\":{i},\"event\":\"leak\",\"threat\":{i}}}").unwrap();
        }
        let bytes = w.finish().unwrap();
        let path = dir.path().join("events.jsonl.zst");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let read: Result<Vec<String>, _> = open(&path).unwrap().lines().collect();
        assert!(read.is_err());
        assert_eq!(find(dir.path()).unwrap(), Some(path));
    }

    #[test]
    fn the_same_input_compresses_to_the_same_bytes() {
        let compress = || {
            let mut w = EventLogWriter::new(Vec::new(), EventLogFormat::JsonlZstd).unwrap();
            for i in 0..3_000 {
                writeln!(w, "{{\"time\":{},\"event\":\"kill\"}}", i as f64 * 0.37).unwrap();
            }
            w.finish().unwrap()
        };
        assert_eq!(compress(), compress());
    }
}
