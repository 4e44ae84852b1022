// The pages with the whole demo partnership behind them: the coordinator's
// triage list of new concerns, a young person with two years of history,
// and a hotspot with the young people and adults seen there. Busy pages
// must stay readable and accessible; screenshots for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };

async function signInAsCoordinator(page, next) {
  await page.goto(`${shared.server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.fill('#email', 'coordinator@kestrel-vale.example');
  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
  await page.waitForURL((url) => url.pathname === next);
}

test('the coordinator works through the demo: triage, a young person\'s history, a hotspot', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInAsCoordinator(page, '/triage');
  const rows = page.locator('#triage-table tbody tr');
  await rows.first().waitFor();
  assert.ok(await rows.count() >= 5, 'new concerns wait to be screened');
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

  const place = page.locator('#chronology a[href^="/context"]').first();
  if (await place.count() === 0) {
    const id = await page.evaluate(async () => (await (await fetch('/api/v1/contexts?q=Heronfield%20Park')).json()).items[0].id);
    await page.goto(`${shared.server.url}/context?id=${id}`);
  } else {
    await place.click();
  }
  await page.waitForURL(/\/context\?id=/);
  await page.locator('#chronology li.app-chronology__entry').first().waitFor();
  assert.ok(await page.locator('#chronology li.app-chronology__entry').count() >= 2, 'a place with its links and concerns');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'demo-03-context');
  assert.deepEqual(unexpectedProblems(page), []);
});
