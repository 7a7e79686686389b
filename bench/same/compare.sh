#!/usr/bin/env bash
# Compares two recordings of bench/same/record.sh file by file, byte for byte.
#
#   bench/same/compare.sh BEFORE AFTER [--ignore-models]
#
# --ignore-models: compare with the stage model descriptions (the `models` lists of the
# scenario_start event and the summaries) blanked out, for a change that only renames
# models; the files whose only difference is there are listed.
# Prints ALL IDENTICAL and exits 0, or lists the differing files and exits 1.
set -euo pipefail
a=${1:?usage: compare.sh BEFORE AFTER [--ignore-models]}
b=${2:?usage: compare.sh BEFORE AFTER [--ignore-models]}
ignore=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
diffs=0 n=0
while IFS= read -r f; do
    n=$((n + 1))
    if [ ! -f "$b/$f" ]; then echo "missing in $b: $f"; diffs=$((diffs + 1)); continue; fi
    if cmp -s "$a/$f" "$b/$f"; then continue; fi
    if [ "$ignore" = "--ignore-models" ] && python3 "$here/strip_models.py" "$a/$f" "$b/$f"; then
        echo "models text only: $f"
        continue
    fi
    echo "DIFFERS: $f"
    diffs=$((diffs + 1))
done < <(cd "$a" && find . -type f ! -name '*.complete.json' | sort)
# Completion markers (`<set>.complete.json`, docs/limits.md) list the files' sizes and
# checksums: they follow the files compared above, so they are left out.
extra=$(comm -13 <(cd "$a" && find . -type f ! -name '*.complete.json' | sort) \
    <(cd "$b" && find . -type f ! -name '*.complete.json' | sort))
if [ -n "$extra" ]; then echo "only in $b:"; echo "$extra"; diffs=$((diffs + 1)); fi
if [ "$diffs" -eq 0 ]; then echo "ALL IDENTICAL ($n files)"; else echo "$diffs of $n files differ"; exit 1; fi
