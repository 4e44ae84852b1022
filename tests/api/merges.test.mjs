// Duplicate records of one young person through the API: the hub's
// duplicates queue (only pairs the reader may see both of), setting a pair
// aside, merging (links, concerns, screenings, aliases and involvements
// follow the kept record; the merged one leaves lists, search and the
// network) and undoing a merge (exactly what moved goes back), each step
// refused to those without the capability and audited on both records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const id = {};
const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['coordinator', 'police', 'school']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  const add = async (as, key, given, family, dob, extra = {}) => {
    id[key] = (await ok(server, as, 'POST', '/api/v1/people', { kind: 'young_person', given_name: given, family_name: family,
      date_of_birth: dob, postcode: 'TS18 1AU', sharing: 'hub', ...extra })).id;
  };
  await add(who.police, 'police', 'Kayleigh', 'Smyth', '2009-07-03', { police_reference: 'CL/0917' });
  await add(who.school, 'school', 'Kayley', 'Smith', '2009-03-07', { school: 'Larkfield Academy' });
  await add(who.school, 'friend', 'Leon', 'Farrow', '2009-01-12');
  await add(who.police, 'lookalike', 'Kayleigh', 'Smyth', '2009-07-08', { postcode: 'TS20 2BB' });
  id.adult = (await ok(server, who.police, 'POST', '/api/v1/people', { kind: 'adult_of_concern', given_name: 'Kayley', family_name: 'Smith',
    date_of_birth: '2009-03-07', sharing: 'hub' })).id;
  id.park = (await ok(server, who.police, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Ropner Park', sharing: 'hub' })).id;
  id.policeLink = (await ok(server, who.police, 'POST', '/api/v1/links', { link_type: 'frequents', person_id: id.police,
    to_context_id: id.park, confidence: 'confirmed', first_seen: daysAgo(20), sharing: 'hub' })).id;
  id.schoolLink = (await ok(server, who.school, 'POST', '/api/v1/links', { link_type: 'associates_with', person_id: id.friend,
    to_person_id: id.school, confidence: 'reported', first_seen: daysAgo(40), sharing: 'hub' })).id;
  id.concern = (await ok(server, who.school, 'POST', '/api/v1/concerns', { person_id: id.school, concern_date: daysAgo(2),
    exploitation_types: ['child_criminal_exploitation'], indicators: ['going_missing'], narrative: 'Missing from school twice this week.',
    sharing: 'hub' })).id;
  await ok(server, who.school, 'PATCH', `/api/v1/people/${id.school}`, { aliases: ['Kay Smith'] }, 200);
});
after(async () => { await server.stop(); });

const queue = (as, query = '') => call(server, as, 'GET', `/api/v1/duplicates${query}`);
const pairOf = (items, a, b) => items.find((i) => [a, b].every((x) => i.people.some((p) => p.id === x)));
const merge = (as, body) => call(server, as, 'POST', '/api/v1/merges', body);
const person = async (key) => ok(server, who.coordinator, 'GET', `/api/v1/people/${id[key]}`);
/** A new young person shared with the hub, recorded by as; their id. */
const addYoungPerson = async (as, name, extra = {}) => (await ok(server, as, 'POST', '/api/v1/people', { kind: 'young_person',
  given_name: name.split(' ')[0], family_name: name.split(' ')[1], sharing: 'hub', ...extra })).id;

