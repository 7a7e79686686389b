#!/usr/bin/env python3
"""Write a small seeded detection stream in the `peerbench-1` format that `iadsim track`
reads: scenario.json, detections.csv (the tracker's input) and truth.csv (for scoring).

Standard library only. Model: N targets start uniformly (by area) 20-70 km from the radar
at the origin (x east, y north, z up), 1-12 km high, 50-300 m/s on a level random
heading, and move nearly at constant velocity (per axis, the exact discretisation of
white-noise acceleration of intensity q); each is detected with probability pd per scan
with Gaussian noise on slant range, bearing (counter-clockwise from east) and elevation;
clutter is a Poisson number of points uniform in range 2-100 km, bearing and elevation
0-45 degrees.

    python3 examples/track/generate.py --out examples/track   # the shipped files
    iadsim track examples/track --truth examples/track/truth.csv
"""
import argparse
import json
import math
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--targets", type=int, default=10)
    ap.add_argument("--scans", type=int, default=100)
    ap.add_argument("--dt", type=float, default=1.0, help="scan period, s")
    ap.add_argument("--pd", type=float, default=0.9)
    ap.add_argument("--clutter", type=float, default=10.0, help="false alarms per scan")
    ap.add_argument("--q", type=float, default=1.0, help="process noise, m^2/s^3")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    sr, sb, se = 20.0, math.radians(0.2), math.radians(0.2)
    rmin, rmax, el_max = 2e3, 100e3, math.radians(45.0)
    dt, q = a.dt, a.q
    # Cholesky factor of q [[T^3/3, T^2/2], [T^2/2, T]].
    l11 = math.sqrt(q * dt**3 / 3)
    l21 = q * dt**2 / 2 / l11
    l22 = math.sqrt(q * dt - l21**2)

    def poisson(mean):
        k, p, limit = 0, 1.0, math.exp(-mean)
        while True:
            p *= rnd.random()
            if p <= limit:
                return k
            k += 1

    targets = []
    for _ in range(a.targets):
        r0 = math.sqrt(rnd.uniform(20e3**2, 70e3**2))
        th = rnd.uniform(-math.pi, math.pi)
        speed, heading = rnd.uniform(50.0, 300.0), rnd.uniform(-math.pi, math.pi)
        targets.append([r0 * math.cos(th), r0 * math.sin(th), rnd.uniform(1e3, 12e3),
                        speed * math.cos(heading), speed * math.sin(heading), 0.0])
    truth, dets = [], []
    for k in range(a.scans):
        t = k * dt
        if k > 0:
            for s in targets:
                for axis in range(3):
                    z1, z2 = rnd.gauss(0, 1), rnd.gauss(0, 1)
                    s[axis] += s[axis + 3] * dt + l11 * z1
                    s[axis + 3] += l21 * z1 + l22 * z2
        scan = []
        for i, s in enumerate(targets):
            truth.append((k, t, i, *s))
            if rnd.random() < a.pd:
                rng = math.sqrt(s[0]**2 + s[1]**2 + s[2]**2)
                b = math.atan2(s[1], s[0]) + sb * rnd.gauss(0, 1)
                b = (b + math.pi) % (2 * math.pi) - math.pi
                scan.append((rng + sr * rnd.gauss(0, 1), b,
                             math.asin(s[2] / rng) + se * rnd.gauss(0, 1), i))
        for _ in range(poisson(a.clutter)):
            scan.append((rnd.uniform(rmin, rmax), rnd.uniform(-math.pi, math.pi),
                         rnd.uniform(0.0, el_max), -1))
        rnd.shuffle(scan)  # the order carries no information
        for m in scan:
            dets.append((k, t, len(dets), *m))
    os.makedirs(a.out, exist_ok=True)
    meta = {
        "format": "peerbench-1", "dim": 3, "n_targets": a.targets, "n_scans": a.scans,
        "dt": dt, "radar_position": [0.0, 0.0, 0.0], "pd": a.pd,
        "clutter_per_scan": a.clutter,
        "clutter_region": {"range": [rmin, rmax], "bearing": [-math.pi, math.pi],
                           "elevation": [0.0, el_max]},
        "sigma_range": sr, "sigma_bearing": sb, "sigma_elevation": se,
        "process_noise_q": q, "seed": a.seed,
        "generator_args": {k: v for k, v in vars(a).items() if k != "out"},
    }
    with open(os.path.join(a.out, "scenario.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    with open(os.path.join(a.out, "truth.csv"), "w") as f:
        f.write("scan,time,target_id,x,y,z,vx,vy,vz\n")
        for r in truth:
            f.write("%d,%.6f,%d,%.4f,%.4f,%.4f,%.5f,%.5f,%.5f\n" % r)
    with open(os.path.join(a.out, "detections.csv"), "w") as f:
        f.write("scan,time,det_id,range,bearing,elevation,truth_id\n")
        for r in dets:
            f.write("%d,%.6f,%d,%.4f,%.9f,%.9f,%d\n" % r)
    print(f"wrote {a.out}: {a.targets} targets x {a.scans} scans, {len(dets)} detections")


if __name__ == "__main__":
    main()
