// The live page of a satbus process: draws the topology (/topology) as a graph and puts on every
// satellite and wire the figures of /metrics, read every second, with the last dead letters
// (/dead). Plain browser JavaScript, no library, nothing fetched from elsewhere.
"use strict";

const POLL_MS = 1000;
const DEAD_POLL_MS = 2000;
const RATE_WINDOW_MS = 5000;
const SPARK_POINTS = 60;
const NODE_W = 230;
const NODE_H = 164;
const COL_GAP = 150;
const ROW_GAP = 36;
const MARGIN = 24;
const SVG_NS = "http://www.w3.org/2000/svg";

const state = { topology: null, prefix: "", nodes: new Map(), edges: [], samples: new Map(), sparks: new Map() };

function el(name, attrs, parent, text) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  if (parent) {
    parent.appendChild(e);
  }
  return e;
}

function html(name, attrs, parent, text) {
  const e = document.createElement(name);
  for (const [k, v] of Object.entries(attrs || {})) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  if (parent) {
    parent.appendChild(e);
  }
  return e;
}

async function json(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) {
    throw new Error(path + " answered " + response.status);
  }
  return response.json();
}

// Columns by the longest path from a satellite nothing sends to; the orchester (it publishes the
// dead letters) goes with the sources.
function layout(topology) {
  const names = topology.satellites.map(s => s.name);
  const rank = new Map(names.map(n => [n, 0]));
  const wires = topology.wiring.filter(w => w.from !== "orchester" && w.from !== w.to);
  for (let pass = 0; pass < names.length; pass++) {
    for (const w of wires) {
      if (rank.has(w.from) && rank.get(w.to) < rank.get(w.from) + 1) {
        rank.set(w.to, rank.get(w.from) + 1);
      }
    }
  }
  const columns = [];
  if (topology.wiring.some(w => w.from === "orchester")) {
    columns[0] = ["orchester"];
    for (const n of names) {
      rank.set(n, rank.get(n) + 1);
    }
  }
  for (const n of names) {
    (columns[rank.get(n)] = columns[rank.get(n)] || []).push(n);
  }
  const at = new Map();
  const rows = Math.max(...columns.map(c => (c ? c.length : 0)));
  const height = MARGIN * 2 + rows * NODE_H + (rows - 1) * ROW_GAP;
  columns.forEach((column, c) => {
    if (!column) {
      return;
    }
    const top = (height - (column.length * NODE_H + (column.length - 1) * ROW_GAP)) / 2;
    column.forEach((n, r) => at.set(n, { x: MARGIN + c * (NODE_W + COL_GAP), y: top + r * (NODE_H + ROW_GAP) }));
  });
  return { at, width: MARGIN * 2 + columns.length * NODE_W + (columns.length - 1) * COL_GAP, height };
}

