// Contextual interventions recorded against contexts, and the configurable
// list of their kinds: recorded, read, listed and updated through the
// context table of the access policy (another agency's agency-only
// intervention stays hidden), every refusal a 400 naming the field, the
// list changed only by administrators, and every read and change audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
let park;
let agencies;

const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const daysFromToday = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
const record = (as, body) => call(server, as, 'POST', `/api/v1/contexts/${park}/interventions`, body);

before(async () => {
  server = await startServer({ demo: true });
  for (const name of ['admin', 'coordinator', 'police', 'school']) who[name] = await signIn(server, `${name}@kestrel-vale.example`);
  park = (await ok(server, who.coordinator, 'POST', '/api/v1/contexts',
    { kind: 'location', name: 'Intervention park', location_kind: 'park', sharing: 'hub' })).id;
  agencies = Object.fromEntries((await ok(server, who.coordinator, 'GET', '/api/v1/agencies?limit=100')).items.map((a) => [a.kind, a.id]));
});
after(async () => { await server.stop(); });

const good = () => ({ type: 'detached_youth_work', lead_agency_id: agencies.voluntary, started_on: '2026-03-01', status: 'active',
  description: 'Two youth workers on Friday evenings.', sharing: 'hub' });

test('the default kinds of intervention are listed for anyone signed in', async () => {
  const list = await ok(server, who.school, 'GET', '/api/v1/intervention-types');
  const codes = list.items.map((t) => t.code);
  for (const code of ['detached_youth_work', 'licensing_action', 'cctv', 'capable_guardians', 'school_sessions', 'police_disruption',
    'environmental_change', 'business_engagement', 'peer_group_work', 'online_reporting', 'transport_safety', 'community_engagement'])
    assert.ok(codes.includes(code), code);
  assert.equal(list.items[0].code, 'detached_youth_work', 'in their sort order');
  assert.ok(list.items.every((t) => t.retired === false && t.retired_at === null && t.label));
  assert.equal((await call(server, who.school, 'GET', '/api/v1/intervention-types?include_retired=maybe')).json.error.field, 'include_retired');
});

test('an intervention is recorded, read, listed and updated, each step audited', async () => {
  const made = await record(who.coordinator, good());
  assert.equal(made.status, 201, JSON.stringify(made.json));
  assert.equal(made.json.type_label, 'Detached youth work');
  assert.equal(made.json.context_id, park);
  assert.equal(made.json.ended_on, null);
  const read = await ok(server, who.coordinator, 'GET', `/api/v1/interventions/${made.json.id}`);
  assert.equal(read.description, 'Two youth workers on Friday evenings.');
  const list = await ok(server, who.coordinator, 'GET', `/api/v1/contexts/${park}/interventions`);
  assert.deepEqual(list.items.map((i) => i.id), [made.json.id]);
  const ended = await ok(server, who.coordinator, 'PATCH', `/api/v1/interventions/${made.json.id}`,
    { status: 'ended', ended_on: '2026-06-30', outcome: 'Fewer young people gathering late; two referred to the youth club.' });
  assert.deepEqual([ended.status, ended.ended_on], ['ended', '2026-06-30']);
  assert.match(ended.outcome, /youth club/);
  const cleared = await ok(server, who.coordinator, 'PATCH', `/api/v1/interventions/${made.json.id}`, { outcome: null, description: 'Friday evenings.' });
  assert.deepEqual([cleared.outcome, cleared.description], [null, 'Friday evenings.']);
  const actions = sql(`SELECT action || ':' || outcome FROM audit_events WHERE record_type = 'intervention' AND record_id = '${made.json.id}' ORDER BY seq`).split('\n');
  for (const action of ['create:allowed', 'read:allowed', 'update:allowed']) assert.ok(actions.includes(action), `${action} in ${actions}`);
  assert.ok(actions.filter((a) => a === 'update:allowed').length >= 2);
});

