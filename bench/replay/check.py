#!/usr/bin/env python3
"""Parse iadsim's replay exports with readers that share no code with iadsim's writers.

    check.py OUT_DIR

OUT_DIR holds replay.acmi, replay.czml, replay.kml, replay.geojson and the run's own
events.jsonl and summary.json (from `iadsim run SCENARIO --out OUT_DIR --replay`).

- ACMI: tacview-duckdb 0.1.4's ACMIParser (its low-level parser; the high-level
  parse_acmi downloads airport data), plus a strict line-by-line reading of the ACMI 2.2
  rules written here from the format's documentation.
- CZML: czml3's pydantic models (Document of Packets).
- KML: lxml validation against the OGC KML 2.2 schema with the Google gx extension
  (kml22gx.xsd, which imports ogckml22.xsd; both ship with fastkml), then fastkml.
- GeoJSON: the geojson package's is_valid and shapely's is_valid on every geometry.

Each section prints what its reader found and compares the counts with events.jsonl.
Exits non-zero on the first disagreement or rejection.
"""

import json
import pathlib
import re
import sys
import tempfile

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "out")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"  FAIL: {what}")


# ---------------------------------------------------------------- the run's own log
events = [json.loads(l) for l in (out / "events.jsonl").open()]
start = events[0]
n_threats = len(start["threats"])
launches = [e for e in events if e["event"] == "launch"]
kills = [e for e in events if e["event"] == "kill"]
leaks = [e for e in events if e["event"] == "leak"]
launched_threats = {e["threat"] for e in events if e["event"] == "threat_launch"}
print(f"events.jsonl: {n_threats} threats ({len(launched_threats)} launched), "
      f"{len(launches)} interceptors launched, {len(kills)} kills, {len(leaks)} leaks")

# ---------------------------------------------------------------- ACMI
print("\n== ACMI: tacview-duckdb ACMIParser ==")
from tacview_duckdb import ACMIParser, DuckDBStore  # noqa: E402
import contextlib, io  # noqa: E402

acmi = out / "replay.acmi"
with tempfile.TemporaryDirectory() as tmp:
    store = DuckDBStore(tmp)
    header = {"FileType": "text/acmi/tacview", "FileVersion": "2.2", "Title": "check"}
    store.initialize_from_metadata(header)
    store.begin_bulk_load()
    parser = ACMIParser(store=store)
    with contextlib.redirect_stdout(io.StringIO()):
        objects, metadata = parser.parse(acmi)
    print(f"  FileType={metadata.get('FileType')} FileVersion={metadata.get('FileVersion')} "
          f"ReferenceTime={metadata.get('ReferenceTime')} "
          f"Reference lon/lat={metadata.get('ReferenceLongitude')}/{metadata.get('ReferenceLatitude')}")
    by_class = {}
    for o in objects.values():
        key = (o.type, o.coalition, o.color)
        by_class[key] = by_class.get(key, 0) + 1
    print(f"  {len(objects)} objects:")
    for k in sorted(by_class, key=str):
        print(f"    {by_class[k]:4d}  Type={k[0]} Coalition={k[1]} Color={k[2]}")
    removed = sum(1 for o in objects.values() if o.removed_at is not None)
    ev_names = {}
    for ev in parser.events:
        ev_names[ev[2]] = ev_names.get(ev[2], 0) + 1
    print(f"  {removed} objects removed; events: {dict(sorted(ev_names.items()))}; "
          f"{parser.lines_parsed} lines")
    weapons_blue = [o for o in objects.values() if o.type == "Weapon+Missile" and o.coalition == "Defence"]
    red = [o for o in objects.values() if o.coalition == "Raid"]
    check(metadata.get("FileType") == "text/acmi/tacview", "ACMI FileType")
    check(str(metadata.get("FileVersion")) in ("2.2", "2.2.0"), "ACMI FileVersion")
    check(len(weapons_blue) == len(launches), f"ACMI interceptors {len(weapons_blue)} vs launches {len(launches)}")
    check(len(red) == len(launched_threats), f"ACMI threats {len(red)} vs launched {len(launched_threats)}")
    check(ev_names.get("Destroyed", 0) == len(kills), f"ACMI Destroyed {ev_names.get('Destroyed', 0)} vs kills {len(kills)}")
    # Kill times: each Destroyed event at the time of a kill event.
    kill_times = sorted(round(e["time"], 3) for e in kills)
    destroyed_times = sorted(round(ev[1], 3) for ev in parser.events if ev[2] == "Destroyed")
    check(kill_times == destroyed_times, "ACMI Destroyed times equal the kill times")
    print(f"  Destroyed times equal the {len(kill_times)} kill times of events.jsonl: {kill_times == destroyed_times}")

