// No one widens their own reach (issue 12, item 4; docs/security.md
// "Admins cannot widen reach"). Every path an admin has — tokens, users,
// roles, agencies, approvals — is tried against an agency-only record of
// children's services and a police one: none reaches a child's record.
// A token never does more than its maker's role and agency and obeys the
// second-factor rule; an account that reads children's records (new, or
// promoted, or moved to another agency) waits for a second person, who is
// never the one who asked nor the account itself, and whose approval hands
// over a one-time set-up code, never a password the admin chose. Each step
// is audited and alerts the coordinators.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';
import { addUser, setUpAccount } from '../lib/accounts.mjs';
import { totp } from '../lib/totp.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const agency = {};
const record = {};
const password = 'a long enough password for tests';
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();

/** A request with a bearer token; {status, json}. */
async function bearer(token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

/** Whether a sign-in with email and secret works (201). */
async function canSignIn(email, secret) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: secret }) });
  return r.status === 201;
}

/** Fails unless the reader (a session or a token string) cannot read either record. */
async function readsNoRecord(reader, what) {
  for (const [name, id] of Object.entries(record)) {
    const r = typeof reader === 'string' ? await bearer(reader, 'GET', `/api/v1/people/${id}`)
      : await call(server, reader, 'GET', `/api/v1/people/${id}`);
    assert.ok(r.status === 403 || r.status === 404 || r.status === 401, `${what} must not read the ${name} record (got ${r.status})`);
  }
}

