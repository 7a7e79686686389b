// The study view: the Monte Carlo table as plots (distributions, sweep curves with their
// 95 % intervals, leak causes when the table has them), linked to the replications.
"use strict";
window.IV = window.IV || {};

IV.CAUSE_PREFIX = "leak_cause_";

IV.startStudy = function (data) {
  document.getElementById("study-view").hidden = false;
  const m = data.manifest || {};
  document.getElementById("title").textContent =
    `${m.scenario || (data.summary && data.summary.scenario) || "study"} — Monte Carlo study`;
  const head = IV.clear(document.getElementById("study-head"));
  const plots = IV.clear(document.getElementById("study-plots"));
  const counts = IV.clear(document.getElementById("counts"));
  if (data.sweep) {
    const pts = data.sweep.points || [];
    counts.appendChild(IV.el("span", {}, "sweep points ", IV.el("b", { "data-testid": "count-points" }, pts.length)));
    head.appendChild(IV.el("p", {}, "A sweep: each point is a study of its own; pick one below the curves to see its distributions."));
    for (const measure of ["leaked_total", "killed_total", "fired_total", "any_asset_hit"]) {
      plots.appendChild(IV.sweepPlot(data.sweep.rows.filter((r) => r.measure === measure), measure));
    }
    const causes = IV.causeColumns(pts[0] && pts[0].table);
    if (causes.length) plots.appendChild(IV.sweepCausePlot(pts, causes));
    const pick = IV.el("select", { "data-testid": "sweep-point" }, pts.map((p, i) => IV.el("option", { value: i }, `${p.value} (${p.folder})`)));
    pick.addEventListener("change", () => IV.showStudy(pts[+pick.value], data, pts[+pick.value].folder));
    head.appendChild(IV.el("label", {}, "sweep point ", pick));
    if (pts.length) IV.showStudy(pts[0], data, pts[0].folder);
  } else {
    IV.showStudy(data, data, "");
  }
  window.iadsimViewer = { ready: true, kind: "study", data };
};

IV.causeColumns = function (table) {
  return table ? table.columns.filter((c) => c.startsWith(IV.CAUSE_PREFIX)) : [];
};

IV.summaryOf = function (study, name) {
  const cols = (study.summary && study.summary.columns) || [];
  return cols.find((c) => c.name === name);
};

// One study's plots and replication table into #study-detail.
IV.showStudy = function (study, root, folder) {
  const box = IV.clear(document.getElementById("study-detail"));
  const m = study.manifest || {}, table = study.table;
  const counts = document.getElementById("counts");
  if (!root.sweep) {
    IV.clear(counts);
    counts.appendChild(IV.el("span", {}, "replications ", IV.el("b", { "data-testid": "count-replications" }, table ? table.rows : 0)));
  }
  box.appendChild(IV.el("h2", {}, folder ? `Sweep point ${folder}` : "Study"));
  box.appendChild(IV.kv([["scenario", m.scenario || "–"], ["seed", m.seed ?? "–"], ["replications", m.runs ?? (table ? table.rows : "–")],
    ["models", m.engine_options || "–"], ["iadsim", m.iadsim_version || "–"]]));
  if (!table) return;
  const plots = IV.el("div", { id: "study-dists", style: null });
  plots.className = "plots";
  box.appendChild(plots);
  const detail = IV.el("div", { id: "replication-detail" });
  const listBox = IV.el("div", { id: "replication-list" });
  const showList = (title, reps) => IV.replicationList(listBox, detail, title, reps, study, root, folder);
  const wrap = IV.el("div", { id: "study-plots-inner" });
  wrap.className = "flexwrap";
  box.appendChild(wrap);
  for (const col of ["leaked_total", "killed_total", "fired_total"]) {
    if (table.data[col]) wrap.appendChild(IV.histogram(table, col, IV.summaryOf(study, col), showList));
  }
  const causes = IV.causeColumns(table);
  if (causes.length) wrap.appendChild(IV.causePlot(study, table, causes));
  box.appendChild(IV.el("h3", {}, "Every column: mean and 95 % interval"));
  const cols = (study.summary && study.summary.columns) || [];
  box.appendChild(IV.table(["column", "unit", { label: "n", num: 1 }, { label: "mean", num: 1 }, { label: "95 % interval", num: 1 }],
    cols.map((c) => [c.name, c.unit, c.n, IV.fmt(c.mean, 3), c.ci95 ? `[${IV.fmt(c.ci95.lo, 3)}, ${IV.fmt(c.ci95.hi, 3)}]` : "–"])));
  box.appendChild(listBox);
  box.appendChild(detail);
  showList("All replications", table.data.replication.map((_, i) => i));
};

