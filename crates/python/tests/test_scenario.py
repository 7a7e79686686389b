"""Scenarios from Python: the CLI's loader, its located errors, its --set paths, and no
panic crossing into Python on hostile input."""

import re

import pytest

import iadsim
from conftest import BROKEN, REGIMENT, SCENARIOS


def test_load_and_set_like_the_cli():
    scn = iadsim.load(REGIMENT)
    assert len(scn.setup()["threats"]) == scn.threat_count
    # The first cruise-missile wave's count, as `--set threats.cruise_missiles[0].count=N`.
    scn.set("threats.cruise_missiles[0].count", 1)
    one = scn.threat_count
    scn.set("threats.cruise_missiles[0].count", 32)
    assert scn.threat_count == one + 31
    assert scn.overrides == [
        ("threats.cruise_missiles[0].count", "1"),
        ("threats.cruise_missiles[0].count", "32"),
    ]
    # A str is YAML text, as after `=` on the command line.
    copy = scn.with_value("threats.cruise_missiles[0].count", "8")
    assert copy.threat_count == one + 7 and scn.threat_count == one + 31


def test_from_yaml_equals_load():
    text = REGIMENT.read_text()
    a = iadsim.Scenario.from_yaml(text, name=str(REGIMENT))
    b = iadsim.load(REGIMENT)
    assert a.setup() == b.setup()


def test_bad_override_is_located_and_leaves_the_scenario_unchanged():
    scn = iadsim.load(REGIMENT)
    with pytest.raises(iadsim.ScenarioError) as e:
        scn.set("threats.cruise_missiles[0].cuont", 3)
    assert e.value.path == "threats.cruise_missiles[0].cuont"
    assert "cuont" in str(e.value)
    assert scn.overrides == []
    with pytest.raises(iadsim.ScenarioError) as e:
        scn.set("threats.cruise_missiles[0].count", -5)
    assert e.value.path.startswith("threats.cruise_missiles[0].count")
    assert e.value.line is not None and e.value.column is not None


def test_bad_scenario_raises_the_located_error():
    text = REGIMENT.read_text().replace("lat_deg: ", "lat_deg: 9", 1)
    with pytest.raises(iadsim.ScenarioError) as e:
        iadsim.Scenario.from_yaml(text, name="bad.yaml")
    err = e.value
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "lat_deg: 9" in l)
    assert err.file == "bad.yaml"
    assert err.line == line
    assert err.column >= 1
    assert err.path.endswith("lat_deg")
    assert "latitude" in err.message
    assert err.problems[0]["line"] == line
    assert str(err).startswith(f"bad.yaml:{line}:{err.column}: ")
    assert isinstance(err, ValueError)


def expected_problems(path):
    out = []
    for l in path.with_suffix(".expect").read_text().splitlines():
        if not l.strip() or l.startswith("#"):
            continue
        line, frag = l.split(": ", 1)
        out.append((None if line == "-" else int(line), frag))
    return out


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.name)
def test_broken_files_raise_their_located_problems(path):
    """The fuzz seeds and regressions (crates/scenario/tests/broken): each file raises
    ScenarioError with the problems its .expect lists, through both entry points."""
    want = expected_problems(path)
    with pytest.raises(iadsim.ScenarioError) as e:
        iadsim.load(path)
    got = e.value.problems
    assert len(got) == len(want), (got, want)
    for p, (line, frag) in zip(got, want):
        text = (p["path"] + ": " if p["path"] else "") + p["message"] + (" " + p["help"] if p["help"] else "")
        assert p["line"] == line, (p, line)
        assert frag in text or frag in str(e.value), (frag, text)
    # The same bytes as text, as a notebook would paste them: never a panic.
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        iadsim.Scenario.from_yaml(text, name=path.name)
    except iadsim.ScenarioError as err:
        assert err.problems
    # Truncations of the file: still only located errors or a scenario.
    for cut in range(0, len(text), max(1, len(text) // 7)):
        try:
            iadsim.Scenario.from_yaml(text[:cut])
        except iadsim.ScenarioError:
            pass


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_scenarios_load(path):
    scn = iadsim.load(path)
    assert scn.threat_count > 0
    assert re.match(r"<iadsim.Scenario ", repr(scn))
