//! Tacview ACMI 2.2 text (`FileType=text/acmi/tacview`, `FileVersion=2.2`).
//!
//! Layout of what is written (see docs/replay.md):
//!
//! - header: the two mandatory lines, then global properties on object `0`:
//!   `ReferenceTime` (the replay epoch), `ReferenceLongitude` / `ReferenceLatitude` (the
//!   regiment command post, whole degrees toward zero so offsets stay small), `Title`,
//!   `DataSource`, `Author`, `Comments` (seed and replication);
//! - frame `#0`: every site (`Ground+Static+AntiAircraft` for radars and launchers,
//!   `Ground+Static+Building` for command posts and assets), Blue;
//! - one frame `#t` per sample time (seconds from scenario start, 3 decimals): each
//!   threat (`Air+FixedWing`, `Weapon+Missile` for cruise and `Weapon+Missile+Heavy` for
//!   ballistic missiles, Red) and interceptor (`Weapon+Missile`, Blue) with
//!   `T=lon|lat|alt|roll|pitch|yaw`, lon/lat as offsets from the reference (7 decimals,
//!   ≈ 1 cm), altitude m (2 decimals), roll 0, pitch and yaw from the velocity, degrees;
//!   static properties (`Type`, `Name`, `CallSign`, `Color`, `Coalition`, `Group`) only on
//!   an object's first line;
//! - at a kill: `0,Event=Destroyed|<threat>|` and a `0,Event=Message|<interceptor>|...`
//!   line, then `-<id>` for both; at a detonation without kill, a leak, an asset hit or a
//!   lost missile: `0,Event=Message|<id>|...` and `-<id>`.
//!
//! Object ids are hexadecimal: sites from 0x100, threats from the next multiple of
//! 0x1000, interceptors from the next multiple of 0x10000 after those. Property values
//! escape `,` as `\,`; line breaks become spaces and backslashes `/`.

use std::io::Write;

use super::{Ending, Mover, MoverKind, Replay, SiteKind};
use iadsim_sim::setup::ThreatClass;

/// Hexadecimal object id bases of a replay: (sites, threats, interceptors).
pub fn id_bases(replay: &Replay) -> (u64, u64, u64) {
    let round_up = |x: u64, m: u64| x.div_ceil(m) * m;
    let sites = 0x100;
    let threats = round_up(sites + replay.sites.len() as u64 + 1, 0x1000);
    let interceptors = round_up(threats + replay.threats.len() as u64 + 1, 0x10000);
    (sites, threats, interceptors)
}

/// Escapes a property value: `,` → `\,`, line breaks → space, `\` → `/`.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ',' => s.push_str("\\,"),
            '\\' => s.push('/'),
            '\n' | '\r' => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// One line to write at a time; `order` keeps lines of the same time in a fixed order.
struct Line {
    time: f64,
    order: (u8, u64, usize),
    text: String,
}

/// The reference point of the positions (whole degrees toward zero).
struct Reference {
    lon: f64,
    lat: f64,
}

impl Reference {
    /// The `T=` property of a position: lon/lat offsets (7 decimals), height (2).
    fn t_prop(&self, lon: f64, lat: f64, h: f64) -> String {
        format!("T={:.7}|{:.7}|{:.2}", lon - self.lon, lat - self.lat, h)
    }
}

/// Writes `replay` as ACMI 2.2 text to `out`.
pub fn write(replay: &Replay, out: &mut dyn Write) -> std::io::Result<()> {
    let reference = Reference {
        lon: replay.reference.lon_deg().trunc(),
        lat: replay.reference.lat_deg().trunc(),
    };
    write_header(replay, &reference, out)?;
    write_sites(replay, &reference, out)?;
    let mut lines = mover_lines(replay, &reference);
    lines.sort_by(|a, b| a.time.total_cmp(&b.time).then(a.order.cmp(&b.order)));

    let mut frame = String::from("0");
    for l in &lines {
        let stamp = format_time(l.time);
        if stamp != frame {
            writeln!(out, "#{stamp}")?;
            frame = stamp;
        }
        writeln!(out, "{}", l.text)?;
    }
    Ok(())
}

/// The two mandatory lines and the global properties.
fn write_header(
    replay: &Replay,
    reference: &Reference,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "FileType=text/acmi/tacview")?;
    writeln!(out, "FileVersion=2.2")?;
    writeln!(out, "0,ReferenceTime={}", replay.epoch)?;
    writeln!(out, "0,ReferenceLongitude={}", reference.lon)?;
    writeln!(out, "0,ReferenceLatitude={}", reference.lat)?;
    writeln!(out, "0,Title={}", escape(&replay.scenario))?;
    writeln!(out, "0,DataSource=iadsim {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "0,Author=iadsim")?;
    writeln!(
        out,
        "0,Comments=seed {} replication {}; simulated on public parameters only",
        replay.seed, replay.replication
    )
}

