// Contextual interventions in the browser: a coordinator records one on a
// place's page (first leaving out what is needed, to see the errors by
// field) and finds it in the list of interventions and in the chronology;
// an administrator retires a kind of intervention, and it is no longer
// offered; a practitioner records one with a young person, from the kinds
// for young people. Screenshots for people to look at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';

const shared = serverAndBrowser();
const signedOut = { status: 401, path: '/api/v1/session' };

test('a coordinator records an intervention on a place and sees it in the list and the chronology', async () => {
  const coordinator = await signIn(shared.server, 'coordinator@kestrel-vale.example');
  const place = await ok(shared.server, coordinator, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Millbrook Park', location_kind: 'park', sharing: 'hub' });
  await ok(shared.server, coordinator, 'POST', `/api/v1/contexts/${place.id}/assessments`,
    { assessed_on: '2026-01-10', risk_rating: 'high', summary: 'Older males meet young people by the pavilion.', sharing: 'hub',
      answers: { lighting_layout: 'The path behind the pavilion is unlit.' } });
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/interventions$/ }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/context?id=${place.id}`);
  await page.locator('#intervention-list p').filter({ hasText: 'No interventions' }).waitFor();
  await page.click('#intervention-details summary');
  await page.locator('#type option[value="detached_youth_work"]').waitFor({ state: 'attached' });
  await page.click('#save-intervention');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#type-error').innerText(), /type is required/i, 'the missing kind is shown by its field');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'interventions-01-errors');

  await page.selectOption('#type', 'detached_youth_work');
  await page.selectOption('#lead_agency_id', { label: 'Safe Harbour Youth Project' });
  await page.fill('#started_on', '2026-02-06');
  await page.fill('#description', 'Two youth workers at the pavilion on Friday and Saturday evenings.');
  await page.fill('#outcome', 'Fewer young people stay after dark.');
  await page.click('#save-intervention');
  await page.locator('#intervention-list table').waitFor();
  const row = await page.locator('#intervention-list tbody tr').first().innerText();
  assert.match(row, /Detached youth work[^]*Active[^]*from 2026-02-06[^]*Safe Harbour Youth Project[^]*Fewer young people/);
  // The banner is written once the list and the chronology are drawn again: wait for it.
  await page.locator('#done-text', { hasText: /Detached youth work/ }).waitFor();
  await page.locator('#chronology li', { hasText: 'Intervention' }).waitFor();
  const chronology = await page.locator('#chronology').innerText();
  assert.match(chronology, /2026-02-06[^]*Detached youth work[^]*Friday and Saturday evenings/);
  assert.match(chronology, /2026-01-10[^]*Assessment[^]*High risk/, 'the assessment is in the chronology too');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'interventions-02-recorded');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('an administrator retires a kind of intervention, and it is no longer offered', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'admin@kestrel-vale.example', '/admin');
  const cctv = page.locator('#intervention-types-table tbody tr', { hasText: 'cctv' });
  await cctv.waitFor();
  assert.match(await cctv.innerText(), /In use/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await cctv.getByRole('button', { name: 'Retire CCTV' }).click();
  await page.locator('#intervention-types-table tbody tr', { hasText: 'cctv' }).filter({ hasText: 'Retired' }).waitFor();
  assert.match(await page.locator('#done-text').innerText(), /CCTV is retired/);
  await page.selectOption('#relabel_code', 'school_sessions');
  await page.fill('#relabel_label', 'School and college sessions');
  await page.click('#relabel-form button[type="submit"]');
  await page.locator('#intervention-types-table tbody tr', { hasText: 'School and college sessions' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'interventions-03-admin-kinds');
  assert.deepEqual(unexpectedProblems(page), []);

  const coordinator = await signIn(shared.server, 'coordinator@kestrel-vale.example');
  const offered = (await ok(shared.server, coordinator, 'GET', '/api/v1/intervention-types')).items.map((t) => t.code);
  assert.ok(!offered.includes('cctv') && offered.includes('school_sessions'));
});

test('a practitioner records an intervention with a young person, from the kinds for young people', async () => {
  const school = await signIn(shared.server, 'school@kestrel-vale.example');
  const person = await ok(shared.server, school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Tamsin', family_name: 'Orme', sharing: 'hub' });
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'school@kestrel-vale.example', `/person?id=${person.id}`);
  await page.locator('#intervention-list p').filter({ hasText: 'No interventions' }).waitFor();
  await page.click('#intervention-details summary');
  await page.locator('#type option[value="mentoring"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#type option[value="cctv"]').count(), 0, 'kinds for places are not offered for a young person');
  await page.selectOption('#type', 'mentoring');
  await page.fill('#description', 'A mentor after school on Tuesdays.');
  await page.click('#save-intervention');
  await page.locator('#intervention-list table').waitFor();
  assert.match(await page.locator('#intervention-list tbody tr').first().innerText(), /Mentoring[^]*Active/);
  await page.locator('#chronology li.app-chronology__entry', { hasText: 'Mentoring' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'interventions-04-young-person');
  assert.deepEqual(unexpectedProblems(page), []);
});
