"""The thin wrappers: wta against brute force, envelope and coverage against their
definitions, and clear errors."""

import itertools

import pytest

import iadsim
from conftest import REGIMENT


def brute_force(values, pk, shots):
    """Minimum expected surviving value by enumerating every assignment of every round."""
    rounds = [w for w, n in enumerate(shots) for _ in range(n)]
    best = float("inf")
    for targets in itertools.product(range(len(values)), repeat=len(rounds)):
        survive = list(values)
        for w, t in zip(rounds, targets):
            survive[t] *= 1.0 - pk[w][t]
        best = min(best, sum(survive))
    return best


def test_wta_finds_the_brute_force_optimum():
    values = [5.0, 3.0, 8.0, 1.0]
    pk = [[0.6, 0.2, 0.5, 0.9], [0.3, 0.8, 0.4, 0.1], [0.5, 0.5, 0.7, 0.2]]
    shots = [2, 1, 2]
    r = iadsim.wta(values, pk, shots, method="exact", time_limit=5)
    assert r["objective"] == pytest.approx(brute_force(values, pk, shots), abs=1e-9)
    assert r["proven_optimal"]


def test_wta_rejects_a_bad_instance():
    with pytest.raises(ValueError):
        iadsim.wta([1.0], [[1.5]], [1])


def test_envelope_reaches_inside_the_catalogue_range():
    e = iadsim.envelope("48N6E3")
    cells = e["cells"]
    assert any(c["reachable"] for c in cells)
    for c in cells:
        if c["reachable"]:
            # No interceptor averages more than 3 km/s (Mach 9) along the straight line.
            d = (c["range_m"] ** 2 + c["height_m"] ** 2) ** 0.5
            assert c["time_of_flight_s"] > 0 and d <= 3.0e3 * c["time_of_flight_s"]
    with pytest.raises(ValueError, match="known:"):
        iadsim.envelope("S-300")


def test_coverage_probabilities(tmp_path):
    c = iadsim.coverage(iadsim.load(REGIMENT), altitude=1000, rcs=1.0, grid=24, out=tmp_path)
    single = c["combined"]["single"]
    assert len(single) == 24 * 24
    assert all(0.0 <= p <= 1.0 for p in single)
    # The dwell is at least the single scan everywhere (more looks, more chances).
    assert all(b >= a - 1e-12 for a, b in zip(single, c["combined"]["cumulative"]))
    assert c["files"] and all(f.exists() for f in c["files"])
    assert "Pd" in c["table"] or "radar" in c["table"]


def test_track_reports_a_missing_folder(tmp_path):
    with pytest.raises(ValueError):
        iadsim.track(tmp_path / "nowhere")


def test_catalog_has_sources():
    cat = iadsim.catalog()
    assert any(m["name"] == "48N6E3" for m in cat["missiles"])
