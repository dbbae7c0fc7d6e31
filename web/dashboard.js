// throng's live dashboard: polls the run's history and state once a second
// and draws them (dygraphs), fills the tables and sends the controls.
//
// The contract it reads is docs/dashboard.md. Element ids the browser test
// uses: #tiles (a .tile per figure, data-name), the charts #chart-categories,
// #chart-latency, #chart-shards, #chart-violations, #chart-errors and
// #chart-accounts (each keeps data-points: the points it draws), the
// controls #accounts-count, #accounts-behaviour, #add-accounts,
// #remove-accounts, #rpm, #set-rate, #stop, #migration-from, #migration-to,
// #migration-accounts, #migration-rate, #start-migration, #migration-bug,
// #set-bug, #faults-table, the answer of the last control #control-msg, and
// the tables #operations-table, #shards-table, #thresholds-table,
// #violations-table, #migrations-table. window.throngDashboard counts the
// update cycles, how long they took, and holds the charts.
"use strict";

const charts = {};
const history = { generation: null, lastSeq: 0, points: [], events: [] };
const cycle = { count: 0, lastMs: 0, maxMs: 0, totalMs: 0, failures: 0, charts };
window.throngDashboard = cycle;
let controlsBuilt = false;
const maxShardSeries = 10;

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function fixed(x, digits) {
  return typeof x === "number" ? x.toFixed(digits) : "-";
}

// Returns the token for the controls: the field, or #token=... in the URL.
function token() {
  return $("token").value;
}

// Sends one control; shows its answer (or the error naming the field).
async function post(path, body) {
  const msg = $("control-msg");
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  try {
    const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(body || {}) });
    const j = await r.json().catch(() => ({}));
    if (r.ok) {
      msg.className = "msg";
      msg.textContent = "done: " + path.replace("/api/", "") + " " + JSON.stringify(j);
    } else {
      msg.className = "msg error";
      msg.textContent = r.status + (j.field ? " (" + j.field + ")" : "") + ": " + (j.error || r.statusText);
    }
    return r.ok;
  } catch (e) {
    msg.className = "msg error";
    msg.textContent = "no answer: " + e;
    return false;
  }
}

// Draws the events on a chart: a vertical line at each, and its number.
function underlay(ctx, area, g) {
  ctx.save();
  ctx.strokeStyle = "rgba(200, 80, 0, 0.6)";
  ctx.fillStyle = "rgba(160, 60, 0, 0.9)";
  ctx.font = "10px sans-serif";
  const [lo, hi] = g.xAxisRange();
  history.events.forEach((e, i) => {
    if (e.t < lo || e.t > hi) return;
    const x = g.toDomXCoord(e.t);
    ctx.beginPath();
    ctx.moveTo(x, area.y);
    ctx.lineTo(x, area.y + area.h);
    ctx.stroke();
    ctx.fillText(String(i + 1), x + 2, area.y + 10);
  });
  ctx.restore();
}

// Sets chart `id` to `rows` (x first) with `labels`, creating it at first.
function draw(id, labels, rows, extra) {
  const div = $(id);
  div.dataset.points = rows.length;
  if (rows.length === 0) return;
  const opts = { labels, file: rows };
  if (!charts[id]) {
    // The legend goes under the chart, where it hides no line.
    const legend = el("div", null, "legend");
    div.after(legend);
    charts[id] = new Dygraph(div, rows, Object.assign({
      labels, labelsDiv: legend, xlabel: "s", legend: "always", connectSeparatedPoints: false,
      strokeWidth: 1.5, underlayCallback: underlay, axes: { y: { axisLabelFormatter: axisLabel } },
    }, extra || {}));
  } else {
    charts[id].updateOptions(opts);
  }
}

// Returns an axis label for `v`: 1.5k, 2M, 0.25 (dygraphs' labelsKMB would
// write 0.5 as "500m", which reads as minutes or millions).
function axisLabel(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return +(v / 1e6).toFixed(2) + "M";
  if (a >= 1e3) return +(v / 1e3).toFixed(2) + "k";
  return String(+v.toFixed(2));
}

// Returns the label of a count axis: whole numbers only.
function countLabel(v) {
  return Number.isInteger(v) ? axisLabel(v) : "";
}

// Returns the union of the keys that `pick(point)` has over the points.
function keysOf(pick) {
  const seen = new Set();
  for (const p of history.points) for (const k of Object.keys(pick(p) || {})) seen.add(k);
  return [...seen].sort();
}

