// What a response releases is one audit event (src/auth/release.c): it
// names every record shown and, for each, the young person it is about, so
// that "who has looked at this young person" counts every read of anything
// about them — a screening list, a meeting with an item about them — and a
// list of a hundred concerns is one event, not hundreds. When the event
// cannot be written, the answer is 503 and nothing is released.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok } from '../lib/client.mjs';

let server;
const who = {};
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const newestSeq = () => Number(sql('SELECT coalesce(max(seq), 0) FROM audit_events'));
const eventsAfter = (seq) => sql(`SELECT action || '|' || coalesce(record_type, '') || '|' || coalesce(records, '') FROM audit_events WHERE seq > ${seq} ORDER BY seq`);

before(async () => {
  server = await startServer({ demo: 'full' });
  for (const [role, email] of Object.entries({
    coordinator: 'coordinator@kestrel-vale.example', police: 'police@kestrel-vale.example',
  })) who[role] = await signIn(server, email);
});
after(async () => { await server.stop(); });

async function audit(personId) {
  return (await ok(server, who.coordinator, 'GET', `/api/v1/people/${personId}/audit?limit=100`)).items;
}

test('a list of concerns is one audit event naming each concern shown and the young people they are about', async () => {
  const seq = newestSeq();
  const page = await ok(server, who.coordinator, 'GET', '/api/v1/concerns?limit=100');
  assert.ok(page.items.length > 20, 'the demo has concerns to list');
  const rows = sql(`SELECT count(*) FROM audit_events WHERE seq > ${seq}`);
  assert.equal(rows, '1', 'one event for the response');
  const records = `\n${sql(`SELECT records FROM audit_events WHERE seq > ${seq}`)}\n`; // sql() trims the newlines at the ends
  for (const c of page.items) {
    assert.ok(records.includes(`\nconcern ${c.id}\n`), 'each concern shown');
    if (c.person_id) assert.ok(records.includes(`\nperson ${c.person_id}\n`), 'and whom it is about');
  }
});

test('reading screenings about a young person shows in their audit', async () => {
  const seen = (await ok(server, who.police, 'GET', '/api/v1/screenings?limit=50')).items.find((s) => s.person_id);
  assert.ok(seen, 'the police may read a screening about a young person');
  const person = seen.person_id;
  const before = (await audit(person)).length;
  const list = await ok(server, who.police, 'GET', `/api/v1/screenings?person_id=${person}`);
  assert.ok(list.items.length > 0, 'their screenings, listed');
  const after = await audit(person);
  assert.ok(after.length > before, 'the read is in their audit');
  const police = sql("SELECT id FROM users WHERE email = 'police@kestrel-vale.example'");
  assert.ok(after.some((e) => e.user_id === police && e.action === 'read'), 'by the reader');
});

test('reading a meeting with an item about a young person shows in their audit', async () => {
  const [meeting, person] = sql(`SELECT i.meeting_id || '|' || i.person_id FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
    WHERE i.kind = 'young_person' AND i.sharing = 'hub' ORDER BY m.held_on DESC LIMIT 1`).split('|');
  const seq = newestSeq();
  const m = await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting}`);
  assert.ok(JSON.stringify(m).includes(person), 'the meeting shows the item about them');
  assert.match(`${eventsAfter(seq)}\n`, new RegExp(`\\nperson ${person}\\n`));
  const coordinator = sql("SELECT id FROM users WHERE email = 'coordinator@kestrel-vale.example'");
  assert.ok((await audit(person)).some((e) => e.user_id === coordinator && Number(e.seq) > seq));
});

test('a refusal is its own event, and releases nothing', async () => {
  const hidden = sql(`SELECT id FROM people WHERE sharing = 'agency' AND owner_agency_id <> (SELECT agency_id FROM users
    WHERE email = 'police@kestrel-vale.example') ORDER BY id LIMIT 1`);
  const seq = newestSeq();
  assert.equal((await call(server, who.police, 'GET', `/api/v1/people/${hidden}`)).status, 404);
  assert.equal(sql(`SELECT action || '|' || outcome || '|' || record_id FROM audit_events WHERE seq > ${seq}`), `read|denied|${hidden}`);
});

test('when the audit log cannot record what an answer releases, the answer is 503 and shows nothing', async () => {
  const person = sql("SELECT id FROM people WHERE sharing = 'hub' AND kind = 'young_person' ORDER BY id LIMIT 1");
  const name = sql(`SELECT given_name FROM people WHERE id = '${person}'`);
  sql("CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'full'); END");
  try {
    const r = await call(server, who.coordinator, 'GET', `/api/v1/people/${person}`);
    assert.equal(r.status, 503);
    assert.ok(!JSON.stringify(r.json).includes(name), 'nothing about the young person');
  } finally {
    sql('DROP TRIGGER test_audit_full');
  }
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/people/${person}`)).status, 200);
});
