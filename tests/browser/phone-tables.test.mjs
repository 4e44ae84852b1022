// Tables on a phone (issue 13 item 15): at 375 px the triage, duplicates,
// meeting and oversight pages show each row as a card with its columns'
// labels, and never scroll sideways; the compare page marks a field as
// differing only when both records hold it and they disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, screenshotDir, signInThroughPage, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const phone = { width: 375, height: 740 };

async function sidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('the coordinator\'s tables fit a phone: a card a row, each cell labelled', async () => {
  const coordinator = await signIn(shared.server, 'coordinator@kestrel-vale.example');
  const meetings = await ok(shared.server, coordinator, 'GET', '/api/v1/meetings?limit=100');
  const held = meetings.items.find((m) => m.status === 'closed'); // its attendance and actions are tables
  const page = await newPage(shared.browser, { viewport: phone, allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/triage');
  for (const path of ['/triage', '/duplicates', `/meeting?id=${held.id}`, '/oversight']) {
    await page.goto(`${shared.server.url}${path}`);
    await page.waitForLoadState('networkidle');
    const stacked = page.locator('table.app-table-stacked');
    assert.ok(await stacked.count() > 0, `${path} has its tables`);
    const cell = stacked.first().locator('tbody td[data-label]').first();
    assert.ok(await cell.count() === 1, `${path}: cells carry their column's label`);
    const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
    assert.notEqual(label, 'none', `${path}: the label shows on a phone`);
    assert.ok(await sidewaysScroll(page) <= 0, `${path} scrolls sideways by ${await sidewaysScroll(page)}px`);
    assert.deepEqual(await accessibilityViolations(page), [], path);
    await screenshot(page, `phone-table${path.split('?')[0].replace('/', '-')}`);
    await stacked.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/phone-table${path.split('?')[0].replace('/', '-')}-first-rows.png` });
  }
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the compare page marks only what both records hold and disagree on', async () => {
  const coordinator = await signIn(shared.server, 'coordinator@kestrel-vale.example');
  const person = (extra) => ok(shared.server, coordinator, 'POST', '/api/v1/people', {
    kind: 'young_person', given_name: 'Comparo', family_name: 'Testerby', date_of_birth: '2011-03-04', sharing: 'hub', ...extra });
  const a = await person({ postcode: 'KV1 2AB', school: 'Heronfield Academy' });
  const b = await person({ school: 'Marsh Lane School' });
  const page = await newPage(shared.browser, { viewport: phone, allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/compare?a=${a.id}&b=${b.id}`);
  const row = (label) => page.locator('.app-comparison tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) });
  await row('School').waitFor();
  assert.equal(await row('School').locator('.app-differs').count(), 2, 'two schools differ');
  assert.equal(await row('Postcode').locator('.app-differs').count(), 0, 'a postcode on one side only is not a difference');
  assert.doesNotMatch(await row('Postcode').innerText(), /differs/);
  assert.equal(await row('Date of birth').locator('.app-differs').count(), 0);
  assert.ok(await sidewaysScroll(page) <= 0, 'the comparison fits a phone');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'phone-compare');
  assert.deepEqual(unexpectedProblems(page), []);
});
