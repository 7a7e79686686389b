//! GeoJSON (RFC 7946) building blocks shared by every GeoJSON the workspace writes (the
//! coverage map, [`crate::coverage::geojson`], and the replay export,
//! [`crate::replay::geojson`]).
//!
//! Positions are WGS-84 `[longitude°, latitude°]` or `[longitude°, latitude°, height m]`
//! (RFC 7946 §3.1.1: longitude first), degrees rounded to 1e-6° (≈ 0.1 m) and heights to
//! 0.1 m. Rings are closed and have at least four positions (§3.1.6); the caller gives
//! exteriors counter-clockwise and holes clockwise (the right-hand rule).
//!
//! Checked by the unit tests below (closing, deduplication, the four-position rule) and
//! by crates/io/tests/replay.rs and the coverage tests (whole documents).

use serde::Serialize;
use serde_json::{Value, json};

use iadsim_sim::coverage::contour::Polygon;

/// `deg` rounded to 1e-6° (≈ 0.1 m on the ground), the precision of every GeoJSON
/// coordinate the workspace writes.
pub fn round_deg(deg: f64) -> f64 {
    (deg * 1e6).round() / 1e6
}

/// `height` (m) rounded to 0.1 m.
pub fn round_height(height: f64) -> f64 {
    (height * 10.0).round() / 10.0
}

/// A 2-D position `[lon°, lat°]`, rounded.
pub fn position(lon_deg: f64, lat_deg: f64) -> [f64; 2] {
    [round_deg(lon_deg), round_deg(lat_deg)]
}

/// A 3-D position `[lon°, lat°, height m]`, rounded.
pub fn position_3d(lon_deg: f64, lat_deg: f64, height: f64) -> [f64; 3] {
    [round_deg(lon_deg), round_deg(lat_deg), round_height(height)]
}

/// A Point geometry at `position` (2-D or 3-D, already rounded: see [`position`]).
pub fn point<P: Serialize>(position: P) -> Value {
    json!({"type": "Point", "coordinates": position})
}

/// A LineString geometry through `positions` (already rounded). RFC 7946 wants two or
/// more positions; the caller skips shorter tracks.
pub fn line_string<P: Serialize>(positions: &[P]) -> Value {
    json!({"type": "LineString", "coordinates": positions})
}

/// A linear ring of [`position`]s from `ring` (`[lon°, lat°]`): rounded, consecutive
/// duplicates removed, closed; `None` when fewer than four positions remain.
pub fn ring(ring: &[[f64; 2]]) -> Option<Value> {
    let mut pts: Vec<[f64; 2]> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = position(p[0], p[1]);
        if pts.last() != Some(&q) {
            pts.push(q);
        }
    }
    if pts.first() != pts.last() {
        let first = pts[0];
        pts.push(first);
    }
    (pts.len() >= 4).then(|| json!(pts))
}

/// A Polygon geometry from rings made by [`ring`] (exterior first, then holes).
pub fn polygon(rings: Vec<Value>) -> Value {
    json!({"type": "Polygon", "coordinates": rings})
}

/// A MultiPolygon geometry of `polygons` (`[lon°, lat°]` rings, longitudes continuous, possibly
/// past ±180°), each cut at the antimeridian (RFC 7946 §3.1.9); a polygon whose exterior
/// degenerates (see [`ring`]) is left out, and so is a degenerate hole.
pub fn multi_polygon(polygons: &[Polygon]) -> Value {
    let coords: Vec<Value> = polygons
        .iter()
        .flat_map(|p| crate::antimeridian::split_polygon(&p.exterior, &p.holes))
        .filter_map(|(exterior, holes)| {
            let ext = ring(&exterior)?;
            let mut rings = vec![ext];
            rings.extend(holes.iter().filter_map(|h| ring(h)));
            Some(Value::Array(rings))
        })
        .collect();
    json!({"type": "MultiPolygon", "coordinates": coords})
}

/// A Feature of `geometry` with `properties` (a JSON object).
pub fn feature(geometry: Value, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

/// A FeatureCollection named `name` (a foreign member many viewers show as the layer's
/// title) of `features`.
pub fn feature_collection(name: String, features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "name": name, "features": features})
}

/// The features of a FeatureCollection made by [`feature_collection`] (empty for any
/// other value), to merge one collection into another.
pub fn features_of(collection: Value) -> Vec<Value> {
    match collection {
        Value::Object(mut o) => match o.remove("features") {
            Some(Value::Array(f)) => f,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_rounded_deduplicated_and_closed() {
        // 1e-7° apart rounds to the same position: the duplicate goes, the ring closes.
        let r = ring(&[
            [10.0, 50.0],
            [10.00000004, 50.0],
            [10.1, 50.0],
            [10.1, 50.1],
        ])
        .unwrap();
        assert_eq!(
            r,
            json!([[10.0, 50.0], [10.1, 50.0], [10.1, 50.1], [10.0, 50.0]])
        );
        // An already-closed ring is not closed twice.
        let closed = ring(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]).unwrap();
        assert_eq!(closed.as_array().unwrap().len(), 4);
        // Fewer than four positions after cleaning: no ring (RFC 7946 §3.1.6).
        assert_eq!(ring(&[[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]), None);
    }

    #[test]
    fn degenerate_polygons_and_holes_are_left_out() {
        let square = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let polys = [
            Polygon {
                exterior: square.clone(),
                holes: vec![vec![[0.5, 0.5]]],
            },
            Polygon {
                exterior: vec![[5.0, 5.0]],
                holes: vec![],
            },
        ];
        let mp = multi_polygon(&polys);
        let coords = mp["coordinates"].as_array().unwrap();
        assert_eq!(coords.len(), 1, "the one-point polygon is dropped");
        assert_eq!(
            coords[0].as_array().unwrap().len(),
            1,
            "the one-point hole is dropped"
        );
    }

    #[test]
    fn collections_round_trip_their_features() {
        let f = feature(
            point(position_3d(179.9999996, -12.34567849, 12.34)),
            json!({"kind": "x"}),
        );
        assert_eq!(
            f["geometry"]["coordinates"],
            json!([180.0, -12.345678, 12.3])
        );
        let fc = feature_collection("n".into(), vec![f.clone()]);
        assert_eq!(fc["type"], "FeatureCollection");
        assert_eq!(features_of(fc), vec![f]);
        assert!(features_of(json!(1)).is_empty());
    }
}
