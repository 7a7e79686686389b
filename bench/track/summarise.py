#!/usr/bin/env python3
"""Print the side-by-side table written by bench/track/run.sh.

usage: summarise.py SCRATCH/seedS N [N ...]
"""
import json
import os
import statistics
import sys


def main():
    base, ns = sys.argv[1], [int(n) for n in sys.argv[2:]]
    print("| N | tracker | scans | wall s | s/scan | OSPA m | GOSPA | missed/scan | false/scan "
          "| tracks@last / truth | track ids |")
    print("|" + "---|" * 11)
    ratios = []
    for n in ns:
        d = os.path.join(base, f"n{n}")
        ss = json.load(open(os.path.join(d, "result_gated.json")))
        ours = json.load(open(os.path.join(d, "iadsim_score.json")))
        summ = json.load(open(os.path.join(d, "iadsim_summary.json")))
        runs = [float(x) for x in open(os.path.join(d, "iadsim_runs.txt")).read().split()]
        wall = statistics.median(runs)
        scans = summ["scans"]
        print(f"| {n} | Stone Soup gated GNN (tracking loop) | {ss['scans_done']}/{ss['scans_total']} "
              f"| {ss['wall_s']:.2f} | {ss['scan_mean_s']:.4f} | {ss['ospa_mean']:.1f} "
              f"| {ss['gospa_mean']:.0f} | {ss['missed_mean']:.2f} | {ss['false_mean']:.2f} "
              f"| {ss['n_tracks_last_scan']}/{ss['n_truth_last_scan']} | {ss['n_track_ids']} |")
        print(f"| {n} | iadsim-track {summ['tracker'][7:]} (whole process, median of {len(runs)}) "
              f"| {scans}/{scans} | {wall:.4f} | {wall / scans:.6f} | {ours['ospa_mean']:.1f} "
              f"| {ours['gospa_mean']:.0f} | {ours['missed_mean']:.2f} | {ours['false_mean']:.2f} "
              f"| {ours['n_tracks_last_scan']}/{ours['n_truth_last_scan']} | {ours['n_track_ids']} |")
        cli_path = os.path.join(d, "iadsim_cli_runs.txt")
        cli = None
        if os.path.exists(cli_path):
            cli_runs = [float(x) for x in open(cli_path).read().split()]
            cli = statistics.median(cli_runs)
            print(f"| {n} | `iadsim track` (whole CLI process, same track file, median of "
                  f"{len(cli_runs)}) "
                  f"| {scans}/{scans} | {cli:.4f} | {cli / scans:.6f} | {ours['ospa_mean']:.1f} "
                  f"| {ours['gospa_mean']:.0f} | {ours['missed_mean']:.2f} | {ours['false_mean']:.2f} "
                  f"| {ours['n_tracks_last_scan']}/{ours['n_truth_last_scan']} | {ours['n_track_ids']} |")
        if ss["scans_done"] == ss["scans_total"]:
            ratios.append((n, ss["wall_s"] / wall, summ["track_s"], cli and ss["wall_s"] / cli))
    print()
    for n, r, t, c in ratios:
        cli = f"; / `iadsim track` process = {c:,.0f}x" if c else ""
        print(f"N = {n}: Stone Soup tracking loop / iadsim whole process = {r:,.0f}x{cli} "
              f"(iadsim tracking loop alone: {t * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
