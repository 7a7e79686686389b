//! The event log as JSON Lines: one event object per line, fields as in
//! `iadsim_sim::events` (documented in docs/events.md).

use std::io::Write;

use iadsim_sim::events::{Event, EventSink};

/// An [`EventSink`] writing one JSON object per line. The first write error stops
/// writing and is kept for [`JsonlSink::finish`].
#[derive(Debug)]
pub struct JsonlSink<W: Write> {
    out: W,
    error: Option<std::io::Error>,
    lines: u64,
}

impl<W: Write> JsonlSink<W> {
    /// Writes events to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            error: None,
            lines: 0,
        }
    }

    /// Lines written so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Returns the writer, or the first error met.
    pub fn finish(self) -> Result<W, std::io::Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }
}

impl<W: Write> EventSink for JsonlSink<W> {
    fn record(&mut self, event: &Event) {
        if self.error.is_some() {
            return;
        }
        let res = serde_json::to_writer(&mut self.out, event)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"));
        match res {
            Ok(()) => self.lines += 1,
            Err(e) => self.error = Some(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iadsim_sim::events::EventKind;

    #[test]
    fn one_tagged_object_per_line() {
        let mut sink = JsonlSink::new(Vec::new());
        sink.record(&Event {
            time: 12.5,
            kind: EventKind::Leak { threat: 3 },
        });
        sink.record(&Event {
            time: 13.0,
            kind: EventKind::Kill {
                threat: 4,
                interceptor: 7,
            },
        });
        assert_eq!(sink.lines(), 2);
        let text = String::from_utf8(sink.finish().unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], r#"{"time":12.5,"event":"leak","threat":3}"#);
        let back: Event = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(
            back.kind,
            EventKind::Kill {
                threat: 4,
                interceptor: 7
            }
        );
    }
}
