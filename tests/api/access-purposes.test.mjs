// The purpose of access (issue 12, item 2; Data Protection Act 2018,
// s.62): a configurable list kept by admins, with errors naming their
// field; a purpose chosen once per record per session (a second choice is
// refused, 409); where an agency requires it (the police, a competent
// authority), opening a person's record without one answers 428 naming
// the field `purpose` and listing the purposes, while lists and searches
// go on; every audit event that releases the record carries the purpose,
// and so does the young person's audit view; an API token states its
// purpose per request in the Cshub-Purpose header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, runCshub } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

const DEFAULTS = ['screening_concern', 'mace_preparation', 'safeguarding_enquiry', 'casework', 'audit_oversight',
  'offence_investigation'];

checkAnswersAgainstOpenApi(); // every answer below as docs/openapi.json documents it

let server;
const who = {};
let person; // a young person the police recorded
let policeAgency;
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const newestSeq = () => Number(sql('SELECT coalesce(max(seq), 0) FROM audit_events'));
/** The purposes column of the events after seq, one line per record: "person ID code". */
const purposesAfter = (seq) => sql(`SELECT coalesce(purposes, '') FROM audit_events WHERE seq > ${seq} ORDER BY seq`)
  .split('\n').filter(Boolean);

async function bearer(token, method, path, headers = {}) {
  const r = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, ...headers } });
  return { status: r.status, json: await r.json().catch(() => null) };
}

function assertFieldError(r, status, field, code) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.json.error.field, field, JSON.stringify(r.json));
  if (code) assert.equal(r.json.error.code, code);
}

before(async () => {
  server = await startServer({ demo: true });
  for (const [role, email] of Object.entries({ admin: 'admin@kestrel-vale.example', coordinator: 'coordinator@kestrel-vale.example',
    police: 'police@kestrel-vale.example', school: 'school@kestrel-vale.example' })) who[role] = await signIn(server, email);
  person = (await ok(server, who.police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Kaya', family_name: 'Fenwick',
    sharing: 'hub' })).id;
  policeAgency = sql("SELECT agency_id FROM users WHERE email = 'police@kestrel-vale.example'");
});
after(async () => { await server.stop(); });

test('anyone signed in reads the list of purposes; only admins change it, each error naming its field', async () => {
  const list = await ok(server, who.school, 'GET', '/api/v1/access-purposes');
  assert.deepEqual(list.items.map((p) => p.code), DEFAULTS);
  assert.equal(list.items[1].label, 'Preparing for a MACE meeting');
  assert.equal(list.required, false, 'the school need not state one');
  assertFieldError(await call(server, who.school, 'GET', '/api/v1/access-purposes?include_retired=maybe'), 400, 'include_retired');

  const add = (body, as = who.admin) => call(server, as, 'POST', '/api/v1/access-purposes', body);
  assertFieldError(await add({ label: 'Court order' }), 400, 'code', 'missing_field');
  assertFieldError(await add({ code: 'Court Order', label: 'Court order' }), 400, 'code', 'invalid_field');
  assertFieldError(await add({ code: 'choices', label: 'Court order' }), 400, 'code');
  assertFieldError(await add({ code: 'court_order' }), 400, 'label', 'missing_field');
  assertFieldError(await add({ code: 'court_order', label: 'x'.repeat(201) }), 400, 'label');
  assertFieldError(await add({ code: 'court_order', label: 'Court order', sort_order: -1 }), 400, 'sort_order');
  assertFieldError(await add({ code: 'casework', label: 'Casework again' }), 409, 'code');
  assert.equal((await add({ code: 'court_order', label: 'Court order' }, who.police)).status, 403, 'not a practitioner');
  assert.equal((await add({ code: 'court_order', label: 'Court order' }, who.coordinator)).status, 403, 'nor a coordinator');
  const added = await ok(server, who.admin, 'POST', '/api/v1/access-purposes', { code: 'court_order', label: 'Court order' });
  assert.deepEqual([added.code, added.label, added.retired, added.in_use], ['court_order', 'Court order', false, false]);
  assert.equal(added.sort_order, 70, 'after the last');

  const change = (code, body, as = who.admin) => call(server, as, 'PATCH', `/api/v1/access-purposes/${code}`, body);
  assertFieldError(await change('court_order', { retired: 'yes' }), 400, 'retired');
  assertFieldError(await change('court_order', { code: 'court' }), 400, 'code');
  assertFieldError(await change('court_order', { label: '' }), 400, 'label');
  assert.equal((await change('no_such_purpose', { label: 'x' })).status, 404);
  assert.equal((await change('court_order', { label: 'x' }, who.police)).status, 403);
  const relabelled = await ok(server, who.admin, 'PATCH', '/api/v1/access-purposes/court_order', { label: 'Acting on a court order' });
  assert.equal(relabelled.label, 'Acting on a court order');
  const retired = await ok(server, who.admin, 'PATCH', '/api/v1/access-purposes/court_order', { retired: true });
  assert.equal(retired.retired, true);
  assert.ok(!(await ok(server, who.school, 'GET', '/api/v1/access-purposes')).items.some((p) => p.code === 'court_order'),
    'a retired purpose is not offered');
  assert.ok((await ok(server, who.admin, 'GET', '/api/v1/access-purposes?include_retired=true')).items.some((p) => p.code === 'court_order'));
  // Never stated: it may still be deleted.
  assert.equal((await call(server, who.police, 'DELETE', '/api/v1/access-purposes/court_order')).status, 403);
  assert.equal((await call(server, who.admin, 'DELETE', '/api/v1/access-purposes/court_order')).status, 204);
  assert.equal((await call(server, who.admin, 'DELETE', '/api/v1/access-purposes/court_order')).status, 404);
  assert.ok(Number(sql("SELECT count(*) FROM audit_events WHERE record_type = 'access_purpose' AND record_id = 'court_order'")) >= 4,
    'each change audited');
});

