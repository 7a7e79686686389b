// Shared helpers of the iadsim viewer. Every text that comes from the data reaches the
// DOM through text nodes (IV.el), never as HTML.
"use strict";
window.IV = window.IV || {};

// Creates an element: attrs may hold class, title, data-*, on* handlers (functions);
// children are nodes or values, the latter added as text.
IV.el = function (tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else if (k === "class") e.className = String(v);
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
};

IV.svgEl = function (tag, attrs) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
};

IV.clear = function (node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
};

IV.fmtTime = function (s) {
  if (s === null || s === undefined || !isFinite(s)) return "–";
  return `${(+s).toFixed(1)} s`;
};

IV.fmt = function (x, digits) {
  if (x === null || x === undefined || !isFinite(x)) return "–";
  const d = digits === undefined ? 2 : digits;
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en") : (+x).toFixed(d).replace(/\.?0+$/, "") || "0";
};

IV.fmtKm = function (m) {
  return m === null || m === undefined || !isFinite(m) ? "–" : `${(m / 1000).toFixed(1)} km`;
};

// Index of the last sample at or before t in a flat array of stride `stride` whose
// first value is time; -1 before the first.
IV.lastIndex = function (arr, stride, t) {
  let lo = 0, hi = arr.length / stride - 1, ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid * stride] <= t) { ans = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return ans;
};

// [lon, lat, h] on a flat [t, lon, lat, h, …] path at time t, linear between samples
// (as the replay declares); null outside the path's span.
IV.pathAt = function (arr, t) {
  const n = arr.length / 4;
  if (n === 0 || t < arr[0] || t > arr[(n - 1) * 4]) return null;
  const i = IV.lastIndex(arr, 4, t);
  if (i >= n - 1) return [arr[i * 4 + 1], arr[i * 4 + 2], arr[i * 4 + 3]];
  const a = i * 4, b = a + 4;
  const span = arr[b] - arr[a];
  const f = span > 0 ? (t - arr[a]) / span : 0;
  return [arr[a + 1] + f * (arr[b + 1] - arr[a + 1]), arr[a + 2] + f * (arr[b + 2] - arr[a + 2]),
    arr[a + 3] + f * (arr[b + 3] - arr[a + 3])];
};

// The fixed list of primary leak causes (summary.json `leak_causes`), in the order the
// study plot stacks them; an unknown key is shown as it is written.
IV.CAUSES = [
  ["never_detected_horizon", "never detected: below the radar horizon"],
  ["never_detected_masked", "never detected: masked by terrain"],
  ["never_detected_range", "never detected: out of range"],
  ["never_detected_jammed", "never detected: jammed"],
  ["never_detected", "never detected"],
  ["detected_not_tracked", "detected but never tracked"],
  ["tracked_too_late", "tracked too late to engage"],
  ["no_channel", "not engaged: no free engagement-radar channel"],
  ["no_round_in_reach", "not engaged: no round that could reach it"],
  ["held_in_reserve", "not engaged: rounds held in reserve"],
  ["lower_priority", "not engaged: lower priority than what was engaged"],
  ["reaction_time", "not engaged: reaction time"],
  ["not_engaged", "not engaged"],
  ["missed", "engaged and missed"],
  ["judged_killed", "judged killed while alive"],
  ["other", "other"],
];
IV.causeLabel = function (key) {
  const hit = IV.CAUSES.find(([k]) => k === key);
  return hit ? hit[1] : String(key).replace(/_/g, " ");
};

IV.radarName = function (data, battalion, radar) {
  const s = (data.sites || []).find((x) => x.battalion === battalion && x.index === radar &&
    (x.kind === "acquisition_radar" || x.kind === "engagement_radar"));
  if (s) return s.name;
  const bn = (data.battalions || [])[battalion] || `battalion ${battalion}`;
  return `${bn} ${radar === 0 ? "acquisition" : "engagement"} radar`;
};

IV.battalionName = function (data, b) {
  if (b === null || b === undefined) return "regiment";
  return (data.battalions || [])[b] || `battalion ${b}`;
};

// A small SVG line chart: series [{points: [[x, y]…], color, step, dash, label}].
IV.lineChart = function (opts) {
  const w = opts.width || 340, h = opts.height || 140, m = { l: 44, r: 8, t: 8, b: 26 };
  const svg = IV.svgEl("svg", { width: w, height: h, class: opts.class || "chart" });
  const all = opts.series.flatMap((s) => s.points);
  if (all.length === 0) return svg;
  const x = d3.scaleLinear().domain(opts.xDomain || d3.extent(all, (p) => p[0])).nice().range([m.l, w - m.r]);
  const y = (opts.yScale || d3.scaleLinear()).domain(opts.yDomain || [0, d3.max(all, (p) => p[1]) || 1]).nice().range([h - m.b, m.t]);
  const g = d3.select(svg);
  g.append("g").attr("transform", `translate(0,${h - m.b})`).call(d3.axisBottom(x).ticks(5));
  g.append("g").attr("transform", `translate(${m.l},0)`).call(d3.axisLeft(y).ticks(4, opts.yFormat || undefined));
  if (opts.xLabel) g.append("text").attr("x", w - m.r).attr("y", h - 2).attr("text-anchor", "end").text(opts.xLabel);
  if (opts.yLabel) g.append("text").attr("x", 2).attr("y", 10).text(opts.yLabel);
  for (const s of opts.series) {
    const line = (s.step ? d3.line().curve(d3.curveStepAfter) : d3.line()).x((p) => x(p[0])).y((p) => y(p[1]));
    g.append("path").attr("d", line(s.points)).attr("fill", "none").attr("stroke", s.color || "#333")
      .attr("stroke-width", s.width || 1.5).attr("stroke-dasharray", s.dash || null);
  }
  if (opts.cursor !== undefined) {
    g.append("line").attr("x1", x(opts.cursor)).attr("x2", x(opts.cursor)).attr("y1", m.t).attr("y2", h - m.b)
      .attr("stroke", "#999").attr("stroke-dasharray", "3,3");
  }
  return svg;
};

IV.table = function (headers, rows, onRow) {
  const t = IV.el("table", {});
  t.appendChild(IV.el("tr", {}, headers.map((h) => IV.el("th", { class: h.num ? "num" : null }, h.label || h))));
  rows.forEach((r, i) => {
    const tr = IV.el("tr", { class: onRow ? "clickable" : null, onclick: onRow ? () => onRow(i) : null });
    r.forEach((c, j) => tr.appendChild(IV.el("td", { class: headers[j].num ? "num" : null }, c)));
    t.appendChild(tr);
  });
  return t;
};
