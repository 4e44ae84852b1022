// Disruption against adults of concern and contexts: recorded, read, listed
// (paged) and updated; every refusal a 400 naming the field; a target the
// caller may not see a 404; police intelligence recorded 'restricted'
// invisible to schools and health (404, absent from lists and
// chronologies), readable but not changeable by the coordinator; and every
// read and change audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const ids = {};
let agencies;

const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const daysFromToday = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
const record = (as, body) => call(server, as, 'POST', '/api/v1/disruptions', body);

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['coordinator', 'police', 'school', 'health']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  agencies = Object.fromEntries((await ok(server, who.coordinator, 'GET', '/api/v1/agencies?limit=100')).items.map((a) => [a.kind, a.id]));
  const person = async (kind, given) => (await ok(server, who.police, 'POST', '/api/v1/people',
    { kind, given_name: given, family_name: 'Disrupttest', sharing: 'hub' })).id;
  ids.adult = await person('adult_of_concern', 'Dean');
  ids.young = await person('young_person', 'Kai');
  for (const name of ['school', 'health'])
    await ok(server, who.police, 'POST', `/api/v1/people/${ids.adult}/involvements`, { user_id: who[name].id }, 204);
  ids.takeaway = (await ok(server, who.police, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Disruption takeaway', location_kind: 'takeaway', sharing: 'hub' })).id;
  ids.yard = (await ok(server, who.police, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Police-only yard', location_kind: 'other', sharing: 'agency' })).id;
  ids.chat = (await ok(server, who.police, 'POST', '/api/v1/contexts',
    { kind: 'online_space', name: 'Disruption group chat', platform: 'Snapchat', sharing: 'hub' })).id;
});
after(async () => { await server.stop(); });

const good = () => ({ person_id: ids.adult, tactic: 'child_abduction_warning_notice', agency_id: agencies.police,
  occurred_on: '2026-01-10', sharing: 'hub', notes: 'Served at his flat.' });

test('a disruption is recorded, read, listed and updated, each step audited', async () => {
  const made = await record(who.police, good());
  assert.equal(made.status, 201, JSON.stringify(made.json));
  assert.equal(made.json.tactic_label, 'Child Abduction Warning Notice');
  assert.deepEqual([made.json.person_id, made.json.context_id, made.json.target_type], [ids.adult, null, 'person']);
  assert.deepEqual([made.json.result, made.json.outcome_on], [null, null]);
  const read = await ok(server, who.police, 'GET', `/api/v1/disruptions/${made.json.id}`);
  assert.equal(read.notes, 'Served at his flat.');
  const list = await ok(server, who.police, 'GET', `/api/v1/disruptions?person_id=${ids.adult}`);
  assert.ok(list.items.some((d) => d.id === made.json.id));
  const updated = await ok(server, who.police, 'PATCH', `/api/v1/disruptions/${made.json.id}`,
    { result: 'No further contact with the young person seen.', outcome_on: '2026-02-10' });
  assert.deepEqual([updated.outcome_on, updated.tactic], ['2026-02-10', 'child_abduction_warning_notice']);
  assert.match(updated.result, /No further contact/);
  const cleared = await ok(server, who.police, 'PATCH', `/api/v1/disruptions/${made.json.id}`, { notes: null, outcome_on: null });
  assert.deepEqual([cleared.notes, cleared.outcome_on], [null, null]);
  const actions = sql(`SELECT action || ':' || outcome FROM audit_events WHERE record_type = 'disruption' AND record_id = '${made.json.id}' ORDER BY seq`).split('\n');
  for (const action of ['create:allowed', 'read:allowed', 'update:allowed']) assert.ok(actions.includes(action), `${action} in ${actions}`);
  assert.ok(actions.filter((a) => a === 'update:allowed').length >= 2);

  const place = await ok(server, who.police, 'POST', '/api/v1/disruptions',
    { context_id: ids.takeaway, tactic: 'closure_order', agency_id: agencies.police, occurred_on: '2026-01-20', sharing: 'hub',
      result: 'Closed for three months.', outcome_on: '2026-01-21' });
  assert.deepEqual([place.target_type, place.tactic_label], ['context', 'Closure order']);
  assert.equal(sql(`SELECT count(*) FROM audit_events WHERE record_type = 'context_disruption' AND record_id = '${place.id}' AND action = 'create'`), '1');
  const other = await ok(server, who.police, 'POST', '/api/v1/disruptions',
    { ...good(), tactic: 'other', tactic_description: 'Letter to his landlord' });
  assert.equal(other.tactic_description, 'Letter to his landlord');
});

test('lists page with limit and cursor, newest first, without repeats', async () => {
  const made = [];
  for (let i = 0; i < 5; i++)
    made.push((await ok(server, who.police, 'POST', '/api/v1/disruptions',
      { context_id: ids.takeaway, tactic: 'licensing_review', agency_id: agencies.community_safety ?? agencies.police, occurred_on: `2025-0${i + 1}-01`, sharing: 'hub' })).id);
  const seen = [];
  let cursor = null;
  do {
    const page = await ok(server, who.police, 'GET', `/api/v1/disruptions?context_id=${ids.takeaway}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.ok(page.items.length <= 2);
    seen.push(...page.items.map((d) => d.id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.equal(new Set(seen).size, seen.length, 'no repeats');
  for (const id of made) assert.ok(seen.includes(id));
  assert.deepEqual(seen.slice(0, 5), [...made].reverse(), 'newest recorded first');
  for (const [query, field] of [['', 'person_id'], [`?person_id=${ids.adult}&context_id=${ids.takeaway}`, 'context_id'],
    ['?person_id=nope', 'person_id'], [`?context_id=${ids.takeaway}&limit=0`, 'limit'], [`?person_id=${ids.young}`, 'person_id']]) {
    const r = await call(server, who.police, 'GET', `/api/v1/disruptions${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.field, field, query);
  }
  assert.equal((await call(server, who.school, 'GET', `/api/v1/disruptions?context_id=${ids.yard}`)).status, 404);
});

test('each mistake is refused with a 400 naming the field', async () => {
  const tooLong = (n) => 'x'.repeat(n + 1);
  for (const [change, field] of [
    [{ person_id: undefined }, 'person_id'], [{ person_id: 'nope' }, 'person_id'],
    [{ context_id: ids.takeaway }, 'context_id'], [{ person_id: ids.young }, 'person_id'],
    [{ tactic: undefined }, 'tactic'], [{ tactic: 'stern_word' }, 'tactic'], [{ tactic: 3 }, 'tactic'],
    [{ tactic: 'other' }, 'tactic_description'], [{ tactic_description: 'A letter' }, 'tactic_description'],
    [{ tactic: 'other', tactic_description: tooLong(200) }, 'tactic_description'],
    [{ agency_id: undefined }, 'agency_id'], [{ agency_id: 'police' }, 'agency_id'], [{ agency_id: 'f'.repeat(32) }, 'agency_id'],
    [{ occurred_on: undefined }, 'occurred_on'], [{ occurred_on: '2026-02-30' }, 'occurred_on'], [{ occurred_on: daysFromToday(3) }, 'occurred_on'],
    [{ outcome_on: daysFromToday(3) }, 'outcome_on'], [{ outcome_on: '2025-12-01' }, 'outcome_on'], [{ outcome_on: 'later' }, 'outcome_on'],
    [{ result: tooLong(2000) }, 'result'], [{ notes: tooLong(5000) }, 'notes'], [{ result: 4 }, 'result'],
    [{ sharing: undefined }, 'sharing'], [{ sharing: 'everyone' }, 'sharing'],
    [{ tactic: 'closure_order' }, 'tactic'], [{ tactic: 'licensing_review' }, 'tactic'],
    [{ person_id: undefined, context_id: ids.takeaway, tactic: 'arrest' }, 'tactic'],
    [{ person_id: undefined, context_id: ids.chat, tactic: 'closure_order' }, 'tactic'],
    [{ person_id: undefined, context_id: ids.chat, tactic: 'community_protection_notice' }, 'tactic'],
  ]) {
    const r = await record(who.police, { ...good(), ...change });
    assert.equal(r.status, 400, JSON.stringify(change).slice(0, 80));
    assert.equal(r.json.error.field, field, JSON.stringify(change).slice(0, 80));
  }
  const young = await record(who.police, { ...good(), person_id: ids.young });
  assert.match(young.json.error.message, /young person/);
  const snapchat = await record(who.police, { ...good(), person_id: undefined, context_id: ids.chat, tactic: 'closure_order' });
  assert.equal(snapchat.json.error.message,
    'tactic must suit the target: Closure order is used against premises (a place such as a house or a shop), not a group, an online space or a school');
  for (const fits of [{ context_id: ids.chat, tactic: 'other', tactic_description: 'Reported to the platform' },
    { context_id: ids.takeaway, tactic: 'community_protection_notice' }]) {
    assert.equal((await record(who.police, { ...good(), person_id: undefined, ...fits })).status, 201, JSON.stringify(fits));
  }
  const made = await ok(server, who.police, 'POST', '/api/v1/disruptions', good());
  for (const [change, field] of [
    [{ tactic: 'arrest' }, 'tactic'], [{ occurred_on: '2025-01-01' }, 'occurred_on'], [{ sharing: 'agency' }, 'sharing'],
    [{ person_id: ids.young }, 'person_id'], [{ outcome_on: daysFromToday(2) }, 'outcome_on'], [{ outcome_on: '2025-01-01' }, 'outcome_on'],
    [{ result: tooLong(2000) }, 'result'], [{ notes: tooLong(5000) }, 'notes'],
  ]) {
    const r = await call(server, who.police, 'PATCH', `/api/v1/disruptions/${made.id}`, change);
    assert.equal(r.status, 400, JSON.stringify(change).slice(0, 80));
    assert.equal(r.json.error.field, field, JSON.stringify(change).slice(0, 80));
  }
  assert.equal((await call(server, who.police, 'GET', `/api/v1/disruptions/${'f'.repeat(32)}`)).status, 404);
  assert.equal((await call(server, who.police, 'GET', '/api/v1/disruptions/nope')).status, 404);
  assert.equal((await record(who.police, { ...good(), person_id: 'f'.repeat(32) })).status, 404);
  assert.equal((await record(who.school, { ...good(), person_id: undefined, context_id: ids.yard })).status, 404, 'a context the caller may not see');
});

test('police restricted disruption is invisible to school and health, read-only to the coordinator', async () => {
  const secret = await ok(server, who.police, 'POST', '/api/v1/disruptions',
    { ...good(), tactic: 'arrest', sharing: 'restricted', notes: 'Intelligence: supplying from the flat.' });
  const shared = await ok(server, who.police, 'POST', '/api/v1/disruptions', { ...good(), tactic: 'nrm_referral', sharing: 'hub' });
  const placeSecret = await ok(server, who.police, 'POST', '/api/v1/disruptions',
    { context_id: ids.takeaway, tactic: 'community_protection_notice', agency_id: agencies.police, occurred_on: '2026-01-05', sharing: 'restricted' });
  for (const name of ['school', 'health']) {
    const as = who[name];
    for (const id of [secret.id, placeSecret.id]) {
      assert.equal((await call(server, as, 'GET', `/api/v1/disruptions/${id}`)).status, 404, `${name} reads ${id}`);
      assert.equal((await call(server, as, 'PATCH', `/api/v1/disruptions/${id}`, { result: 'x' })).status, 404);
    }
    const adults = (await ok(server, as, 'GET', `/api/v1/disruptions?person_id=${ids.adult}&limit=100`)).items.map((d) => d.id);
    assert.ok(adults.includes(shared.id), `${name} sees the shared one`);
    assert.ok(!adults.includes(secret.id), `${name} does not see the restricted one`);
    const places = (await ok(server, as, 'GET', `/api/v1/disruptions?context_id=${ids.takeaway}&limit=100`)).items.map((d) => d.id);
    assert.ok(!places.includes(placeSecret.id));
    const personChronology = (await ok(server, as, 'GET', `/api/v1/people/${ids.adult}/chronology?limit=100`)).items;
    assert.ok(personChronology.some((e) => e.type === 'disruption' && e.record.id === shared.id));
    assert.ok(!personChronology.some((e) => e.record.id === secret.id), 'nor in the chronology');
    const placeChronology = (await ok(server, as, 'GET', `/api/v1/contexts/${ids.takeaway}/chronology?limit=100`)).items;
    assert.ok(!placeChronology.some((e) => e.record.id === placeSecret.id));
    assert.equal((await call(server, as, 'PATCH', `/api/v1/disruptions/${shared.id}`, { result: 'Mine now' })).status, 403);
  }
  for (const as of [who.police, who.coordinator]) {
    assert.equal((await ok(server, as, 'GET', `/api/v1/disruptions/${secret.id}`)).id, secret.id);
    assert.ok((await ok(server, as, 'GET', `/api/v1/disruptions?person_id=${ids.adult}&limit=100`)).items.some((d) => d.id === secret.id));
    const chronology = (await ok(server, as, 'GET', `/api/v1/people/${ids.adult}/chronology?limit=100`)).items;
    const entry = chronology.find((e) => e.record.id === secret.id);
    assert.ok(entry && entry.type === 'disruption' && entry.date === '2026-01-10');
    assert.ok((await ok(server, as, 'GET', `/api/v1/contexts/${ids.takeaway}/chronology?limit=100`)).items.some((e) => e.record.id === placeSecret.id));
  }
  assert.equal((await call(server, who.coordinator, 'PATCH', `/api/v1/disruptions/${secret.id}`, { result: 'x' })).status, 403);
  assert.ok(Number(sql(`SELECT count(*) FROM audit_events WHERE record_id = '${secret.id}' AND action = 'read' AND outcome = 'denied'`)) >= 4);
  assert.equal(sql(`SELECT count(*) FROM audit_events WHERE record_id = '${secret.id}' AND action = 'update' AND outcome = 'denied'`), '1');
  const schoolUser = who.school.id;
  assert.equal(sql(`SELECT count(*) FROM audit_events WHERE record_id = '${secret.id}' AND user_id = '${schoolUser}' AND outcome = 'allowed'`), '0');
  assert.equal((await call(server, who.school, 'POST', '/api/v1/disruptions',
    { context_id: ids.yard, tactic: 'arrest', agency_id: agencies.police, occurred_on: '2026-01-01', sharing: 'hub' })).status, 404);
});
