#!/usr/bin/env bash
# Flies the planning tables of the catalogue missiles again with `iadsim envelope` (table,
# JSON, SVG and PNG plots per missile, into OUTDIR) and checks each table against the one
# shipped in crates/sim/envelopes, byte for byte. A change to the flyout model that moves
# the tables shows here; regenerate the shipped ones by copying envelope_<type>.csv to
# crates/sim/envelopes/<type>.csv.
#
#   bench/flyout/envelopes.sh OUTDIR        (binary: $IADSIM or target/release/iadsim)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
iadsim=${IADSIM:-$repo/target/release/iadsim}
out=${1:?usage: bench/flyout/envelopes.sh OUTDIR}
[ -x "$iadsim" ] || { echo "no binary at $iadsim (cargo build --release --bin iadsim)" >&2; exit 2; }
status=0
for m in 40N6E 48N6E3 48N6E2 9M96E2 9M96E; do
    "$iadsim" envelope "$m" --out "$out"
    if cmp -s "$out/envelope_$m.csv" "$repo/crates/sim/envelopes/$m.csv"; then
        echo "$m: table identical to the shipped one"
    else
        echo "$m: table DIFFERS from crates/sim/envelopes/$m.csv"
        status=1
    fi
done
exit $status
