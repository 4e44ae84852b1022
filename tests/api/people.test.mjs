// People through the API: every detail stored and returned, each field
// validated with an error naming it, partial updates, and search that ignores
// case and accents, finds aliases, pages with a cursor, shows only whom the
// caller may see and audits each person shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  assert.equal(r.status, 201);
  const body = await r.json();
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token, id: body.user.id };
}

async function api(as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

const kayleigh = {
  kind: 'young_person', given_name: 'Kayleigh', family_name: 'Smyth', sharing: 'hub', date_of_birth: '2009-07-03',
  sex: 'female', ethnicity: 'White British', address: '14 Larch Close, Kestrel Vale', postcode: 'ts18 1au',
  school: 'Larkfield Academy', nhs_number: '943 476 5919', unique_pupil_number: 'A12345678901B',
  police_reference: 'KV/2024/0173', council_case_number: 'CS-88231', aliases: ['Kay', 'Kayley Smith'],
};

before(async () => {
  server = await startServer({ demo: true });
  who.police = await signIn('police@kestrel-vale.example');
  who.school = await signIn('school@kestrel-vale.example');
  who.coordinator = await signIn('coordinator@kestrel-vale.example');
});
after(async () => { await server.stop(); });

test('every detail of a young person is stored and returned, normalised', async () => {
  const r = await api(who.police, 'POST', '/api/v1/people', kayleigh);
  assert.equal(r.status, 201);
  assert.equal(r.json.postcode, 'TS18 1AU');
  assert.equal(r.json.nhs_number, '9434765919');
  assert.equal(r.json.unique_pupil_number, 'A12345678901B');
  assert.deepEqual(r.json.aliases, ['Kay', 'Kayley Smith']);
  assert.equal(r.json.estimated_age, null);
  const read = await api(who.police, 'GET', `/api/v1/people/${r.json.id}`);
  for (const field of ['given_name', 'family_name', 'date_of_birth', 'sex', 'ethnicity', 'address', 'school', 'police_reference', 'council_case_number']) {
    assert.equal(read.json[field], kayleigh[field], field);
  }
  // A partial update changes only what is given; null clears an optional field.
  const changed = await api(who.police, 'PATCH', `/api/v1/people/${r.json.id}`, { address: null, estimated_age: 15, aliases: ['Kay'] });
  assert.equal(changed.status, 200);
  assert.equal(changed.json.address, null);
  assert.equal(changed.json.estimated_age, 15);
  assert.equal(changed.json.given_name, 'Kayleigh');
  assert.deepEqual(changed.json.aliases, ['Kay']);
  const noName = await api(who.police, 'PATCH', `/api/v1/people/${r.json.id}`, { given_name: null });
  assert.equal(noName.status, 400);
  assert.equal(noName.json.error.field, 'given_name');
});

test('each field is validated with an error that names it', async () => {
  const cases = [
    [{ postcode: 'not a postcode' }, 'postcode'],
    [{ postcode: '12345' }, 'postcode'],
    [{ nhs_number: '943 476 5918' }, 'nhs_number'],
    [{ nhs_number: '12345' }, 'nhs_number'],
    [{ unique_pupil_number: 'A123' }, 'unique_pupil_number'],
    [{ sex: 'unknown' }, 'sex'],
    [{ estimated_age: 200 }, 'estimated_age'],
    [{ estimated_age: '14' }, 'estimated_age'],
    [{ date_of_birth: '2009-02-29' }, 'date_of_birth'],
    [{ date_of_birth: '2010-+1- 5' }, 'date_of_birth'],
    [{ date_of_birth: ' 2010-01-05' }, 'date_of_birth'],
    [{ address: 'x'.repeat(501) }, 'address'],
    [{ aliases: 'Kay' }, 'aliases'],
    [{ aliases: Array(11).fill('A') }, 'aliases'],
    [{ aliases: [''] }, 'aliases'],
    [{ police_reference: 42 }, 'police_reference'],
  ];
  for (const [change, field] of cases) {
    const r = await api(who.police, 'POST', '/api/v1/people', { ...kayleigh, ...change });
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
  }
});

test('search ignores case and accents, finds aliases, pages, and shows only whom the caller may see', async () => {
  const make = (as, given, family, sharing, extra = {}) => api(as, 'POST', '/api/v1/people', { kind: 'young_person', given_name: given, family_name: family, sharing, ...extra });
  const zoe = (await make(who.school, 'Zoë', 'Núñez', 'hub')).json;
  await make(who.school, 'Zoe', 'Nunez-Ward', 'agency');
  await make(who.school, 'Chloé', "O'Brien", 'hub', { aliases: ['Zoey Nunez'] });
  for (let i = 0; i < 6; i++) await make(who.police, `Reece ${i}`, 'Adebayo', 'hub');

  const search = async (as, q, extra = '') => (await api(as, 'GET', `/api/v1/people?q=${encodeURIComponent(q)}${extra}`)).json;
  const names = (page) => page.items.map((p) => `${p.given_name} ${p.family_name}`).sort();
  assert.deepEqual(names(await search(who.school, 'zoe nunez')), ["Chloé O'Brien", 'Zoe Nunez-Ward', 'Zoë Núñez']);
  assert.deepEqual(names(await search(who.school, 'NÚÑEZ zo')), ["Chloé O'Brien", 'Zoe Nunez-Ward', 'Zoë Núñez']);
  assert.deepEqual(names(await search(who.school, 'obrien')), ["Chloé O'Brien"]);
  // The coordinator (another agency) sees hub-shared records only: not the school's agency-only one.
  assert.deepEqual(names(await search(who.coordinator, 'zoe nunez')), ["Chloé O'Brien", 'Zoë Núñez']);
  // The police practitioner sees none of the school's records.
  assert.deepEqual(names(await search(who.police, 'zoe')), []);

  // Paging through six Adebayos two at a time gives each once, in order.
  const seen = [];
  let cursor = null;
  let pages = 0;
  do {
    const page = await search(who.police, 'adebayo', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((p) => p.given_name));
    cursor = page.next_cursor;
    pages++;
  } while (cursor && pages < 10);
  assert.deepEqual(seen, ['Reece 0', 'Reece 1', 'Reece 2', 'Reece 3', 'Reece 4', 'Reece 5']);

  // Every person shown to the coordinator was audited as a read by them.
  const audited = execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath,
    `SELECT count(*) FROM audit_events WHERE action = 'read' AND outcome = 'allowed' AND record_id = '${zoe.id}' AND user_id = '${who.coordinator.id}'`],
  { encoding: 'utf8' }).trim();
  assert.equal(audited, '1');
  assert.equal((await api(who.police, 'GET', `/api/v1/people?q=${'a'.repeat(201)}`)).json.error.field, 'q');
  const chloe = (await search(who.school, 'chloe')).items[0];
  assert.deepEqual(chloe.aliases, ['Zoey Nunez'], 'search results carry their aliases');
});

test('a search never hints at records the caller may not see', async () => {
  await api(who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Aaa', family_name: 'Bob', sharing: 'agency', aliases: ['Secretname'] });
  const before = (await api(who.school, 'GET', '/api/v1/people?q=secretname&limit=1')).json;
  assert.equal(before.items.length, 1);
  await api(who.police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Zed', family_name: 'Secretname', sharing: 'restricted' });
  const after = (await api(who.school, 'GET', '/api/v1/people?q=secretname&limit=1')).json;
  assert.deepEqual(after, before, 'the answer is the same whether or not a hidden match exists');
  const short = (await api(who.school, 'GET', '/api/v1/people?q=secretname&limit=5')).json;
  assert.equal(short.next_cursor, null);
  assert.equal((await api(who.police, 'GET', '/api/v1/people?limit=500')).json.error.field, 'limit');
});