function draw(topology) {
  const svg = document.getElementById("graph");
  svg.replaceChildren();
  const { at, width, height } = layout(topology);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  const defs = el("defs", {}, svg);
  for (const [id, color] of [["arrow", "#7d8796"], ["arrow-topic", "#8a6fb3"], ["arrow-dead", "#c0392b"]]) {
    const m = el("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: "auto-start-reverse" }, defs);
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: color }, m);
  }
  const edgeLayer = el("g", { class: "edges" }, svg);
  const nodeLayer = el("g", { class: "nodes" }, svg);
  state.edges = topology.wiring.filter(w => at.has(w.from) && at.has(w.to)).map((w, i, all) => {
    const dead = w.from === "orchester";
    const kind = w.via === "topic" ? "topic" : "send_to";
    const g = el("g", { class: "edge " + kind + (dead ? " dead" : ""), "data-from": w.from, "data-to": w.to }, edgeLayer);
    const a = at.get(w.from);
    const b = at.get(w.to);
    const twin = all.filter(o => o.from === w.from && o.to === w.to).indexOf(w);
    let d;
    let lx;
    let ly;
    if (w.from === w.to) {
      d = "M " + (a.x + NODE_W - 30) + " " + a.y + " C " + (a.x + NODE_W + 40) + " " + (a.y - 60) + ", "
        + (a.x + NODE_W + 60) + " " + (a.y + 40) + ", " + (a.x + NODE_W) + " " + (a.y + 40);
      lx = a.x + NODE_W + 12;
      ly = a.y - 24;
    } else {
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2 + twin * 14;
      const x2 = b.x;
      const y2 = b.y + NODE_H / 2 + twin * 14;
      const backwards = x2 <= x1;
      const bend = backwards ? 140 : (x2 - x1) / 2;
      d = "M " + x1 + " " + y1 + " C " + (x1 + bend) + " " + y1 + ", " + (x2 - bend) + " " + y2 + ", " + x2 + " " + y2;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2 - 8 + (backwards ? -NODE_H / 2 : 0);
    }
    el("path", { d, "marker-end": "url(#" + (dead ? "arrow-dead" : kind === "topic" ? "arrow-topic" : "arrow") + ")" }, g);
    el("text", { x: lx, y: ly, "text-anchor": "middle", class: "name" }, g,
      kind === "topic" ? "topic " + w.topic : "send_to " + w.service);
    const label = el("text", { x: lx, y: ly + 26, "text-anchor": "middle", class: "figures" }, g, "");
    return { wire: w, label };
  });
  state.nodes.clear();
  const satellites = new Map(topology.satellites.map(s => [s.name, s]));
  for (const [name, p] of at) {
    const s = satellites.get(name);
    const g = el("g", { class: "node" + (s ? "" : " orchester"), "data-satellite": name,
      transform: "translate(" + p.x + "," + p.y + ")" }, nodeLayer);
    el("rect", { class: "box", width: NODE_W, height: NODE_H, rx: 8, ry: 8 }, g);
    el("text", { class: "name", x: 12, y: 22 }, g, name);
    const fed = s && topology.wiring.some(w => w.to === name && w.via === "send_to");
    const role = fed ? " · worker" : s && (s.subscribe || []).length ? " · subscriber" : " · source";
    const kind = s ? (s.type || s.class || (s.command ? "command" : "")) + role
      : "routes, publishes dead letters";
    el("text", { class: "kind", x: 12, y: 38 }, g, kind);
    const node = { g, spec: s, instances: [], lines: {} };
    if (s) {
      for (let i = 0; i < s.instances; i++) {
        node.instances.push(el("circle", { class: "instance", cx: NODE_W - 14 - i * 13, cy: 17, r: 5,
          "data-instance": i }, g));
      }
      node.lines.rate = el("text", { class: "rate", x: 12, y: 62 }, g, "… /s");
      node.lines.load = el("text", { x: 12, y: 82 }, g, "");
      node.lines.latency = el("text", { x: 12, y: 100 }, g, "");
      node.lines.failures = el("text", { x: 12, y: 118 }, g, "");
      node.lines.restarts = el("text", { x: 12, y: 136 }, g, "");
      node.spark = el("polyline", { class: "spark", points: "" }, g);
    } else {
      node.lines.load = el("text", { x: 12, y: 62 }, g, "");
      node.lines.failures = el("text", { x: 12, y: 82 }, g, "");
    }
    state.nodes.set(name, node);
  }
}

// A rate from a cumulative figure: its change over the last RATE_WINDOW_MS of the server's clock.
function rate(key, value, atMs) {
  if (value === undefined || value === null) {
    return null;
  }
  let samples = state.samples.get(key);
  if (!samples || (samples.length && value < samples[samples.length - 1][1])) {
    samples = [];
    state.samples.set(key, samples);
  }
  if (!samples.length || samples[samples.length - 1][0] !== atMs) {
    samples.push([atMs, value]);
  }
  while (samples.length > 2 && atMs - samples[1][0] >= RATE_WINDOW_MS) {
    samples.shift();
  }
  const first = samples[0];
  const spanMs = atMs - first[0];
  return spanMs >= 900 ? (value - first[1]) * 1000 / spanMs : null;
}

function spark(name, value) {
  let points = state.sparks.get(name);
  if (!points) {
    points = [];
    state.sparks.set(name, points);
  }
  points.push(value || 0);
  if (points.length > SPARK_POINTS) {
    points.shift();
  }
  return points;
}

function fmt(n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) {
    return "…";
  }
  if (Math.abs(n) >= 10000) {
    return Math.round(n).toLocaleString("en");
  }
  return n.toFixed(digits === undefined ? (Math.abs(n) < 10 && n % 1 !== 0 ? 1 : 0) : digits);
}

// Rates keep a decimal below 100/s, where a steady flow's small changes are worth seeing.
function fmtRate(n) {
  return n === null || n === undefined ? "…" : Math.abs(n) < 100 ? n.toFixed(1) : fmt(n, 0);
}