test('a planned intervention may start in the future; an active or ended one may not', async () => {
  const planned = await record(who.coordinator, { ...good(), status: 'planned', started_on: daysFromToday(30), type: 'cctv' });
  assert.equal(planned.status, 201, JSON.stringify(planned.json));
  const started = await call(server, who.coordinator, 'PATCH', `/api/v1/interventions/${planned.json.id}`, { status: 'active' });
  assert.equal(started.status, 400);
  assert.equal(started.json.error.field, 'started_on');
  const moved = await call(server, who.coordinator, 'PATCH', `/api/v1/interventions/${planned.json.id}`, { status: 'active', started_on: daysFromToday(0) });
  assert.equal(moved.status, 200, JSON.stringify(moved.json));
});

test('each mistake is refused with a 400 naming the field', async () => {
  const tooLong = 'x'.repeat(5001);
  for (const [change, field] of [
    [{ type: undefined }, 'type'], [{ type: 'skateboarding' }, 'type'], [{ type: 7 }, 'type'],
    [{ lead_agency_id: undefined }, 'lead_agency_id'], [{ lead_agency_id: 'nope' }, 'lead_agency_id'], [{ lead_agency_id: 'f'.repeat(32) }, 'lead_agency_id'],
    [{ status: undefined }, 'status'], [{ status: 'paused' }, 'status'],
    [{ started_on: undefined }, 'started_on'], [{ started_on: '2026-02-30' }, 'started_on'], [{ started_on: daysFromToday(5) }, 'started_on'],
    [{ ended_on: '1 June' }, 'ended_on'], [{ ended_on: '2026-02-01' }, 'ended_on'], [{ status: 'ended' }, 'ended_on'],
    [{ status: 'ended', ended_on: daysFromToday(5) }, 'ended_on'],
    [{ description: undefined }, 'description'], [{ description: '' }, 'description'], [{ description: tooLong }, 'description'],
    [{ outcome: tooLong }, 'outcome'], [{ sharing: undefined }, 'sharing'], [{ sharing: 'everyone' }, 'sharing'],
  ]) {
    const r = await record(who.coordinator, { ...good(), ...change });
    assert.equal(r.status, 400, JSON.stringify(change).slice(0, 80));
    assert.equal(r.json.error.field, field, JSON.stringify(change).slice(0, 80));
  }
  const made = await ok(server, who.coordinator, 'POST', `/api/v1/contexts/${park}/interventions`, good());
  for (const [change, field] of [
    [{ status: 'stopped' }, 'status'], [{ status: null }, 'status'], [{ ended_on: '2025-01-01' }, 'ended_on'],
    [{ description: null }, 'description'], [{ outcome: tooLong }, 'outcome'], [{ started_on: 'soon' }, 'started_on'],
  ]) {
    const r = await call(server, who.coordinator, 'PATCH', `/api/v1/interventions/${made.id}`, change);
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.equal(r.json.error.field, field, JSON.stringify(change));
  }
  assert.equal((await call(server, who.coordinator, 'GET', `/api/v1/interventions/${'f'.repeat(32)}`)).status, 404);
  assert.equal((await call(server, who.coordinator, 'POST', `/api/v1/contexts/${'f'.repeat(32)}/interventions`, good())).status, 404);
});

