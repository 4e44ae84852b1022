// The minutes of a MACE meeting as a PDF (GET /api/v1/meetings/{id}/minutes.pdf),
// over real HTTP: a meeting built by hand with items and actions of
// different reach, exported by the coordinator (who sees it all) and by a
// school practitioner (who sees only what concerns the school); the text
// of each PDF, extracted with pdftotext, holds exactly what its reader may
// see. Reads and the export are audited; unknown or hidden meetings are
// 404, a signed-out caller 401; names in other scripts come out intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, ok } from '../lib/client.mjs';

let server;
const who = {};
let meeting;
let amara;
let tobias, restrictedItem; // what the school may not see
const daysFromNow = (n) => new Date(Date.now() + n * 86400e3).toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const agencyOf = (email) => sql(`SELECT agency_id FROM users WHERE email = '${email}'`);

/** GET the minutes as who; {status, headers, bytes}. */
async function minutes(as, id, extraHeaders = {}) {
  const headers = as ? { Cookie: as.cookie, ...extraHeaders } : extraHeaders;
  const r = await fetch(`${server.url}/api/v1/meetings/${id}/minutes.pdf`, { headers });
  return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
}

/** The text of a PDF, as pdftotext reads it (words joined by single spaces). */
const textOf = (bytes) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' }).replace(/\s+/g, ' ');

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['coordinator', 'police', 'school', 'analyst']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  const person = async (as, given, family, sharing) =>
    (await ok(server, as, 'POST', '/api/v1/people', { kind: 'young_person', given_name: given, family_name: family, sharing })).id;
  amara = await person(who.school, 'Amara', 'Okafor', 'hub');
  const zoe = await person(who.school, 'Ζωή', 'Łukasiewicz', 'hub');
  const meiling = await person(who.school, '美玲', '王', 'hub');
  tobias = await person(who.police, 'Tobias', 'Wrenfield', 'hub');
  const park = (await ok(server, who.coordinator, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Heronfield Rec Ground',
    location_kind: 'park', sharing: 'hub' })).id;

  meeting = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(0), title: 'MACE — export test',
    invited_agency_ids: [agencyOf('school@kestrel-vale.example'), agencyOf('police@kestrel-vale.example')],
    attendance: [{ agency_id: agencyOf('school@kestrel-vale.example'), name: 'Mr Dean Avery', attended: 'present' },
      { agency_id: agencyOf('police@kestrel-vale.example'), name: 'DS Priya Lomas', attended: 'apologies' }] });
  const item = (body) => ok(server, who.coordinator, 'POST', `/api/v1/meetings/${meeting.id}/items`, body);
  const amaraItem = await item({ kind: 'young_person', person_id: amara, reason: 'Missing from school three times this month.' });
  await item({ kind: 'young_person', person_id: zoe, reason: 'Seen with older associates.' });
  await item({ kind: 'young_person', person_id: meiling, reason: 'Missing overnight twice.' });
  const tobiasItem = await item({ kind: 'young_person', person_id: tobias, reason: 'Arrested near the station with cash.' });
  restrictedItem = await item({ kind: 'young_person', person_id: amara, reason: 'Intelligence places her at a trap house.', sharing: 'restricted' });
  await item({ kind: 'context', context_id: park, reason: 'Older males gather at the pavilion.' });
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${amaraItem.id}`, { discussion: 'The school and police shared what they know.',
    decisions: 'Safety plan with the family.' }, 200);
  const action = (on, person, owner, description, extra = {}) => ok(server, who.coordinator, 'POST', '/api/v1/actions', { meeting_id: meeting.id,
    item_id: on.id, person_id: person, description, owner_agency_id: agencyOf(owner), due_on: daysFromNow(7), ...extra });
  await action(amaraItem, amara, 'school@kestrel-vale.example', 'Arrange a learning mentor.');
  await action(amaraItem, amara, 'coordinator@kestrel-vale.example', 'Social worker to complete the assessment.', { sharing: 'agency' });
  await action(tobiasItem, tobias, 'police@kestrel-vale.example', 'Covert disruption visit to the address.');
  await action(restrictedItem, amara, 'police@kestrel-vale.example', 'Search the address named by intelligence.');
  await ok(server, who.coordinator, 'POST', '/api/v1/actions', { meeting_id: meeting.id, description: 'Write to the owner of the pavilion about its lighting.',
    owner_agency_id: agencyOf('coordinator@kestrel-vale.example'), due_on: daysFromNow(14) });
  // More actions than one page of the list answers (100), so the export must page through them all.
  for (let i = 0; i < 104; i++) await action(amaraItem, amara, 'school@kestrel-vale.example', `Weekly check-in number ${i + 1}.`);
});
after(async () => { await server.stop(); });

test('the coordinator exports every item and action, as a PDF download', async () => {
  const r = await minutes(who.coordinator, meeting.id);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="minutes-${meeting.held_on}.pdf"`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = textOf(r.bytes);
  for (const expected of ['MACE — export test', 'OFFICIAL-SENSITIVE', 'Page 1 of', 'Amara Okafor', 'Missing from school three times this month.',
    'Safety plan with the family.', 'Arrange a learning mentor.', 'Tobias Wrenfield', 'Intelligence places her at a trap house.',
    'Covert disruption visit to the address.', 'Social worker to complete the assessment.', 'Search the address named by intelligence.',
    'Heronfield Rec Ground', 'Mr Dean Avery', 'Apologies', 'Weekly check-in number 1.',
    'Weekly check-in number 104.']) {
    assert.ok(text.includes(expected), `"${expected}" in the coordinator's minutes`);
  }
  assert.match(text, /Other actions agreed at the meeting Actions agreed What Agency Due Status Write to the owner of the pavilion about its lighting\./,
    'an action given at the meeting on no item');
});

