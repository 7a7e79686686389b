//! CZML (Cesium Language): a JSON array of packets, the `document` packet first.
//!
//! - `document`: name, `version` "1.0", and a `clock` over the run (loop-stop, 10× speed);
//! - one packet per site (`site/<n>`): fixed `position.cartographicDegrees` [lon, lat,
//!   height], a `point` (blue), a `label`;
//! - one packet per threat (`threat/<k>`) and interceptor (`interceptor/<k>`):
//!   `availability` from appearance to end, `position` sampled as `cartographicDegrees`
//!   [t, lon, lat, height, …] with t in seconds from `epoch` (the scenario start), linear
//!   (`LAGRANGE` degree 1) interpolation, a `point` (red threats, cyan interceptors), a
//!   `path` trailing 60 s (threats) or 20 s (interceptors), a `label` with the name, and a
//!   `description` of how it ended.
//!
//! Times are ISO 8601 UTC from the replay epoch. Degrees rounded to 1e-7, heights and
//! sample times to 1e-2 / 1e-3: fixed precision, so the same run gives the same bytes.

use serde::Serialize;

use super::{Ending, Mover, MoverKind, Replay, Site, SiteKind, iso8601};

/// One CZML packet (only the properties iadsim writes).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Packet {
    /// Unique id ("document" for the first packet).
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// CZML version (document packet only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The clock (document packet only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<Clock>,
    /// HTML description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// ISO 8601 interval during which the entity exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<String>,
    /// Where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// A dot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub point: Option<Point>,
    /// Its trail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Path>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
}

/// The document clock.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Clock {
    /// ISO 8601 interval of the run.
    pub interval: String,
    /// Start time.
    pub current_time: String,
    /// Playback speed, simulated seconds per real second.
    pub multiplier: f64,
    /// `LOOP_STOP`.
    pub range: String,
    /// `SYSTEM_CLOCK_MULTIPLIER`.
    pub step: String,
}

/// A position: fixed, or sampled with an epoch.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// Epoch of the sample times (sampled only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// `LAGRANGE` (sampled only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpolation_algorithm: Option<String>,
    /// 1: linear (sampled only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interpolation_degree: Option<u32>,
    /// [lon°, lat°, height m], or [t s, lon°, lat°, height m, …].
    pub cartographic_degrees: Vec<f64>,
}

/// An RGBA colour, 0–255 each.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Color {
    /// [r, g, b, a].
    pub rgba: [u8; 4],
}

/// A point graphic.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    /// Fill colour.
    pub color: Color,
    /// Size, pixels.
    pub pixel_size: f64,
    /// Outline colour.
    pub outline_color: Color,
    /// Outline width, pixels.
    pub outline_width: f64,
}

/// A solid-colour material.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Material {
    /// The colour.
    pub solid_color: SolidColor,
}

/// The colour of a solid material.
#[derive(Debug, Clone, Serialize)]
pub struct SolidColor {
    /// The colour.
    pub color: Color,
}

/// A trail behind a moving entity.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    /// Line material.
    pub material: Material,
    /// Width, pixels.
    pub width: f64,
    /// Seconds shown ahead (0).
    pub lead_time: f64,
    /// Seconds of trail shown behind.
    pub trail_time: f64,
    /// Step between path points, s.
    pub resolution: f64,
}

/// A text label.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// Text.
    pub text: String,
    /// CSS font.
    pub font: String,
    /// Text colour.
    pub fill_color: Color,
    /// Offset from the position, pixels.
    pub pixel_offset: Cartesian2,
    /// `LEFT`.
    pub horizontal_origin: String,
}

/// A 2-D offset.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Cartesian2 {
    /// [x, y] pixels.
    pub cartesian2: [f64; 2],
}

const RED: [u8; 4] = [220, 40, 40, 255];
const BLUE: [u8; 4] = [40, 90, 230, 255];
const CYAN: [u8; 4] = [0, 200, 230, 255];
const WHITE: [u8; 4] = [255, 255, 255, 255];

fn r(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale
}

fn label(text: &str, colour: [u8; 4]) -> Label {
    Label {
        text: text.to_string(),
        font: "11pt sans-serif".into(),
        fill_color: Color { rgba: colour },
        pixel_offset: Cartesian2 {
            cartesian2: [8.0, -8.0],
        },
        horizontal_origin: "LEFT".into(),
    }
}

fn point(colour: [u8; 4], size: f64) -> Point {
    Point {
        color: Color { rgba: colour },
        pixel_size: size,
        outline_color: Color { rgba: WHITE },
        outline_width: 1.0,
    }
}

/// Escapes text for the HTML of a description.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A packet with only its id.
fn blank(id: String) -> Packet {
    Packet {
        id,
        name: None,
        version: None,
        clock: None,
        description: None,
        availability: None,
        position: None,
        point: None,
        path: None,
        label: None,
    }
}

/// The packets of `replay`, document first. `None` if the epoch is not of the form
/// `YYYY-MM-DDThh:mm:ssZ`.
pub fn packets(replay: &Replay) -> Option<Vec<Packet>> {
    let mut out = vec![document(replay)?];
    out.extend(replay.sites.iter().enumerate().map(|(i, s)| site(i, s)));
    let movers = replay
        .threats
        .iter()
        .enumerate()
        .map(|(k, m)| (format!("threat/{k}"), m))
        .chain(
            replay
                .interceptors
                .iter()
                .enumerate()
                .map(|(k, m)| (format!("interceptor/{k}"), m)),
        );
    for (id, m) in movers {
        if m.samples.is_empty() {
            continue;
        }
        out.push(mover(replay, id, m)?);
    }
    Some(out)
}

