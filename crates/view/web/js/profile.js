// The side view: height above the ellipsoid (symmetric-log scale, so a 50 m cruise
// missile and a 300 km ballistic apogee both show) against ground range from the map's
// centre (the regiment command post). Full paths faint, the last minute bright.
"use strict";
window.IV = window.IV || {};

IV.ProfileView = class {
  constructor(run, canvas, map) {
    this.run = run;
    this.data = run.data;
    this.canvas = canvas;
    this.map = map;
    this.ctx = canvas.getContext("2d");
    this.prepare();
    new ResizeObserver(() => { this.resize(); this.cache = null; this.requestDraw(); }).observe(canvas);
    run.onChange(() => this.requestDraw());
    this.resize();
  }

  // Ground range (km) of every sample from the projection's centre (azimuthal equidistant:
  // true distance along the great circle).
  prepare() {
    const c = d3.geoDistance;
    const centre = this.map.centre;
    const R = 6371.0088;
    const ranges = (arr, stride) => {
      const n = arr.length / stride, out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = c(centre, [arr[i * stride + 1], arr[i * stride + 2]]) * R;
      return out;
    };
    let maxR = 1, maxH = 1;
    for (const th of this.data.threats) {
      th._range = ranges(th.path, 4);
      for (let i = 0; i < th._range.length; i++) { maxR = Math.max(maxR, th._range[i]); maxH = Math.max(maxH, th.path[i * 4 + 3]); }
    }
    for (const m of this.data.interceptors) {
      m._range = ranges(m.path, 4);
      for (let i = 0; i < m._range.length; i++) maxH = Math.max(maxH, m.path[i * 4 + 3]);
    }
    this.maxR = maxR; this.maxH = maxH / 1000;
  }

  resize() {
    const r = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.w = Math.max(1, Math.round(r.width)); this.h = Math.max(1, Math.round(r.height));
    this.canvas.width = this.w * this.dpr; this.canvas.height = this.h * this.dpr;
    const m = { l: 52, r: 12, t: 10, b: 24 };
    this.x = d3.scaleLinear().domain([0, this.maxR * 1.02]).range([m.l, this.w - m.r]);
    this.y = d3.scaleSymlog().constant(0.5).domain([0, Math.max(1, this.maxH * 1.05)]).range([this.h - m.b, m.t]);
  }

  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  drawStatic() {
    const c = document.createElement("canvas");
    c.width = this.canvas.width; c.height = this.canvas.height;
    const ctx = c.getContext("2d");
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, this.w, this.h);
    ctx.strokeStyle = "#ccc"; ctx.fillStyle = "#555"; ctx.font = "10px system-ui, sans-serif";
    for (const v of this.x.ticks(8)) {
      const px = this.x(v);
      ctx.beginPath(); ctx.moveTo(px, this.y(0)); ctx.lineTo(px, this.y(0) + 4); ctx.stroke();
      ctx.fillText(`${v} km`, px - 12, this.h - 8);
    }
    for (const v of [0.1, 1, 10, 100, 1000].filter((v) => v <= this.maxH * 1.05)) {
      const py = this.y(v);
      ctx.strokeStyle = "#eee"; ctx.beginPath(); ctx.moveTo(this.x(0), py); ctx.lineTo(this.w, py); ctx.stroke();
      ctx.fillText(v >= 1 ? `${v} km` : `${v * 1000} m`, 4, py + 3);
    }
    ctx.fillText("height", 4, 10);
    ctx.strokeStyle = "rgba(214,39,40,0.22)"; ctx.lineWidth = 0.8;
    ctx.beginPath();
    for (const th of this.data.threats) this.line(ctx, th, 0, th._range.length);
    ctx.stroke();
    this.cache = c;
  }

  line(ctx, e, from, to) {
    for (let i = from; i < to; i++) {
      const px = this.x(e._range[i]), py = this.y(e.path[i * 4 + 3] / 1000);
      if (i === from) ctx.moveTo(px, py); else ctx.lineTo(px, py);
    }
  }

  draw() {
    if (!this.cache) this.drawStatic();
    const ctx = this.ctx, t = this.run.t;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.cache, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const live = (e) => e.path.length && e.path[0] <= t && e.path[e.path.length - 4] >= t;
    const head = (e) => {
      const i = IV.lastIndex(e.path, 4, t);
      return [this.x(e._range[i]), this.y(e.path[i * 4 + 3] / 1000), i];
    };
    for (const [list, color] of [[this.data.threats, IV.COLORS.threat], [this.data.interceptors, IV.COLORS.interceptor]]) {
      ctx.strokeStyle = color; ctx.lineWidth = 1.4; ctx.beginPath();
      for (const e of list) {
        if (!live(e)) continue;
        const i = IV.lastIndex(e.path, 4, t), lo = Math.max(0, IV.lastIndex(e.path, 4, t - IV.TRAIL_S));
        this.line(ctx, e, lo, i + 1);
      }
      ctx.stroke();
      ctx.fillStyle = color;
      for (const e of list) {
        if (!live(e)) continue;
        const [x, y] = head(e);
        ctx.beginPath(); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); ctx.fill();
      }
    }
    const sel = this.run.selection;
    if (sel && sel.kind === "threat") {
      const th = this.data.threats[sel.id];
      if (th && th.path.length) {
        ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5; ctx.beginPath();
        this.line(ctx, th, 0, th._range.length); ctx.stroke();
      }
    }
  }
};