test('only an administrator adds, relabels and retires kinds; a retired kind cannot be chosen', async () => {
  const practitioner = await call(server, who.police, 'POST', '/api/v1/intervention-types', { code: 'street_marshals', label: 'Street marshals' });
  assert.equal(practitioner.status, 403);
  assert.equal((await call(server, who.coordinator, 'PATCH', '/api/v1/intervention-types/cctv', { retired: true })).status, 403);
  const added = await ok(server, who.admin, 'POST', '/api/v1/intervention-types',
    { code: 'street_marshals', label: 'Street marshals', description: 'Night-time marshals in the town centre.' });
  assert.equal(added.retired, false);
  assert.ok(added.sort_order > 120, 'added after the defaults');
  assert.equal((await call(server, who.admin, 'POST', '/api/v1/intervention-types', { code: 'street_marshals', label: 'Again' })).status, 409);
  for (const [body, field] of [[{ code: 'Street Marshals', label: 'x' }, 'code'], [{ code: 'x' }, 'label'], [{ code: 'y', label: 'y', sort_order: -2 }, 'sort_order']]) {
    const r = await call(server, who.admin, 'POST', '/api/v1/intervention-types', body);
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, field);
  }
  assert.equal((await call(server, who.admin, 'PATCH', '/api/v1/intervention-types/street_marshals', { retired: 'yes' })).json.error.field, 'retired');
  const relabelled = await ok(server, who.admin, 'PATCH', '/api/v1/intervention-types/street_marshals', { label: 'Street and night marshals' });
  assert.equal(relabelled.label, 'Street and night marshals');
  const used = await record(who.coordinator, { ...good(), type: 'street_marshals' });
  assert.equal(used.status, 201);
  const retired = await ok(server, who.admin, 'PATCH', '/api/v1/intervention-types/street_marshals', { retired: true });
  assert.equal(retired.retired, true);
  assert.ok(retired.retired_at);
  const refused = await record(who.coordinator, { ...good(), type: 'street_marshals' });
  assert.equal(refused.status, 400);
  assert.equal(refused.json.error.field, 'type');
  assert.ok(!(await ok(server, who.school, 'GET', '/api/v1/intervention-types')).items.some((t) => t.code === 'street_marshals'));
  assert.ok((await ok(server, who.school, 'GET', '/api/v1/intervention-types?include_retired=true')).items.some((t) => t.code === 'street_marshals' && t.retired));
  const kept = await ok(server, who.coordinator, 'GET', `/api/v1/interventions/${used.json.id}`);
  assert.equal(kept.type_label, 'Street and night marshals', 'an intervention keeps its retired kind');
  assert.equal((await ok(server, who.admin, 'PATCH', '/api/v1/intervention-types/street_marshals', { retired: false })).retired, false);
  assert.equal((await call(server, who.admin, 'PATCH', '/api/v1/intervention-types/no_such_kind', { label: 'x' })).status, 404);
  const audited = sql("SELECT action || ':' || outcome FROM audit_events WHERE record_type = 'intervention_type' AND record_id = 'street_marshals' ORDER BY seq").split('\n');
  assert.deepEqual(audited.slice(0, 2), ['create:denied', 'create:allowed']);
  assert.ok(audited.filter((a) => a === 'update:allowed').length >= 3, audited.join(' '));
  assert.equal(sql("SELECT count(*) FROM audit_events WHERE record_type = 'intervention_type' AND record_id = 'cctv' AND action = 'update' AND outcome = 'denied'"), '1');
});

test('another agency\'s practitioner cannot see an agency-only intervention, nor change a shared one', async () => {
  const own = await ok(server, who.police, 'POST', `/api/v1/contexts/${park}/interventions`,
    { ...good(), type: 'police_disruption', lead_agency_id: agencies.police, sharing: 'agency', description: 'Plain-clothes patrols.' });
  const shared = await ok(server, who.police, 'POST', `/api/v1/contexts/${park}/interventions`,
    { ...good(), type: 'police_disruption', lead_agency_id: agencies.police, description: 'Uniformed patrols.' });
  assert.equal((await call(server, who.school, 'GET', `/api/v1/interventions/${own.id}`)).status, 404);
  assert.equal((await call(server, who.school, 'PATCH', `/api/v1/interventions/${own.id}`, { status: 'ended', ended_on: '2026-04-01' })).status, 404);
  const seen = (await ok(server, who.school, 'GET', `/api/v1/contexts/${park}/interventions?limit=100`)).items.map((i) => i.id);
  assert.ok(seen.includes(shared.id) && !seen.includes(own.id));
  const chronology = (await ok(server, who.school, 'GET', `/api/v1/contexts/${park}/chronology?limit=100`)).items;
  assert.ok(chronology.some((e) => e.type === 'intervention' && e.record.id === shared.id));
  assert.ok(!chronology.some((e) => e.record.id === own.id), 'nor in the chronology');
  assert.equal((await call(server, who.school, 'PATCH', `/api/v1/interventions/${shared.id}`, { outcome: 'Mine now' })).status, 403);
  assert.equal((await ok(server, who.police, 'GET', `/api/v1/interventions/${own.id}`)).id, own.id);
  assert.equal(sql(`SELECT count(*) FROM audit_events WHERE record_id = '${shared.id}' AND action = 'update' AND outcome = 'denied'`), '1');
  const hidden = await ok(server, who.police, 'POST', '/api/v1/contexts', { kind: 'location', name: 'Police-only yard', location_kind: 'other', sharing: 'agency' });
  assert.equal((await call(server, who.school, 'GET', `/api/v1/contexts/${hidden.id}/interventions`)).status, 404, 'a context the caller may not see');
  assert.equal((await call(server, who.school, 'POST', `/api/v1/contexts/${hidden.id}/interventions`, good())).status, 404);
});

