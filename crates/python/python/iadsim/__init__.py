"""iadsim from Python: the engine of the ``iadsim`` command line, for notebooks.

Simulates and analyses a long-range air-defence regiment of the S-400 class against raids
of aircraft, cruise and ballistic missiles, on public parameters only. Every call runs the
same Rust code as the command line (not a reimplementation): scenarios load and validate
through the same loader, ``run`` and ``mc`` through the same engine and study code, and
tables come back as pyarrow Tables without copies (Arrow C data interface), which polars
and pandas read directly.

>>> import iadsim
>>> scn = iadsim.load("scenarios/regiment_defense.yaml")
>>> scn.set("threats.cruise_missiles[0].count", 32)
>>> r = iadsim.run(scn, seed=7)
>>> r.summary["threats"]            # the summary.json content
>>> r.events                        # pyarrow.Table, one row per event
>>> study = iadsim.mc(scn, runs=200, fidelity="screening")
>>> study.table                     # the mc.parquet table, one row per replication
>>> study.stats                     # mean and 95 % interval of every column

Units are SI unless a column or key says otherwise (``_km``, ``_deg``); times are seconds
from scenario start. The engine runs with the GIL released; Ctrl-C stops a long ``mc``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, Union

import pyarrow as pa

from . import _iadsim
from ._iadsim import (
    EngineError,
    InternalError,
    OutputError,
    Scenario,
    ScenarioError,
    __version__,
)

__all__ = [
    "EngineError",
    "InternalError",
    "McResult",
    "OutputError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "__version__",
    "catalog",
    "coverage",
    "envelope",
    "load",
    "mc",
    "run",
    "track",
    "wta",
]

PathLike = Union[str, "os.PathLike[str]"]


def load(path: PathLike) -> Scenario:
    """Read and validate the scenario file at ``path``.

    Raises :class:`ScenarioError` with every problem (file, line, column, field path,
    message and hint, as ``iadsim validate`` prints them) if the file is invalid.
    """
    return _iadsim.load(os.fspath(path))


@dataclass(frozen=True)
class RunResult:
    """One replication of a scenario.

    Attributes:
        summary: the content of ``summary.json`` (docs/events.md): per-class counts under
            ``"threats"``, interceptors, assets, track statistics, threat outcomes.
        events: the event log as a ``pyarrow.Table``, one row per event, columns named as
            the keys of ``events.jsonl`` (``time``, ``event``, ``threat``, ``interceptor``,
            ``miss_distance``, ...), null where an event has no such field.
        replay_files: paths of the replay exports written (ACMI, CZML, KML, GeoJSON).
        seconds: wall-clock time of the engine, s.
    """

    summary: dict[str, Any]
    events: pa.Table
    replay_files: list[Path]
    seconds: float


def run(
    scenario: Scenario,
    seed: int | None = None,
    replication: int = 0,
    fidelity: str = "full",
    *,
    battle_manager: str | None = None,
    radar_model: str | None = None,
    tracker: str | None = None,
    interceptor_model: str | None = None,
    log_false_alarms: bool = False,
    replay: PathLike | None = None,
    acmi: PathLike | None = None,
    czml: PathLike | None = None,
    kml: PathLike | None = None,
    geojson: PathLike | None = None,
    replay_interval: float = 1.0,
) -> RunResult:
    """Simulate one replication of ``scenario`` through the whole kill chain.

    Same engine and arguments as ``iadsim run``: ``seed`` overrides the scenario's,
    ``replication`` selects the random streams with it, ``fidelity`` is ``"full"`` or
    ``"screening"`` (the first models: fixed-Pd radar, nearest-neighbour tracker,
    lead-collision interceptors), and each stage can be chosen on its own
    (``battle_manager`` ``"wta"``/``"nearest"``, ``radar_model`` ``"physics"``/``"fixed-pd"``,
    ``tracker`` ``"imm-gnn"``/``"nearest-neighbour"``, ``interceptor_model``
    ``"flyout"``/``"lead-collision"``). ``replay`` (a folder) writes all four replay exports
    into it; ``acmi``, ``czml``, ``kml``, ``geojson`` write one each (docs/replay.md).
    """

    def p(x: PathLike | None) -> str | None:
        return None if x is None else os.fspath(x)

    raw = _iadsim.run(
        scenario,
        seed,
        replication,
        fidelity,
        battle_manager=battle_manager,
        radar_model=radar_model,
        tracker=tracker,
        interceptor_model=interceptor_model,
        log_false_alarms=log_false_alarms,
        replay=p(replay),
        acmi=p(acmi),
        czml=p(czml),
        kml=p(kml),
        geojson=p(geojson),
        replay_interval=replay_interval,
    )
    return RunResult(
        summary=raw.summary,
        events=raw.events,
        replay_files=[Path(f) for f in raw.replay_files],
        seconds=raw.seconds,
    )


def _stats_table(summary: dict[str, Any]) -> pa.Table:
    cols = summary["columns"]

    def ci(c: dict[str, Any], k: str) -> float | None:
        return None if c["ci95"] is None else c["ci95"][k]

    return pa.table(
        {
            "measure": [c["name"] for c in cols],
            "unit": [c["unit"] for c in cols],
            "n": pa.array([c["n"] for c in cols], pa.uint64()),
            "mean": pa.array([c["mean"] for c in cols], pa.float64()),
            "lo": pa.array([ci(c, "lo") for c in cols], pa.float64()),
            "hi": pa.array([ci(c, "hi") for c in cols], pa.float64()),
            "method": [c["method"] for c in cols],
        }
    )


@dataclass(frozen=True)
class McResult:
    """A Monte Carlo study (one point of a sweep, or the whole study).

    Attributes:
        table: the per-replication table as a ``pyarrow.Table`` — the ``mc.parquet`` that
            ``iadsim mc`` writes for the same scenario, seed and runs, read back (columns
            and units: docs/mc.md; the unit of each column is in its field metadata).
        summary: ``summary.json``: per-column statistics with 95 % intervals (Student t
            for means, Wilson score for proportions) and ``p_raid_success``.
        manifest: ``manifest.json`` (scenario hash, seed, runs, engine options, columns).
        stats: the summary's statistics as a table: measure, unit, n, mean, lo, hi, method.
        value: the swept value (YAML text) for a sweep point, else ``None``.
        folder: where the files are (``None`` when no ``out`` was given: they were in a
            temporary folder, removed after reading).
        seconds: wall-clock time of the replications, s.
    """

    table: pa.Table
    summary: dict[str, Any]
    manifest: dict[str, Any]
    stats: pa.Table
    value: str | None
    folder: Path | None
    seconds: float

    def stat(self, measure: str) -> dict[str, Any]:
        """The statistics of one column (``mean``, ``ci95`` with ``lo``/``hi``, ``n``)."""
        for c in self.summary["columns"]:
            if c["name"] == measure:
                return c
        raise KeyError(f"no column {measure!r}; columns: {[c['name'] for c in self.summary['columns']]}")


@dataclass(frozen=True)
class SweepResult:
    """A sweep: one study per value of one parameter.

    Attributes:
        path: the swept parameter (``--set`` path).
        points: one :class:`McResult` per value, in order.
        table: every point's table stacked, with a first column ``value`` (the swept
            value as given).
        stats: every point's statistics stacked, with a first column ``value``.
        seconds: wall-clock time of all replications, s.
    """

    path: str
    points: list[McResult] = field(default_factory=list)
    table: pa.Table | None = None
    stats: pa.Table | None = None
    seconds: float = 0.0


def _with_value(t: pa.Table, value: str) -> pa.Table:
    return t.add_column(0, "value", pa.array([value] * t.num_rows, pa.string()))


def mc(
    scenario: Scenario,
    runs: int,
    threads: int | None = None,
    seed: int | None = None,
    fidelity: str = "full",
    sweep: str | tuple[str, Sequence[Any]] | None = None,
    *,
    out: PathLike | None = None,
    shard: str | None = None,
    battle_manager: str | None = None,
    radar_model: str | None = None,
    tracker: str | None = None,
    interceptor_model: str | None = None,
    progress: bool = False,
) -> McResult | SweepResult:
    """Run a Monte Carlo study of ``runs`` replications, as ``iadsim mc`` does.

    Each replication is seeded from (seed, replication index), so the table is the same
    byte for byte whatever ``threads`` is, and equal to the command line's for the same
    seed. ``sweep`` runs one study per value of one parameter: ``"PATH=v1,v2,..."`` or
    ``"PATH=start:stop:step"`` as on the command line, or ``(PATH, [values])``; then a
    :class:`SweepResult` is returned. ``out`` keeps the files (``mc.csv``, ``mc.parquet``,
    ``summary.json``, ``manifest.json``; per point and ``sweep.csv`` and a chart for a
    sweep); ``shard="i/n"`` runs one slice. Ctrl-C stops the study (``KeyboardInterrupt``)
    after the replications in flight.
    """
    raw, seconds = _iadsim.mc(
        scenario,
        runs,
        threads,
        seed,
        fidelity,
        sweep,
        out=None if out is None else os.fspath(out),
        shard=shard,
        battle_manager=battle_manager,
        radar_model=radar_model,
        tracker=tracker,
        interceptor_model=interceptor_model,
        progress=progress,
    )
    points = [
        McResult(
            table=r.table,
            summary=r.summary,
            manifest=r.manifest,
            stats=_stats_table(r.summary),
            value=r.value,
            folder=None if out is None else Path(r.folder),
            seconds=seconds if sweep is None else float("nan"),
        )
        for r in raw
    ]
    if sweep is None:
        return points[0]
    path = sweep.split("=", 1)[0].strip() if isinstance(sweep, str) else sweep[0]
    return SweepResult(
        path=path,
        points=points,
        table=pa.concat_tables([_with_value(p.table, p.value or "") for p in points]),
        stats=pa.concat_tables([_with_value(p.stats, p.value or "") for p in points]),
        seconds=seconds,
    )


def coverage(
    scenario: Scenario,
    altitude: float | None = None,
    rcs: float | None = None,
    threat: str | None = None,
    grid: int = 500,
    dwell: int = 3,
    dem: PathLike | None = None,
    out: PathLike | None = None,
) -> dict[str, Any]:
    """Detection and engagement coverage of the scenario's radars (``iadsim coverage``).

    ``altitude`` is the target height above ground, m; ``rcs`` m²; ``threat`` takes both
    from a catalogue threat type. Returns the coverage result as a dict (grid, per-radar
    and combined single-scan and dwell Pd, row-major from the south-west; engagement
    zones; sites) with ``"table"`` (the text summary) and ``"files"`` (written to ``out``
    when given: GeoJSON, PNG and SVG maps, Blake charts).
    """
    result, table, files = _iadsim.coverage(
        scenario,
        altitude,
        rcs,
        threat,
        grid,
        dwell,
        None if dem is None else os.fspath(dem),
        None if out is None else os.fspath(out),
    )
    result["table"] = table
    result["files"] = [Path(f) for f in files]
    return result


def envelope(missile: str) -> dict[str, Any]:
    """A catalogue missile's flyout table and engagement zones (``iadsim envelope``).

    ``cells`` holds, per node of the ground range × height grid, whether it is reachable,
    the time of flight (s), speed (m/s), flight-path angle (deg), available lateral
    acceleration (m/s²) and largest crossing speed (m/s); ``zone_vs_aircraft`` and
    ``zone_vs_ballistic`` the zones where the intercept criterion holds.
    """
    return _iadsim.envelope(missile)


def wta(
    values: Sequence[float],
    pk: Sequence[Sequence[float]],
    shots: Sequence[int],
    time_limit: float = 10.0,
    method: str = "auto",
    iterations: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Solve a static weapon-target assignment (``iadsim wta``).

    ``values[t]`` target values, ``pk[w][t]`` single-shot kill probabilities, ``shots[w]``
    rounds of weapon ``w``. Minimises the expected surviving value. Returns
    ``objective``, ``assignment`` (``pairs`` of ``[weapon, target]``), ``proven_optimal``,
    ``method``, ``seconds``.
    """
    return _iadsim.wta(list(values), [list(r) for r in pk], list(shots), time_limit, method, iterations, seed)


def track(
    dir: PathLike,
    truth: PathLike | None = None,
    filter: str = "ekf",
    associator: str = "gnn",
    cutoff: float = 1000.0,
    out: PathLike | None = None,
) -> dict[str, Any]:
    """Run the multi-target tracker alone on a ``peerbench-1`` folder (``iadsim track``).

    Writes the track file (default ``DIR/tracks_iadsim.csv``); with ``truth`` scores it
    (OSPA/GOSPA with cut-off ``cutoff`` m, p = 1).
    """
    return _iadsim.track(
        os.fspath(dir),
        None if truth is None else os.fspath(truth),
        filter,
        associator,
        cutoff,
        None if out is None else os.fspath(out),
    )


def catalog() -> dict[str, Any]:
    """The parameter catalogue (``iadsim catalog --json``): every radar, command post,
    launcher, missile and threat type, each value with its source and confidence tag."""
    return _iadsim.catalog()
