#!/usr/bin/env python3
"""Independent check of iadsim's single-radar coverage map.

Recomputes, with numpy and scipy only, the single-scan detection probability map that
`iadsim_sim::coverage::compute` gives for the first acquisition radar of the test
regiment, from the same published formulas but none of the Rust code:

- detection threshold: T = Q⁻¹(N, Pfa) (scipy.special.gammainccinv), Pfa per cell;
- Swerling 0: Pd = Q_N(√(2Nχ), √(2T)), the generalised Marcum Q, as the survival
  function of a noncentral chi-square with 2N degrees of freedom (scipy.stats.ncx2);
- Swerling 1: Richards, Fundamentals of Radar Signal Processing, eq. 6.99 (N > 1), and
  Pd = Pfa^(1/(1+χ)) for N = 1;
- calibration: single-pulse SNR χ_ref for the reference Pd found by brentq, then
  SNR(R) = χ_ref·σ/σ_ref·(R_ref/R)⁴;
- geometry: WGS-84 geodetic → ECEF → the radar's ENU frame (slant range, azimuth,
  elevation); horizon over a 4/3-Earth sphere whose radius is k times the ellipsoid's
  radius of curvature in the azimuth of the point at the mean latitude, central angle
  from the angle between the ellipsoid normals; envelope = blind range, instrumented
  range, above the horizon, apparent elevation within the beam limits widened by half an
  elevation beamwidth.

Usage (from the repository root):

    IADSIM_RADAR_DUMP=bench/radar/rust_pd.json \\
        cargo test -p iadsim-sim --test radar_coverage dump_for_independent_check
    bench/.venv-radar/bin/python bench/radar/compare.py bench/radar/rust_pd.json
"""

import json
import sys

import numpy as np
from scipy import optimize, special, stats

A = 6378137.0
F = 1.0 / 298.257223563
E2 = F * (2.0 - F)


def ecef(lat, lon, h):
    n = A / np.sqrt(1.0 - E2 * np.sin(lat) ** 2)
    return np.stack(
        [
            (n + h) * np.cos(lat) * np.cos(lon),
            (n + h) * np.cos(lat) * np.sin(lon),
            (n * (1.0 - E2) + h) * np.sin(lat),
        ],
        axis=-1,
    )


def normal(lat, lon):
    return np.stack(
        [np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat) * np.ones_like(lon)],
        axis=-1,
    )


def pd_swerling0(chi, n, t):
    return stats.ncx2.sf(2.0 * t, 2 * n, 2.0 * n * chi)


def pd_swerling1(chi, n, t, pfa):
    chi = np.asarray(chi, dtype=float)
    if n == 1:
        return pfa ** (1.0 / (1.0 + chi))
    nc = n * chi
    f = 1.0 + 1.0 / nc
    return (
        1.0
        - special.gammainc(n - 1, t)
        + f ** (n - 1) * special.gammainc(n - 1, t / f) * np.exp(-t / (1.0 + nc))
    )


def pd_of(case, chi, n, t, pfa):
    return pd_swerling0(chi, n, t) if case == "swerling0" else pd_swerling1(chi, n, t, pfa)


def required_snr(case, pd, n, t, pfa):
    g = lambda db: float(pd_of(case, 10.0 ** (db / 10.0), n, t, pfa)) - pd
    db = optimize.brentq(g, -30.0, 60.0, xtol=1e-13, rtol=1e-15, maxiter=500)
    return 10.0 ** (db / 10.0)