function drawCharts() {
  const pts = history.points;
  const end = (p) => p.t + p.w;
  const cats = ["account_read", "account_write", "note_read", "note_write"];
  draw("chart-categories", ["s", ...cats],
       pts.map((p) => [end(p), ...cats.map((c) => (p.categories[c] || 0) / p.w)]));

  const mode = $("latency-mode").value;
  const ops = keysOf((p) => p.ops);
  draw("chart-latency", ["s", ...ops],
       pts.map((p) => [end(p), ...ops.map((o) => (p.ops[o] ? p.ops[o][mode] : null))]));

  // The busiest shards by name, the rest as one series: bounded however
  // many the service has.
  const total = {};
  for (const p of pts) for (const [s, n] of Object.entries(p.shards)) total[s] = (total[s] || 0) + n;
  const shards = Object.keys(total).sort((a, b) => total[b] - total[a]);
  const shown = shards.slice(0, maxShardSeries);
  const rest = shards.length > maxShardSeries;
  draw("chart-shards", ["s", ...shown, ...(rest ? ["the other shards"] : [])],
       pts.map((p) => {
         const row = [end(p), ...shown.map((s) => (p.shards[s] || 0) / p.w)];
         if (rest) {
           let other = 0;
           for (const [s, n] of Object.entries(p.shards)) if (!shown.includes(s)) other += n;
           row.push(other / p.w);
         }
         return row;
       }));

  const classes = keysOf((p) => p.violations);
  draw("chart-violations", ["s", ...(classes.length ? classes : ["violations"])],
       pts.map((p) => [end(p), ...(classes.length ? classes.map((c) => p.violations[c] || 0) : [0])]),
       { stepPlot: true, axes: { y: { axisLabelFormatter: countLabel } } });

  const kinds = keysOf((p) => p.errors);
  draw("chart-errors", ["s", ...kinds, "unknown outcomes", "skipped ticks"],
       pts.map((p) => [end(p), ...kinds.map((k) => (p.errors[k] || 0) / p.w),
                       p.unknown_outcomes / p.w, p.skipped_ticks / p.w]));

  draw("chart-accounts", ["s", "live", "target"],
       pts.map((p) => [end(p), p.accounts, p.target_accounts]));
}

function drawEvents() {
  const list = $("events");
  list.replaceChildren(...history.events.map((e) =>
    el("li", "[" + fixed(e.t, 1) + "s] " + e.kind + ": " + e.text)));
}

function table(id, head, rows) {
  const t = $(id);
  const hr = el("tr");
  for (const h of head) hr.append(el("th", h));
  t.replaceChildren(hr, ...rows.map((cells) => {
    const tr = el("tr");
    for (const c of cells) tr.append(c instanceof Node ? c : el("td", c));
    return tr;
  }));
}

function cell(text, cls) {
  return el("td", text, cls);
}

function drawTiles(s) {
  const t = s.tiles;
  const tiles = [
    ["accounts", t.accounts + " / " + t.target_accounts], ["rate", fixed(t.rate, 0) + "/s"],
    ["rpm asked", fixed(t.rpm, 0)], ["p99 (last s)", fixed(t.p99_ms, 2) + " ms"],
    ["requests", t.requests], ["errors", t.errors, t.errors > 0],
    ["violations", t.violations, t.violations > 0], ["unknown outcomes", t.unknown_outcomes],
    ["skipped ticks", t.skipped_ticks], ["behind", t.behind],
  ];
  $("tiles").replaceChildren(...tiles.map(([label, value, bad]) => {
    const d = el("div", null, "tile" + (bad ? " bad" : ""));
    d.dataset.name = label;
    d.append(el("div", value, "value"), el("div", label, "label"));
    return d;
  }));
  const v = $("verdict");
  v.textContent = t.verdict;
  v.className = "verdict " + (t.verdict === "pass so far" ? "pass" : "bad");
  const r = s.run;
  $("run-line").textContent = r.command + " against " + r.target + " | " + fixed(r.elapsed_s, 0)
    + " s of " + fixed(r.duration_s, 0) + " s | seed " + r.seed
    + (r.finished ? " | finished" : r.stopping ? " | stopping" : "");
}