const alertKinds = async () => (await ok(server, who.coordinator, 'GET', '/api/v1/alerts?limit=100')).items;

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['admin', 'coordinator', 'police', 'analyst']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  agency.services = sql("SELECT agency_id FROM users WHERE email = 'coordinator@kestrel-vale.example'");
  agency.police = sql("SELECT agency_id FROM users WHERE email = 'police@kestrel-vale.example'");
  record.services = (await ok(server, who.coordinator, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Agency', family_name: 'Only', sharing: 'agency' })).id;
  record.police = (await ok(server, who.police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Police', family_name: 'Only', sharing: 'agency' })).id;
  // A second admin, of the police (an admin role reads nothing, so no approval is needed).
  await ok(server, who.admin, 'POST', '/api/v1/users', { email: 'admin.two@kestrel-vale.example', name: 'Second Admin', agency_id: agency.police, role: 'admin', password });
  who.admin2 = await signIn(server, 'admin.two@kestrel-vale.example', password);
});
after(async () => { await server.stop(); });

test('tokens: an admin makes only its own admin token, which reads no record; nothing wider', async () => {
  await readsNoRecord(who.admin, 'the admin');
  const own = await ok(server, who.admin, 'POST', '/api/v1/tokens', { name: 'Admin scripts' });
  assert.equal(own.role, 'admin');
  assert.equal(own.agency_id, agency.services);
  await readsNoRecord(own.token, "the admin's own token");
  // The outside tester's reproduction: a police admin asks for a children's services coordinator token.
  let r = await call(server, who.admin2, 'POST', '/api/v1/tokens', { name: 'x', agency_id: agency.services, role: 'coordinator' });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'agency_id');
  for (const role of ['coordinator', 'practitioner', 'analyst', 'board_viewer']) {
    r = await call(server, who.admin, 'POST', '/api/v1/tokens', { name: 'x', agency_id: agency.services, role });
    assert.equal(r.status, 403, `an admin may not make a ${role} token`);
    assert.equal(r.json.error.field, 'role');
    assert.match(r.json.error.message, /your own role/);
  }
  r = await call(server, who.admin, 'POST', '/api/v1/tokens', { name: 'x', role: 'wizard' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'role');
  // A token cannot make another token, nor ask for accounts beyond what its admin could.
  r = await bearer(own.token, 'POST', '/api/v1/tokens', { name: 'child of a token' });
  assert.equal(r.status, 403);
  const denied = sql("SELECT count(*) FROM audit_events WHERE action = 'create' AND record_type = 'api_token' AND outcome = 'denied'");
  assert.ok(Number(denied) >= 6, 'each refused token is audited');
});

test('tokens: a practitioner narrows, never widens; a token stops when its owner changes or is disabled', async () => {
  let r = await call(server, who.police, 'POST', '/api/v1/tokens', { name: 'x', role: 'coordinator' });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.field, 'role');
  r = await call(server, who.police, 'POST', '/api/v1/tokens', { name: 'x', role: 'analyst' });
  assert.equal(r.status, 403, 'an analyst may read measures a practitioner may not: not narrower');
  const made = await ok(server, who.police, 'POST', '/api/v1/tokens', { name: 'Police records system' });
  assert.equal(made.role, 'practitioner');
  assert.equal((await bearer(made.token, 'GET', `/api/v1/people/${record.police}`)).status, 200, 'its own agency');
  assert.notEqual((await bearer(made.token, 'GET', `/api/v1/people/${record.services}`)).status, 200, 'not another');
  const alert = (await alertKinds()).find((a) => a.kind === 'api_token_created' && a.record_id === made.id);
  assert.ok(alert, 'a token for a role that reads records alerts the coordinators');
  assert.match(alert.reason, /practitioner/);
  assert.equal(alert.user_name, 'Tom Harwood');
  // Others see their own tokens only; admins see every token.
  const mine = await ok(server, who.police, 'GET', '/api/v1/tokens');
  assert.deepEqual(mine.items.map((t) => t.id), [made.id]);
  assert.ok((await ok(server, who.admin, 'GET', '/api/v1/tokens?limit=100')).items.some((t) => t.id === made.id));
  assert.equal((await call(server, who.analyst, 'DELETE', `/api/v1/tokens/${made.id}`)).status, 404, 'not theirs to revoke');
  // A token an admin made in the past for another role (before this rule) no longer works.
  const legacy = await ok(server, who.police, 'POST', '/api/v1/tokens', { name: 'Made by an admin, once' });
  sql(`UPDATE api_tokens SET created_by = '${who.admin.id}' WHERE id = '${legacy.id}'`);
  r = await bearer(legacy.token, 'GET', `/api/v1/people/${record.police}`);
  assert.equal(r.status, 401);
  assert.equal(r.json.error.field, 'Authorization');
  // Disabled owner: the token stops; enabled again, it works.
  await ok(server, who.admin, 'PATCH', `/api/v1/users/${who.police.id}`, { active: false });
  assert.equal((await bearer(made.token, 'GET', `/api/v1/people/${record.police}`)).status, 401);
  await ok(server, who.admin, 'PATCH', `/api/v1/users/${who.police.id}`, { active: true });
  assert.equal((await bearer(made.token, 'GET', `/api/v1/people/${record.police}`)).status, 200);
  who.police = await signIn(server, 'police@kestrel-vale.example');
  assert.equal((await call(server, who.police, 'DELETE', `/api/v1/tokens/${made.id}`)).status, 204, 'the owner revokes it');
  assert.equal((await bearer(made.token, 'GET', '/api/v1/agencies')).status, 401);
});

test('users: an account that reads records waits for a second person; the admin never chooses its password', async () => {
  const body = { email: 'new.coordinator@kestrel-vale.example', name: 'Casey Rowe', agency_id: agency.services, role: 'coordinator' };
  let r = await call(server, who.admin2, 'POST', '/api/v1/users', { ...body, password });
  assert.equal(r.status, 400, 'an admin may not choose the password');
  assert.equal(r.json.error.field, 'password');
  const asked = await call(server, who.admin2, 'POST', '/api/v1/users', body);
  assert.equal(asked.status, 202);
  assert.equal(asked.json.status, 'pending');
  assert.equal(asked.json.kind, 'create');
  assert.equal(asked.json.requested_by, who.admin2.id);
  assert.equal((await call(server, who.admin2, 'POST', '/api/v1/users', body)).status, 409, 'one request per email');
  assert.equal(sql("SELECT count(*) FROM users WHERE email = 'new.coordinator@kestrel-vale.example'"), '0', 'no account yet');
  assert.equal(await canSignIn(body.email, password), false);
  // Pending requests: approvers and admins see them; others do not.
  const pending = await ok(server, who.coordinator, 'GET', '/api/v1/approvals');
  assert.ok(pending.items.some((p) => p.id === asked.json.id && p.requested_by_name === 'Second Admin'));
  assert.ok((await ok(server, who.admin, 'GET', '/api/v1/approvals')).items.some((p) => p.id === asked.json.id));
  assert.equal((await call(server, who.police, 'GET', '/api/v1/approvals')).status, 403);
  assert.equal((await call(server, who.analyst, 'GET', '/api/v1/approvals')).status, 403);
  // Neither admin may approve it: the one who asked, nor another admin.
  r = await call(server, who.admin2, 'POST', `/api/v1/approvals/${asked.json.id}/approve`);
  assert.equal(r.status, 403);
  r = await call(server, who.admin, 'POST', `/api/v1/approvals/${asked.json.id}/approve`);
  assert.equal(r.status, 403);
  assert.equal((await call(server, who.police, 'POST', `/api/v1/approvals/${asked.json.id}/approve`)).status, 403);
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/approvals/${'e'.repeat(32)}/approve`)).status, 404);
  // The coordinator approves: the code goes to the approver, never to the admin.
  const approved = await ok(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/approve`, undefined, 200);
  assert.equal(approved.status, 'approved');
  assert.equal(approved.decided_by, who.coordinator.id);
  assert.match(approved.setup_code, /^setup_[A-Za-z0-9_-]{43}$/);
  const seenByAdmin = await ok(server, who.admin2, 'GET', '/api/v1/approvals?status=approved');
  assert.ok(!JSON.stringify(seenByAdmin).includes(approved.setup_code), 'the admin never sees the code');
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/approve`)).status, 409, 'once');
  assert.equal(await canSignIn(body.email, password), false, 'no usable password until the person sets one');
  r = await fetch(server.url + '/api/v1/account/setup', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: body.email, code: 'setup_not-the-code', password }) });
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error.field, 'code');
  await setUpAccount(server, body.email, approved.setup_code, password);
  r = await fetch(server.url + '/api/v1/account/setup', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: body.email, code: approved.setup_code, password: 'someone else tries later' }) });
  assert.equal(r.status, 400, 'the code works once');
  who.casey = await signIn(server, body.email, password);
  // After approval it reads only what its role allows: its own agency's record, not the police's.
  assert.equal((await call(server, who.casey, 'GET', `/api/v1/people/${record.services}`)).status, 200);
  assert.equal((await call(server, who.casey, 'GET', `/api/v1/people/${record.police}`)).status, 404);
  const steps = sql(`SELECT action || ':' || outcome FROM audit_events WHERE record_type = 'account_approval' AND record_id = '${asked.json.id}' ORDER BY seq`);
  assert.deepEqual(steps.split('\n'), ['request:allowed', 'approve:denied', 'approve:denied', 'approve:denied', 'approve:allowed']);
  const kinds = (await alertKinds()).filter((a) => a.record_id === asked.json.id).map((a) => a.kind).sort();
  assert.deepEqual(kinds, ['account_approved', 'account_requested']);
});

test('users: refusal needs a reason; a refused request never takes effect', async () => {
  const body = { email: 'refused.practitioner@kestrel-vale.example', name: 'Robin Vane', agency_id: agency.police, role: 'practitioner' };
  const asked = await call(server, who.admin, 'POST', '/api/v1/users', body);
  assert.equal(asked.status, 202);
  let r = await call(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/refuse`, {});
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  assert.equal((await call(server, who.admin, 'POST', `/api/v1/approvals/${asked.json.id}/refuse`, { reason: 'changed my mind' })).status, 403);
  r = await call(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/refuse`, { reason: 'No one of that name works for the police' });
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'refused');
  assert.equal(r.json.reason, 'No one of that name works for the police');
  assert.equal(r.json.setup_code, undefined);
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/approve`)).status, 409);
  assert.equal(sql(`SELECT count(*) FROM users WHERE email = '${body.email}'`), '0');
  const alert = (await alertKinds()).find((a) => a.kind === 'account_refused' && a.record_id === asked.json.id);
  assert.match(alert.reason, /No one of that name/);
  assert.equal((await ok(server, who.coordinator, 'GET', '/api/v1/approvals?status=refused')).items[0].id, asked.json.id);
  assert.equal((await call(server, who.coordinator, 'GET', '/api/v1/approvals?status=maybe')).json.error.field, 'status');
});

