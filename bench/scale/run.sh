#!/bin/bash
# Saturation scale: raids of N threats built from the shipped regiment (bench/scale/raid.py:
# 70 % cruise missiles in four waves, 30 % fighters in two, all launched within 600 s,
# 3,000 s simulated), one replication each with `iadsim run`, for both model sets; wall
# time, peak resident memory, simulated-to-wall ratio and the events file's size, then
# the exponent of wall time in N fitted (least squares, log–log) over the sizes
# ≥ 1,000 that finished.
#
#   bench/scale/run.sh [N ...]          (default: 100 300 1000 3000 10000)
#
# Environment: FIDELITY (model sets, default "screening full"), TIMEOUT (seconds per run,
# default 900; a run cut off is reported as such and left out of the fit), EVENTS (the
# `--events` level, default: the binary's default), EVENTS_FORMAT (`--events-format`,
# jsonl or jsonl.zst; default: the binary's default), IADSIM (default target/release/iadsim),
# OUT (folder for the raids, logs and the table; default a temporary folder).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=${IADSIM:-$repo/target/release/iadsim}
sizes=("${@:-100 300 1000 3000 10000}")
read -r -a sizes <<< "${sizes[*]}"
read -r -a sets <<< "${FIDELITY:-screening full}"
timeout_s=${TIMEOUT:-900}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
events_args=()
[ -n "${EVENTS:-}" ] && events_args=(--events "$EVENTS")
[ -n "${EVENTS_FORMAT:-}" ] && events_args+=(--events-format "$EVENTS_FORMAT")
rows=$out/rows.tsv
: > "$rows"
for n in "${sizes[@]}"; do
    python3 "$repo/bench/scale/raid.py" "$n" > "$out/raid-$n.yaml"
    for set in "${sets[@]}"; do
        run=$out/$set-$n
        rm -rf "$run"
        log=$out/time-$set-$n.txt
        status=ok
        if ! timeout "$timeout_s" /usr/bin/time -f "%e %M" -o "$log" "$iadsim" run "$out/raid-$n.yaml" \
            --fidelity "$set" --out "$run" --quiet "${events_args[@]}"; then
            status=cut
        fi
        if [ "$status" = ok ]; then
            read -r wall kb < "$log"
            # events.jsonl or events.jsonl.zst; none with --events none
            bytes=$( (cat "$run"/events.jsonl* 2>/dev/null || true) | wc -c)
        else
            wall=$timeout_s; kb=0; bytes=0
        fi
        printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$set" "$n" "$status" "$wall" "$kb" "$bytes" | tee -a "$rows"
    done
done
python3 "$repo/bench/scale/summarise.py" "$rows" | tee "$out/table.md"
echo "raids, logs and table in $out"