function drawTables(s) {
  table("operations-table", ["operation", "count", "rate/s", "errors", "p50 ms", "p90 ms", "p99 ms",
                             "max ms", "service p50", "service p99"],
        s.operations.map((o) => [o.op, o.count, fixed(o.rate, 1), o.errors, fixed(o.p50_ms, 2),
                                 fixed(o.p90_ms, 2), fixed(o.p99_ms, 2), fixed(o.max_ms, 2),
                                 fixed(o.service_p50_ms, 2), fixed(o.service_p99_ms, 2)]));
  table("shards-table", ["shard", "note reads", "note writes", "errors", "violations"],
        s.shards.map((x) => [x.shard, x.note_reads, x.note_writes, x.errors, x.violations]));
  table("thresholds-table", ["threshold", "value", "so far"],
        s.thresholds.map((x) => [x.threshold, fixed(x.value, 3),
                                 cell(x.pass ? "PASS" : "FAIL", x.pass ? "pass" : "fail")]));
  $("violation-count").textContent = s.violation_total + " in all";
  table("violations-table", ["class", "account", "note", "operation", "shard", "expected",
                             "received", "second", "replay"],
        s.violations.map((x) => [x.class, x.account_name || x.account, x.note, x.operation, x.shard,
                                 cell((x.expected || []).map((h) => h.slice(0, 12)).join(" "), "text"),
                                 cell(x.received ? x.received.slice(0, 12) : "-", "text"), x.second,
                                 (() => { const c = el("td", null, "text"); c.append(el("code", x.replay)); return c; })()]));
  table("migrations-table", ["migration", "from", "to", "state", "moved", "remaining", "error"],
        s.migrations.map((m) => [m.id, m.from, m.to, m.state, m.moved, m.remaining, m.error]));
}

function options(select, names, keep) {
  const was = select.value;
  select.replaceChildren(...names.map((n) => el("option", n)));
  if (keep && names.includes(was)) select.value = was;
}

// Builds the controls from the first state: behaviours, shards, faults.
function buildControls(c) {
  $("token-row").hidden = !c.token_required;
  options($("accounts-behaviour"), c.behaviours);
  $("accounts-behaviour").value = c.behaviours.includes("random") ? "random" : c.behaviours[0];
  $("service-controls").hidden = !c.service;
  if (!c.service) return;
  options($("migration-from"), c.shards);
  options($("migration-to"), c.shards);
  if (c.shards.length > 1) $("migration-to").value = c.shards[1];
  options($("migration-bug"), c.migration_bugs);
  $("migration-bug").value = c.migration_bug;
  table("faults-table", ["fault", "probability", "delay ms", ""], c.faults.map((f) => {
    const p = el("input");
    Object.assign(p, { type: "number", min: 0, max: 1, step: "any", value: f.probability, id: "fault-p-" + f.kind });
    const d = el("input");
    Object.assign(d, { type: "number", min: 0, value: f.delay_ms, id: "fault-delay-" + f.kind, disabled: f.kind !== "latency" });
    const b = el("button", "set");
    b.id = "fault-set-" + f.kind;
    b.onclick = () => post("/api/faults", { kind: f.kind, probability: Number(p.value), delay_ms: Math.round(Number(d.value)) });
    const cp = el("td"); cp.append(p);
    const cd = el("td"); cd.append(d);
    const cb = el("td"); cb.append(b);
    return [f.kind, cp, cd, cb];
  }));
}

function wireControls() {
  const count = () => Math.max(1, Math.round(Number($("accounts-count").value)));
  $("add-accounts").onclick = () => post("/api/accounts", { add: count(), behaviour: $("accounts-behaviour").value });
  $("remove-accounts").onclick = () => post("/api/accounts", { remove: count() });
  $("set-rate").onclick = () => post("/api/rate", { rpm: Number($("rpm").value) });
  $("stop").onclick = () => post("/api/stop");
  $("start-migration").onclick = () => {
    const body = { from: $("migration-from").value, to: $("migration-to").value, rate: Number($("migration-rate").value) };
    if ($("migration-accounts").value) body.accounts = Math.round(Number($("migration-accounts").value));
    post("/api/migrations", body);
  };
  $("set-bug").onclick = () => post("/api/migration-bug", { bug: $("migration-bug").value });
  $("latency-mode").onchange = drawCharts;
  const m = location.hash.match(/token=([^&]+)/);
  if (m) $("token").value = decodeURIComponent(m[1]);
}

async function getJson(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
}

async function update() {
  const t0 = performance.now();
  try {
    const gen = history.generation === null ? "" : "&generation=" + history.generation;
    const [h, s] = await Promise.all([
      getJson("/api/history?after=" + history.lastSeq + gen), getJson("/api/state")]);
    if (h.generation !== history.generation) history.points = h.points;
    else history.points.push(...h.points);
    history.generation = h.generation;
    history.lastSeq = h.last_seq;
    history.events = h.events;
    if (!controlsBuilt) {
      buildControls(s.controls);
      controlsBuilt = true;
    }
    drawCharts();
    drawEvents();
    drawTiles(s);
    drawTables(s);
  } catch (e) {
    cycle.failures++;
    $("run-line").textContent = "no answer from throng (the run may be over): " + e.message;
  }
  const ms = performance.now() - t0;
  cycle.count++;
  cycle.lastMs = ms;
  cycle.totalMs += ms;
  cycle.maxMs = Math.max(cycle.maxMs, ms);
  setTimeout(update, Math.max(100, 1000 - ms));
}

wireControls();
update();