test('a purpose is chosen once per record per session: the second choice is refused with 409', async () => {
  const choose = (body, as = who.coordinator) => call(server, as, 'POST', '/api/v1/access-purposes/choices', body);
  assertFieldError(await choose({ record_type: 'context', record_id: person, purpose: 'casework' }), 400, 'record_type');
  assertFieldError(await choose({ record_type: 'person', record_id: 'nope', purpose: 'casework' }), 400, 'record_id');
  assertFieldError(await choose({ record_type: 'person', record_id: person }), 400, 'purpose', 'missing_field');
  assertFieldError(await choose({ record_type: 'person', record_id: person, purpose: 'gossip' }), 400, 'purpose');
  await ok(server, who.admin, 'POST', '/api/v1/access-purposes', { code: 'old_reason', label: 'An old reason' });
  await ok(server, who.admin, 'PATCH', '/api/v1/access-purposes/old_reason', { retired: true });
  assertFieldError(await choose({ record_type: 'person', record_id: person, purpose: 'old_reason' }), 400, 'purpose');

  const chosen = await ok(server, who.coordinator, 'POST', '/api/v1/access-purposes/choices',
    { record_type: 'person', record_id: person, purpose: 'mace_preparation' });
  assert.deepEqual([chosen.record_type, chosen.record_id, chosen.purpose, chosen.label],
    ['person', person, 'mace_preparation', 'Preparing for a MACE meeting']);
  const again = await choose({ record_type: 'person', record_id: person, purpose: 'casework' });
  assertFieldError(again, 409, 'purpose', 'purpose_already_chosen');
  assert.match(again.json.error.message, /already \(Preparing for a MACE meeting\)/);
  assert.equal(again.json.purpose, 'mace_preparation');
  const mine = await ok(server, who.coordinator, 'GET', `/api/v1/access-purposes/choices?record_id=${person}`);
  assert.deepEqual(mine.items.map((c) => c.purpose), ['mace_preparation']);
  assertFieldError(await call(server, who.coordinator, 'GET', '/api/v1/access-purposes/choices?record_id=x'), 400, 'record_id');

  // A stated purpose is in use: it can be retired, never deleted.
  const used = await call(server, who.admin, 'DELETE', '/api/v1/access-purposes/mace_preparation');
  assert.equal(used.status, 409);
  assert.equal(used.json.error.code, 'purpose_in_use');
  assert.equal((await ok(server, who.admin, 'GET', '/api/v1/access-purposes')).items.find((p) => p.code === 'mace_preparation').in_use, true);

  // Another session of the same person chooses afresh; signing out forgets the session's choices.
  const second = await signIn(server, 'coordinator@kestrel-vale.example');
  await ok(server, second, 'POST', '/api/v1/access-purposes/choices', { record_type: 'person', record_id: person, purpose: 'audit_oversight' });
  const hash = () => sql(`SELECT count(*) FROM access_purpose_choices WHERE purpose = 'audit_oversight' AND record_id = '${person}'`);
  assert.equal(hash(), '1');
  assert.equal((await call(server, second, 'DELETE', '/api/v1/session')).status, 204);
  assert.equal(hash(), '0', 'the choice ended with the session');
});

