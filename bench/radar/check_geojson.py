#!/usr/bin/env python3
"""Independent reader check of iadsim's coverage GeoJSON (RFC 7946).

Reads `coverage.geojson` with the standard json module and shapely (which shares no
code with the Rust writer) and checks: a FeatureCollection of Features; longitude,
latitude order and ranges; every ring closed with ≥ 4 positions; exteriors
counter-clockwise and holes clockwise (right-hand rule); every polygon valid in the
OGC simple-features sense (shapely `is_valid`); contours nested (the Pd ≥ 0.9 region
inside the Pd ≥ 0.5 region of the same radar and kind).

Usage:
    IADSIM_COVERAGE_DEMO=/tmp/covdemo \\
        cargo test -p iadsim-io --lib coverage::tests::writes_valid
    bench/.venv-radar/bin/python bench/radar/check_geojson.py /tmp/covdemo/coverage.geojson
"""

import json
import sys

from shapely.geometry import shape
from shapely.validation import explain_validity


def ring_area(ring):
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))


def check_polygon(rings, where):
    problems = []
    for k, ring in enumerate(rings):
        if len(ring) < 4:
            problems.append(f"{where}: ring {k} has {len(ring)} positions")
        if ring[0] != ring[-1]:
            problems.append(f"{where}: ring {k} not closed")
        for lon, lat in ring:
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(f"{where}: position {lon}, {lat} out of range")
                break
        a = ring_area(ring)
        if k == 0 and a <= 0:
            problems.append(f"{where}: exterior not counter-clockwise")
        if k > 0 and a >= 0:
            problems.append(f"{where}: hole {k} not clockwise")
    return problems


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "coverage.geojson"
    with open(path) as f:
        doc = json.load(f)
    assert doc["type"] == "FeatureCollection"
    problems = []
    kinds = {}
    regions = {}
    for i, feat in enumerate(doc["features"]):
        assert feat["type"] == "Feature"
        props = feat["properties"]
        kinds[props["kind"]] = kinds.get(props["kind"], 0) + 1
        geom = feat["geometry"]
        where = f"feature {i} ({props['kind']})"
        if geom["type"] == "MultiPolygon":
            for p, poly in enumerate(geom["coordinates"]):
                problems += check_polygon(poly, f"{where} polygon {p}")
        elif geom["type"] == "Polygon":
            problems += check_polygon(geom["coordinates"], where)
        if geom["type"] in ("Polygon", "MultiPolygon"):
            g = shape(geom)
            if not g.is_valid:
                problems.append(f"{where}: invalid: {explain_validity(g)}")
            if props["kind"] == "pd_contour":
                regions[(props["radar"], props["cumulative"], props["level"])] = g
    for (radar, cumulative, level), g in regions.items():
        lower = regions.get((radar, cumulative, 0.5))
        if level == 0.9 and lower is not None and not g.is_empty:
            outside = g.difference(lower.buffer(1e-6)).area
            if outside > 1e-9 * max(g.area, 1e-12):
                problems.append(f"{radar} {cumulative}: Pd ≥ 0.9 not inside Pd ≥ 0.5")
    print(f"{path}: {len(doc['features'])} features {kinds}")
    for p in problems[:20]:
        print("  problem:", p)
    print("PASS" if not problems else f"FAIL ({len(problems)} problems)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
