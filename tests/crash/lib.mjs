// Shared by the crash tests (kill9.test.mjs, power-loss.test.mjs): a demo
// database of their own, concurrent writers that remember when each write
// was acknowledged, and the checks run on a database file after a crash —
// every acknowledged write and its audit event present, PRAGMA
// integrity_check ok, `cshub audit verify` intact against the anchor file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCshub, startServer, tempDir } from '../lib/server.mjs';
import { DEMO_PASSWORD } from '../lib/client.mjs';

/** Writes kept in flight at once by runWriters(). */
export const IN_FLIGHT = 16;
/** Longest a single request may take before the writer gives up on it. */
const REQUEST_TIMEOUT_MS = 15000;

/** A folder of the test's own with a demo database (agencies and accounts); returns real paths. */
export function demoDatabase() {
  const dir = fs.realpathSync(tempDir());
  const db = path.join(dir, 'crash.db');
  const made = runCshub(['demo', '--db', db, '--accounts-only']);
  assert.equal(made.status, 0, `cshub demo: ${made.stderr}`);
  return { dir, db, keyFile: `${db}.key`, anchorFile: `${db}.anchor` };
}

/** Servers started and not yet stopped: a failing test kills them (killLeftovers) rather than hang on them. */
const running = new Set();

/** Starts `cshub serve` on db (which stays when the server stops). */
export async function serve(db, env = {}) {
  const server = await startServer({ db, env });
  running.add(server);
  return server;
}

/** Kills the server with SIGKILL, as a crash would; resolves once it is gone. */
export async function crash(server) {
  running.delete(server);
  server.child.kill('SIGKILL');
  await server.exited;
  await server.stop('SIGKILL'); // only removes its scratch folder by now
}

/** Stops the server with SIGTERM; it must exit 0. */
export async function stopCleanly(server) {
  running.delete(server);
  await server.stop();
}

/** Kills whatever server a failed test left running. */
export async function killLeftovers() {
  for (const server of [...running]) await crash(server);
}

/** Signs one demo user in; returns {cookie, csrf}. */
async function signIn(server, role) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `${role}@kestrel-vale.example`, password: DEMO_PASSWORD }) });
  const body = await r.json().catch(() => null);
  assert.equal(r.status, 201, `${role} signs in: ${JSON.stringify(body)}`);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}

/** Whether a session (kept in the database) still works after a restart. */
async function stillSignedIn(server, as) {
  const r = await fetch(server.url + '/api/v1/session', { headers: { Cookie: as.cookie } });
  await r.arrayBuffer();
  return r.status === 200;
}

/**
 * The school's and the police's practitioners, signed in at once (each
 * sign-in hashes a password: slow on a busy machine); the sessions of an
 * earlier run, given as previous, are kept when they survived the crash.
 */
export async function signInWriters(server, previous = {}) {
  const users = {};
  await Promise.all(['school', 'police'].map(async (role) => {
    users[role] = previous[role] && await stillSignedIn(server, previous[role]) ? previous[role] : await signIn(server, role);
  }));
  return users;
}

/**
 * One write; resolves to {status, json, ackedMs}: ackedMs is Date.now() as
 * soon as the answer's status line arrived (so not before the server
 * committed), or null when no answer came (refused, reset, timed out).
 */
