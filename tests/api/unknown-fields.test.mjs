// Nothing sent is silently ignored (issue 13, item 16): PATCH
// /api/v1/people/{id} with owner_agency_id answered 200 and dropped it.
// A member of the body that is not a field of the record — kept by cshub
// (owner, id, times) or unknown — is a 400 naming it, and nothing changes;
// for people, contexts, links and concerns, on create and on change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, ok, signIn } from '../lib/client.mjs';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};
const made = {};

before(async () => {
  server = await startServer({ demo: true });
  who.school = await signIn(server, 'school@kestrel-vale.example');
  who.police = await signIn(server, 'police@kestrel-vale.example');
  made.person = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Ines', family_name: 'Varga', sharing: 'hub' });
  made.place = await ok(server, who.school, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Varga test yard', location_kind: 'other', sharing: 'hub' });
});
after(async () => { await server.stop(); });

async function refused(method, path, body, field, message) {
  const r = await call(server, who.school, method, path, body);
  assert.equal(r.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(r.json)}`);
  assert.equal(r.json.error.field, field);
  assert.equal(r.json.error.message, `${field} ${message}`);
}

test('changing a person\'s owner, id or an unknown field is refused by name, and nothing changes', async () => {
  const police = (await ok(server, who.police, 'GET', '/api/v1/agencies?limit=100')).items.find((a) => a.kind === 'police').id;
  const path = `/api/v1/people/${made.person.id}`;
  await refused('PATCH', path, { owner_agency_id: police, given_name: 'Inès' }, 'owner_agency_id', 'is kept by cshub and cannot be set');
  await refused('PATCH', path, { id: 'f'.repeat(32) }, 'id', 'is kept by cshub and cannot be set');
  await refused('PATCH', path, { favourite_colour: 'green' }, 'favourite_colour', 'is not something cshub records here');
  const after = await ok(server, who.school, 'GET', path);
  assert.equal(after.given_name, 'Ines', 'a refused change changes nothing');
  assert.equal(after.owner_agency_id, made.person.owner_agency_id);
  await refused('POST', '/api/v1/people', { kind: 'young_person', given_name: 'A', family_name: 'B', sharing: 'hub', nickname: 'x' },
    'nickname', 'is not something cshub records here');
  assert.equal((await ok(server, who.school, 'PATCH', path, { aliases: ['Nessa'] })).aliases.length, 1, 'aliases are a field of a person');
});

test('contexts, links and concerns refuse what they do not record', async () => {
  await refused('PATCH', `/api/v1/contexts/${made.place.id}`, { owner_agency_id: 'x' }, 'owner_agency_id', 'is kept by cshub and cannot be set');
  await refused('POST', '/api/v1/links', { link_type: 'frequents', person_id: made.person.id, to_context_id: made.place.id,
    confidence: 'reported', sharing: 'hub', strength: 3 }, 'strength', 'is not something cshub records here');
  const concern = { person_id: made.person.id, concern_date: '2026-02-01', narrative: 'Seen with older youths.', sharing: 'hub' };
  await refused('POST', '/api/v1/concerns', { ...concern, urgent: true }, 'urgent', 'is not something cshub records here');
  const made2 = await ok(server, who.school, 'POST', '/api/v1/concerns', { ...concern, link_to_context: false });
  await refused('PATCH', `/api/v1/concerns/${made2.id}`, { link_to_context: true }, 'link_to_context', 'is not something cshub records here');
});
