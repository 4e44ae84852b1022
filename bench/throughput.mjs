// The HTTP throughput benchmark (issue 12), run by `BENCH=http bench/run`:
// cshub against Debian's nginx on this machine, both on 127.0.0.1, both
// loaded by Debian's wrk (bench/throughput.lua).
//
//   node bench/throughput.mjs DATA_DIR CSHUB_BIN
//
// Makes a fresh database in DATA_DIR/throughput (`cshub demo`, then
// THROUGHPUT_PEOPLE more young people, 10,000 by default, copied in SQL
// from the demo's with new names and dates of birth, the matching keys
// left to the server), starts `cshub serve` with THROUGHPUT_THREADS worker
// threads (default 16, see below) and makes an API token as the demo coordinator.
// Then, THROUGHPUT_SECONDS (default 12) each after a 3 s warm-up, with
// THROUGHPUT_WRK_THREADS (default 2) wrk threads:
//   1. nginx (started here, not as a daemon, from a configuration in a
//      temporary folder, access log off) serving the exact bytes cshub
//      answers for one young person, at 64 connections;
//   2. GET /api/v1/people/{id}, authenticated, access-checked and audited,
//      over every young person the coordinator may read, at 64 connections;
//      the audit tables' size (sqlite3's dbstat) before and after, over the
//      audit events it added, gives the audit log's bytes per 1,000 reads;
//   3. POST /api/v1/concerns about those young people at 16 and at 64
//      connections, then the concerns in the database are counted: every
//      acknowledged one must be there.
// Prints one JSON line. Every child process is stopped on the way out,
// however it ends; the database is removed unless THROUGHPUT_KEEP=1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [dataDir, cshubArg] = process.argv.slice(2);
const cshubBin = path.resolve(cshubArg || 'build/cshub');
const people = Number(process.env.THROUGHPUT_PEOPLE || 10000);
// 16 worker threads on two cores: each waits, blocked, for the group
// commit of its audit event (about 1-2 ms) after some 0.4 ms of work, so
// a core needs several; more than 16 gained nothing measurable here.
const threads = Number(process.env.THROUGHPUT_THREADS || 16);
const seconds = Number(process.env.THROUGHPUT_SECONDS || 12);
const wrkThreads = Number(process.env.THROUGHPUT_WRK_THREADS || 2);
const warmSeconds = 3;
const password = 'kestrel-vale-demo';
const luaScript = path.join(repoRoot, 'bench/throughput.lua');

const children = new Set();
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function killAll() {
  for (const child of children) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { killAll(); process.exit(130); });

const say = (message) => process.stderr.write(`${message}\n`);

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-batch', '-bail', db, sql], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, test, limitMs) {
  for (let waited = 0; waited < limitMs; waited += 100) {
    if (await test()) return;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/* The demo partnership and `people` more young people, shared with the hub
 * and owned by its agencies in turn (names, schools and postcodes mixed
 * from the demo's; ages 10 to 17). */
function makeDatabase(db) {
  for (const suffix of ['', '-wal', '-shm', '.key', '.anchor']) fs.rmSync(db + suffix, { force: true });
  const r = spawnSync(cshubBin, ['demo', '--db', db], { encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) throw new Error(`cshub demo: ${r.stderr}`);
  sqlite(db, `
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${people}),
    base AS (SELECT row_number() OVER (ORDER BY id) - 1 AS r, * FROM people
             WHERE kind = 'young_person' AND merged_into IS NULL),
    k AS (SELECT count(*) AS k FROM base),
    a AS (SELECT row_number() OVER (ORDER BY id) - 1 AS r, id FROM agencies),
    ak AS (SELECT count(*) AS k FROM a)
    INSERT INTO people (id, kind, given_name, family_name, date_of_birth, owner_agency_id, sharing,
                        created_by, created_at, updated_at, sex, ethnicity, postcode, school, search_key)
    SELECT lower(hex(randomblob(16))), 'young_person', g.given_name, f.family_name,
           date('now', '-' || (3650 + abs(random()) % 2900) || ' days'), a.id, 'hub',
           g.created_by, g.created_at, g.updated_at, g.sex, f.ethnicity, f.postcode, f.school,
           lower(g.given_name || ' ' || f.family_name)
    FROM n, k, ak
    JOIN base g ON g.r = n.i % k.k
    JOIN base f ON f.r = (n.i * 7 + n.i / k.k) % k.k
    JOIN a ON a.r = n.i % ak.k;`);
}

/* `cshub serve` on a free loopback port, its log in a file (reading a
 * line per request in this process would compete with the load). */
async function startCshub(db, logPath) {
  const log = fs.openSync(logPath, 'w');
  const child = track(spawn(cshubBin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', String(threads),
    '--web', path.join(repoRoot, 'build/web')], { stdio: ['ignore', 'ignore', log] }));
  fs.closeSync(log);
  const events = () => fs.readFileSync(logPath, 'utf8').split('\n')
    .map((l) => { try { return JSON.parse(l); } catch { return {}; } });
  let port = null;
  await waitFor('cshub to listen', () => {
    if (child.exitCode !== null) throw new Error(`cshub serve exited: ${events().slice(-3).map(JSON.stringify).join('\n')}`);
    port = events().find((e) => e.event === 'listening')?.port;
    return port != null;
  }, 120000);
  return {
    url: `http://127.0.0.1:${port}`, events,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(child.exitCode); return; }
      const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
      child.on('exit', (code) => { clearTimeout(killer); resolve(code); });
      child.kill('SIGTERM');
    }),
  };
}

