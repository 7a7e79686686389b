"""Shared fixtures: the repository root, the shipped scenarios and the `iadsim` binary
the Python package is compared against (built by `.ci/run`; `IADSIM` overrides)."""

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCENARIOS = REPO / "scenarios"
REGIMENT = SCENARIOS / "regiment_defense.yaml"
BROKEN = REPO / "crates" / "scenario" / "tests" / "broken"


def cli_binary() -> Path | None:
    given = os.environ.get("IADSIM")
    if given:
        return Path(given)
    built = REPO / "target" / "release" / "iadsim"
    if built.exists():
        return built
    found = shutil.which("iadsim")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def iadsim_bin() -> Path:
    b = cli_binary()
    if b is None or not b.exists():
        pytest.fail("no iadsim binary: run `cargo build --release --bin iadsim` or set IADSIM")
    return b
