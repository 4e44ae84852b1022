// Matching records across agencies through the API: the police's
// "Kayleigh Smyth, 03/07/2009" and the school's "Kayley Smith,
// 07/03/2009" are found as one young person, with the reasons; a twin is
// not; and a reader is offered only candidates they may see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const id = {};

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['coordinator', 'police', 'school', 'health']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  const add = async (as, key, given, family, dob, extra = {}) => {
    id[key] = (await ok(server, as, 'POST', '/api/v1/people', { kind: 'young_person', given_name: given, family_name: family,
      date_of_birth: dob, postcode: 'TS18 1AU', sharing: 'hub', ...extra })).id;
  };
  await add(who.police, 'police', 'Kayleigh', 'Smyth', '2009-07-03');
  await add(who.school, 'school', 'Kayley', 'Smith', '2009-03-07', { postcode: 'ts181au', school: 'Larkfield Academy' });
  await add(who.police, 'twin', 'Kieran', 'Smyth', '2009-07-03');
  await add(who.health, 'swapped', 'Smyth', 'Kayleigh', '2009-07-03', { postcode: null });
  await add(who.police, 'stranger', 'Jordan', 'Okafor', '2011-09-30');
});
after(async () => { await server.stop(); });

const duplicates = async (as, key) => call(server, as, 'GET', `/api/v1/people/${id[key]}/duplicates`);
const names = (r) => r.json.items.map((i) => `${i.person.given_name} ${i.person.family_name}`);

test('the same young person written differently by two agencies is found, with the reasons', async () => {
  const r = await duplicates(who.coordinator, 'police');
  assert.equal(r.status, 200);
  assert.deepEqual(names(r).sort(), ['Kayley Smith', 'Smyth Kayleigh']);
  const school = r.json.items.find((i) => i.person.id === id.school);
  assert.equal(school.likely, true);
  assert.ok(school.score >= 55, `score ${school.score}`);
  for (const reason of ['first names are spelt alike', 'family names are spelt alike', 'day and month of birth swapped', 'same postcode'])
    assert.ok(school.reasons.includes(reason), reason);
  assert.ok(r.json.items.find((i) => i.person.id === id.swapped).reasons.includes('first and last names swapped'));
  assert.ok(!names(r).includes('Kieran Smyth'), 'a twin is not the same young person');
});

test('a reader is offered only candidates they may see', async () => {
  assert.equal((await duplicates(who.school, 'police')).status, 404, 'the police\'s record is not the school\'s to see');
  assert.deepEqual(names(await duplicates(who.school, 'school')), [], 'nor offered as a candidate');
  const police = await duplicates(who.police, 'police');
  assert.deepEqual(names(police), [], 'the school\'s and health\'s records are not the police\'s to see either');
  await ok(server, who.coordinator, 'POST', `/api/v1/people/${id.school}/involvements`, { user_id: who.police.id }, 204);
  assert.deepEqual(names(await duplicates(who.police, 'police')), ['Kayley Smith'], 'once the officer works with her, they may');
});

test('a change of name or date of birth is matched afresh', async () => {
  await ok(server, who.police, 'PATCH', `/api/v1/people/${id.stranger}`, { given_name: 'Kayleigh', family_name: 'Smythe', date_of_birth: '2009-07-03' }, 200);
  assert.ok(names(await duplicates(who.coordinator, 'police')).includes('Kayleigh Smythe'));
  assert.equal((await duplicates(who.coordinator, 'nobody')).status, 404);
});
