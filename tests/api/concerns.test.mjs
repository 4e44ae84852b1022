// Concerns, screenings and chronologies through the API: codes kept with
// their definition versions, every field validated with an error naming
// it, the two-agency alert, the triage list, the risk tool's score and the
// screener's decision, the chronology of a young person and of a place,
// and the access policy with its audit events on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';

let server;
const who = {};
const seen = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  const body = await r.json();
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}

async function api(as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

function sql(query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
}

const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);

function concernAbout(personId, extra = {}) {
  return { person_id: personId, concern_date: daysAgo(1), exploitation_types: ['child_criminal_exploitation'],
    indicators: ['going_missing', 'money_gifts', 'older_associates'], adverse_experiences: ['parental_separation'],
    narrative: 'Seen getting into a car with older males outside the station after school.',
    young_person_words: '"They just give me lifts, it\'s nothing."', sharing: 'hub', ...extra };
}

before(async () => {
  server = await startServer({ demo: true });
  for (const role of ['police', 'school', 'health', 'coordinator', 'analyst', 'admin']) who[role] = await signIn(`${role}@kestrel-vale.example`);
  seen.person = (await api(who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Kayden', family_name: 'Ashworth-Lowe',
    date_of_birth: '2011-03-14', sharing: 'hub' })).json;
  seen.station = (await api(who.police, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Kestrel Vale bus station', location_kind: 'transport_hub', sharing: 'hub' })).json;
});
after(async () => { await server.stop(); });

test('a concern is created with its codes and their versions, read back, changed and listed', async () => {
  const r = await api(who.school, 'POST', '/api/v1/concerns', concernAbout(seen.person.id, { context_id: seen.station.id }));
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual(r.json.exploitation_types, [{ code: 'child_criminal_exploitation', version: 1 }]);
  assert.equal(r.json.indicators.length, 3);
  assert.equal(r.json.status, 'new');
  assert.equal(r.json.raised_by, 'Aisha Brennan');
  assert.equal(r.json.person.name, 'Kayden Ashworth-Lowe');
  assert.equal(r.json.context.name, 'Kestrel Vale bus station');
  seen.concern = r.json;
  const read = await api(who.coordinator, 'GET', `/api/v1/concerns/${r.json.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.json.young_person_words, seen.concern.young_person_words);
  const changed = await api(who.school, 'PATCH', `/api/v1/concerns/${r.json.id}`, { indicators: ['going_missing'], young_person_words: null });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.json.indicators, [{ code: 'going_missing', version: 1 }]);
  assert.equal(changed.json.young_person_words, null);
  assert.equal((await api(who.school, 'PATCH', `/api/v1/concerns/${r.json.id}`, { person_id: seen.person.id })).json.error.field, 'person_id');
});

test('each field is validated with an error that names it', async () => {
  const cases = [
    [{ concern_date: undefined }, 'concern_date', 'missing_field'],
    [{ concern_date: '2026-02-30' }, 'concern_date'],
    [{ concern_date: '24/11/2026' }, 'concern_date'],
    [{ concern_date: '2999-01-01' }, 'concern_date'],
    [{ narrative: undefined }, 'narrative', 'missing_field'],
    [{ narrative: 'x'.repeat(10001) }, 'narrative'],
    [{ young_person_words: 'x'.repeat(5001) }, 'young_person_words'],
    [{ exploitation_types: ['pickpocketing'] }, 'exploitation_types'],
    [{ exploitation_types: 'child_criminal_exploitation' }, 'exploitation_types'],
    [{ indicators: ['child_criminal_exploitation'] }, 'indicators'],
    [{ adverse_experiences: [7] }, 'adverse_experiences'],
    [{ person_id: 'not-an-id' }, 'person_id'],
    [{ person_id: undefined }, 'person_id'],
    [{ status: 'lost' }, 'status'],
    [{ sharing: undefined }, 'sharing', 'missing_field'],
    [{ raised_by: '' }, 'raised_by', 'missing_field'],
  ];
  const before = sql('SELECT count(*) FROM concerns');
  for (const [change, field, code = 'invalid_field'] of cases) {
    const r = await api(who.school, 'POST', '/api/v1/concerns', concernAbout(seen.person.id, change));
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
    assert.equal(r.json.error.code, code, JSON.stringify(change) + JSON.stringify(r.json));
  }
  assert.equal(sql('SELECT count(*) FROM concerns'), before, 'nothing was stored');
});

test('a concern about someone or somewhere the caller may not see is refused as not found', async () => {
  const hidden = (await api(who.police, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Mercy', family_name: 'Oyelaran', sharing: 'agency' })).json;
  const r = await api(who.school, 'POST', '/api/v1/concerns', concernAbout(hidden.id));
  assert.equal(r.status, 404);
  assert.equal((await api(who.analyst, 'POST', '/api/v1/concerns', concernAbout(seen.person.id))).status, 404, 'analysts see no young person to raise a concern about');
  assert.equal((await api(who.admin, 'GET', `/api/v1/concerns/${seen.concern.id}`)).status, 404);
  assert.equal((await api(who.health, 'GET', `/api/v1/concerns/${seen.concern.id}`)).status, 404, 'health has no involvement');
});

test('concerns from two agencies about one young person within seven days alert the hub, once', async () => {
  const person = (await api(who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Tyler', family_name: 'Brannigan', sharing: 'hub' })).json;
  const alerts = async () => (await api(who.coordinator, 'GET', '/api/v1/alerts')).json.items.filter((a) => a.record_id === person.id);
  await api(who.school, 'POST', '/api/v1/concerns', concernAbout(person.id, { concern_date: daysAgo(10) }));
  await api(who.school, 'POST', '/api/v1/concerns', concernAbout(person.id, { concern_date: daysAgo(9) }));
  assert.equal((await alerts()).length, 0, 'one agency alone raises no alert');
  await api(who.coordinator, 'POST', `/api/v1/people/${person.id}/involvements`, { user_id: sql("SELECT id FROM users WHERE email = 'police@kestrel-vale.example'") });
  const police = await api(who.police, 'POST', '/api/v1/concerns', concernAbout(person.id, { concern_date: daysAgo(1) }));
  assert.equal(police.status, 201);
  assert.equal((await alerts()).length, 0, 'eight days apart is not within seven');
  await api(who.police, 'POST', '/api/v1/concerns', concernAbout(person.id, { concern_date: daysAgo(3) }));
  const raised = await alerts();
  assert.equal(raised.length, 1);
  assert.equal(raised[0].kind, 'concerns_from_two_agencies');
  await api(who.police, 'POST', '/api/v1/concerns', concernAbout(person.id, { concern_date: daysAgo(2) }));
  assert.equal((await alerts()).length, 1, 'the hub is alerted once, not per concern');
});

test('the triage list shows new concerns, newest first, with paging and no one hidden', async () => {
  const pages = [];
  let cursor = null;
  do {
    const r = await api(who.coordinator, 'GET', `/api/v1/concerns?status=new&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    pages.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.ok(pages.length >= 5);
  assert.ok(pages.every((c) => c.status === 'new'));
  assert.deepEqual(pages.map((c) => c.created_at), pages.map((c) => c.created_at).sort().reverse());
  assert.equal(new Set(pages.map((c) => c.id)).size, pages.length, 'no concern twice across pages');
  assert.equal((await api(who.coordinator, 'GET', '/api/v1/concerns?status=lost')).json.error.field, 'status');
  assert.equal((await api(who.coordinator, 'GET', '/api/v1/concerns?person_id=zzz')).json.error.field, 'person_id');
  const released = sql(`SELECT group_concat(records, '') FROM audit_events WHERE action = 'read' AND user_id = (SELECT id FROM users WHERE email = 'coordinator@kestrel-vale.example')`);
  for (const c of pages) assert.ok(released.includes(`\nconcern ${c.id}\n`), 'every concern shown is audited as read');
});

test('the risk tool scores a concern, the coordinator decides, and the concern is screened', async () => {
  const tool = await api(who.coordinator, 'GET', '/api/v1/screening-tool');
  assert.equal(tool.status, 200);
  assert.equal(tool.json.config.group_weights.control, 3);
  const r = await api(who.coordinator, 'POST', '/api/v1/screenings', { concern_id: seen.concern.id, indicators: ['going_missing', 'money_gifts', 'older_associates', 'threats'],
    risk_level: 'high', rationale: 'Pattern of going missing with older males; threats reported by a friend.', pathway: 'mace' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  // going_missing 3 (own weight) + money_gifts 2 (pull) + older_associates 2 (sign) + threats 3 (control) + 1 ACE = 11
  assert.equal(r.json.score, 11);
  assert.equal(r.json.scored_level, 'medium');
  assert.equal(r.json.risk_level, 'high', 'the screener\'s judgement is kept beside the score');
  assert.equal(r.json.tool_version, 1);
  assert.equal(r.json.person_id, seen.person.id);
  assert.deepEqual(r.json.score_breakdown.map((b) => b.weight), [3, 2, 2, 3, 1]);
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/concerns/${seen.concern.id}`)).json.status, 'screened');
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/screenings/${r.json.id}`)).status, 200);
  assert.equal((await api(who.school, 'GET', `/api/v1/screenings/${r.json.id}`)).status, 200, 'the school is involved with the young person');
  assert.equal((await api(who.health, 'GET', `/api/v1/screenings/${r.json.id}`)).status, 404);
  assert.equal((await api(who.school, 'POST', '/api/v1/screenings', { concern_id: seen.concern.id, rationale: 'x', pathway: 'mace' })).status, 403, 'practitioners do not screen');
  assert.equal((await api(who.coordinator, 'PATCH', `/api/v1/screenings/${r.json.id}`, { risk_level: 'low' })).status, 405, 'a screening is never changed');
  const second = await api(who.coordinator, 'POST', '/api/v1/screenings', { concern_id: seen.concern.id, rationale: 'Reviewed after the strategy meeting.', pathway: 'child_protection' });
  assert.equal(second.json.risk_level, second.json.scored_level, 'without a decision the scored level stands');
  const list = await api(who.coordinator, 'GET', `/api/v1/screenings?concern_id=${seen.concern.id}&limit=1`);
  assert.equal(list.json.items.length, 1);
  assert.equal(list.json.items[0].id, second.json.id, 'newest first');
  const rest = await api(who.coordinator, 'GET', `/api/v1/screenings?concern_id=${seen.concern.id}&cursor=${list.json.next_cursor}`);
  assert.deepEqual(rest.json.items.map((s) => s.id), [r.json.id], 'every screening is kept');
  seen.screening = r.json;
});

test('screening input is validated with errors that name the field', async () => {
  const good = { concern_id: seen.concern.id, rationale: 'r', pathway: 'early_help' };
  const cases = [
    [{ concern_id: undefined }, 'concern_id'], [{ concern_id: 'x' }, 'concern_id'], [{ pathway: 'prison' }, 'pathway'],
    [{ pathway: undefined }, 'pathway'], [{ risk_level: 'severe' }, 'risk_level'], [{ rationale: undefined }, 'rationale'],
    [{ rationale: 'x'.repeat(5001) }, 'rationale'], [{ indicators: ['nope'] }, 'indicators'], [{ screened_on: '2026-13-01' }, 'screened_on'],
    [{ sharing: 'everyone' }, 'sharing'],
  ];
  for (const [change, field] of cases) {
    const r = await api(who.coordinator, 'POST', '/api/v1/screenings', { ...good, ...change });
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
  }
});

test('the tool is configured by an admin, as a new version, and checked first', async () => {
  const current = (await api(who.admin, 'GET', '/api/v1/screening-tool')).json;
  const config = { ...current.config, thresholds: { low: 1, medium: 4, high: 10 } };
  assert.equal((await api(who.coordinator, 'PUT', '/api/v1/screening-tool', { config })).status, 403);
  const bad = await api(who.admin, 'PUT', '/api/v1/screening-tool', { config: { ...config, thresholds: { low: 5, medium: 4, high: 10 } } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'config');
  assert.match(bad.json.error.message, /thresholds/);
  assert.equal((await api(who.admin, 'PUT', '/api/v1/screening-tool', { config: { ...config, indicator_weights: { made_up: 2 } } })).status, 400);
  const r = await api(who.admin, 'PUT', '/api/v1/screening-tool', { config });
  assert.equal(r.status, 201);
  assert.equal(r.json.version, current.version + 1);
  const s = await api(who.coordinator, 'POST', '/api/v1/screenings', { concern_id: seen.concern.id, indicators: ['going_missing', 'money_gifts', 'older_associates', 'threats'], rationale: 'Rescored.', pathway: 'mace' });
  assert.equal(s.json.tool_version, current.version + 1);
  assert.equal(s.json.scored_level, 'high', '11 is high under the new thresholds');
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/screenings/${seen.screening.id}`)).json.tool_version, 1, 'old screenings keep their version');
});

test('the chronology of a young person and of a place shows concerns, screenings and links, newest first', async () => {
  const friend = (await api(who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Leon', family_name: 'Farrow', sharing: 'hub' })).json;
  await api(who.school, 'POST', '/api/v1/links', { link_type: 'associates_with', person_id: seen.person.id, to_person_id: friend.id, confidence: 'reported', first_seen: daysAgo(30), sharing: 'hub' });
  const person = await api(who.coordinator, 'GET', `/api/v1/people/${seen.person.id}/chronology`);
  assert.equal(person.status, 200);
  const types = person.json.items.map((e) => e.type);
  assert.ok(types.includes('concern') && types.includes('screening') && types.includes('link'), types.join());
  const dates = person.json.items.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  const place = await api(who.coordinator, 'GET', `/api/v1/contexts/${seen.station.id}/chronology`);
  // the link is the one the first concern recorded: the young person at the station
  assert.deepEqual(place.json.items.map((e) => e.type).sort(), ['concern', 'link', 'screening', 'screening', 'screening']);
  const firstPage = await api(who.coordinator, 'GET', `/api/v1/people/${seen.person.id}/chronology?limit=2`);
  const secondPage = await api(who.coordinator, 'GET', `/api/v1/people/${seen.person.id}/chronology?limit=50&cursor=${encodeURIComponent(firstPage.json.next_cursor)}`);
  assert.deepEqual([...firstPage.json.items, ...secondPage.json.items].map((e) => e.record.id), person.json.items.map((e) => e.record.id));
  assert.equal((await api(who.health, 'GET', `/api/v1/people/${seen.person.id}/chronology`)).status, 404);
  const school = await api(who.school, 'GET', `/api/v1/people/${seen.person.id}/chronology`);
  assert.ok(school.json.items.length > 0);
});

test('an agency-only concern is hidden from the chronology of those outside the agency', async () => {
  const privateConcern = await api(who.police, 'POST', '/api/v1/concerns', { context_id: seen.station.id, concern_date: daysAgo(0),
    narrative: 'Intelligence: dealing from the bus station toilets.', sharing: 'agency' });
  assert.equal(privateConcern.status, 201);
  const ids = async (as) => (await api(as, 'GET', `/api/v1/contexts/${seen.station.id}/chronology`)).json.items.map((e) => e.record.id);
  assert.ok((await ids(who.police)).includes(privateConcern.json.id));
  assert.ok(!(await ids(who.coordinator)).includes(privateConcern.json.id));
  assert.ok(!(await ids(who.school)).includes(privateConcern.json.id));
});
