// The run view: the model of a run (entities over time), the timeline and the test hook.
"use strict";
window.IV = window.IV || {};

IV.Run = class {
  constructor(data, basemap) {
    this.data = data;
    this.basemap = basemap;
    this.t = 0;
    this.duration = data.duration || 0;
    this.playing = false;
    this.speed = 30;
    this.selection = null;
    this.listeners = [];
    this.frameTimes = [];
    // Kill and leak times per threat, for markers.
    this.killAt = new Map((data.kills || []).map((k) => [k.threat, k.t]));
    this.leakAt = new Map((data.leaks || []).map((k) => [k.threat, k.t]));
    this.tracksByThreat = new Map();
    for (const tr of data.tracks) {
      if (tr.threat === null || tr.threat === undefined) continue;
      if (!this.tracksByThreat.has(tr.threat)) this.tracksByThreat.set(tr.threat, []);
      this.tracksByThreat.get(tr.threat).push(tr);
    }
    this.leakCauses = new Map();
    const lc = data.summary && data.summary.leak_causes;
    if (lc && Array.isArray(lc.threats)) for (const c of lc.threats) this.leakCauses.set(c.threat, c);
  }

  onChange(f) { this.listeners.push(f); }

  setTime(t) {
    this.t = Math.max(0, Math.min(this.duration, +t));
    for (const f of this.listeners) f();
  }

  select(sel) {
    this.selection = sel;
    for (const f of this.listeners) f();
    IV.showDetails(this, sel);
  }

  // Every entity drawn at the current time, with its position: what the map shows.
  positions(t) {
    const at = t === undefined ? this.t : t;
    const threats = [], interceptors = [], tracks = [];
    for (const th of this.data.threats) {
      const p = IV.pathAt(th.path, at);
      if (p) threats.push({ id: th.id, lon: p[0], lat: p[1], h: p[2] });
    }
    for (const m of this.data.interceptors) {
      const p = IV.pathAt(m.path, at);
      if (p) interceptors.push({ id: m.id, lon: p[0], lat: p[1], h: p[2] });
    }
    for (const tr of this.data.tracks) {
      if (tr.start > at || (tr.end !== null && tr.end < at)) continue;
      const i = IV.lastIndex(tr.samples, 5, at);
      if (i < 0) continue;
      const s = tr.samples;
      tracks.push({ key: tr.key, battalion: tr.battalion, threat: tr.threat, lon: s[i * 5 + 1], lat: s[i * 5 + 2],
        h: s[i * 5 + 3], sigma: s[i * 5 + 4], reported: s[i * 5] });
    }
    const kills = [...this.killAt].filter(([, tk]) => tk <= at).map(([k]) => k);
    const leaks = [...this.leakAt].filter(([, tk]) => tk <= at).map(([k]) => k);
    return { t: at, threats, interceptors, tracks, kills, leaks };
  }

  play(on) {
    this.playing = on === undefined ? !this.playing : on;
    document.getElementById("play").textContent = this.playing ? "❚❚" : "▶";
    if (!this.playing) return;
    let last = performance.now();
    const step = (now) => {
      if (!this.playing) return;
      const dt = (now - last) / 1000;
      last = now;
      if (this.t >= this.duration) { this.play(false); return; }
      this.setTime(this.t + dt * this.speed);
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
};

IV.counts = function (data) {
  const s = data.summary || {};
  const all = (s.threats || []).find((c) => c.class === null) || {};
  const battalionTracks = data.tracks.filter((t) => t.battalion !== null).length;
  const regimentTracks = data.tracks.filter((t) => t.battalion === null).length;
  return {
    threats: data.threats.length,
    tracks: battalionTracks,
    regiment_tracks: regimentTracks,
    interceptors: data.interceptors.length,
    kills: (data.kills || []).length,
    leaks: (data.leaks || []).length,
    flying: all.flying_at_end,
  };
};

IV.startRun = function (data, basemap) {
  const run = new IV.Run(data, basemap);
  IV.run = run;
  document.getElementById("run-view").hidden = false;
  document.getElementById("title").textContent =
    `${data.scenario || "run"} — seed ${data.seed}, replication ${data.replication}`;
  const c = IV.counts(data);
  const counts = IV.clear(document.getElementById("counts"));
  const item = (id, label, value, title) =>
    counts.appendChild(IV.el("span", { title }, `${label} `, IV.el("b", { id: `count-${id}`, "data-testid": `count-${id}` }, value)));
  item("threats", "threats", c.threats);
  item("tracks", "battalion tracks", c.tracks, "confirmed tracks of the battalions' pictures");
  item("regiment-tracks", "regiment tracks", c.regiment_tracks, "confirmed tracks of the regiment command post's picture");
  item("interceptors", "interceptors", c.interceptors);
  item("kills", "kills", c.kills);
  item("leaks", "leaks", c.leaks);
  if (c.flying) item("flying", "flying at end", c.flying);

  const scrub = document.getElementById("scrub");
  scrub.max = String(run.duration);
  const clock = document.getElementById("clock");
  scrub.addEventListener("input", () => run.setTime(+scrub.value));
  document.getElementById("play").addEventListener("click", () => run.play());
  document.getElementById("speed").addEventListener("change", (e) => { run.speed = +e.target.value; });
  document.addEventListener("keydown", (e) => {
    if (e.code === "Space" && e.target.tagName !== "INPUT" && e.target.tagName !== "SELECT") { e.preventDefault(); run.play(); }
  });
  run.onChange(() => {
    scrub.value = String(run.t);
    clock.textContent = `t = ${run.t.toFixed(1)} s`;
  });
  if (!data.has_truth) {
    const n = document.getElementById("notice");
    n.hidden = false;
    n.textContent = "This run folder has no replay.czml: true paths and interceptors are not shown, only the defence's tracks. Write them with `iadsim run SCENARIO --out DIR --replay`.";
  }
  IV.map = new IV.MapView(run, document.getElementById("map"));
  IV.profile = new IV.ProfileView(run, document.getElementById("profile"), IV.map);
  IV.buildLists(run);
  IV.showDetails(run, null);
  // Start where something happens: the first threat launch.
  const first = d3.min(data.threats, (t) => t.launch);
  run.setTime(first || 0);
  window.iadsimViewer = IV.testHook(run);
};

// A hook for the browser test and for scripting the page: set the time, read what is
// drawn and where (screen pixels in the map canvas), select an entity, time frames.
IV.testHook = function (run) {
  return {
    ready: true,
    kind: "run",
    counts: () => IV.counts(run.data),
    setTime: (t) => { run.setTime(t); IV.map.drawNow(); return run.t; },
    time: () => run.t,
    positions: (t) => {
      const p = run.positions(t);
      const px = (e) => Object.assign(e, IV.map.screen(e.lon, e.lat));
      p.threats.forEach(px); p.interceptors.forEach(px); p.tracks.forEach(px);
      return p;
    },
    screenOf: (lon, lat) => IV.map.screen(lon, lat),
    mapRect: () => { const r = IV.map.canvas.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; },
    select: (kind, id) => run.select({ kind, id }),
    drawStats: () => IV.map.stats(),
  };
};
