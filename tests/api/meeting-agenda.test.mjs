// The order of a MACE agenda through the API: an item moved with
// PATCH /api/v1/meeting-items/{id} {"position": n} takes that place and the
// others close up around it; taking an item off closes the gap; items
// added at the same moment never share a place (UNIQUE (meeting_id,
// position), the position chosen in the transaction that adds the item);
// a coordinator who does not see every item moves one next to the item
// shown beside it; a closed meeting refuses (409), a bad position is
// refused by name (400) and a practitioner may not reorder. Every move is
// audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';
import { addUser } from '../lib/accounts.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const today = () => new Date().toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['coordinator', 'police']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
});
after(async () => { await server.stop(); });

/** A new open meeting with items named by reasons, added one after another. */
async function meetingWith(reasons) {
  const meeting = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: today(), title: 'Order of business' });
  for (const reason of reasons) await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/items`, { kind: 'other', reason });
  return meeting.id;
}

/** The agenda as [reason, position] in the order shown. */
async function agenda(meetingId) {
  return (await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meetingId}`)).items.map((i) => [i.reason, i.position]);
}

const itemIds = async (meetingId) => Object.fromEntries((await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meetingId}`)).items.map((i) => [i.reason, i.id]));
const numbered = (reasons) => reasons.map((r, n) => [r, n + 1]);

test('an item moved up or down takes its new place and the others close up around it', async () => {
  const meeting = await meetingWith(['A', 'B', 'C', 'D', 'E']);
  const ids = await itemIds(meeting);
  const moved = await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.D}`, { position: 2 });
  assert.equal(moved.position, 2, 'the answer gives the new place');
  assert.deepEqual(await agenda(meeting), numbered(['A', 'D', 'B', 'C', 'E']), 'up');
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.A}`, { position: 4 });
  assert.deepEqual(await agenda(meeting), numbered(['D', 'B', 'C', 'A', 'E']), 'down');
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.E}`, { position: 1 });
  assert.deepEqual(await agenda(meeting), numbered(['E', 'D', 'B', 'C', 'A']), 'to the top');
  const last = await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.E}`, { position: 200 });
  assert.equal(last.position, 5, 'past the end is last');
  assert.deepEqual(await agenda(meeting), numbered(['D', 'B', 'C', 'A', 'E']));
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.C}`, { position: 3 });
  assert.deepEqual(await agenda(meeting), numbered(['D', 'B', 'C', 'A', 'E']), 'to where it is: nothing moves');
  const both = await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.B}`, { position: 1, decisions: 'Taken first.' });
  assert.equal(both.decisions, 'Taken first.', 'a move and a decision in one change');
  assert.deepEqual(await agenda(meeting), numbered(['B', 'D', 'C', 'A', 'E']));
  const events = Number(sql(`SELECT count(*) FROM audit_events WHERE record_type = 'meeting_item' AND action = 'update' AND record_id = '${ids.E}'`));
  assert.equal(events, 2, 'each move is audited as a change of the item moved');
});

test('taking an item off closes the gap, and the next item added goes at the end', async () => {
  const meeting = await meetingWith(['A', 'B', 'C', 'D']);
  const ids = await itemIds(meeting);
  await ok(server, who.coordinator, 'DELETE', `/api/v1/meeting-items/${ids.B}`, undefined, 204);
  assert.deepEqual(await agenda(meeting), numbered(['A', 'C', 'D']));
  const added = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: 'E' });
  assert.equal(added.position, 4);
  assert.deepEqual(await agenda(meeting), numbered(['A', 'C', 'D', 'E']));
});

test('items added at the same moment, and moves among them, never share a place', async () => {
  const meeting = await meetingWith([]);
  const reasons = Array.from({ length: 24 }, (_, n) => `Item ${n}`);
  const added = await Promise.all(reasons.map((reason) => call(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason })));
  assert.deepEqual(added.map((r) => r.status), reasons.map(() => 201));
  assert.deepEqual(added.map((r) => r.json.position).sort((a, b) => a - b), reasons.map((_, n) => n + 1), 'each its own place');
  const ids = added.map((r) => r.json.id);
  const busy = await Promise.all([
    ...ids.slice(0, 8).map((id, n) => call(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${id}`, { position: 24 - n })),
    ...[0, 1, 2, 3].map((n) => call(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: `Late ${n}` })),
  ]);
  assert.ok(busy.every((r) => r.status === 200 || r.status === 201), busy.map((r) => r.status).join(' '));
  const positions = (await agenda(meeting)).map(([, p]) => p);
  assert.deepEqual(positions, positions.map((_, n) => n + 1), 'numbered 1, 2, 3, ... with no gap or twin');
  assert.equal(positions.length, 28);
  assert.equal(sql(`SELECT count(*) FROM (SELECT position FROM meeting_items WHERE meeting_id = '${meeting}' GROUP BY position HAVING count(*) > 1)`), '0');
});