test('a school practitioner\'s PDF holds only what the school may see', async () => {
  const r = await minutes(who.school, meeting.id);
  assert.equal(r.status, 200);
  const text = textOf(r.bytes);
  for (const expected of ['Amara Okafor', 'Missing from school three times this month.', 'Arrange a learning mentor.',
    'Weekly check-in number 104.']) {
    assert.ok(text.includes(expected), `"${expected}" in the school's minutes`);
  }
  for (const hidden of ['Tobias', 'Wrenfield', 'Arrested near the station', 'trap house', 'Covert disruption visit',
    'Social worker to complete', 'Search the address']) {
    assert.ok(!text.includes(hidden), `"${hidden}" is not in the school's minutes`);
  }
});

test('each reader\'s PDF has the items the JSON shows that reader, and no other', async () => {
  const all = (await ok(server, who.coordinator, 'GET', `/api/v1/meetings/${meeting.id}`)).items;
  for (const as of [who.coordinator, who.school, who.police]) {
    const shown = new Set((await ok(server, as, 'GET', `/api/v1/meetings/${meeting.id}`)).items.map((i) => i.id));
    const text = textOf((await minutes(as, meeting.id)).bytes);
    for (const item of all) assert.equal(text.includes(item.reason), shown.has(item.id), `${item.reason} (${shown.size} shown)`);
  }
});

test('names in other scripts come out as written', async () => {
  const text = textOf((await minutes(who.school, meeting.id)).bytes);
  assert.ok(text.includes('Ζωή Łukasiewicz'), 'Greek and Polish letters');
  assert.ok(text.includes('美玲 王'), 'Chinese characters (from a fallback font)');
});

