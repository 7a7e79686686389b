#!/usr/bin/env python3
"""Builds a saturation raid of N threats from the shipped regiment scenario.

The regiment, its assets and its doctrine are scenarios/regiment_defense.yaml's; the raid
is replaced: 70 % subsonic cruise missiles in four waves (from the west, north-west,
south-west and north, launched from 0, 60, 120 and 180 s) and 30 % fighters in two
sweeps (from 0 and 60 s), every member launched within 600 s, 3,000 s simulated. A wave
of n members leaves at intervals of (600 − its start) / n s, spread sideways over
min(1.5 n, 60) km. Usage: raid.py N > raid.yaml (stdlib only; the YAML is written by
hand).
"""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "scenarios" / "regiment_defense.yaml"

CRUISE = [
    # name, start s, launch (east, north km), waypoint or None, target
    ("cm-west", 0, (-380, 20), (-120, 30), "meridian"),
    ("cm-northwest", 60, (-250, 250), (-60, 90), "meridian"),
    ("cm-southwest", 120, (-280, -220), None, "power-plant"),
    ("cm-north", 180, (-40, 380), (-20, 120), "meridian"),
]
FIGHTERS = [
    ("sweep-1", 0, [(-350, 40), (-90, 40), (-90, 150)]),
    ("sweep-2", 60, [(-350, -40), (-90, -40), (-90, -150)]),
]
LAUNCH_WINDOW = 600.0


def split(total, parts):
    """`total` as `parts` whole numbers differing by at most one (larger first)."""
    base, extra = divmod(total, parts)
    return [base + (1 if k < extra else 0) for k in range(parts)]


def wave_keys(count, start):
    interval = (LAUNCH_WINDOW - start) / count
    width = min(1.5 * count, 60.0)
    spacing = width / count
    return f"count: {count}\n      interval_s: {interval:.6f}\n      lateral_spacing_km: {spacing:.6f}"


def raid(n):
    n_cruise = round(0.7 * n)
    n_fighters = n - n_cruise
    lines = ["threats:", "  cruise_missiles:"]
    for (name, start, (e, no), wp, target), count in zip(CRUISE, split(n_cruise, 4)):
        if count == 0:
            continue
        lines.append(f"    - name: {name}")
        lines.append("      type: subsonic_cruise_missile")
        lines.append("      " + wave_keys(count, start))
        lines.append(f"      launch_time_s: {start}")
        lines.append(f"      launch: {{from: meridian, east_km: {e}, north_km: {no}, alt_m: 300}}")
        if wp:
            lines.append(
                f"      waypoints: [{{from: meridian, east_km: {wp[0]}, north_km: {wp[1]}, alt_m: 330}}]"
            )
        lines.append(f"      target: {target}")
        lines.append("      altitude_agl_m: 50")
    fighters = [(f, c) for f, c in zip(FIGHTERS, split(n_fighters, 2)) if c > 0]
    if fighters:
        lines.append("  aircraft:")
    for (name, start, route), count in fighters:
        lines.append(f"    - name: {name}")
        lines.append("      type: fighter")
        lines.append("      " + wave_keys(count, start))
        lines.append(f"      start_time_s: {start}")
        lines.append("      altitude_m: 9000")
        lines.append("      speed_m_s: 250")
        lines.append("      route:")
        for e, no in route:
            lines.append(f"        - {{from: meridian, east_km: {e}, north_km: {no}}}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: raid.py N  (N ≥ 1 threats)")
    n = int(sys.argv[1])
    text = SHIPPED.read_text()
    head, sep, tail = text.partition("\nthreats:\n")
    if not sep:
        sys.exit(f"{SHIPPED}: no threats section")
    _, sep2, doctrine = tail.partition("\ndoctrine:\n")
    head = head.replace("duration_s: 2400", "duration_s: 3000")
    head = head.replace("name: regiment defense", f"name: saturation raid of {n}")
    sys.stdout.write(head + "\n" + raid(n) + "\ndoctrine:\n" + doctrine)


if __name__ == "__main__":
    main()