test('where an agency requires a purpose, opening a record without one answers 428; lists go on; the choice opens it', async () => {
  const set = (body, as = who.admin, agency = policeAgency) => call(server, as, 'PATCH', `/api/v1/access-purposes/agencies/${agency}`, body);
  assertFieldError(await set({}), 400, 'purpose_required', 'missing_field');
  assertFieldError(await set({ purpose_required: 'yes' }), 400, 'purpose_required');
  assert.equal((await set({ purpose_required: true }, who.police)).status, 403, 'the police cannot switch it off themselves');
  assert.equal((await set({ purpose_required: true }, who.admin, '0123456789abcdef0123456789abcdef')).status, 404);
  const police = await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${policeAgency}`, { purpose_required: true });
  assert.deepEqual([police.id, police.kind, police.purpose_required], [policeAgency, 'police', true]);
  const settings = await ok(server, who.admin, 'GET', '/api/v1/access-purposes/agencies');
  assert.deepEqual(settings.items.filter((a) => a.purpose_required).map((a) => a.id), [policeAgency]);
  assert.equal((await call(server, who.police, 'GET', '/api/v1/access-purposes/agencies')).status, 403);
  assert.equal((await ok(server, who.police, 'GET', '/api/v1/access-purposes')).required, true);

  const officer = await signIn(server, 'police@kestrel-vale.example'); // a fresh session
  for (const path of [`/api/v1/people/${person}`, `/api/v1/people/${person}/chronology`, `/api/v1/people/${person}/links`]) {
    const r = await call(server, officer, 'GET', path);
    assertFieldError(r, 428, 'purpose', 'purpose_required');
    assert.deepEqual(r.json.purposes.map((p) => p.code), DEFAULTS, path);
    assert.equal(r.json.purposes[3].label, 'Casework with this young person');
    assert.deepEqual([r.json.record_type, r.json.record_id], ['person', person]);
  }
  // A change answers with the whole record: it opens it too (an empty PATCH was a way round).
  assertFieldError(await call(server, officer, 'PATCH', `/api/v1/people/${person}`, {}), 428, 'purpose', 'purpose_required');
  // Lists and searches are not blocked, nor another agency's reads.
  assert.ok((await ok(server, officer, 'GET', '/api/v1/people?q=Fenwick')).items.some((p) => p.id === person));
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/people/${person}/chronology`)).status, 200);
  // A record the officer may not see: 428 first (nothing confirmed), then 404.
  const unseen = '0123456789abcdef0123456789abcdef';
  assert.equal((await call(server, officer, 'GET', `/api/v1/people/${unseen}`)).status, 428);

  await ok(server, officer, 'POST', '/api/v1/access-purposes/choices', { record_type: 'person', record_id: person, purpose: 'casework' });
  await ok(server, officer, 'POST', '/api/v1/access-purposes/choices', { record_type: 'person', record_id: unseen, purpose: 'casework' });
  assert.equal((await call(server, officer, 'GET', `/api/v1/people/${unseen}`)).status, 404);
  const seq = newestSeq();
  assert.equal((await ok(server, officer, 'GET', `/api/v1/people/${person}`)).family_name, 'Fenwick');
  await ok(server, officer, 'GET', `/api/v1/people/${person}/chronology`);
  const lines = purposesAfter(seq);
  assert.deepEqual(lines, [`person ${person} casework`, `person ${person} casework`], 'each event releasing the record carries it');
  // A list that shows the record carries the purpose too.
  const listed = newestSeq();
  await ok(server, officer, 'GET', '/api/v1/people?q=Fenwick');
  assert.deepEqual(purposesAfter(listed), [`person ${person} casework`]);
  // The coordinator's reads in another session carry that session's purpose.
  const coordinatorRead = newestSeq();
  await ok(server, who.coordinator, 'GET', `/api/v1/people/${person}`);
  assert.deepEqual(purposesAfter(coordinatorRead), [`person ${person} mace_preparation`]);

  // A role that reads no one's record is refused as before, not asked why.
  const services = sql("SELECT agency_id FROM users WHERE email = 'admin@kestrel-vale.example'");
  await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${services}`, { purpose_required: true });
  assert.equal((await call(server, who.admin, 'GET', `/api/v1/people/${person}`)).status, 404);
  await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${services}`, { purpose_required: false });

  await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${policeAgency}`, { purpose_required: false });
  const another = await signIn(server, 'police@kestrel-vale.example');
  const free = newestSeq();
  assert.equal((await call(server, another, 'GET', `/api/v1/people/${person}`)).status, 200, 'switched off: opened without one');
  assert.deepEqual(purposesAfter(free), [], 'and no purpose is recorded');
});

test('the young person\'s audit view shows the purpose of each look', async () => {
  const events = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${person}/audit?limit=100`)).items;
  const police = sql("SELECT id FROM users WHERE email = 'police@kestrel-vale.example'");
  const looks = events.filter((e) => e.user_id === police && e.action === 'read' && e.purpose);
  assert.ok(looks.length >= 3, JSON.stringify(events.slice(0, 5)));
  assert.ok(looks.every((e) => e.purpose === 'casework' && e.purpose_label === 'Casework with this young person'));
  assert.ok(events.some((e) => e.purpose === 'mace_preparation' && e.purpose_label === 'Preparing for a MACE meeting'));
  assert.ok(events.some((e) => e.action === 'create' && e.purpose === null), 'a look without one shows none');
});

