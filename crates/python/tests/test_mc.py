"""iadsim.mc is `iadsim mc`: the same table byte for byte for the same seed, the same
statistics, whatever the thread count; sweeps; Ctrl-C stops a long study cleanly."""

import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

import iadsim
from conftest import REGIMENT

SWEEP = "threats.cruise_missiles[0].count"


@pytest.fixture(scope="module")
def cli_study(iadsim_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_mc")
    subprocess.run(
        [iadsim_bin, "mc", REGIMENT, "--runs", "40", "--seed", "5", "--fidelity", "screening",
         "--threads", "2", "--out", out, "--quiet"],
        check=True,
    )
    return out


def test_table_equals_the_cli_byte_for_byte(cli_study, tmp_path):
    r = iadsim.mc(iadsim.load(REGIMENT), 40, seed=5, fidelity="screening", out=tmp_path)
    for name in ["mc.parquet", "mc.csv", "summary.json"]:
        assert (tmp_path / name).read_bytes() == (cli_study / name).read_bytes(), name
    # The in-memory table is the CLI's file read back.
    cli = pq.read_table(cli_study / "mc.parquet")
    assert r.table.equals(cli, check_metadata=True)
    assert r.table.num_rows == 40
    assert r.summary == json.loads((cli_study / "summary.json").read_text())
    assert r.table.schema.field("leaked_total").metadata[b"unit"] == b"1"


def test_same_numbers_whatever_the_threads():
    scn = iadsim.load(REGIMENT)
    one = iadsim.mc(scn, 12, threads=1, seed=9, fidelity="screening")
    two = iadsim.mc(scn, 12, threads=2, seed=9, fidelity="screening")
    assert one.table.equals(two.table)
    assert one.folder is None


def test_stats_are_the_summary_intervals():
    r = iadsim.mc(iadsim.load(REGIMENT), 30, seed=2, fidelity="screening")
    leak = r.stat("leaked_total")
    row = next(x for x in r.stats.to_pylist() if x["measure"] == "leaked_total")
    assert row["mean"] == leak["mean"]
    assert row["lo"] == leak["ci95"]["lo"] and row["hi"] == leak["ci95"]["hi"]
    col = r.table.column("leaked_total").to_pylist()
    assert abs(sum(col) / len(col) - leak["mean"]) < 1e-12


def test_sweep_points_equal_the_cli(iadsim_bin, tmp_path):
    cli = tmp_path / "cli"
    subprocess.run(
        [iadsim_bin, "mc", REGIMENT, "--runs", "8", "--fidelity", "screening", "--sweep",
         f"{SWEEP}=4,8", "--out", cli, "--quiet"],
        check=True,
    )
    s = iadsim.mc(iadsim.load(REGIMENT), 8, fidelity="screening", sweep=(SWEEP, [4, 8]))
    assert [p.value for p in s.points] == ["4", "8"]
    for i, p in enumerate(s.points):
        want = pq.read_table(next(cli.glob(f"{i:03}_*")) / "mc.parquet")
        assert p.table.equals(want)
    assert s.table.num_rows == 16 and s.table.column_names[0] == "value"
    assert set(s.stats["value"].to_pylist()) == {"4", "8"}


def test_a_bad_sweep_value_is_located_before_anything_runs():
    with pytest.raises(iadsim.ScenarioError) as e:
        iadsim.mc(iadsim.load(REGIMENT), 5, sweep=f"{SWEEP}=4,-1")
    assert e.value.path.startswith(SWEEP)


def test_ctrl_c_stops_a_long_study():
    code = (
        "import iadsim, sys\n"
        f"scn = iadsim.load({str(REGIMENT)!r})\n"
        "print('start', flush=True)\n"
        "try:\n"
        "    iadsim.mc(scn, 1_000_000, fidelity='screening')\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "    sys.exit(3)\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "start"
    time.sleep(1.5)
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        out, _ = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 3, out
    assert "interrupted" in out
    # Stopped within the replications in flight, not after a million of them.
    assert time.monotonic() - sent < 30
