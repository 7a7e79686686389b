#!/usr/bin/env python3
"""Checks that two files of bench/same/record.sh recordings differ only by the leak
attribution's additions: a run's summary.json by its `leak_causes` key, a study's mc.csv
by its `leak_cause_*` columns, a study's summary.json by the statistics of those columns.
The Parquet table is checked through mc.csv (same table). Exit 0 if so.

    python3 bench/leak_causes/additive.py BEFORE_FILE AFTER_FILE
"""
import csv
import json
import sys

PREFIX = "leak_cause_"


def run_summary(a, b):
    b = dict(b)
    if "leak_causes" not in b:
        return False
    del b["leak_causes"]
    return a == b


def study_summary(a, b):
    b = dict(b)
    b["columns"] = [c for c in b["columns"] if not c["name"].startswith(PREFIX)]
    return a == b


def table(pa, pb):
    ra, rb = list(csv.reader(open(pa))), list(csv.reader(open(pb)))
    keep = [i for i, c in enumerate(rb[0]) if not c.startswith(PREFIX)]
    if len(keep) == len(rb[0]):
        return False
    return ra == [[row[i] for i in keep] for row in rb]


def main(pa, pb):
    if pa.endswith(".csv"):
        return table(pa, pb)
    if pa.endswith("summary.json"):
        a, b = json.load(open(pa)), json.load(open(pb))
        return study_summary(a, b) if "columns" in a else run_summary(a, b)
    return False


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], sys.argv[2]) else 1)