async function send(server, as, method, route, body) {
  try {
    const r = await fetch(server.url + route, { method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: { Cookie: as.cookie, 'X-CSRF-Token': as.csrf, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const ackedMs = Date.now();
    return { status: r.status, json: await r.json(), ackedMs };
  } catch {
    return { status: 0, json: null, ackedMs: null };
  }
}

const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);

/** The bodies of the writes, each with a token to find it by. */
const writes = {
  person: (token) => ({ kind: 'young_person', given_name: 'Crash', family_name: `Test-${token}`, date_of_birth: '2011-03-14',
    sharing: 'hub' }),
  context: (token) => ({ kind: 'location', name: `Crash test place ${token}`, location_kind: 'transport_hub', sharing: 'hub' }),
  concern: (token, personId) => ({ person_id: personId, concern_date: daysAgo(1), exploitation_types: ['child_criminal_exploitation'],
    indicators: ['going_missing', 'money_gifts'], adverse_experiences: ['parental_separation'],
    narrative: `Seen with older males at the station (${token}).`, sharing: 'hub' }),
  amendment: (token) => ({ narrative: `Amended after a second sighting (${token}).` }),
};

/**
 * Keeps IN_FLIGHT writers busy until stop() is called: people, places,
 * concerns about acknowledged people, and amendments of acknowledged
 * concerns. Each acknowledged write goes into log.acked as {kind, table,
 * id, narrative?, ackedMs}; returns {log, stop, done}.
 */
export function runWriters(server, users, prefix) {
  const log = { acked: [], people: [], concerns: [], sent: 0 };
  let stopped = false;
  let counter = 0;
  const note = (kind, table, r, extra = {}) => {
    if (r.status === 201 || r.status === 200) log.acked.push({ kind, table, id: r.json.id, ackedMs: r.ackedMs, ...extra });
  };
  async function oneWrite() {
    const token = `${prefix}-${++counter}`;
    const choice = counter % 6;
    log.sent++;
    if (choice === 0 || log.people.length === 0) {
      const r = await send(server, users.school, 'POST', '/api/v1/people', writes.person(token));
      note('person', 'people', r);
      if (r.status === 201) log.people.push(r.json.id);
    } else if (choice === 1) {
      note('context', 'contexts', await send(server, users.police, 'POST', '/api/v1/contexts', writes.context(token)));
    } else if (choice === 5 && log.concerns.length > 0) {
      const id = log.concerns.splice(Math.floor(Math.random() * log.concerns.length), 1)[0]; // each amended once
      const body = writes.amendment(token);
      note('amendment', 'concerns', { ...(await send(server, users.school, 'PATCH', `/api/v1/concerns/${id}`, body)), json: { id } },
        { narrative: body.narrative });
    } else {
      const personId = log.people[Math.floor(Math.random() * log.people.length)];
      const body = writes.concern(token, personId);
      const r = await send(server, users.school, 'POST', '/api/v1/concerns', body);
      note('concern', 'concerns', r, { narrative: body.narrative });
      if (r.status === 201) log.concerns.push(r.json.id);
    }
  }
  async function writer() {
    while (!stopped) await oneWrite();
  }
  const done = Promise.all(Array.from({ length: IN_FLIGHT }, writer));
  return { log, stop: () => { stopped = true; return done; }, done };
}

/** Runs sql against a database file with the sqlite3 shell; returns its output lines. */
export function sqlite(db, sql) {
  return execFileSync('sqlite3', ['-batch', db], { input: sql, encoding: 'utf8', timeout: 60000 }).trim().split('\n').filter(Boolean);
}

const quoted = (ids) => ids.map((id) => `('${String(id).replace(/'/g, "''")}')`).join(',');

/**
 * Which of the acknowledged writes are missing from db: the record itself
 * (an amendment: its narrative), or the record's audit event ('create';
 * for an amendment 'update'). Returns a list of readable problems.
 */
export function missingWrites(db, acked) {
  if (acked.length === 0) return [];
  const problems = [];
  const created = acked.filter((w) => w.kind !== 'amendment');
  const found = new Set(sqlite(db, `CREATE TEMP TABLE wanted(id TEXT PRIMARY KEY); INSERT OR IGNORE INTO wanted VALUES ${quoted(created.map((w) => w.id))};
    SELECT id FROM people WHERE id IN wanted UNION ALL SELECT id FROM contexts WHERE id IN wanted
    UNION ALL SELECT id FROM concerns WHERE id IN wanted;`));
  for (const w of created) if (!found.has(w.id)) problems.push(`${w.kind} ${w.id} acknowledged at ${w.ackedMs} is missing`);
  const events = new Set(sqlite(db, `CREATE TEMP TABLE wanted(id TEXT PRIMARY KEY); INSERT OR IGNORE INTO wanted VALUES ${quoted(acked.map((w) => w.id))};
    SELECT action || ' ' || record_id FROM audit_events WHERE record_id IN wanted AND action IN ('create', 'update');`));
  for (const w of acked) {
    const action = w.kind === 'amendment' ? 'update' : 'create';
    if (!events.has(`${action} ${w.id}`)) problems.push(`the '${action}' audit event of ${w.kind} ${w.id} acknowledged at ${w.ackedMs} is missing`);
  }
  const narratives = acked.filter((w) => w.narrative);
  if (narratives.length > 0) {
    const stored = new Set(sqlite(db, `CREATE TEMP TABLE wanted(id TEXT PRIMARY KEY); INSERT OR IGNORE INTO wanted VALUES ${quoted(narratives.map((w) => w.id))};
      SELECT id || ' ' || narrative FROM concerns WHERE id IN wanted;`));
    const latest = new Map();
    for (const w of narratives) if (!latest.has(w.id) || latest.get(w.id).ackedMs <= w.ackedMs) latest.set(w.id, w);
    for (const w of latest.values()) {
      if (w.kind === 'amendment' && !stored.has(`${w.id} ${w.narrative}`)) problems.push(`the amendment of concern ${w.id} acknowledged at ${w.ackedMs} is missing`);
    }
  }
  return problems;
}

/** Fails the test, naming the first few, when missingWrites() found any. */
export function assertNoneLost(problems, label) {
  if (problems.length === 0) return;
  assert.fail(`${label}: ${problems.length} acknowledged writes or their audit events lost, first:\n  ${problems.slice(0, 8).join('\n  ')}`);
}

/** PRAGMA integrity_check of a database file: 'ok' or what it found. */
export function integrity(db) {
  return sqlite(db, 'PRAGMA integrity_check;').join('\n');
}

/** `cshub audit verify` of a database file with the server's key and, when there is one, its anchor file. */
export function auditVerify(db, keyFile, anchorFile) {
  const anchor = anchorFile && fs.existsSync(anchorFile) ? ['--anchor', anchorFile] : [];
  return runCshub(['audit', 'verify', '--db', db, '--key-file', keyFile, ...anchor]);
}

/** Copies a stopped server's database files (as a crash left them) into a new folder; returns the copy's path. */
export function copyDatabaseFiles(db, intoDir) {
  fs.mkdirSync(intoDir, { recursive: true });
  for (const suffix of ['', '-wal', '.anchor']) {
    if (fs.existsSync(db + suffix)) fs.copyFileSync(db + suffix, path.join(intoDir, path.basename(db) + suffix));
  }
  return path.join(intoDir, path.basename(db));
}

/** A whole number from the environment, or fallback. */
export function envCount(name, fallback) {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A random whole number in [low, high]. */
export const randomBetween = (low, high) => low + Math.floor(Math.random() * (high - low + 1));
