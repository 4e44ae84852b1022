// The partnership's action plan: the demo's boards and the cabinet's nine
// recommendations with their actions; who may read it (coordinators, board
// members) and who may add to it (coordinators only: board members get
// 403, other roles 404 or 403), each attempt audited; actions and progress
// updates added, the history kept newest first and never changed; the
// "Overdue" and "Update late" flags worked out from today; every invalid
// field named at once; and every answer as docs/openapi.json documents it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
let plan;
let agencies;

const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const daysFromToday = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
const unknown = '0123456789abcdef0123456789abcdef';
const actionsOf = (p) => p.recommendations.flatMap((r) => r.actions);

before(async () => {
  server = await startServer({ demo: 'full' });
  for (const name of ['coordinator', 'board', 'analyst', 'police']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  plan = await ok(server, who.board, 'GET', '/api/v1/action-plan');
  agencies = Object.fromEntries((await ok(server, who.coordinator, 'GET', '/api/v1/agencies?limit=100')).items.map((a) => [a.kind, a.id]));
});
after(async () => { await server.stop(); });

test('the demo holds the four boards and the nine recommendations, each with actions and progress', async () => {
  const boards = (await ok(server, who.board, 'GET', '/api/v1/boards')).items;
  assert.deepEqual(boards.map((b) => b.name), ['Safer Kestrel Vale Partnership', 'Youth Justice Board',
    'Kestrel Vale Safeguarding Children Partnership', "Children and Young People's Board"]);
  assert.deepEqual(boards.map((b) => b.position), [1, 2, 3, 4]);
  assert.deepEqual(plan.recommendations.map((r) => r.number), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.match(plan.recommendations[1].text, /consistent definition of child criminal exploitation/);
  assert.match(plan.recommendations[7].text, /MACE approach/);
  assert.ok(plan.recommendations.some((r) => r.owner.kind === 'board') && plan.recommendations.some((r) => r.owner.kind === 'agency'),
    'owned by agencies and by boards');
  assert.ok(plan.recommendations.every((r) => boards.some((b) => b.id === r.board_id && b.name === r.board_name)), 'each monitored by a board');
  for (const r of plan.recommendations) {
    assert.ok(r.actions.length >= 2 && r.actions.length <= 3, `recommendation ${r.number} has two or three actions`);
    assert.ok(r.actions.every((a) => a.update_count >= 1 && a.update_count <= 4 && a.rag), 'every action has progress');
  }
  const actions = actionsOf(plan);
  const s = plan.summary;
  assert.equal(s.actions, actions.length);
  assert.equal(s.red + s.amber + s.green + s.no_update, actions.length);
  assert.ok(s.red > 0 && s.amber > 0 && s.green > 0, 'a mix of ratings');
  assert.ok(s.done > 0 && s.overdue > 0 && s.update_late > 0, 'some done, some overdue, some late');
  assert.equal(s.overdue, actions.filter((a) => a.overdue).length);
  assert.ok(actions.filter((a) => a.overdue).every((a) => a.due_on < plan.today && a.status !== 'done'));
  assert.deepEqual(plan.limits, { recommendations: 50, actions_per_recommendation: 25, updates_per_action: 200 });
  assert.equal(plan.late_after_days, 90);
  const text = JSON.stringify(plan);
  for (const name of ['Priya', 'Lindqvist', 'José', 'Stainsby']) assert.ok(!text.includes(name), `no name such as ${name} in the plan`);
});

test('a board member reads the plan but may not change it; analysts and practitioners may not read it', async () => {
  const r = plan.recommendations[0];
  const a = r.actions[0];
  const detail = await ok(server, who.board, 'GET', `/api/v1/action-plan/recommendations/${r.id}`);
  assert.equal(detail.actions.length, r.actions.length);
  const update = { written_on: daysFromToday(0), rag: 'green', progress: 'Board members cannot write this.' };
  const action = { description: 'Not allowed', owner_agency_id: agencies.police, due_on: daysFromToday(10) };
  const recommendation = { number: 42, title: 'No', text: 'No', owner_agency_id: agencies.police, board_id: r.board_id };
  assert.equal((await call(server, who.board, 'POST', `/api/v1/plan-actions/${a.id}/updates`, update)).status, 403);
  assert.equal((await call(server, who.board, 'PATCH', `/api/v1/plan-actions/${a.id}`, { status: 'done' })).status, 403);
  assert.equal((await call(server, who.board, 'POST', `/api/v1/action-plan/recommendations/${r.id}/actions`, action)).status, 403);
  assert.equal((await call(server, who.board, 'POST', '/api/v1/action-plan/recommendations', recommendation)).status, 403);
  assert.equal((await call(server, who.board, 'POST', `/api/v1/plan-actions/${unknown}/updates`, update)).status, 404);
  for (const name of ['analyst', 'police']) {
    assert.equal((await call(server, who[name], 'GET', '/api/v1/action-plan')).status, 403, `${name} may not read the plan`);
    assert.equal((await call(server, who[name], 'GET', `/api/v1/action-plan/recommendations/${r.id}`)).status, 404);
    assert.equal((await call(server, who[name], 'POST', `/api/v1/plan-actions/${a.id}/updates`, update)).status, 404);
    assert.equal((await call(server, who[name], 'PATCH', `/api/v1/plan-actions/${a.id}`, { status: 'done' })).status, 404);
    assert.equal((await call(server, who[name], 'POST', `/api/v1/action-plan/recommendations/${r.id}/actions`, action)).status, 404);
    assert.equal((await call(server, who[name], 'POST', '/api/v1/action-plan/recommendations', recommendation)).status, 403);
  }
  assert.equal(Number(sql(`SELECT count(*) FROM plan_progress_updates WHERE progress = '${update.progress}'`)), 0);
  const denied = sql("SELECT count(*) FROM audit_events WHERE outcome = 'denied' AND record_type IN ('action_plan', 'plan_recommendation', 'plan_action', 'plan_progress_update')");
  assert.ok(Number(denied) >= 15, `every refused attempt is audited (${denied})`);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_events WHERE action = 'read' AND outcome = 'allowed' AND record_type = 'plan_recommendation' AND record_id = '${r.id}'`)), 1,
    "the board member's read is audited");
});

test('a coordinator adds an action and progress; the history is kept newest first and never changed', async () => {
  const r = plan.recommendations[2];
  const made = await ok(server, who.coordinator, 'POST', `/api/v1/action-plan/recommendations/${r.id}/actions`,
    { description: 'Publish the first quarterly outcomes report to each board.', owner_agency_id: agencies.community_safety, due_on: daysFromToday(60) });
  assert.equal(made.status, 'not_started');
  assert.equal(made.rag, null);
  assert.deepEqual(made.updates, []);
  assert.equal(made.owner_agency_name, 'Kestrel Vale Community Safety Partnership');
  const add = (body) => ok(server, who.coordinator, 'POST', `/api/v1/plan-actions/${made.id}/updates`, body);
  await add({ written_on: daysFromToday(-20), rag: 'red', progress: 'Data sharing agreement not yet signed.' });
  await add({ written_on: daysFromToday(-5), rag: 'amber', progress: 'Agreement signed; figures arriving.', evidence: 'Signed agreement.' });
  const after = await add({ written_on: daysFromToday(-30), rag: 'green', progress: 'An older note entered late.' });
  assert.deepEqual(after.updates.map((u) => u.rag), ['amber', 'red', 'green'], 'newest first by the date written');
  assert.equal(after.rag, 'amber', "the action's rating is its latest update's");
  assert.equal(after.last_update_on, daysFromToday(-5));
  assert.equal(after.update_count, 3);
  assert.equal(after.updates[0].evidence, 'Signed agreement.');
  assert.equal(after.updates[1].evidence, null);
  const changed = await ok(server, who.coordinator, 'PATCH', `/api/v1/plan-actions/${made.id}`, { status: 'in_progress', due_on: daysFromToday(45) });
  assert.equal(changed.status, 'in_progress');
  assert.equal(changed.due_on, daysFromToday(45));
  assert.equal(changed.description, made.description, 'fields not sent stay as they were');
  const seen = await ok(server, who.board, 'GET', `/api/v1/action-plan/recommendations/${r.id}`);
  assert.deepEqual(seen.actions.find((a) => a.id === made.id).updates.map((u) => u.progress),
    ['Agreement signed; figures arriving.', 'Data sharing agreement not yet signed.', 'An older note entered late.']);
  const overview = await ok(server, who.board, 'GET', '/api/v1/action-plan');
  assert.equal(overview.summary.actions, plan.summary.actions + 1);
  assert.throws(() => sql(`UPDATE plan_progress_updates SET rag = 'green' WHERE action_id = '${made.id}'`), /append-only/);
  assert.throws(() => sql(`DELETE FROM plan_progress_updates WHERE action_id = '${made.id}'`), /append-only/);
  const rec = await ok(server, who.coordinator, 'POST', '/api/v1/action-plan/recommendations',
    { number: 10, title: 'A local addition', text: 'The partnership reviews the plan each year.', owner_board_id: r.board_id, board_id: r.board_id });
  assert.equal(rec.owner.kind, 'board');
  assert.deepEqual(rec.actions, []);
  const again = await call(server, who.coordinator, 'POST', '/api/v1/action-plan/recommendations',
    { number: 10, title: 'Twice', text: 'Twice', owner_agency_id: agencies.police, board_id: r.board_id });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.field, 'number');
});

test('an action is overdue past its due date and its update late after 90 days without one, until done', async () => {
  const r = plan.recommendations[4];
  const action = (due) => ok(server, who.coordinator, 'POST', `/api/v1/action-plan/recommendations/${r.id}/actions`,
    { description: `Flag test due ${due}`, owner_agency_id: agencies.childrens_services, due_on: daysFromToday(due), status: 'in_progress' });
  const due = await action(-1);
  assert.equal(due.overdue, true, 'due yesterday and not done');
  assert.equal(due.update_late, false, 'made today, so no update is late yet');
  const late = await action(30);
  assert.equal(late.overdue, false);
  let now = await ok(server, who.coordinator, 'POST', `/api/v1/plan-actions/${late.id}/updates`,
    { written_on: daysFromToday(-100), rag: 'amber', progress: 'Written a hundred days ago.' });
  assert.equal(now.update_late, true, 'its latest update is 100 days old');
  assert.equal(now.overdue, false);
  now = await ok(server, who.coordinator, 'POST', `/api/v1/plan-actions/${late.id}/updates`,
    { written_on: daysFromToday(-90), rag: 'amber', progress: 'Written ninety days ago.' });
  assert.equal(now.update_late, false, 'exactly 90 days is not yet late');
  const listed = actionsOf(await ok(server, who.board, 'GET', '/api/v1/action-plan'));
  assert.equal(listed.find((a) => a.id === due.id).overdue, true);
  assert.equal(listed.find((a) => a.id === late.id).update_late, false);
  const done = await ok(server, who.coordinator, 'PATCH', `/api/v1/plan-actions/${due.id}`, { status: 'done' });
  assert.equal(done.overdue, false, 'a done action is never overdue');
  const stale = await action(10);
  const doneLate = await ok(server, who.coordinator, 'POST', `/api/v1/plan-actions/${stale.id}/updates`,
    { written_on: daysFromToday(-120), rag: 'green', progress: 'Finished long ago.' });
  assert.equal(doneLate.update_late, true);
  assert.equal((await ok(server, who.coordinator, 'PATCH', `/api/v1/plan-actions/${stale.id}`, { status: 'done' })).update_late, false);
});

test('every invalid field is named at once, in plain words with its label; unknown ids are 404', async () => {
  const r = plan.recommendations[0];
  const a = r.actions[1];
  const refused = async (method, path, body, fields) => {
    const answer = await call(server, who.coordinator, method, path, body);
    assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(answer.json)}`);
    assert.deepEqual(answer.json.errors.map((e) => e.field), fields, JSON.stringify(body));
    assert.equal(answer.json.error.field, fields[0]);
    return answer.json.errors;
  };
  const updates = `/api/v1/plan-actions/${a.id}/updates`;
  let errors = await refused('POST', updates, {}, ['written_on', 'rag', 'progress']);
  assert.deepEqual(errors.map((e) => e.message), ['Enter the date the update was written', 'Choose red, amber or green', 'Enter the progress made']);
  errors = await refused('POST', updates, { written_on: daysFromToday(1), rag: 'purple', progress: 'x'.repeat(5001), evidence: 7 },
    ['written_on', 'rag', 'progress', 'evidence']);
  assert.deepEqual(errors.map((e) => e.message), ['Date of the update must be today or in the past', 'RAG status must be red, amber or green',
    'Progress must be 5000 characters or fewer', 'Evidence must be text']);
  await refused('POST', updates, { written_on: '2025-02-29', rag: 'red', progress: 'x' }, ['written_on']);
  await refused('POST', updates, { written_on: '01/02/2025', rag: 'red', progress: '   ' }, ['written_on', 'progress']);
  const actions = `/api/v1/action-plan/recommendations/${r.id}/actions`;
  errors = await refused('POST', actions, { description: '', owner_agency_id: unknown, due_on: '2026-13-01', status: 'finished' },
    ['description', 'owner_agency_id', 'due_on', 'status']);
  assert.match(errors[1].message, /^Owner agency must be one of the partnership's agencies/);
  await refused('PATCH', `/api/v1/plan-actions/${a.id}`, { description: null, status: 'paused' }, ['description', 'status']);
  const nothing = await call(server, who.coordinator, 'PATCH', `/api/v1/plan-actions/${a.id}`, {});
  assert.equal(nothing.status, 400);
  errors = await refused('POST', '/api/v1/action-plan/recommendations', { number: 0, title: 'x'.repeat(201), text: '' },
    ['number', 'title', 'text', 'owner_agency_id', 'board_id']);
  assert.equal(errors[3].message, 'Choose the agency or board that owns the recommendation');
  await refused('POST', '/api/v1/action-plan/recommendations',
    { number: 11, title: 'T', text: 'T', owner_agency_id: agencies.police, owner_board_id: r.board_id, board_id: unknown }, ['owner_board_id', 'board_id']);
  const good = { written_on: daysFromToday(0), rag: 'green', progress: 'Fine.' };
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/plan-actions/${unknown}/updates`, good)).status, 404);
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/plan-actions/not-an-id/updates', good)).status, 404);
  assert.equal((await call(server, who.coordinator, 'PATCH', `/api/v1/plan-actions/${unknown}`, { status: 'done' })).status, 404);
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/action-plan/recommendations/${unknown}`)).status, 404);
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/action-plan/recommendations/${unknown}/actions`,
    { description: 'x', owner_agency_id: agencies.police, due_on: daysFromToday(3) })).status, 404);
  assert.equal((await call(server, { cookie: '', csrf: '' }, 'GET', '/api/v1/action-plan')).status, 401);
});
