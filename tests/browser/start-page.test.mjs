// The start page in a real Chromium: heading, service name, the styled
// start button, scripts running under the CSP, no console errors, no
// accessibility violations; screenshots at desktop and mobile widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();
const signedOut = [{ status: 401, path: '/api/v1/session' }];

test('the start page shows the service, styled, with no errors or accessibility violations', async () => {
  const page = await newPage(shared.browser, { allow: signedOut });
  const response = await page.goto(shared.server.url + '/');
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  assert.equal(await page.locator('h1').textContent(), 'Contextual safeguarding hub');
  assert.match(await page.title(), /Contextual safeguarding hub – cshub/);
  assert.match(await page.locator('.govuk-generic-header').textContent(), /cshub/);
  const start = page.locator('a.govuk-button--start');
  assert.equal(await start.getAttribute('href'), '/sign-in');
  // GOV.UK Frontend's CSS applied: the start button is green and the font is ours, not GDS Transport.
  const button = await start.evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, font: getComputedStyle(el).fontFamily }));
  const [red, green, blue] = button.background.match(/\d+/g).map(Number);
  assert.ok(green > 100 && red < 50 && blue < 100, `start button is GOV.UK green, not ${button.background}`);
  assert.match(button.font, /^arial/);
  const gdsTransport = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => getComputedStyle(el).fontFamily.includes('GDS Transport')).length);
  assert.equal(gdsTransport, 0, 'no element uses the gov.uk-only typeface');
  // The module ran under the CSP.
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'start-page');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the start page works on a phone-sized screen', async () => {
  const page = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: signedOut });
  await page.goto(shared.server.url + '/');
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  assert.ok(await page.locator('a.govuk-button--start').isVisible());
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await screenshot(page, 'start-page-mobile');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a missing page gets the styled 404 page', async () => {
  const page = await newPage(shared.browser, { allow: [...signedOut, { status: 404, path: '/no-such-page' }] });
  const response = await page.goto(shared.server.url + '/no-such-page');
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  assert.deepEqual(await accessibilityViolations(page), []);
});
