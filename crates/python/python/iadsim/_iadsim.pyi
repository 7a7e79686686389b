"""Type stubs of the native module `iadsim._iadsim` (use the `iadsim` package API)."""

from typing import Any, Sequence

__version__: str

class ScenarioError(ValueError):
    """A scenario (or an override) is invalid: every problem, located."""

    problems: list[dict[str, Any]]
    file: str | None
    line: int | None
    column: int | None
    path: str | None
    message: str | None
    hint: str | None

class InternalError(RuntimeError):
    """A defect in iadsim itself (a Rust panic caught at the boundary)."""

class OutputError(RuntimeError):
    """An output file could not be written."""

class EngineError(RuntimeError):
    """The engine could not run the scenario."""

class Scenario:
    """A validated scenario: its run-ready setup, source text and overrides."""

    @staticmethod
    def from_yaml(text: str, name: str = "<string>") -> Scenario:
        """Validate scenario YAML text; ``name`` is the file name used in messages."""
    @staticmethod
    def load(path: str) -> Scenario:
        """Read and validate the scenario file at ``path``."""
    def set(self, path: str, value: Any) -> None:
        """Override one value by its ``--set`` path and validate again (a ``str`` is YAML
        text, other values are converted); on error the scenario is unchanged."""
    def with_value(self, path: str, value: Any) -> Scenario:
        """A copy with one more override."""
    @property
    def name(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def duration(self) -> float:
        """Simulated span, s."""
    @property
    def file(self) -> str: ...
    @property
    def yaml(self) -> str: ...
    @property
    def overrides(self) -> list[tuple[str, str]]: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def threat_count(self) -> int: ...
    def setup(self) -> dict[str, Any]:
        """The run-ready setup (SI units, waves expanded) as a dict."""

class RawRun:
    summary: dict[str, Any]
    events: Any  # pyarrow.Table
    replay_files: list[str]
    seconds: float

class RawStudy:
    value: str | None
    table: Any  # pyarrow.Table
    summary: dict[str, Any]
    manifest: dict[str, Any]
    folder: str

def load(path: str) -> Scenario: ...
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
    replay: str | None = None,
    acmi: str | None = None,
    czml: str | None = None,
    kml: str | None = None,
    geojson: str | None = None,
    replay_interval: float = 1.0,
) -> RawRun: ...
def mc(
    scenario: Scenario,
    runs: int,
    threads: int | None = None,
    seed: int | None = None,
    fidelity: str = "full",
    sweep: str | tuple[str, Sequence[Any]] | None = None,
    *,
    out: str | None = None,
    shard: str | None = None,
    battle_manager: str | None = None,
    radar_model: str | None = None,
    tracker: str | None = None,
    interceptor_model: str | None = None,
    progress: bool = False,
) -> tuple[list[RawStudy], float]: ...
def coverage(
    scenario: Scenario,
    altitude: float | None = None,
    rcs: float | None = None,
    threat: str | None = None,
    grid: int = 500,
    dwell: int = 3,
    dem: str | None = None,
    out: str | None = None,
) -> tuple[dict[str, Any], str, list[str]]: ...
def envelope(missile: str) -> dict[str, Any]: ...
def wta(
    values: Sequence[float],
    pk: Sequence[Sequence[float]],
    shots: Sequence[int],
    time_limit: float = 10.0,
    method: str = "auto",
    iterations: int | None = None,
    seed: int = 0,
) -> dict[str, Any]: ...
def track(
    dir: str,
    truth: str | None = None,
    filter: str = "ekf",
    associator: str = "gnn",
    cutoff: float = 1000.0,
    out: str | None = None,
) -> dict[str, Any]: ...
def catalog() -> dict[str, Any]: ...
