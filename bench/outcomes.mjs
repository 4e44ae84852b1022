// The outcome-measures benchmark (bench/run, BENCH=outcomes): the
// dashboard's measures over DIR/outcomes.db (bench/outcomes_data.c), timed
// through HTTP and checked against plain SQL in the sqlite3 shell.
//
//   node bench/outcomes.mjs DIR CSHUB BUILD > DIR/outcomes.json
//
// 1. Starts `cshub serve` on 127.0.0.1 (a free port, two threads, as the
//    network benchmark) and signs in as the demo coordinator and the demo
//    analyst (both see small counts of children suppressed: docs/outcomes.md).
// 2. For each measure of GET /api/v1/outcomes/measures, asks for the
//    twelve months that have ended as the dashboard does (no breakdown), then
//    by agency and by age band where the measure can be broken down so;
//    timed by BUILD/bench/outcomes_timer (C, one kept-alive connection:
//    see there for the counts and the time limits). Then the dashboard as
//    the page asks for it: all the measures at once.
// 3. Where a measure missed the goal, asks for it once more from a server
//    with BUILD/bench/sql_profile.so loaded, for the time each SQL
//    statement took, and the statements' plans (EXPLAIN QUERY PLAN).
// 4. Runs bench/outcomes_reference/CODE.sql in the sqlite3 shell for the
//    same period, with cshub's connection settings (memory map, cache),
//    timed by the shell (.timer on), and compares its figures with the
//    coordinator's answers, month by month and for the period, wherever
//    shown; the analyst's figures are compared with the coordinator's.
//
// Prints one JSON document; bench/outcomes_report.py prints the table.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dir, cshub, build] = process.argv.slice(2);
if (!dir || !cshub || !build) {
  console.error('usage: node bench/outcomes.mjs DIR CSHUB BUILD');
  process.exit(2);
}
const db = path.join(dir, 'outcomes.db');
const GOAL_MS = 200;
const BREAKDOWNS = ['none', 'agency', 'age_band'];
const ACCOUNTS = {
  coordinator: 'coordinator@kestrel-vale.example',
  analyst: 'analyst@kestrel-vale.example',
};
const PASSWORD = 'kestrel-vale-demo';
const setting = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const timeLimitS = setting('OUTCOMES_TIME_LIMIT_S', 2400); // timing stops asking after this
const log = (text) => process.stderr.write(`${text}\n`);

/* ---- the server ---- */

// The server writes its log to a file, as in service; its web folder is
// an empty one of its own (only the API is timed).
async function startServer(env = {}) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cshub-outcomes-bench-'));
  const web = path.join(scratch, 'web');
  fs.mkdirSync(web);
  const logPath = path.join(scratch, 'server.log');
  const logFile = fs.openSync(logPath, 'w');
  const child = spawn(cshub, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--web', web],
    { stdio: ['ignore', 'ignore', logFile], env: { ...process.env, ...env } });
  fs.closeSync(logFile);
  const events = () => fs.readFileSync(logPath, 'utf8').trim().split('\n')
    .map((l) => { try { return JSON.parse(l); } catch { return {}; } });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) { resolve(); return; }
    child.on('exit', resolve);
    child.kill('SIGTERM');
  }).then(() => fs.rmSync(scratch, { recursive: true, force: true }));
  process.on('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  for (let waited = 0; waited < 120000; waited += 100) {
    const listening = events().find((e) => e.event === 'listening');
    if (listening) return { port: listening.port, url: `http://127.0.0.1:${listening.port}`, events, stop };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  const last = fs.readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join('\n');
  await stop();
  throw new Error(`the server did not start: ${last}`);
}

// One request on a connection of its own (node's fetch would reuse one the
// server has since closed, while the timer held the server).
function request(server, method, query, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${query}`, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signIn(server, role) {
  const r = await request(server, 'POST', '/api/v1/session', { 'Content-Type': 'application/json' },
    JSON.stringify({ email: ACCOUNTS[role], password: PASSWORD }));
  if (r.status !== 201) throw new Error(`sign-in as ${role}: ${r.status}`);
  return r.headers['set-cookie'][0].split(';')[0];
}

async function getJson(server, cookie, query) {
  const r = await request(server, 'GET', query, { Cookie: cookie });
  if (r.status !== 200) throw new Error(`${query}: ${r.status} ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text);
}

