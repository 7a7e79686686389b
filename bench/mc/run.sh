#!/bin/bash
# Monte Carlo throughput and memory: `iadsim mc` for N replications with /usr/bin/time -v
# (wall time, peak resident memory), 1 and 2 threads, and a byte comparison of the
# tables of the two thread counts.
#
#   bench/mc/run.sh [SCENARIO] [N ...]     (defaults: scenarios/regiment_defense.yaml, 100)
#
# Environment: THREADS (thread counts to time, default "1 2"; the byte comparison needs
# two), MC_ARGS (extra `iadsim mc` arguments, e.g. the screening model set:
# "--fidelity screening"),
# IADSIM (the binary, default target/release/iadsim).
#
# Peak memory must stay flat in N: rows are streamed in replication order through a
# bounded window (32 x threads rows), never collected.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=${IADSIM:-$repo/target/release/iadsim}
scenario=${1:-$repo/scenarios/regiment_defense.yaml}
shift || true
sizes=("${@:-100}")
read -r -a threads <<< "${THREADS:-1 2}"
read -r -a extra <<< "${MC_ARGS:-}"
out=$(mktemp -d)
printf "%-28s %8s %8s %10s %10s %12s\n" scenario N threads wall_s rep_per_s peak_rss_MB
for n in "${sizes[@]}"; do
    for k in "${threads[@]}"; do
        log=$out/time-$n-$k.txt
        /usr/bin/time -v "$iadsim" mc "$scenario" --runs "$n" --threads "$k" --quiet \
            "${extra[@]}" --out "$out/n$n-t$k" 2> "$log"
        wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
        rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
        printf "%-28s %8d %8d %10.2f %10.2f %12.1f\n" "$(basename "$scenario")" "$n" "$k" \
            "$wall" "$(echo "$n / $wall" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
    done
    if [ "${#threads[@]}" -ge 2 ]; then
        a=${threads[0]} b=${threads[1]}
        cmp "$out/n$n-t$a/mc.parquet" "$out/n$n-t$b/mc.parquet"
        cmp "$out/n$n-t$a/mc.csv" "$out/n$n-t$b/mc.csv"
        echo "N = $n: tables identical for $a and $b threads"
    fi
done
echo "outputs in $out"
