// A whole MACE meeting cycle through the API, over the demo partnership:
// the coordinator creates a meeting, builds its agenda from the evidence,
// records attendance, discusses two items, gives three actions to three
// agencies; one is completed, one goes overdue and is flagged; the meeting
// closes and can no longer change. Practitioners see only the actions and
// items that concern their work; every refusal names its field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const agencies = {};
let meeting;
const actions = {};
const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer({ demo: 'full' });
  for (const name of ['coordinator', 'police', 'school', 'health', 'youth.work']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  for (const a of (await ok(server, who.coordinator, 'GET', '/api/v1/agencies?limit=100')).items) agencies[a.name] = a.id;
});
after(async () => { await server.stop(); });

const agencyOf = (email) => sql(`SELECT agency_id FROM users WHERE email = '${email}'`);

test('the coordinator creates a meeting, and its agenda is built from the evidence', async () => {
  const invited = Object.values(agencies).slice(0, 6);
  meeting = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: today(), title: 'MACE — November',
    chair_user_id: who.coordinator.id, invited_agency_ids: invited });
  assert.equal(meeting.status, 'open');
  assert.deepEqual([...meeting.invited_agency_ids].sort(), [...invited].sort());
  const built = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/agenda`, undefined, 200);
  assert.ok(built.items_added >= 4, `items from the evidence (${built.items_added})`);
  const shown = await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`);
  const kinds = new Set(shown.items.map((i) => i.kind));
  for (const kind of ['young_person', 'adult_of_concern', 'hotspot']) assert.ok(kinds.has(kind), `${kind} on the agenda: ${[...kinds]}`);
  assert.ok(shown.items.every((i) => i.reason.length > 0), 'each item says why it is there');
  assert.deepEqual(shown.items.map((i) => i.position), shown.items.map((_, n) => n + 1), 'in agenda order');
  const again = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/agenda`, undefined, 200);
  assert.equal(again.items_added, 0, 'nothing twice');
  meeting = shown;
});

test('attendance is recorded, two items are discussed, and the coordinator edits the agenda', async () => {
  const attendance = [
    { agency_id: agencyOf('police@kestrel-vale.example'), name: 'DS Priya Lomas', attended: 'present' },
    { agency_id: agencyOf('school@kestrel-vale.example'), name: 'Mr Dean Avery', attended: 'present' },
    { agency_id: agencyOf('health@kestrel-vale.example'), name: 'Nurse Ruth Okoro', attended: 'apologies' },
  ];
  const updated = await ok(server, who.coordinator, 'PATCH', `/api/v1/meetings/${meeting.id}`, { attendance }, 200);
  assert.equal(updated.attendance.length, 3);
  assert.equal(updated.attendance.filter((a) => a.attended === 'apologies').length, 1);
  const [first, second, last] = [meeting.items[0], meeting.items[1], meeting.items.at(-1)];
  for (const item of [first, second]) {
    const done = await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${item.id}`, {
      discussion: 'Police and school shared what they know; the young person is going missing after school.',
      decisions: 'Safety plan; disrupt the adult; school to check attendance daily.' }, 200);
    assert.match(done.decisions, /Safety plan/);
  }
  await ok(server, who.coordinator, 'DELETE', `/api/v1/meeting-items/${last.id}`, undefined, 204);
  const after = await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`);
  assert.equal(after.items.length, meeting.items.length - 1);
  const added = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/items`, { kind: 'other', reason: 'Summer holiday planning.' });
  assert.equal(added.position, meeting.items.length, 'at the end (the last item was taken off)');
  meeting = await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`);
});

test('three actions go to three agencies; one is completed, one goes overdue and is flagged', async () => {
  const item = meeting.items[0];
  const about = item.person_id ? { person_id: item.person_id } : { context_id: item.context_id };
  const give = async (key, email, extra = {}) => {
    actions[key] = await ok(server, who.coordinator, 'POST', '/api/v1/actions', { meeting_id: meeting.id, item_id: item.id, ...about,
      description: `Action for ${email}`, owner_agency_id: agencyOf(email), due_on: daysFromNow(14), ...extra });
  };
  await give('police', 'police@kestrel-vale.example', { assignee_user_id: who.police.id });
  await give('school', 'school@kestrel-vale.example');
  await give('health', 'health@kestrel-vale.example', { due_on: today(), assignee_user_id: who.health.id });
  assert.equal(new Set(Object.values(actions).map((a) => a.owner_agency_id)).size, 3);

  const mine = await ok(server, who.police, 'GET', '/api/v1/actions?mine=true');
  assert.deepEqual(mine.items.map((a) => a.id), [actions.police.id], 'the officer\'s own actions');
  const ours = await ok(server, who.school, 'GET', '/api/v1/actions?agency=mine');
  assert.ok(ours.items.some((a) => a.id === actions.school.id) && !ours.items.some((a) => a.id === actions.police.id));

  const notes = await call(server, who.school, 'PATCH', `/api/v1/actions/${actions.school.id}`, { status: 'done' });
  assert.equal(notes.status, 400);
  assert.equal(notes.json.error.field, 'completion_notes');
  const done = await ok(server, who.school, 'PATCH', `/api/v1/actions/${actions.school.id}`, { status: 'done',
    completion_notes: 'Attendance checked daily for two weeks; no absences.' }, 200);
  assert.equal(done.completed_on, today());

  // A day passes: the health action is now overdue.
  sql(`UPDATE actions SET due_on = '${daysFromNow(-1)}' WHERE id = '${actions.health.id}'`);
  const overdue = await ok(server, who.health, 'GET', '/api/v1/actions?agency=mine&overdue=true&limit=100');
  const healthAction = overdue.items.find((a) => a.id === actions.health.id);
  assert.ok(healthAction, 'in the agency\'s overdue actions');
  assert.equal(healthAction.overdue, true, 'flagged to its owner');
  assert.ok(overdue.items.every((a) => a.overdue && a.owner_agency_id === agencyOf('health@kestrel-vale.example')));
  let alerts = [];
  for (let i = 0; i < 30 && !alerts.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    alerts = (await ok(server, who.coordinator, 'GET', '/api/v1/alerts')).items.filter((a) => a.record_id === actions.health.id);
  }
  assert.equal(alerts.length, 1, 'and to the coordinators, once');
  assert.equal(alerts[0].kind, 'action_overdue');
});

test('actions refuse bad input by name', async () => {
  const good = { description: 'Visit the family.', owner_agency_id: agencyOf('police@kestrel-vale.example'), due_on: daysFromNow(7) };
  for (const [field, body] of [['due_on', { ...good, due_on: daysFromNow(-1) }], ['owner_agency_id', { ...good, owner_agency_id: '0123456789abcdef0123456789abcdef' }],
    ['description', { ...good, description: '' }], ['description', { ...good, description: undefined }], ['due_on', { ...good, due_on: '31/12/2026' }],
    ['assignee_user_id', { ...good, assignee_user_id: who.school.id }]]) {
    const r = await call(server, who.coordinator, 'POST', '/api/v1/actions', body);
    assert.equal(r.status, 400, `${field}: ${JSON.stringify(body)}`);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await call(server, who.coordinator, 'GET', '/api/v1/actions?status=lost')).json.error.field, 'status');
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/meetings', { title: 'x' })).json.error.field, 'held_on');
  const badAttendance = await call(server, who.coordinator, 'PATCH', `/api/v1/meetings/${meeting.id}`, { attendance: [{ name: 'x', attended: 'present' }] });
  assert.equal(badAttendance.json.error.field, 'attendance');
  assert.equal((await call(server, who.police, 'POST', '/api/v1/meetings', { held_on: today(), title: 'x' })).status, 403, 'only coordinators run meetings');
  assert.equal((await call(server, who.coordinator, 'PATCH', `/api/v1/meetings/${meeting.id}`, { status: 'closed' })).json.error.field, 'status');
  const twice = { agency_id: agencyOf('police@kestrel-vale.example'), name: 'DS Priya Lomas', attended: 'present' };
  assert.equal((await call(server, who.coordinator, 'PATCH', `/api/v1/meetings/${meeting.id}`, { attendance: [twice, twice] })).json.error.field, 'attendance');
});

test('a practitioner sees only what concerns their work', async () => {
  const school = await call(server, who.school, 'GET', `/api/v1/actions/${actions.school.id}`);
  assert.equal(school.status, 200, 'the school\'s own action');
  const schoolOnly = await ok(server, who.school, 'POST', '/api/v1/actions', { description: 'Pastoral check-in.',
    owner_agency_id: agencyOf('school@kestrel-vale.example'), due_on: daysFromNow(5), sharing: 'agency' });
  assert.equal((await call(server, who.police, 'GET', `/api/v1/actions/${schoolOnly.id}`)).status, 404, 'an agency-only action stays in its agency');
  assert.ok(!(await ok(server, who.police, 'GET', '/api/v1/actions?limit=100')).items.some((a) => a.id === schoolOnly.id));
  const restricted = await ok(server, who.police, 'POST', '/api/v1/actions', { description: 'Intelligence-led visit.',
    owner_agency_id: agencyOf('police@kestrel-vale.example'), due_on: daysFromNow(3), sharing: 'restricted' });
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/actions/${restricted.id}`)).status, 200, 'coordinators read restricted intelligence');
  assert.equal((await call(server, who.school, 'GET', `/api/v1/actions/${restricted.id}`)).status, 404, 'police restricted action hidden from the school');
  assert.equal((await call(server, who.health, 'GET', `/api/v1/actions/${restricted.id}`)).status, 404);
  assert.equal((await call(server, who.police, 'GET', `/api/v1/actions/${restricted.id}`)).status, 200);
  const schoolView = await ok(server, who.school, 'GET', `/api/v1/meetings/${meeting.id}`);
  const coordinatorView = await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`);
  assert.ok(schoolView.items.length < coordinatorView.items.length, `the school sees fewer items (${schoolView.items.length} of ${coordinatorView.items.length})`);
});

test('a closed meeting cannot be edited', async () => {
  const closed = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/close`, undefined, 200);
  assert.equal(closed.status, 'closed');
  for (const [method, path, body] of [['PATCH', `/api/v1/meetings/${meeting.id}`, { title: 'Changed' }],
    ['POST', `/api/v1/meetings/${meeting.id}/items`, { kind: 'other', reason: 'Late item.' }],
    ['PATCH', `/api/v1/meeting-items/${meeting.items[0].id}`, { decisions: 'Changed later.' }],
    ['DELETE', `/api/v1/meeting-items/${meeting.items[0].id}`],
    ['POST', `/api/v1/meetings/${meeting.id}/agenda`],
    ['POST', `/api/v1/meetings/${meeting.id}/close`],
    ['POST', '/api/v1/actions', { meeting_id: meeting.id, description: 'Late.', owner_agency_id: agencyOf('police@kestrel-vale.example'), due_on: daysFromNow(3) }]]) {
    const r = await call(server, who.coordinator, method, path, body);
    assert.equal(r.status, 409, `${method} ${path}`);
  }
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`)).title, 'MACE — November');
  const events = Number(sql(`SELECT count(*) FROM audit_events WHERE record_type IN ('meeting', 'meeting_item', 'action')`));
  assert.ok(events >= 10, 'every step is audited');
});

test('actions and agenda items are in the chronology of the young person or context concerned', async () => {
  const item = meeting.items[0];
  const path = item.person_id ? `/api/v1/people/${item.person_id}/chronology?limit=100` : `/api/v1/contexts/${item.context_id}/chronology?limit=100`;
  const entries = (await ok(server, who.coordinator, 'GET', path)).items;
  assert.ok(entries.some((e) => e.type === 'meeting_item' && e.record.id === item.id), 'the agenda item');
  assert.ok(entries.some((e) => e.type === 'action' && e.record.id === actions.police.id), 'the action agreed');
});

test('what the review found: nothing of a meeting or action one may not see leaks, and actions belong where they say', async () => {
  const today2 = today();
  const hidden = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: today2, title: 'Police-only strategy', sharing: 'agency' });
  const person = (await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Rowan', family_name: 'Pike', sharing: 'hub' })).id;
  const item = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${hidden.id}/items`, { kind: 'young_person', person_id: person, reason: 'Covert operation planned.' });
  assert.equal(item.sharing, 'agency', 'no wider than its meeting');
  assert.equal((await call(server, who.school, 'GET', `/api/v1/meetings/${hidden.id}`)).status, 404);
  const chronology = (await ok(server, who.school, 'GET', `/api/v1/people/${person}/chronology`)).items;
  assert.ok(!chronology.some((e) => e.type === 'meeting_item'), 'the item of a meeting the school may not see is not in the chronology');

  const open = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: today2, title: 'Another' });
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/meetings/${open.id}/items`, { kind: 'adult_of_concern', person_id: person,
    reason: 'Wrong kind.' })).status, 404, 'an item about an adult must name an adult');
  const other = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${open.id}/items`, { kind: 'other', reason: 'Any other business.' });
  const body = { description: 'x', owner_agency_id: agencyOf('police@kestrel-vale.example'), due_on: daysFromNow(3) };
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/actions', { ...body, meeting_id: hidden.id, item_id: other.id })).status, 404,
    'an action may not hang on another meeting\'s item');
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/actions', { ...body, item_id: meeting.items[0].id })).status, 409,
    'nor on an item of a closed meeting');
  assert.equal((await call(server, who.police, 'POST', '/api/v1/actions', { ...body, meeting_id: open.id })).status, 403,
    'only who runs meetings gives actions at one');
  const given = await ok(server, who.coordinator, 'POST', '/api/v1/actions', { ...body, meeting_id: open.id, item_id: other.id });
  const cross = await call(server, who.coordinator, 'PATCH', `/api/v1/actions/${given.id}`, { assignee_user_id: who.school.id });
  assert.equal(cross.status, 400);
  assert.equal(cross.json.error.field, 'assignee_user_id');
});

