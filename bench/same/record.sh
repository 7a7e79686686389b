#!/usr/bin/env bash
# Records the outputs a change that should not change results must leave byte-identical:
#   - `iadsim run` on every shipped scenario, seeds 1-3, both model sets (--fidelity full
#     and screening), with every replay export (events.jsonl, summary.json, replay.*);
#   - `iadsim mc` of regiment_defense: 32 full-model, 200 screening and 16 nearest-launcher
#     battle-manager replications (mc.csv, summary.json);
# into OUTDIR. Compare two recordings with bench/same/compare.sh.
#
#   bench/same/record.sh OUTDIR            (binary: $IADSIM or target/release/iadsim)
#
# Environment: IADSIM (binary), SEEDS (default "1 2 3"), MC_FULL (32), MC_SCREENING (200),
# MC_NEAREST (16), SCENARIOS (default: scenarios/*.yaml).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=${IADSIM:-$repo/target/release/iadsim}
out=${1:?usage: bench/same/record.sh OUTDIR}
[ -x "$iadsim" ] || { echo "no binary at $iadsim (cargo build --release --bin iadsim)" >&2; exit 2; }
read -r -a seeds <<< "${SEEDS:-1 2 3}"
if [ -n "${SCENARIOS:-}" ]; then read -r -a scenarios <<< "$SCENARIOS"; else scenarios=("$repo"/scenarios/*.yaml); fi
mkdir -p "$out"
for s in "${scenarios[@]}"; do
    name=$(basename "$s" .yaml)
    for seed in "${seeds[@]}"; do
        for fid in full screening; do
            d="$out/run/$name-s$seed-$fid"
            "$iadsim" run "$s" --seed "$seed" --fidelity "$fid" --replay --quiet --out "$d"
        done
    done
    echo "recorded runs of $name"
done
s="$repo/scenarios/regiment_defense.yaml"
"$iadsim" mc "$s" --runs "${MC_FULL:-32}" --quiet --out "$out/mc/full"
"$iadsim" mc "$s" --runs "${MC_SCREENING:-200}" --fidelity screening --quiet --out "$out/mc/screening"
"$iadsim" mc "$s" --runs "${MC_NEAREST:-16}" --battle-manager nearest --quiet --out "$out/mc/nearest"
# The manifest records the binary's options and version, not results: keep the tables.
find "$out/mc" -name manifest.json -delete
echo "recorded into $out"
