// Contexts through the API: kinds coded with the current definition
// version, every field validated with an error naming it, partial updates,
// search, and the same access policy as people (sharing levels).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};

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

const park = { kind: 'location', name: 'Ropner Park bandstand', location_kind: 'park', postcode: 'ts18 4dz',
  latitude: 54.5573, longitude: -1.3306, description: 'Groups gather after 9pm; poor lighting by the lake path.', sharing: 'hub' };

before(async () => {
  server = await startServer({ demo: true });
  who.police = await signIn('police@kestrel-vale.example');
  who.school = await signIn('school@kestrel-vale.example');
  who.coordinator = await signIn('coordinator@kestrel-vale.example');
  who.analyst = await signIn('analyst@kestrel-vale.example');
});
after(async () => { await server.stop(); });

test('a location is recorded with its definition version, and read back', async () => {
  const r = await api(who.police, 'POST', '/api/v1/contexts', park);
  assert.equal(r.status, 201);
  assert.equal(r.json.kind, 'location');
  assert.equal(r.json.kind_version, 1);
  assert.equal(r.json.postcode, 'TS18 4DZ');
  assert.ok(Math.abs(r.json.latitude - 54.5573) < 1e-6);
  const read = await api(who.coordinator, 'GET', `/api/v1/contexts/${r.json.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.json.name, park.name);
  const changed = await api(who.police, 'PATCH', `/api/v1/contexts/${r.json.id}`, { description: null, name: 'Ropner Park' });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.description, null);
  assert.equal(changed.json.location_kind, 'park');
  assert.equal((await api(who.school, 'GET', `/api/v1/contexts/${r.json.id}`)).status, 200, 'any practitioner may read a hub-shared place, to record a concern there');
  assert.equal((await api(who.school, 'PATCH', `/api/v1/contexts/${r.json.id}`, { name: 'x' })).status, 403, 'but not change another agency\'s');
  const restricted = await api(who.police, 'POST', '/api/v1/contexts', { ...park, sharing: 'restricted' });
  assert.equal((await api(who.school, 'GET', `/api/v1/contexts/${restricted.json.id}`)).status, 404, 'a restricted place stays with its agency and the coordinators');
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/contexts/${restricted.json.id}`)).status, 200);
  assert.equal((await api(who.analyst, 'GET', `/api/v1/contexts/${r.json.id}`)).status, 404);
  const group = await api(who.school, 'POST', '/api/v1/contexts', { kind: 'peer_group', name: 'The Larch Close lot', sharing: 'agency' });
  assert.equal(group.status, 201);
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/contexts/${group.json.id}`)).status, 404, 'agency-only stays with the school');
});

test('each field is validated with an error that names it', async () => {
  const cases = [
    [{ kind: 'bus' }, 'kind'],
    [{ kind_version: 3 }, 'kind_version'],
    [{ name: '' }, 'name'],
    [{ location_kind: 'castle' }, 'location_kind'],
    [{ kind: 'online_space', location_kind: 'park' }, 'location_kind'],
    [{ postcode: 'nowhere' }, 'postcode'],
    [{ latitude: 91 }, 'latitude'],
    [{ longitude: 'west' }, 'longitude'],
    [{ sharing: undefined }, 'sharing'],
    [{ description: 'x'.repeat(2001) }, 'description'],
  ];
  for (const [change, field] of cases) {
    const r = await api(who.police, 'POST', '/api/v1/contexts', { ...park, ...change });
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
  }
});

test('contexts are found by name or postcode, ignoring case and accents', async () => {
  await api(who.police, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Café Noir takeaway', location_kind: 'takeaway', postcode: 'TS18 1AU', sharing: 'hub' });
  await api(who.police, 'POST', '/api/v1/contexts', { kind: 'online_space', name: 'Snap group "KV Mandem"', platform: 'Snapchat', sharing: 'restricted' });
  const names = async (as, q) => (await api(as, 'GET', `/api/v1/contexts?q=${encodeURIComponent(q)}`)).json.items.map((c) => c.name);
  assert.deepEqual(await names(who.police, 'cafe'), ['Café Noir takeaway']);
  assert.deepEqual(await names(who.police, 'ts18 1au'), ['Café Noir takeaway']);
  assert.deepEqual(await names(who.police, 'mandem'), ['Snap group "KV Mandem"']);
  assert.deepEqual(await names(who.coordinator, 'mandem'), ['Snap group "KV Mandem"'], 'coordinators read restricted records');
  assert.deepEqual(await names(who.school, 'mandem'), []);
});
