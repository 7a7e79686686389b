// The details panel: what a click on the map or a list selects.
"use strict";
window.IV = window.IV || {};

IV.describe = function (run, sel) {
  const d = run.data;
  if (sel.kind === "threat") { const t = d.threats[sel.id]; return `${t.name} (${t.type_name}) — ${t.fate}`; }
  if (sel.kind === "interceptor") { const m = d.interceptors[sel.id]; return `${m.missile} #${m.id} — ${m.ending}`; }
  if (sel.kind === "track") return `track ${sel.id}`;
  if (sel.kind === "site") { const s = d.sites[sel.id]; return `${s.name} (${s.kind.replace(/_/g, " ")})`; }
  return "";
};

IV.threatLink = function (run, k) {
  const th = run.data.threats[k];
  if (!th) return IV.el("span", { class: "muted" }, "–");
  return IV.el("a", { href: "#", onclick: (e) => { e.preventDefault(); run.select({ kind: "threat", id: k }); } }, th.name);
};

IV.kv = function (pairs) {
  const dl = IV.el("dl", { class: "kv" });
  for (const [k, v] of pairs) { dl.appendChild(IV.el("dt", {}, k)); dl.appendChild(IV.el("dd", {}, v)); }
  return dl;
};

IV.showDetails = function (run, sel) {
  const box = IV.clear(document.getElementById("details"));
  if (!sel) return IV.overview(run, box);
  if (sel.kind === "threat") return IV.threatDetails(run, box, sel.id);
  if (sel.kind === "interceptor") return IV.interceptorDetails(run, box, sel.id);
  if (sel.kind === "track") return IV.trackDetails(run, box, sel.id);
  if (sel.kind === "site") return IV.siteDetails(run, box, sel.id);
};

IV.overview = function (run, box) {
  const d = run.data, s = d.summary || {};
  box.appendChild(IV.el("h2", {}, "Run"));
  box.appendChild(IV.el("p", { class: "muted" }, "Click a threat, track, interceptor, radar or launcher on the map or in the lists below."));
  const inter = s.interceptors || [];
  box.appendChild(IV.el("h3", {}, "Interceptors"));
  box.appendChild(IV.table(
    ["missile", { label: "fired", num: 1 }, { label: "kills", num: 1 }, { label: "left", num: 1 }, { label: "Pk/round", num: 1 }],
    inter.map((m) => [m.missile, m.fired, m.kills, m.remaining, IV.fmt(m.pk_per_round, 3)])));
  // Rounds left over time per missile type: loaded = fired + left at the end.
  const series = inter.map((m, i) => {
    const loaded = m.fired + m.remaining;
    const launches = d.interceptors.filter((x) => x.missile === m.missile).map((x) => x.launch).sort((a, b) => a - b);
    const pts = [[0, loaded]];
    launches.forEach((t, j) => pts.push([t, loaded - j - 1]));
    pts.push([d.duration, loaded - launches.length]);
    return { points: pts, step: true, color: IV.COLORS.zone[i % IV.COLORS.zone.length], label: m.missile };
  });
  if (series.length) {
    box.appendChild(IV.el("h3", {}, "Regiment rounds left over time"));
    box.appendChild(IV.lineChart({ series, xLabel: "s", yLabel: "rounds", cursor: run.t, xDomain: [0, d.duration] }));
    box.appendChild(IV.el("p", { class: "muted" }, series.map((x) => x.label).join(", "), " (colours as the zones)"));
  }
  const lc = s.leak_causes;
  if (lc && lc.counts) {
    box.appendChild(IV.el("h3", {}, "Why threats leaked"));
    box.appendChild(IV.table(["primary cause", { label: "threats", num: 1 }],
      Object.entries(lc.counts).filter(([, n]) => n > 0).map(([k, n]) => [IV.causeLabel(k), n])));
  }
};

