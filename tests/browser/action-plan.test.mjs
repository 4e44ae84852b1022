// The action plan in a real Chromium: a board member reads the demo's plan
// (ratings, "Overdue" and "Update late" tags, an action's history) with no
// forms; a coordinator records progress on an action and adds an action,
// and sees both; an invalid update shows every problem at once in the
// GOV.UK error summary; and the page fits a 375 px wide phone. Screenshots;
// axe-core on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const refusedUpdate = { status: 400, path: /^\/api\/v1\/plan-actions\/[0-9a-f]{32}\/updates$/ };
const today = () => new Date().toISOString().slice(0, 10);

const signIn = (page, email) => signInThroughPage(page, shared.server, email, '/action-plan');
const recommendation = (page, n) => page.locator(`#recommendation-${n}`);

test('a board member reads the plan, with its ratings and tags, and no forms', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signIn(page, 'board@kestrel-vale.example');
  await recommendation(page, 9).waitFor();
  const headings = await page.locator('#plan-recommendations h2').allTextContents();
  assert.equal(headings.length, 9);
  assert.equal(headings[0], 'Recommendation 1: A strategic partnership approach');
  assert.match(await recommendation(page, 2).locator('.govuk-inset-text').textContent(), /consistent definition of child criminal exploitation/);
  assert.match(await recommendation(page, 8).textContent(), /Monitored by\s*Youth Justice Board/);
  assert.ok(await page.locator('#plan-recommendations .govuk-tag', { hasText: 'Overdue' }).first().isVisible());
  assert.ok(await page.locator('#plan-recommendations .govuk-tag', { hasText: 'Update late' }).first().isVisible());
  for (const [rag, colour] of [['Red', 'red'], ['Amber', 'yellow'], ['Green', 'green']]) {
    assert.ok(await page.locator(`#plan-recommendations .govuk-tag--${colour}`, { hasText: rag }).first().isVisible(), `${rag} tags`);
  }
  assert.equal(await page.locator('#plan-recommendations form').count(), 0, 'board members see no forms');
  assert.match(await page.locator('#plan-summary').textContent(), /Actions\s*20, of which 5 done/);
  assert.equal(await page.locator('[data-nav="action-plan"] a').getAttribute('aria-current'), 'page');
  const history = recommendation(page, 9).locator('details', { hasText: 'Progress history (3)' });
  await history.locator('summary').click();
  await history.locator('li', { hasText: 'Consultation finished' }).waitFor();
  assert.equal(await history.locator('li').count(), 3);
  assert.match(await history.locator('li').first().textContent(), /Consultation finished/, 'newest first');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'action-plan');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a coordinator records progress on an action and adds an action, and sees both', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signIn(page, 'coordinator@kestrel-vale.example');
  const card = recommendation(page, 3).locator('.govuk-summary-card').first();
  await card.waitFor();
  const title = await card.locator('h3').textContent();
  await card.locator('summary', { hasText: 'Record progress' }).click();
  const form = card.locator('form');
  assert.equal(await form.locator('input[type=text]').inputValue(), today(), 'the date starts as today');
  await form.locator('label', { hasText: 'Red' }).click();
  await form.locator('textarea').first().fill('Analysts off sick; the baseline is delayed by a month.');
  await form.locator('textarea').nth(1).fill('Email from the analysts\' manager.');
  await form.locator('button').click();
  await page.locator('#done-text', { hasText: 'Progress recorded' }).waitFor();
  const updated = page.locator('.govuk-summary-card', { hasText: title }).first();
  assert.match(await updated.textContent(), new RegExp(`Last update\\s*${today()}`));
  assert.ok(await updated.locator('.govuk-tag--red', { hasText: 'Red' }).first().isVisible(), 'its rating is now red');
  const history = updated.locator('details', { hasText: 'Progress history' });
  assert.equal(await history.getAttribute('open'), '', 'the history is shown open');
  assert.match(await history.locator('li').first().textContent(), /Analysts off sick/);

  await recommendation(page, 9).locator('summary', { hasText: 'Add an action to recommendation 9' }).click();
  await page.fill('#new-action-9-description', 'Share the appraisal with the young people\'s panel.');
  await page.selectOption('#new-action-9-owner_agency_id', { label: 'Safe Harbour Youth Project' });
  await page.fill('#new-action-9-due_on', '2030-01-31');
  await page.click('#new-action-9 button');
  await page.locator('#done-text', { hasText: 'Action added to recommendation 9' }).waitFor();
  const added = recommendation(page, 9).locator('.govuk-summary-card', { hasText: 'Share the appraisal' });
  assert.match(await added.textContent(), /Safe Harbour Youth Project/);
  assert.ok(await added.locator('.govuk-tag', { hasText: 'No update yet' }).isVisible());
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'action-plan-recorded');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('an invalid update shows every problem at once in the error summary', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, refusedUpdate] });
  await signIn(page, 'coordinator@kestrel-vale.example');
  const card = recommendation(page, 5).locator('.govuk-summary-card').first();
  await card.waitFor();
  await card.locator('summary', { hasText: 'Record progress' }).click();
  const form = card.locator('form');
  await form.locator('input[type=text]').fill('2999-01-01');
  await form.locator('button').click();
  const summary = page.locator('#error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.deepEqual(await page.locator('#error-list li').allTextContents(), [
    'Date of the update must be today or in the past', 'Choose red, amber or green', 'Enter the progress made']);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary', 'focus moves to the summary');
  assert.match(await page.title(), /^Error: /);
  assert.equal(await card.locator('.govuk-form-group--error').count(), 3);
  await page.locator('#error-list a').first().click();
  assert.match(await page.evaluate(() => document.activeElement.id), /-written_on$/, 'each problem links to its field');
  // What only the server checks comes back beside its field too.
  await form.locator('input[type=text]').fill(today());
  await form.locator('label', { hasText: 'Amber' }).click();
  await form.locator('textarea').first().fill('x'.repeat(5001));
  await form.locator('button').click();
  await page.locator('#error-list li', { hasText: 'Progress must be 5000 characters or fewer' }).waitFor();
  assert.ok(await card.locator('.govuk-error-message', { hasText: 'Progress must be 5000 characters or fewer' }).isVisible());
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'action-plan-errors');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the plan fits a phone 375 px wide, forms open, and is axe-clean', async () => {
  for (const email of ['board@kestrel-vale.example', 'coordinator@kestrel-vale.example']) {
    const page = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: [signedOut] });
    await signIn(page, email);
    await recommendation(page, 9).waitFor();
    for (const details of await page.locator('#recommendation-2 details').all()) await details.locator('summary').click();
    await recommendation(page, 2).locator('details li').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${email}: the page is ${width}px wide`);
    assert.deepEqual(await accessibilityViolations(page), []);
    await screenshot(page, `action-plan-mobile-${email.split('@')[0]}`);
    assert.deepEqual(unexpectedProblems(page), []);
  }
});