zacmi = out / "replay.zip.acmi"
if zacmi.exists():
    print("\n== ACMI zipped (.zip.acmi): tacview-duckdb ACMIParser ==")
    with tempfile.TemporaryDirectory() as tmp:
        store = DuckDBStore(tmp)
        store.initialize_from_metadata(header)
        store.begin_bulk_load()
        zparser = ACMIParser(store=store)
        with contextlib.redirect_stdout(io.StringIO()):
            zobjects, _ = zparser.parse(zacmi)
        same = (sorted(zobjects) == sorted(objects) and zparser.events == parser.events
                and zparser.lines_parsed == parser.lines_parsed)
        print(f"  {len(zobjects)} objects, {len(zparser.events)} events, {zparser.lines_parsed} lines; "
              f"identical to the text file: {same}")
        check(same, "the .zip.acmi holds the same recording")

print("\n== ACMI: strict reading of the 2.2 rules (written here) ==")
lines = acmi.read_text(encoding="utf-8").split("\n")
check(lines[0] == "FileType=text/acmi/tacview", "first line")
check(lines[1] == "FileVersion=2.2", "second line")
check(lines[-1] == "", "file ends with a newline")
hexid = re.compile(r"^[0-9a-f]+$")
num = re.compile(r"^-?\d+(\.\d+)?$")
t_prev = -1.0
alive, seen, frames, states, bad = set(), set(), 0, 0, []
for i, line in enumerate(lines[2:-1], start=3):
    if line.startswith("#"):
        t = float(line[1:])
        if not t >= t_prev:
            bad.append(f"line {i}: time goes back")
        t_prev, frames = t, frames + 1
    elif line.startswith("-"):
        oid = line[1:]
        if oid not in alive:
            bad.append(f"line {i}: removes {oid}, not alive")
        alive.discard(oid)
    elif line.startswith("0,"):
        key = line[2:].split("=", 1)[0]
        if key == "Event":
            kind, rest = line[2 + 6:].split("|", 1)
            target = rest.split("|", 1)[0]
            if kind not in ("Destroyed", "Message") or target not in alive:
                bad.append(f"line {i}: event {kind} on {target}")
    else:
        oid, props = line.split(",", 1)
        if not hexid.match(oid) or oid == "0":
            bad.append(f"line {i}: id {oid!r} not hexadecimal")
        if oid in seen and oid not in alive:
            bad.append(f"line {i}: {oid} reused after removal")
        seen.add(oid)
        alive.add(oid)
        fields = dict(p.split("=", 1) for p in re.split(r"(?<!\\),", props))
        comps = fields["T"].split("|")
        if len(comps) not in (3, 6) or not all(num.match(c) for c in comps):
            bad.append(f"line {i}: T={fields['T']}")
        states += 1
for b in bad[:10]:
    print("  " + b)
check(not bad, f"{len(bad)} lines break the rules")
print(f"  {frames} frames from 0 to {t_prev} s, {len(seen)} ids, {states} object lines, "
      f"{len(alive)} alive at the end, {len(bad)} problems")

# ---------------------------------------------------------------- CZML
print("\n== CZML: czml3 pydantic models ==")
import czml3  # noqa: E402
from czml3 import Document, Packet  # noqa: E402

data = json.loads((out / "replay.czml").read_text())
doc = Document(packets=[Packet(**p) for p in data])
ids = [p.id for p in doc.packets]
print(f"  czml3 {czml3.__version__}: Document of {len(doc.packets)} packets validated; "
      f"first id {ids[0]!r}, version {doc.packets[0].version}, clock {doc.packets[0].clock.interval}")
