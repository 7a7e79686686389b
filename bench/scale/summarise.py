#!/usr/bin/env python3
"""The scale benchmark's table (markdown) and fitted exponents from its rows
(model set, N, ok|cut, wall s, peak KB, events bytes), as bench/scale/run.sh writes them."""

import math
import sys

SIMULATED = 3000.0


def fit(points):
    """Least-squares slope of log(wall) on log(N)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(w) for _, w in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def main():
    rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
    print("| model set | threats | wall, s | simulated / wall | peak memory, MB | events.jsonl, MB |")
    print("|---|---|---|---|---|---|")
    by_set = {}
    for s, n, status, wall, kb, size in rows:
        n, wall, kb, size = int(n), float(wall), int(kb), int(size)
        if status == "ok":
            by_set.setdefault(s, []).append((n, wall))
            print(f"| {s} | {n:,} | {wall:.2f} | {SIMULATED / max(wall, 1e-9):.1f}× | "
                  f"{kb / 1024:.0f} | {size / 1e6:.1f} |")
        else:
            print(f"| {s} | {n:,} | > {wall:.0f} (cut off) | < {SIMULATED / wall:.1f}× | — | — |")
    print()
    for s, points in by_set.items():
        big = [(n, w) for n, w in points if n >= 1000]
        if len(big) >= 2:
            print(f"- {s}: wall ∝ N^{fit(big):.2f} over {', '.join(f'{n:,}' for n, _ in big)} threats")
        else:
            print(f"- {s}: fewer than two sizes ≥ 1,000 finished; no exponent")


if __name__ == "__main__":
    main()
