// Who does an action: GET /api/v1/agencies/{id}/users lists the ids and
// names of an agency's active practitioners and coordinators (who work
// with cases) — to coordinators for every agency, to
// practitioners for their own — a page at a time, each look audited; an
// action is given to one of them, and its due date and assignee can be
// changed afterwards (a new due date not in the past; the current one sent
// back unchanged is accepted even once it has passed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';
import { addUser } from '../lib/accounts.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const agency = {};
const staff = {};
const daysFromNow = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const password = 'a long enough password for tests';

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['admin', 'coordinator', 'police', 'school', 'analyst']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  for (const name of ['police', 'school']) agency[name] = sql(`SELECT agency_id FROM users WHERE email = '${name}@kestrel-vale.example'`);
  const add = async (key, name, agencyId) => {
    // A practitioner is asked for by the admin and approved by the coordinator (admin-reach.test.mjs).
    staff[key] = await addUser(server, who.admin, who.coordinator, { email: `${key}@kestrel-vale.example`, name, agency_id: agencyId, role: 'practitioner', password });
  };
  await add('reeve', 'PC Jordan Reeve', agency.police);
  await add('amos', 'PC Alex Amos', agency.police);
  await add('gone', 'PC Former Officer', agency.police);
  staff.analyst = await ok(server, who.admin, 'POST', '/api/v1/users', { email: 'figures@kestrel-vale.example', name: 'Police Analyst',
    agency_id: agency.police, role: 'analyst', password });
  await ok(server, who.admin, 'PATCH', `/api/v1/users/${staff.gone.id}`, { active: false });
});
after(async () => { await server.stop(); });

test('coordinators see the active staff of any agency, by name, ids and names only', async () => {
  const police = await ok(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.police}/users`);
  const names = police.items.map((u) => u.name);
  assert.deepEqual(names, [...names].sort(), 'by name');
  assert.ok(names.includes('PC Jordan Reeve') && names.includes('PC Alex Amos'));
  assert.ok(!names.includes('PC Former Officer'), 'no one disabled');
  assert.ok(!names.includes('Police Analyst'), 'only those who work with cases: an analyst is never given an action');
  assert.ok(police.items.every((u) => Object.keys(u).sort().join() === 'id,name'), 'nothing but id and name');
  assert.equal(police.next_cursor, null);
  const school = await ok(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.school}/users`);
  assert.deepEqual(school.items.map((u) => u.id), [who.school.id]);
});

test('the list pages with limit and cursor', async () => {
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const answer = await ok(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.police}/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...answer.items.map((u) => u.name));
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  const all = (await ok(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.police}/users`)).items.map((u) => u.name);
  assert.deepEqual(seen, all);
  assert.equal(all.length, 3, 'the demo officer and the two added');
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.police}/users?limit=0`)).json.error.field, 'limit');
  for (const cursor of ['nonsense', who.school.id, '0123456789abcdef0123456789abcdef']) {
    const r = await call(server, who.coordinator, 'GET', `/api/v1/agencies/${agency.police}/users?cursor=${cursor}`);
    assert.equal(r.status, 400, `cursor ${cursor}: only someone on this list`);
    assert.equal(r.json.error.field, 'cursor');
  }
});

test('a practitioner sees only its own agency; other roles none; every look is audited', async () => {
  assert.equal((await call(server, who.police, 'GET', `/api/v1/agencies/${agency.police}/users`)).status, 200);
  assert.equal((await call(server, who.police, 'GET', `/api/v1/agencies/${agency.school}/users`)).status, 403);
  assert.equal((await call(server, who.analyst, 'GET', `/api/v1/agencies/${agency.police}/users`)).status, 403);
  assert.equal((await call(server, who.admin, 'GET', `/api/v1/agencies/${agency.police}/users`)).status, 403);
  assert.equal((await call(server, who.coordinator, 'GET', '/api/v1/agencies/0123456789abcdef0123456789abcdef/users')).status, 404);
  assert.equal((await call(server, who.coordinator, 'GET', '/api/v1/agencies/nonsense/users')).status, 404);
  const audited = sql(`SELECT outcome, count(*) FROM audit_events WHERE record_type = 'agency_staff' AND action = 'read' GROUP BY outcome ORDER BY outcome`);
  assert.match(audited, /^allowed\|\d+\ndenied\|5$/, 'the three refusals and the two unknown agencies');
  assert.equal(sql(`SELECT count(*) FROM audit_events WHERE record_type = 'agency_staff' AND user_id = '${who.police.id}' AND record_id = '${agency.school}' AND outcome = 'denied'`), '1');
});

