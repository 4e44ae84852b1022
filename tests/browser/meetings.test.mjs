// A whole MACE meeting cycle in the browser, over the demo partnership:
// the coordinator plans a meeting, builds its agenda from the evidence,
// records attendance, discusses two items and gives three actions to three
// agencies; the school records its action done; a day passes and the
// health action is overdue, flagged on the coordinator's oversight page;
// the minutes are printed (to PDF) and downloaded as the server's PDF, and
// the meeting is closed (after its warning). Screenshots for people to look
// at; axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serverAndBrowser, signInThroughPage, newPage, accessibilityViolations, screenshot, screenshotDir, unexpectedProblems } from './lib.mjs';

const shared = serverAndBrowser({ demo: 'full' });
const signedOut = { status: 401, path: '/api/v1/session' };
const daysFromNow = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', shared.server.dbPath, query], { encoding: 'utf8' }).trim();
const agencyNameOf = (email) => sql(`SELECT a.name FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.email = '${email}'`);

test('a MACE meeting from agenda to minutes', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut, { status: 400, path: '/api/v1/actions' }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/meetings');
  await page.click('#new-meeting summary');
  await page.fill('#title', 'MACE — November');
  await page.click('#create-meeting');
  await page.waitForURL(/\/meeting\?id=/);
  const meetingUrl = page.url();
  await page.locator('[data-nav="meetings"] a[aria-current="true"]').waitFor();
  await page.click('#build-agenda');
  await page.waitForURL(/done=agenda/);
  const items = page.locator('.app-agenda__item');
  await items.first().waitFor();
  assert.ok(await items.count() >= 4, 'young people, adults, places from the evidence');
  assert.match(await page.locator('#done-text').innerText(), /agenda is built/);
  const contents = page.locator('#agenda-contents li');
  assert.equal(await contents.count(), await items.count(), 'the agenda lists its items at the top');
  const third = contents.nth(2).locator('a');
  assert.equal(await third.getAttribute('href'), `#${await items.nth(2).getAttribute('id')}`, 'each a link to its item');
  const summary = page.locator('.app-agenda__item .app-item-summary').first();
  await summary.waitFor();
  for (const heading of ['Latest screening', 'Recent concerns', 'Links', 'Open actions'])
    assert.ok((await summary.innerText()).includes(heading), `the first young person's item summarises: ${heading}`);

  const attendees = [['DS Priya Lomas', 'police@kestrel-vale.example', 'present'],
    ['Mr Dean Avery', 'school@kestrel-vale.example', 'present'], ['Nurse Ruth Okoro', 'health@kestrel-vale.example', 'apologies']];
  for (const [n, [name, email, attended]] of attendees.entries()) {
    await page.fill('#attendee_name', name);
    await page.selectOption('#attendee_agency', { label: agencyNameOf(email) });
    await page.selectOption('#attendee_attended', attended);
    await page.click('#add-attendee');
    await page.waitForFunction((rows) => document.querySelectorAll('#attendance-table tbody tr').length === rows, n + 1);
  }
  assert.equal(await page.locator('#attendance-table tbody tr').count(), 3);

  for (const n of [0, 1]) {
    await page.fill(`#discussion-${n}`, 'Police and school shared what they know: going missing after school, seen with older males.');
    await page.fill(`#decisions-${n}`, 'Safety plan agreed; disruption of the adult; daily attendance checks.');
    await page.click(`#save-item-${n}`);
    await page.waitForFunction((position) => document.getElementById('done-text').textContent.includes(`Item ${position} is saved`), n + 1);
  }
  assert.deepEqual(await contents.evaluateAll((entries) => entries.slice(0, 3).map((e) => e.textContent.includes('Discussed'))),
    [true, true, false], 'the list marks the items discussed');
  const actions = [['police@kestrel-vale.example', 14], ['school@kestrel-vale.example', 7], ['health@kestrel-vale.example', 0]];
  for (const [email, days] of actions) {
    await page.click('#give-action-summary-0');
    await page.fill('#action-description-0', `Action for ${agencyNameOf(email)}: follow up this week.`);
    await page.selectOption('#action-agency-0', { label: agencyNameOf(email) });
    await page.fill('#action-due-0', daysFromNow(days));
    await page.click('#give-action-0');
    await page.waitForFunction((rows) => document.querySelectorAll('.app-agenda__item')[0]?.querySelectorAll('table tbody tr').length === rows,
      actions.findIndex(([e]) => e === email) + 1);
  }
  assert.equal(await items.first().locator('table tbody tr').count(), 3, 'three actions on the first item');
  const firstSubject = (await items.first().locator('h3 a').first().textContent()).trim();
  await page.click('#give-action-summary-0');
  await page.fill('#action-due-0', daysFromNow(-3));
  await page.fill('#action-description-0', 'Too late.');
  await page.click('#give-action-0');
  await page.locator('#error-summary').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error-list').innerText(), /must not be in the past/i);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-01-agenda');

  // The school records its action done.
  const school = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(school, shared.server, 'school@kestrel-vale.example', '/actions');
  const agencyRows = school.locator('#agency-actions tbody tr');
  await agencyRows.first().waitFor();
  const ours = school.locator('#agency-actions tbody tr', { hasText: 'follow up this week' });
  const about = (await ours.locator('td').nth(1).innerText()).trim();
  assert.ok([firstSubject, 'Someone you may not see'].includes(about), `each action says whom it is about, as far as the school may see: ${about}`);
  await ours.locator('textarea').fill('Attendance checked daily; no absences for two weeks.');
  await ours.getByRole('button', { name: 'Mark done' }).click();
  await school.locator('#done-banner').waitFor({ state: 'visible' });
  assert.match(await school.locator('#agency-actions').innerText(), /Done[^]*Attendance checked daily/);
  assert.deepEqual(await accessibilityViolations(school), []);
  await screenshot(school, 'meeting-02-school-actions');

  // A day passes: the health action is overdue, flagged to health and on oversight.
  sql(`UPDATE actions SET due_on = '${daysFromNow(-1)}' WHERE description LIKE 'Action for ${agencyNameOf('health@kestrel-vale.example')}%'`);
  await page.goto(`${shared.server.url}/oversight`);
  const overdueAlert = page.locator('#alerts-table tbody tr', { hasText: `action overdue since ${daysFromNow(-1)}` });
  for (let i = 0; i < 20 && !(await overdueAlert.count()); i++) {
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('#alerts-table').waitFor();
  }
  assert.equal(await overdueAlert.count(), 1, 'the coordinators are told once');
  const health = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(health, shared.server, 'health@kestrel-vale.example', '/actions');
  await health.locator('#agency-actions tbody tr').first().waitFor();
  assert.match(await health.locator('#agency-actions').innerText(), /Overdue/);
  await screenshot(health, 'meeting-03-health-overdue');

  // The minutes, printed to PDF; then the meeting is closed.
  await page.goto(meetingUrl.replace('/meeting?', '/minutes?'));
  await page.locator('.app-minutes__item').first().waitFor();
  assert.match(await page.locator('#minutes-attendance').innerText(), /Nurse Ruth Okoro[^]*Apologies/);
  assert.match(await page.locator('#minutes-items').innerText(), /Safety plan agreed/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-04-minutes');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('.govuk-header').isHidden(), 'printed without the site around it');
  await page.pdf({ path: path.join(screenshotDir, 'meeting-minutes.pdf'), format: 'A4' });
  await page.emulateMedia({ media: 'screen' });

  // The server's PDF of the same minutes, through the Download PDF link.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
  assert.match(download.suggestedFilename(), /^minutes-\d{4}-\d{2}-\d{2}\.pdf$/);
  const pdf = fs.readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(pdfText, /Safety plan agreed/);
  assert.match(pdfText, /Nurse Ruth Okoro/);
  assert.match(pdfText, /OFFICIAL-SENSITIVE/);
  fs.writeFileSync(path.join(screenshotDir, 'meeting-minutes-server.pdf'), pdf);

  await page.goto(meetingUrl);
  await items.first().waitFor();
  await page.click('#close-meeting');
  await page.locator('#close-confirm').waitFor({ state: 'visible' });
  await page.click('#confirm-close');
  await page.waitForURL(/done=closed/);
  await items.first().waitFor();
  assert.equal(await page.locator('#build-agenda:visible').count(), 0, 'a closed meeting offers nothing to change');
  assert.equal(await page.locator('textarea').count(), 0);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-05-closed');
  assert.deepEqual(unexpectedProblems(page), []);
});

test('a practitioner sees the meeting, only the items about their work, and cannot change it', async () => {
  const page = await newPage(shared.browser, { allow: [signedOut] });
  await signInThroughPage(page, shared.server, 'school@kestrel-vale.example', '/meetings');
  await page.locator('#meeting-table tbody tr a').first().click();
  await page.waitForURL(/\/meeting\?id=/);
  await page.locator('#agenda').waitFor();
  await page.waitForFunction(() => !document.getElementById('agenda').innerText.includes('Loading'));
  assert.equal(await page.locator('#build-agenda:visible').count(), 0);
  assert.equal(await page.locator('textarea').count(), 0, 'nothing to edit');
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'meeting-06-practitioner');
});
