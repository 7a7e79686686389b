"""1,000 screening replications of the shipped regiment from Python and from the CLI,
side by side, alternating, N rounds each; prints the medians.

    python bench/python/mc_timing.py [ROUNDS] [RUNS]     (binary: $IADSIM or target/release/iadsim)

Two figures per side: the replications' wall time (what `iadsim mc` prints and
`iadsim.mc(...)` returns: the same study code) and the whole call end to end (the CLI
process, or `iadsim.mc` called from Python including loading the scenario and reading the
table back; Python's own start-up is not counted)."""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import iadsim

repo = Path(__file__).resolve().parents[2]
binary = os.environ.get("IADSIM", str(repo / "target" / "release" / "iadsim"))
scenario = repo / "scenarios" / "regiment_defense.yaml"
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
threads = os.cpu_count() or 1

cli_inner, cli_total, py_inner, py_total = [], [], [], []
for k in range(rounds):
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        done = subprocess.run(
            [binary, "mc", scenario, "--runs", str(runs), "--fidelity", "screening", "--out", out],
            check=True, capture_output=True, text=True,
        )
        cli_total.append(time.perf_counter() - t0)
        cli_inner.append(float(re.search(r"replications in ([0-9.]+) s", done.stdout).group(1)))
    t0 = time.perf_counter()
    r = iadsim.mc(iadsim.load(scenario), runs, fidelity="screening")
    py_total.append(time.perf_counter() - t0)
    py_inner.append(r.seconds)
    assert r.table.num_rows == runs
    print(f"round {k + 1}: CLI {cli_inner[-1]:.2f} s ({cli_total[-1]:.2f} s end to end), "
          f"Python {py_inner[-1]:.2f} s ({py_total[-1]:.2f} s end to end)", flush=True)

m = statistics.median
print(f"{runs} screening replications, {threads} threads, medians of {rounds} alternating rounds:")
print(f"  replications: CLI {m(cli_inner):.2f} s, Python {m(py_inner):.2f} s, ratio {m(py_inner) / m(cli_inner):.3f}")
print(f"  end to end:   CLI {m(cli_total):.2f} s, Python {m(py_total):.2f} s, ratio {m(py_total) / m(cli_total):.3f}")
