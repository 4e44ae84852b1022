// The MACE meeting page beyond the whole cycle (meetings.test.mjs): the
// coordinator puts the agenda in order with "Move up" and "Move down"
// (named after their item, used from the keyboard, the focus and anything
// typed staying put), gives an action to one person of an agency and then
// changes its due date and who does it, and closes the meeting only after
// the warning; the police pass their own action between colleagues; a
// meeting with more than 100 actions shows them all, on the page and in
// the minutes. Screenshots; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';
import { signIn, ok } from '../lib/client.mjs';
import { addUser } from '../lib/accounts.mjs';

const shared = serverAndBrowser({ demo: true });
const signedOut = { status: 401, path: '/api/v1/session' };
const daysFromNow = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const who = {};
const people = {};
let meeting;
let policeAgency;

/* The accounts, a second police practitioner and a meeting of four young
 * people, made once (in the first test: a top-level before() would run
 * before the server exists). */
let made = null;
const ready = () => (made ||= setUp());
async function setUp() {
  for (const name of ['coordinator', 'police', 'admin']) who[name] = await signIn(shared.server, `${name}@kestrel-vale.example`);
  policeAgency = (await ok(shared.server, who.coordinator, 'GET', '/api/v1/agencies?limit=100')).items.find((a) => a.name === 'Kestrel Vale Police').id;
  await addUser(shared.server, who.admin, who.coordinator, { email: 'reeve@kestrel-vale.example', name: 'Jordan Reeve',
    agency_id: policeAgency, role: 'practitioner', password: 'a long enough password for tests' });
  meeting = await ok(shared.server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(0), title: 'MACE — order of business' });
  for (const [given, family] of [['Ava', 'Stone'], ['Ben', 'Marsh'], ['Cara', 'Lund'], ['Dev', 'Shah']]) {
    const person = await ok(shared.server, who.coordinator, 'POST', '/api/v1/people', { kind: 'young_person', given_name: given, family_name: family, sharing: 'hub' });
    people[given] = person.id;
    await ok(shared.server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/items`, { kind: 'young_person', person_id: person.id, reason: `${given} is going missing` });
  }
}

const headings = (page) => page.locator('.app-agenda__item h3').allInnerTexts();
const agendaNames = async (page) => (await headings(page)).map((h) => h.replace(/\s*Young person$/, ''));
const focusedName = (page) => page.evaluate(() => document.activeElement?.textContent.replace(/\s+/g, ' '));

test('the agenda is put in order with the keyboard; the focus and what was typed stay', async () => {
  await ready();
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/meeting?id=${meeting.id}`);
  await page.locator('.app-agenda__item').nth(3).waitFor();
  assert.deepEqual(await agendaNames(page), ['1. Ava Stone', '2. Ben Marsh', '3. Cara Lund', '4. Dev Shah']);
  assert.equal(await page.getByRole('button', { name: /^Move up item 1,/ }).count(), 0, 'the first item cannot go up');
  assert.equal(await page.getByRole('button', { name: /^Move down item 4,/ }).count(), 0, 'nor the last down');
  await page.fill('#discussion-0', 'Typed before the agenda moved.');

  await page.getByRole('button', { name: 'Move down item 1, Ava Stone' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('.app-agenda__item h3')?.textContent.includes('Ben Marsh'));
  assert.deepEqual(await agendaNames(page), ['1. Ben Marsh', '2. Ava Stone', '3. Cara Lund', '4. Dev Shah']);
  assert.equal(await focusedName(page), 'Move down item 2, Ava Stone', 'the focus stays with the item moved');
  assert.match(await page.locator('#done-text').innerText(), /Ava Stone is now item 2/);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelectorAll('.app-agenda__item h3')[2]?.textContent.includes('Ava Stone'));
  assert.equal(await focusedName(page), 'Move down item 3, Ava Stone');

  await page.getByRole('button', { name: 'Move up item 4, Dev Shah' }).focus();
  for (const place of [3, 2, 1]) {
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.app-agenda__item h3')[n - 1]?.textContent.includes('Dev Shah'), place);
  }
  assert.equal(await focusedName(page), 'Move down item 1, Dev Shah', 'at the top, the focus goes to the button left');
  assert.deepEqual(await agendaNames(page), ['1. Dev Shah', '2. Ben Marsh', '3. Cara Lund', '4. Ava Stone']);
  assert.equal(await page.inputValue('#discussion-0'), 'Typed before the agenda moved.', 'nothing typed is lost');
  const stored = (await ok(shared.server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`)).items.map((i) => [i.position, i.person_id]);
  assert.deepEqual(stored, [[1, people.Dev], [2, people.Ben], [3, people.Cara], [4, people.Ava]], 'the server has the same order');
  await page.reload();
  await page.locator('.app-agenda__item').nth(3).waitFor();
  assert.deepEqual(await agendaNames(page), ['1. Dev Shah', '2. Ben Marsh', '3. Cara Lund', '4. Ava Stone']);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-order-01-agenda');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('an action is given to one person of an agency, then its due date and who does it change', async () => {
  await ready();
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /^\/api\/v1\/actions\// }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/meeting?id=${meeting.id}`);
  await page.locator('.app-agenda__item').nth(3).waitFor();
  const first = page.locator('.app-agenda__item').first();
  await first.locator('summary').click();
  const assignee = first.locator('select[id^="action-assignee-"]');
  await first.locator('select[id^="action-agency-"]').selectOption({ label: 'Kestrel Vale Police' });
  await assignee.locator('option', { hasText: 'Jordan Reeve' }).waitFor({ state: 'attached' });
  assert.deepEqual(await assignee.locator('option').allInnerTexts(), ['No one in particular: the agency as a whole', 'Jordan Reeve', 'Tom Harwood'],
    'the police\'s practitioners, by name');
  await assignee.selectOption({ label: 'Jordan Reeve' });
  await first.locator('textarea[id^="action-description-"]').fill('Visit Dev at home with the school nurse.');
  await first.locator('input[id^="action-due-"]').fill(daysFromNow(7));
  await first.locator('button[id^="give-action-"]').click();
  await page.waitForURL(/done=action/);
  const reeve = (await ok(shared.server, who.coordinator, 'GET', `/api/v1/agencies/${policeAgency}/users`)).items.find((u) => u.name === 'Jordan Reeve').id;
  const given = (await ok(shared.server, who.coordinator, 'GET', `/api/v1/actions?meeting_id=${meeting.id}`)).items[0];
  assert.equal(given.assignee_user_id, reeve);

  await page.getByRole('link', { name: 'Change the due date or who does it: Visit Dev at home with the school nurse.' }).click();
  await page.waitForURL(/\/action\?id=/);
  await page.locator('#action-form').waitFor({ state: 'visible' });
  assert.match(await page.locator('#action-facts').innerText(), /Given to\s+Jordan Reeve/);
  assert.equal(await page.locator('#assignee_user_id').inputValue(), reeve);
  await page.fill('#due_on', daysFromNow(-1));
  await page.click('#save-action');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /must not be in the past/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.fill('#due_on', daysFromNow(10));
  await page.selectOption('#assignee_user_id', { label: 'Tom Harwood' });
  await page.click('#save-action');
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#action-facts').innerText(), new RegExp(`Given to\\s+Tom Harwood[^]*Due by\\s+${daysFromNow(10)}`));
  const changed = await ok(shared.server, who.coordinator, 'GET', `/api/v1/actions/${given.id}`);
  assert.deepEqual([changed.due_on, changed.assignee_user_id], [daysFromNow(10), who.police.id]);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-order-02-change-action');
  await page.click('#back-link');
  await page.waitForURL(/\/meeting\?id=/);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the police pass their own action to a colleague from their actions page', async () => {
  await ready();
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', '/actions');
  const row = page.locator('#agency-actions tbody tr', { hasText: 'Visit Dev at home' });
  await row.waitFor();
  assert.match(await row.innerText(), /Tom Harwood/, 'who in the agency it is given to');
  await row.getByRole('link', { name: /^Change the due date or who does it/ }).click();
  await page.locator('#action-form').waitFor({ state: 'visible' });
  await page.selectOption('#assignee_user_id', { label: 'Jordan Reeve' });
  await page.click('#save-action');
  await page.locator('#done-banner').waitFor({ state: 'visible' });
  assert.match(await page.locator('#action-facts').innerText(), /Given to\s+Jordan Reeve/);
  assert.equal(await page.locator('#back-link').getAttribute('href'), '/actions');
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('closing the meeting asks first, and Cancel leaves it open', async () => {
  await ready();
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/meeting?id=${meeting.id}`);
  await page.locator('.app-agenda__item').first().waitFor();
  await page.getByRole('button', { name: 'Close the meeting' }).click();
  const panel = page.locator('#close-confirm');
  await panel.waitFor({ state: 'visible' });
  assert.match(await panel.innerText(), /Warning\s*Closing the meeting makes the minutes final; nothing in it can change\./);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'close-confirm-title', 'the question has the focus');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-order-03-close-warning');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'close-meeting', 'back where it was');
  assert.equal((await ok(shared.server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`)).status, 'open', 'nothing was sent');

  await page.getByRole('button', { name: 'Close the meeting' }).click();
  await page.getByRole('button', { name: 'Yes, close the meeting' }).click();
  await page.waitForURL(/done=closed/);
  await page.locator('.app-agenda__item').first().waitFor();
  assert.equal(await page.getByRole('button', { name: /^Move (up|down)/ }).count(), 0, 'a closed agenda stays in its order');
  assert.equal((await ok(shared.server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`)).status, 'closed');
  // Issue 13 item 11: a closed meeting offers nothing to add or change, the attendance included.
  assert.equal(await page.locator('#attendance-form').isVisible(), false, 'no "Add to the attendance" on a closed meeting');
  assert.equal(await page.getByRole('button', { name: /Add to the attendance|Build the agenda|Close the meeting/ }).count(), 0);
  assert.ok(await page.locator('#minutes-only').isVisible(), 'it points to the minutes instead');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a meeting with more than 100 actions shows them all, on its page and in its minutes', async () => {
  await ready();
  const big = await ok(shared.server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(0), title: 'MACE — a long list' });
  const item = await ok(shared.server, who.coordinator, 'POST', `/api/v1/meetings/${big.id}/items`, { kind: 'other', reason: 'Every school in the borough' });
  const count = 105;
  for (let n = 1; n <= count; n++) {
    await ok(shared.server, who.coordinator, 'POST', '/api/v1/actions', { meeting_id: big.id, item_id: item.id, owner_agency_id: policeAgency,
      description: `Patrol route ${n}`, due_on: daysFromNow(14) });
  }
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', `/meeting?id=${big.id}`);
  const rows = page.locator('.app-agenda__item table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), count);
  const described = await page.locator('.app-agenda__item table tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(described.sort(), Array.from({ length: count }, (_, n) => `Patrol route ${n + 1}`).sort(), 'each once, the oldest too');
  await page.goto(`${shared.server.url}/minutes?id=${big.id}`);
  const minuted = page.locator('#minutes-items table tbody tr');
  await minuted.first().waitFor();
  assert.equal(await minuted.count(), count);
  assert.deepEqual(unexpectedProblems(page), []);
});