IV.attribution = function (run, th) {
  const c = run.leakCauses.get(th.id);
  if (!c) {
    if (th.fate === "leaked" || th.fate === "flying") {
      return IV.el("p", { class: "muted", "data-testid": "attribution-missing" },
        "No leak attribution in this run's summary.json (it has no leak_causes section).");
    }
    return null;
  }
  const box = IV.el("div", { class: "cause", "data-testid": "attribution" });
  box.appendChild(IV.el("div", {}, th.fate === "flying" ? "Why it was still flying: " : "Why it leaked: ",
    IV.el("span", { class: "primary", "data-testid": "attribution-cause", "data-cause": c.cause }, IV.causeLabel(c.cause))));
  if (c.detail) box.appendChild(IV.el("div", { "data-testid": "attribution-detail" }, c.detail));
  const ol = IV.el("ol", { class: "chain", "data-testid": "attribution-chain" });
  for (const f of c.chain || []) {
    ol.appendChild(IV.el("li", {}, IV.el("span", { class: "t" }, f.time === null || f.time === undefined ? "" : IV.fmtTime(f.time)), f.fact));
  }
  box.appendChild(ol);
  return box;
};

IV.threatDetails = function (run, box, k) {
  const d = run.data, th = d.threats[k];
  box.appendChild(IV.el("h2", { "data-testid": "details-title" }, th.name));
  box.appendChild(IV.kv([
    ["type", `${th.type_name} (${(th.class || "").replace(/_/g, " ")})`],
    ["fate", IV.el("span", { class: `fate-${th.fate}`, "data-testid": "fate" }, th.fate)],
    ["launched", IV.fmtTime(th.launch)],
    ["ended", IV.fmtTime(th.end)],
    ["first detected", IV.fmtTime(th.first_detection)],
  ]));
  const attr = IV.attribution(run, th);
  if (attr) box.appendChild(attr);
  const tracks = run.tracksByThreat.get(k) || [];
  const series = [];
  if (th.path.length) {
    const pts = [];
    for (let i = 0; i < th.path.length; i += 4) pts.push([th.path[i], th.path[i + 3] / 1000]);
    series.push({ points: pts, color: IV.COLORS.threat });
  }
  for (const tr of tracks) {
    const pts = [];
    for (let i = 0; i < tr.samples.length; i += 5) pts.push([tr.samples[i], tr.samples[i + 3] / 1000]);
    series.push({ points: pts, color: tr.battalion === null ? IV.COLORS.rtrack : IV.COLORS.track, width: 1, dash: "3,2" });
  }
  if (series.length) {
    box.appendChild(IV.el("h3", {}, "Height: truth (red) and its tracks"));
    box.appendChild(IV.lineChart({ series, xLabel: "s", yLabel: "km", cursor: run.t }));
  }
  box.appendChild(IV.el("h3", {}, "Detections"));
  box.appendChild(th.detections.length ? IV.table(
    ["radar", { label: "from", num: 1 }, { label: "to", num: 1 }, { label: "looks", num: 1 }, { label: "range at first", num: 1 }],
    th.detections.map((x) => [IV.radarName(d, x.battalion, x.radar), IV.fmt(x.t0, 1), IV.fmt(x.t1, 1), x.n, IV.fmtKm(x.range_m)]))
    : IV.el("p", { class: "muted" }, "never detected"));
  box.appendChild(IV.el("h3", {}, "Tracks on it"));
  box.appendChild(tracks.length ? IV.table(
    ["picture", "track", { label: "confirmed", num: 1 }, { label: "dropped", num: 1 }],
    tracks.map((t) => [IV.battalionName(d, t.battalion), t.id, IV.fmt(t.start, 1), t.lost ? IV.fmt(t.end, 1) : "–"]),
    (i) => run.select({ kind: "track", id: tracks[i].key }))
    : IV.el("p", { class: "muted" }, "no confirmed track followed it"));
  const eng = d.engagements.filter((e) => e.threat === k);
  box.appendChild(IV.el("h3", {}, "Engagements against it"));
  box.appendChild(eng.length ? IV.table(
    [{ label: "t", num: 1 }, "battalion", "missile", { label: "rounds", num: 1 }, { label: "predicted intercept", num: 1 }],
    eng.map((e) => [IV.fmt(e.t, 1), IV.battalionName(d, e.battalion), e.missile, e.rounds, IV.fmt(e.predicted_intercept_time, 1)]))
    : IV.el("p", { class: "muted" }, "none"));
  const ms = d.interceptors.filter((m) => m.threat === k);
  box.appendChild(IV.el("h3", {}, "Interceptors at it"));
  box.appendChild(ms.length ? IV.table(
    ["#", "missile", { label: "launched", num: 1 }, "ending", { label: "miss", num: 1 }],
    ms.map((m) => [m.id, m.missile, IV.fmt(m.launch, 1), m.ending.replace(/_/g, " "), m.miss_distance === null ? "–" : `${IV.fmt(m.miss_distance, 1)} m`]),
    (i) => run.select({ kind: "interceptor", id: ms[i].id }))
    : IV.el("p", { class: "muted" }, "none"));
  box.appendChild(IV.el("p", { class: "muted" },
    "Tracks and interceptors are tied to this threat after the run (a track follows the threat nearest it within 5 km in most reports; an interceptor the threat it fuzed against, else its track's threat). The defence never sees this mapping."));
};

