// Disruption in the browser: a police officer records a restricted arrest on
// an adult of concern's page (first leaving out the tactic, to see the error
// by its field) and a Community Protection Notice on a takeaway's page, and
// finds each in the Disruption section and the chronology; a school's
// practitioner working with the same adult sees the shared one and not the
// restricted one; each form offers only the tactics used against its kind
// of target (no closure order against a person or a Snapchat group); a
// young person's page has no Disruption section.
// Screenshots for people to look at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';

const shared = serverAndBrowser();
const signedOut = { status: 401, path: '/api/v1/session' };

test('police record disruption against an adult of concern and a place; the school sees only what is shared', async () => {
  const police = await signIn(shared.server, 'police@kestrel-vale.example');
  const school = await signIn(shared.server, 'school@kestrel-vale.example');
  const adult = await ok(shared.server, police, 'POST', '/api/v1/people',
    { kind: 'adult_of_concern', given_name: 'Vince', family_name: 'Harrowgate', estimated_age: 24, sharing: 'hub' });
  await ok(shared.server, police, 'POST', `/api/v1/people/${adult.id}/involvements`, { user_id: school.id }, 204);
  const agencies = (await ok(shared.server, police, 'GET', '/api/v1/agencies?limit=100')).items;
  const policeAgency = agencies.find((a) => a.kind === 'police').id;
  await ok(shared.server, police, 'POST', '/api/v1/disruptions', { person_id: adult.id, tactic: 'child_abduction_warning_notice',
    agency_id: policeAgency, occurred_on: '2026-01-12', sharing: 'hub', result: 'Served; he signed it.' });
  const takeaway = await ok(shared.server, police, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Quayside Chicken', location_kind: 'takeaway', sharing: 'hub' });

  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/disruptions$/ }] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', `/person?id=${adult.id}`);
  await page.locator('#disruption-list table').waitFor();
  await page.click('#disruption-details summary');
  await page.locator('#disruption-tactic option[value="arrest"]').waitFor({ state: 'attached' });
  const offered = () => page.locator('#disruption-tactic option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  assert.deepEqual((await offered()).filter((t) => ['closure_order', 'licensing_review'].includes(t)), [], 'no premises tactic against a person');
  await page.click('#save-disruption');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#disruption-tactic-error').innerText(), /tactic is required/i, 'the missing tactic is shown by its field');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'disruptions-01-errors');

  await page.selectOption('#disruption-tactic', 'arrest');
  await page.fill('#disruption-occurred_on', '2026-02-03');
  await page.fill('#disruption-result', 'Charged with supplying; remanded.');
  await page.fill('#disruption-notes', 'Intelligence from the exploitation team.');
  await page.check('#disruption-sharing-restricted');
  await page.click('#save-disruption');
  await page.locator('#disruption-list tbody tr', { hasText: 'Arrest' }).waitFor();
  assert.match(await page.locator('#done-text').innerText(), /Arrest/);
  assert.match(await page.locator('#disruption-list tbody tr').first().innerText(), /2026-02-03[^]*Arrest[^]*Kestrel Vale Police[^]*remanded/);
  await page.locator('#chronology li', { hasText: 'Arrest' }).waitFor();
  assert.match(await page.locator('#chronology').innerText(), /2026-02-03[^]*Disruption[^]*Arrest[^]*restricted[^]*2026-01-12[^]*Child Abduction Warning Notice/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'disruptions-02-adult');

  await page.goto(`${shared.server.url}/context?id=${takeaway.id}`);
  await page.locator('#disruption-list p').filter({ hasText: 'No disruption' }).waitFor();
  await page.click('#disruption-details summary');
  await page.locator('#disruption-tactic option[value="community_protection_notice"]').waitFor({ state: 'attached' });
  assert.deepEqual((await offered()).filter((t) => ['arrest', 'sexual_risk_order'].includes(t)), [], 'no tactic against a person at a place');
  await page.selectOption('#disruption-tactic', 'community_protection_notice');
  await page.fill('#disruption-occurred_on', '2026-02-10');
  await page.fill('#disruption-result', 'No under-18s after 9pm.');
  await page.click('#save-disruption');
  await page.locator('#disruption-list tbody tr', { hasText: 'Community Protection Notice' }).waitFor();
  await page.locator('#chronology li', { hasText: 'Community Protection Notice' }).waitFor();
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'disruptions-03-place');
  const chat = await ok(shared.server, police, 'POST', '/api/v1/contexts',
    { kind: 'online_space', name: 'Quayside Snapchat group', platform: 'Snapchat', sharing: 'hub' });
  await page.goto(`${shared.server.url}/context?id=${chat.id}`);
  await page.locator('#disruption-list p').filter({ hasText: 'No disruption' }).waitFor();
  await page.locator('#disruption-tactic option[value="other"]').waitFor({ state: 'attached' });
  assert.deepEqual(await offered(), ['other'], 'against an online space, only "other" (reported to the platform, say)');
  assert.deepEqual(unexpectedProblems(page), []);

  const schoolPage = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(schoolPage, shared.server, 'school@kestrel-vale.example', `/person?id=${adult.id}`);
  await schoolPage.locator('#disruption-list table').waitFor();
  await schoolPage.locator('#chronology ol').waitFor();
  const seen = `${await schoolPage.locator('#disruption-list').innerText()}\n${await schoolPage.locator('#chronology').innerText()}`;
  assert.match(seen, /Child Abduction Warning Notice/);
  assert.doesNotMatch(seen, /Arrest|remanded|Intelligence/, 'the restricted arrest is not shown to the school');
  assert.deepEqual(await accessibilityViolations(schoolPage), []);
  await screenshot(schoolPage, 'disruptions-04-school-view');
  assert.deepEqual(unexpectedProblems(schoolPage), []);
});

test('a young person\'s page has no Disruption section', async () => {
  const police = await signIn(shared.server, 'police@kestrel-vale.example');
  const young = await ok(shared.server, police, 'POST', '/api/v1/people',
    { kind: 'young_person', given_name: 'Lily', family_name: 'Marr', sharing: 'hub' });
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', `/person?id=${young.id}`);
  await page.locator('#chronology').filter({ hasNotText: 'Loading' }).waitFor();
  assert.equal(await page.locator('#disruption-section').isVisible(), false);
  assert.deepEqual(unexpectedProblems(page), []);
});
