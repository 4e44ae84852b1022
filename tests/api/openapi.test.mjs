// Checks docs/openapi.json against the running server: the documented
// paths and methods are exactly the server's route table (`cshub routes`),
// and real responses match the documented status codes and schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCshub } from '../lib/server.mjs';
import { spec, validate, documented } from '../lib/openapi.mjs';

let server;

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

async function check(pathname, method, init = {}) {
  const res = await fetch(server.url + pathname, { method, ...init });
  const schema = documented(pathname, method, res.status);
  const text = await res.text();
  if (schema) validate(JSON.parse(text), schema);
  else assert.equal(text, '', `${method} ${pathname} ${res.status} has no documented body`);
  return res;
}

test('the documented paths and methods are exactly the server route table', () => {
  const routes = runCshub(['routes']).stdout.trim().split('\n')
    .map((line) => line.split(/\s+/)).map(([method, pattern]) => `${method} ${pattern}`).sort();
  const docs = Object.entries(spec.paths)
    .flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${p}`)).sort();
  assert.deepEqual(docs, routes);
});

test('real responses match the documented statuses and schemas', async () => {
  await check('/healthz', 'GET');
  const json = { 'Content-Type': 'application/json' };
  await check('/api/v1/session', 'POST', { headers: json, body: '{"email":' });
  await check('/api/v1/session', 'POST', { headers: json, body: JSON.stringify({ email: 'x@y.example', password: 'wrong-password-here' }) });
  await check('/api/v1/session', 'POST', { headers: { 'Content-Type': 'text/plain' }, body: '{}' });
  const signIn = await check('/api/v1/session', 'POST', { headers: json,
    body: JSON.stringify({ email: 'analyst@kestrel-vale.example', password: 'kestrel-vale-demo' }) });
  assert.equal(signIn.status, 201);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  await check('/api/v1/session', 'GET', { headers: { Cookie: cookie } });
  await check('/api/v1/settings', 'GET', { headers: { Cookie: cookie } });
  await check('/api/v1/settings', 'GET');
  await check('/api/v1/session', 'DELETE', { headers: { Cookie: cookie } });
  const who = await fetch(server.url + '/api/v1/session', { headers: { Cookie: cookie } });
  const { csrf_token: csrf } = await who.json();
  const out = await check('/api/v1/session', 'DELETE', { headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
  assert.equal(out.status, 204);
  await check('/api/v1/session', 'GET', { headers: { Cookie: cookie } });
});

test('people, oversight and administration answers match the document', async () => {
  const json = { 'Content-Type': 'application/json' };
  const signIn = async (email) => {
    const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
    const { csrf_token: csrf } = await r.json();
    return { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': csrf };
  };
  const coordinator = await signIn('coordinator@kestrel-vale.example');
  const admin = await signIn('admin@kestrel-vale.example');
  const made = await check('/api/v1/people', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ kind: 'young_person', given_name: 'Open', family_name: 'Api', sharing: 'hub', date_of_birth: '2010-05-01' }) });
  const person = await (await fetch(server.url + '/api/v1/people', { method: 'POST', headers: { ...coordinator, ...json }, body: JSON.stringify({ kind: 'young_person', given_name: 'Open', family_name: 'Api', sharing: 'hub' }) })).json();
  assert.equal(made.status, 201);
  await check('/api/v1/people', 'POST', { headers: { ...coordinator, ...json }, body: '{}' });
  await check(`/api/v1/people/${person.id}`, 'GET', { headers: coordinator });
  await check(`/api/v1/people/${person.id}`, 'GET', { headers: admin });
  await check(`/api/v1/people/${person.id}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ family_name: 'Apis' }) });
  await check(`/api/v1/people/${person.id}/audit`, 'GET', { headers: coordinator });
  await check('/api/v1/break-glass', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ record_type: 'person', record_id: person.id, reason: 'Checking the document' }) });
  await check('/api/v1/alerts', 'GET', { headers: coordinator });
  await check('/api/v1/meetings/0123456789abcdef0123456789abcdef/minutes.pdf', 'GET', { headers: coordinator });
  await check('/api/v1/meetings/0123456789abcdef0123456789abcdef/minutes.pdf', 'GET');
  await check('/api/v1/agencies', 'GET', { headers: coordinator });
  await check(`/api/v1/agencies/${person.owner_agency_id}/users?limit=2`, 'GET', { headers: coordinator });
  await check(`/api/v1/agencies/${person.owner_agency_id}/users`, 'GET', { headers: admin });
  await check('/api/v1/agencies', 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ name: 'Document Agency', kind: 'other' }) });
  await check('/api/v1/users', 'GET', { headers: admin });
  await check('/api/v1/users', 'GET', { headers: coordinator });
  await check('/api/v1/tokens', 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ name: 'Doc', agency_id: person.owner_agency_id, role: 'analyst' }) });
  await check('/api/v1/tokens', 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ name: 'Doc' }) });
  await check('/api/v1/approvals', 'GET', { headers: coordinator });
  await check('/api/v1/account/setup', 'POST', { headers: json, body: JSON.stringify({ email: 'x@y.example', code: 'setup_x', password: 'a long enough password' }) });
  await check('/api/v1/tokens', 'GET', { headers: admin });
  const definitions = await check('/api/v1/definitions?limit=3', 'GET', { headers: coordinator });
  const first = (await (await fetch(server.url + '/api/v1/definitions?limit=1', { headers: coordinator })).json()).items[0];
  assert.equal(definitions.status, 200);
  await check(`/api/v1/definitions/${first.id}`, 'GET', { headers: coordinator });
  await check(`/api/v1/definitions/${first.id}/versions`, 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ label: 'L', definition: 'D', adopted_on: '2024-01-01' }) });
  await check(`/api/v1/definitions/${first.id}/adoptions`, 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ version: 2, agency_id: person.owner_agency_id, adopted_on: '2024-01-02' }) });
  const place = await (await fetch(server.url + '/api/v1/contexts', { method: 'POST', headers: { ...coordinator, ...json }, body: JSON.stringify({ kind: 'location', name: 'Bus station', location_kind: 'transport_hub', sharing: 'hub', latitude: 54.5, longitude: -1.3 }) })).json();
  await check('/api/v1/contexts', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ kind: 'school', name: 'Larkfield Academy', sharing: 'hub' }) });
  await check('/api/v1/contexts?q=bus', 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}`, 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ name: 'Kestrel Vale bus station' }) });
  await check('/api/v1/people?q=open', 'GET', { headers: coordinator });
  const link = await check('/api/v1/links', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ link_type: 'frequents', person_id: person.id, to_context_id: place.id, confidence: 'reported', sharing: 'hub' }) });
  assert.equal(link.status, 201);
  const linkId = (await (await fetch(`${server.url}/api/v1/people/${person.id}/links`, { headers: coordinator })).json()).items[0].id;
  await check(`/api/v1/links/${linkId}`, 'GET', { headers: coordinator });
  await check(`/api/v1/links/${linkId}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ confidence: 'confirmed' }) });
  await check(`/api/v1/people/${person.id}/links`, 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}/links`, 'GET', { headers: coordinator });
  await check('/api/v1/definitions', 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ category: 'link_type', code: 'lives_with', label: 'Lives with', definition: 'Shares a home.', adopted_on: '2024-01-01' }) });
  const concern = await check('/api/v1/concerns', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ person_id: person.id, context_id: place.id, concern_date: '2026-01-05', narrative: 'Seen at the station late.', indicators: ['going_missing'], sharing: 'hub' }) });
  assert.equal(concern.status, 201);
  await check('/api/v1/concerns', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ person_id: person.id }) });
  const concernId = (await (await fetch(`${server.url}/api/v1/concerns?status=new&limit=1`, { headers: coordinator })).json()).items[0].id;
  await check(`/api/v1/concerns/${concernId}`, 'GET', { headers: coordinator });
  await check(`/api/v1/concerns/${concernId}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ status: 'closed' }) });
  await check('/api/v1/concerns?status=closed', 'GET', { headers: coordinator });
  const screening = await check('/api/v1/screenings', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ concern_id: concernId, rationale: 'Documented.', pathway: 'early_help' }) });
  assert.equal(screening.status, 201);
  const screeningId = (await (await fetch(`${server.url}/api/v1/screenings?concern_id=${concernId}`, { headers: coordinator })).json()).items[0].id;
  await check(`/api/v1/screenings/${screeningId}`, 'GET', { headers: coordinator });
  await check(`/api/v1/screenings?person_id=${person.id}`, 'GET', { headers: coordinator });
  await check('/api/v1/screening-tool', 'GET', { headers: coordinator });
  const tool = await (await fetch(`${server.url}/api/v1/screening-tool`, { headers: admin })).json();
  await check('/api/v1/screening-tool', 'PUT', { headers: { ...admin, ...json }, body: JSON.stringify({ config: tool.config }) });
  await check('/api/v1/screening-tool', 'PUT', { headers: { ...admin, ...json }, body: JSON.stringify({ config: 3 }) });
  await check(`/api/v1/people/${person.id}/chronology`, 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}/chronology`, 'GET', { headers: coordinator });
  await check(`/api/v1/network?subject=${person.id}&depth=2`, 'GET', { headers: coordinator });
  await check('/api/v1/network?depth=2', 'GET', { headers: coordinator });
  await check('/api/v1/network/groups?min_size=1', 'GET', { headers: coordinator });
  await check('/api/v1/network/communities?method=leiden&min_size=1', 'GET', { headers: coordinator });
  await check('/api/v1/network/brokers', 'GET', { headers: coordinator });
  await check('/api/v1/network/adults?min_young_people=1', 'GET', { headers: coordinator });
  await check('/api/v1/network/hotspots?risk=low&min_young_people=1', 'GET', { headers: coordinator });
  await check('/api/v1/network/proposals?min_young_people=1', 'GET', { headers: coordinator });
  await check('/api/v1/assessment-forms', 'GET', { headers: coordinator });
  await check(`/api/v1/people/${person.id}/duplicates`, 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}/assessments`, 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ assessed_on: '2026-01-06', risk_rating: 'medium', summary: 'Documented.', sharing: 'hub', answers: { routes: 'Two exits.' } }) });
  await check(`/api/v1/contexts/${place.id}/assessments`, 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ summary: 'Documented.' }) });
  await check(`/api/v1/contexts/${place.id}/assessments`, 'GET', { headers: coordinator });
  await check('/api/v1/intervention-types?include_retired=true', 'GET', { headers: coordinator });
  await check('/api/v1/intervention-types', 'POST', { headers: { ...admin, ...json }, body: JSON.stringify({ code: 'document_kind', label: 'Documented' }) });
  await check('/api/v1/intervention-types', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ code: 'other_kind', label: 'Other' }) });
  await check('/api/v1/intervention-types/document_kind', 'PATCH', { headers: { ...admin, ...json }, body: JSON.stringify({ retired: true }) });
  const intervention = await check(`/api/v1/contexts/${place.id}/interventions`, 'POST', { headers: { ...coordinator, ...json },
    body: JSON.stringify({ type: 'cctv', lead_agency_id: person.owner_agency_id, started_on: '2026-01-07', status: 'active', description: 'A camera.', sharing: 'hub' }) });
  assert.equal(intervention.status, 201);
  await check(`/api/v1/contexts/${place.id}/interventions`, 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ type: 'document_kind' }) });
  const interventionId = (await (await fetch(`${server.url}/api/v1/contexts/${place.id}/interventions`, { headers: coordinator })).json()).items[0].id;
  await check(`/api/v1/contexts/${place.id}/interventions`, 'GET', { headers: coordinator });
  await check(`/api/v1/interventions/${interventionId}`, 'GET', { headers: coordinator });
  await check(`/api/v1/interventions/${interventionId}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ status: 'ended', ended_on: '2026-02-01', outcome: 'Fewer incidents.' }) });
  const adult = await (await fetch(server.url + '/api/v1/people', { method: 'POST', headers: { ...coordinator, ...json }, body: JSON.stringify({ kind: 'adult_of_concern', given_name: 'Open', family_name: 'Adult', sharing: 'hub' }) })).json();
  const disruption = await check('/api/v1/disruptions', 'POST', { headers: { ...coordinator, ...json },
    body: JSON.stringify({ person_id: adult.id, tactic: 'child_abduction_warning_notice', agency_id: person.owner_agency_id, occurred_on: '2026-01-08', sharing: 'hub' }) });
  assert.equal(disruption.status, 201);
  await check('/api/v1/disruptions', 'POST', { headers: { ...coordinator, ...json }, body: JSON.stringify({ person_id: person.id, tactic: 'arrest' }) });
  await check('/api/v1/disruptions', 'POST', { headers: { ...coordinator, ...json },
    body: JSON.stringify({ context_id: place.id, tactic: 'other', tactic_description: 'A letter to the owner', agency_id: person.owner_agency_id, occurred_on: '2026-01-09', sharing: 'restricted' }) });
  await check('/api/v1/disruptions', 'GET', { headers: coordinator });
  await check(`/api/v1/disruptions?person_id=${adult.id}&limit=1`, 'GET', { headers: coordinator });
  const disruptionId = (await (await fetch(`${server.url}/api/v1/disruptions?context_id=${place.id}`, { headers: coordinator })).json()).items[0].id;
  await check(`/api/v1/disruptions/${disruptionId}`, 'GET', { headers: coordinator });
  await check(`/api/v1/disruptions/${'f'.repeat(32)}`, 'GET', { headers: coordinator });
  await check(`/api/v1/disruptions/${disruptionId}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ result: 'The owner moved the late opening.', outcome_on: '2026-01-20' }) });
  await check(`/api/v1/disruptions/${disruptionId}`, 'PATCH', { headers: { ...coordinator, ...json }, body: JSON.stringify({ tactic: 'arrest' }) });
  await check(`/api/v1/people/${adult.id}/chronology`, 'GET', { headers: coordinator });
  await check(`/api/v1/contexts/${place.id}/chronology`, 'GET', { headers: coordinator });
});