/* ---- the period: the twelve months that have ended (UTC), the dashboard's default ---- */

const now = new Date();
const monthIndex = now.getUTCFullYear() * 12 + now.getUTCMonth();
const monthText = (m) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const period = { from: monthText(monthIndex - 12), to: monthText(monthIndex - 1) };
const sqlPeriod = { from: `${period.from}-01`, to: `${monthText(monthIndex)}-01` };
const todayText = () => new Date().toISOString().slice(0, 10);
const today = todayText();

const measurePath = (code, by) => `/api/v1/outcomes/measures/${code}?from=${period.from}&to=${period.to}`
  + (by === 'none' ? '' : `&by=${by}`);
const labelOf = (role, code, by) => `${role}.${code}.${by}`;

/* ---- timing ---- */

function runTimer(server, cookie, requests, answers, deadline) {
  const list = path.join(answers, `list-${process.hrtime.bigint()}.txt`);
  fs.writeFileSync(list, requests.map((r) => `${r.label} ${r.path}\n`).join(''));
  const timer = spawnSync(path.join(build, 'bench/outcomes_timer'), [String(server.port), list, answers],
    { input: `${cookie}\n`, encoding: 'utf8', env: { ...process.env, OUTCOMES_DEADLINE: String(deadline) },
      maxBuffer: 64 << 20 });
  fs.rmSync(list, { force: true });
  if (timer.status !== 0) throw new Error(`outcomes_timer: ${timer.stderr}`);
  return timer.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

// The dashboard as the page asks for it: every measure at once (the
// browser's Promise.all), each on a connection of its own, timed to the
// last answer. A request the server drops is recorded, not retried.
async function timeDashboard(server, cookie, codes) {
  const runs = [];
  const count = setting('OUTCOMES_DASHBOARD_RUNS', 3);
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const answers = await Promise.all(codes.map((code) => getJson(server, cookie, measurePath(code, 'none'))
      .then(() => ({ code, ms: elapsed() }), (error) => ({ code, ms: elapsed(), error: error.code ?? error.message }))));
    runs.push({ ms: elapsed(), failed: answers.filter((a) => a.error), answers });
    if (runs[0].ms > 10 * GOAL_MS * codes.length / 2 || runs[0].failed.length) break; // slow: once is enough to tell
  }
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  return { runs: runs.length, p50_ms: times[Math.floor((times.length - 1) / 2)], max_ms: times[times.length - 1],
    failed: runs[0].failed, answers: runs[0].answers };
}

/* ---- the sqlite3 shell ---- */

const shellSettings = ['.parameter init',
  `.parameter set @from "'${sqlPeriod.from}'"`, `.parameter set @to "'${sqlPeriod.to}'"`,
  `.parameter set @today "'${today}'"`,
  // cshub's own connection settings (src/store/sqlite.c)
  'PRAGMA mmap_size=1073741824;', 'PRAGMA cache_size=-32768;'].join('\n');

function sqlite(script) {
  return spawnSync('sqlite3', ['-bail', db], { input: script, encoding: 'utf8', maxBuffer: 64 << 20 });
}

// Runs code's reference once for its figures, and (when it took under 5 s)
// three times more for its time; the time is the median of those, else
// the first.
function reference(code) {
  const sql = fs.readFileSync(path.join(repoRoot, 'bench/outcomes_reference', `${code}.sql`), 'utf8');
  const first = sqlite(`${shellSettings}\n.timer on\n${sql}\n`);
  if (first.status !== 0) return { error: first.stderr.trim() };
  const times = (out) => [...out.matchAll(/^Run Time: real ([0-9.]+)/gm)].map((m) => Number(m[1]) * 1000);
  const rows = {};
  for (const line of first.stdout.split('\n')) {
    if (!line || line.startsWith('Run Time:') || /^[0-9]+$/.test(line)) continue; // the pragmas' echo
    const [bucket, ...values] = line.split('|');
    rows[bucket] = values.map((v) => (v === '' ? null : Number(v)));
  }
  const firstMs = times(first.stdout).at(-1);
  let ms = [firstMs];
  if (firstMs < 5000) {
    const again = sqlite(`${shellSettings}\n.output /dev/null\n.timer on\n${sql}\n${sql}\n${sql}\n`);
    if (again.status === 0) ms = times(again.stdout).slice(-3);
  }
  ms.sort((a, b) => a - b);
  return { rows, ms: ms[Math.floor(ms.length / 2)], first_ms: firstMs, runs: ms.length };
}

