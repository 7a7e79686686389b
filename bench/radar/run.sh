#!/bin/sh
# Independent checks of the radar coverage code (see README.md). From anywhere:
#   sh bench/radar/run.sh
# Uses CARGO_TARGET_DIR if set; makes bench/.venv-radar (numpy, scipy, shapely) once.
set -e
cd "$(dirname "$0")/../.."
if [ ! -x bench/.venv-radar/bin/python ]; then
    python3 -m venv bench/.venv-radar
    bench/.venv-radar/bin/pip install -q numpy scipy shapely
fi
OUT="${TMPDIR:-/tmp}/iadsim-radar-check"
mkdir -p "$OUT"
IADSIM_RADAR_DUMP="$OUT/rust_pd.json" \
    cargo test -q -p iadsim-sim --test radar_coverage dump_for_independent_check
bench/.venv-radar/bin/python bench/radar/compare.py "$OUT/rust_pd.json"
IADSIM_COVERAGE_DEMO="$OUT/demo" \
    cargo test -q -p iadsim-io --lib coverage::tests::writes_valid_geojson_pictures_and_summary
bench/.venv-radar/bin/python bench/radar/check_geojson.py "$OUT/demo/coverage.geojson"
