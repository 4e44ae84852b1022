// Administration, the second factor and the coordinator's oversight view in
// a real Chromium, with screenshots and axe-core checks on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { totp } from '../lib/totp.mjs';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();
const allowed = [{ status: 401, path: '/api/v1/session' }, { status: 400, path: '/api/v1/users' }, { status: 409, path: '/api/v1/roles/admin' }];

async function signIn(page, email, password = 'kestrel-vale-demo', next = '') {
  await page.goto(`${shared.server.url}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('#sign-in-button');
}

test('an admin adds an agency and a user, disables the user, and makes and revokes its own token', async () => {
  const page = await newPage(shared.browser, { allow: allowed });
  await signIn(page, 'admin@kestrel-vale.example', undefined, '/admin');
  await page.waitForURL(/\/admin$/);
  await page.locator('#users-table td', { hasText: 'Priya Lindqvist' }).first().waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);

  await page.fill('#agency_name', 'Riverside Youth Club');
  await page.selectOption('#agency_kind', 'voluntary');
  await page.click('#agency-form button');
  await page.locator('#agencies-table td', { hasText: 'Riverside Youth Club' }).waitFor();

  await page.click('#user-form button');
  await page.locator('#error-list a', { hasText: 'Enter their full name' }).waitFor();
  await page.fill('#user_name', 'Ravi Castell');
  await page.fill('#user_email', 'ravi.castell@kestrel-vale.example');
  await page.selectOption('#user_agency', { label: 'Riverside Youth Club' });
  await page.selectOption('#user_role', 'analyst'); // reads no child's record: added at once (a practitioner waits: approvals.test.mjs)
  await page.fill('#user_password', 'short');
  await page.click('#user-form button');
  await page.locator('#user_password-error', { hasText: 'at least 12 characters' }).waitFor();
  await page.fill('#user_password', 'riverside-kayak-lantern');
  await page.click('#user-form button');
  const row = page.locator('#users-table tr', { hasText: 'Ravi Castell' });
  await row.locator('td', { hasText: 'Active' }).waitFor();
  await row.locator('button', { hasText: 'Disable' }).click();
  await row.locator('td', { hasText: 'Disabled' }).waitFor();

  await page.fill('#token_name', 'Admin scripts'); // the admin's own token: its agency and role, no more
  await page.click('#token-form button');
  await page.locator('#new-token-panel').waitFor({ state: 'visible' });
  const token = await page.locator('#new-token').textContent();
  assert.match(token, /^cshub_/);
  const viaToken = await fetch(shared.server.url + '/api/v1/agencies', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(viaToken.status, 200);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'admin');
  await page.locator('#tokens-table tr', { hasText: 'Admin scripts' }).locator('button', { hasText: 'Revoke' }).click();
  await page.locator('#tokens-table td', { hasText: 'Revoked' }).waitFor();

  // Making the second factor mandatory: for another role it is saved; for
  // the admin's own role (no second factor yet) it is refused, not a lock-out.
  await page.check('#role-board_viewer');
  await page.click('#roles-form button');
  await page.locator('#done-text', { hasText: 'second factor settings are saved' }).waitFor();
  await page.reload();
  await page.locator('#role-board_viewer').waitFor();
  assert.ok(await page.isChecked('#role-board_viewer'));
  await page.check('#role-admin');
  await page.click('#roles-form button');
  await page.locator('#error-list', { hasText: 'set up your own second factor' }).waitFor();
  assert.equal((await page.evaluate(async () => (await fetch('/api/v1/agencies')).status)), 200, 'the admin is not locked out');
  assert.equal((await fetch(shared.server.url + '/api/v1/agencies', { headers: { Authorization: `Bearer ${token}` } })).status, 401);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a practitioner sets up the second factor by QR code and then needs it to sign in', async () => {
  const page = await newPage(shared.browser, { allow: [...allowed] });
  await signIn(page, 'health@kestrel-vale.example');
  await page.waitForURL(/\/actions$/);
  await page.click('#account-navigation a:has-text("Your account")');
  await page.waitForURL(/\/account$/);
  await page.click('#second-factor-start');
  await page.locator('#second-factor-setup').waitFor({ state: 'visible' });
  const loaded = await page.locator('#second-factor-qr').evaluate((img) => img.complete && img.naturalWidth > 100);
  assert.ok(loaded, 'the QR code image shows');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'second-factor-setup');
  const secret = (await page.locator('#second-factor-secret').textContent()).replace(/\s/g, '');
  const now = Date.now() / 1000;
  await page.fill('#second_factor_code', totp(secret, now));
  await page.click('#second-factor-form button');
  await page.waitForURL(/second-factor=on/);
  await page.locator('#done-banner').waitFor({ state: 'visible' });

  await page.click('#account-navigation button:has-text("Sign out")');
  await page.waitForURL(/signed-out/);
  await page.fill('#email', 'health@kestrel-vale.example');
  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
  await page.locator('#code-group').waitFor({ state: 'visible' });
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'sign-in-second-factor');
  await page.fill('#code', totp(secret, now, 1));
  await page.click('#sign-in-button');
  await page.waitForURL(/\/actions$/); // a practitioner starts at their actions
  await page.goto(`${shared.server.url}/account`);
  await page.locator('#second-factor-status', { hasText: 'asks for a code' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a coordinator sees break-glass alerts and who has looked at a record', async () => {
  // A school practitioner records a young person; a police officer breaks glass to read it.
  const post = async (email, path, body, session) => {
    const headers = { 'Content-Type': 'application/json', ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrf } : {}) };
    const r = await fetch(shared.server.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return { r, json: await r.json().catch(() => null) };
  };
  const session = async (email) => {
    const { r, json } = await post(email, '/api/v1/session', { email, password: 'kestrel-vale-demo' });
    return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: json.csrf_token };
  };
  const school = await session('school@kestrel-vale.example');
  const person = (await post(null, '/api/v1/people', { kind: 'young_person', given_name: 'Demi', family_name: 'Holloway', sharing: 'hub' }, school)).json;
  const police = await session('police@kestrel-vale.example');
  const glass = await post(null, '/api/v1/break-glass', { record_type: 'person', record_id: person.id, reason: 'Reported missing tonight; need her address' }, police);
  assert.equal(glass.r.status, 201);
  await fetch(`${shared.server.url}/api/v1/people/${person.id}`, { headers: { Cookie: police.cookie } });

  const page = await newPage(shared.browser, { allow: allowed });
  await signIn(page, 'coordinator@kestrel-vale.example', undefined, '/oversight');
  await page.waitForURL(/\/oversight$/);
  await page.locator('#alerts-table td', { hasText: 'Reported missing tonight; need her address' }).waitFor();
  assert.ok(await page.locator('#alerts-table td', { hasText: 'Tom Harwood' }).isVisible());
  await page.fill('#record_id', person.id);
  await page.click('#record-form button');
  await page.locator('#record-audit td', { hasText: 'Emergency access' }).waitFor();
  assert.equal(await page.locator('#record-audit td', { hasText: 'Emergency access' }).count(), 1, 'one audit event per break-glass');
  const whoLooked = await page.locator('#record-audit tbody tr td:nth-child(2)').allTextContents();
  assert.ok(whoLooked.includes('Tom Harwood'));
  assert.ok(whoLooked.includes('Aisha Brennan'));
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'oversight');
  await page.fill('#record_id', 'not-a-reference');
  await page.click('#record-form button');
  await page.locator('#record_id-error', { hasText: '32-character' }).waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
});

test('pages for another role say so instead of showing empty forms', async () => {
  const page = await newPage(shared.browser, { allow: allowed });
  await signIn(page, 'analyst@kestrel-vale.example', undefined, '/admin');
  await page.waitForURL(/\/admin$/);
  await page.locator('h1', { hasText: 'You cannot use this page' }).waitFor();
  assert.equal(await page.locator('#agency-form').count(), 0);
  await page.goto(`${shared.server.url}/oversight`);
  await page.locator('h1', { hasText: 'You cannot use this page' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
});
