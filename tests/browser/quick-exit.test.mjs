// The quick exit (issue 13 item 19): every page carries GOV.UK's "Exit
// this page" button, which leaves at once for a neutral site when pressed
// or when Shift is pressed three times; it fits a phone's screen and
// passes axe-core. The neutral site is answered by the test (no network).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, signInThroughPage, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();
const neutral = 'https://www.bbc.co.uk/weather';

const signedOut = [{ status: 401, path: '/api/v1/session' }]; // the sign-in page asks who is signed in

async function pageWithNeutralSite(viewport) {
  const page = await newPage(shared.browser, { viewport, allow: signedOut });
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>Weather</title><h1>Weather</h1>' }));
  return page;
}

async function ready(page) {
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.locator('#exit-this-page').waitFor();
}

test('a practitioner on a phone leaves the concern form at once by pressing Shift three times', async () => {
  const page = await pageWithNeutralSite({ width: 375, height: 740 });
  await signInThroughPage(page, shared.server, 'school@kestrel-vale.example', '/record-concern');
  await ready(page);
  const exit = page.locator('#exit-this-page');
  assert.ok(await exit.isVisible(), 'the exit is on screen');
  assert.equal(await exit.getAttribute('href'), neutral);
  assert.match(await exit.textContent(), /Exit this page/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'quick-exit-record-concern-mobile');
  await page.locator('h1').click(); // the keys go to the page, not to a field
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift');
    await page.waitForTimeout(100);
  }
  await page.waitForURL(neutral);
  assert.equal(await page.locator('h1').textContent(), 'Weather');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the exit button leaves a young person\'s page, and is on the start page too', async () => {
  const page = await pageWithNeutralSite({ width: 1280, height: 900 });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/triage');
  await ready(page);
  await page.locator('#exit-this-page').click();
  await page.waitForURL(neutral);
  const start = await newPage(shared.browser, { allow: signedOut });
  await start.goto(`${shared.server.url}/`);
  await ready(start);
  assert.equal(await start.locator('#exit-this-page').getAttribute('href'), neutral);
  assert.deepEqual(unexpectedProblems(start), []);
});
