// The contextual picture and duplicate records in the browser, over the
// whole demo partnership. First the coordinator's journey: a young
// person's network, a hotspot in it, the assessment cshub proposes there,
// and a duplicate record of the young person merged. Then the duplicates
// queue: the coordinator compares a pair side by side,
// merges it (a reason is required), sees everything on the kept record,
// undoes the merge, and sets another pair aside as two people.
// Screenshots for people to look at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const pairRows = (page) => page.locator('#pair-table tbody tr');

// The demo dates births back from the day it is made, so the young person
// is found by what the demo says of them, not by a remembered date: the
// José Stainsby whom another agency recorded again as Joosé Stainsby.
async function joseWithNearDuplicate(server) {
  const coordinator = await signIn(server, 'coordinator@kestrel-vale.example');
  const found = await ok(server, coordinator, 'GET', '/api/v1/people?q=stainsby&limit=50');
  for (const person of found.items.filter((p) => p.given_name === 'José')) {
    const duplicates = await ok(server, coordinator, 'GET', `/api/v1/people/${person.id}/duplicates`);
    if (duplicates.items.some((d) => d.person.given_name === 'Joosé')) return person.id;
  }
  assert.fail('the demo has a José Stainsby recorded again as Joosé Stainsby');
}

async function compareFirstPair(page) {
  await page.goto(`${shared.server.url}/duplicates`);
  await pairRows(page).first().waitFor();
  const names = await pairRows(page).first().locator('td a').evaluateAll((links) => links.slice(0, 2).map((a) => a.textContent.trim()));
  await pairRows(page).first().getByRole('link', { name: /Compare/ }).click();
  await page.waitForURL(/\/compare\?a=/);
  await page.locator('#pair-reasons li').first().waitFor();
  return names;
}

test('the coordinator\'s journey: a young person\'s network, a hotspot, the proposed assessment, a duplicate merged', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/find?q=stainsby');
  const joseId = await joseWithNearDuplicate(shared.server);
  await page.locator(`section[aria-label="People"] a[href="/person?id=${joseId}"]`).click();
  await page.waitForURL(/\/person\?id=/);
  const personUrl = page.url();
  await page.click('#network-link');
  await page.waitForURL(/\/network\?subject=/);
  const place = page.locator('#network-nodes tbody tr a', { hasText: 'Flat 3, 12 Tanner Street' });
  await place.waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'journey-01-network');

  await place.click();
  await page.waitForURL(/\/context\?id=/);
  await page.locator('#hotspot-status').waitFor();
  assert.match(await page.locator('#hotspot-status').innerText(), /Hotspot[^]*\d+ young people/);
  assert.match(await page.locator('#proposal-status').innerText(), /Assessment proposed/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'journey-02-hotspot');

  await page.getByRole('link', { name: 'start the assessment' }).click();
  await page.waitForURL(/\/assess\?context=/);
  await page.locator('#questions textarea').first().fill('Older men come and go all day; young people are sent from here to sell.');
  await page.check('#risk_rating-high');
  await page.fill('#summary', 'High risk: closure order to be sought with the landlord; police disruption visits.');
  await page.click('#save-assessment');
  await page.waitForURL(/assessed=1/);
  await page.locator('#assessment-list li').first().waitFor();
  await page.locator('#hotspot-status').waitFor();
  assert.equal(await page.locator('#proposal-status').count(), 0, 'assessed: no longer proposed');
  await screenshot(page, 'journey-03-assessed');

  await page.goto(personUrl);
  const compare = page.getByRole('link', { name: 'Compare with Joosé Stainsby' });
  await compare.waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'journey-04-possible-duplicate');
  await compare.click();
  await page.waitForURL(/\/compare\?a=/);
  await page.locator('#pair-reasons li').first().waitFor();
  await page.fill('#reason', 'Health and children\'s services confirmed: one young person, date of birth mistyped.');
  await page.check('#keep-0');
  await page.click('#merge-button');
  await page.waitForURL(/merged=/);
  await page.locator('#merge-list .govuk-inset-text').first().waitFor();
  assert.equal((await page.locator('#person-name').innerText()).trim(), 'José Stainsby');
  await page.locator('#chronology li.app-chronology__entry').first().waitFor();
  assert.match(await page.locator('#chronology').innerText(), /injury they would not explain/, 'the other agency\'s concern is on the kept record');
  assert.ok(await page.locator('#duplicates').isHidden(), 'no duplicate left to compare');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'journey-05-merged');
  assert.deepEqual(unexpectedProblems(page), []);
});

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