test('an API token states its purpose in the Cshub-Purpose header of each request', async () => {
  await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${policeAgency}`, { purpose_required: true });
  const { token } = await ok(server, who.police, 'POST', '/api/v1/tokens', { name: 'Case system' });
  const missing = await bearer(token, 'GET', `/api/v1/people/${person}`);
  assertFieldError(missing, 428, 'purpose', 'purpose_required');
  assert.match(missing.json.error.message, /Cshub-Purpose/);
  assertFieldError(await bearer(token, 'GET', `/api/v1/people/${person}`, { 'Cshub-Purpose': 'gossip' }), 400, 'Cshub-Purpose');
  assertFieldError(await bearer(token, 'GET', '/api/v1/people', { 'Cshub-Purpose': 'old_reason' }), 400, 'Cshub-Purpose', 'invalid_field');
  assert.equal((await bearer(token, 'GET', '/api/v1/people?q=Fenwick')).status, 200, 'a list needs none');
  const seq = newestSeq();
  const r = await bearer(token, 'GET', `/api/v1/people/${person}`, { 'Cshub-Purpose': 'offence_investigation' });
  assert.equal(r.status, 200);
  assert.deepEqual(purposesAfter(seq), [`person ${person} offence_investigation`]);
  assert.equal(sql(`SELECT used_at IS NOT NULL FROM access_purposes WHERE code = 'offence_investigation'`), '1', 'stated: never deleted');
  const choice = await fetch(`${server.url}/api/v1/access-purposes/choices`, { method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ record_type: 'person', record_id: person, purpose: 'casework' }) });
  assert.equal(choice.status, 403, 'a token has no session to keep a choice in');
  await ok(server, who.admin, 'PATCH', `/api/v1/access-purposes/agencies/${policeAgency}`, { purpose_required: false });
});

test('the log with purposes verifies intact, and no log line names the young person', async () => {
  const r = runCshub(['audit', 'verify', '--db', server.dbPath]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /audit log intact/);
  const logs = server.logLines.join('\n');
  assert.doesNotMatch(logs, /Fenwick|Kaya/);
});