test('roles and agencies: a promotion waits for approval, starts afresh, and no one approves their own move', async () => {
  // An analyst the admin made, with a password the admin chose.
  const analyst = await ok(server, who.admin, 'POST', '/api/v1/users', { email: 'figures@kestrel-vale.example', name: 'Ellis Hart', agency_id: agency.services, role: 'analyst', password });
  const session = await signIn(server, 'figures@kestrel-vale.example', password);
  await readsNoRecord(session, 'the analyst');
  const asked = await call(server, who.admin, 'PATCH', `/api/v1/users/${analyst.id}`, { role: 'practitioner' });
  assert.equal(asked.status, 202);
  assert.equal(asked.json.kind, 'change');
  assert.equal(asked.json.previous_role, 'analyst');
  assert.equal((await call(server, who.admin, 'PATCH', `/api/v1/users/${analyst.id}`, { role: 'coordinator' })).status, 409, 'one change at a time');
  assert.equal((await call(server, who.admin, 'PATCH', `/api/v1/users/${analyst.id}`, { role: 'practitioner', active: true })).status, 400);
  assert.equal((await call(server, who.admin, 'PATCH', `/api/v1/users/${analyst.id}`, { role: 'wizard' })).json.error.field, 'role');
  assert.equal((await ok(server, session, 'GET', '/api/v1/session')).user.role, 'analyst', 'nothing changes before approval');
  await readsNoRecord(session, 'the analyst awaiting promotion');
  const approved = await ok(server, who.coordinator, 'POST', `/api/v1/approvals/${asked.json.id}/approve`, undefined, 200);
  assert.equal(await canSignIn('figures@kestrel-vale.example', password), false, 'the password the admin chose stops working');
  assert.equal((await call(server, session, 'GET', '/api/v1/session')).status, 401, 'its sessions end');
  await setUpAccount(server, 'figures@kestrel-vale.example', approved.setup_code, 'the practitioner chose this one');
  const practitioner = await signIn(server, 'figures@kestrel-vale.example', 'the practitioner chose this one');
  assert.equal((await call(server, practitioner, 'GET', `/api/v1/people/${record.services}`)).status, 200);
  assert.equal((await call(server, practitioner, 'GET', `/api/v1/people/${record.police}`)).status, 404);
  // A move to a role that reads nothing happens at once; moving into the police as a practitioner waits.
  const demoted = await ok(server, who.admin, 'PATCH', `/api/v1/users/${analyst.id}`, { role: 'board_viewer' });
  assert.equal(demoted.role, 'board_viewer');
  const moved = await call(server, who.admin, 'PATCH', `/api/v1/users/${who.casey.id}`, { agency_id: agency.police });
  assert.equal(moved.status, 202, 'a coordinator moved to another agency reaches other records: approval first');
  const self = await call(server, who.casey, 'POST', `/api/v1/approvals/${moved.json.id}/approve`);
  assert.equal(self.status, 403, 'a coordinator may not approve their own move');
  assert.match(self.json.error.message, /your own account/);
  await ok(server, who.coordinator, 'POST', `/api/v1/approvals/${moved.json.id}/refuse`, { reason: 'Not moving after all' }, 200);
  assert.equal((await call(server, who.casey, 'GET', `/api/v1/people/${record.police}`)).status, 404, 'still of children\'s services');
  // Agencies: an admin adds one and moves itself there; it still reads nothing.
  const added = await ok(server, who.admin2, 'POST', '/api/v1/agencies', { name: 'Reach Test Agency', kind: 'other' });
  await ok(server, who.admin2, 'PATCH', `/api/v1/users/${who.admin2.id}`, { agency_id: added.id });
  who.admin2 = await signIn(server, 'admin.two@kestrel-vale.example', password);
  await readsNoRecord(who.admin2, 'an admin moved to a new agency');
  // An admin token asks for an account: it waits like any other, and a token never approves.
  const adminToken = (await ok(server, who.admin2, 'POST', '/api/v1/tokens', { name: 'HR feed' })).token;
  const byToken = await bearer(adminToken, 'POST', '/api/v1/users', { email: 'from.hr@kestrel-vale.example', name: 'Hana Ruiz', agency_id: agency.police, role: 'practitioner' });
  assert.equal(byToken.status, 202);
  const coordinatorToken = (await ok(server, who.coordinator, 'POST', '/api/v1/tokens', { name: 'Coordinator script' })).token;
  assert.equal((await bearer(coordinatorToken, 'POST', `/api/v1/approvals/${byToken.json.id}/approve`)).status, 403, 'a person decides');
});

