"""`iadsim run --dis` on a loopback socket, decoded with Open DIS (an independent DIS 7
decoder, PyPI `opendis`): every site, threat and interceptor has Entity States, every
launch a Fire PDU, every fuze a Detonation PDU, and dead reckoning from the Entity States
lands within the threshold of the replay's positions at the replay's sample times.
`iadsim replay --dis` sends the same PDUs again."""

import json
import math
import re
import socket
import subprocess
import threading

import pytest

from conftest import REGIMENT

opendis = pytest.importorskip("opendis")
from opendis.PduFactory import createPdu  # noqa: E402

WGS84_A = 6378137.0
WGS84_E2 = 6.69437999014e-3
THRESHOLD = 1.0  # --dis-threshold default, m


def ecef(lon, lat, h):
    lat, lon = math.radians(lat), math.radians(lon)
    n = WGS84_A / math.sqrt(1 - WGS84_E2 * math.sin(lat) ** 2)
    return (
        (n + h) * math.cos(lat) * math.cos(lon),
        (n + h) * math.cos(lat) * math.sin(lon),
        (n * (1 - WGS84_E2) + h) * math.sin(lat),
    )


class Receiver:
    """Collects every datagram on a loopback port until stopped."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:  # SO_RCVBUFFORCE (root): no drops however fast the sender
            self.sock.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)
        except OSError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.data = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.loop)
        self.thread.start()

    def loop(self):
        while True:
            try:
                self.data.append(self.sock.recv(65536))
            except socket.timeout:
                if self.stop.is_set():
                    return

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()
        return self.data


def send(cmd):
    rx = Receiver()
    try:
        done = subprocess.run(cmd(rx.port), check=True, capture_output=True, text=True)
    finally:
        data = rx.close()
    sent = int(re.search(r"DIS → \S+: (\d+) PDUs", done.stdout).group(1))
    return data, sent


@pytest.fixture(scope="module")
def live(iadsim_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("dis")
    # Paced at 200× real time so a Python receiver keeps up without a huge buffer.
    data, sent = send(lambda port: [iadsim_bin, "run", REGIMENT, "--out", out, "--czml", out / "replay.czml",
                                     "--dis", f"127.0.0.1:{port}", "--realtime", "200"])
    return out, data, sent


def timestamp_seconds(ts):
    return (ts >> 1) * 3600.0 / 2**31


def test_every_pdu_arrives_and_decodes(live):
    _, data, sent = live
    assert len(data) == sent
    pdus = [createPdu(d) for d in data]
    assert all(p is not None for p in pdus)
    assert {p.protocolVersion for p in pdus} == {7}
    assert {p.exerciseID for p in pdus} == {1}


def decoded(live):
    out, data, _ = live
    events = [json.loads(l) for l in (out / "events.jsonl").read_text().splitlines()]
    return out, [createPdu(d) for d in data], events


def test_entities_fires_and_detonations(live):
    out, pdus, events = decoded(live)
    start = events[0]
    n_threats = len(start["threats"])
    bns = len(start["battalions"])
    es = [p for p in pdus if p.pduType == 1]
    fires = [p for p in pdus if p.pduType == 2]
    dets = [p for p in pdus if p.pduType == 3]
    ids = {p.entityID.entityID for p in es}
    sites = max(p.entityID.entityID for p in es if p.deadReckoningParameters.deadReckoningAlgorithm == 1)
    # Regiment CP + per battalion: CP, two radars and the launchers.
    assert sites >= 1 + 4 * bns
    launched = {e["threat"] for e in events if e["event"] == "threat_launch"}
    assert {sites + 1 + k for k in launched} <= ids
    launches = [e for e in events if e["event"] == "launch"]
    fuzes = [e for e in events if e["event"] == "intercept"]
    first_interceptor = sites + 1 + n_threats
    assert {first_interceptor + e["interceptor"] for e in launches} <= ids
    assert len(fires) == len(launches) > 0
    assert sorted(f.munitionExpendableID.entityID - first_interceptor for f in fires) == sorted(
        e["interceptor"] for e in launches)
    by_munition = {d.explodingEntityID.entityID: d for d in dets if d.explodingEntityID.entityID >= first_interceptor}
    assert len(by_munition) == len(fuzes) > 0
    for e in fuzes:
        d = by_munition[first_interceptor + e["interceptor"]]
        assert d.targetEntityID.entityID == sites + 1 + e["threat"]
        assert abs(timestamp_seconds(d.timestamp) - e["time"] % 3600) < 0.2
    # Killed threats end destroyed (damage bits 3-4) and deactivated (bit 23).
    last = {}
    for p in es:
        last[p.entityID.entityID] = p
    for e in events:
        if e["event"] == "kill":
            a = last[sites + 1 + e["threat"]].entityAppearance
            assert (a >> 3) & 3 == 3 and (a >> 23) & 1 == 1


def test_dead_reckoning_matches_the_replay(live):
    out, pdus, events = decoded(live)
    czml = json.loads((out / "replay.czml").read_text())
    start = events[0]
    es = [p for p in pdus if p.pduType == 1]
    sites = max(p.entityID.entityID for p in es if p.deadReckoningParameters.deadReckoningAlgorithm == 1)
    first_interceptor = sites + 1 + len(start["threats"])
    states = {}
    for p in es:
        if p.deadReckoningParameters.deadReckoningAlgorithm != 5:
            continue
        acc = p.deadReckoningParameters.entityLinearAcceleration
        states.setdefault(p.entityID.entityID, []).append((
            timestamp_seconds(p.timestamp),
            (p.entityLocation.x, p.entityLocation.y, p.entityLocation.z),
            (p.entityLinearVelocity.x, p.entityLinearVelocity.y, p.entityLinearVelocity.z),
            (acc.x, acc.y, acc.z),
        ))
    checked = 0
    worst = 0.0
    for packet in czml:
        m = re.fullmatch(r"(threat|interceptor)/(\d+)", packet.get("id", ""))
        if not m:
            continue
        n = int(m.group(2)) + (sites + 1 if m.group(1) == "threat" else first_interceptor)
        c = packet["position"]["cartographicDegrees"]
        mine = states.get(n, [])
        assert mine or len(c) == 0, packet["id"]
        for i in range(0, len(c), 4):
            t, lon, lat, h = c[i:i + 4]
            t %= 3600  # the run stays within the hour: times past it
            # The CZML gives times to the millisecond: the state sent at that sample.
            before = [s for s in mine if s[0] <= t + 5e-4]
            if not before or t > mine[-1][0] + 5e-4:
                continue
            t0, p0, v0, a0 = before[-1]
            dt = t - t0
            dr = [p0[k] + v0[k] * dt + 0.5 * a0[k] * dt * dt for k in range(3)]
            err = math.dist(dr, ecef(lon, lat, h))
            # The CZML rounds times to 1 ms and positions to ~1 cm.
            speed = math.sqrt(sum(v * v for v in v0))
            assert err <= THRESHOLD + 0.05 + speed * 6e-4, (packet["id"], t, err)
            worst = max(worst, err)
            checked += 1
    assert checked > 5000, checked
    print(f"dead reckoning checked at {checked} samples; worst {worst:.3f} m")


def test_replay_sends_the_same_pdus(live, iadsim_bin):
    out, data, _ = live
    again, _ = send(lambda port: [iadsim_bin, "replay", out, "--scenario", REGIMENT,
                                  "--dis", f"127.0.0.1:{port}", "--realtime", "200"])
    assert again == data


def test_replay_refuses_another_scenario(live, iadsim_bin):
    out, _, _ = live
    r = subprocess.run([iadsim_bin, "replay", out, "--scenario", REGIMENT.parent / "single_cruise_missile.yaml",
                        "--dis", "127.0.0.1:9"], capture_output=True, text=True)
    assert r.returncode == 2
    assert "ran scenario" in r.stderr


def test_replay_refuses_a_changed_scenario(live, iadsim_bin, tmp_path):
    out, _, _ = live
    changed = tmp_path / "changed.yaml"
    text = REGIMENT.read_text()
    assert "salvo_size: 2" in text
    changed.write_text(text.replace("salvo_size: 2", "salvo_size: 1", 1))
    rx = Receiver()
    try:
        r = subprocess.run([iadsim_bin, "replay", out, "--scenario", changed,
                            "--dis", f"127.0.0.1:{rx.port}"], capture_output=True, text=True)
    finally:
        data = rx.close()
    assert r.returncode == 2, r.stderr
    assert re.search(r"events\.jsonl:\d+ differs from a re-run", r.stderr), r.stderr
    assert "nothing was sent" in r.stderr
    assert data == []
