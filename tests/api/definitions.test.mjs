// The shared definitions registry: the default set with Children in Need
// census codes, versions published by admins (with history), each agency's
// adoption of the current version, validation naming the field, and paging.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  assert.equal(r.status, 201);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrf_token };
}

async function api(as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

async function all(as, query = '') {
  const items = [];
  let cursor = null;
  do {
    const r = await api(as, 'GET', `/api/v1/definitions?limit=7${query}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  return items;
}

before(async () => {
  server = await startServer({ demo: true });
  who.admin = await signIn('admin@kestrel-vale.example');
  who.school = await signIn('school@kestrel-vale.example');
});
after(async () => { await server.stop(); });

test('the default set covers every category, with the census factor codes', async () => {
  const items = await all(who.school);
  const count = (category) => items.filter((d) => d.category === category).length;
  assert.equal(count('exploitation_type'), 10);
  assert.equal(count('context_type'), 5);
  assert.equal(count('link_type'), 6);
  assert.equal(count('adverse_childhood_experience'), 10);
  const indicators = items.filter((d) => d.category === 'indicator');
  assert.deepEqual([...new Set(indicators.map((d) => d.indicator_group))].sort(), ['control', 'pull', 'push', 'sign']);
  const cin = Object.fromEntries(items.filter((d) => d.cin_code).map((d) => [d.code, d.cin_code]));
  assert.equal(cin.missing, '10A');
  assert.equal(cin.child_sexual_exploitation, '11A');
  assert.equal(cin.trafficking_modern_slavery, '12A');
  assert.equal(cin.gangs, '13A');
  assert.equal(cin.child_criminal_exploitation, '24A');
  assert.ok(items.every((d) => d.version === 1 && d.definition.length > 10));
  assert.equal(new Set(items.map((d) => d.id)).size, items.length, 'paging returns each term once');
  const push = await all(who.school, '&category=indicator');
  assert.equal(push.length, indicators.length);
  assert.equal((await api(who.school, 'GET', '/api/v1/definitions?category=colour')).json.error.field, 'category');
});

test('admins publish a new version; the history is kept and adoption starts again', async () => {
  const cce = (await all(who.admin, '&category=exploitation_type')).find((d) => d.code === 'child_criminal_exploitation');
  const agencies = (await api(who.admin, 'GET', '/api/v1/agencies?limit=100')).json.items;
  const police = agencies.find((a) => a.kind === 'police');
  let r = await api(who.admin, 'POST', `/api/v1/definitions/${cce.id}/adoptions`, { version: 1, agency_id: police.id, adopted_on: '2023-03-15' });
  assert.equal(r.status, 200);
  assert.equal(r.json.adoption.find((a) => a.agency_id === police.id).adopted_on, '2023-03-15');
  assert.equal(r.json.agencies_adopted, 1);
  assert.equal(r.json.adoption.length, agencies.length, 'every agency is listed, adopted or not');

  assert.equal((await api(who.school, 'POST', `/api/v1/definitions/${cce.id}/versions`, { label: 'x', definition: 'y', adopted_on: '2024-01-01' })).status, 403);
  r = await api(who.admin, 'POST', `/api/v1/definitions/${cce.id}/versions`, { label: 'Child criminal exploitation', definition: 'Revised wording agreed by the partnership board in 2024, naming county lines and online recruitment.', adopted_on: '2024-06-01' });
  assert.equal(r.status, 201);
  assert.equal(r.json.version, 2);
  assert.deepEqual(r.json.versions.map((v) => v.version), [2, 1]);
  assert.equal(r.json.agencies_adopted, 0, 'adoption is per version');
  assert.equal(r.json.cin_code, '24A');
  const shown = await api(who.school, 'GET', `/api/v1/definitions/${cce.id}`);
  assert.equal(shown.json.version, 2);
  assert.match(shown.json.versions[1].definition, /imbalance of power/);
});

test('definitions are validated, naming the field', async () => {
  const good = { category: 'indicator', code: 'online_gaming_debt', indicator_group: 'control', label: 'Gaming debt', definition: 'Owes money run up in online games.', adopted_on: '2024-02-01' };
  const cases = [
    [{ ...good, category: 'colour' }, 'category'],
    [{ ...good, code: 'Has Spaces' }, 'code'],
    [{ ...good, indicator_group: undefined }, 'indicator_group'],
    [{ ...good, category: 'link_type', indicator_group: 'push' }, 'indicator_group'],
    [{ ...good, label: '' }, 'label'],
    [{ ...good, definition: 'x'.repeat(5001) }, 'definition'],
    [{ ...good, adopted_on: '2024-13-01' }, 'adopted_on'],
    [{ ...good, adopted_on: undefined }, 'adopted_on'],
  ];
  for (const [body, field] of cases) {
    const r = await api(who.admin, 'POST', '/api/v1/definitions', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  const made = await api(who.admin, 'POST', '/api/v1/definitions', good);
  assert.equal(made.status, 201);
  assert.equal(made.json.indicator_group, 'control');
  assert.equal((await api(who.admin, 'POST', '/api/v1/definitions', good)).status, 409);
  assert.equal((await api(who.school, 'POST', '/api/v1/definitions', { ...good, code: 'other' })).status, 403);
  const id = made.json.id;
  assert.equal((await api(who.admin, 'POST', `/api/v1/definitions/${id}/adoptions`, { version: 2, agency_id: 'f'.repeat(32), adopted_on: '2024-02-02' })).status, 400);
  assert.equal((await api(who.admin, 'POST', `/api/v1/definitions/${id}/adoptions`, { version: 'one', adopted_on: '2024-02-02' })).json.error.field, 'version');
  assert.equal((await api(who.school, 'GET', `/api/v1/definitions/${'a'.repeat(32)}`)).status, 404);
});
