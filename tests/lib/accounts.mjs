// Test helper: adds a user through the admin API as the rules now require.
// An account in a role that reads children's records (practitioner,
// coordinator) is asked for by an admin, approved by a second person (a
// coordinator), and its person sets the password with the one-time set-up
// code the approver is given; any other role is made at once.
import assert from 'node:assert/strict';
import { call } from './client.mjs';

/**
 * Adds the user body ({email, name, agency_id, role, password}) as admin,
 * with approver deciding when the role needs it; returns {id, email, role,
 * agency_id, approval} (approval: the approved request, or undefined).
 */
export async function addUser(server, admin, approver, body) {
  const { password, ...fields } = body;
  const first = await call(server, admin, 'POST', '/api/v1/users', body);
  if (first.status === 201) return first.json;
  assert.equal(first.status, 400, `POST /api/v1/users: ${JSON.stringify(first.json)}`);
  assert.equal(first.json.error.field, 'password', 'only a role that reads records refuses the password');
  const asked = await call(server, admin, 'POST', '/api/v1/users', fields);
  assert.equal(asked.status, 202, `the request waits for approval: ${JSON.stringify(asked.json)}`);
  const approval = await call(server, approver, 'POST', `/api/v1/approvals/${asked.json.id}/approve`);
  assert.equal(approval.status, 200, `approved: ${JSON.stringify(approval.json)}`);
  await setUpAccount(server, body.email, approval.json.setup_code, password);
  return { id: approval.json.user_id, email: body.email, role: body.role, agency_id: body.agency_id, approval: approval.json };
}

/** The person sets their password with the set-up code; fails the test unless it works. */
export async function setUpAccount(server, email, code, password) {
  const r = await fetch(server.url + '/api/v1/account/setup', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, code, password }) });
  assert.equal(r.status, 204, `set-up of ${email}: ${await r.text()}`);
}
