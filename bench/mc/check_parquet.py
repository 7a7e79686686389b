"""Reads an `iadsim mc` study's mc.parquet with an independent reader (PyPI pyarrow) and
checks every value against mc.csv: same rows, same columns, equal values, nulls where the
CSV is empty.   usage: python3 bench/mc/check_parquet.py STUDY_DIR"""
import csv
import sys

import pyarrow.parquet as pq

study = sys.argv[1]
table = pq.read_table(f"{study}/mc.parquet").to_pylist()
rows = list(csv.DictReader(open(f"{study}/mc.csv", newline="")))
assert len(table) == len(rows), (len(table), len(rows))
bad = 0
for a, b in zip(table, rows):
    assert list(a) == list(b), "column order differs"
    for k, v in a.items():
        s = b[k]
        if v is None:
            ok = s == ""
        elif isinstance(v, bool):
            ok = s == str(v).lower()
        elif isinstance(v, float):
            ok = s != "" and float(s) == v
        else:
            ok = int(s) == v
        bad += not ok
print(f"{len(rows)} rows x {len(rows[0]) if rows else 0} columns, {bad} mismatches")
sys.exit(1 if bad else 0)
