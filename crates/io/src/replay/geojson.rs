//! GeoJSON (RFC 7946) of a run: sites, defended assets, the coverage and engagement
//! zones when given (the features of [`crate::coverage::geojson`], reused as they are),
//! and the run itself: a LineString per threat (`kind` `threat_track`) and interceptor
//! (`interceptor_track`) with [lon°, lat°, height m] positions, and a Point per kill
//! (`kill`) and leak (`leak`), each with its time in seconds.
//!
//! Without coverage, sites (`kind` `site`) and assets (`asset`) come from the replay with
//! the same properties the coverage export gives them; launcher sites add `rounds`, their
//! load at scenario start (`[{missile, count}]`). Positions are built with
//! [`crate::geojson`]: degrees rounded to 1e-6 (≈ 0.1 m), heights to 0.1 m.

use iadsim_sim::coverage::CoverageResult;
use serde_json::{Value, json};

use super::{Ending, Mover, MoverKind, Replay, Site, SiteKind};
use crate::geojson::{
    feature, feature_collection, features_of, line_string, point, position, position_3d,
};

/// `seconds` rounded to the millisecond.
fn ms(seconds: f64) -> f64 {
    (seconds * 1e3).round() / 1e3
}

/// The FeatureCollection of `replay`, with `coverage`'s features first when given.
pub fn to_value(replay: &Replay, coverage: Option<&CoverageResult>) -> Value {
    let mut features: Vec<Value> = coverage
        .map(|c| features_of(crate::coverage::geojson(c)))
        .unwrap_or_default();
    if coverage.is_none() {
        features.extend(replay.sites.iter().map(site));
    }
    add_launcher_loads(replay, &mut features);
    let movers = replay
        .threats
        .iter()
        .enumerate()
        .chain(replay.interceptors.iter().enumerate());
    for (index, m) in movers {
        // A LineString needs two or more positions.
        if m.samples.len() < 2 {
            continue;
        }
        features.push(track(index, m));
    }
    for (k, m) in replay.threats.iter().enumerate() {
        let Some(s) = m.samples.last() else { continue };
        let kind = match m.ending {
            Ending::Killed { .. } => "kill",
            Ending::Arrived { .. } => "leak",
            _ => continue,
        };
        features.push(feature(
            point(position_3d(s.lon_deg, s.lat_deg, s.height)),
            json!({"kind": kind, "threat": k, "name": m.name, "time_s": ms(s.time)}),
        ));
    }
    let name = format!(
        "{} replay (seed {}, replication {})",
        replay.scenario, replay.seed, replay.replication
    );
    feature_collection(name, features)
}

/// The Point feature of a site (`kind` `site`) or defended asset (`asset`).
fn site(s: &Site) -> Value {
    let p = &s.position;
    let geometry = point(position(p.lon_deg(), p.lat_deg()));
    if s.kind == SiteKind::Asset {
        feature(geometry, json!({"kind": "asset", "name": s.name}))
    } else {
        feature(
            geometry,
            json!({
                "kind": "site",
                "site_kind": s.kind.as_str(),
                "name": s.name,
                "battalion": s.battalion,
                "height_m": p.height,
            }),
        )
    }
}

/// Launchers carry their load, so a reader can count rounds left over time.
fn add_launcher_loads(replay: &Replay, features: &mut [Value]) {
    for f in features.iter_mut() {
        let p = &mut f["properties"];
        if p["kind"] != "site" || p["site_kind"] != "launcher" {
            continue;
        }
        let launcher = replay
            .sites
            .iter()
            .find(|s| s.kind == SiteKind::Launcher && p["name"] == s.name.as_str());
        if let (Some(l), Some(props)) = (launcher, p.as_object_mut()) {
            let rounds: Vec<Value> = l
                .rounds
                .iter()
                .map(|(missile, count)| json!({"missile": missile, "count": count}))
                .collect();
            props.insert("rounds".into(), Value::Array(rounds));
        }
    }
}

/// The track feature (LineString, MultiLineString across the antimeridian) of mover `m`
/// (index `index` among its kind), two or more samples.
fn track(index: usize, m: &Mover) -> Value {
    let coords: Vec<[f64; 3]> = m
        .samples
        .iter()
        .map(|s| position_3d(s.lon_deg, s.lat_deg, s.height))
        .collect();
    let (kind, class) = match m.kind {
        MoverKind::Threat(c) => ("threat_track", json!(c)),
        MoverKind::Interceptor => ("interceptor_track", Value::Null),
    };
    let ending = match &m.ending {
        Ending::None => "flying",
        Ending::Killed { .. } => "killed",
        Ending::Arrived { .. } => "leaked",
        Ending::Detonated { killed: true, .. } => "detonated_kill",
        Ending::Detonated { .. } => "detonated_no_kill",
        Ending::Lost { .. } => "lost",
    };
    // Cut at the antimeridian (RFC 7946 §3.1.9): a MultiLineString when it crosses.
    let mut parts = crate::antimeridian::split_line(&coords);
    let geometry = if parts.len() == 1 {
        line_string(&parts.remove(0))
    } else {
        json!({"type": "MultiLineString", "coordinates": parts})
    };
    feature(
        geometry,
        json!({
            "kind": kind,
            "index": index,
            "name": m.name,
            "type_name": m.type_name,
            "class": class,
            "battalion": m.battalion,
            "start_s": ms(m.start_time()),
            "end_s": ms(m.end_time()),
            "ending": ending,
        }),
    )
}
