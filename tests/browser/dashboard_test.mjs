// The live dashboard in a real browser: Debian's chromium driven by
// playwright-core. Starts `throng demo migration --web` and checks that the
// page loads without a console error, that its charts gain points, that
// "add accounts" raises the live count, that a migration started from the
// page completes and moves the shard chart, that a download is valid JSON;
// saves a screenshot. Then a run with 200 shards: the page's DOM stays
// bounded while it updates, and the cost of an update cycle is printed.
//
// Usage: node dashboard_test.mjs THRONG_BINARY ARTIFACTS_DIR
// Exit code 0: passed, 1: failed, 77: skipped (no playwright-core or chromium).

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [throng, artifacts] = process.argv.slice(2);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch {
  console.log("SKIP: playwright-core is not installed (scripts/install-deps.sh test installs it)");
  process.exit(77);
}
if (!existsSync(chromiumPath)) {
  console.log(`SKIP: no chromium at ${chromiumPath}`);
  process.exit(77);
}
mkdirSync(artifacts, { recursive: true });

const children = [];
let browser;

function fail(message) {
  throw new Error(message);
}

// Starts `throng ARGS`; resolves with its dashboard's URL once it says it.
function startThrong(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(throng, args, { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    child.output = "";
    const timer = setTimeout(() => reject(new Error("no dashboard within 30 s:\n" + child.output)), 30000);
    const read = (chunk) => {
      child.output += chunk;
      const m = child.output.match(/dashboard at (http:\/\/\S+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`throng exited (${code}) before its dashboard:\n${child.output}`)));
  });
}

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });
}

async function state(url) {
  const r = await fetch(url + "api/state");
  return r.json();
}

// Polls `check` (async) every 200 ms until it returns a truthy value, at
// most `seconds`; fails naming `what` otherwise.
async function until(what, check, seconds = 30) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`${what}: not within ${seconds} s (last: ${JSON.stringify(last)})`);
}

const points = (page, id) => page.$eval("#" + id, (e) => Number(e.dataset.points));

async function demo(page) {
  const { child, url } = await startThrong(["demo", "migration", "--store", "memory", "--accounts", "60",
    "--rpm", "24000", "--duration", "90s", "--migrate-at", "never", "--quiet", "--web", "127.0.0.1:0"]);
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await until("the first points", async () => (await points(page, "chart-categories")) >= 2);
  const before = await points(page, "chart-categories");
  await until("the charts gaining points", async () => (await points(page, "chart-categories")) > before);
  for (const id of ["chart-latency", "chart-shards", "chart-accounts"])
    if ((await points(page, id)) < 2) fail(`${id} has no points`);

  const live = (await state(url)).tiles.accounts;
  await page.fill("#accounts-count", "25");
  await page.click("#add-accounts");
  await until("the live count rising by 25", async () => (await state(url)).tiles.accounts >= live + 25);

  await page.selectOption("#migration-from", "shard-0");
  await page.selectOption("#migration-to", "shard-1");
  await page.fill("#migration-rate", "4");
  await page.click("#start-migration");
  // The screenshot (docs/dashboard.png) is of the move under way.
  await until("the migration under way", async () => {
    const m = (await state(url)).migrations;
    return m.length === 1 && m[0].state === "running" && m[0].moved >= m[0].remaining;
  });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(artifacts, "dashboard.png"), fullPage: true });
  await until("the migration done", async () => {
    const m = (await state(url)).migrations;
    return m.length === 1 && m[0].state === "done";
  });
  // The shard chart: shard-0's traffic falls to nothing, shard-1 takes it.
  const moved = await until("the shard chart showing the move", () => page.evaluate(() => {
    const g = window.throngDashboard.charts["chart-shards"];
    const labels = g.getLabels();
    const rows = g.file_;
    const last = rows.slice(-3);
    const at = (name, row) => row[labels.indexOf(name)] || 0;
    const zero = last.every((r) => at("shard-0", r) === 0) && last.every((r) => at("shard-1", r) > 0);
    const peak0 = Math.max(...rows.map((r) => at("shard-0", r)));
    return zero && peak0 > 0 ? { peak0, last1: at("shard-1", rows[rows.length - 1]) } : null;
  }));
  console.log(`shard chart: shard-0 peaked at ${moved.peak0.toFixed(0)}/s, now 0; shard-1 now ${moved.last1.toFixed(0)}/s`);
  const s = await state(url);
  if (s.tiles.violations !== 0) fail(`violations on a correct move: ${JSON.stringify(s.violations)}`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-summary")]);
  const summary = JSON.parse(readFileSync(await download.path(), "utf8"));
  if (!(summary.requests.total > 0) || summary.violations.total !== 0 || summary.accounts !== 60)
    fail("summary.json is not the run's: " + JSON.stringify(summary).slice(0, 300));
  if (errors.length) fail("console errors: " + errors.join(" | "));
  await page.click("#stop");
  const code = await exited(child);
  if (code !== 0) fail(`the demo exited with ${code}:\n${child.output}`);
  console.log("demo: page loaded without a console error, charts gained points, accounts added, " +
              "migration from the page done, summary.json downloaded, screenshot saved");
}

async function manyShards(page) {
  const { child, url } = await startThrong(["run", "--shards", "200", "--accounts", "1000", "--rpm", "48000",
    "--duration", "60s", "--quiet", "--web", "127.0.0.1:0"]);
  await page.goto(url);
  // The shards in the table, until no more come (accounts land on shards
  // at random: a few may have none): from then on nothing should add to
  // the page.
  const rows = () => page.$$eval("#shards-table tr", (r) => r.length);
  let seen = 0;
  let still = 0;
  await until("the shards on the page", async () => {
    const n = await rows();
    still = n === seen ? still + 1 : 0;
    seen = n;
    return n > 180 && still >= 15;
  }, 60);
  console.log(`200 shards: ${seen - 1} in the table`);
  const nodes = [];
  const started = await page.evaluate(() => window.throngDashboard.count);
  for (let i = 0; i < 12; ++i) {
    await new Promise((r) => setTimeout(r, 1000));
    nodes.push(await page.evaluate(() => document.getElementsByTagName("*").length));
  }
  const c = await page.evaluate(() => ({ ...window.throngDashboard, charts: undefined }));
  const cycles = c.count - started;
  const series = await page.evaluate(() => window.throngDashboard.charts["chart-shards"].getLabels().length - 1);
  console.log(`200 shards: ${cycles} update cycles in 12 s, last ${c.lastMs.toFixed(1)} ms, ` +
              `mean ${(c.totalMs / c.count).toFixed(1)} ms, worst ${c.maxMs.toFixed(1)} ms; ` +
              `DOM nodes ${nodes[0]} -> ${nodes[nodes.length - 1]} (min ${Math.min(...nodes)}, max ${Math.max(...nodes)}); ` +
              `shard chart series ${series}`);
  if (Math.max(...nodes) > 1.1 * Math.min(...nodes)) fail(`the DOM grows: ${nodes.join(", ")}`);
  if (series > 11) fail(`the shard chart draws ${series} series`);
  if (cycles < 4) fail(`only ${cycles} update cycles in 12 s`);
  child.kill("SIGINT");
  await exited(child);
}

let failed = false;
try {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  await demo(await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true }));
  await manyShards(await browser.newPage({ viewport: { width: 1400, height: 1000 } }));
} catch (e) {
  failed = true;
  console.error("FAIL:", e.message);
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
}
process.exit(failed ? 1 : 0);
