// A concern about a young person at a place joins the network (issue 13,
// item 2): Tyler's concern "at Heronfield Park" left his network with no
// link. Now the concern records a reported link from the young person to
// the place — "frequents" a place, "member_of" a peer group — dated the day
// of the concern, shared as the concern is, its source the concern, in the
// concern's own transaction; not when the recorder says otherwise, and not
// a second time when they are linked there already. The link is in the
// network walk at once (the in-memory index hears of it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, checkAnswersAgainstOpenApi, ok, signIn } from '../lib/client.mjs';
import { startServer } from '../lib/server.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const made = {};

const concern = (extra) => ({ person_id: made.tyler.id, context_id: made.park.id, concern_date: '2026-03-02',
  exploitation_types: ['child_criminal_exploitation'], indicators: ['going_missing'], narrative: 'Seen at the park late at night.',
  sharing: 'hub', ...extra });
const linksOf = async (personId) => (await ok(server, who.school, 'GET', `/api/v1/people/${personId}/links?limit=100`)).items;

before(async () => {
  server = await startServer({ demo: true });
  for (const role of ['school', 'police']) who[role] = await signIn(server, `${role}@kestrel-vale.example`);
  made.tyler = await ok(server, who.school, 'POST', '/api/v1/people',
    { kind: 'young_person', given_name: 'Tyler', family_name: 'Okafor-Lindqvist', estimated_age: 14, sharing: 'hub' });
  made.park = await ok(server, who.school, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Heronfield Park test lawn', location_kind: 'park', sharing: 'hub' });
  made.group = await ok(server, who.school, 'POST', '/api/v1/contexts', { kind: 'peer_group', name: 'Lawn crew', sharing: 'hub' });
});
after(async () => { await server.stop(); });

test('a concern about a young person at a place records them there, once, as a reported link from the concern', async () => {
  assert.deepEqual(await linksOf(made.tyler.id), []);
  const first = await ok(server, who.school, 'POST', '/api/v1/concerns', concern());
  assert.ok(first.link_id, 'the new link is named');
  const link = await ok(server, who.school, 'GET', `/api/v1/links/${first.link_id}`);
  assert.deepEqual([link.link_type, link.confidence, link.person_id, link.to_context_id, link.first_seen, link.last_seen, link.sharing,
    link.source_concern_id], ['frequents', 'reported', made.tyler.id, made.park.id, '2026-03-02', '2026-03-02', 'hub', first.id]);
  const walk = await ok(server, who.school, 'GET', `/api/v1/network?subject=${made.tyler.id}&depth=1`);
  assert.ok(walk.edges.some((e) => e.id === first.link_id), 'the network walk shows it at once');

  const second = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ concern_date: '2026-03-09' }));
  assert.equal(second.link_id, null, 'linked there already: no second link');
  assert.equal((await linksOf(made.tyler.id)).length, 1);
});

test('a peer group is joined as a member; the recorder may leave the network alone', async () => {
  const member = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ context_id: made.group.id }));
  assert.equal((await ok(server, who.school, 'GET', `/api/v1/links/${member.link_id}`)).link_type, 'member_of');
  const other = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Jamal', family_name: 'Osei-Brandt', sharing: 'hub' });
  const left = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ person_id: other.id, link_to_context: false }));
  assert.equal(left.link_id, null);
  assert.deepEqual(await linksOf(other.id), []);
  const wrong = await call(server, who.school, 'POST', '/api/v1/concerns', concern({ person_id: other.id, link_to_context: 'no' }));
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.error.field, 'link_to_context');
  assert.deepEqual(await linksOf(other.id), [], 'a refused concern leaves no link');
});

test('a concern about a place alone, or a person alone, links nothing; source_concern_id is not the client\'s to set', async () => {
  const place = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ person_id: undefined }));
  assert.equal(place.link_id, null);
  const person = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ context_id: undefined }));
  assert.equal(person.link_id, null);
  const forged = await call(server, who.police, 'POST', '/api/v1/links', { link_type: 'frequents', person_id: made.tyler.id,
    to_context_id: made.park.id, confidence: 'reported', sharing: 'hub', source_concern_id: person.id });
  assert.equal(forged.status, 400);
  assert.equal(forged.json.error.field, 'source_concern_id');
});

test('a link the recorder may not see neither shows through nor stops theirs', async () => {
  const young = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Rhys', family_name: 'Quennell', sharing: 'hub' });
  await ok(server, who.school, 'POST', `/api/v1/people/${young.id}/involvements`, { user_id: who.police.id }, 204);
  await ok(server, who.police, 'POST', '/api/v1/links', { link_type: 'frequents', person_id: young.id, to_context_id: made.park.id,
    confidence: 'intelligence', sharing: 'agency', notes: 'Police only.' });
  const concerned = await ok(server, who.school, 'POST', '/api/v1/concerns', concern({ person_id: young.id }));
  assert.ok(concerned.link_id, 'the school\'s own link is recorded: the police link is not theirs to see');
  assert.deepEqual((await linksOf(young.id)).map((l) => l.id), [concerned.link_id]);
});
