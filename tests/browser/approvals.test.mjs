// The account approval page in a real Chromium: an admin asks for a
// practitioner on the administration page (no password: it waits); the
// coordinator finds "Account approvals" in the navigation, approves it and
// is shown the one-time set-up code; the new practitioner sets their own
// password on the set-up page and signs in; a second request is refused with
// a reason. Screenshots; axe-core on each page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signInThroughPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: true });
const signedOut = { status: 401, path: '/api/v1/session' };

/** The admin asks for a practitioner of the police through the administration page. */
async function askFor(page, name, email) {
  await page.fill('#user_name', name);
  await page.fill('#user_email', email);
  await page.selectOption('#user_agency', { label: 'Kestrel Vale Police' });
  await page.selectOption('#user_role', 'practitioner');
  await page.click('#user-form button');
  await page.locator('#done-text', { hasText: `${name} is asked for` }).waitFor();
}

test('an admin asks, a coordinator approves and hands over the code, the person sets their password', async () => {
  const admin = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(admin, shared.server, 'admin@kestrel-vale.example', '/admin');
  await admin.locator('#users-table td', { hasText: 'Priya Lindqvist' }).first().waitFor();
  await askFor(admin, 'Jordan Reeve', 'reeve@kestrel-vale.example');
  await askFor(admin, 'Sam Unknown', 'unknown@kestrel-vale.example');
  await admin.locator('#requests-table td', { hasText: 'Jordan Reeve' }).waitFor();
  assert.equal(await admin.locator('#users-table td', { hasText: 'Jordan Reeve' }).count(), 0, 'no account until approved');
  assert.deepEqual(await accessibilityViolations(admin), []);
  assert.equal(await admin.locator('[data-nav="approvals"]').count(), 0, 'an admin does not approve');
  assert.deepEqual(unexpectedProblems(admin), []);

  const coordinator = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(coordinator, shared.server, 'coordinator@kestrel-vale.example', '/triage');
  await coordinator.locator('[data-nav="approvals"] a').click();
  await coordinator.waitForURL(/\/approvals$/);
  const row = coordinator.locator('#pending-table tr', { hasText: 'Jordan Reeve' });
  await row.waitFor();
  assert.match(await row.innerText(), /New account: Practitioner, Kestrel Vale Police/);
  assert.match(await row.innerText(), /Morgan Ellery/, 'who asked');
  assert.equal(await coordinator.getAttribute('[data-nav="approvals"] a', 'aria-current'), 'page');
  assert.deepEqual(await accessibilityViolations(coordinator), []);
  await row.getByRole('button', { name: 'Approve Jordan Reeve' }).click();
  await coordinator.locator('#setup-panel').waitFor({ state: 'visible' });
  const code = (await coordinator.locator('#setup-code').textContent()).trim();
  assert.match(code, /^setup_/);
  assert.match(await coordinator.locator('#setup-panel').innerText(), /Jordan Reeve/);
  await coordinator.locator('#decided-table td', { hasText: 'Jordan Reeve' }).waitFor();
  assert.deepEqual(await accessibilityViolations(coordinator), []);
  await screenshot(coordinator, 'approvals');

  // Refusing the other needs a reason.
  await coordinator.selectOption('#refuse_request', { label: 'Sam Unknown: New account: Practitioner, Kestrel Vale Police' });
  await coordinator.click('#refuse-form button');
  await coordinator.locator('#refuse_reason-error', { hasText: 'Say why' }).waitFor();
  await coordinator.fill('#refuse_reason', 'The police have no one of that name');
  await coordinator.click('#refuse-form button');
  await coordinator.locator('#done-text', { hasText: 'The request for Sam Unknown is refused' }).waitFor();
  await coordinator.locator('#decided-table td', { hasText: 'The police have no one of that name' }).waitFor();
  assert.equal(await coordinator.locator('#pending-table', { hasText: 'Nothing is waiting' }).count(), 1);
  assert.deepEqual(await accessibilityViolations(coordinator), []);
  assert.deepEqual(unexpectedProblems(coordinator), []);

  // The alerts reach the coordinator's oversight page.
  await coordinator.goto(`${shared.server.url}/oversight`);
  await coordinator.locator('#alerts-table td', { hasText: 'Account approved' }).first().waitFor();
  await coordinator.locator('#alerts-table td', { hasText: 'Account refused' }).first().waitFor();
  await coordinator.locator('#alerts-table td', { hasText: 'Account asked for' }).first().waitFor();

  // The new practitioner sets their own password with the code and signs in.
  const person = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: '/api/v1/account/setup' }] });
  await person.goto(`${shared.server.url}/setup`);
  await person.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  assert.deepEqual(await accessibilityViolations(person), []);
  await person.fill('#setup_email', 'reeve@kestrel-vale.example');
  await person.fill('#setup_code', 'setup_wrong');
  await person.fill('#setup_password', 'jordan chose this password');
  await person.click('#setup-button');
  await person.locator('#setup_code-error', { hasText: 'not right' }).waitFor();
  await person.fill('#setup_code', code);
  await person.click('#setup-button');
  await person.waitForURL(/\/sign-in/);
  await person.fill('#email', 'reeve@kestrel-vale.example');
  await person.fill('#password', 'jordan chose this password');
  await person.click('#sign-in-button');
  await person.waitForURL(/\/actions$/);
  assert.deepEqual(unexpectedProblems(person), []);
});

test('the approvals and set-up pages fit a phone 375 px wide and are axe-clean there', async () => {
  const coordinator = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: [signedOut] });
  await signInThroughPage(coordinator, shared.server, 'coordinator@kestrel-vale.example', '/approvals');
  await coordinator.locator('#pending-table').waitFor();
  assert.ok(await coordinator.evaluate(() => document.documentElement.scrollWidth <= 375), 'approvals: no sideways scroll');
  assert.deepEqual(await accessibilityViolations(coordinator), []);
  await screenshot(coordinator, 'approvals-375');
  const person = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: [signedOut] });
  await person.goto(`${shared.server.url}/setup`);
  await person.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  assert.ok(await person.evaluate(() => document.documentElement.scrollWidth <= 375), 'set-up: no sideways scroll');
  assert.deepEqual(await accessibilityViolations(person), []);
  await screenshot(person, 'setup-375');
  assert.deepEqual(unexpectedProblems(coordinator), []);
  assert.deepEqual(unexpectedProblems(person), []);
});