function update(metrics) {
  const p = state.prefix;
  const at = metrics.at_ms;
  const gauge = name => (metrics.gauges[p + name] || {}).value;
  const count = name => (metrics.counters[p + name] || {}).count;
  const timer = name => metrics.timers[p + name];
  const rates = new Map();
  for (const [name, node] of state.nodes) {
    const s = node.spec;
    if (!s) {
      node.lines.load.textContent = "queued " + fmt(gauge("orchester.queued")) + " · in flight "
        + fmt(gauge("orchester.in_flight")) + " · workers " + fmt(gauge("orchester.workers"));
      const dead = count("tracker.dead");
      node.lines.failures.textContent = "dead " + fmt(dead) + " · refused " + fmt(gauge("orchester.refused"));
      node.lines.failures.setAttribute("class", dead > 0 ? "bad" : "");
      continue;
    }
    // A worker that something sends to shows its done rate; one fed by topics alone (a
    // subscriber) what it handled; a source what it sent.
    const fed = state.topology.wiring.some(w => w.to === name && w.via === "send_to");
    const worker = s.timeout_ms !== undefined && fed;
    const subscriber = !worker && (s.subscribe || []).length > 0;
    const sentRate = rate(name + ".sent", gauge(name + ".sent"), at);
    const doneRate = worker ? rate(name + ".done", count(name + ".done"), at) : null;
    const handledRate = rate(name + ".handled", gauge(name + ".handled"), at);
    const shown = worker ? doneRate : subscriber ? handledRate : sentRate;
    const unit = worker ? " done/s" : subscriber ? " handled/s" : " sent/s";
    const total = worker ? count(name + ".done") : subscriber ? gauge(name + ".handled") : gauge(name + ".sent");
    rates.set(name, { sent: sentRate, done: doneRate, handled: handledRate });
    node.lines.rate.textContent = fmtRate(shown) + unit;
    node.lines.rate.setAttribute("data-value", shown === null ? "" : shown);
    node.lines.rate.setAttribute("data-total", total || 0);
    if (worker) {
      const t = timer(name + ".latency") || {};
      node.lines.load.textContent = "queue " + fmt(gauge(name + ".queue_depth")) + " · in flight "
        + fmt(gauge(name + ".in_flight")) + " · workers " + fmt(gauge(name + ".workers_alive"));
      node.lines.latency.textContent = "latency p50 " + fmt(t.p50_ms, 1) + " · p99 " + fmt(t.p99_ms, 1) + " ms";
      const errors = (count(name + ".errors") || 0) + (count(name + ".timeouts") || 0)
        + (count(name + ".worker_lost") || 0);
      const dead = count(name + ".dead") || 0;
      node.lines.failures.textContent = "failed " + fmt(errors) + " · retried " + fmt(count(name + ".retries"))
        + " · dead " + fmt(dead);
      node.lines.failures.setAttribute("class", dead > 0 ? "bad" : "");
    } else {
      const lost = gauge(name + ".lost") || 0;
      node.lines.load.textContent = subscriber ? "handled " + fmt(gauge(name + ".handled")) + " from topics "
        + s.subscribe.join(", ") : "outstanding " + fmt(gauge(name + ".outstanding")) + " · sent " + fmt(gauge(name + ".sent"));
      node.lines.latency.textContent = subscriber && !s.send_to ? "" : "lost " + fmt(lost);
      node.lines.latency.setAttribute("class", lost > 0 ? "bad" : "");
      node.lines.failures.textContent = "";
    }
    const restarts = gauge(name + ".restarts");
    const flapping = gauge(name + ".flapping") || 0;
    const up = gauge(name + ".up");
    node.lines.restarts.textContent = "restarts " + fmt(restarts) + (flapping > 0 ? " · flapping " + flapping : "")
      + (up === undefined ? "" : " · up " + up + "/" + s.instances);
    node.lines.restarts.setAttribute("class", flapping > 0 ? "bad" : "");
    node.instances.forEach((c, i) => c.setAttribute("class", "instance" + (up !== undefined && i >= up ? " down" : "")));
    const alive = gauge(name + ".workers_alive");
    const troubled = flapping > 0 || (worker && alive === 0) || (up !== undefined && up < s.instances);
    // A queue that does not drain: work waits and nothing gets done.
    const failing = (worker && (gauge(name + ".queue_depth") || 0) > 0 && !doneRate);
    node.g.setAttribute("class", "node" + (troubled ? " bad" : failing ? " warn" : ""));
    const points = spark(name, shown);
    const max = Math.max(1, ...points);
    node.spark.setAttribute("points", points.map((v, i) => (12 + i * (NODE_W - 24) / (SPARK_POINTS - 1)).toFixed(1)
      + "," + (NODE_H - 5 - (v / max) * 14).toFixed(1)).join(" "));
  }
  for (const { wire, label } of state.edges) {
    if (wire.via === "send_to") {
      const r = rates.get(wire.from);
      label.textContent = fmtRate(r ? r.sent : null) + "/s · queue "
        + fmt(gauge(wire.to + ".queue_depth"));
    } else if (wire.from === "orchester") {
      label.textContent = fmt(count("tracker.dead") || 0) + " dead so far";
    } else {
      const r = rates.get(wire.to);
      label.textContent = fmtRate(r ? r.handled : null) + "/s handled";
    }
  }
  totals(gauge);
  roles(gauge, count, at);
  document.getElementById("updated").textContent = "updated " + new Date(at).toLocaleTimeString();
}