test('the context chronology holds its interventions and assessments, dated when they started and were made', async () => {
  await ok(server, who.coordinator, 'POST', `/api/v1/contexts/${park}/assessments`,
    { assessed_on: '2026-02-15', risk_rating: 'high', summary: 'Dealing after dark.', sharing: 'hub', answers: { routes: 'Three exits.' } });
  const items = (await ok(server, who.coordinator, 'GET', `/api/v1/contexts/${park}/chronology?limit=100`)).items;
  const assessment = items.find((e) => e.type === 'context_assessment');
  assert.equal(assessment.date, '2026-02-15');
  const intervention = items.find((e) => e.type === 'intervention' && e.record.type === 'detached_youth_work');
  assert.equal(intervention.date, intervention.record.started_on);
  assert.equal(intervention.record.type_label, 'Detached youth work');
  const dates = items.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
});

test('interventions with a young person: kinds for young people, a record about them, in their chronology', async () => {
  const kinds = (await ok(server, who.school, 'GET', '/api/v1/intervention-types')).items;
  assert.ok(kinds.some((t) => t.code === 'mentoring' && t.applies_to === 'young_person'));
  assert.ok(kinds.some((t) => t.code === 'cctv' && t.applies_to === 'context'));
  const person = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Ellis', family_name: 'Marden', sharing: 'agency' });
  const adult = await ok(server, who.school, 'POST', '/api/v1/people', { kind: 'adult_of_concern', given_name: 'Ray', family_name: 'Stott', sharing: 'agency' });
  const body = { type: 'mentoring', lead_agency_id: agencies.voluntary, started_on: '2026-09-01', status: 'active',
    description: 'Weekly mentoring after school.', sharing: 'agency' };
  const made = await ok(server, who.school, 'POST', `/api/v1/people/${person.id}/interventions`, body);
  assert.equal(made.person_id, person.id);
  assert.equal(made.type_label, 'Mentoring');
  assert.equal((await call(server, who.school, 'POST', `/api/v1/people/${person.id}/interventions`, { ...body, type: 'cctv' })).json.error.field, 'type',
    'a kind for places is not one for a young person');
  assert.equal((await call(server, who.school, 'POST', `/api/v1/contexts/${park}/interventions`, { ...good(), type: 'mentoring' })).json.error.field, 'type',
    'nor the other way round');
  assert.equal((await call(server, who.school, 'POST', `/api/v1/people/${adult.id}/interventions`, body)).json.error.field, 'id', 'adults are disrupted, not helped');
  assert.equal((await call(server, who.police, 'POST', `/api/v1/people/${person.id}/interventions`, body)).status, 404, 'not someone the police may see');
  assert.equal((await call(server, who.police, 'GET', `/api/v1/interventions/${made.id}`)).status, 404);
  const updated = await ok(server, who.school, 'PATCH', `/api/v1/interventions/${made.id}`, { status: 'ended', ended_on: '2026-11-01',
    outcome: 'Attending every week; back in lessons.' }, 200);
  assert.equal(updated.person_id, person.id);
  assert.equal((await ok(server, who.school, 'GET', `/api/v1/people/${person.id}/interventions`)).items[0].status, 'ended');
  const chronology = (await ok(server, who.school, 'GET', `/api/v1/people/${person.id}/chronology`)).items;
  assert.ok(chronology.some((e) => e.type === 'person_intervention' && e.record.id === made.id));
  assert.ok(Number(sql(`SELECT count(*) FROM audit_events WHERE record_type = 'person_intervention' AND record_id = '${made.id}'`)) >= 3);
  const kind = await ok(server, who.admin, 'POST', '/api/v1/intervention-types', { code: 'boxing_club', label: 'Boxing club', applies_to: 'young_person' });
  assert.equal(kind.applies_to, 'young_person');
  assert.equal((await call(server, who.admin, 'POST', '/api/v1/intervention-types', { code: 'x_y', label: 'X', applies_to: 'adults' })).json.error.field, 'applies_to');
});
