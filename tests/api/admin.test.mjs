// Administration through the API: agencies, users and API tokens, each
// refused to roles without the capability; a disabled user's session ends
// at once; an API token, made by a person for themselves, works as a bearer
// credential with its owner's agency and role until revoked, and its secret
// is shown only once. (What admins may not do — reach a child's record
// through a token or an account — is in admin-reach.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  assert.equal(r.status, 201, email);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrf_token };
}

async function api(as, method, path, body) {
  const headers = as.bearer ? { Authorization: `Bearer ${as.bearer}` } : { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

before(async () => {
  server = await startServer({ demo: true });
  for (const [key, email] of Object.entries({ admin: 'admin', coordinator: 'coordinator', police: 'police', school: 'school' })) {
    who[key] = await signIn(`${email}@kestrel-vale.example`);
  }
});
after(async () => { await server.stop(); });

test('agencies: anyone signed in lists them, page by page; only admins add them', async () => {
  const first = await api(who.school, 'GET', '/api/v1/agencies?limit=4');
  assert.equal(first.status, 200);
  assert.equal(first.json.items.length, 4);
  const second = await api(who.school, 'GET', `/api/v1/agencies?limit=4&cursor=${first.json.next_cursor}`);
  const rest = await api(who.school, 'GET', `/api/v1/agencies?limit=100&cursor=${second.json.next_cursor}`);
  const names = [...first.json.items, ...second.json.items, ...rest.json.items].map((a) => a.name);
  assert.equal(names.length, 9);
  assert.deepEqual(names, [...names].sort());
  assert.equal(rest.json.next_cursor, null);
  assert.equal((await api(who.coordinator, 'POST', '/api/v1/agencies', { name: 'New Project', kind: 'voluntary' })).status, 403);
  let r = await api(who.admin, 'POST', '/api/v1/agencies', { name: 'Northern Rail Safeguarding', kind: 'transport' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'kind');
  r = await api(who.admin, 'POST', '/api/v1/agencies', { name: 'Riverside Youth Club', kind: 'voluntary' });
  assert.equal(r.status, 201);
  assert.match(r.json.id, /^[0-9a-f]{32}$/);
  r = await api(who.admin, 'POST', '/api/v1/agencies', { name: 'Riverside Youth Club', kind: 'voluntary' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.field, 'name');
});

test('users: admins add and disable them; a disabled user is signed out at once', async () => {
  // An analyst reads no child's record, so an admin adds one at once with a
  // first password; a practitioner or coordinator waits for a second person.
  const agencies = (await api(who.admin, 'GET', '/api/v1/agencies?limit=100')).json.items;
  const police = agencies.find((a) => a.kind === 'police');
  assert.equal((await api(who.coordinator, 'GET', '/api/v1/users')).status, 403);
  const base = { email: 'new.analyst@kestrel-vale.example', name: 'Ravi Castell', agency_id: police.id, role: 'analyst', password: 'a-long-enough-passphrase' };
  const bad = [
    [{ ...base, password: 'short' }, 'password'],
    [{ ...base, password: 'password1234' }, 'password'],
    [{ ...base, role: 'superuser' }, 'role'],
    [{ ...base, agency_id: 'f'.repeat(32) }, 'agency_id'],
    [{ ...base, email: 'not-an-email' }, 'email'],
    [{ ...base, name: undefined }, 'name'],
    [{ ...base, password: undefined }, 'password'],
    [{ ...base, role: 'practitioner' }, 'password'],
  ];
  for (const [body, field] of bad) {
    const r = await api(who.admin, 'POST', '/api/v1/users', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field);
  }
  const created = await api(who.admin, 'POST', '/api/v1/users', base);
  assert.equal(created.status, 201);
  assert.equal(created.json.active, 1);
  assert.equal(created.json.password_hash, undefined, 'the hash never leaves the server');
  assert.equal((await api(who.admin, 'POST', '/api/v1/users', base)).status, 409);
  const list = await api(who.admin, 'GET', '/api/v1/users?limit=100');
  assert.ok(list.json.items.some((u) => u.email === base.email));
  assert.ok(list.json.items.every((u) => !('password_hash' in u)));
  const officer = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: base.email, password: base.password }) });
  assert.equal(officer.status, 201);
  const cookie = officer.headers.get('set-cookie').split(';')[0];
  assert.equal((await fetch(server.url + '/api/v1/session', { headers: { Cookie: cookie } })).status, 200);
  assert.equal((await api(who.admin, 'PATCH', `/api/v1/users/${created.json.id}`, { active: 'no' })).status, 400);
  const disabled = await api(who.admin, 'PATCH', `/api/v1/users/${created.json.id}`, { active: false });
  assert.equal(disabled.status, 200);
  assert.equal(disabled.json.active, 0);
  assert.equal((await fetch(server.url + '/api/v1/session', { headers: { Cookie: cookie } })).status, 401);
  assert.equal((await api(who.admin, 'PATCH', `/api/v1/users/${'e'.repeat(32)}`, { active: false })).status, 404);
});

