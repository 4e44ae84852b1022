// Signing in and out in a real Chromium, as a practitioner would: the
// GOV.UK error summary for empty and wrong details, the account page,
// changing the password, and signing out; and where each role starts.
// Screenshots of each step; no accessibility violations on any of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();

async function ready(page) {
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
}

test('a practitioner signs in, changes their password and signs out', async () => {
  // Expected refusals: "who is signed in?" while signed out, the wrong
  // password, and the too-short new password.
  const page = await newPage(shared.browser, { allow: [{ status: 401, path: '/api/v1/session' }, { status: 400, path: '/api/v1/account/password' }] });
  // Not signed in: the account page sends the visitor to sign in and back.
  await page.goto(shared.server.url + '/account');
  await page.waitForURL(/\/sign-in\?next=%2Faccount$/);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'sign-in');

  await page.click('#sign-in-button');
  const summary = page.locator('#error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual(await page.locator('#error-list a').allTextContents(), ['Enter your email address', 'Enter your password']);
  assert.equal(await page.locator('#error-list a').first().getAttribute('href'), '#email');
  assert.ok(await page.locator('#email-group.govuk-form-group--error').isVisible());
  assert.match(await page.title(), /^Error: /);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'sign-in-empty');

  await page.fill('#email', 'school@kestrel-vale.example');
  await page.fill('#password', 'not-the-password');
  await page.click('#sign-in-button');
  await page.locator('#error-list', { hasText: 'Enter a correct email address and password' }).waitFor();
  await screenshot(page, 'sign-in-wrong-password');

  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
  await page.waitForURL(/\/account$/);
  await page.locator('#account-name', { hasText: 'Aisha Brennan' }).waitFor();
  assert.equal(await page.locator('#account-agency').textContent(), 'Larkfield Academy');
  assert.equal(await page.locator('#account-role').textContent(), 'Practitioner');
  assert.ok(await page.locator('#account-navigation button', { hasText: 'Sign out' }).isVisible());
  assert.ok(!(await page.locator('#navigation a', { hasText: 'Sign in' }).isVisible()));
  assert.equal(await page.locator('[data-nav="account"] a').getAttribute('aria-current'), 'page');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'account');

  await page.fill('#current_password', 'kestrel-vale-demo');
  await page.fill('#new_password', 'short');
  await page.click('#password-form button');
  await page.locator('#new_password-error', { hasText: 'at least 12 characters' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'account-password-error');
  await page.fill('#new_password', 'larkfield-lantern-orchard');
  await page.click('#password-form button');
  await page.waitForURL(/\/account\?changed=1$/);
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  await page.locator('#account-name', { hasText: 'Aisha Brennan' }).waitFor();
  await screenshot(page, 'account-password-changed');

  await page.click('#account-navigation button:has-text("Sign out")');
  await page.waitForURL(/\/sign-in\?signed-out=1$/);
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'signed-out');
  const after = await page.evaluate(async () => (await fetch('/api/v1/session')).status);
  assert.equal(after, 401);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('signed in from the sign-in page itself, each role starts where its work starts', async () => {
  const starts = [['coordinator', '/triage'], ['police', '/actions'], ['admin', '/admin'], ['analyst', '/outcomes'],
    ['board', '/outcomes']];
  for (const [who, start] of starts) {
    const page = await newPage(shared.browser, { allow: [{ status: 401, path: '/api/v1/session' }] });
    await page.goto(`${shared.server.url}/sign-in`);
    await ready(page);
    await page.fill('#email', `${who}@kestrel-vale.example`);
    await page.fill('#password', 'kestrel-vale-demo');
    await page.click('#sign-in-button');
    await page.waitForURL((url) => url.pathname === start);
    assert.deepEqual(unexpectedProblems(page), [], who);
    await page.close();
  }
});
