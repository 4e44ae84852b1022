// Duplicate records in the browser, over the whole demo partnership: the
// coordinator opens the duplicates queue, compares a pair side by side,
// merges it (a reason is required), sees everything on the kept record,
// undoes the merge, and sets another pair aside as two people.
// Screenshots for people to look at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const pairRows = (page) => page.locator('#pair-table tbody tr');

async function compareFirstPair(page) {
  await page.goto(`${shared.server.url}/duplicates`);
  await pairRows(page).first().waitFor();
  const names = await pairRows(page).first().locator('td a').evaluateAll((links) => links.slice(0, 2).map((a) => a.textContent.trim()));
  await pairRows(page).first().getByRole('link', { name: /Compare/ }).click();
  await page.waitForURL(/\/compare\?a=/);
  await page.locator('#pair-reasons li').first().waitFor();
  return names;
}

test('the coordinator merges a near-duplicate from the queue, then undoes it', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/duplicates');
  await pairRows(page).first().waitFor();
  const pairs = await pairRows(page).count();
  assert.ok(pairs >= 5, `the demo's near-duplicates are likely pairs (${pairs})`);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'duplicates-01-queue');

  const [first, second] = await compareFirstPair(page);
  const compared = await page.locator('.app-comparison tbody tr').count();
  assert.ok(compared >= 10, 'every field side by side');
  assert.ok(await page.locator('.app-comparison .app-differs').count() > 0, 'what differs stands out');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'duplicates-02-compare');

  await page.click('#merge-button');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /why they are the same/i);
  await page.fill('#reason', 'School and police confirmed at the MACE meeting: same young person, date of birth mistyped.');
  await page.check('#keep-0');
  await page.click('#merge-button');
  await page.waitForURL(/\/person\?id=.*merged=/);
  await page.locator('#merge-list .govuk-inset-text').first().waitFor();
  assert.equal((await page.locator('#person-name').innerText()).trim(), first);
  assert.match(await page.locator('#done-text').innerText(), /merged/);
  assert.match(await page.locator('#merge-list').innerText(), new RegExp(`${second}[^]*merged into this one[^]*MACE`));
  assert.match(await page.locator('#person-facts').innerText(), new RegExp(second), 'the other name is an alias now');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'duplicates-03-merged');

  await page.goto(`${shared.server.url}/duplicates`);
  await pairRows(page).first().waitFor();
  assert.equal(await pairRows(page).count(), pairs - 1, 'the pair leaves the queue');

  await page.goBack();
  await page.getByRole('button', { name: 'Undo this merge' }).click();
  await page.waitForURL(/undone=/);
  await page.locator('#merge-list .govuk-inset-text').first().waitFor();
  assert.match(await page.locator('#done-text').innerText(), /undone/);
  assert.match(await page.locator('#merge-list').innerText(), /Undone on/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'duplicates-04-undone');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the coordinator sets a pair aside as two different people', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/duplicates');
  await pairRows(page).first().waitFor();
  const pairs = await pairRows(page).count();
  await compareFirstPair(page);
  await page.click('#set-aside-button');
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#done-text').innerText(), /set aside/);
  assert.ok(await page.locator('#merge-form').isHidden());
  await page.goto(`${shared.server.url}/duplicates`);
  await pairRows(page).first().waitFor();
  assert.equal(await pairRows(page).count(), pairs - 1);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a practitioner is told the duplicates queue is not for them', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', '/find');
  assert.equal(await page.locator('#navigation [data-nav="duplicates"]').count(), 0);
  await page.goto(`${shared.server.url}/duplicates`);
  await page.waitForFunction(() => document.body.innerText.includes('You cannot use this page'));
  assert.equal(await pairRows(page).count(), 0);
});
