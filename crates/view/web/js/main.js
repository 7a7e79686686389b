// Entry point: the data is inline (an exported file) or fetched from the local server.
"use strict";
window.IV = window.IV || {};

IV.inline = function (id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : undefined;
};

IV.load = async function () {
  const status = document.getElementById("status");
  const t0 = performance.now();
  try {
    let data = IV.inline("iadsim-data");
    let basemap = IV.inline("iadsim-basemap");
    if (data === undefined) {
      status.textContent = "loading…";
      const q = new URLSearchParams(location.search);
      const dir = q.get("dir");
      const res = await fetch(dir ? `data.json?dir=${encodeURIComponent(dir)}` : "data.json");
      const body = await res.json();
      if (!res.ok) throw new Error(body && body.error ? body.error : `HTTP ${res.status}`);
      data = body;
      IV.served = true;
      try { basemap = await (await fetch("app/countries-50m.json")).json(); } catch (e) { basemap = null; }
    }
    IV.loadedMs = performance.now() - t0;
    if (data.kind === "run") IV.startRun(data, basemap);
    else if (data.kind === "study") IV.startStudy(data);
    else throw new Error("not an iadsim viewer document");
    status.textContent = "";
    // Drawn: the first frame of the map has been painted.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      IV.drawnMs = performance.now() - t0;
      // From navigation start: what a user waits for the drawn page.
      IV.readyAt = performance.now();
      document.body.setAttribute("data-ready", "1");
    }));
  } catch (e) {
    status.className = "error";
    status.textContent = `Cannot show this folder: ${e.message}`;
    document.body.setAttribute("data-ready", "error");
  }
};

IV.load();