IV.histogram = function (table, col, summary, onPick) {
  const values = table.data[col];
  const bins = d3.rollup(values.map((v, i) => [v, i]).filter(([v]) => v !== null), (g) => g.map(([, i]) => i), ([v]) => v);
  const keys = [...bins.keys()].sort((a, b) => a - b);
  const w = 360, h = 190, mg = { l: 40, r: 10, t: 10, b: 30 };
  const lo = keys.length ? keys[0] : 0, hi = keys.length ? keys[keys.length - 1] : 1;
  const x = d3.scaleBand().domain(d3.range(lo, hi + 1)).range([mg.l, w - mg.r]).padding(0.1);
  const y = d3.scaleLinear().domain([0, d3.max([...bins.values()], (g) => g.length) || 1]).nice().range([h - mg.b, mg.t]);
  const svg = IV.svgEl("svg", { width: w, height: h, "data-testid": `hist-${col}` });
  const g = d3.select(svg);
  const every = Math.ceil((hi - lo + 1) / 12);
  g.append("g").attr("transform", `translate(0,${h - mg.b})`).call(d3.axisBottom(x).tickValues(d3.range(lo, hi + 1, every)));
  g.append("g").attr("transform", `translate(${mg.l},0)`).call(d3.axisLeft(y).ticks(4));
  for (const k of keys) {
    const reps = bins.get(k);
    g.append("rect").attr("class", "bar").attr("x", x(k)).attr("width", x.bandwidth()).attr("y", y(reps.length))
      .attr("height", y(0) - y(reps.length)).attr("fill", "#5c7cab").attr("data-value", k).attr("data-count", reps.length)
      .on("click", () => onPick(`${col} = ${k}`, reps))
      .append("title").text(`${col} = ${k}: ${reps.length} replications`);
  }
  const card = IV.el("div", { class: "plot" }, IV.el("h3", {}, col.replace(/_/g, " "),
    summary ? ` — mean ${IV.fmt(summary.mean, 2)} [${IV.fmt(summary.ci95.lo, 2)}, ${IV.fmt(summary.ci95.hi, 2)}]` : ""), svg,
  IV.el("div", { class: "muted" }, "replications per value; click a bar to list them"));
  return card;
};

// Mean leakers per primary cause with 95 % intervals (from summary.json when it has the
// column, else a Student t interval computed here).
IV.causePlot = function (study, table, causes) {
  const rows = causes.map((c) => {
    const s = IV.summaryOf(study, c);
    if (s && s.ci95) return { col: c, mean: s.mean, lo: s.ci95.lo, hi: s.ci95.hi };
    const v = table.data[c].filter((x) => x !== null);
    const mean = d3.mean(v) || 0, sd = d3.deviation(v) || 0, half = v.length > 1 ? 1.96 * sd / Math.sqrt(v.length) : 0;
    return { col: c, mean, lo: Math.max(0, mean - half), hi: mean + half };
  });
  const w = 420, rowH = 22, mg = { l: 230, r: 20, t: 6, b: 26 };
  const h = mg.t + mg.b + rowH * rows.length;
  const x = d3.scaleLinear().domain([0, d3.max(rows, (r) => r.hi) || 1]).nice().range([mg.l, w - mg.r]);
  const svg = IV.svgEl("svg", { width: w, height: h, "data-testid": "leak-causes-plot" });
  const g = d3.select(svg);
  g.append("g").attr("transform", `translate(0,${h - mg.b})`).call(d3.axisBottom(x).ticks(5));
  rows.forEach((r, i) => {
    const y = mg.t + i * rowH;
    g.append("text").attr("x", mg.l - 6).attr("y", y + rowH / 2 + 4).attr("text-anchor", "end").text(IV.causeLabel(r.col.slice(IV.CAUSE_PREFIX.length)));
    g.append("rect").attr("x", x(0)).attr("y", y + 4).attr("width", x(r.mean) - x(0)).attr("height", rowH - 8).attr("fill", "#ef6c00")
      .attr("data-cause", r.col).attr("data-mean", r.mean);
    g.append("line").attr("x1", x(r.lo)).attr("x2", x(r.hi)).attr("y1", y + rowH / 2).attr("y2", y + rowH / 2).attr("stroke", "#000");
  });
  const total = IV.summaryOf(study, "leaked_total");
  const text = rows.filter((r) => r.mean > 0).map((r) => `${IV.fmt(r.mean, 2)} ${IV.causeLabel(r.col.slice(IV.CAUSE_PREFIX.length))}`).join(", ");
  return IV.el("div", { class: "plot" }, IV.el("h3", {}, "Why threats leaked: mean per replication, 95 % interval"), svg,
    IV.el("div", { "data-testid": "leak-causes-sentence" }, total ? `Of ${IV.fmt(total.mean, 2)} leakers a run: ${text}.` : text));
};

