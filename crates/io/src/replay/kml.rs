//! KML 2.2 (OGC 07-147r2) with the Google `gx:Track` extension, for Google Earth and
//! QGIS.
//!
//! One `Document` with shared styles (`defence`, `asset`, `threat`, `interceptor`,
//! `kill`) and folders: `Sites` (a Point Placemark per radar, command post and launcher),
//! `Defended assets`, `Threats` and `Interceptors` (a Placemark per entity with a
//! `gx:Track`: `when` as ISO 8601 UTC from the replay epoch, `gx:coord` "lon lat height",
//! altitude mode absolute) and `Events` (a Point Placemark with a `TimeStamp` at each
//! kill and each leak). Child elements follow the order of the OGC schema.

use std::fmt::Write as _;

use super::{Ending, MoverKind, Replay, SiteKind, iso8601};

/// Escapes text for XML content and attributes.
pub fn xml_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => s.push(' '),
            c => s.push(c),
        }
    }
    s
}

/// `replay` as a KML document. `None` if the epoch is not of the form
/// `YYYY-MM-DDThh:mm:ssZ`.
pub fn to_string(replay: &Replay) -> Option<String> {
    let mut k = String::new();
    header(&mut k, replay);
    site_folders(&mut k, replay);
    mover_folders(&mut k, replay)?;
    event_folder(&mut k, replay)?;
    // Writing to a String cannot fail.
    let _ = writeln!(k, "</Document>\n</kml>");
    Some(k)
}

/// The XML declaration, the document's opening, name, description and shared styles.
fn header(k: &mut String, replay: &Replay) {
    let e = xml_escape;
    // Writing to a String cannot fail.
    let _ = writeln!(k, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        k,
        r#"<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">"#
    );
    let _ = writeln!(k, "<Document>");
    let _ = writeln!(k, "<name>{}</name>", e(&replay.scenario));
    let _ = writeln!(
        k,
        "<description>iadsim replay: seed {}, replication {}, scenario start at {}</description>",
        replay.seed, replay.replication, replay.epoch
    );
    // Colours are aabbggrr.
    for (id, colour, scale) in [
        ("defence", "ffe65a28", 0.8),
        ("asset", "ffffffff", 1.0),
        ("threat", "ff2828dc", 0.6),
        ("interceptor", "ffe6c800", 0.5),
        ("kill", "ff00a5ff", 1.0),
    ] {
        let _ = writeln!(
            k,
            "<Style id=\"{id}\"><IconStyle><color>{colour}</color><scale>{scale}</scale></IconStyle>\
             <LabelStyle><color>{colour}</color><scale>0.7</scale></LabelStyle>\
             <LineStyle><color>{colour}</color><width>2</width></LineStyle></Style>"
        );
    }
}

/// A Point Placemark: `name`, `desc`, the time stamp `when` if any, style `style`,
/// `(lon, lat, height)` in degrees and metres.
fn point(
    k: &mut String,
    name: &str,
    desc: &str,
    when: Option<String>,
    style: &str,
    (lon, lat, h): (f64, f64, f64),
) {
    let e = xml_escape;
    let _ = write!(
        k,
        "<Placemark><name>{}</name><description>{}</description>",
        e(name),
        e(desc)
    );
    if let Some(w) = when {
        let _ = write!(k, "<TimeStamp><when>{w}</when></TimeStamp>");
    }
    let _ = writeln!(
        k,
        "<styleUrl>#{style}</styleUrl><Point><altitudeMode>absolute</altitudeMode>\
         <coordinates>{lon:.7},{lat:.7},{h:.2}</coordinates></Point></Placemark>"
    );
}

/// The folders `Sites` and `Defended assets`.
fn site_folders(k: &mut String, replay: &Replay) {
    for (folder, assets) in [("Sites", false), ("Defended assets", true)] {
        let _ = writeln!(k, "<Folder><name>{folder}</name>");
        for s in replay
            .sites
            .iter()
            .filter(|s| (s.kind == SiteKind::Asset) == assets)
        {
            let desc = if s.battalion.is_empty() {
                format!("{} ({})", s.kind.as_str(), s.type_name)
            } else {
                format!(
                    "{} ({}), battalion {}",
                    s.kind.as_str(),
                    s.type_name,
                    s.battalion
                )
            };
            let style = if assets { "asset" } else { "defence" };
            let p = &s.position;
            let position = (p.lon_deg(), p.lat_deg(), p.height);
            point(k, &s.name, &desc, None, style, position);
        }
        let _ = writeln!(k, "</Folder>");
    }
}

/// The folders `Threats` and `Interceptors`: a `gx:Track` per entity with samples.
fn mover_folders(k: &mut String, replay: &Replay) -> Option<()> {
    let at = |t: f64| iso8601(&replay.epoch, t);
    let e = xml_escape;
    for (folder, movers) in [
        ("Threats", &replay.threats),
        ("Interceptors", &replay.interceptors),
    ] {
        let _ = writeln!(k, "<Folder><name>{folder}</name>");
        for m in movers.iter().filter(|m| !m.samples.is_empty()) {
            let style = match m.kind {
                MoverKind::Threat(_) => "threat",
                MoverKind::Interceptor => "interceptor",
            };
            let _ = write!(
                k,
                "<Placemark><name>{}</name><description>{}</description><styleUrl>#{style}</styleUrl>\
                 <gx:Track><altitudeMode>absolute</altitudeMode>",
                e(&m.name),
                e(&m.type_name)
            );
            for s in &m.samples {
                let _ = write!(k, "<when>{}</when>", at(s.time)?);
            }
            for s in &m.samples {
                let _ = write!(
                    k,
                    "<gx:coord>{:.7} {:.7} {:.2}</gx:coord>",
                    s.lon_deg, s.lat_deg, s.height
                );
            }
            let _ = writeln!(k, "</gx:Track></Placemark>");
        }
        let _ = writeln!(k, "</Folder>");
    }
    Some(())
}

/// The folder `Events`: a time-stamped Point Placemark at each kill and each leak.
fn event_folder(k: &mut String, replay: &Replay) -> Option<()> {
    let at = |t: f64| iso8601(&replay.epoch, t);
    let _ = writeln!(k, "<Folder><name>Events</name>");
    for m in &replay.threats {
        let Some(s) = m.samples.last() else { continue };
        let text = match &m.ending {
            Ending::Killed { by } => format!(
                "{} destroyed by {}",
                m.name,
                replay
                    .interceptors
                    .get(*by)
                    .map_or("?", |i| i.name.as_str())
            ),
            Ending::Arrived { assets } if assets.is_empty() => {
                format!("{} reached its aim point", m.name)
            }
            Ending::Arrived { .. } => format!("{} hit a defended asset", m.name),
            _ => continue,
        };
        let style = if matches!(m.ending, Ending::Killed { .. }) {
            "kill"
        } else {
            "threat"
        };
        let when = Some(at(s.time)?);
        let position = (s.lon_deg, s.lat_deg, s.height);
        point(
            k,
            &text,
            &format!("t = {:.3} s", s.time),
            when,
            style,
            position,
        );
    }
    let _ = writeln!(k, "</Folder>");
    Some(())
}