/// Frame `#0`: every site.
fn write_sites(replay: &Replay, reference: &Reference, out: &mut dyn Write) -> std::io::Result<()> {
    let (site_base, _, _) = id_bases(replay);
    writeln!(out, "#0")?;
    for (i, s) in replay.sites.iter().enumerate() {
        let ty = match s.kind {
            SiteKind::AcquisitionRadar | SiteKind::EngagementRadar | SiteKind::Launcher => {
                "Ground+Static+AntiAircraft"
            }
            SiteKind::CommandPost | SiteKind::Asset => "Ground+Static+Building",
        };
        let p = &s.position;
        write!(
            out,
            "{:x},{},Type={ty},Name={},CallSign={},Color=Blue,Coalition=Defence",
            site_base + i as u64,
            reference.t_prop(p.lon_deg(), p.lat_deg(), p.height),
            escape(&s.type_name),
            escape(&s.name),
        )?;
        if !s.battalion.is_empty() {
            write!(out, ",Group={}", escape(&s.battalion))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The lines of every threat and interceptor: positions, then events and removal at the
/// end (after the last position of the frame). Not sorted.
fn mover_lines(replay: &Replay, reference: &Reference) -> Vec<Line> {
    let (_, threat_base, icpt_base) = id_bases(replay);
    let mut lines: Vec<Line> = Vec::new();
    let movers = replay
        .threats
        .iter()
        .enumerate()
        .map(|(k, m)| (0u8, threat_base + k as u64, m))
        .chain(
            replay
                .interceptors
                .iter()
                .enumerate()
                .map(|(k, m)| (1u8, icpt_base + k as u64, m)),
        );
    for (group, id, m) in movers {
        sample_lines(m, group, id, reference, &mut lines);
        let Some(last) = m.samples.last() else {
            continue;
        };
        let ends = ending_texts(replay, m, id, icpt_base);
        if ends.is_empty() {
            continue;
        }
        lines.extend(
            ends.into_iter()
                .chain([(9, format!("-{id:x}"))])
                .map(|(k, text)| Line {
                    time: last.time,
                    order: (2 + group, id, k),
                    text,
                }),
        );
    }
    lines
}

/// The position lines of mover `m` (object `id`, order group `group`); the static
/// properties on the first.
fn sample_lines(m: &Mover, group: u8, id: u64, reference: &Reference, lines: &mut Vec<Line>) {
    let (ty, color, coalition) = match m.kind {
        MoverKind::Threat(ThreatClass::Aircraft) => ("Air+FixedWing", "Red", "Raid"),
        MoverKind::Threat(ThreatClass::CruiseMissile) => ("Weapon+Missile", "Red", "Raid"),
        MoverKind::Threat(ThreatClass::BallisticMissile) => ("Weapon+Missile+Heavy", "Red", "Raid"),
        MoverKind::Interceptor => ("Weapon+Missile", "Blue", "Defence"),
    };
    for (j, s) in m.samples.iter().enumerate() {
        // `+ 0.0` writes a negative zero as 0.0.
        let mut text = format!(
            "{id:x},{}|0|{:.1}|{:.1}",
            reference.t_prop(s.lon_deg, s.lat_deg, s.height),
            s.pitch_deg + 0.0,
            s.heading_deg + 0.0
        );
        if j == 0 {
            text.push_str(&format!(
                ",Type={ty},Name={},CallSign={},Color={color},Coalition={coalition}",
                escape(&m.type_name),
                escape(&m.name)
            ));
            if !m.battalion.is_empty() {
                text.push_str(&format!(",Group={}", escape(&m.battalion)));
            }
        }
        lines.push(Line {
            time: s.time,
            order: (group, id, j),
            text,
        });
    }
}

/// The event lines at the end of mover `m` (object `id`), `(order, text)`; none if it
/// did not end.
fn ending_texts(replay: &Replay, m: &Mover, id: u64, icpt_base: u64) -> Vec<(usize, String)> {
    match &m.ending {
        Ending::None => Vec::new(),
        Ending::Killed { by } => {
            let by_name = replay
                .interceptors
                .get(*by)
                .map_or("?", |i| i.name.as_str());
            vec![
                (0, format!("0,Event=Destroyed|{id:x}|")),
                (
                    1,
                    format!(
                        "0,Event=Message|{:x}|{} destroyed by {}",
                        icpt_base + *by as u64,
                        escape(&m.name),
                        escape(by_name)
                    ),
                ),
            ]
        }
        Ending::Arrived { assets } => {
            let mut text = format!(
                "0,Event=Message|{id:x}|{} reached its aim point",
                escape(&m.name)
            );
            for a in assets {
                let name = replay
                    .sites
                    .iter()
                    .filter(|s| s.kind == SiteKind::Asset)
                    .nth(*a)
                    .map_or("?", |s| s.name.as_str());
                text.push_str(&format!(" and hit {}", escape(name)));
            }
            vec![(0, text)]
        }
        Ending::Detonated {
            threat,
            miss,
            killed,
        } => {
            let target = replay.threats.get(*threat).map_or("?", |t| t.name.as_str());
            vec![(
                0,
                format!(
                    "0,Event=Message|{id:x}|{} detonated {miss:.1} m from {}: {}",
                    escape(&m.name),
                    escape(target),
                    if *killed { "kill" } else { "no kill" }
                ),
            )]
        }
        Ending::Lost { reason } => vec![(
            0,
            format!(
                "0,Event=Message|{id:x}|{} lost: {}",
                escape(&m.name),
                escape(reason)
            ),
        )],
    }
}

/// `text` as a zip archive of one Deflate-compressed entry `entry` (Tacview's
/// `.zip.acmi`). The entry's time stamp is fixed (1980-01-01 00:00), so the same text
/// gives the same bytes.
pub fn zip(text: &[u8], entry: &str) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    w.start_file(entry, options)
        .map_err(std::io::Error::other)?;
    w.write_all(text)?;
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// A frame time: 3 decimals with trailing zeros (and a bare point) removed.
fn format_time(t: f64) -> String {
    let s = format!("{t:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_times() {
        assert_eq!(escape("a,b\\c\nd"), "a\\,b/c d");
        assert_eq!(format_time(12.0), "12");
        assert_eq!(format_time(12.5), "12.5");
        assert_eq!(format_time(0.0), "0");
        assert_eq!(format_time(1234.56789), "1234.568");
    }
}