test('the second-factor rule: switching it on stops older tokens until made again with the second factor', async () => {
  const old = await ok(server, who.coordinator, 'POST', '/api/v1/tokens', { name: 'Before the rule' });
  assert.equal(old.second_factor, false);
  assert.equal((await bearer(old.token, 'GET', `/api/v1/people/${record.services}`)).status, 200);
  // A practitioner token from a coordinator when the practitioner role needs the second factor: refused without one.
  await ok(server, who.admin, 'PATCH', '/api/v1/roles/practitioner', { second_factor_required: true });
  let r = await call(server, who.coordinator, 'POST', '/api/v1/tokens', { name: 'x', role: 'practitioner' });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'second_factor_required');
  await ok(server, who.admin, 'PATCH', '/api/v1/roles/practitioner', { second_factor_required: false });
  // The coordinator sets up the second factor, then the rule is switched on for coordinators.
  const start = await ok(server, who.coordinator, 'POST', '/api/v1/account/second-factor');
  const now = Date.now() / 1000;
  await ok(server, who.coordinator, 'POST', '/api/v1/account/second-factor/confirm', { code: totp(start.secret, now) }, 204);
  await ok(server, who.admin, 'PATCH', '/api/v1/roles/coordinator', { second_factor_required: true });
  r = await bearer(old.token, 'GET', `/api/v1/people/${record.services}`);
  assert.equal(r.status, 401, 'the old token is refused once the rule is on');
  assert.match(r.json.error.message, /second factor is required for this role/, 'saying why');
  assert.equal(r.json.error.field, 'Authorization');
  const fresh = await ok(server, who.coordinator, 'POST', '/api/v1/tokens', { name: 'After the rule' });
  assert.equal(fresh.second_factor, true, 'made in a session with the second factor');
  assert.equal((await bearer(fresh.token, 'GET', `/api/v1/people/${record.services}`)).status, 200);
  // Every change alerted the coordinators.
  const alerts = await alertKinds();
  const rules = alerts.filter((a) => a.kind === 'second_factor_rule_changed').map((a) => `${a.record_id}: ${a.reason}`);
  assert.deepEqual(rules, ['coordinator: the second factor is now required for the coordinator role',
    'practitioner: the second factor is no longer required for the practitioner role',
    'practitioner: the second factor is now required for the practitioner role']);
  for (const kind of ['account_requested', 'account_approved', 'account_refused', 'api_token_created']) {
    assert.ok(alerts.some((a) => a.kind === kind), `an alert of kind ${kind}`);
  }
  // Switching the rule off and on again does not bring the old token back while it is on.
  await ok(server, who.admin, 'PATCH', '/api/v1/roles/coordinator', { second_factor_required: true });
  assert.equal((await alertKinds()).filter((a) => a.kind === 'second_factor_rule_changed').length, 3, 'no change, no alert');
  assert.equal((await bearer(old.token, 'GET', '/api/v1/agencies')).status, 401);
});

test('the helper used by other tests adds a practitioner through a second person', async () => {
  const made = await addUser(server, who.admin, who.coordinator, { email: 'helper@kestrel-vale.example', name: 'Helper Practitioner', agency_id: agency.police, role: 'practitioner', password });
  assert.match(made.id, /^[0-9a-f]{32}$/);
  const helper = await signIn(server, 'helper@kestrel-vale.example', password);
  assert.equal((await call(server, helper, 'GET', `/api/v1/people/${record.police}`)).status, 200);
});