test('reads and the export are audited', async () => {
  const school = sql(`SELECT id FROM users WHERE email = 'school@kestrel-vale.example'`);
  const exports = sql(`SELECT count(*) FROM audit_events WHERE action = 'export' AND record_type = 'meeting' AND record_id = '${meeting.id}' AND user_id = '${school}'`);
  assert.ok(Number(exports) >= 1, 'the export is an event');
  const listed = sql(`SELECT records FROM audit_events WHERE action = 'export' AND user_id = '${school}' ORDER BY seq DESC LIMIT 1`);
  assert.ok(listed.includes(`meeting ${meeting.id}`) && listed.includes(`person ${amara}`), 'listing the records it released');
  assert.ok(!listed.includes(tobias) && !listed.includes(restrictedItem.id), 'and none it held back from the school');
  const reads = sql(`SELECT count(*) FROM audit_events WHERE action = 'read' AND instr(records, char(10) || 'person ${amara}' || char(10)) > 0 AND user_id = '${school}'`);
  assert.ok(Number(reads) >= 1, 'each person named is read as the JSON reads them');
  let events = [];
  for (let i = 0; i < 30 && !events.some((e) => e.action === 'export'); i++) {
    events = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${amara}/audit?limit=100`)).items;
    if (!events.some((e) => e.action === 'export')) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.ok(events.some((e) => e.action === 'export' && e.user_id === school), 'who has looked at the young person includes the export');
  const chain = execFileSync(process.env.CSHUB_BIN || 'build/cshub', ['audit', 'verify', '--db', server.dbPath], { encoding: 'utf8' });
  assert.match(chain, /intact|ok/i);
});

test('unknown or hidden meetings are 404, signed out is 401', async () => {
  assert.equal((await minutes(who.coordinator, '0123456789abcdef0123456789abcdef')).status, 404);
  assert.equal((await minutes(who.coordinator, 'not-an-id')).status, 404);
  assert.equal((await minutes(who.analyst, meeting.id)).status, 404, 'an analyst sees no meeting');
  const hidden = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(1), title: 'Agency only', sharing: 'agency' });
  const refused = await minutes(who.school, hidden.id);
  assert.equal(refused.status, 404);
  assert.equal(refused.headers.get('content-type'), 'application/json');
  assert.equal(JSON.parse(refused.bytes.toString('utf8')).error.code, 'not_found');
  assert.equal((await minutes(null, meeting.id)).status, 401);
});

test('several exports at once, on several threads, are each whole', async () => {
  const all = await Promise.all([who.coordinator, who.school, who.coordinator, who.school, who.coordinator, who.school]
    .map((as) => minutes(as, meeting.id)));
  for (const r of all) {
    assert.equal(r.status, 200);
    assert.ok(textOf(r.bytes).includes('Amara Okafor'));
  }
});

test('long text breaks across pages with nothing lost', async () => {
  const long = await ok(server, who.coordinator, 'POST', '/api/v1/meetings', { held_on: daysFromNow(2), title: 'Long minutes' });
  const item = await ok(server, who.coordinator, 'POST', `/api/v1/meetings/${long.id}/items`, { kind: 'other', reason: 'Any other business.' });
  const words = Array.from({ length: 714 }, (_, i) => `w${String(i).padStart(4, '0')}`);
  await ok(server, who.coordinator, 'PATCH', `/api/v1/meeting-items/${item.id}`, { discussion: words.join(' ') }, 200);
  // Wide letters with no space: taller than a page in the narrow column, so the row goes on over the next page.
  const description = `${'W'.repeat(1950)} final words here.`;
  await ok(server, who.coordinator, 'POST', '/api/v1/actions', { meeting_id: long.id, item_id: item.id, description,
    owner_agency_id: agencyOf('police@kestrel-vale.example'), due_on: daysFromNow(7) });
  const r = await minutes(who.coordinator, long.id);
  assert.equal(r.status, 200);
  const text = textOf(r.bytes);
  assert.deepEqual(text.match(/\bw\d{4}\b/g), words, 'every word of the discussion, in order');
  assert.equal((text.match(/\bW+\b/g) || []).join('').length, 1950, 'every letter of the description');
  assert.ok(text.includes('final words here.'));
  const pages = Number(execFileSync('pdfinfo', ['-'], { input: r.bytes, encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
  assert.ok(pages >= 3, `${pages} pages`);
  assert.ok(text.includes(`Page ${pages} of ${pages}`));
});

test('request logs carry no name or free text from the minutes', () => {
  const logs = server.logLines.join('\n');
  for (const secret of ['Amara', 'Okafor', 'Tobias', 'trap house', 'learning mentor']) assert.ok(!logs.includes(secret), secret);
});
