// Held responses and group commit (docs/architecture.md): many reads at
// once each leave their one audit event before their answer, sharing
// commits, with more connections than worker threads; a stop in the middle
// of such a load exits 0 with every answer complete (the daemon never goes
// while a response is held); concurrent writes all land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, ok } from '../lib/client.mjs';

const sqlOn = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, query], { encoding: 'utf8' }).trim();

async function coordinatorAndPeople(server) {
  const coordinator = await signIn(server, 'coordinator@kestrel-vale.example');
  const people = sqlOn(server.dbPath, "SELECT id FROM people WHERE sharing = 'hub' AND kind = 'young_person' AND merged_into IS NULL ORDER BY id LIMIT 40").split('\n');
  return { coordinator, people };
}

function getPerson(server, who, id) {
  return fetch(`${server.url}/api/v1/people/${id}`, { headers: { Cookie: who.cookie } });
}

test('200 reads at once on 2 worker threads: each answered after its own audit event, none lost', async () => {
  const server = await startServer({ demo: 'full', args: ['--threads', '2'] });
  try {
    const { coordinator, people } = await coordinatorAndPeople(server);
    const before = Number(sqlOn(server.dbPath, 'SELECT coalesce(max(seq), 0) FROM audit_events'));
    const ids = Array.from({ length: 200 }, (_, i) => people[i % people.length]);
    const answers = await Promise.all(ids.map((id) => getPerson(server, coordinator, id).then(async (r) => ({ status: r.status, body: await r.json() }))));
    for (const [i, a] of answers.entries()) {
      assert.equal(a.status, 200);
      assert.equal(a.body.id, ids[i]);
    }
    const events = sqlOn(server.dbPath, `SELECT count(*) FROM audit_events WHERE seq > ${before} AND action = 'read' AND record_type = 'person'`);
    assert.equal(Number(events), 200, 'one event for each answer');
    assert.match(execFileSync(process.env.CSHUB_BIN || 'build/cshub', ['audit', 'verify', '--db', server.dbPath], { encoding: 'utf8' }), /intact/);
  } finally { await server.stop(); }
});

test('a stop in the middle of a burst of reads and writes exits 0, every answer whole, every acknowledged write stored', async () => {
  // No grace: the stop comes while requests are still in their handlers and about to hold their answers.
  const server = await startServer({ demo: 'full', args: ['--threads', '2', '--shutdown-grace', '0'] });
  const { coordinator, people } = await coordinatorAndPeople(server);
  const reads = Array.from({ length: 150 }, (_, i) => getPerson(server, coordinator, people[i % people.length])
    .then(async (r) => ({ status: r.status, text: await r.text() })).catch(() => ({ status: 0 })));
  const writes = Array.from({ length: 30 }, (_, i) => fetch(`${server.url}/api/v1/concerns`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: coordinator.cookie, 'X-CSRF-Token': coordinator.csrf },
    body: JSON.stringify({ person_id: people[i % people.length], concern_date: '2026-01-02', narrative: `Burst concern ${i}`, sharing: 'hub' }),
  }).then(async (r) => ({ status: r.status, body: r.status === 201 ? await r.json() : null })).catch(() => ({ status: 0 })));
  await new Promise((r) => setTimeout(r, 30));
  server.child.kill('SIGTERM');
  const answered = await Promise.all(reads);
  const written = await Promise.all(writes);
  const { code } = await server.exited;
  assert.equal(code, 0, 'exits 0 (libmicrohttpd aborts if stopped with a connection suspended)');
  for (const a of answered.filter((x) => x.status === 200)) assert.ok(JSON.parse(a.text).id, 'a whole answer');
  assert.ok(answered.every((a) => [0, 200].includes(a.status)), `only whole answers or closed connections: ${[...new Set(answered.map((a) => a.status))]}`);
  for (const w of written.filter((x) => x.status === 201)) {
    assert.equal(sqlOn(server.dbPath, `SELECT count(*) FROM concerns WHERE id = '${w.body.id}'`), '1', 'an acknowledged concern is stored');
  }
  assert.equal(sqlOn(server.dbPath, 'PRAGMA integrity_check'), 'ok');
  await server.stop();
});
