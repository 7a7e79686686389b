#!/usr/bin/env bash
# Benchmark of iadsim-wta.
#
# 1. Every instance of the Andersen, Pavlikov & Toffolo (2022) benchmark listed in
#    ../shared/benchmarks/wta/best_known.csv (GPL-3.0 data: read from there at run time,
#    never copied into this repository), solved on one core with a time limit (default
#    1 s): instance, our objective, best known, gap %, seconds, MMR-greedy gap %.
# 2. Small seeded random instances solved by our exact method and by an exact MILP in
#    HiGHS (bench/wta/highs_check.py; PyPI highspy + numpy in bench/.venv, created here).
#
# Usage: bench/wta/run.sh [--time-limit S] [--seed N] [--no-highs]
#   WTA_BENCH_DIR  the benchmark folder (default: ../shared/benchmarks/wta beside the repo)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${WTA_BENCH_DIR:-$root/../shared/benchmarks/wta}
limit=1
seed=0
highs=1
while [ $# -gt 0 ]; do
  case $1 in
    --time-limit) limit=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --no-highs) highs=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p iadsim-wta --example wta_bench
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
bin=$target_dir/release/examples/wta_bench

# One core, as the figures are stated per core.
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi

if [ -f "$data/best_known.csv" ]; then
  echo "== benchmark instances ($data), time limit $limit s, seed $seed"
  "${pin[@]}" "$bin" table "$data" --time-limit "$limit" --seed "$seed"
else
  echo "no benchmark data at $data (set WTA_BENCH_DIR): skipping the table" >&2
fi

if [ "$highs" = 1 ]; then
  venv=$root/bench/.venv
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet highspy numpy
  fi
  echo
  echo "== exact method vs HiGHS MILP on small random instances"
  "${pin[@]}" "$venv/bin/python" "$here/highs_check.py" --bin "$bin" --seed 1 2>&1 |
    grep -v -e '^Running HiGHS' -e '^Includes third-party'
fi
