#!/bin/sh
# Independent parsing of the replay exports of every shipped scenario (see README.md).
# From anywhere:
#   sh bench/replay/run.sh
# Uses CARGO_TARGET_DIR if set; makes bench/.venv-replay once (tacview-duckdb 0.1.4 with
# duckdb 1.4.*, czml3, fastkml, lxml, geojson, shapely).
set -e
cd "$(dirname "$0")/../.."
if [ ! -x bench/.venv-replay/bin/python ]; then
    python3 -m venv bench/.venv-replay
    bench/.venv-replay/bin/pip install -q "tacview-duckdb==0.1.4" "duckdb==1.4.*" \
        czml3 fastkml lxml geojson shapely
fi
cargo build -q --release --bin iadsim
BIN="${CARGO_TARGET_DIR:-target}/release/iadsim"
OUT="${TMPDIR:-/tmp}/iadsim-replay-check"
for s in scenarios/*.yaml; do
    name=$(basename "$s" .yaml)
    echo "################ $name"
    "$BIN" run "$s" --out "$OUT/$name" --replay --quiet
    "$BIN" run "$s" --out "$OUT/$name/zip" --acmi "$OUT/$name/replay.zip.acmi" --quiet
    bench/.venv-replay/bin/python bench/replay/check.py "$OUT/$name"
done