/* nginx in the foreground with a configuration of its own: two workers
 * (this machine's cores; `auto`), no access log, keep-alive as long as
 * wrk wants it, one file served as application/json. */
async function startNginx(dir, port) { // dir/html holds what it serves
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `# the throughput benchmark's nginx (bench/throughput.mjs)
daemon off;
master_process on;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  types { }
  default_type application/json;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/html;
  }
}
`);
  const child = track(spawn('nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  await waitFor('nginx to listen', async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try { return (await fetch(`http://127.0.0.1:${port}/person.json`)).status === 200; } catch { return false; }
  }, 20000);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.on('exit', resolve);
      child.kill('SIGQUIT');
      setTimeout(() => child.kill('SIGKILL'), 10000).unref();
    }),
  };
}

/* One wrk run; its figures from the script's done(). */
function wrk(url, connections, duration, args) {
  return new Promise((resolve, reject) => {
    const child = track(spawn('wrk', ['-t', String(Math.min(wrkThreads, connections)), '-c', String(connections),
      '-d', `${duration}s`, '--timeout', '5s', '-s', luaScript, url, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    const limit = setTimeout(() => child.kill('SIGKILL'), (duration + 30) * 1000);
    child.on('exit', (code) => {
      clearTimeout(limit);
      const line = out.split('\n').find((l) => l.startsWith('THROUGHPUT_JSON '));
      if (code !== 0 || !line) { reject(new Error(`wrk exited ${code}: ${err}${out}`)); return; }
      const r = JSON.parse(line.slice('THROUGHPUT_JSON '.length));
      resolve({ connections, requests: r.requests, rps: r.requests / r.seconds, p50_ms: r.p50_us / 1000,
        p90_ms: r.p90_us / 1000, p99_ms: r.p99_us / 1000, max_ms: r.max_us / 1000, non_2xx: r.non_2xx_3xx,
        socket_errors: r.connect_errors + r.read_errors + r.write_errors + r.timeouts });
    });
  });
}

async function measure(name, url, connections, args) {
  say(`  ${name}, ${connections} connections: ${warmSeconds} s warm-up, ${seconds} s timed...`);
  const warm = await wrk(url, connections, warmSeconds, args);
  const timed = await wrk(url, connections, seconds, args);
  return { ...timed, warm_requests: warm.requests, warm_non_2xx: warm.non_2xx };
}

/* Bytes (allocated pages) of the audit log's tables and their indexes,
 * and apart those of its index of released records (audit_record_reads,
 * kept up to date by the server in quiet moments); the newest event's
 * number and how far the index has reached. */
function auditSize(db) {
  const [log, index, events, indexed] = sqlite(db, `
    SELECT coalesce(sum(CASE WHEN s.tbl_name <> 'audit_record_reads' THEN d.pgsize END), 0),
           coalesce(sum(CASE WHEN s.tbl_name = 'audit_record_reads' THEN d.pgsize END), 0),
           (SELECT coalesce(max(seq), 0) FROM audit_events), (SELECT last_seq FROM audit_index_progress)
    FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
    WHERE s.tbl_name LIKE 'audit%';`).split('|').map(Number);
  return { log, index, events, indexed };
}

async function main() {
  const dir = path.join(dataDir, 'throughput');
  fs.mkdirSync(dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cshub-throughput-'));
  const db = path.join(dir, 'throughput.db');
  let cshub = null;
  let nginx = null;
  try {
    say(`making the database: the demo and ${people} more young people...`);
    makeDatabase(db);
    cshub = await startCshub(db, path.join(dir, 'server.log'));
    say('waiting for the server to give every person matching keys and compute the dashboards...');
    await waitFor('matching keys', () => sqlite(db, `SELECT count(*) FROM people p WHERE merged_into IS NULL
      AND NOT EXISTS (SELECT 1 FROM person_match_keys k WHERE k.person_id = p.id)`) === '0', 300000);
    await waitFor('the dashboards', () => cshub.events().some((e) => e.event === 'outcome_figures_ready'), 300000);

    // An API token as the demo's coordinator (the bench's load tool has no cookie jar).
    const signIn = await fetch(`${cshub.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'coordinator@kestrel-vale.example', password }) });
    if (signIn.status !== 201) throw new Error(`sign-in: ${signIn.status}`);
    const { csrf_token: csrf, user } = await signIn.json();
    const made = await fetch(`${cshub.url}/api/v1/tokens`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: signIn.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': csrf },
      body: JSON.stringify({ name: 'throughput benchmark' }) });
    if (made.status !== 201) throw new Error(`token: ${made.status} ${await made.text()}`);
    const { token } = await made.json();

    // The young people the coordinator may read and write about: shared with the hub, or their own agency's.
    const ids = sqlite(db, `SELECT id FROM people WHERE kind = 'young_person' AND merged_into IS NULL
      AND (sharing = 'hub' OR owner_agency_id = '${user.agency.id.replace(/[^0-9a-f]/g, '')}') ORDER BY random()`).split('\n');
    const idsFile = path.join(tmp, 'ids.txt');
    fs.writeFileSync(idsFile, `${ids.join('\n')}\n`);
    const sample = await fetch(`${cshub.url}/api/v1/people/${ids[0]}`, { headers: { Authorization: `Bearer ${token}` } });
    if (sample.status !== 200) throw new Error(`GET a person: ${sample.status}`);
    const personBytes = Buffer.from(await sample.arrayBuffer());
    const today = new Date().toISOString().slice(0, 10);

    say('nginx:');
    // Started as root, nginx's workers run as nobody: they must reach the file (invented demo data).
    fs.chmodSync(tmp, 0o711);
    fs.mkdirSync(path.join(tmp, 'html'), { mode: 0o755 });
    fs.writeFileSync(path.join(tmp, 'html', 'person.json'), personBytes, { mode: 0o644 });
    nginx = await startNginx(tmp, await freePort());
    const nginxGet = await measure('GET the same bytes', `${nginx.url}/person.json`, 64, ['file']);
    await nginx.stop();
    nginx = null;

    say(`cshub (${threads} threads):`);
    const before = auditSize(db);
    const anchorBefore = fs.statSync(`${db}.anchor`).size;
    const cshubGet = await measure('GET /api/v1/people/{id}', cshub.url, 64, ['get', idsFile, token]);
    const logged = auditSize(db);
    const anchorBytes = fs.statSync(`${db}.anchor`).size - anchorBefore;
    // The index catches up an event at a time in quiet moments: up to 20 s of it is enough to weigh it.
    await waitFor('the audit index', () => Number(sqlite(db, 'SELECT last_seq FROM audit_index_progress')) >= logged.events, 20000)
      .catch(() => {});
    const indexed = auditSize(db);
    const events = logged.events - before.events;
    const indexedEvents = indexed.indexed - before.indexed;
    const logPerEvent = (logged.log - before.log) / events;
    const indexPerEvent = indexedEvents > 0 ? (indexed.index - before.index) / indexedEvents : null;
    const audit = { reads: cshubGet.warm_requests + cshubGet.requests, events, indexed_events: indexedEvents,
      log_bytes_per_1000_reads: Math.round(logPerEvent * 1000),
      index_bytes_per_1000_reads: indexPerEvent === null ? null : Math.round(indexPerEvent * 1000),
      bytes_per_1000_reads: Math.round((logPerEvent + (indexPerEvent ?? 0)) * 1000),
      anchor_file_bytes_per_1000_reads: Math.round((anchorBytes / events) * 1000),
      index_lag_events: logged.events - indexed.indexed };

    const concernsBefore = Number(sqlite(db, 'SELECT count(*) FROM concerns'));
    const post16 = await measure('POST /api/v1/concerns', cshub.url, 16, ['post', idsFile, token, today]);
    const post64 = await measure('POST /api/v1/concerns', cshub.url, 64, ['post', idsFile, token, today]);
    const concernsAdded = Number(sqlite(db, 'SELECT count(*) FROM concerns')) - concernsBefore;
    // wrk does not count the answers that came after its clock stopped
    // (at most one a connection): those concerns are stored but not counted as acknowledged.
    const acknowledgedAtLeast = [post16, post64].reduce((n, r) => n + r.warm_requests - r.warm_non_2xx + r.requests - r.non_2xx, 0);

    const stopped = await cshub.stop();
    cshub = null;
    const serverLog = fs.readFileSync(path.join(dir, 'server.log'), 'utf8');
    console.log(JSON.stringify({
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30) },
      people: Number(sqlite(db, "SELECT count(*) FROM people WHERE kind = 'young_person'")), readable_people: ids.length,
      server_threads: threads, wrk_threads: wrkThreads, seconds, person_bytes: personBytes.length,
      nginx_get: nginxGet, cshub_get: cshubGet, audit, post_16: post16, post_64: post64,
      concerns_added: concernsAdded, concerns_acknowledged_at_least: acknowledgedAtLeast,
      every_acknowledged_concern_stored: acknowledgedAtLeast > 0 && concernsAdded >= acknowledgedAtLeast &&
        concernsAdded <= acknowledgedAtLeast + 2 * (16 + 64),
      server_exit: stopped, server_log_bytes: serverLog.length,
    }));
  } finally {
    if (nginx) await nginx.stop();
    if (cshub) await cshub.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (process.env.THROUGHPUT_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { say(`throughput: ${e.stack || e}`); killAll(); process.exit(1); });