test('an action is given to an active member of its agency, and its due date and assignee change later', async () => {
  const person = await ok(server, who.coordinator, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Robin', family_name: 'Hale', sharing: 'hub' });
  const base = { description: 'Visit the young person at home.', owner_agency_id: agency.police, due_on: daysFromNow(7), person_id: person.id };
  const gone = await call(server, who.coordinator, 'POST', '/api/v1/actions', { ...base, assignee_user_id: staff.gone.id });
  assert.equal(gone.status, 400);
  assert.equal(gone.json.error.field, 'assignee_user_id');
  const action = await ok(server, who.coordinator, 'POST', '/api/v1/actions', { ...base, assignee_user_id: staff.reeve.id });
  assert.equal(action.assignee_user_id, staff.reeve.id);

  const later = await ok(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, { due_on: daysFromNow(21), assignee_user_id: staff.amos.id });
  assert.equal(later.due_on, daysFromNow(21));
  assert.equal(later.assignee_user_id, staff.amos.id);
  assert.equal(sql(`SELECT count(*) FROM involvements WHERE user_id = '${staff.amos.id}' AND person_id = '${person.id}'`), '1',
    'the new assignee is recorded as working with the young person');

  for (const [body, why] of [[{ due_on: daysFromNow(-1) }, 'a new due date in the past'], [{ due_on: null }, 'no due date'],
    [{ due_on: '21/12/2026' }, 'not a date']]) {
    const r = await call(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, body);
    assert.equal(r.status, 400, why);
    assert.equal(r.json.error.field, 'due_on', why);
  }
  for (const assignee of [who.school.id, staff.gone.id, staff.analyst.id, 'nonsense']) {
    const r = await call(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, { assignee_user_id: assignee });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'assignee_user_id');
  }

  // The police pass their own action between colleagues; the school may not touch it.
  const passed = await ok(server, who.police, 'PATCH', `/api/v1/actions/${action.id}`, { assignee_user_id: staff.reeve.id });
  assert.equal(passed.assignee_user_id, staff.reeve.id);
  assert.equal((await call(server, who.school, 'PATCH', `/api/v1/actions/${action.id}`, { assignee_user_id: who.school.id })).status, 404);

  // Overdue: sending the due date back unchanged is accepted with another change; a new past date is not.
  const due = daysFromNow(-2);
  sql(`UPDATE actions SET due_on = '${due}' WHERE id = '${action.id}'`);
  const kept = await ok(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, { due_on: due, assignee_user_id: staff.amos.id });
  assert.equal(kept.due_on, due);
  assert.equal(kept.overdue, true);
  assert.equal((await call(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, { due_on: daysFromNow(-1) })).json.error.field, 'due_on');
  const cleared = await ok(server, who.coordinator, 'PATCH', `/api/v1/actions/${action.id}`, { assignee_user_id: null, due_on: daysFromNow(0) });
  assert.equal(cleared.assignee_user_id, null, 'given back to the agency as a whole');
  assert.equal(cleared.overdue, false, 'due today is not overdue');
});

test('the agency given an action about someone it may not see cannot open the record by handing the action to itself', async () => {
  const hidden = await ok(server, who.coordinator, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Sky', family_name: 'Hidden', sharing: 'agency' });
  assert.equal((await call(server, who.police, 'GET', `/api/v1/people/${hidden.id}`)).status, 404);
  const action = await ok(server, who.coordinator, 'POST', '/api/v1/actions', { description: 'Check the address.', owner_agency_id: agency.police,
    due_on: daysFromNow(7), person_id: hidden.id });
  const taken = await ok(server, who.police, 'PATCH', `/api/v1/actions/${action.id}`, { assignee_user_id: who.police.id });
  assert.equal(taken.assignee_user_id, who.police.id, 'the officer may take the action');
  assert.equal(sql(`SELECT count(*) FROM involvements WHERE user_id = '${who.police.id}' AND person_id = '${hidden.id}'`), '0',
    'but is not recorded as working with a young person the officer may not see');
  assert.equal((await call(server, who.police, 'GET', `/api/v1/people/${hidden.id}`)).status, 404, 'the record stays closed');
});
