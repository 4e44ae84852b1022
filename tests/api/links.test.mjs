// Links through the API: between people and from a person to a context,
// coded with the link type's definition version; validation naming the
// field; and a link shown only to those who may see it and both its ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};
const ids = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  const body = await r.json();
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}

async function api(as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['police', 'school', 'coordinator']) who[name] = await signIn(`${name}@kestrel-vale.example`);
  const person = async (as, given, sharing, kind = 'young_person') =>
    (await api(as, 'POST', '/api/v1/people', { kind, given_name: given, family_name: 'Linktest', sharing })).json.id;
  ids.jordan = await person(who.police, 'Jordan', 'hub');
  ids.tyler = await person(who.police, 'Tyler', 'hub');
  ids.adult = await person(who.police, 'Marcus', 'restricted', 'adult_of_concern');
  ids.schoolOnly = await person(who.school, 'Ellie', 'agency');
  ids.park = (await api(who.police, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Linktest park', location_kind: 'park', sharing: 'hub' })).json.id;
});
after(async () => { await server.stop(); });

test('links between people and to a context, listed from both ends', async () => {
  const friends = await api(who.police, 'POST', '/api/v1/links', { link_type: 'associates_with', person_id: ids.jordan, to_person_id: ids.tyler,
    first_seen: '2025-03-01', last_seen: '2025-06-30', confidence: 'confirmed', sharing: 'hub' });
  assert.equal(friends.status, 201);
  assert.equal(friends.json.link_type_version, 1);
  const frequents = await api(who.police, 'POST', '/api/v1/links', { link_type: 'frequents', person_id: ids.jordan, to_context_id: ids.park, confidence: 'reported', sharing: 'hub' });
  assert.equal(frequents.status, 201);
  const exploits = await api(who.police, 'POST', '/api/v1/links', { link_type: 'suspected_of_exploiting', person_id: ids.adult, to_person_id: ids.jordan,
    confidence: 'intelligence', notes: 'Seen handing phones to younger boys.', sharing: 'restricted' });
  assert.equal(exploits.status, 201);

  const jordansLinks = (await api(who.police, 'GET', `/api/v1/people/${ids.jordan}/links`)).json.items.map((l) => l.link_type).sort();
  assert.deepEqual(jordansLinks, ['associates_with', 'frequents', 'suspected_of_exploiting']);
  const parkLinks = (await api(who.coordinator, 'GET', `/api/v1/contexts/${ids.park}/links`)).json.items;
  assert.deepEqual(parkLinks.map((l) => l.person_id), [ids.jordan]);
  const page = await api(who.police, 'GET', `/api/v1/people/${ids.jordan}/links?limit=2`);
  assert.equal(page.json.items.length, 2);
  const rest = await api(who.police, 'GET', `/api/v1/people/${ids.jordan}/links?limit=2&cursor=${page.json.next_cursor}`);
  assert.equal(rest.json.items.length, 1);
  assert.equal(new Set([...page.json.items, ...rest.json.items].map((l) => l.id)).size, 3);

  const updated = await api(who.police, 'PATCH', `/api/v1/links/${frequents.json.id}`, { last_seen: '2025-07-01', confidence: 'confirmed' });
  assert.equal(updated.status, 200);
  assert.equal(updated.json.confidence, 'confirmed');
  assert.equal((await api(who.police, 'PATCH', `/api/v1/links/${frequents.json.id}`, { person_id: ids.tyler })).json.error.field, 'person_id');
  assert.equal((await api(who.police, 'PATCH', `/api/v1/links/${friends.json.id}`, { last_seen: '2025-01-01' })).json.error.field, 'last_seen');
});

test('a link is visible only with both its ends', async () => {
  // The school cannot see the police's people: no link of theirs shows, and it cannot link to them.
  const r = await api(who.school, 'POST', '/api/v1/links', { link_type: 'associates_with', person_id: ids.schoolOnly, to_person_id: ids.jordan, confidence: 'reported', sharing: 'hub' });
  assert.equal(r.status, 404);
  // The police link their own young person to the school's agency-only one? They cannot see it either.
  const blind = await api(who.police, 'POST', '/api/v1/links', { link_type: 'associates_with', person_id: ids.jordan, to_person_id: ids.schoolOnly, confidence: 'reported', sharing: 'hub' });
  assert.equal(blind.status, 404);
  // A coordinator sees the hub-shared people and restricted intelligence.
  const coordinatorView = (await api(who.coordinator, 'GET', `/api/v1/people/${ids.jordan}/links`)).json.items.map((l) => l.link_type).sort();
  assert.deepEqual(coordinatorView, ['associates_with', 'frequents', 'suspected_of_exploiting']);
});

test('links are validated, naming the field', async () => {
  const base = { link_type: 'associates_with', person_id: ids.jordan, to_person_id: ids.tyler, confidence: 'confirmed', sharing: 'hub' };
  const cases = [
    [{ link_type: 'knows' }, 'link_type'],
    [{ link_type_version: 1 }, 'link_type_version'],
    [{ person_id: 'nobody' }, 'person_id'],
    [{ to_person_id: undefined }, 'to_person_id'],
    [{ to_context_id: ids.park }, 'to_person_id'],
    [{ to_person_id: ids.jordan }, 'to_person_id'],
    [{ confidence: 'certain' }, 'confidence'],
    [{ first_seen: '2025-05-01', last_seen: '2025-04-01' }, 'last_seen'],
    [{ first_seen: '2999-01-01' }, 'first_seen'],
    [{ notes: 'x'.repeat(2001) }, 'notes'],
  ];
  for (const [change, field] of cases) {
    const r = await api(who.police, 'POST', '/api/v1/links', { ...base, ...change });
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
  }
  assert.equal((await api(who.police, 'GET', `/api/v1/links/${'0'.repeat(32)}`)).status, 404);
});
