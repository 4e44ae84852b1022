// The outcome measures in Chromium over the demo partnership: the analyst
// and the board member sign in and land on them; every measure at a
// glance, grouped by level, each chart with its figures; one measure in
// detail, broken down, with small numbers shown as "c"; the period form's
// errors; a phone-sized screen; axe-core on every page; what the
// practitioner is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };

async function signInAt(page, email) {
  await page.goto(`${shared.server.url}/sign-in`);
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.fill('#email', email);
  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
}

const cards = (page) => page.locator('.app-measure');
const charts = (page) => page.locator('canvas[role="img"]');

test('the analyst starts at the outcomes: every measure, by level, each chart with its figures', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInAt(page, 'analyst.police@kestrel-vale.example');
  await page.waitForURL(/\/outcomes$/);
  await cards(page).nth(12).waitFor();
  assert.equal(await cards(page).count(), 13);
  assert.deepEqual(await page.locator('h2.govuk-heading-m').allInnerTexts(), ['Individual change', 'Contextual change', 'The system']);
  assert.equal(await page.locator('#navigation [data-nav="outcomes"] a').getAttribute('aria-current'), 'page');
  assert.match(await page.locator('.app-suppression-note').innerText(), /Counts of 1 to 5 are shown as c/);
  // Chart.js drew every chart, and a table of the same figures is under each.
  await page.waitForFunction(() => [...document.querySelectorAll('canvas[role="img"]')].every((c) => c.width > 0 && globalThis.Chart.getChart(c)));
  assert.equal(await charts(page).count(), 13);
  assert.equal(await page.locator('.app-measure details table').count(), 13);
  const received = cards(page).filter({ hasText: 'Concerns received' });
  assert.match(await received.locator('.app-measure__figure').innerText(), /^\d+$/);
  assert.match(await received.innerText(), /(Up|Down) from \d+ in the period before|The same as the period before/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'outcomes-01-analyst');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the board member opens one measure, breaks it down by sex, and sees small numbers as c', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInAt(page, 'board.chair@kestrel-vale.example');
  await page.waitForURL(/\/outcomes$/);
  await page.getByRole('link', { name: 'Concerns received' }).click();
  await page.waitForURL(/\/measure\?code=concerns_received/);
  await page.locator('.govuk-summary-list').waitFor();
  assert.match(await page.locator('.govuk-summary-list').innerText(), /How it is counted[^]*Each concern counted/);
  await page.selectOption('#by', 'sex');
  await page.click('#period-form button');
  await page.waitForURL(/by=sex/);
  await page.locator('h2', { hasText: 'By sex' }).waitFor();
  const period = page.locator('table', { hasText: 'by sex, for the period' });
  assert.match(await period.innerText(), /Female[^]*Male/);
  const figures = await page.locator('.app-figures td').allInnerTexts();
  assert.ok(figures.includes('c'), 'some small count is shown as c');
  assert.equal(figures.filter((f) => /^[1-5]$/.test(f)).length, 0, 'no count of 1 to 5 is shown');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'outcomes-02-board-by-sex');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a period the server refuses is shown as an error naming the field', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/api\/v1\/outcomes\/measures\// }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/measure?code=days_to_screening&from=2026-05&to=2026-01');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /To must be the same month as From or later/);
  assert.equal(await page.locator('#error-list a').getAttribute('href'), '#to');
  assert.deepEqual(await accessibilityViolations(page), []);
});

test('on a phone-sized screen the outcomes fit the width', async () => {
  const page = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/measure?code=concerns_received&by=agency');
  await page.locator('h2', { hasText: 'By agency' }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scroll of the page');
  assert.match(await page.locator('.app-suppression-note').innerText(), /Counts of 1 to 5 are shown as c/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'outcomes-03-phone-measure');
  await page.goto(`${shared.server.url}/outcomes`);
  await cards(page).nth(12).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375));
  await screenshot(page, 'outcomes-04-phone');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a practitioner is told the outcomes are not for their role', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', '/outcomes');
  await page.locator('h1', { hasText: 'You cannot use this page' }).waitFor();
  assert.equal(await page.locator('#navigation [data-nav="outcomes"]').count(), 0);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the board member reads the board\'s quarterly report, downloads it, and it fits a phone', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const page = await newPage(shared.browser, { viewport, allow: [signedOut] });
    await signInThroughPage(page, shared.server, 'board@kestrel-vale.example', '/report');
    await page.locator('#report-title').waitFor();
    const title = await page.locator('#report-title').innerText();
    assert.match(title, /^Safer Kestrel Vale Partnership: [A-Z][a-z]+ to [A-Z][a-z]+ \d{4}$/);
    assert.equal(await page.locator('.app-report-section').count(), 14, 'thirteen measures and the action plan');
    assert.match(await page.locator('.app-report-section').last().innerText(), /Action plan[^]*Recommendation \d/);
    const figures = await page.locator('.app-report-section td').allInnerTexts();
    assert.ok(figures.includes('c'), 'small numbers shown as c');
    const pdf = await page.locator('a', { hasText: 'as a PDF' }).getAttribute('href');
    const answer = await page.evaluate(async (href) => {
      const r = await fetch(href);
      return { status: r.status, type: r.headers.get('content-type'), start: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, pdf);
    assert.deepEqual(answer, { status: 200, type: 'application/pdf', start: '%PDF-' });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll of the page');
    assert.deepEqual(await accessibilityViolations(page), []);
    await screenshot(page, `outcomes-05-board-report-${viewport.width}`);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.close();
  }
});

test('a coordinator chooses what a board\'s report holds', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/report');
  await page.locator('#report-title').waitFor();
  await page.getByText('Choose what this board\'s report holds').click();
  const boxes = page.locator('.app-section-chooser input[type="checkbox"]');
  assert.equal(await boxes.count(), 14);
  for (let i = 0; i < 14; i++) await boxes.nth(i).uncheck();
  await page.getByRole('button', { name: 'Save the sections' }).click();
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /Choose at least one section/);
  await page.getByLabel('MACE attendance', { exact: true }).check();
  await page.getByLabel('The action plan', { exact: true }).check();
  await page.getByRole('button', { name: 'Save the sections' }).click();
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  assert.equal(await page.locator('.app-report-section').count(), 2);
  assert.deepEqual(await page.locator('.app-report-section h2').allInnerTexts(), ['MACE attendance', 'Action plan']);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'outcomes-06-report-sections');
  assert.deepEqual(unexpectedProblems(page), []);
});