test('the duplicates queue lists likely pairs the reader may see both of, best first, with reasons and paging', async () => {
  const r = await queue(who.coordinator);
  assert.equal(r.status, 200);
  const pair = pairOf(r.json.items, id.police, id.school);
  assert.ok(pair, JSON.stringify(r.json.items.map((i) => i.people.map((p) => p.given_name))));
  assert.ok(pair.score >= 55 && pair.likely);
  assert.ok(pair.reasons.includes('day and month of birth swapped'), pair.reasons.join());
  const scores = r.json.items.map((i) => i.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  assert.ok(!pairOf(r.json.items, id.school, id.adult), 'a young person and an adult are never a likely pair');
  assert.ok(!pairOf((await queue(who.school)).json.items, id.police, id.school), 'the school may not see the police record');
  const all = [];
  let cursor = null;
  do {
    const page = await ok(server, who.coordinator, 'GET', `/api/v1/duplicates?min_score=40&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && all.length < 50);
  assert.ok(all.length >= 2, 'paging walks every possible pair');
  assert.equal(new Set(all.map((i) => i.people.map((p) => p.id).join())).size, all.length, 'no pair twice');
  assert.equal((await queue(who.coordinator, '?min_score=5')).json.error.field, 'min_score');
  assert.equal((await queue(who.coordinator, '?limit=0')).json.error.field, 'limit');
});

test('a merge is refused without the capability, with a clear error for bad input, and across kinds', async () => {
  const good = { kept_id: id.police, merged_id: id.school, reason: 'Same date of birth with day and month swapped; same postcode.' };
  assert.equal((await merge(who.police, { ...good, merged_id: id.lookalike })).status, 403, 'practitioners do not merge');
  assert.equal((await merge(who.school, good)).status, 404, 'nor may anyone merge a record they cannot see');
  for (const [field, body] of [['kept_id', { ...good, kept_id: undefined }], ['merged_id', { ...good, merged_id: 'nope' }],
    ['reason', { ...good, reason: '' }], ['reason', { ...good, reason: 'x'.repeat(501) }], ['merged_id', { ...good, merged_id: id.police }]]) {
    const r = await merge(who.coordinator, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field);
  }
  const kinds = await merge(who.coordinator, { ...good, merged_id: id.adult });
  assert.equal(kinds.status, 400);
  assert.match(kinds.json.error.message, /adult/);
  assert.equal((await person('school')).merged_into, null, 'nothing changed');
});

test('merging moves links, concerns, aliases and involvements to the kept record; undoing moves them back', async () => {
  const before = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${id.police}/chronology`)).items.length;
  const r = await merge(who.coordinator, { kept_id: id.police, merged_id: id.school, reason: 'Day and month of birth swapped; same postcode.' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual(r.json.moved, { links: 1, concerns: 1, screenings: 0, aliases: 2, involvements: 1, disruptions: 0, actions: 0 });
  id.merge = r.json.id;

  assert.deepEqual(r.json.fields_filled, [], 'no details cross from one agency\'s record to another\'s');
  const kept = await person('police');
  assert.deepEqual(kept.aliases.sort(), ['Kay Smith', 'Kayley Smith']);
  assert.equal(kept.school, null, 'the school\'s details stay on the school\'s record');
  assert.equal(kept.date_of_birth, '2009-07-03');
  assert.equal(kept.police_reference, 'CL/0917');
  assert.equal(kept.merges[0].id, id.merge);
  assert.equal((await person('school')).merged_into, id.police);
  const chronology = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${id.police}/chronology`)).items;
  assert.equal(chronology.length, before + 2, 'the concern and the link now belong to the kept record');
  assert.ok(chronology.some((e) => e.record.id === id.concern));
  const found = (await ok(server, who.coordinator, 'GET', '/api/v1/people?q=kayley')).items.map((p) => p.id);
  assert.ok(found.includes(id.police) && !found.includes(id.school), 'search finds the kept record by the merged name');
  const network = await ok(server, who.coordinator, 'GET', `/api/v1/network?subject=${id.police}&depth=1`);
  const nodes = network.nodes.map((n) => n.id);
  assert.ok(nodes.includes(id.friend) && nodes.includes(id.park) && !nodes.includes(id.school), nodes.join());
  assert.ok(!pairOf((await queue(who.coordinator, '?min_score=40')).json.items, id.police, id.school), 'the pair leaves the queue');
  assert.equal((await call(server, who.school, 'GET', `/api/v1/people/${id.police}`)).status, 200, 'the school keeps its involvement');
  assert.equal((await call(server, who.school, 'POST', '/api/v1/concerns', { person_id: id.school, concern_date: daysAgo(0),
    narrative: 'Seen again.', sharing: 'hub' })).status, 404, 'nothing new may name the merged record');
  const changed = await call(server, who.coordinator, 'PATCH', `/api/v1/people/${id.school}`, { postcode: 'TS1 1AA' });
  assert.equal(changed.status, 409, 'a merged record stays as it was merged');
  assert.equal((await person('school')).postcode, 'TS18 1AU');
  const again = await merge(who.coordinator, { kept_id: id.police, merged_id: id.school, reason: 'again' });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.field, 'merged_id');

  const undone = await call(server, who.coordinator, 'POST', `/api/v1/merges/${id.merge}/undo`);
  assert.equal(undone.status, 200, JSON.stringify(undone.json));
  assert.ok(undone.json.undone_at);
  assert.equal((await person('school')).merged_into, null);
  assert.deepEqual((await person('police')).aliases, []);
  assert.equal((await person('school')).school, 'Larkfield Academy');
  assert.deepEqual((await person('school')).aliases, ['Kay Smith']);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/people/${id.police}/chronology`)).items.length, before);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/concerns/${id.concern}`)).person_id, id.school);
  assert.equal((await call(server, who.school, 'GET', `/api/v1/people/${id.police}`)).status, 404, 'the involvement the merge added is gone');
  const back = (await ok(server, who.coordinator, 'GET', `/api/v1/network?subject=${id.school}&depth=1`)).nodes.map((n) => n.id);
  assert.ok(back.includes(id.friend), 'the network has the link back');
  assert.ok(pairOf((await queue(who.coordinator)).json.items, id.police, id.school), 'the pair is back in the queue');
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/merges/${id.merge}/undo`)).status, 409, 'undone once only');
  assert.equal((await call(server, who.police, 'POST', `/api/v1/merges/${id.merge}/undo`)).status, 404, 'the police may not see the school record');
  assert.equal((await call(server, who.coordinator, 'GET', '/api/v1/merges/0123456789abcdef0123456789abcdef')).status, 404);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/merges/${id.merge}`)).moved.concerns, 1);
});

test('every merge and undo is audited on both records', async () => {
  for (const key of ['police', 'school']) {
    const actions = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${id[key]}/audit?limit=100`)).items.map((e) => e.action);
    assert.ok(actions.includes('merge') && actions.includes('undo merge'), `${key}: ${actions.join()}`);
  }
  assert.ok(Number(sql("SELECT count(*) FROM audit_events WHERE action = 'merge' AND outcome = 'denied'")) >= 1, 'refusals too');
});

