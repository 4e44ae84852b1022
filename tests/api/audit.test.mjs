// The audit log: sign-ins (good and failed) and sign-outs are recorded with
// the client address; `cshub audit verify` passes an intact log and fails,
// naming the row, when one event is edited, deleted or two are reordered
// behind the application's back (triggers dropped, as an attacker with the
// database file could).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCshub, tempDir } from '../lib/server.mjs';

let server;
let db;

async function signIn(email, password) {
  return fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }) });
}

function sql(file, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', file, statement], { encoding: 'utf8' }).trim();
}

/** A copy of the audited database with the append-only triggers removed. */
function tamperableCopy() {
  const dir = tempDir();
  const copy = path.join(dir, 'copy.db');
  sql(db, `VACUUM INTO '${copy}'`);
  sql(copy, 'DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_events_keyed_only;');
  return { dir, copy };
}

/** `cshub audit verify` of file, chained under the server's key file. */
function verify(file) {
  return runCshub(['audit', 'verify', '--db', file, '--key-file', `${db}.key`]);
}

before(async () => {
  server = await startServer({ demo: true });
  db = server.dbPath;
  const good = await signIn('police@kestrel-vale.example', 'kestrel-vale-demo');
  assert.equal(good.status, 201);
  const cookie = good.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await good.json();
  assert.equal((await signIn('police@kestrel-vale.example', 'wrong-password-123')).status, 401);
  assert.equal((await signIn('nobody@kestrel-vale.example', 'wrong-password-123')).status, 401);
  const out = await fetch(server.url + '/api/v1/session', { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
  assert.equal(out.status, 204);
  for (let i = 0; i < 4; i++) await signIn('school@kestrel-vale.example', 'kestrel-vale-demo');
});
after(async () => { await server.stop(); });

test('sign-ins, failures and sign-outs are audit events with the client address', () => {
  const rows = sql(db, "SELECT action, coalesce(user_id,'-'), client_address FROM audit_events ORDER BY seq LIMIT 4").split('\n');
  assert.equal(rows.length, 4);
  const actions = rows.map((r) => r.split('|')[0]);
  assert.deepEqual(actions, ['sign_in', 'sign_in_failed', 'sign_in_failed', 'sign_out']);
  assert.match(rows[0], /^sign_in\|[0-9a-f]{32}\|127\.0\.0\.1$/);
  assert.match(rows[2], /^sign_in_failed\|-\|127\.0\.0\.1$/);
});

test('the application cannot update or delete an audit event', () => {
  assert.throws(() => sql(db, "UPDATE audit_events SET action = 'read' WHERE seq = 1"), /append-only/);
  assert.throws(() => sql(db, 'DELETE FROM audit_events WHERE seq = 1'), /append-only/);
});

test('an intact log verifies with exit 0', () => {
  const r = verify(db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /intact: 8 events verified/);
});

const tampering = [
  ['an edited event', "UPDATE audit_events SET client_address = '10.0.0.9' WHERE seq = 3", 3, /edited/],
  ['an edited user', "UPDATE audit_events SET user_id = NULL WHERE seq = 5", 5, /edited/],
  ['an event marked unkeyed', 'UPDATE audit_events SET chain_version = 0 WHERE seq = 6', 6, /unkeyed/],
  ['a deleted event', 'DELETE FROM audit_events WHERE seq = 4', 5, /missing/],
  ['two reordered events', 'UPDATE audit_events SET seq = -1 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = -1', 2, /./],
  ['a forged event inserted in the middle', "UPDATE audit_events SET seq = seq + 100 WHERE seq >= 5; UPDATE audit_events SET seq = seq - 99 WHERE seq >= 105; INSERT INTO audit_events (seq, at, action, outcome, prev_hash, hash) VALUES (5, '2026-01-01T00:00:00Z', 'read', 'allowed', 'x', 'y')", 5, /./],
];

for (const [what, statement, badRow, pattern] of tampering) {
  test(`verify fails and names the row after ${what}`, () => {
    const { dir, copy } = tamperableCopy();
    try {
      sql(copy, statement);
      const r = verify(copy);
      assert.equal(r.status, 1);
      assert.match(r.stdout, new RegExp(`BROKEN at event ${badRow}:`));
      assert.match(r.stdout, pattern);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
}

test('repeated wrong passwords are throttled per account, for unknown accounts alike', async () => {
  const s = await startServer({ demo: true });
  const post = (email, password) => fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  try {
    for (const email of ['health@kestrel-vale.example', 'no-such-person@kestrel-vale.example']) {
      for (let i = 0; i < 5; i++) assert.equal((await post(email, `wrong-password-${i}`)).status, 401);
      const blocked = await post(email, 'kestrel-vale-demo');
      assert.equal(blocked.status, 429, email);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      const body = await blocked.json();
      assert.equal(body.error.code, 'too_many_attempts');
    }
    // Another account from the same address is not yet blocked.
    assert.equal((await post('school@kestrel-vale.example', 'kestrel-vale-demo')).status, 201);
    const throttled = sql(s.dbPath, "SELECT count(*) FROM audit_events WHERE reason = 'throttled'");
    assert.equal(throttled, '2');
  } finally { await s.stop(); }
});

test('a network view is one event listing every record it released; editing that list breaks the chain', async () => {
  const r = await signIn('coordinator@kestrel-vale.example', 'kestrel-vale-demo');
  const headers = { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': (await r.json()).csrf_token, 'Content-Type': 'application/json' };
  const post = async (p, body) => (await fetch(server.url + p, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  const person = await post('/api/v1/people', { kind: 'young_person', given_name: 'Ola', family_name: 'Brightwater', sharing: 'hub' });
  const place = await post('/api/v1/contexts', { kind: 'location', name: 'Canal towpath', sharing: 'hub' });
  await post('/api/v1/links', { link_type: 'frequents', person_id: person.id, to_context_id: place.id, confidence: 'reported', sharing: 'hub' });
  assert.equal((await fetch(`${server.url}/api/v1/network?subject=${person.id}&depth=1`, { headers })).status, 200);
  const listed = sql(db, `SELECT records FROM audit_events WHERE record_id = '${person.id}' AND records IS NOT NULL`);
  assert.ok(listed.includes(`person ${person.id}`) && listed.includes(`context ${place.id}`) && listed.includes('link '), listed);
  assert.equal(verify(db).status, 0);
  const { dir, copy } = tamperableCopy();
  try {
    sql(copy, `UPDATE audit_events SET records = replace(records, 'context ${place.id}', 'context 00000000000000000000000000000000') WHERE records IS NOT NULL`);
    const broken = verify(copy);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /the records it lists do not match/);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});