test('an item moved past items the mover may not see lands next to the item it was shown beside', async () => {
  const police = sql(`SELECT agency_id FROM users WHERE email = 'police@kestrel-vale.example'`);
  who.admin ||= await signIn(server, 'admin@kestrel-vale.example');
  await addUser(server, who.admin, who.coordinator, { email: 'police.chair@kestrel-vale.example', name: 'Insp. Dana Wolfe',
    agency_id: police, role: 'coordinator', password: 'a long enough password for tests' });
  const other = await signIn(server, 'police.chair@kestrel-vale.example', 'a long enough password for tests');
  const meeting = await meetingWith(['A']);
  await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: 'Hidden', sharing: 'agency' });
  await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: 'C' });
  const seen = (await ok(server, other, 'GET', `/api/v1/meetings/${meeting}`)).items;
  assert.deepEqual(seen.map((i) => [i.reason, i.position]), [['A', 1], ['C', 2]],
    'the police coordinator does not see the agency-only item, nor a gap where it is');
  const [a, c] = seen;
  await ok(server, other, 'PATCH', `/api/v1/meeting-items/${c.id}`, { position: a.position });
  assert.deepEqual(await agenda(meeting), numbered(['C', 'A', 'Hidden']), 'up: just above the item shown above it');
  const hidden = (await itemIds(meeting)).Hidden;
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${hidden}`, { position: 2 });
  assert.deepEqual(await agenda(meeting), numbered(['C', 'Hidden', 'A']));
  const again = (await ok(server, other, 'GET', `/api/v1/meetings/${meeting}`)).items;
  assert.deepEqual(again.map((i) => [i.reason, i.position]), [['C', 1], ['A', 2]]);
  const moved = await ok(server, other, 'PATCH', `/api/v1/meeting-items/${again[1].id}`, { position: 200 });
  assert.equal(moved.position, 2, 'an answer never counts what the reader may not see');
  await ok(server, other, 'PATCH', `/api/v1/meeting-items/${again[1].id}`, { position: 2 });
  await ok(server, other, 'PATCH', `/api/v1/meeting-items/${again[0].id}`, { position: again[1].position });
  assert.deepEqual(await agenda(meeting), numbered(['Hidden', 'A', 'C']), 'down: just below the item shown below it');
});

test('the database itself refuses two items in one place', () => {
  const [meeting, position] = sql(`SELECT meeting_id, position FROM meeting_items LIMIT 1`).split('|');
  assert.throws(() => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, `INSERT INTO meeting_items (id, meeting_id, position, kind, reason, owner_agency_id, sharing, created_at, updated_at)
    SELECT 'twin', meeting_id, ${position}, 'other', 'x', owner_agency_id, 'hub', created_at, updated_at FROM meeting_items WHERE meeting_id = '${meeting}' LIMIT 1`], { stdio: 'pipe' }),
  (error) => /UNIQUE constraint failed: meeting_items.meeting_id, meeting_items.position/.test(error.stderr));
});

test('a bad position is refused by name, a practitioner may not reorder, and a closed meeting refuses', async () => {
  const meeting = await meetingWith(['A', 'B']);
  const ids = await itemIds(meeting);
  for (const position of [0, -1, 1.5, '2', null, 201, true]) {
    const r = await call(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.A}`, { position });
    assert.equal(r.status, 400, `position ${JSON.stringify(position)}`);
    assert.equal(r.json.error.field, 'position');
  }
  assert.equal((await call(server, who.police, 'PATCH', `/api/v1/meeting-items/${ids.B}`, { position: 1 })).status, 404,
    'a practitioner of another agency may not even see the item');
  const services = sql(`SELECT agency_id FROM users WHERE email = 'coordinator@kestrel-vale.example'`);
  who.admin ||= await signIn(server, 'admin@kestrel-vale.example');
  await addUser(server, who.admin, who.coordinator, { email: 'social.worker@kestrel-vale.example', name: 'Ruth Amadi',
    agency_id: services, role: 'practitioner', password: 'a long enough password for tests' });
  const colleague = await signIn(server, 'social.worker@kestrel-vale.example', 'a long enough password for tests');
  assert.ok((await ok(server, colleague, 'GET', `/api/v1/meetings/${meeting}`)).items.some((i) => i.id === ids.B),
    'the coordinator\'s colleague sees the item');
  const forbidden = await call(server, colleague, 'PATCH', `/api/v1/meeting-items/${ids.B}`, { position: 1 });
  assert.equal(forbidden.status, 403, 'but a practitioner may not reorder the agenda');
  assert.deepEqual(await agenda(meeting), numbered(['A', 'B']), 'nothing moved');
  await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/close`, undefined, 200);
  const closed = await call(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${ids.B}`, { position: 1 });
  assert.equal(closed.status, 409);
  assert.equal(closed.json.error.code, 'meeting_closed');
  assert.deepEqual(await agenda(meeting), numbered(['A', 'B']), 'the minuted order stays');
});

test('a full agenda (200 items) refuses another item by saying so, and takes one again once an item is taken off', async () => {
  const meeting = await meetingWith(Array.from({ length: 200 }, (_, i) => `Item ${i + 1}`));
  const refused = await call(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: 'One more' });
  assert.equal(refused.status, 409);
  assert.equal(refused.json.error.code, 'agenda_full');
  assert.match(refused.json.error.message, /200 items/);
  const last = (await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting}`)).items.at(-1);
  await ok(server, who.coordinator, 'DELETE', `/api/v1/meeting-items/${last.id}`, undefined, 204);
  const added = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting}/items`, { kind: 'other', reason: 'One more' });
  assert.equal(added.position, 200);
});