test('a coordinator can set a pair aside as different people', async () => {
  const pairs = (await queue(who.coordinator, '?min_score=40')).json.items;
  const pair = pairOf(pairs, id.police, id.lookalike);
  assert.ok(pair, 'the look-alike is a possible pair');
  const body = { person_id: id.lookalike, other_id: id.police };
  assert.equal((await call(server, who.police, 'POST', '/api/v1/duplicates/set-aside', body)).status, 403);
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/duplicates/set-aside', { ...body, other_id: 'x' })).json.error.field, 'other_id');
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/duplicates/set-aside', body)).status, 200);
  assert.ok(!pairOf((await queue(who.coordinator, '?min_score=40')).json.items, id.police, id.lookalike), 'it leaves the queue');
  assert.equal((await call(server, who.coordinator, 'POST', '/api/v1/duplicates/set-aside', body)).status, 404, 'once');
  await ok(server, who.police, 'PATCH', `/api/v1/people/${id.lookalike}`, { postcode: 'TS18 1AU' }, 200);
  assert.ok(!pairOf((await queue(who.coordinator, '?min_score=40')).json.items, id.police, id.lookalike), 'and stays out when rescored');
});

test('a merge releases nothing the reader may not see, and undo takes back only what the merge added', async () => {
  const add = async (as, given, family, extra = {}) => (await ok(server, as, 'POST', '/api/v1/people', { kind: 'young_person',
    given_name: given, family_name: family, date_of_birth: '2010-05-17', postcode: 'TS19 7QQ', sharing: 'hub', ...extra })).id;
  // A narrower record may not pass its name to a wider one.
  const secret = await add(who.coordinator, 'Marnie', 'Quayle', { sharing: 'restricted' });
  const open = await add(who.police, 'Marni', 'Quayle');
  const narrower = await merge(who.coordinator, { kept_id: open, merged_id: secret, reason: 'Same girl.' });
  assert.equal(narrower.status, 409);
  assert.equal(narrower.json.error.field, 'merged_id');

  // A school record merged into a record the school may not see: it learns neither its id nor its concerns.
  const schoolOwn = await add(who.school, 'Tia', 'Okonjo');
  await ok(server, who.school, 'POST', '/api/v1/concerns', { person_id: schoolOwn, concern_date: daysAgo(3),
    narrative: 'Pastoral note kept in school.', sharing: 'agency' });
  const policeOwn = await add(who.police, 'Tia', 'Okonjo', { sharing: 'agency' });
  assert.equal((await merge(who.coordinator, { kept_id: policeOwn, merged_id: schoolOwn, reason: 'x' })).status, 404,
    'the coordinator may not see the police\'s agency-only record');
  const councilOnly = await add(who.coordinator, 'Tia', 'Okonjo', { council_case_number: 'KV-22-101', sharing: 'agency' });
  const merged = await ok(server, who.coordinator, 'POST', '/api/v1/merges', { kept_id: councilOnly, merged_id: schoolOwn, reason: 'Same case.' });
  assert.equal(merged.moved.concerns, 0, 'the school\'s agency-only concern is not counted for the coordinator');
  const seen = await ok(server, who.school, 'GET', `/api/v1/people/${schoolOwn}`);
  assert.equal(seen.merged, true);
  assert.equal(seen.merged_into, null, 'the school may not see the council\'s agency-only record, so is not told its id');
  assert.equal((await call(server, who.school, 'GET', `/api/v1/people/${councilOnly}`)).status, 404);
  assert.deepEqual(seen.merges, []);

  // Involvement recorded again after the merge stays; a screening of a moved concern goes back with it.
  const kept = await add(who.police, 'Ravi', 'Duckworth');
  const other = await add(who.school, 'Ravvi', 'Duckworth');
  const concern = await ok(server, who.school, 'POST', '/api/v1/concerns', { person_id: other, concern_date: daysAgo(4),
    narrative: 'Missing overnight.', sharing: 'hub' });
  const m = await ok(server, who.coordinator, 'POST', '/api/v1/merges', { kept_id: kept, merged_id: other, reason: 'Same boy.' });
  await ok(server, who.school, 'POST', '/api/v1/concerns', { person_id: kept, concern_date: daysAgo(1), narrative: 'Seen again.', sharing: 'hub' });
  const screening = await ok(server, who.coordinator, 'POST', '/api/v1/screenings', { concern_id: concern.id, rationale: 'Missing overnight.', pathway: 'early_help' });
  assert.equal(screening.person_id, kept);
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${m.id}/undo`, undefined, 200);
  assert.equal((await call(server, who.school, 'GET', `/api/v1/people/${kept}`)).status, 200, 'the school\'s own involvement since stays');
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/screenings/${screening.id}`)).person_id, other, 'the screening follows its concern back');
});

