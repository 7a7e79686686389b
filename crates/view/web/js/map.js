// The map: a Canvas 2-D plan view in an azimuthal equidistant projection centred on the
// regiment command post (distances from it are true), drawn with d3-geo. Static layers
// (base map, zones, full paths, sites) are cached in an off-screen canvas and redrawn
// only when the view changes; each frame draws what moves.
"use strict";
window.IV = window.IV || {};

IV.COLORS = {
  threat: "#d62728", interceptor: "#1565c0", track: "#2e7d32", rtrack: "#7b1fa2",
  kill: "#111111", leak: "#ef6c00", site: "#0d47a1", land: "#f3f1ea", border: "#b9b2a0",
  sea: "#dfe9f0", zone: ["#1e88e5", "#43a047", "#8e24aa", "#f4511e", "#00897b", "#6d4c41"],
  pd: "#9e9d24",
};
IV.TRAIL_S = 60;
IV.FIT_KM = 450;

IV.MapView = class {
  constructor(run, canvas) {
    this.run = run;
    this.data = run.data;
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.layers = { zones: true, pd: true, paths: true, tracks: true, interceptors: true, labels: true };
    this.transform = d3.zoomIdentity;
    this.frameMs = [];
    this.resize();
    this.fit();
    this.prepare();
    this.buildLayerToggles();
    this.staticDirty = true;
    const zoom = d3.zoom().scaleExtent([0.3, 200]).on("zoom", (e) => {
      this.transform = e.transform;
      this.scheduleStatic();
      this.requestDraw();
    });
    d3.select(canvas).call(zoom).on("dblclick.zoom", null);
    canvas.addEventListener("click", (e) => this.click(e));
    canvas.addEventListener("mousemove", (e) => this.hover(e));
    new ResizeObserver(() => { this.resize(); this.staticDirty = true; this.requestDraw(); }).observe(canvas);
    run.onChange(() => this.requestDraw());
  }

  resize() {
    const r = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.w = Math.max(1, Math.round(r.width));
    this.h = Math.max(1, Math.round(r.height));
    this.canvas.width = this.w * this.dpr;
    this.canvas.height = this.h * this.dpr;
  }

  // The projection: centred on the regiment command post, fitted to the sites, assets and
  // the paths within FIT_KM of it (a ballistic launch 1,000 km out would shrink the fight).
  fit() {
    const d = this.data;
    const cp = d.sites.find((s) => s.kind === "command_post") || d.sites[0] || d.assets[0];
    let pts = [];
    for (const s of d.sites) pts.push([s.lon, s.lat]);
    for (const a of d.assets) pts.push([a.lon, a.lat]);
    for (const th of d.threats) for (let i = 0; i < th.path.length; i += 40) pts.push([th.path[i + 1], th.path[i + 2]]);
    for (const tr of d.tracks) if (tr.samples.length) pts.push([tr.samples[1], tr.samples[2]]);
    const centre = cp ? [cp.lon, cp.lat] : (pts[0] || [0, 0]);
    this.centre = centre;
    const near = pts.filter((p) => d3.geoDistance(centre, p) * 6371 <= IV.FIT_KM);
    if (near.length > 1) pts = near;
    this.proj = d3.geoAzimuthalEquidistant().rotate([-centre[0], -centre[1]]).clipAngle(40).precision(0.5);
    const pad = 30;
    if (pts.length > 1) this.proj.fitExtent([[pad, pad], [this.w - pad, this.h - pad]], { type: "MultiPoint", coordinates: pts });
    else this.proj.scale(2000).translate([this.w / 2, this.h / 2]);
    // Ground range from the centre: base pixels per metre.
    this.pxPerM = this.proj.scale() / 6371008.8;
  }

  // Base-pixel coordinates of every sample, computed once.
  prepare() {
    const P = this.proj;
    const xy = (arr, stride) => {
      const n = arr.length / stride, out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const p = P([arr[i * stride + 1], arr[i * stride + 2]]) || [NaN, NaN];
        out[i * 2] = p[0]; out[i * 2 + 1] = p[1];
      }
      return out;
    };
    for (const th of this.data.threats) th._xy = xy(th.path, 4);
    for (const m of this.data.interceptors) m._xy = xy(m.path, 4);
    for (const tr of this.data.tracks) tr._xy = xy(tr.samples, 5);
    for (const s of this.data.sites) s._xy = P([s.lon, s.lat]);
    for (const a of this.data.assets) a._xy = P([a.lon, a.lat]);
    const bm = this.run.basemap;
    if (bm && bm.objects && window.topojson) {
      this.land = topojson.feature(bm, bm.objects.land);
      this.borders = topojson.mesh(bm, bm.objects.countries, (a, b) => a !== b);
    }
  }

  buildLayerToggles() {
    const box = document.getElementById("layers");
    const names = { zones: "engagement zones", pd: "radar coverage (Pd 0.5)", paths: "true paths",
      tracks: "defence tracks", interceptors: "interceptors", labels: "labels" };
    for (const [k, label] of Object.entries(names)) {
      const cb = IV.el("input", { type: "checkbox", "data-layer": k });
      cb.checked = this.layers[k];
      cb.addEventListener("change", () => { this.layers[k] = cb.checked; this.staticDirty = true; this.requestDraw(); });
      box.appendChild(IV.el("label", {}, cb, ` ${label}`));
    }
  }

  screen(lon, lat) {
    const p = this.proj([lon, lat]);
    if (!p) return { x: NaN, y: NaN };
    const [x, y] = this.transform.apply(p);
    return { x, y };
  }

  scheduleStatic() {
    clearTimeout(this.staticTimer);
    this.staticTimer = setTimeout(() => { this.staticDirty = true; this.requestDraw(); }, 120);
  }

  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.drawNow(); });
  }

  // Static layers into the off-screen canvas at the current transform.
  drawStatic() {
    if (!this.cache) this.cache = document.createElement("canvas");
    const c = this.cache;
    c.width = this.canvas.width; c.height = this.canvas.height;
    const ctx = c.getContext("2d");
    const k = this.transform.k;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = IV.COLORS.sea;
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.setTransform(this.dpr * k, 0, 0, this.dpr * k, this.dpr * this.transform.x, this.dpr * this.transform.y);
    const path = d3.geoPath(this.proj, ctx);
    if (this.land) {
      ctx.beginPath(); path(this.land); ctx.fillStyle = IV.COLORS.land; ctx.fill();
      ctx.beginPath(); path(this.borders); ctx.strokeStyle = IV.COLORS.border; ctx.lineWidth = 1 / k; ctx.stroke();
    }
    for (const f of this.data.zones) this.drawZone(ctx, path, f, k);
    if (this.layers.paths) {
      ctx.lineWidth = 0.8 / k;
      ctx.strokeStyle = "rgba(214,39,40,0.28)";
      ctx.beginPath();
      for (const th of this.data.threats) this.polyline(ctx, th._xy, 0, th._xy.length / 2);
      ctx.stroke();
    }
    for (const a of this.data.assets) {
      if (!a._xy) continue;
      const rpx = (a.radius_m || 1000) * this.pxPerM;
      ctx.beginPath(); ctx.arc(a._xy[0], a._xy[1], rpx, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(239,108,0,0.12)"; ctx.fill();
      ctx.strokeStyle = IV.COLORS.leak; ctx.lineWidth = 1.2 / k; ctx.stroke();
    }
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    for (const s of this.data.sites) this.drawSite(ctx, s);
    if (this.layers.labels) {
      ctx.font = "11px system-ui, sans-serif"; ctx.fillStyle = "#333";
      for (const s of this.data.sites) {
        if (s.kind === "launcher" || !s._xy) continue;
        const [x, y] = this.transform.apply(s._xy);
        if (s.kind !== "acquisition_radar") continue;
        ctx.fillText(s.battalion_name || s.name, x + 8, y - 6);
      }
      for (const a of this.data.assets) {
        if (!a._xy) continue;
        const [x, y] = this.transform.apply(a._xy);
        ctx.fillText(a.name, x + 8, y + 14);
      }
    }
    this.staticDirty = false;
    this.cacheTransform = this.transform;
  }

  drawZone(ctx, path, f, k) {
    const p = f.properties || {};
    if (p.kind === "engagement_zone" && this.layers.zones) {
      const missiles = [...new Set(this.data.zones.filter((z) => z.properties.kind === "engagement_zone").map((z) => z.properties.missile))];
      ctx.beginPath(); path(f);
      ctx.strokeStyle = IV.COLORS.zone[missiles.indexOf(p.missile) % IV.COLORS.zone.length];
      ctx.setLineDash([6 / k, 4 / k]); ctx.lineWidth = 1.2 / k; ctx.stroke(); ctx.setLineDash([]);
    } else if (p.kind === "pd_contour" && this.layers.pd && p.radar === "combined" && !p.cumulative && p.level === 0.5) {
      ctx.beginPath(); path(f);
      ctx.fillStyle = "rgba(158,157,36,0.07)"; ctx.fill();
      ctx.strokeStyle = IV.COLORS.pd; ctx.lineWidth = 1 / k; ctx.stroke();
    }
  }

  drawSite(ctx, s) {
    if (!s._xy) return;
    const [x, y] = this.transform.apply(s._xy);
    ctx.fillStyle = IV.COLORS.site; ctx.strokeStyle = "#fff"; ctx.lineWidth = 1;
    ctx.beginPath();
    if (s.kind === "acquisition_radar" || s.kind === "engagement_radar") {
      const d = s.kind === "acquisition_radar" ? 0 : 5;
      ctx.moveTo(x + d, y - 7); ctx.lineTo(x + d + 6, y + 4); ctx.lineTo(x + d - 6, y + 4); ctx.closePath();
    } else if (s.kind === "launcher") {
      ctx.rect(x - 2.5, y - 2.5, 5, 5);
    } else {
      ctx.arc(x, y, 4.5, 0, 2 * Math.PI);
    }
    ctx.fill(); ctx.stroke();
  }

  polyline(ctx, xy, from, to) {
    let pen = false;
    for (let i = from; i < to; i++) {
      const x = xy[i * 2], y = xy[i * 2 + 1];
      if (!isFinite(x)) { pen = false; continue; }
      if (pen) ctx.lineTo(x, y); else { ctx.moveTo(x, y); pen = true; }
    }
  }

  // Index range of samples of a path in [t - trail, t].
  trailRange(arr, stride, t) {
    const hi = IV.lastIndex(arr, stride, t);
    const lo = Math.max(0, IV.lastIndex(arr, stride, t - IV.TRAIL_S));
    return [lo, hi];
  }

  drawNow() {
    const t0 = performance.now();
    if (this.staticDirty || !this.cache) this.drawStatic();
    const ctx = this.ctx, run = this.run, t = run.t, tf = this.transform;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    // The cached static layers, moved by the change of transform since they were drawn.
    const c0 = this.cacheTransform, sk = tf.k / c0.k;
    ctx.setTransform(sk, 0, 0, sk, this.dpr * (tf.x - c0.x * sk), this.dpr * (tf.y - c0.y * sk));
    ctx.drawImage(this.cache, 0, 0);
    ctx.setTransform(this.dpr * tf.k, 0, 0, this.dpr * tf.k, this.dpr * tf.x, this.dpr * tf.y);
    const k = tf.k, pos = run.positions(t), sel = run.selection;
    // Trails of the last minute.
    ctx.lineWidth = 1.6 / k;
    this.trails(ctx, this.data.threats, IV.COLORS.threat, t);
    if (this.layers.interceptors) this.trails(ctx, this.data.interceptors, IV.COLORS.interceptor, t);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const S = (lon, lat) => { const p = this.proj([lon, lat]); return p ? tf.apply(p) : [NaN, NaN]; };
    const truthOf = new Map(pos.threats.map((p) => [p.id, p]));
    if (this.layers.tracks) {
      for (const tr of pos.tracks) {
        const [x, y] = S(tr.lon, tr.lat);
        const truth = truthOf.get(tr.threat);
        if (truth) {
          // Where the picture and the truth differ: a line from the track to its threat.
          const [tx, ty] = S(truth.lon, truth.lat);
          ctx.strokeStyle = "rgba(46,125,50,0.6)"; ctx.lineWidth = 1;
          ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(tx, ty); ctx.stroke();
        }
        ctx.strokeStyle = tr.battalion === null ? IV.COLORS.rtrack : IV.COLORS.track;
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        if (tr.battalion === null) { ctx.moveTo(x, y - 6); ctx.lineTo(x + 6, y); ctx.lineTo(x, y + 6); ctx.lineTo(x - 6, y); ctx.closePath(); }
        else ctx.rect(x - 4.5, y - 4.5, 9, 9);
        ctx.stroke();
      }
    }
    if (this.layers.interceptors) {
      ctx.fillStyle = IV.COLORS.interceptor;
      for (const m of pos.interceptors) {
        const [x, y] = S(m.lon, m.lat);
        ctx.beginPath(); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); ctx.fill();
      }
    }
    ctx.fillStyle = IV.COLORS.threat; ctx.strokeStyle = "#fff"; ctx.lineWidth = 0.8;
    for (const th of pos.threats) {
      const [x, y] = S(th.lon, th.lat);
      ctx.beginPath(); ctx.arc(x, y, 3.5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    }
    this.drawEnds(ctx, pos, S);
    this.drawSelection(ctx, sel, S, pos);
    const ms = performance.now() - t0;
    this.frameMs.push(ms);
    if (this.frameMs.length > 2000) this.frameMs.shift();
  }

  // The last TRAIL_S seconds of every mover of `list` in flight at t, in one stroke.
  trails(ctx, list, color, t) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const e of list) {
      if (e.path.length === 0 || e.path[0] > t || e.path[e.path.length - 4] < t) continue;
      const [lo, hi] = this.trailRange(e.path, 4, t);
      this.polyline(ctx, e._xy, lo, hi + 1);
    }
    ctx.stroke();
  }

  drawEnds(ctx, pos, S) {
    ctx.lineWidth = 2;
    for (const k of pos.kills) {
      const th = this.data.threats[k];
      if (!th || th.path.length === 0) continue;
      const n = th.path.length;
      const [x, y] = S(th.path[n - 3], th.path[n - 2]);
      ctx.strokeStyle = IV.COLORS.kill;
      ctx.beginPath(); ctx.moveTo(x - 4, y - 4); ctx.lineTo(x + 4, y + 4); ctx.moveTo(x + 4, y - 4); ctx.lineTo(x - 4, y + 4); ctx.stroke();
    }
    for (const k of pos.leaks) {
      const th = this.data.threats[k];
      if (!th || th.path.length === 0) continue;
      const n = th.path.length;
      const [x, y] = S(th.path[n - 3], th.path[n - 2]);
      ctx.strokeStyle = IV.COLORS.leak; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.arc(x, y, 8, 0, 2 * Math.PI); ctx.stroke();
    }
  }

  drawSelection(ctx, sel, S, pos) {
    if (!sel) return;
    ctx.lineWidth = 2; ctx.strokeStyle = "#000";
    if (sel.kind === "threat") {
      const th = this.data.threats[sel.id];
      if (th && th.path.length) {
        ctx.save();
        ctx.setTransform(this.dpr * this.transform.k, 0, 0, this.dpr * this.transform.k, this.dpr * this.transform.x, this.dpr * this.transform.y);
        ctx.lineWidth = 2 / this.transform.k; ctx.strokeStyle = "rgba(0,0,0,0.7)";
        ctx.beginPath(); this.polyline(ctx, th._xy, 0, th._xy.length / 2); ctx.stroke();
        ctx.restore();
      }
      const p = pos.threats.find((x) => x.id === sel.id);
      if (p) { const [x, y] = S(p.lon, p.lat); ctx.beginPath(); ctx.arc(x, y, 9, 0, 2 * Math.PI); ctx.stroke(); }
    } else if (sel.kind === "site") {
      const s = this.data.sites[sel.id];
      if (s) { const [x, y] = S(s.lon, s.lat); ctx.beginPath(); ctx.arc(x, y, 10, 0, 2 * Math.PI); ctx.stroke(); }
    }
  }

  // What is under a screen point: the nearest drawn entity within 10 px.
  pick(mx, my) {
    const pos = this.run.positions();
    const S = (lon, lat) => { const s = this.screen(lon, lat); return [s.x, s.y]; };
    let best = null, bestD = 10;
    const consider = (sel, x, y, bias) => {
      const d = Math.hypot(x - mx, y - my) + (bias || 0);
      if (d < bestD) { bestD = d; best = sel; }
    };
    for (const th of pos.threats) consider({ kind: "threat", id: th.id }, ...S(th.lon, th.lat));
    for (const k of [...pos.kills, ...pos.leaks]) {
      const th = this.data.threats[k];
      if (th && th.path.length) consider({ kind: "threat", id: k }, ...S(th.path[th.path.length - 3], th.path[th.path.length - 2]), 1);
    }
    if (this.layers.interceptors) for (const m of pos.interceptors) consider({ kind: "interceptor", id: m.id }, ...S(m.lon, m.lat), 1);
    if (this.layers.tracks) for (const tr of pos.tracks) consider({ kind: "track", id: tr.key }, ...S(tr.lon, tr.lat), 2);
    this.data.sites.forEach((s, i) => consider({ kind: "site", id: i }, ...S(s.lon, s.lat), 3));
    return best;
  }

  click(e) {
    const r = this.canvas.getBoundingClientRect();
    const hit = this.pick(e.clientX - r.left, e.clientY - r.top);
    if (hit) this.run.select(hit);
  }

  hover(e) {
    const r = this.canvas.getBoundingClientRect();
    const mx = e.clientX - r.left, my = e.clientY - r.top;
    const hit = this.pick(mx, my);
    const tip = document.getElementById("map-tip");
    if (!hit) { tip.hidden = true; return; }
    tip.hidden = false;
    tip.textContent = IV.describe(this.run, hit);
    tip.style.left = `${mx + 12}px`;
    tip.style.top = `${my + 12}px`;
  }

  stats() {
    const a = [...this.frameMs].sort((x, y) => x - y);
    const q = (p) => a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))] : null;
    return { frames: a.length, mean: a.length ? d3.mean(a) : null, p50: q(0.5), p95: q(0.95), max: a.length ? a[a.length - 1] : null };
  }
};
