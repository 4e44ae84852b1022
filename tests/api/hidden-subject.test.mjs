// A record the policy lets a caller read but whose young person, place or
// target is hidden from them (issue 12, found 7): it answers 404, as one
// that does not exist, and the refusal is in the audit log as a denied
// read of that record — a concern, a link, a screening and a disruption.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, ok, signIn } from '../lib/client.mjs';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};
const made = {};
const api = (as, method, path, body) => call(server, as, method, path, body);
const created = (as, path, body) => ok(server, as, 'POST', path, body);

function sql(query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
}

const policeId = () => who.police.id;

function readsOf(recordId) {
  return sql(`SELECT outcome FROM audit_events WHERE user_id = '${policeId()}' AND action = 'read' AND record_id = '${recordId}'`)
    .split('\n').filter(Boolean);
}

before(async () => {
  server = await startServer({ demo: true });
  for (const role of ['police', 'school', 'coordinator']) who[role] = await signIn(server, `${role}@kestrel-vale.example`);
  // All shared with the hub while they are recorded and screened...
  made.person = await created(who.school, '/api/v1/people', { kind: 'young_person', given_name: 'Rowan', family_name: 'Castellane', sharing: 'hub' });
  made.friend = await created(who.school, '/api/v1/people', { kind: 'young_person', given_name: 'Ellis', family_name: 'Marchbank', sharing: 'hub' });
  made.place = await created(who.school, '/api/v1/contexts', { kind: 'location', name: 'Quarry Lane garages', location_kind: 'other', sharing: 'hub' });
  made.concern = await created(who.school, '/api/v1/concerns', { person_id: made.person.id, concern_date: '2026-01-05',
    exploitation_types: ['child_criminal_exploitation'], indicators: ['going_missing'], narrative: 'Missing overnight twice.', sharing: 'hub' });
  made.link = await created(who.school, '/api/v1/links', { link_type: 'associates_with', person_id: made.person.id, to_person_id: made.friend.id,
    confidence: 'reported', sharing: 'hub' });
  made.screening = await created(who.coordinator, '/api/v1/screenings', { concern_id: made.concern.id, indicators: ['going_missing'],
    risk_level: 'medium', rationale: 'Two missing episodes in a week.', pathway: 'mace' });
  made.disruption = await created(who.school, '/api/v1/disruptions', { context_id: made.place.id, tactic: 'closure_order',
    agency_id: sql("SELECT agency_id FROM users WHERE email = 'school@kestrel-vale.example'"), occurred_on: '2026-01-10', sharing: 'hub' });
  // ...the police officer works with the young person...
  assert.equal((await api(who.school, 'POST', `/api/v1/people/${made.person.id}/involvements`, { user_id: policeId() })).status, 204);
  // ...then the school keeps the young person and the place to itself.
  for (const path of [`/api/v1/people/${made.person.id}`, `/api/v1/contexts/${made.place.id}`])
    assert.equal((await api(who.school, 'PATCH', path, { sharing: 'agency' })).status, 200);
});
after(async () => { await server.stop(); });

for (const [what, path] of [['concern', 'concerns'], ['link', 'links'], ['screening', 'screenings'], ['disruption', 'disruptions']]) {
  test(`a ${what} about someone hidden from the caller is 404 and audited as a denied read`, async () => {
    const id = made[what].id;
    assert.deepEqual(readsOf(id), []);
    const r = await api(who.police, 'GET', `/api/v1/${path}/${id}`);
    assert.equal(r.status, 404, JSON.stringify(r.json));
    assert.equal(JSON.stringify(r.json).includes('Rowan'), false, 'nothing of the young person leaks in the refusal');
    assert.deepEqual(readsOf(id), ['denied'], `one denied read of the ${what}`);
    assert.equal((await api(who.school, 'GET', `/api/v1/${path}/${id}`)).status, 200, 'its owner still reads it');
  });
}

test('a record that does not exist is 404 with no event about it', async () => {
  const missing = '0'.repeat(32); // a well-formed id that names nothing
  assert.equal((await api(who.police, 'GET', `/api/v1/concerns/${missing}`)).status, 404);
  assert.deepEqual(readsOf(missing), []);
});