/* ---- figures compared ---- */

// A cell's figures, by kind: a count; numerator and denominator; median,
// 90th percentile and how many. null when hidden.
function figures(cell, kind) {
  if (!cell || cell.suppressed) return null;
  if (kind === 'count') return [cell.value ?? 0];
  if (kind === 'days') return (cell.count ?? 0) === 0 ? [null, null, 0] : [cell.value, cell.p90, cell.count];
  return [cell.numerator ?? 0, cell.denominator ?? 0];
}

function referenceFigures(row, kind) {
  if (kind === 'count') return row ? [row[0] ?? 0] : [0];
  if (kind === 'days') return row && row[2] ? row : [null, null, 0];
  return row ? [row[0] ?? 0, row[1] ?? 0] : [0, 0];
}

const same = (a, b) => a.length === b.length && a.every((x, i) => (x === null || b[i] === null
  ? x === b[i] : Math.abs(x - b[i]) < 1e-9));

// The coordinator's answer against the reference: each month and the
// period, wherever shown (small counts are suppressed for every reader).
function compareWithReference(answer, ref, kind) {
  const differences = [];
  let compared = 0, suppressed = 0;
  const check = (bucket, cell, row) => {
    const ours = figures(cell, kind), theirs = referenceFigures(row, kind);
    if (!ours) { suppressed++; return; }
    compared++;
    if (!same(ours, theirs)) differences.push({ bucket, cshub: ours, sqlite3: theirs });
  };
  answer.months.forEach((month, i) => check(month, answer.overall[i], ref.rows[month]));
  check('period', answer.this_period, ref.rows.P);
  return { agree: differences.length === 0 && compared > 0, compared, suppressed, differences: differences.slice(0, 5) };
}

// The analyst's answer against the coordinator's: every cell the analyst
// is shown must be the coordinator's; counts how many were suppressed, and
// whether the two were suppressed alike.
function compareWithCoordinator(analyst, coordinator, kind) {
  let shown = 0, hidden = 0, differ = 0, alike = true;
  const byGroup = new Map(coordinator.groups.map((g) => [g.key, g]));
  analyst.overall.forEach((c, i) => check(c, coordinator.overall[i]));
  check(analyst.this_period, coordinator.this_period);
  check(analyst.last_period, coordinator.last_period);
  for (const g of analyst.groups) {
    const other = byGroup.get(g.key);
    g.months.forEach((c, i) => check(c, other?.months[i]));
    check(g.period, other?.period);
  }
  function check(cell, exact) {
    if (!cell) return;
    alike &&= Boolean(cell.suppressed) === Boolean(exact?.suppressed);
    if (cell.suppressed) { hidden++; return; }
    shown++;
    const a = figures(cell, kind), b = figures(exact, kind);
    if (!b || !same(a, b)) differ++;
  }
  return { agree: differ === 0, shown, suppressed: hidden, differ, suppressed_alike: alike };
}

/* ---- the profile of a slow measure ---- */

// The statements executed between two offsets of the profile's log, on
// the request's thread (the one that spent longest in SQLite) and on the
// others (the server's housekeeping), by time spent inside SQLite.
function readProfile(file, from, to) {
  const text = fs.readFileSync(file, 'utf8');
  const texts = new Map();
  for (const line of text.split('\n')) if (line.startsWith('S ')) texts.set(line.slice(2, 18), line.slice(19));
  const threads = new Map();
  for (const line of text.slice(from, to).split('\n')) {
    if (!line.startsWith('E ')) continue;
    const [, thread, id, rows, stepMs, openMs] = line.split(' ');
    if (!threads.has(thread)) threads.set(thread, new Map());
    const statements = threads.get(thread);
    const s = statements.get(id) ?? { id, executions: 0, rows: 0, step_ms: 0, open_ms: 0 };
    s.executions++;
    s.rows += Number(rows);
    s.step_ms += Number(stepMs);
    s.open_ms += Number(openMs);
    statements.set(id, s);
  }
  const total = (statements) => [...statements.values()].reduce((t, s) => t + s.step_ms, 0);
  const list = (statements) => [...statements.values()].map((s) => ({ ...s, sql: texts.get(s.id) ?? '' }))
    .sort((a, b) => b.step_ms - a.step_ms);
  const ranked = [...threads.values()].sort((a, b) => total(b) - total(a));
  return { request: list(ranked[0] ?? new Map()), others: ranked.slice(1).flatMap(list) };
}

