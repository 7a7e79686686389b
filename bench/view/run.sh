#!/usr/bin/env bash
# Viewer load time and scrubbing frame times in headless Chromium for regiment_defense and
# a 1,000-threat raid built from it (three cruise-missile waves of 328, 328 and 332 at 2 s
# intervals, 0.3 km apart, plus its 8 aircraft and 4 ballistic missiles).
# Needs: a release build (cargo build --release --bin iadsim), chromium, and the npm test
# dependencies (cd crates/view/web && npm ci). Usage: sh bench/view/run.sh [OUT]
set -eu
cd "$(dirname "$0")/../.."
bin=${IADSIM_BIN:-target/release/iadsim}
out=${1:-$(mktemp -d)}
mkdir -p "$out"
awk 'BEGIN{n=0} /^  cruise_missiles:/{cm=1} /^  aircraft:/{cm=0}
     cm && /count: 8/ {n++; sub(/count: 8/, "count: " (n==3 ? 332 : 328))}
     cm && /interval_s: 10/ {sub(/interval_s: 10/, "interval_s: 2")}
     cm && /lateral_spacing_km: 1.5/ {sub(/lateral_spacing_km: 1.5/, "lateral_spacing_km: 0.3")}
     {print}' scenarios/regiment_defense.yaml > "$out/raid1000.yaml"
"$bin" run scenarios/regiment_defense.yaml --out "$out/regiment" --replay --quiet
"$bin" run "$out/raid1000.yaml" --out "$out/raid1000" --replay --quiet
node bench/view/perf.mjs "$bin" "$out/regiment" "$out/raid1000"
