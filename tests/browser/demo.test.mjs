// The pages with the whole demo partnership behind them: the coordinator's
// triage list of new concerns, a young person with two years of history,
// finding people and places by name, and a hotspot with the young people
// and adults seen there. Busy pages
// must stay readable and accessible; screenshots for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };

const signInAsCoordinator = (page, next) => signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', next);

test('the coordinator works through the demo: triage, a young person\'s history, finding a hotspot', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInAsCoordinator(page, '/triage');
  const rows = page.locator('#triage-table tbody tr');
  await rows.first().waitFor();
  assert.ok(await rows.count() >= 5, 'new concerns wait to be screened');
  // Newest first by the date of the concern (issue 13 item 12: it was by when the demo recorded them),
  // each saying how long it has waited and for which agency it was raised.
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td, th')].map((td) => td.textContent.trim())));
  const dates = cells.map((c) => c[0]);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest concern date first');
  assert.ok(cells.every((c) => /^(Today|1 day|\d+ days)$/.test(c[1])), `a waiting time on every row: ${cells.slice(0, 3).map((c) => c[1])}`);
  assert.ok(cells.every((c) => /\(.+\)$/.test(c[4])), `the raising agency on every row: ${cells.slice(0, 3).map((c) => c[4])}`);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'demo-01-triage');

  await rows.first().locator('a[href^="/person"]').first().click();
  await page.waitForURL(/\/person\?id=/);
  const entries = page.locator('#chronology li.app-chronology__entry');
  await entries.first().waitFor();
  assert.ok(await entries.count() >= 2, 'the young person has a history: concerns, links, screenings');
  assert.match(await page.locator('#person-facts').innerText(), /Date of birth|Age \(estimated\)/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'demo-02-young-person');

  // Finding a place by name, and people by a name typed without its accent.
  await page.click('[data-nav="find"] a');
  await page.waitForURL(/\/find/);
  await page.fill('#q', 'zoe');
  await page.click('#find-button');
  await page.waitForURL(/\/find\?q=zoe/);
  const people = page.locator('section[aria-label="People"] li');
  await people.first().waitFor();
  assert.match(await people.first().innerText(), /Zoë/, 'accents do not matter');
  await page.fill('#q', 'heronfield');
  await page.click('#find-button');
  const places = page.locator('section[aria-label^="Places"] li');
  await places.first().waitFor();
  assert.ok(await places.count() >= 3, 'the park, the precinct, the neighbourhood');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'demo-03-find');
  await places.filter({ hasText: 'Heronfield Park' }).locator('a').click();
  await page.waitForURL(/\/context\?id=/);
  await page.locator('#chronology li.app-chronology__entry').first().waitFor();
  assert.ok(await page.locator('#chronology li.app-chronology__entry').count() >= 2, 'a place with its links and concerns');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'demo-04-context');
  assert.deepEqual(unexpectedProblems(page), []);
});