function queryPlan(sql) {
  const r = sqlite(`EXPLAIN QUERY PLAN ${sql};\n`);
  return r.status === 0 ? r.stdout.trim() : `(no plan: ${r.stderr.trim()})`;
}

async function profile(codes) {
  const file = path.join(dir, 'outcomes-sql-profile.log');
  fs.rmSync(file, { force: true });
  const server = await startServer({ LD_PRELOAD: path.resolve(build, 'bench/sql_profile.so'), SQL_PROFILE_LOG: file });
  const result = {};
  try {
    const cookie = await signIn(server, 'coordinator');
    for (const code of codes) {
      await sleep(200); // the housekeeping's writes after the last request settle first
      const from = fs.statSync(file).size;
      const started = process.hrtime.bigint();
      await getJson(server, cookie, measurePath(code, 'none'));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const { request: statements, others } = readProfile(file, from, fs.statSync(file).size);
      const sqlMs = statements.reduce((t, s) => t + s.step_ms, 0);
      const openMs = statements.reduce((t, s) => t + s.open_ms, 0);
      result[code] = {
        request_ms: ms, sql_step_ms: sqlMs, sql_open_ms: openMs,
        statements: statements.slice(0, 3).map((s) => ({ ...s, plan: queryPlan(s.sql) })),
        other_threads_ms: others.reduce((t, s) => t + s.step_ms, 0),
        other_threads: others.slice(0, 2).map((s) => ({ ...s, sql: s.sql.slice(0, 200) })),
      };
      log(`  ${code}: ${ms.toFixed(0)} ms, of which ${sqlMs.toFixed(0)} ms inside SQLite`);
    }
  } finally {
    await server.stop();
  }
  return result;
}

/* ---- the run ---- */

function machine() {
  const git = (args) => { try { return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim(); } catch { return ''; } };
  return {
    date: new Date().toISOString(), cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30), load_average: os.loadavg(),
    sqlite3: spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').slice(0, 2).join(' '),
    cshub: spawnSync(cshub, ['version'], { encoding: 'utf8' }).stdout.trim(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    src_changed: git(['status', '--short', '--', 'src']).split('\n').filter(Boolean).length,
  };
}

const started = Date.now();
const before = machine();
const data = JSON.parse(fs.readFileSync(path.join(dir, 'outcomes-data.json'), 'utf8'));
const answers = path.join(dir, 'outcomes-answers');
fs.rmSync(answers, { recursive: true, force: true });
fs.mkdirSync(answers, { recursive: true });
const deadline = Math.floor(Date.now() / 1000) + timeLimitS;

// The server keeps every dashboard's figures ready in the background
// (src/analysis/outcome_cache.c): waits until it says so, for how long
// that took from a start with nothing kept.
async function figuresReady(server, limitS) {
  const started = Date.now();
  while ((Date.now() - started) / 1000 < limitS) {
    if (server.events().some((e) => e.event === 'outcome_figures_ready')) return (Date.now() - started) / 1000;
    await sleep(1000);
  }
  return null;
}

