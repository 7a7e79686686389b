// Browser test of `iadsim view` in Debian's headless Chromium (playwright-core drives it).
//
// Runs the shipped regiment scenario with --replay, adds a leak_causes fixture to its
// summary.json, and checks the served page and the exported HTML file (opened from disk)
// alike: the counts shown equal summary.json; scrubbed to a time, every threat and track is
// drawn where replay.czml / events.jsonl (read here independently) put it, and the pixels
// there are the threat colour; clicking the leaker on the map shows its attribution (and
// no text of the data runs as HTML); radar and launcher panels count what the event log
// says; the map is not blank. Then a study folder: histograms and leak-cause columns.
//
// Needs: IADSIM_BIN (the iadsim binary; default target/release/iadsim), chromium at
// CHROMIUM (default /usr/bin/chromium). Run: cd crates/view/web && npm test
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../../..");
const require = createRequire(join(here, "../../web/package.json"));
const { chromium } = require("playwright-core");

const BIN = process.env.IADSIM_BIN || join(repo, "target/release/iadsim");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let tmp, runDir, studyDir, server, serverUrl, browser;
let summary, czml, events, geojson, fixture;

// CRC-32 (IEEE 802.3, as zlib's crc32), written here so the test needs no Node 22 zlib.crc32.
function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c >>> 0).toString(16).padStart(8, "0");
}

// Rewrites one file of a committed output set and its line in the set's completion
// marker, as a later iadsim would: the viewer refuses a file its marker does not list.
function rewriteListed(dir, set, name, text) {
  const body = Buffer.from(text, "utf8");
  writeFileSync(join(dir, name), body);
  const markerPath = join(dir, `${set}.complete.json`);
  const marker = JSON.parse(readFileSync(markerPath, "utf8"));
  const entry = marker.files.find((f) => f.path === name);
  assert.ok(entry, `${name} is listed in ${set}.complete.json`);
  Object.assign(entry, { bytes: body.length, crc32: crc32(body) });
  writeFileSync(markerPath, JSON.stringify(marker, null, 2));
}

function iadsim(...args) {
  return execFileSync(BIN, args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Linear interpolation on a CZML [t, lon, lat, h, …] array, as the packet declares.
function czmlAt(c, t) {
  const n = c.length / 4;
  if (t < c[0] || t > c[(n - 1) * 4]) return null;
  let i = 0;
  while (i < n - 1 && c[(i + 1) * 4] <= t) i++;
  if (i === n - 1) return [c[i * 4 + 1], c[i * 4 + 2], c[i * 4 + 3]];
  const a = i * 4, b = a + 4, f = (t - c[a]) / (c[b] - c[a]);
  return [c[a + 1] + f * (c[b + 1] - c[a + 1]), c[a + 2] + f * (c[b + 2] - c[a + 2]), c[a + 3] + f * (c[b + 3] - c[a + 3])];
}

function metres(a, b) {
  const R = 6371000, lat = ((a[1] + b[1]) / 2) * Math.PI / 180;
  const dx = (b[0] - a[0]) * Math.PI / 180 * Math.cos(lat) * R, dy = (b[1] - a[1]) * Math.PI / 180 * R;
  return Math.hypot(dx, dy, b[2] - a[2]);
}

async function startServer(dir) {
  const child = spawn(BIN, ["view", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) ok(m[0]);
    });
    child.on("exit", (code) => fail(new Error(`iadsim view exited ${code}: ${out}`)));
    setTimeout(() => fail(new Error(`no URL printed: ${out}`)), 60000).unref();
  });
  return { child, url };
}