test('API tokens: made by a person for themselves, shown once, act with their agency and role, revocable', async () => {
  const agencies = (await api(who.admin, 'GET', '/api/v1/agencies?limit=100')).json.items;
  const police = agencies.find((a) => a.kind === 'police');
  const services = agencies.find((a) => a.kind === 'childrens_services');
  assert.equal((await api(who.coordinator, 'POST', '/api/v1/tokens', { name: 'x', agency_id: police.id, role: 'practitioner' })).json.error.field, 'agency_id',
    'a token acts for its maker\'s own agency only');
  assert.equal((await api(who.police, 'POST', '/api/v1/tokens', { name: 'x', role: 'admin' })).json.error.field, 'role');
  assert.equal((await api(who.police, 'POST', '/api/v1/tokens', { name: 'x', role: 'superuser' })).json.error.field, 'role');
  assert.equal((await api(who.police, 'POST', '/api/v1/tokens', { role: 'practitioner' })).json.error.field, 'name');
  const made = await api(who.police, 'POST', '/api/v1/tokens', { name: 'Police records system', agency_id: police.id, role: 'practitioner' });
  assert.equal(made.status, 201);
  assert.match(made.json.token, /^cshub_[A-Za-z0-9_-]{43}$/);
  const token = { bearer: made.json.token };
  const listed = await api(who.admin, 'GET', '/api/v1/tokens');
  assert.ok(listed.json.items.some((t) => t.id === made.json.id));
  assert.ok(!JSON.stringify(listed.json).includes(made.json.token), 'the secret is never shown again');
  // The token creates a record as a police practitioner, with no cookie and no CSRF token.
  const person = await api(token, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Token', family_name: 'Test', sharing: 'agency' });
  assert.equal(person.status, 201);
  assert.equal(person.json.owner_agency_id, police.id);
  assert.notEqual(person.json.owner_agency_id, services.id);
  assert.equal((await api(who.police, 'GET', `/api/v1/people/${person.json.id}`)).status, 200, 'police colleagues see it');
  assert.equal((await api(who.school, 'GET', `/api/v1/people/${person.json.id}`)).status, 404, 'the school does not');
  assert.equal((await api(token, 'GET', '/api/v1/users')).status, 403);
  assert.equal((await api(token, 'GET', '/api/v1/session')).status, 400);
  assert.equal((await api({ bearer: 'cshub_not-a-real-token' }, 'GET', '/api/v1/agencies')).status, 401);
  assert.equal((await api(who.admin, 'DELETE', `/api/v1/tokens/${made.json.id}`)).status, 204, 'admins revoke any token');
  assert.equal((await api(who.admin, 'DELETE', `/api/v1/tokens/${made.json.id}`)).status, 404);
  const after = await api(token, 'GET', '/api/v1/agencies');
  assert.equal(after.status, 401);
  assert.equal(after.json.error.field, 'Authorization');
});
