#!/usr/bin/env bash
# The leak-cause breakdown of regiment_defense over N full-model replications (default
# 1,000), with 95 % intervals, and the check that in every replication the causes add up
# to the leakers (regiment_defense ends with no threat in flight: its 2,400 s outlast
# every threat, so leaked_total is the whole of it).
#
#   bench/leak_causes/run.sh [N] [OUTDIR]      (binary: $IADSIM or target/release/iadsim)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=${IADSIM:-$repo/target/release/iadsim}
n=${1:-1000}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
[ -x "$iadsim" ] || { echo "no binary at $iadsim (cargo build --release --bin iadsim)" >&2; exit 2; }
"$iadsim" mc "$repo/scenarios/regiment_defense.yaml" --runs "$n" --out "$out/mc" > "$out/summary.txt" 2> "$out/progress.log"
grep -E "^leak_cause_|^leaked_total|^Of " "$out/summary.txt"
python3 - "$out/mc/mc.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
causes = [c for c in rows[0] if c.startswith("leak_cause_")]
bad = [r["replication"] for r in rows
       if sum(int(r[c]) for c in causes) != int(r["leaked_total"])]
print(f"{len(rows)} replications, {len(causes)} cause columns; "
      f"causes add up to leaked_total in {len(rows) - len(bad)} of {len(rows)}")
if bad:
    print("replications where they do not:", bad[:20])
    sys.exit(1)
PY
echo "table: $out/mc/mc.csv"
