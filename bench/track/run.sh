#!/usr/bin/env bash
# iadsim-track vs Stone Soup, side by side on peerbench scenarios (format peerbench-1).
#
#   bench/track/run.sh                      # N = 10 and 100
#   NS="10 100 1000" TIME_LIMIT=1500 bench/track/run.sh
#
# Makes the Python venv bench/.venv-peer (gitignored) with stonesoup, generates the
# scenarios with peerbench's gen_scenario.py into a scratch folder outside the repo
# (SCRATCH, default ${TMPDIR:-/tmp}/iadsim-peerbench; seed SEED, default 1), runs Stone Soup's
# gated GNN (run_stonesoup.py --associator gated; it times its tracking loop only) and our
# tracker (the release example `peerbench`; its whole process is timed, REPEAT times, median),
# scores both with the same ospa.py (c = 1000 m, p = 1) and prints the table.
# Runs one tracker at a time. Environment: PEERBENCH (folder with the peerbench scripts,
# default ../shared/peerbench beside the repository), NS, SEED, SCRATCH, REPEAT (default 5), TIME_LIMIT
# (Stone Soup per-run limit, s, default 600), REUSE_STONESOUP=1 to keep earlier Stone Soup
# results in SCRATCH, OURS_ARGS (extra arguments for our tracker, e.g. "--filter imm").
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEER="${PEERBENCH:-$ROOT/../shared/peerbench}"
VENV="$ROOT/bench/.venv-peer"
PY="$VENV/bin/python"
SCRATCH="${SCRATCH:-${TMPDIR:-/tmp}/iadsim-peerbench}"
NS="${NS:-10 100}"
SEED="${SEED:-1}"
REPEAT="${REPEAT:-5}"
TIME_LIMIT="${TIME_LIMIT:-600}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ ! -x "$PY" ]; then
  echo "== making $VENV (stonesoup)" >&2
  python3 -m venv "$VENV"
  "$PY" -m pip install --quiet stonesoup
fi

echo "== building the release example" >&2
(cd "$ROOT" && cargo build --release --quiet -p iadsim-track --example peerbench &&
  cargo build --release --quiet -p iadsim-cli)
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps |
  "$PY" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/examples/peerbench"
CLI="$TARGET_DIR/release/iadsim"

mkdir -p "$SCRATCH"
for N in $NS; do
  D="$SCRATCH/seed$SEED/n$N"
  if [ ! -f "$D/detections.csv" ]; then
    echo "== generating $D" >&2
    t0=$(date +%s.%N)
    "$PY" "$PEER/gen_scenario.py" --out "$D" --targets "$N" --clutter "$N" --scans 100 \
      --pd 0.9 --seed "$SEED" >&2
    echo "   generation took $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
  fi
  if [ "${REUSE_STONESOUP:-0}" != 1 ] || [ ! -f "$D/result_gated.json" ]; then
    echo "== Stone Soup gated GNN, N = $N" >&2
    "$PY" "$PEER/run_stonesoup.py" "$D" --associator gated --tag gated \
      --time-limit "$TIME_LIMIT" --c 1000 --p 1 > "$D/log_gated.txt" 2>&1
    tail -n 9 "$D/log_gated.txt" >&2
  fi
  echo "== iadsim-track, N = $N ($REPEAT runs)" >&2
  : > "$D/iadsim_runs.txt"
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$BIN" "$D" --out "$D/tracks_iadsim.csv" ${OURS_ARGS:-} > "$D/iadsim_summary.json"
    t1=$(date +%s.%N)
    echo "$(echo "$t1 - $t0" | bc)" >> "$D/iadsim_runs.txt"
  done
  "$PY" "$PEER/ospa.py" "$D/truth.csv" "$D/tracks_iadsim.csv" --c 1000 --p 1 --json \
    > "$D/iadsim_score.json"
  # The product's own face, `iadsim track`, timed the same way; it must write the same file.
  if [ -z "${OURS_ARGS:-}" ]; then
    echo "== iadsim track (CLI), N = $N ($REPEAT runs)" >&2
    : > "$D/iadsim_cli_runs.txt"
    for _ in $(seq "$REPEAT"); do
      t0=$(date +%s.%N)
      "$CLI" track "$D" --out "$D/tracks_iadsim_cli.csv" > /dev/null
      t1=$(date +%s.%N)
      echo "$(echo "$t1 - $t0" | bc)" >> "$D/iadsim_cli_runs.txt"
    done
    cmp "$D/tracks_iadsim.csv" "$D/tracks_iadsim_cli.csv" ||
      { echo "iadsim track and the example disagree on N = $N" >&2; exit 1; }
  fi
done

"$PY" "$HERE/summarise.py" "$SCRATCH/seed$SEED" $NS