function totals(gauge) {
  const box = document.getElementById("totals");
  box.replaceChildren();
  for (const figure of ["generated", "delivered", "duplicates", "dead", "lost"]) {
    const v = gauge("run." + figure);
    if (v === undefined) {
      continue;
    }
    const f = html("div", { class: "figure" + ((figure === "lost" || figure === "dead") && v > 0 ? " bad" : ""),
      "data-figure": figure }, box);
    html("div", { class: "label" }, f, figure);
    html("div", { class: "value" }, f, fmt(v));
  }
}

function roles(gauge, count, at) {
  const box = document.getElementById("roles");
  box.replaceChildren();
  const o = html("div", { class: "role", "data-role": "orchester" }, box);
  html("b", {}, o, "orchester");
  o.appendChild(document.createTextNode("queued " + fmt(gauge("orchester.queued")) + " · in flight "
    + fmt(gauge("orchester.in_flight")) + " · workers " + fmt(gauge("orchester.workers")) + " · refused "
    + fmt(gauge("orchester.refused")) + " · malformed " + fmt(gauge("orchester.malformed"))));
  const t = html("div", { class: "role", "data-role": "tracker" }, box);
  html("b", {}, t, "tracker");
  t.appendChild(document.createTextNode("tracking " + fmt(gauge("tracker.in_flight")) + " · events "
    + fmtRate(rate("tracker.events", count("tracker.events"), at)) + "/s · decisions "
    + fmt(count("tracker.decisions")) + " · dead " + fmt(count("tracker.dead"))));
}

function health(h) {
  const badge = document.getElementById("health");
  badge.textContent = h.status;
  badge.className = "badge " + (h.status === "ok" ? "ok" : "bad");
  const g = h.graphite || {};
  const gb = document.getElementById("graphite");
  if (g.enabled) {
    gb.textContent = "graphite " + g.endpoint + (g.consecutive_failures > 0 ? " failing" : "");
    gb.className = "badge " + (g.consecutive_failures > 0 ? "warn" : "quiet");
  } else {
    gb.textContent = "no graphite";
  }
}

function time(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString("en-GB") + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function deadLetters(doc) {
  const letters = doc.dead_letters;
  document.getElementById("dead-none").hidden = letters.length > 0;
  document.getElementById("dead-table").hidden = letters.length === 0;
  document.getElementById("dead-count").textContent = letters.length ? "(last " + letters.length + ")" : "";
  const body = document.querySelector("#dead-table tbody");
  body.replaceChildren();
  for (const d of letters) {
    const row = html("tr", { class: "dead-letter", "data-dispatch": d.dispatch_id, "data-service": d.service }, body);
    html("td", {}, row, time(d.at_ms));
    html("td", {}, row, d.service);
    html("td", {}, row, String(d.dispatch_id));
    html("td", {}, row, String(d.attempts));
    const list = html("ol", { class: "history" }, html("td", {}, row));
    for (const f of d.history) {
      const item = html("li", { class: "attempt" }, list);
      html("span", {}, item, time(f.at_ms) + " " + (f.satellite ? f.satellite + "#" + f.instance : "worker")
        + (f.worker ? " (worker " + f.worker.slice(0, 12) + (f.worker.length > 12 ? "…" : "") + ")" : "") + ": ");
      html("span", { class: "outcome" }, item, f.outcome);
    }
  }
}

async function poll() {
  try {
    const [metrics, h] = await Promise.all([json("metrics"), fetch("health", { cache: "no-store" }).then(r => r.json())]);
    update(metrics);
    health(h);
  } catch (e) {
    const badge = document.getElementById("health");
    badge.textContent = "unreachable";
    badge.className = "badge bad";
  }
}

async function pollDead() {
  try {
    deadLetters(await json("dead"));
  } catch (e) {
    // the health badge says the view is unreachable
  }
}

async function start() {
  let topology;
  for (;;) {
    try {
      topology = await json("topology");
      break;
    } catch (e) {
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
    }
  }
  state.topology = topology;
  state.prefix = "satbus." + topology.name + ".";
  document.getElementById("topology").textContent = topology.name;
  document.title = topology.name + " · satbus";
  draw(topology);
  await Promise.all([poll(), pollDead()]);
  setInterval(poll, POLL_MS);
  setInterval(pollDead, DEAD_POLL_MS);
}

start();
