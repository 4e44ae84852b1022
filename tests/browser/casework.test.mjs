// The casework flow in a real Chromium: a practitioner records a concern
// about a new young person seen at a new location; the coordinator finds
// it in triage, screens it high with the MACE pathway, and sees the
// concern and the screening on the young person's chronology and on the
// location's. Screenshots of each page; axe-core on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser();
const signedOut = { status: 401, path: '/api/v1/session' };

const signIn = (page, email, next) => signInThroughPage(page, shared.server, email, next);

async function signOut(page) {
  await page.click('[data-nav="sign-out"] button');
  await page.waitForURL(/\/sign-in/);
}

test('a concern goes from a practitioner to the coordinator\'s screening and onto both chronologies', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: '/api/v1/concerns' }] });

  // The practitioner: a young person and a place not yet on cshub.
  await signIn(page, 'school@kestrel-vale.example', '/record-concern');
  await page.locator('#exploitation_types input').first().waitFor();
  await page.fill('#person_search', 'Jaylen Okafor');
  await page.locator('#person-results', { hasText: 'No matches for "Jaylen Okafor"' }).waitFor();
  assert.ok(await page.locator('#new-person').isVisible(), 'no match offers to add the young person');
  await page.fill('#given_name', 'Jaylen');
  await page.fill('#family_name', 'Okafor');
  await page.fill('#date_of_birth', '2011-06-02');
  await page.fill('#context_search', 'Wrenfield Road chip shop');
  await page.locator('#context-results', { hasText: 'No matches' }).waitFor();
  await page.fill('#context_name', 'Wrenfield Road chip shop');
  await page.selectOption('#location_kind', 'takeaway');
  await page.check('#exploitation_types-child_criminal_exploitation');
  await page.click('#indicators-details summary');
  await page.check('#indicators-going_missing');
  await page.check('#indicators-several_phones');
  await page.fill('#young_person_words', 'I just hang about there, they give me food.');
  await page.click('#concern-form button[type="submit"]');
  await page.locator('#narrative-error', { hasText: 'narrative' }).waitFor();
  assert.ok(await page.locator('#error-summary a[href="#narrative"]').isVisible(), 'the error summary links to the field');
  await screenshot(page, 'record-concern-error');
  await page.fill('#narrative', 'Seen three evenings running outside the chip shop after 10pm with two older males; has two phones.');
  await page.click('#concern-form button[type="submit"]');
  await page.locator('#done-text', { hasText: 'Your concern is recorded' }).waitFor();
  assert.match(await page.locator('#done-text').innerText(), /Jaylen Okafor is now linked to Wrenfield Road chip shop in their network/,
    'the concern\'s place joins the young person\'s network');
  assert.ok(await page.locator('#link_to_context').isChecked(), 'the form is ready for the next concern, linking by default');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'record-concern-done');
  await signOut(page);

  // The coordinator: triage, screening.
  await signIn(page, 'coordinator@kestrel-vale.example', '/triage');
  const row = page.locator('#triage-table tr', { hasText: 'Jaylen Okafor' });
  await row.waitFor();
  assert.ok((await row.textContent()).includes('Wrenfield Road chip shop'));
  assert.ok((await row.textContent()).includes('Aisha Brennan'));
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'triage');
  await row.locator('a:has-text("Screen")').click();
  await page.waitForURL(/\/screen\?concern=/);
  await page.locator('#indicators-going_missing:checked').waitFor();
  assert.ok(await page.locator('#indicators-several_phones').isChecked(), 'the practitioner\'s indicators are ticked');
  await page.check('#indicators-older_associates');
  await page.check('#risk_level-high');
  await page.check('#pathway-mace');
  await page.fill('#rationale', 'Repeated late-night presence with older males and two phones: likely drug-running. Refer to MACE.');
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.click('#screening-form button[type="submit"]');
  await page.locator('#screening-result', { hasText: 'Screening saved' }).waitFor();
  assert.ok((await page.locator('#screening-result').textContent()).includes('MACE meeting'));
  await screenshot(page, 'screening-saved');

  // Both chronologies.
  await page.click('#screening-result a:has-text("chronology")');
  await page.waitForURL(/\/person\?id=/);
  await page.locator('#person-name', { hasText: 'Jaylen Okafor' }).waitFor();
  const personEntries = page.locator('.app-chronology__entry');
  await personEntries.first().waitFor();
  const personText = await page.locator('#chronology').textContent();
  assert.match(personText, /Screening\s*High risk · pathway: MACE meeting/);
  assert.match(personText, /Concern\s*Screened/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'person-chronology');
  await page.click('#chronology a:has-text("Wrenfield Road chip shop")');
  await page.waitForURL(/\/context\?id=/);
  await page.locator('#context-name', { hasText: 'Wrenfield Road chip shop' }).waitFor();
  await page.locator('.app-chronology__entry').first().waitFor();
  const placeText = await page.locator('#chronology').textContent();
  assert.match(placeText, /High risk/);
  assert.match(placeText, /Jaylen Okafor/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'context-chronology');
  await page.goto(`${shared.server.url}/triage`);
  await page.locator('#triage-table p, #triage-table table').first().waitFor();
  assert.equal(await page.locator('#triage-table tr', { hasText: 'Jaylen Okafor' }).count(), 0, 'a screened concern leaves triage');
  assert.deepEqual(unexpectedProblems(page), []);
});