// Each measure computed with nothing kept: the twelve months before the
// dashboard's (a period no one asked for yet), once each, no breakdown.
function timeCold(server, cookie, codes) {
  const shifted = { from: monthText(monthIndex - 13), to: monthText(monthIndex - 2) };
  const requests = codes.map((code) => ({ label: `cold.${code}`,
    path: `/api/v1/outcomes/measures/${code}?from=${shifted.from}&to=${shifted.to}` }));
  const env = { OUTCOMES_COUNT: '1', OUTCOMES_MIN_COUNT: '1' };
  Object.assign(process.env, env);
  try {
    return runTimer(server, cookie, requests, answers, deadline); // the warm-up is the one computed
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
}

let measures, timings = [], dashboard, warmS = null, cold = [];
sqlite('DELETE FROM outcome_answers;'); // nothing kept from an earlier run
const server = await startServer();
try {
  log('waiting while the server computes the dashboards\' figures (every measure and breakdown)...');
  warmS = await figuresReady(server, setting('OUTCOMES_WARM_LIMIT_S', 3600));
  log(warmS === null ? '  not ready in time: timing anyway' : `  ready after ${warmS.toFixed(0)} s`);
  const coordinator = await signIn(server, 'coordinator');
  measures = (await getJson(server, coordinator, '/api/v1/outcomes/measures')).items
    .map((m) => ({ code: m.code, name: m.name, kind: m.kind, breakdowns: m.breakdowns }));
  const requests = (role, bys) => measures.flatMap((m) => bys.filter((by) => m.breakdowns.includes(by))
    .map((by) => ({ label: labelOf(role, m.code, by), path: measurePath(m.code, by) })));
  // the dashboard's calls first, for both roles; then the breakdowns
  for (const [role, bys] of [['coordinator', ['none']], ['analyst', ['none']],
    ['coordinator', BREAKDOWNS.slice(1)], ['analyst', BREAKDOWNS.slice(1)]]) {
    log(`timing ${role}, by ${bys.join(' and ')}...`);
    const cookie = await signIn(server, role); // a session of its own: the other may have idled out
    timings.push(...runTimer(server, cookie, requests(role, bys), answers, deadline));
    fs.writeFileSync(path.join(dir, 'outcomes-timings.json'), JSON.stringify(timings)); // kept should a later step fail
  }
  log('timing the whole dashboard (every measure at once)...');
  dashboard = Date.now() / 1000 < deadline
    ? await timeDashboard(server, await signIn(server, 'coordinator'), measures.map((m) => m.code)) : null;
  log('timing each measure computed with nothing kept (once each)...');
  cold = timeCold(server, await signIn(server, 'coordinator'), measures.map((m) => m.code));
} finally {
  await server.stop();
}
if (todayText() !== today) log('warning: the day changed while timing; figures that depend on today may differ');

const byLabel = new Map(timings.map((t) => [t.label, t]));
const answerOf = (label) => {
  try { return JSON.parse(fs.readFileSync(path.join(answers, `${label}.json`), 'utf8')); } catch { return null; }
};

log('the same figures in the sqlite3 shell...');
const references = {};
for (const m of measures) {
  references[m.code] = reference(m.code);
  log(`  ${m.code}: ${references[m.code].ms?.toFixed(0) ?? references[m.code].error} ms`);
}

const rows = [];
for (const m of measures) {
  for (const role of ['coordinator', 'analyst']) {
    for (const by of BREAKDOWNS.filter((b) => m.breakdowns.includes(b))) {
      const label = labelOf(role, m.code, by);
      const t = byLabel.get(label) ?? { skipped: 'not reached' };
      const answer = answerOf(label);
      let check = null;
      if (answer && role === 'coordinator' && !references[m.code].error) check = compareWithReference(answer, references[m.code], m.kind);
      const exact = answerOf(labelOf('coordinator', m.code, by));
      if (answer && role === 'analyst' && exact) check = compareWithCoordinator(answer, exact, m.kind);
      rows.push({ code: m.code, name: m.name, kind: m.kind, by, role, ...t, met: t.p99_ms !== undefined ? t.p99_ms <= GOAL_MS : null,
        check, sqlite3_ms: by === 'none' && role === 'coordinator' ? references[m.code].ms : undefined });
    }
  }
}

let profiles = {};
const slow = measures.filter((m) => (byLabel.get(labelOf('coordinator', m.code, 'none'))?.p50_ms ?? Infinity) > GOAL_MS)
  .map((m) => m.code);
if (setting('OUTCOMES_PROFILE', 1) && slow.length) {
  log('where the time goes (one request each, SQLite timed by bench/sql_profile.so)...');
  profiles = await profile(slow);
}

console.log(JSON.stringify({ goal_ms: GOAL_MS, period, sql_period: sqlPeriod, today, data, before, after: machine(),
  seconds: (Date.now() - started) / 1000, dashboard, rows, warm_seconds: warmS,
  cold: Object.fromEntries(cold.map((t) => [t.label.slice(5), { computed_ms: t.warm_up_ms, kept_ms: t.p50_ms }])),
  references: Object.fromEntries(Object.entries(references).map(([k, v]) => [k, { ms: v.ms, first_ms: v.first_ms, runs: v.runs, error: v.error }])),
  profiles }));
