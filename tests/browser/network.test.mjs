// The contextual picture in the browser, over the whole demo partnership:
// the coordinator opens the hotspots (table and plan), follows one to its
// network, selects a young person in the drawing and re-centres on them,
// narrows the kinds of link, and reaches the network from a person's page.
// Screenshots for people to look at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };

const signInAsCoordinator = (page, next) => signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', next);

const nodeRows = (page) => page.locator('#network-nodes tbody tr');

test('from a hotspot to its network, to a young person\'s, with filters', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  const elsewhere = [];
  page.on('request', (r) => { if (!r.url().startsWith(`${shared.server.url}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
  await signInAsCoordinator(page, '/hotspots');
  const hotspots = page.locator('#hotspot-table tbody tr');
  await hotspots.first().waitFor();
  assert.ok(await hotspots.count() >= 3, 'the demo\'s groups gather at several places');
  assert.ok(await page.locator('#hotspot-map svg circle').count() >= 3, 'the plan places them by their coordinates');
  assert.equal(await page.locator('#hotspot-map svg image').count(), 0, 'no map tile server configured: no tiles');
  assert.equal(await page.locator('#hotspot-map-attribution').count(), 0);
  assert.deepEqual(elsewhere, [], 'nothing asked of another server: it works with no internet access');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-01-hotspots');

  const place = (await hotspots.first().locator('td').first().innerText()).trim();
  await hotspots.first().getByRole('link', { name: /See the network/ }).click();
  await page.waitForURL(/\/network\?subject=/);
  await nodeRows(page).first().waitFor();
  assert.equal((await page.locator('#network-title').innerText()).trim(), place);
  assert.ok(await page.locator('#network-graph canvas').count() > 0, 'the network is drawn');
  const around = await nodeRows(page).count();
  assert.ok(around >= 5, `young people and adults around the place (${around})`);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-02-hotspot-network');

  // Select a young person in the drawing, then centre the network on them.
  const young = await page.evaluate(() => {
    const cy = window.cshubNetwork;
    const node = cy.nodes().filter((n) => n.data('shape') === 'ellipse')[0];
    node.emit('tap');
    return node.data('label');
  });
  await page.getByRole('link', { name: 'Centre the network here' }).click();
  await page.waitForURL(/\/network\?subject=/);
  await nodeRows(page).first().waitFor();
  assert.equal((await page.locator('#network-title').innerText()).trim(), young);
  const all = await nodeRows(page).count();
  await screenshot(page, 'network-03-young-person');

  // Leave out the schools they attend and the places they frequent.
  assert.match(await page.locator('#filter-summary').innerText(), /Up to 2 links out; confidence: all; kinds of link: all; seen at any time/);
  await page.click('#filter-details summary');
  await page.uncheck('#link_types-attends');
  await page.uncheck('#link_types-frequents');
  await page.click('#show-network');
  await page.waitForURL(/link_types=/);
  await nodeRows(page).first().waitFor();
  assert.ok(await nodeRows(page).count() < all, 'fewer without schools and places');
  assert.equal(await page.isChecked('#link_types-attends'), false, 'the filter stays as chosen');
  assert.match(await page.locator('#filter-summary').innerText(), /kinds of link: (?!.*attends)(?!.*frequents).*member of/, 'the summary names the kinds still shown');
  assert.ok(await page.locator('#filter-details').evaluate((d) => d.open), 'filters other than the defaults are shown open');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-04-friends-only');

  // The young person's own page leads to the same view.
  await nodeRows(page).first().locator('a').click();
  await page.waitForURL(/\/person\?id=/);
  await page.click('#network-link');
  await page.waitForURL(/\/network\?subject=/);
  await nodeRows(page).first().waitFor();
  assert.deepEqual(unexpectedProblems(page), []);
});

test('the coordinator starts a proposed context assessment and sees it on the context\'s page', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: /\/assessments$/ }] });
  await signInAsCoordinator(page, '/proposals');
  const proposals = page.locator('#proposal-table tbody tr');
  await proposals.first().waitFor();
  const before = await proposals.count();
  assert.ok(before >= 3, 'peer groups, schools and places shared by young people open to the hub');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-05-proposals');

  const name = (await proposals.first().locator('td').first().innerText()).trim();
  await proposals.first().getByRole('link', { name: /Assess/ }).click();
  await page.waitForURL(/\/assess\?context=/);
  await page.locator('#questions textarea').first().waitFor();
  assert.equal((await page.locator('#assess-title').innerText()).trim(), `Assess ${name}`);
  await page.click('#save-assessment');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /risk_rating|answer|summary/i, 'what is missing is named');
  const textareas = page.locator('#questions textarea');
  await textareas.nth(0).fill('Fourteen young people most evenings; two older males collect some of them.');
  await textareas.nth(1).fill('Packages handed over; one robbery reported in October.');
  await page.check('#risk_rating-high');
  await page.fill('#summary', 'High risk: ask for detached youth work and a licensing review; review in three months.');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-06-assessment-form');
  await page.click('#save-assessment');
  await page.waitForURL(/\/context\?id=.*assessed=1/);
  await page.locator('#assessment-list li').first().waitFor();
  assert.match(await page.locator('#assessment-list').innerText(), /High risk[^]*detached youth work/);
  assert.match(await page.locator('#done-text').innerText(), /saved/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-07-context-assessed');

  await page.goto(`${shared.server.url}/proposals`);
  await proposals.first().waitFor();
  const names = await page.locator('#proposal-table tbody tr td:first-child').allInnerTexts();
  assert.ok(!names.map((n) => n.trim()).includes(name), 'an assessed context is no longer proposed');
  assert.deepEqual(unexpectedProblems(page), []);
});