test('the agenda puts before the panel only evidence shared with the hub, shares its items with the hub, and audits the evidence', async () => {
  const raise = async (user, name, sharing) => {
    const person = await ok(server, user, 'POST', '/api/v1/people', { kind: 'young_person', given_name: name, family_name: 'Agenda', sharing: 'hub' });
    const concern = await ok(server, user, 'POST', '/api/v1/concerns', { person_id: person.id, concern_date: today(), exploitation_types: ['child_criminal_exploitation'],
      indicators: ['going_missing'], narrative: 'Seen with older males.', sharing });
    const screening = await ok(server, who.coordinator, 'POST', '/api/v1/screenings', { concern_id: concern.id, risk_level: 'high',
      rationale: 'High on the evidence.', pathway: 'mace', sharing });
    return { person, screening };
  };
  const shared = await raise(who.school, 'Ollie', 'hub');
  const intelligence = await raise(who.police, 'Tamsin', 'restricted');
  const later = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(1), title: 'MACE — evidence' });
  await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${later.id}/agenda`, undefined, 200);
  const items = (await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${later.id}`)).items;
  const ollie = items.find((i) => i.person_id === shared.person.id);
  assert.ok(ollie, 'a young person screened high on hub-shared evidence is on the agenda');
  assert.equal(ollie.sharing, 'hub', 'shared with the hub');
  assert.equal(ollie.owner_agency_id, shared.screening.owner_agency_id, 'owned by the agency of its evidence');
  assert.ok(!items.some((i) => i.person_id === intelligence.person.id), 'restricted intelligence is not put on the agenda unseen by its agency');
  const schoolSees = (await ok(server, who.school, 'GET', `/api/v1/meetings/${later.id}`)).items;
  assert.ok(schoolSees.some((i) => i.id === ollie.id), 'the school, which works with Ollie, sees why Ollie is on the agenda');
  assert.ok(!schoolSees.some((i) => i.person_id === intelligence.person.id));
  const audited = sql(`SELECT records FROM audit_events WHERE action = 'read' AND record_type = 'meeting' AND record_id = '${later.id}' AND records IS NOT NULL`);
  assert.ok(audited.includes(`screening ${shared.screening.id}`), 'the screening the reason repeats is audited');
  assert.ok(!audited.includes(intelligence.screening.id));
});