IV.sweepPlot = function (rows, measure) {
  const pts = rows.map((r) => ({ v: +r.value, label: r.value, mean: r.mean, lo: r.lo, hi: r.hi }));
  const numeric = pts.every((p) => isFinite(p.v));
  const w = 360, h = 200, mg = { l: 44, r: 10, t: 10, b: 30 };
  const x = numeric ? d3.scaleLinear().domain(d3.extent(pts, (p) => p.v)).nice().range([mg.l, w - mg.r])
    : d3.scalePoint().domain(pts.map((p) => p.label)).range([mg.l, w - mg.r]).padding(0.3);
  const X = (p) => numeric ? x(p.v) : x(p.label);
  const y = d3.scaleLinear().domain([0, d3.max(pts, (p) => p.hi) || 1]).nice().range([h - mg.b, mg.t]);
  const svg = IV.svgEl("svg", { width: w, height: h, "data-testid": `sweep-${measure}` });
  const g = d3.select(svg);
  g.append("g").attr("transform", `translate(0,${h - mg.b})`).call(d3.axisBottom(x).ticks(6));
  g.append("g").attr("transform", `translate(${mg.l},0)`).call(d3.axisLeft(y).ticks(5));
  g.append("path").attr("d", d3.area().x(X).y0((p) => y(p.lo)).y1((p) => y(p.hi))(pts)).attr("fill", "rgba(92,124,171,0.25)");
  g.append("path").attr("d", d3.line().x(X).y((p) => y(p.mean))(pts)).attr("fill", "none").attr("stroke", "#2b4c7e").attr("stroke-width", 2);
  for (const p of pts) g.append("circle").attr("cx", X(p)).attr("cy", y(p.mean)).attr("r", 3).attr("fill", "#2b4c7e")
    .append("title").text(`${p.label}: ${IV.fmt(p.mean, 3)} [${IV.fmt(p.lo, 3)}, ${IV.fmt(p.hi, 3)}]`);
  return IV.el("div", { class: "plot" }, IV.el("h3", {}, `${measure.replace(/_/g, " ")} against the swept value (95 % band)`), svg);
};

IV.sweepCausePlot = function (points, causes) {
  const series = causes.map((c, i) => ({
    color: IV.COLORS.zone[i % IV.COLORS.zone.length],
    points: points.map((p) => [+p.value, d3.mean(p.table.data[c].filter((x) => x !== null)) || 0]),
  }));
  const chart = IV.lineChart({ series, width: 360, height: 200, xLabel: "swept value", yLabel: "leakers" });
  chart.setAttribute("data-testid", "sweep-leak-causes");
  return IV.el("div", { class: "plot" }, IV.el("h3", {}, "Leakers per primary cause against the swept value"), chart,
    IV.el("div", { class: "muted" }, causes.map((c) => IV.causeLabel(c.slice(IV.CAUSE_PREFIX.length))).join(" · ")));
};

IV.replicationList = function (box, detail, title, reps, study, root, folder) {
  IV.clear(box);
  const table = study.table;
  const cols = ["replication", "leaked_total", "killed_total", "fired_total", "any_asset_hit"].filter((c) => table.data[c]);
  box.appendChild(IV.el("h3", {}, `${title} (${reps.length})`));
  const shown = reps.slice(0, 200);
  const t = IV.table(cols.map((c) => ({ label: c.replace(/_/g, " "), num: 1 })),
    shown.map((i) => cols.map((c) => IV.fmt(table.data[c][i], 3))),
    (j) => IV.replicationDetail(detail, shown[j], study, root, folder));
  t.setAttribute("data-testid", "replication-list");
  box.appendChild(t);
  if (reps.length > shown.length) box.appendChild(IV.el("p", { class: "muted" }, `first ${shown.length} shown`));
};

IV.replicationDetail = function (box, i, study, root, folder) {
  IV.clear(box);
  const table = study.table, m = study.manifest || {};
  const r = table.data.replication[i];
  box.appendChild(IV.el("h3", { "data-testid": "replication-title" }, `Replication ${r}`));
  box.appendChild(IV.table(["column", { label: "value", num: 1 }], table.columns.map((c) => [c, IV.fmt(table.data[c][i], 4)])));
  const linked = (root.runs || []).find((x) => x.replication === r && (!folder || x.dir.startsWith(`${folder}/`)));
  if (linked && IV.served) {
    box.appendChild(IV.el("p", {}, IV.el("a", { href: `?dir=${encodeURIComponent(linked.dir)}`, "data-testid": "replication-link" },
      `Open the run of replication ${r} (${linked.dir})`)));
  } else {
    box.appendChild(IV.el("p", {}, "To watch it, run it alone with the same seed and models, then view that folder:"));
    const models = m.engine_options ? " (with the study's model flags)" : "";
    box.appendChild(IV.el("pre", { "data-testid": "replication-command" },
      `iadsim run SCENARIO.yaml --seed ${m.seed ?? "SEED"} --replication ${r} --replay --out ${folder ? `${folder}/` : ""}runs/${r}${models}\niadsim view ${folder ? `${folder}/` : ""}runs/${r}`));
  }
};