test('the queue and setting aside refuse bad input by name', async () => {
  assert.equal((await queue(who.coordinator, '?cursor=zzz')).json.error.field, 'cursor');
  assert.equal((await queue(who.coordinator, '?cursor=99999999999999999999.aa.bb')).status, 400);
  const same = await call(server, who.coordinator, 'POST', '/api/v1/duplicates/set-aside', { person_id: id.police, other_id: id.police });
  assert.equal(same.status, 400);
  assert.equal(same.json.error.field, 'other_id');
});

test('between two records of one agency, the kept record takes the details it lacks, never overwriting; undo clears them', async () => {
  const add = async (extra) => (await ok(server, who.police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Demi', family_name: 'Lowe',
    sharing: 'hub', ...extra })).id;
  const keptId = await add({ date_of_birth: '2010-02-01' });
  const mergedId = await add({ date_of_birth: '2010-01-02', nhs_number: '9434765919', school: 'Northfield School' });
  const r = await merge(who.coordinator, { kept_id: keptId, merged_id: mergedId, reason: 'Same girl: the custody record and the missing-person record.' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual([...r.json.fields_filled].sort(), ['nhs_number', 'school']);
  const kept = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`));
  assert.equal(kept.nhs_number, '9434765919');
  assert.equal(kept.school, 'Northfield School');
  assert.equal(kept.date_of_birth, '2010-02-01', 'a detail the kept record has is never overwritten');
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${r.json.id}/undo`, undefined, 200);
  const back = (await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`));
  assert.equal(back.nhs_number, null, 'the details filled in are taken back');
  assert.equal(back.school, null);
});

test('undoing the first of two merges keeps a detail the second merged record has too; undoing the second then clears it', async () => {
  const add = (extra) => addYoungPerson(who.police, 'Tia Rowntree', extra);
  const keptId = await add({});
  const firstId = await add({ date_of_birth: '2011-05-04', school: 'Grangefield School' });
  const secondId = await add({ date_of_birth: '2011-05-04' });
  const first = await merge(who.coordinator, { kept_id: keptId, merged_id: firstId, reason: 'Same girl, recorded after two stops.' });
  assert.equal(first.status, 201, JSON.stringify(first.json));
  assert.deepEqual([...first.json.fields_filled].sort(), ['date_of_birth', 'school']);
  const second = await merge(who.coordinator, { kept_id: keptId, merged_id: secondId, reason: 'Same girl again.' });
  assert.equal(second.status, 201, JSON.stringify(second.json));
  assert.deepEqual(second.json.fields_filled, [], 'the date of birth was there already');
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${first.json.id}/undo`, undefined, 200);
  let kept = await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`);
  assert.equal(kept.date_of_birth, '2011-05-04', 'the record still merged gives the same date of birth');
  assert.equal(kept.school, null, 'only the first merged record gave the school');
  assert.deepEqual((await ok(server, who.coordinator, 'GET', `/api/v1/merges/${second.json.id}`)).fields_filled, ['date_of_birth'],
    'the second merge now holds the date of birth');
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${second.json.id}/undo`, undefined, 200);
  kept = await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`);
  assert.equal(kept.date_of_birth, null, 'with both undone, the kept record is as it was');
});

test('a merge whose filled detail was since replaced does not keep another merge\'s detail after that one is undone', async () => {
  const add = (as, extra) => addYoungPerson(as, 'Nia Pemberton', extra);
  const keptId = await add(who.police, {});
  const firstId = await add(who.police, { date_of_birth: '2012-02-02' });
  const secondId = await add(who.police, { date_of_birth: '2012-01-01' });
  const first = await merge(who.coordinator, { kept_id: keptId, merged_id: firstId, reason: 'One girl: two stop records.' });
  assert.deepEqual(first.json.fields_filled, ['date_of_birth']);
  await ok(server, who.police, 'PATCH', `/api/v1/people/${keptId}`, { date_of_birth: null }, 200);
  const second = await merge(who.coordinator, { kept_id: keptId, merged_id: secondId, reason: 'One girl: a third record.' });
  assert.deepEqual(second.json.fields_filled, ['date_of_birth']);
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${second.json.id}/undo`, undefined, 200);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`)).date_of_birth, null,
    'the first merged record gives another date: nothing holds 2012-01-01 any more');
});

test('a record of another agency with the same detail does not take over what a merge filled in', async () => {
  const add = (as, extra) => addYoungPerson(as, 'Remi Okonjo', extra);
  const keptId = await add(who.police, {});
  const sameAgencyId = await add(who.police, { date_of_birth: '2010-10-10' });
  const otherAgencyId = await add(who.school, { date_of_birth: '2010-10-10' });
  const first = await merge(who.coordinator, { kept_id: keptId, merged_id: sameAgencyId, reason: 'One boy: two police records.' });
  assert.deepEqual(first.json.fields_filled, ['date_of_birth']);
  const second = await merge(who.coordinator, { kept_id: keptId, merged_id: otherAgencyId, reason: 'One boy: the school knows him too.' });
  assert.equal(second.status, 201, JSON.stringify(second.json));
  await ok(server, who.coordinator, 'POST', `/api/v1/merges/${first.json.id}/undo`, undefined, 200);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/people/${keptId}`)).date_of_birth, null,
    'details never pass between agencies, so the school\'s record cannot keep it');
  assert.deepEqual((await ok(server, who.coordinator, 'GET', `/api/v1/merges/${second.json.id}`)).fields_filled, []);
});
