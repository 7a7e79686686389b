"""iadsim.run is `iadsim run`: the same summary and events for the same seed, the events
as an Arrow table handed over without copies, the engine running with the GIL released."""

import json
import math
import subprocess
import threading
import time

import pyarrow as pa
import pytest

import iadsim
from conftest import REGIMENT


@pytest.fixture(scope="module")
def cli_run(iadsim_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli_run")
    subprocess.run(
        [iadsim_bin, "run", REGIMENT, "--seed", "11", "--fidelity", "screening", "--out", out, "--quiet"],
        check=True,
    )
    summary = json.loads((out / "summary.json").read_text())
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]
    return summary, events


@pytest.fixture(scope="module")
def py_run():
    return iadsim.run(iadsim.load(REGIMENT), seed=11, fidelity="screening")


def test_summary_equals_the_cli(cli_run, py_run):
    assert py_run.summary == cli_run[0]
    assert py_run.summary["threats"] == cli_run[0]["threats"]


def json_like(v):
    """The value as events.jsonl writes it: JSON has no infinity, serde writes null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, list):
        return [json_like(x) for x in v]
    if isinstance(v, dict):
        return {k: json_like(x) for k, x in v.items()}
    return v


def test_events_table_equals_the_event_log(cli_run, py_run):
    events = cli_run[1]
    table = py_run.events
    assert table.num_rows == len(events)
    rows = table.to_pylist()
    keys = set()
    for row, ev in zip(rows, events):
        keys |= set(ev)
        for k, v in ev.items():
            got = json_like(row[k])
            if k == "models":
                got = [tuple(x) for x in got]
                v = [tuple(x) for x in v]
            assert got == v, (k, got, v)
        # Every other column is null for this event.
        assert all(row[k] is None for k in row if k not in ev)
    assert {"time", "event", "threat", "interceptor", "miss_distance", "state"} <= keys


def test_full_fidelity_events_table_equals_the_event_log(iadsim_bin, tmp_path):
    # Full fidelity adds the fire-control events (channels, sector slews) and fragments:
    # every field of every kind has its column, with the CLI's values.
    subprocess.run(
        [iadsim_bin, "run", REGIMENT, "--seed", "5", "--out", tmp_path, "--quiet"], check=True
    )
    events = [json.loads(l) for l in (tmp_path / "events.jsonl").read_text().splitlines()]
    rows = iadsim.run(iadsim.load(REGIMENT), seed=5).events.to_pylist()
    assert len(rows) == len(events)
    kinds = set()
    for row, ev in zip(rows, events):
        kinds.add(ev["event"])
        for k, v in ev.items():
            got = [tuple(x) for x in row[k]] if k == "models" else json_like(row[k])
            want = [tuple(x) for x in v] if k == "models" else v
            assert got == want, (ev["event"], k, got, want)
        assert all(row[k] is None for k in row if k not in ev)
    assert {"channel_taken", "channel_freed", "sector_slew", "debris", "debris_impact"} <= kinds


def test_events_come_without_copies(py_run):
    # pyarrow allocated nothing: the table's buffers are the Rust ones (C data interface).
    before = pa.total_allocated_bytes()
    r = iadsim.run(iadsim.load(REGIMENT), seed=3, fidelity="screening")
    assert r.events.num_rows > 100
    assert pa.total_allocated_bytes() == before
    polars = pytest.importorskip("polars")
    df = polars.from_arrow(r.events)
    chunk = r.events.column("time").chunk(0)
    # polars holds the same memory as pyarrow for the time column (handed back to Arrow,
    # its buffer is at the same address).
    address = chunk.buffers()[1].address
    back = df["time"].to_arrow()
    back = back.chunk(0) if hasattr(back, "chunk") else back
    assert back.buffers()[1].address == address


def test_the_gil_is_released_while_the_engine_runs():
    scn = iadsim.load(REGIMENT)
    stamps = []
    done = threading.Event()

    def count():
        n = 0
        while not done.is_set():
            n += 1
            if n % 1000 == 0:
                stamps.append(time.perf_counter())

    t = threading.Thread(target=count)
    t.start()
    try:
        t0 = time.perf_counter()
        r = iadsim.run(scn)  # full models: about half a second
        t1 = time.perf_counter()
    finally:
        done.set()
        t.join()
    inside = [s for s in stamps if t0 <= s <= t1]
    gaps = [b - a for a, b in zip([t0] + inside, inside + [t1])]
    # Held for the run, the GIL would leave one gap as long as the run.
    assert t1 - t0 > 0.1 and r.seconds > 0.05
    assert max(gaps) < 0.5 * (t1 - t0), (max(gaps), t1 - t0)


def test_replay_exports_on_request(tmp_path):
    r = iadsim.run(iadsim.load(REGIMENT), fidelity="screening", replay=tmp_path)
    names = sorted(p.name for p in r.replay_files)
    assert names == ["replay.acmi", "replay.czml", "replay.geojson", "replay.kml"]
    czml = json.loads((tmp_path / "replay.czml").read_text())
    assert czml[0]["id"] == "document"


def test_bad_arguments_are_value_errors():
    scn = iadsim.load(REGIMENT)
    with pytest.raises(ValueError, match="full, screening"):
        iadsim.run(scn, fidelity="fast")
    with pytest.raises(ValueError, match="replay_interval"):
        iadsim.run(scn, replay_interval=0)
