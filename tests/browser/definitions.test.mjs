// The shared definitions in a real Chromium: a practitioner reads them by
// category; an admin records an agency's adoption and publishes a new
// version, and the history shows both. Screenshots; axe-core on each page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();
const signedOut = { status: 401, path: '/api/v1/session' };

const signIn = (page, email, next) => signInThroughPage(page, shared.server, email, next);

test('a practitioner reads the definitions by category', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signIn(page, 'school@kestrel-vale.example', '/definitions');
  await page.locator('h2', { hasText: 'Types of exploitation and harm' }).waitFor();
  const headings = await page.locator('#definitions h2').allTextContents();
  assert.deepEqual(headings, ['Types of exploitation and harm', 'Kinds of context', 'Kinds of link', 'Indicators', 'Adverse childhood experiences']);
  assert.ok(await page.locator('td', { hasText: 'Census code 24A' }).first().isVisible());
  assert.equal(await page.locator('[data-nav="definitions"] a').getAttribute('aria-current'), 'page');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'definitions');
  await page.click('a:has-text("Child criminal exploitation")');
  await page.waitForURL(/\/definition\?id=/);
  await page.locator('#definition-label', { hasText: 'Child criminal exploitation' }).waitFor();
  assert.ok(!(await page.locator('#definition-admin').isVisible()), 'practitioners do not see the admin forms');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('an admin records adoption and publishes a new version', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /^\/api\/v1\/definitions\/[0-9a-f]{32}\/versions$/ }] });
  await signIn(page, 'admin@kestrel-vale.example', '/definitions');
  await page.click('a:has-text("Going missing")');
  await page.locator('#definition-label', { hasText: 'Going missing' }).waitFor();
  await page.locator('#definition-admin').waitFor({ state: 'visible' });
  await page.selectOption('#adoption_agency', { label: 'Kestrel Vale Police' });
  await page.fill('#adoption_date', '2023-04-01');
  await page.click('#adoption-form button');
  await page.locator('#definition-adoption tr', { hasText: 'Kestrel Vale Police' }).locator('text=Adopted 2023-04-01').waitFor();
  await page.fill('#version_text', 'A child whose whereabouts are unknown, whatever the circumstances; going missing is a sign and a risk of exploitation.');
  await page.fill('#version_date', '2025-13-01');
  await page.click('#version-form button');
  await page.locator('#version_date-error', { hasText: 'YYYY-MM-DD' }).waitFor();
  await page.fill('#version_date', '2025-01-15');
  await page.click('#version-form button');
  await page.locator('#done-text', { hasText: 'Version 2 is published' }).waitFor();
  assert.equal(await page.locator('#definition-history tbody tr').count(), 2);
  assert.ok(await page.locator('#definition-adoption td', { hasText: 'Not yet' }).first().isVisible(), 'adoption starts again for version 2');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'definition');
  assert.deepEqual(unexpectedProblems(page), []);
});
