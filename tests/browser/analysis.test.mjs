// Network analysis in Chromium over the demo partnership: the analyst
// finds it in the navigation and sees the groups, one drawn, the people
// who connect them, adults linked to several young people and hotspots —
// every person a pseudonym with an age band, no young person's name on
// the page; another group drawn on request; a phone-sized screen without
// sideways scroll; a coordinator finds whose record a pseudonym is,
// giving a reason; a practitioner is told the page is not for them;
// axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const PSEUDONYM = /^(YP|AC|PL|PG|CX)-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const AGE_BANDS = ['under 10', '10 to 13', '14 to 15', '16 to 17', '18 and over', 'not known'];
const rows = (query) => JSON.parse(execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', shared.server.dbPath, query], { encoding: 'utf8' }) || '[]');

const memberRows = (page) => page.locator('#group-members tbody tr');
const cells = (row) => row.locator('td').allInnerTexts();

async function openAsAnalyst(page) {
  await page.goto(`${shared.server.url}/sign-in`);
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.fill('#email', 'analyst@kestrel-vale.example');
  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
  await page.waitForURL(/\/outcomes$/);
  await page.locator('#navigation [data-nav="analysis"] a').click();
  await page.waitForURL(/\/analysis$/);
  await memberRows(page).first().waitFor();
}

test('the analyst sees the network shared with the hub, every person a pseudonym with an age band', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await openAsAnalyst(page);
  assert.equal(await page.locator('#navigation [data-nav="analysis"] a').getAttribute('aria-current'), 'page');
  assert.match(await page.locator('#analysis-summary').innerText(), /^\d+ people and places, \d+ links shared with the hub; \d+ communities \(louvain\)/);
  assert.ok(await page.locator('#groups-table tbody tr').count() > 3, 'several communities');
  assert.match(await page.locator('#group-heading').innerText(), /^Group 1: \d+ people and places/);
  assert.ok(await page.locator('#group-graph canvas').count() > 0, 'the group is drawn');
  assert.ok(await page.evaluate(() => window.cshubAnalysisGraph.nodes().length) > 5);

  const members = await memberRows(page).count();
  assert.ok(members > 5);
  let people = 0;
  for (let i = 0; i < members; i++) {
    const [pseudonym, what, ageBand] = await cells(memberRows(page).nth(i));
    assert.match(pseudonym, PSEUDONYM);
    if (/Young person|Adult of concern/.test(what)) {
      people++;
      assert.ok(AGE_BANDS.includes(ageBand), ageBand);
    }
  }
  assert.ok(people > 3);
  assert.ok(await page.locator('#group-links tbody tr').count() > 0, 'the links among them');
  for (const id of ['brokers-table', 'adults-table', 'hotspots-table']) {
    const first = await cells(page.locator(`#${id} tbody tr`).first());
    assert.match(first[0], PSEUDONYM, id);
  }
  assert.match((await cells(page.locator('#adults-table tbody tr').first()))[1], /Adult of concern/);
  assert.ok(await page.locator('#resolve-section').isHidden(), 'an analyst cannot look a pseudonym up');

  const text = await page.locator('main').innerText();
  const names = rows("SELECT given_name || ' ' || family_name AS name, date_of_birth FROM people WHERE kind = 'young_person'");
  assert.ok(names.length > 200);
  for (const { name, date_of_birth: born } of names) {
    assert.ok(!text.includes(name), `the page shows ${name}`);
    if (born) assert.ok(!text.includes(born), `the page shows the date of birth ${born}`);
  }
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'analysis-01-analyst');

  // Another group, drawn and listed.
  const firstMember = (await cells(memberRows(page).first()))[0];
  await page.getByRole('button', { name: 'Show group 2' }).click();
  await page.locator('#group-heading', { hasText: /^Group 2:/ }).waitFor();
  assert.notEqual((await cells(memberRows(page).first()))[0], firstMember);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'analysis-02-second-group');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('everyone connected, and a date the server refuses shown against its field', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/api\/v1\/analysis\/network\// }] });
  await signInThroughPage(page, shared.server, 'analyst.police@kestrel-vale.example', '/analysis');
  await memberRows(page).first().waitFor();
  await page.selectOption('#grouping', 'groups');
  await page.click('#analysis-filters button');
  await page.waitForURL(/grouping=groups/);
  await page.locator('#groups-heading', { hasText: 'everyone connected' }).waitFor();
  assert.match(await page.locator('#analysis-summary').innerText(), /connected groups/);
  await page.fill('#since', 'last week');
  await page.click('#analysis-filters button');
  await page.waitForURL(/since=last/);
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /since must be a date/i);
  assert.equal(await page.locator('#error-list a').getAttribute('href'), '#since');
  assert.deepEqual(await accessibilityViolations(page), []);
  assert.deepEqual(unexpectedProblems(page), []);
});

test('on a phone-sized screen the analysis fits the width', async () => {
  const page = await newPage(shared.browser, { viewport: { width: 375, height: 740 }, allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'analyst@kestrel-vale.example', '/analysis');
  await memberRows(page).first().waitFor();
  await page.locator('#hotspots-table tbody tr').first().waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375), 'no sideways scroll of the page');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'analysis-03-phone');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a coordinator finds whose record a pseudonym is, giving a reason', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/api\/v1\/pseudonyms\// }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/analysis');
  await page.locator('#adults-table tbody tr').first().waitFor();
  await page.locator('#resolve-section').waitFor({ state: 'visible' });
  const pseudonym = (await cells(page.locator('#adults-table tbody tr').first()))[0];
  await page.fill('#pseudonym', pseudonym);
  await page.click('#resolve-button');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#error-list a').getAttribute('href'), '#reason', 'a reason is needed');
  assert.deepEqual(await accessibilityViolations(page), []);
  await page.fill('#reason', 'The MACE panel asked who this adult is');
  await page.click('#resolve-button');
  await page.locator('#resolve-result a').waitFor();
  assert.match(await page.locator('#resolve-result').innerText(), new RegExp(`^${pseudonym} is this person's record\\.$`));
  await screenshot(page, 'analysis-04-coordinator-resolves');
  await page.locator('#resolve-result a').click();
  await page.waitForURL(/\/person\?id=[0-9a-f]{32}$/);
  const id = new URL(page.url()).searchParams.get('id');
  const [event] = rows(`SELECT reason FROM audit_events WHERE action = 'resolve_pseudonym' AND record_id = '${id}'`);
  assert.equal(event.reason, 'The MACE panel asked who this adult is');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a practitioner is told the analysis is not for their role', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'police@kestrel-vale.example', '/analysis');
  await page.locator('h1', { hasText: 'You cannot use this page' }).waitFor();
  assert.equal(await page.locator('#navigation [data-nav="analysis"]').count(), 0);
  assert.deepEqual(unexpectedProblems(page), []);
});