threat_p = [p for p in doc.packets if p.id.startswith("threat/")]
icpt_p = [p for p in doc.packets if p.id.startswith("interceptor/")]
site_p = [p for p in doc.packets if p.id.startswith("site/")]
samples = sum(len(p["position"]["cartographicDegrees"]) // 4 for p in data if "epoch" in p.get("position", {}))
print(f"  {len(site_p)} sites, {len(threat_p)} threats, {len(icpt_p)} interceptors, {samples} position samples")
check(ids[0] == "document", "CZML document packet first")
check(len(threat_p) == len(launched_threats), "CZML threats")
check(len(icpt_p) == len(launches), "CZML interceptors")

# ---------------------------------------------------------------- KML
print("\n== KML: OGC KML 2.2 + gx schema (lxml), fastkml ==")
from lxml import etree  # noqa: E402
import fastkml  # noqa: E402
from fastkml import kml as fkml  # noqa: E402

schema_dir = pathlib.Path(fastkml.__file__).parent / "schema"
schema = etree.XMLSchema(etree.parse(str(schema_dir / "kml22gx.xsd")))
tree = etree.parse(str(out / "replay.kml"))
valid = schema.validate(tree)
print(f"  schema kml22gx.xsd (+ ogckml22.xsd): valid = {valid}")
for e in list(schema.error_log)[:5]:
    print(f"    line {e.line}: {e.message}")
check(valid, "KML schema validation")
k = fkml.KML.parse(out / "replay.kml", strict=True, validate=False)
docu = k.features[0]
for folder in docu.features:
    marks = folder.features
    tracks = [m for m in marks if type(m.kml_geometry).__name__ == "Track"]
    whens = sum(len(m.kml_geometry.track_items) for m in tracks)
    print(f"  fastkml {fastkml.__version__}: folder {folder.name!r}: {len(marks)} placemarks"
          + (f", {len(tracks)} gx:Track with {whens} points" if tracks else ""))
    if folder.name == "Threats":
        check(len(tracks) == len(launched_threats), "KML threat tracks")
    if folder.name == "Interceptors":
        check(len(tracks) == len(launches), "KML interceptor tracks")

# ---------------------------------------------------------------- GeoJSON
print("\n== GeoJSON: geojson.is_valid, shapely ==")
import geojson  # noqa: E402
import shapely  # noqa: E402
from shapely.geometry import shape  # noqa: E402

fc = geojson.loads((out / "replay.geojson").read_text())
print(f"  geojson {geojson.__version__}: FeatureCollection is_valid = {fc.is_valid} {fc.errors() or ''}")
check(fc.is_valid, "GeoJSON validity")
kinds = {}
invalid = 0
for f in fc["features"]:
    kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    g = shape(f["geometry"])
    if not g.is_valid:
        invalid += 1
print(f"  shapely {shapely.__version__}: {len(fc['features'])} features, {invalid} invalid geometries; kinds {dict(sorted(kinds.items()))}")
check(invalid == 0, "shapely geometry validity")
check(kinds.get("kill", 0) == len(kills), "GeoJSON kill points")

print("\n== negative controls: the readers reject broken input ==")
try:
    Packet(**{"id": "x", "position": {"epoch": "2000-01-01T00:00:00Z",
                                      "cartographicDegrees": [0, 67, 48, 100, 1, 67, 48]}})
    check(False, "czml3 accepted 7 numbers as sampled positions")
except Exception as e:  # pydantic.ValidationError
    print(f"  czml3 rejects 7 numbers as sampled positions: {type(e).__name__}")
broken = etree.fromstring(
    b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
    b'<styleUrl>#a</styleUrl><name>out of order</name></Placemark></Document></kml>')
check(not schema.validate(broken), "the KML schema accepted misordered Placemark children")
print(f"  KML schema rejects a Placemark with <name> after <styleUrl>: {not schema.validate(broken)}")
check(not geojson.loads('{"type": "LineString", "coordinates": [[67, 48]]}').is_valid,
      "geojson accepted a one-point LineString")
print("  geojson rejects a one-point LineString: True")
check(len(re.split(r"(?<!\\),", "T=1|2|3,Name=a\\,b")) == 2, "escaped comma split")

print()
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all exports parsed and agree with events.jsonl")
