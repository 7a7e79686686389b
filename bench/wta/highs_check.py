#!/usr/bin/env python3
"""Compare iadsim-wta's exact solver with an exact MILP solved by HiGHS (PyPI `highspy`).

Generates seeded random small static WTA instances, writes each as JSON
({"values": [...], "pk": [[...]], "shots": [...]}), solves it

  * with HiGHS on an exact mixed-integer linearisation (a probability chain per target:
    binaries y[w,t,k] = "weapon w fires exactly k shots at t", survival after weapons
    0..w s[t,w] = sum_k (1-p[w,t])^k * u[t,w,k] with u[t,w,k] = s[t,w-1] * y[w,t,k]
    linearised exactly (McCormick envelope of a binary times a [0,1] variable)), and
  * with our branch and bound through `wta_bench solve FILE --method exact`,

and prints both objectives side by side: `highs` is the objective recomputed exactly from
the shot counts of HiGHS's solution, `highs_raw` the MILP objective HiGHS reports (it
carries HiGHS's feasibility tolerances). Exits non-zero if `highs` and ours differ by more
than 1e-9 (relative) or if our solver does not report a proven optimum.

Usage: highs_check.py --bin PATH/TO/wta_bench [--seed 1] [--out DIR]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import highspy
import numpy as np

# (weapons, targets, shots per weapon): small enough for the MILP to be exact and quick.
# (The MILP grows fast with shots: an 8x6x2 instance took HiGHS about two minutes here.)
SIZES = [(3, 2, 1), (4, 4, 1), (4, 4, 2), (5, 6, 1), (6, 5, 2), (8, 8, 1), (10, 10, 1),
         (4, 4, 3), (5, 4, 3), (12, 12, 1)]


def make_instance(rng, m, n, mu):
    values = rng.integers(1, 100, size=n).astype(float)
    pk = rng.uniform(0.0, 1.0, size=(m, n))
    return {"values": values.tolist(), "pk": pk.tolist(), "shots": [mu] * m}


def solve_highs(inst):
    values = np.array(inst["values"])
    pk = np.array(inst["pk"])
    shots = inst["shots"]
    m, n = pk.shape
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.setOptionValue("mip_abs_gap", 1e-12)
    y = {}
    for w in range(m):
        for t in range(n):
            ks = [h.addBinary() for _ in range(shots[w] + 1)]
            h.addConstr(sum(ks) == 1)
            for k, var in enumerate(ks):
                y[w, t, k] = var
        h.addConstr(sum(k * y[w, t, k] for t in range(n) for k in range(shots[w] + 1)) <= shots[w])
    final = []
    for t in range(n):
        prev = None  # survival before weapon w (None means the constant 1)
        for w in range(m):
            q = 1.0 - pk[w, t]
            terms = []
            for k in range(shots[w] + 1):
                u = h.addVariable(lb=0.0, ub=1.0)
                yk = y[w, t, k]
                h.addConstr(u <= yk)
                if prev is None:
                    h.addConstr(u >= yk)  # 1 * y
                else:
                    h.addConstr(u <= prev)
                    h.addConstr(u >= prev + yk - 1)
                terms.append((q ** k) * u)
            s = h.addVariable(lb=0.0, ub=1.0)
            h.addConstr(s == sum(terms))
            prev = s
        final.append(prev)
    if n == 0:
        return 0.0, 0.0
    if m == 0:
        return float(values.sum()), float(values.sum())
    h.setOptionValue("time_limit", 300.0)
    h.minimize(sum(values[t] * final[t] for t in range(n)))
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS status {h.modelStatusToString(status)}")
    # HiGHS's objective carries its feasibility tolerances (~1e-7 here): recompute the
    # objective exactly from the shot counts of its solution.
    x = np.zeros((m, n))
    for (w, t, k), var in y.items():
        if h.val(var) > 0.5:
            x[w, t] = k
    exact = float(np.sum(values * np.prod((1.0 - pk) ** x, axis=0)))
    return exact, h.getInfo().objective_function_value


def solve_ours(binary, path):
    out = subprocess.run([binary, "solve", path, "--method", "exact", "--time-limit", "60"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="path to the wta_bench example binary")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", help="directory for the instance JSON files (default: a temp dir)")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    out_dir = args.out or tempfile.mkdtemp(prefix="wta-highs-")
    os.makedirs(out_dir, exist_ok=True)
    print(f"{'instance':<16} {'highs':>14} {'highs_raw':>14} {'ours':>14} {'rel_diff':>10} "
          f"{'highs_s':>8} {'ours_s':>8} proven")
    bad = 0
    for i, (m, n, mu) in enumerate(SIZES):
        inst = make_instance(rng, m, n, mu)
        name = f"r{i}_{m}x{n}x{mu}"
        path = os.path.join(out_dir, name + ".json")
        with open(path, "w") as f:
            json.dump(inst, f)
        t0 = time.perf_counter()
        highs_obj, highs_raw = solve_highs(inst)
        highs_s = time.perf_counter() - t0
        ours = solve_ours(args.bin, path)
        diff = abs(ours["objective"] - highs_obj) / max(1.0, abs(highs_obj))
        ok = diff <= 1e-9 and ours["proven_optimal"]
        bad += not ok
        print(f"{name:<16} {highs_obj:>14.8f} {highs_raw:>14.8f} {ours['objective']:>14.8f} {diff:>10.2e} "
              f"{highs_s:>8.3f} {ours['seconds']:>8.3f} {ours['proven_optimal']}{'' if ok else '  MISMATCH'}")
    print(f"instances written to {out_dir}")
    if bad:
        print(f"{bad} mismatches", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