IV.interceptorDetails = function (run, box, id) {
  const d = run.data, m = d.interceptors[id];
  box.appendChild(IV.el("h2", { "data-testid": "details-title" }, `${m.missile} #${m.id}`));
  const launcher = d.sites.find((s) => s.kind === "launcher" && s.battalion === m.battalion && s.index === m.launcher);
  box.appendChild(IV.kv([
    ["battalion", IV.battalionName(d, m.battalion)],
    ["launcher", launcher ? launcher.name : `#${m.launcher}`],
    ["launched", IV.fmtTime(m.launch)],
    ["ended", IV.fmtTime(m.end)],
    ["ending", m.ending.replace(/_/g, " ")],
    ["miss distance", m.miss_distance === null ? "–" : `${IV.fmt(m.miss_distance, 2)} m`],
    ["threat", m.threat === null ? "–" : IV.threatLink(run, m.threat)],
    ["fired on track", m.track || "–"],
  ]));
};

IV.trackDetails = function (run, box, key) {
  const d = run.data, tr = d.tracks.find((t) => t.key === key);
  if (!tr) return;
  box.appendChild(IV.el("h2", { "data-testid": "details-title" }, `${IV.battalionName(d, tr.battalion)} track ${tr.id}`));
  const n = tr.samples.length / 5;
  box.appendChild(IV.kv([
    ["confirmed", IV.fmtTime(tr.start)],
    ["dropped", tr.lost ? IV.fmtTime(tr.end) : "not dropped"],
    ["reports", n],
    ["last σ position", n ? `${IV.fmt(tr.samples[(n - 1) * 5 + 4], 0)} m` : "–"],
    ["follows (analysis)", tr.threat === null ? "no threat within 5 km: a false track" : IV.threatLink(run, tr.threat)],
    ["regiment track", tr.regiment_track || "–"],
  ]));
};

IV.siteDetails = function (run, box, i) {
  const d = run.data, s = d.sites[i];
  box.appendChild(IV.el("h2", { "data-testid": "details-title" }, s.name));
  box.appendChild(IV.kv([
    ["what", s.kind.replace(/_/g, " ")],
    ["battalion", s.battalion_name || "regiment"],
    ["position", `${s.lat.toFixed(4)}° N, ${s.lon.toFixed(4)}° E, ${IV.fmt(s.h, 0)} m`],
  ]));
  if (s.kind === "acquisition_radar" || s.kind === "engagement_radar") return IV.radarDetails(run, box, s);
  if (s.kind === "launcher") return IV.launcherDetails(run, box, s);
  if (s.kind === "command_post") {
    const eng = d.engagements.filter((e) => s.battalion === null || e.battalion === s.battalion);
    box.appendChild(IV.el("h3", {}, "Engagements planned"));
    box.appendChild(IV.table([{ label: "t", num: 1 }, "missile", { label: "rounds", num: 1 }, "threat (analysis)"],
      eng.map((e) => [IV.fmt(e.t, 1), e.missile, e.rounds, e.threat === null ? "–" : IV.threatLink(run, e.threat)])));
  }
};

