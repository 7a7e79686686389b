//! GeoJSON (RFC 7946) of a run: sites, defended assets, the coverage and engagement
//! zones when given (the features of [`crate::coverage::geojson`], reused as they are),
//! and the run itself: a LineString per threat (`kind` `threat_track`) and interceptor
//! (`interceptor_track`) with [lon°, lat°, height m] positions, and a Point per kill
//! (`kill`) and leak (`leak`), each with its time in seconds.
//!
//! Without coverage, sites (`kind` `site`) and assets (`asset`) come from the replay with
//! the same properties the coverage export gives them; launcher sites add `rounds`, their
//! load at scenario start (`[{missile, count}]`). Degrees are rounded to 1e-6
//! (≈ 0.1 m), heights to 0.1 m.

use iadsim_sim::coverage::CoverageResult;
use serde_json::{Value, json};

use super::{Ending, MoverKind, Replay, SiteKind};

fn r(x: f64, scale: f64) -> f64 {
    (x * scale).round() / scale
}

fn feature(geometry: Value, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

/// The FeatureCollection of `replay`, with `coverage`'s features first when given.
pub fn to_value(replay: &Replay, coverage: Option<&CoverageResult>) -> Value {
    let mut features: Vec<Value> = match coverage {
        Some(c) => match crate::coverage::geojson(c) {
            Value::Object(mut o) => match o.remove("features") {
                Some(Value::Array(f)) => f,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        None => Vec::new(),
    };
    if coverage.is_none() {
        for s in &replay.sites {
            let p = &s.position;
            let geometry =
                json!({"type": "Point", "coordinates": [r(p.lon_deg(), 1e6), r(p.lat_deg(), 1e6)]});
            features.push(if s.kind == SiteKind::Asset {
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
            });
        }
    }
    // Launchers carry their load, so a reader can count rounds left over time.
    for f in &mut features {
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
        let coords: Vec<[f64; 3]> = m
            .samples
            .iter()
            .map(|s| [r(s.lon_deg, 1e6), r(s.lat_deg, 1e6), r(s.height, 10.0)])
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
            json!({"type": "LineString", "coordinates": parts.remove(0)})
        } else {
            json!({"type": "MultiLineString", "coordinates": parts})
        };
        features.push(feature(
            geometry,
            json!({
                "kind": kind,
                "index": index,
                "name": m.name,
                "type_name": m.type_name,
                "class": class,
                "battalion": m.battalion,
                "start_s": r(m.start_time(), 1e3),
                "end_s": r(m.end_time(), 1e3),
                "ending": ending,
            }),
        ));
    }
    for (k, m) in replay.threats.iter().enumerate() {
        let Some(s) = m.samples.last() else { continue };
        let kind = match m.ending {
            Ending::Killed { .. } => "kill",
            Ending::Arrived { .. } => "leak",
            _ => continue,
        };
        features.push(feature(
            json!({"type": "Point", "coordinates": [r(s.lon_deg, 1e6), r(s.lat_deg, 1e6), r(s.height, 10.0)]}),
            json!({"kind": kind, "threat": k, "name": m.name, "time_s": r(s.time, 1e3)}),
        ));
    }
    json!({
        "type": "FeatureCollection",
        "name": format!("{} replay (seed {}, replication {})", replay.scenario, replay.seed, replay.replication),
        "features": features,
    })
}