test('reading an action about someone the reader may not see is refused and the refusal audited', async () => {
  const pupil = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Kit', family_name: 'Schoolonly', sharing: 'agency' });
  const action = await ok(server, who.school, 'POST', '/api/v1/actions', { description: 'Pastoral check-in.', owner_agency_id: agencyOf('school@kestrel-vale.example'),
    due_on: daysFromNow(5), person_id: pupil.id, sharing: 'hub' });
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/actions/${action.id}`)).status, 404, 'the action names a pupil the hub may not see');
  const denied = sql(`SELECT count(*) FROM audit_events WHERE action = 'read' AND outcome = 'denied' AND record_type = 'action' AND record_id = '${action.id}'`);
  assert.equal(denied, '1', 'the refusal is audited');
});

test('the chair is a coordinator or a practitioner, refused by name otherwise', async () => {
  const analyst = sql("SELECT id FROM users WHERE email = 'analyst@kestrel-vale.example'");
  const refused = await call(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(7), title: 'MACE', chair_user_id: analyst });
  assert.equal(refused.status, 400);
  assert.equal(refused.json.error.field, 'chair_user_id');
  const chaired = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(7), title: 'MACE', chair_user_id: who.police.id });
  assert.equal(chaired.chair_user_id, who.police.id, 'a police practitioner may chair');
});

test('an agenda builds on a meeting kept within the coordinator\'s agency, its items that agency\'s', async () => {
  const own = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(2), title: 'Internal review', sharing: 'agency' });
  const built = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${own.id}/agenda`, undefined, 200);
  assert.ok(built.items_added > 0, 'items from the evidence');
  const items = (await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${own.id}`)).items;
  const coordinatorAgency = sql(`SELECT agency_id FROM users WHERE id = '${who.coordinator.id}'`);
  assert.ok(items.every((i) => i.sharing === 'agency' && i.owner_agency_id === coordinatorAgency), 'no wider than the meeting, and its agency\'s');
});

test('a list pages past records the reader may not see: a short page means the list has ended', async () => {
  const pupil = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Remy', family_name: 'Pages', sharing: 'hub' });
  const police = agencyOf('police@kestrel-vale.example'), school = agencyOf('school@kestrel-vale.example');
  const seen = await ok(server, who.coordinator, 'POST', '/api/v1/actions', { description: 'Police welfare visit.', owner_agency_id: police,
    due_on: daysFromNow(9), person_id: pupil.id, sharing: 'hub' });
  for (let i = 0; i < 12; i++) {
    await ok(server, who.school, 'POST', '/api/v1/actions', { description: `Pastoral note ${i}.`, owner_agency_id: school,
      due_on: daysFromNow(9), person_id: pupil.id, sharing: 'agency' });
  }
  const page = await ok(server, who.police, 'GET', `/api/v1/actions?person_id=${pupil.id}&limit=2`);
  assert.deepEqual(page.items.map((a) => a.id), [seen.id], 'found behind twelve newer actions the police may not see');
  assert.equal(page.next_cursor ?? null, null);
});