IV.radarDetails = function (run, box, s) {
  const d = run.data;
  const r = (d.radars || []).find((x) => x.battalion === s.battalion && x.radar === s.index);
  if (!r) { box.appendChild(IV.el("p", { class: "muted" }, "no detection of a threat")); return; }
  box.appendChild(IV.kv([["detections of threats", r.detections], ["threats detected", r.threats.length],
    ["false alarms logged", r.false_alarms_logged ? r.false_alarms_logged : "not logged (iadsim run --log-false-alarms)"]]));
  box.appendChild(IV.el("h3", {}, `Detections per ${IV.fmt(r.bin_s, 0)} s`));
  box.appendChild(IV.lineChart({ series: [{ points: r.histogram.map((n, j) => [j * r.bin_s, n]), step: true, color: IV.COLORS.site }],
    xLabel: "s", yLabel: "looks", cursor: run.t, xDomain: [0, d.duration] }));
  box.appendChild(IV.el("h3", {}, "Threats it detected"));
  box.appendChild(IV.table(["threat", { label: "first", num: 1 }, { label: "last", num: 1 }, { label: "looks", num: 1 }],
    r.threats.map((x) => [d.threats[x.threat] ? d.threats[x.threat].name : x.threat, IV.fmt(x.first, 1), IV.fmt(x.last, 1), x.n]),
    (j) => run.select({ kind: "threat", id: r.threats[j].threat })));
};

IV.launcherDetails = function (run, box, s) {
  const d = run.data;
  const shots = d.interceptors.filter((m) => m.battalion === s.battalion && m.launcher === s.index).sort((a, b) => a.launch - b.launch);
  const loaded = s.rounds ? s.rounds.reduce((n, r) => n + (r.count || 0), 0) : null;
  box.appendChild(IV.kv([
    ["rounds loaded", s.rounds ? s.rounds.map((r) => `${r.count} × ${r.missile}`).join(", ") : "not in this run's replay.geojson"],
    ["rounds fired", shots.length],
    ["rounds left at the end", loaded === null ? "–" : loaded - shots.length],
  ]));
  const pts = [[0, loaded === null ? 0 : loaded]];
  shots.forEach((m, j) => pts.push([m.launch, loaded === null ? j + 1 : loaded - j - 1]));
  pts.push([d.duration, loaded === null ? shots.length : loaded - shots.length]);
  box.appendChild(IV.el("h3", {}, loaded === null ? "Rounds fired over time" : "Rounds left over time"));
  box.appendChild(IV.lineChart({ series: [{ points: pts, step: true, color: IV.COLORS.interceptor }], xLabel: "s", yLabel: "rounds", cursor: run.t, xDomain: [0, d.duration] }));
  box.appendChild(IV.el("h3", {}, "Launches"));
  box.appendChild(IV.table([{ label: "t", num: 1 }, "#", "missile", "threat (analysis)", "ending"],
    shots.map((m) => [IV.fmt(m.launch, 1), m.id, m.missile, m.threat === null ? "–" : IV.threatLink(run, m.threat), m.ending.replace(/_/g, " ")]),
    (j) => run.select({ kind: "interceptor", id: shots[j].id })));
};

IV.buildLists = function (run) {
  const d = run.data;
  const tl = IV.clear(document.getElementById("threat-list"));
  tl.appendChild(IV.el("h3", {}, "Threats"));
  const order = d.threats.map((t) => t.id).sort((a, b) => {
    const rank = (t) => ({ leaked: 0, flying: 1, killed: 2 })[d.threats[t].fate] ?? 3;
    return rank(a) - rank(b) || a - b;
  });
  const rows = order.map((k) => {
    const t = d.threats[k];
    return [t.name, (t.class || "").replace(/_/g, " "), IV.el("span", { class: `fate-${t.fate}` }, t.fate), IV.fmt(t.end, 0)];
  });
  const table = IV.table(["name", "class", "fate", { label: "end s", num: 1 }], rows, (i) => {
    const th = d.threats[order[i]];
    if (th.end !== null && th.end !== undefined && th.path.length) run.setTime(Math.min(run.t, th.end));
    run.select({ kind: "threat", id: order[i] });
  });
  table.setAttribute("data-testid", "threat-list");
  tl.appendChild(table);
  const sl = IV.clear(document.getElementById("site-list"));
  sl.appendChild(IV.el("h3", {}, "Sites"));
  sl.appendChild(IV.table(["name", "what"], d.sites.map((s) => [s.name, s.kind.replace(/_/g, " ")]),
    (i) => run.select({ kind: "site", id: i })));
};
