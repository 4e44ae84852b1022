// The purpose of access in a real Chromium: with the police required to
// state one (an admin's setting), an officer opening a young person's
// page is first asked "Why are you opening this record?" with a radio
// button for each purpose; continuing without one shows the GOV.UK error
// summary; choosing one opens the record, which then says why it was
// opened, and opening it again in the same session asks nothing. At 375
// px the question fits the screen. The coordinator's view of who has
// looked shows the purpose. Screenshots; axe-core on each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage, signInThroughPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';

const shared = serverAndBrowser({ demo: true });
let person;
let ready = null;

/** Once, when the server is up: the police required to state a purpose, and a young person they recorded. */
function setUp() {
  ready ??= (async () => {
    const admin = await signIn(shared.server, 'admin@kestrel-vale.example');
    const police = await signIn(shared.server, 'police@kestrel-vale.example');
    const { items } = await ok(shared.server, admin, 'GET', '/api/v1/access-purposes/agencies');
    const force = items.find((a) => a.kind === 'police');
    await ok(shared.server, admin, 'PATCH', `/api/v1/access-purposes/agencies/${force.id}`, { purpose_required: true });
    person = (await ok(shared.server, police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Kaya', family_name: 'Fenwick',
      date_of_birth: '2011-03-14', sharing: 'hub' })).id;
  })();
  return ready;
}

/** The page's problems, less the 428s the question is asked after (Chromium logs each). */
const problems = (page) => unexpectedProblems(page).filter((p) => !/status of 428/.test(p));
const allowed = () => [{ status: 401, path: '/api/v1/session' }, { status: 428, path: `/api/v1/people/${person}` }];

test('an officer is asked why before the record opens, once per record while signed in', async () => {
  await setUp();
  const page = await newPage(shared.browser, { allow: allowed() });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', `/person?id=${person}`);
  const form = page.locator('#purpose-form');
  await form.waitFor({ state: 'visible' });
  assert.equal(await page.locator('h1:visible').innerText(), 'Why are you opening this record?');
  assert.equal(await page.locator('#person-record').isVisible(), false, 'nothing of the record is shown yet');
  assert.deepEqual(await page.locator('#purpose-options label').allTextContents(), ['Screening a concern', 'Preparing for a MACE meeting',
    'Safeguarding enquiry', 'Casework with this young person', 'Audit or oversight', 'Investigation of an offence']);
  assert.deepEqual(await accessibilityViolations(page), []);

  await page.click('#purpose-button');
  const summary = page.locator('#error-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await summary.innerText(), /Select why you are opening this record/);
  assert.equal(await page.locator('#error-list a').getAttribute('href'), '#purpose');
  assert.match(await page.locator('#purpose-error').innerText(), /Select why you are opening this record/);
  assert.match(await page.title(), /^Error: /);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'access-purpose-question-error');

  await page.getByLabel('Casework with this young person').check();
  await page.click('#purpose-button');
  await page.locator('#person-name', { hasText: 'Kaya Fenwick' }).waitFor();
  await page.locator('#purpose-stated', { hasText: 'Casework with this young person' }).waitFor();
  assert.equal(await form.isVisible(), false);
  assert.equal(await summary.isVisible(), false, 'the error is gone');
  await page.locator('#chronology').getByText(/Loading/).waitFor({ state: 'detached' });
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'access-purpose-record');

  // Opened again in the same session: straight to the record.
  await page.goto(`${shared.server.url}/person?id=${person}`);
  await page.locator('#person-name', { hasText: 'Kaya Fenwick' }).waitFor();
  assert.equal(await form.isVisible(), false);
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('at 375 px the question fits the screen and works', async () => {
  await setUp();
  const page = await newPage(shared.browser, { viewport: { width: 375, height: 812 }, allow: allowed() });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', `/person?id=${person}`); // a new session: asked again
  await page.locator('#purpose-form').waitFor({ state: 'visible' });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'access-purpose-question-375');
  await page.getByLabel('Investigation of an offence').check();
  await page.click('#purpose-button');
  await page.locator('#person-name', { hasText: 'Kaya Fenwick' }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(problems(page), []);
  await page.context().close();
});

test('the coordinator sees the purpose of each look at the record', async () => {
  await setUp();
  const page = await newPage(shared.browser, { allow: allowed() });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/oversight');
  await page.fill('#record_id', person);
  await page.click('#record-form button');
  const table = page.locator('#record-audit table');
  await table.waitFor();
  assert.ok((await table.locator('th').allTextContents()).includes('Purpose'));
  await table.locator('td', { hasText: 'Casework with this young person' }).first().waitFor();
  await table.locator('td', { hasText: 'Investigation of an offence' }).first().waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'access-purpose-oversight');
  assert.deepEqual(problems(page), []);
  await page.context().close();
});