def pd_map(case, d):
    radar = d["radar"]
    grid = d["grid"]
    n = d["pulses"]
    pfa = d["pfa"]
    k = d["k"]
    t = special.gammainccinv(n, pfa)
    chi_ref = required_snr(case, min(radar["detection_probability"], 0.99), n, t, pfa)
    c = chi_ref * radar["reference_range"] ** 4 / radar["reference_rcs"]

    pos = radar["position"]
    lat1, lon1, h1 = pos["lat"], pos["lon"], pos["height"]
    surface = radar["ground_height"]
    nx, ny = grid["nx"], grid["ny"]
    lats = grid["south"] + (grid["north"] - grid["south"]) * np.arange(ny) / (ny - 1)
    lons = grid["west"] + (grid["east"] - grid["west"]) * np.arange(nx) / (nx - 1)
    lat, lon = np.meshgrid(lats, lons, indexing="ij")
    h = d["target_height"] + surface  # above ground, smooth surface at the site's ground

    p = ecef(lat, lon, h)
    o = ecef(np.array(lat1), np.array(lon1), np.array(h1))
    sl, cl, so, co = np.sin(lat1), np.cos(lat1), np.sin(lon1), np.cos(lon1)
    rot = np.array([[-so, co, 0.0], [-sl * co, -sl * so, cl], [cl * co, cl * so, sl]])
    enu = (p - o) @ rot.T
    e, nn, u = enu[..., 0], enu[..., 1], enu[..., 2]
    rng = np.sqrt(e * e + nn * nn + u * u)

    n1 = normal(np.array(lat1), np.array(lon1))
    n2 = normal(lat, lon)
    psi = np.arctan2(np.linalg.norm(np.cross(n1, n2), axis=-1), n2 @ n1)
    hor2 = e * e + nn * nn
    cos2 = np.where(hor2 > 0, nn * nn / np.where(hor2 > 0, hor2, 1.0), 1.0)
    sin2 = np.where(hor2 > 0, e * e / np.where(hor2 > 0, hor2, 1.0), 0.0)
    sm = np.sin(0.5 * (lat1 + lat))
    w2 = 1.0 - E2 * sm * sm
    m_rad = A * (1.0 - E2) / w2 ** 1.5
    n_rad = A / np.sqrt(w2)
    radius = 1.0 / (cos2 / m_rad + sin2 / n_rad)
    re = k * radius
    phi = psi / k
    ha, hb = h1 - surface, h - surface
    r1, r2 = re + ha, re + hb
    half = np.sin(0.5 * phi)
    omc = 2.0 * half * half
    up = (hb - ha) - r2 * omc
    along = r2 * np.sin(phi)
    app_el = np.arctan2(up, along)
    clearance = np.minimum(ha, hb)
    both = ((ha - hb) + r2 * omc > 0) & ((hb - ha) + r1 * omc > 0)
    chord = np.sqrt((r1 - r2) ** 2 + 4.0 * r1 * r2 * half * half)
    closest = r1 * r2 * np.sin(phi) / chord
    clearance = np.where(both, np.minimum(clearance, closest - re), clearance)

    half_bw = 0.5 * d["beamwidth_elevation"]
    ok = (
        (rng >= d["min_range"])
        & (rng <= radar["instrumented_range"])
        & (clearance >= 0.0)
        & (app_el >= radar["min_elevation"] - half_bw)
        & (app_el <= radar["max_elevation"] + half_bw)
    )
    snr = c * d["rcs"] / rng ** 4
    pd = np.where(ok, pd_of(case, snr, n, t, pfa), 0.0)
    return pd.reshape(-1)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "bench/radar/rust_pd.json"
    with open(path) as f:
        dump = json.load(f)
    worst_all = 0.0
    for case, d in dump.items():
        ours = pd_map(case, d)
        theirs = np.array(d["pd"])
        diff = np.abs(ours - theirs)
        covered = int(np.count_nonzero(theirs))
        mismatched = int(np.count_nonzero((ours > 0) != (theirs > 0)))
        graded = int(np.count_nonzero((theirs > 0.01) & (theirs < 0.99)))
        worst = float(diff.max())
        worst_all = max(worst_all, worst)
        print(
            f"{case}: {d['grid']['nx']}x{d['grid']['ny']} grid, {covered} covered points "
            f"({graded} with 0.01 < Pd < 0.99), "
            f"coverage mismatches {mismatched}, max |ΔPd| = {worst:.3e}"
        )
    ok = worst_all <= 1e-9
    print("PASS" if ok else "FAIL", f"(max |ΔPd| {worst_all:.3e}, tolerance 1e-9)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