before(async () => {
  const t0 = Date.now();
  tmp = mkdtempSync(join(tmpdir(), "iadsim-view-test-"));
  runDir = join(tmp, "run");
  // Seed 3: a replication with a leaker (a cruise missile) for the attribution panel; with
  // the scenario's own seed every threat is killed.
  iadsim("run", "scenarios/regiment_defense.yaml", "--seed", "3", "--out", runDir, "--replay", "--quiet");
  summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8"));
  // The leak-cause fixture, re-aimed at this run's first leaker.
  fixture = JSON.parse(readFileSync(join(here, "../fixtures/leak_causes.json"), "utf8")).leak_causes;
  const k = summary.threat_outcomes.findIndex((o) => o.fate === "leaked");
  assert.ok(k >= 0, "regiment_defense has a leaker");
  Object.assign(fixture.threats[0], { threat: k, name: summary.threat_outcomes[k].name, fate: "leaked" });
  summary.leak_causes = fixture;
  rewriteListed(runDir, "run", "summary.json", JSON.stringify(summary, null, 2));
  czml = new Map(JSON.parse(readFileSync(join(runDir, "replay.czml"), "utf8"))
    .filter((p) => p.position && p.position.cartographicDegrees && p.id.includes("/") && !p.id.startsWith("site/"))
    .map((p) => [p.id, p.position.cartographicDegrees]));
  events = readFileSync(join(runDir, "events.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  geojson = JSON.parse(readFileSync(join(runDir, "replay.geojson"), "utf8"));
  iadsim("view", runDir, "--export", join(tmp, "run.html"));
  ({ child: server, url: serverUrl } = await startServer(runDir));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  console.log(`setup (run, export, server, browser): ${Date.now() - t0} ms`);
});

after(async () => {
  const t0 = Date.now();
  if (browser) await browser.close();
  console.log(`browser closed in ${Date.now() - t0} ms`);
  if (server) server.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const origin = url.startsWith("http") ? new URL(url).origin : null;
  page.on("request", (r) => {
    const u = r.url();
    const ok = origin ? u.startsWith(`${origin}/`) : (u.startsWith("file:") || u.startsWith("data:"));
    if (!ok) errors.push(`network request to ${u}`);
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  assert.equal(await page.getAttribute("body", "data-ready"), "1", await page.textContent("#status"));
  return { page, errors };
}

const all = () => summary.threats.find((c) => c.class === null);

async function checkRunPage(url) {
  const { page, errors } = await open(url);
  // Counts shown equal summary.json.
  const count = async (id) => Number(await page.textContent(`[data-testid=count-${id}]`));
  assert.equal(await count("threats"), all().count);
  assert.equal(await count("tracks"), summary.tracks.confirmed);
  assert.equal(await count("regiment-tracks"), summary.tracks.regiment.confirmed);
  assert.equal(await count("kills"), all().killed);
  assert.equal(await count("leaks"), all().leaked);
  const interceptors = summary.interceptors.reduce((n, m) => n + m.fired, 0);
  assert.equal(await count("interceptors"), interceptors);

  // Scrub with the slider to times with threats, tracks and interceptors in flight.
  const mapBox = await page.locator("#map").boundingBox();
  let checkedAll = 0;
  for (const t of [1000, 1030.5, 1400, 1580]) {
    await page.locator("#scrub").fill(String(t));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shown = await page.evaluate(() => window.iadsimViewer.positions());
    assert.ok(Math.abs(shown.t - t) < 1e-6, `slider set t = ${t}, page at ${shown.t}`);
    // Threats and interceptors: the replay's position at t.
    let expected = 0;
    for (const [id, c] of czml) {
      const p = czmlAt(c, t);
      if (!p) continue;
      expected++;
      const [kind, k] = id.split("/");
      const list = kind === "threat" ? shown.threats : shown.interceptors;
      const got = list.find((e) => e.id === Number(k));
      assert.ok(got, `${id} alive at ${t} but not drawn`);
      const d = metres(p, [got.lon, got.lat, got.h]);
      // Paths are thinned to 1 m (PATH_TOLERANCE_M) and rounded to 0.1 m.
      assert.ok(d < 1.5, `${id} at t=${t}: drawn ${d.toFixed(2)} m from the replay`);
    }
    assert.equal(shown.threats.length + shown.interceptors.length, expected, `entities drawn at ${t}`);
    // Tracks: the last report at or before t, for every track confirmed and not dropped.
    const live = new Map();
    for (const e of events) {
      if (e.time > t) break;
      if (!["track_start", "track_report", "track_loss"].includes(e.event)) continue;
      const key = e.battalion === null ? `r:${e.track}` : `b${e.battalion}:${e.track}`;
      if (e.event === "track_loss" && e.time < t) live.delete(key);
      else live.set(key, e.state.position);
    }
    assert.equal(shown.tracks.length, live.size, `tracks drawn at ${t}`);
    for (const tr of shown.tracks) {
      const p = live.get(tr.key);
      assert.ok(p, `track ${tr.key} drawn at ${t} but not live in events.jsonl`);
      assert.ok(metres([p[1], p[0], p[2]], [tr.lon, tr.lat, tr.h]) < 1.0, `track ${tr.key} position`);
    }
    // The rendered pixels: each threat is threat-red at its position (threats are drawn
    // over tracks and interceptors; kill and leak markers may cover them).
    const ends = [...shown.kills, ...shown.leaks];
    const ok = (th) => th.x > 2 && th.y > 2 && th.x < mapBox.width - 2 && th.y < mapBox.height - 2;
    const pts = shown.threats.filter(ok).map((th) => [Math.round(th.x), Math.round(th.y), th.id]);
    const endPx = await page.evaluate((ks) => ks.map((k) => {
      const p = IV.run.data.threats[k].path, n = p.length;
      return window.iadsimViewer.screenOf(p[n - 3], p[n - 2]);
    }), ends);
    const img = await pixels(page, await page.screenshot({ clip: mapBox }), pts);
    let checked = 0;
    pts.forEach(([x, y, id], i) => {
      if (endPx.some((e) => Math.hypot(e.x - x, e.y - y) < 10)) return;
      // A neighbour in a tight wave, drawn later, may cover the centre with its outline.
      if (pts.some(([x2, y2], j) => j !== i && Math.hypot(x2 - x, y2 - y) < 6)) return;
      const [r, g, b] = img.at[i];
      assert.ok(r > 150 && g < 110 && b < 110, `threat ${id} at t=${t}: pixel (${r},${g},${b}) at its position is not threat red`);
      checked++;
    });
    checkedAll += checked;
  }
  assert.ok(checkedAll >= 5, `${checkedAll} threats checked on screen`);

  // The map is drawn: many colours and few blank pixels in the map area.
  const img = await pixels(page, await page.screenshot({ clip: mapBox }), []);
  assert.ok(img.colours > 50, `map has ${img.colours} colours`);
  assert.ok(img.drawnFraction > 0.5, "map area is drawn");

  // Click the leaker where the map draws it, 30 s before it leaks.
  const leak = fixture.threats[0];
  const leakTime = events.find((e) => e.event === "leak" && e.threat === leak.threat).time;
  await page.locator("#scrub").fill(String(leakTime - 30));
  const at = await page.evaluate((k) => window.iadsimViewer.positions().threats.find((x) => x.id === k), leak.threat);
  assert.ok(at, "the leaker is on the map 30 s before it leaks");
  await page.mouse.click(mapBox.x + at.x, mapBox.y + at.y);
  assert.equal(await page.textContent("[data-testid=details-title]"), leak.name);
  assert.equal(await page.textContent("[data-testid=fate]"), "leaked");
  assert.equal(await page.getAttribute("[data-testid=attribution-cause]", "data-cause"), leak.cause);
  assert.equal(await page.textContent("[data-testid=attribution-cause]"), "engaged and missed");
  const facts = await page.locator("[data-testid=attribution-chain] li").allTextContents();
  assert.equal(facts.length, leak.chain.length);
  leak.chain.forEach((f, i) => assert.ok(facts[i].endsWith(f.fact), `fact ${i}: ${facts[i]}`));
  // Text from the data is shown as text, never run or parsed as HTML.
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator("#details b, #details script").count(), 0);
  assert.ok((await page.textContent("[data-testid=attribution-detail]")).includes("<b>not bold</b>"));

  // A radar: its detections of threats equal the event log's.
  const sites = await page.evaluate(() => window.iadsimViewer && document.querySelectorAll("#site-list tr.clickable").length);
  assert.ok(sites > 0);
  const radarRow = page.locator("#site-list tr.clickable", { hasText: "north-acq" });
  await radarRow.click();
  const nDet = events.filter((e) => e.event === "detection" && e.battalion === 0 && e.radar === 0 && e.threat !== null).length;
  assert.ok((await page.textContent("#details")).includes(`detections of threats${nDet}`), `north-acq detections ${nDet}`);
  // A launcher: its launches equal the event log's, its rounds left the load the replay
  // records less those launches.
  await page.locator("#site-list tr.clickable", { hasText: "north-A-1" }).click();
  const nLaunch = events.filter((e) => e.event === "launch" && e.battalion === 0 && e.launcher === 0).length;
  const details = await page.textContent("#details");
  assert.ok(details.includes(`rounds fired${nLaunch}`), `north-A-1 launches ${nLaunch}`);
  const site = geojson.features.find((f) => f.properties.kind === "site" && f.properties.name === "north-A-1");
  const loaded = site.properties.rounds.reduce((n, r) => n + r.count, 0);
  assert.ok(details.includes(`rounds left at the end${loaded - nLaunch}`), `north-A-1: ${loaded} loaded`);

  // Play runs the clock, pause stops it; the wheel zooms the map.
  const before = await page.evaluate(() => window.iadsimViewer.time());
  await page.locator("#speed").selectOption("100");
  await page.locator("#play").click();
  await page.waitForTimeout(600);
  await page.locator("#play").click();
  const after = await page.evaluate(() => window.iadsimViewer.time());
  assert.ok(after > before + 10, `played from ${before} to ${after}`);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.iadsimViewer.time()), after, "paused");
  const s0 = await page.evaluate(() => window.iadsimViewer.screenOf(67, 48));
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(300);
  const s1 = await page.evaluate(() => window.iadsimViewer.screenOf(67, 48));
  assert.ok(Math.hypot(s1.x - s0.x, s1.y - s0.y) > 5, "the wheel zoomed the map");

  assert.deepEqual(errors, []);
  const timing = await page.evaluate(() => ({ loaded: IV.loadedMs, drawn: IV.drawnMs }));
  await page.close();
  return timing;
}

// Decodes a PNG in the page: the pixels at `pts` ([x, y]), the number of distinct
// colours and the fraction of pixels neither white nor black.
async function pixels(page, png, pts) {
  return page.evaluate(async ([src, pts]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${src}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set();
    let drawn = 0;
    for (let i = 0; i < d.length; i += 4) {
      const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
      colours.add(key);
      if (key !== 0xffffff && key !== 0) drawn++;
    }
    const at = pts.map(([x, y]) => { const i = (y * img.width + x) * 4; return [d[i], d[i + 1], d[i + 2]]; });
    return { at, colours: colours.size, drawnFraction: drawn / (d.length / 4) };
  }, [png.toString("base64"), pts]);
}

test("served viewer of regiment_defense", async () => {
  const timing = await checkRunPage(serverUrl);
  console.log(`served: data loaded in ${timing.loaded.toFixed(0)} ms, map drawn at ${timing.drawn.toFixed(0)} ms`);
});

test("exported viewer of regiment_defense, opened from disk", async () => {
  const timing = await checkRunPage(pathToFileURL(join(tmp, "run.html")).href);
  console.log(`exported: data parsed in ${timing.loaded.toFixed(0)} ms, map drawn at ${timing.drawn.toFixed(0)} ms`);
});

test("study folder: distributions, leak causes, replications", async () => {
  studyDir = join(tmp, "study");
  iadsim("mc", "scenarios/regiment_defense.yaml", "--runs", "24", "--fidelity", "screening", "--out", studyDir, "--quiet");
  // The study's own leak-cause columns: per replication they add up to its leakers.
  const csv = readFileSync(join(studyDir, "mc.csv"), "utf8").trim().split("\n");
  const head = csv[0].split(",");
  const li = head.indexOf("leaked_total");
  const rows = csv.slice(1).map((l) => l.split(","));
  const causeCols = head.map((c, j) => [c, j]).filter(([c]) => c.startsWith("leak_cause_"));
  assert.ok(causeCols.length >= 10, `mc.csv has the leak-cause columns: ${head.join(",")}`);
  for (const r of rows) assert.equal(causeCols.reduce((n, [, j]) => n + Number(r[j]), 0), Number(r[li]));
  iadsim("run", "scenarios/regiment_defense.yaml", "--replication", "3", "--fidelity", "screening", "--out", join(studyDir, "runs/3"), "--quiet");
  iadsim("view", studyDir, "--export", join(tmp, "study.html"));
  const { child, url } = await startServer(studyDir);
  try {
    for (const u of [url, pathToFileURL(join(tmp, "study.html")).href]) {
      const { page, errors } = await open(u);
      assert.equal(Number(await page.textContent("[data-testid=count-replications]")), rows.length);
      // The histogram of leakers holds every replication once, each bar its count.
      const bars = await page.locator("[data-testid=hist-leaked_total] rect.bar").evaluateAll((els) =>
        els.map((e) => [Number(e.getAttribute("data-value")), Number(e.getAttribute("data-count"))]));
      assert.equal(bars.reduce((n, [, c]) => n + c, 0), rows.length);
      for (const [v, c] of bars) assert.equal(c, rows.filter((r) => Number(r[li]) === v).length);
      // Leak causes: one bar per cause column, its mean the column's mean.
      const causes = await page.locator("[data-testid=leak-causes-plot] rect[data-cause]").evaluateAll((els) =>
        els.map((e) => [e.getAttribute("data-cause"), Number(e.getAttribute("data-mean"))]));
      const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
      assert.deepEqual(causes.map(([c]) => c), causeCols.map(([c]) => c));
      causes.forEach(([c, m], i) => {
        const want = mean(rows.map((r) => Number(r[causeCols[i][1]])));
        assert.ok(Math.abs(m - want) < 1e-9, `${c}: drawn mean ${m}, column mean ${want}`);
      });
      // A bar lists its replications; a replication links to its run (served) or says how to make it.
      const first = await page.locator("[data-testid=hist-leaked_total] rect.bar").first();
      await first.dispatchEvent("click");
      await page.locator("[data-testid=replication-list] tr.clickable").first().click();
      assert.match(await page.textContent("[data-testid=replication-title]"), /^Replication \d+$/);
      await page.locator("[data-testid=hist-leaked_total] rect.bar").first().dispatchEvent("click");
      const idx = rows.findIndex((r) => r[0] === "3");
      const bar = bars.find(([v]) => v === Number(rows[idx][li]));
      assert.ok(bar);
      await page.locator(`[data-testid=hist-leaked_total] rect.bar[data-value="${bar[0]}"]`).dispatchEvent("click");
      await page.locator("[data-testid=replication-list] tr.clickable", { hasText: /^3/ }).first().click();
      if (u.startsWith("http")) {
        await page.locator("[data-testid=replication-link]").click();
        await page.waitForSelector("body[data-ready='1'] [data-testid=count-threats]", { timeout: 60000 });
        assert.equal(Number(await page.textContent("[data-testid=count-threats]")), all().count);
      } else {
        assert.match(await page.textContent("[data-testid=replication-command]"), /--replication 3 /);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    child.kill();
  }
});

test("sweep folder: curves with their bands", async () => {
  const sweep = join(tmp, "sweep");
  iadsim("mc", "scenarios/regiment_defense.yaml", "--runs", "6", "--fidelity", "screening",
    "--sweep", "threats.cruise_missiles[0].count=4,8,12", "--out", sweep, "--quiet");
  iadsim("view", sweep, "--export", join(tmp, "sweep.html"));
  const { page, errors } = await open(pathToFileURL(join(tmp, "sweep.html")).href);
  assert.equal(Number(await page.textContent("[data-testid=count-points]")), 3);
  const rows = readFileSync(join(sweep, "sweep.csv"), "utf8").trim().split("\n").slice(1)
    .map((l) => l.split(",")).filter((r) => r[1] === "leaked_total");
  const dots = await page.locator("[data-testid=sweep-leaked_total] circle").count();
  assert.equal(dots, rows.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a folder that is neither a run nor a study is refused with exit 2", () => {
  assert.ok(existsSync(BIN));
  let code = 0;
  try { iadsim("view", tmp, "--export", join(tmp, "x.html")); } catch (e) { code = e.status; }
  assert.equal(code, 2);
  assert.ok(!existsSync(join(tmp, "x.html")));
});
