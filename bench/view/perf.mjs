// Load time to a drawn map and frame times while scrubbing, in Debian's headless
// Chromium, for the run folders given: node bench/view/perf.mjs IADSIM_BIN DIR...
// For each folder: the served page (data read by the server on first request) and the
// exported file opened from disk.
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { statSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "../../crates/view/web/package.json"));
const { chromium } = require("playwright-core");
const [bin, ...dirs] = process.argv.slice(2);
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function serve(dir) {
  const child = spawn(bin, ["view", dir], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok) => {
    let out = "";
    child.stdout.on("data", (d) => { out += d; const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//); if (m) ok(m[0]); });
  });
  return { child, url };
}

async function measure(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url, { timeout: 600000 });
  await page.waitForSelector("body[data-ready='1']", { timeout: 600000 });
  const ready = await page.evaluate(() => ({ readyAt: IV.readyAt, parse: IV.loadedMs,
    threats: IV.run.data.threats.length, tracks: IV.run.data.tracks.length, interceptors: IV.run.data.interceptors.length }));
  // Scrub through the run: 300 positions set through the slider, one a frame.
  const frames = await page.evaluate(async () => {
    const scrub = document.getElementById("scrub");
    const d = IV.run.duration, gaps = [];
    IV.map.frameMs.length = 0;
    let last = await new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < 300; i++) {
      scrub.value = String((d * i) / 300);
      scrub.dispatchEvent(new Event("input"));
      const now = await new Promise((r) => requestAnimationFrame(r));
      gaps.push(now - last);
      last = now;
    }
    await new Promise((r) => requestAnimationFrame(r));
    const s = [...gaps].sort((a, b) => a - b);
    return { map: IV.map.stats(), interval_p50: s[150], interval_p95: s[285], interval_max: s[299] };
  });
  await page.close();
  return { ...ready, ...frames };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ARGS });
for (const dir of dirs) {
  const html = `${dir}.html`;
  const t0 = Date.now();
  execFileSync(bin, ["view", dir, "--export", html]);
  const exportS = (Date.now() - t0) / 1000;
  const { child, url } = await serve(dir);
  const served = await measure(browser, url);
  child.kill();
  const exported = await measure(browser, pathToFileURL(html).href);
  const mb = (f) => (statSync(f).size / 1e6).toFixed(1);
  console.log(JSON.stringify({ dir, events_mb: mb(join(dir, "events.jsonl")), czml_mb: mb(join(dir, "replay.czml")),
    export_s: exportS, html_mb: mb(html), served, exported }, null, 1));
}
await browser.close();