/// The document packet: name and clock.
fn document(replay: &Replay) -> Option<Packet> {
    let at = |t: f64| iso8601(&replay.epoch, t);
    let mut doc = blank("document".into());
    doc.name = Some(format!(
        "{} (seed {}, replication {})",
        replay.scenario, replay.seed, replay.replication
    ));
    doc.version = Some("1.0".into());
    doc.clock = Some(Clock {
        interval: format!("{}/{}", at(0.0)?, at(replay.duration)?),
        current_time: at(0.0)?,
        multiplier: 10.0,
        range: "LOOP_STOP".into(),
        step: "SYSTEM_CLOCK_MULTIPLIER".into(),
    });
    Some(doc)
}

/// The packet of site `i`.
fn site(i: usize, s: &Site) -> Packet {
    let mut p = blank(format!("site/{i}"));
    p.name = Some(s.name.clone());
    p.description = Some(html(&format!(
        "{} ({}){}",
        s.kind.as_str(),
        s.type_name,
        if s.battalion.is_empty() {
            String::new()
        } else {
            format!(", battalion {}", s.battalion)
        }
    )));
    p.position = Some(Position {
        epoch: None,
        interpolation_algorithm: None,
        interpolation_degree: None,
        cartographic_degrees: vec![
            r(s.position.lon_deg(), 1e7),
            r(s.position.lat_deg(), 1e7),
            r(s.position.height, 1e2),
        ],
    });
    let (colour, size) = match s.kind {
        SiteKind::Asset => (WHITE, 12.0),
        SiteKind::Launcher => (BLUE, 6.0),
        _ => (BLUE, 10.0),
    };
    p.point = Some(point(colour, size));
    if s.kind != SiteKind::Launcher {
        p.label = Some(label(&s.name, colour));
    }
    p
}

/// The packet of a mover with samples (id `id`): path over its life, its ending in the
/// description.
fn mover(replay: &Replay, id: String, m: &Mover) -> Option<Packet> {
    let at = |t: f64| iso8601(&replay.epoch, t);
    let (start, end) = (
        m.start_time(),
        if m.ended() {
            m.end_time()
        } else {
            replay.duration
        },
    );
    let mut p = blank(id);
    p.name = Some(m.name.clone());
    let ending = ending(replay, m);
    p.description = Some(html(&format!("{} ({}): {ending}", m.name, m.type_name)));
    p.availability = Some(format!("{}/{}", at(start)?, at(end)?));
    let mut coords = Vec::with_capacity(4 * m.samples.len());
    for s in &m.samples {
        coords.extend([
            r(s.time, 1e3),
            r(s.lon_deg, 1e7),
            r(s.lat_deg, 1e7),
            r(s.height, 1e2),
        ]);
    }
    p.position = Some(Position {
        epoch: Some(at(0.0)?),
        interpolation_algorithm: Some("LAGRANGE".into()),
        interpolation_degree: Some(1),
        cartographic_degrees: coords,
    });
    let (colour, trail) = match m.kind {
        MoverKind::Threat(_) => (RED, 60.0),
        MoverKind::Interceptor => (CYAN, 20.0),
    };
    p.point = Some(point(colour, 7.0));
    p.path = Some(Path {
        material: Material {
            solid_color: SolidColor {
                color: Color { rgba: colour },
            },
        },
        width: 2.0,
        lead_time: 0.0,
        trail_time: trail,
        resolution: 1.0,
    });
    if matches!(m.kind, MoverKind::Threat(_)) {
        p.label = Some(label(&m.name, colour));
    }
    Some(p)
}

/// How mover `m` ended, in words.
fn ending(replay: &Replay, m: &Mover) -> String {
    match &m.ending {
        Ending::None => "flying at the end of the run".to_string(),
        Ending::Killed { by } => format!(
            "destroyed by {} at t = {:.1} s",
            replay
                .interceptors
                .get(*by)
                .map_or("?", |i| i.name.as_str()),
            m.end_time()
        ),
        Ending::Arrived { assets } => format!(
            "reached its aim point at t = {:.1} s{}",
            m.end_time(),
            if assets.is_empty() {
                ""
            } else {
                ", hitting a defended asset"
            }
        ),
        Ending::Detonated {
            threat,
            miss,
            killed,
        } => format!(
            "detonated {miss:.1} m from {} at t = {:.1} s: {}",
            replay.threats.get(*threat).map_or("?", |t| t.name.as_str()),
            m.end_time(),
            if *killed { "kill" } else { "no kill" }
        ),
        Ending::Lost { reason } => format!("lost at t = {:.1} s: {reason}", m.end_time()),
    }
}

/// `replay` as CZML text (a JSON array, one packet per line). `None` if the epoch is not
/// of the form `YYYY-MM-DDThh:mm:ssZ`.
pub fn to_string(replay: &Replay) -> Option<String> {
    let packets = packets(replay)?;
    let mut s = String::from("[\n");
    for (i, p) in packets.iter().enumerate() {
        // Serialising these plain structs of strings and finite numbers cannot fail.
        s.push_str(&serde_json::to_string(p).ok()?);
        s.push_str(if i + 1 < packets.len() { ",\n" } else { "\n" });
    }
    s.push_str("]\n");
    Some(s)
}
