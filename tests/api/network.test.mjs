// Network analysis with known answers, on a small graph built by hand
// through the API:
//
//   peer group G1 <- member_of - A1, A2, A3, A4      A1 - A2 associate
//   A4 - C - B1 - B2 - B3 associate (C bridges the two groups)
//   adult X (hub, intelligence) suspected of exploiting A1, A2, A3
//   adult Z (police, restricted) suspected of exploiting A1, A2
//   adult Y suspected of exploiting B2;  D alone
//   location L1 frequented by A1, A2, B3 (seen Jan-Mar 2025);
//   screened: A1 high, A2 medium, B3 low
//   P: the police's own agency-only record, associating with A3
//
// and what each reader may see of it: the coordinator (hub, restricted
// read), a police officer involved with A1-A3, and a school practitioner
// involved with no one. Nothing hidden is shown or counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
const who = {};
const id = {};
const nameOf = {};

const get = (as, path) => call(server, as, 'GET', path);

async function person(as, name, kind = 'young_person', sharing = 'hub') {
  const p = await ok(server, as, 'POST', '/api/v1/people', { kind, given_name: name, family_name: 'Network', sharing });
  id[name] = p.id;
  nameOf[p.id] = name;
}

async function link(as, type, from, to, extra = {}) {
  const target = to === 'G1' || to === 'L1' ? { to_context_id: id[to] } : { to_person_id: id[to] };
  await ok(server, as, 'POST', '/api/v1/links', { link_type: type, person_id: id[from], ...target, confidence: 'reported', sharing: 'hub', ...extra });
}

async function screen(name, level, pathway) {
  const concern = await ok(server, who.coordinator, 'POST', '/api/v1/concerns', {
    person_id: id[name], concern_date: '2025-02-01', exploitation_types: ['child_criminal_exploitation'], indicators: ['going_missing'],
    narrative: 'Seen at the park late at night.', sharing: 'hub' });
  await ok(server, who.coordinator, 'POST', '/api/v1/screenings', { concern_id: concern.id, risk_level: level, rationale: 'For the test.', pathway });
}

before(async () => {
  server = await startServer({ demo: true });
  for (const [name, email] of [['coordinator', 'coordinator'], ['police', 'police'], ['school', 'school']])
    who[name] = await signIn(server, `${email}@kestrel-vale.example`);
  const c = who.coordinator;
  for (const name of ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'C', 'D']) await person(c, name);
  for (const name of ['X', 'Y']) await person(c, name, 'adult_of_concern');
  await person(who.police, 'Z', 'adult_of_concern', 'restricted');
  await person(who.police, 'P', 'young_person', 'agency');
  for (const name of ['A1', 'A2', 'A3'])
    assert.equal((await call(server, c, 'POST', `/api/v1/people/${id[name]}/involvements`, { user_id: who.police.id })).status, 204);
  id.G1 = (await ok(server, c, 'POST', '/api/v1/contexts', { kind: 'peer_group', name: 'G1 Network group', sharing: 'hub' })).id;
  id.L1 = (await ok(server, c, 'POST', '/api/v1/contexts', { kind: 'location', name: 'L1 Network park', location_kind: 'park', sharing: 'hub' })).id;
  nameOf[id.G1] = 'G1';
  nameOf[id.L1] = 'L1';
  for (const name of ['A1', 'A2', 'A3', 'A4']) await link(c, 'member_of', name, 'G1', { confidence: 'confirmed' });
  await link(c, 'associates_with', 'A1', 'A2');
  for (const [a, b] of [['A4', 'C'], ['C', 'B1'], ['B1', 'B2'], ['B2', 'B3']]) await link(c, 'associates_with', a, b);
  for (const name of ['A1', 'A2', 'A3']) await link(c, 'suspected_of_exploiting', 'X', name, { confidence: 'intelligence' });
  for (const name of ['A1', 'A2']) await link(who.police, 'suspected_of_exploiting', 'Z', name, { confidence: 'intelligence', sharing: 'restricted' });
  await link(c, 'suspected_of_exploiting', 'Y', 'B2');
  for (const name of ['A1', 'A2', 'B3']) await link(c, 'frequents', name, 'L1', { first_seen: '2025-01-10', last_seen: '2025-03-01' });
  await link(who.police, 'associates_with', 'P', 'A3', { sharing: 'agency' });
  await screen('A1', 'high', 'mace');
  await screen('A2', 'medium', 'child_in_need');
  await screen('B3', 'low', 'early_help');
});
after(async () => { await server.stop(); });

const names = (nodes) => nodes.map((n) => nameOf[n.id] ?? `unknown ${n.label}`).sort();

test('the neighbourhood of a young person, to depth 1, with the links among those found', async () => {
  const r = await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=1`);
  assert.equal(r.status, 200);
  assert.deepEqual(names(r.json.nodes), ['A1', 'A2', 'G1', 'L1', 'X', 'Z']);
  assert.equal(r.json.edges.length, 9, 'A1\'s five links, and A2\'s four to the others found');
  assert.equal(r.json.truncated, false);
  assert.equal(r.json.nodes.find((n) => n.id === id.A1).depth, 0);
  assert.equal(r.json.nodes.find((n) => n.id === id.L1).type, 'context');
  const deeper = await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=2`);
  assert.deepEqual(names(deeper.json.nodes), ['A1', 'A2', 'A3', 'A4', 'B3', 'G1', 'L1', 'X', 'Z'], 'P is the police\'s own and stays hidden');
});

test('the neighbourhood filters by confidence, link type and date, and stops at max_nodes', async () => {
  const confident = await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=1&confidence=confirmed,reported`);
  assert.deepEqual(names(confident.json.nodes), ['A1', 'A2', 'G1', 'L1']);
  assert.equal(confident.json.edges.length, 5);
  const typed = await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=3&link_types=associates_with`);
  assert.deepEqual(names(typed.json.nodes), ['A1', 'A2']);
  const before2025 = await get(who.coordinator, `/api/v1/network?subject=${id.L1}&depth=1&until=2024-12-31`);
  assert.deepEqual(names(before2025.json.nodes), ['L1'], 'the park\'s links were all seen in 2025');
  const capped = await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=3&max_nodes=3`);
  assert.equal(capped.json.nodes.length, 3);
  assert.equal(capped.json.truncated, true);
});

test('a reader sees only the part of the network they may read, and no path through the rest', async () => {
  const police = await get(who.police, `/api/v1/network?subject=${id.A1}&depth=3`);
  assert.deepEqual(names(police.json.nodes), ['A1', 'A2', 'A3', 'G1', 'L1', 'P', 'Z'],
    'not X (the hub\'s adult), nor A4 or B3 (young people the officer does not work with)');
  const school = await get(who.school, `/api/v1/network?subject=${id.A1}`);
  assert.equal(school.status, 404, 'a young person the school does not work with is not found');
  const place = await get(who.school, `/api/v1/network?subject=${id.L1}&depth=2`);
  assert.deepEqual(names(place.json.nodes), ['L1'], 'a shared place, but none of the young people seen there');
  assert.equal(place.json.edges.length, 0);
});

test('every person and context shown is audited as read by the reader', async () => {
  const before = await get(who.coordinator, `/api/v1/people/${id.X}/audit?limit=100`);
  await get(who.coordinator, `/api/v1/network?subject=${id.A1}&depth=1`);
  const after = await get(who.coordinator, `/api/v1/people/${id.X}/audit?limit=100`);
  const reads = (list) => list.json.items.filter((e) => e.action === 'read' && e.user_id === who.coordinator.id).length;
  assert.equal(reads(after), reads(before) + 2, 'the network\'s read of X, and the audit page\'s own (it reads X too)');
  // The index of records released catches up in the background each second;
  // once it has, the same reads are found through it, each once.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const indexed = await get(who.coordinator, `/api/v1/people/${id.X}/audit?limit=100`);
  assert.equal(reads(indexed), reads(after) + 1, 'only the audit page\'s own new look is added');
});

test('connected groups, with the link types and confidence chosen', async () => {
  const all = await get(who.coordinator, '/api/v1/network/groups?min_size=1&members=20');
  assert.equal(all.status, 200);
  assert.deepEqual(all.json.groups.map((g) => g.size), [13, 1], 'everyone but D, who is alone; P is not the coordinator\'s to see');
  assert.equal(all.json.nodes, 14);
  assert.deepEqual(names(all.json.groups[1].members), ['D']);
  assert.deepEqual([all.json.groups[0].young_people, all.json.groups[0].adults, all.json.groups[0].contexts], [8, 3, 2]);
  const friends = await get(who.coordinator, '/api/v1/network/groups?min_size=2&link_types=member_of,associates_with&members=20');
  assert.deepEqual(friends.json.groups.map((g) => g.size), [9]);
  assert.deepEqual(names(friends.json.groups[0].members), ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'B3', 'C', 'G1']);
  const confident = await get(who.coordinator, '/api/v1/network/groups?min_size=2&confidence=confirmed,reported&members=0');
  assert.deepEqual(confident.json.groups.map((g) => g.size), [11], 'without the intelligence, X and Z stand alone');
  assert.equal(confident.json.groups[0].members_truncated, true);
  const school = await get(who.school, '/api/v1/network/groups?min_size=1');
  assert.deepEqual([school.json.nodes, school.json.links], [2, 0], 'a school counts only the two shared contexts: no one hidden is counted');
});

test('communities split the two friendship groups where C bridges them', async () => {
  for (const method of ['louvain', 'leiden']) {
    const r = await get(who.coordinator, `/api/v1/network/communities?method=${method}&min_size=2&link_types=member_of,associates_with&members=20`);
    assert.equal(r.status, 200, method);
    const groups = r.json.groups.map((g) => names(g.members).join(' '));
    assert.ok(groups.some((g) => ['A1', 'A2', 'A3', 'G1'].every((n) => g.includes(n)) && !g.includes('B2')), `${method}: ${groups}`);
    assert.ok(groups.some((g) => ['B2', 'B3'].every((n) => g.includes(n)) && !g.includes('A1')), `${method}: ${groups}`);
    assert.ok(r.json.modularity > 0.2, `${method}: modularity ${r.json.modularity}`);
  }
});

test('brokers: the people on most shortest paths, with their betweenness', async () => {
  const r = await get(who.coordinator, '/api/v1/network/brokers?link_types=member_of,associates_with&limit=4');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.brokers.map((b) => [nameOf[b.id], b.betweenness]), [['A4', 16], ['C', 15], ['B1', 12], ['B2', 7]]);
});

test('adults of concern linked to two or more young people, as each reader may see them', async () => {
  const coordinator = await get(who.coordinator, '/api/v1/network/adults');
  assert.deepEqual(coordinator.json.adults.map((a) => [nameOf[a.id], a.young_people]), [['X', 3], ['Z', 2]]);
  const police = await get(who.police, '/api/v1/network/adults');
  assert.deepEqual(police.json.adults.map((a) => [nameOf[a.id], a.young_people]), [['Z', 2]], 'X is the hub\'s record, not the officer\'s');
  const one = await get(who.coordinator, '/api/v1/network/adults?min_young_people=1');
  assert.deepEqual(one.json.adults.map((a) => nameOf[a.id]), ['X', 'Z', 'Y']);
  const school = await get(who.school, '/api/v1/network/adults?min_young_people=1');
  assert.deepEqual(school.json.adults, []);
});

test('hotspots: places linked to several young people at risk, in a time window', async () => {
  const hot = async (as, query) => (await get(as, `/api/v1/network/hotspots?${query}`)).json.hotspots.map((h) => [nameOf[h.id], h.young_people_at_risk]);
  assert.deepEqual(await hot(who.coordinator, 'min_young_people=2'), [['L1', 2]], 'A1 (high) and A2 (medium)');
  assert.deepEqual(await hot(who.coordinator, 'min_young_people=2&risk=low'), [['L1', 3]], 'and B3 (low)');
  assert.deepEqual(await hot(who.coordinator, 'min_young_people=1&risk=high'), [['L1', 1]]);
  assert.deepEqual(await hot(who.coordinator, 'min_young_people=1&until=2024-12-31'), [], 'not before anyone was seen there');
  assert.deepEqual(await hot(who.coordinator, 'min_young_people=1&since=2025-02-01&until=2025-02-28'), [['L1', 2]]);
  assert.deepEqual(await hot(who.police, 'min_young_people=2&risk=low'), [['L1', 2]], 'B3 is not the officer\'s to count');
  assert.deepEqual(await hot(who.school, 'min_young_people=1&risk=low'), []);
});

test('bad parameters are refused, naming the parameter', async () => {
  for (const [query, field] of [
    ['network', 'subject'], ['network?subject=nope', 'subject'], [`network?subject=${id.A1}&depth=0`, 'depth'],
    [`network?subject=${id.A1}&depth=4`, 'depth'], [`network?subject=${id.A1}&max_nodes=501`, 'max_nodes'],
    [`network?subject=${id.A1}&confidence=rumour`, 'confidence'], [`network?subject=${id.A1}&link_types=knows`, 'link_types'],
    [`network?subject=${id.A1}&since=2025-02-30`, 'since'], [`network?subject=${id.A1}&since=2025-03-01&until=2025-02-01`, 'until'],
    ['network/groups?min_size=0', 'min_size'], ['network/communities?method=girvan', 'method'],
    ['network/communities?resolution_percent=0', 'resolution_percent'], ['network/brokers?cutoff=-1', 'cutoff'],
    ['network/adults?min_young_people=x', 'min_young_people'], ['network/hotspots?risk=severe', 'risk'],
  ]) {
    const r = await get(who.coordinator, `/api/v1/${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.field, field, query);
  }
  const unknown = await get(who.coordinator, `/api/v1/network?subject=${'f'.repeat(32)}`);
  assert.equal(unknown.status, 404);
});

test('context weighting: places and groups shared by young people open to the hub are proposed for assessment', async () => {
  const proposed = async (as, query = '') => (await get(as, `/api/v1/network/proposals?min_young_people=2${query}`)).json.proposals
    .map((p) => [nameOf[p.context.id], p.young_people_open, p.young_people.map((y) => nameOf[y.id]).sort().join(' ')]);
  // Open to the hub: A1, A2 and B3 have concerns not closed; the others none.
  assert.deepEqual(await proposed(who.coordinator), [['L1', 3, 'A1 A2 B3'], ['G1', 2, 'A1 A2']]);
  assert.deepEqual(await proposed(who.coordinator, '&kinds=peer_group'), [['G1', 2, 'A1 A2']]);
  assert.deepEqual((await proposed(who.police)).sort(), [['G1', 2, 'A1 A2'], ['L1', 2, 'A1 A2']], 'B3 is not the officer\'s to count');
  assert.deepEqual(await proposed(who.school), []);
  const bad = await get(who.coordinator, '/api/v1/network/proposals?kinds=park');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'kinds');
});

test('a context assessment follows the form for its kind, is kept as a history, and answers the proposal', async () => {
  const form = (await get(who.coordinator, '/api/v1/assessment-forms')).json.forms.find((f) => f.context_kind === 'location');
  assert.deepEqual(form.questions.map((q) => q.code), ['who_is_there', 'harms_seen', 'guardians', 'lighting_layout', 'businesses', 'routes']);
  const assess = (as, body) => call(server, as, 'POST', `/api/v1/contexts/${id.L1}/assessments`, body);
  const good = { assessed_on: '2026-10-01', risk_rating: 'medium', summary: 'Busy after school; no guardians on the path.', sharing: 'hub',
    answers: { who_is_there: 'Young people 3pm to 6pm; older males later.', guardians: 'None after the café closes.', routes: '' } };
  const first = await assess(who.coordinator, good);
  assert.equal(first.status, 201, JSON.stringify(first.json));
  assert.equal(first.json.form, 'location');
  assert.deepEqual(first.json.answers, { guardians: 'None after the café closes.', who_is_there: 'Young people 3pm to 6pm; older males later.' }, 'empty answers are not kept');
  const second = await assess(who.police, { ...good, assessed_on: '2026-11-01', risk_rating: 'high', answers: { harms_seen: 'Two robberies.' } });
  assert.equal(second.status, 201);
  const history = await get(who.coordinator, `/api/v1/contexts/${id.L1}/assessments`);
  assert.deepEqual(history.json.items.map((a) => a.risk_rating), ['high', 'medium'], 'newest first: the risk is a history');
  assert.deepEqual((await get(who.coordinator, '/api/v1/network/proposals?min_young_people=2')).json.proposals.map((p) => nameOf[p.context.id]),
    ['G1'], 'a place assessed in the last six months is no longer proposed');
  const hidden = await assess(who.police, { ...good, sharing: 'agency' });
  assert.equal(hidden.status, 201);
  assert.equal((await get(who.school, `/api/v1/contexts/${id.L1}/assessments`)).json.items.length, 2, 'the police\'s own assessment stays with the police');
  for (const [body, field] of [
    [{ ...good, summary: undefined }, 'summary'], [{ ...good, assessed_on: '2026-02-30' }, 'assessed_on'],
    [{ ...good, assessed_on: '2099-01-01' }, 'assessed_on'], [{ ...good, risk_rating: 'severe' }, 'risk_rating'],
    [{ ...good, sharing: undefined }, 'sharing'], [{ ...good, answers: undefined }, 'answers'], [{ ...good, answers: ['x'] }, 'answers'],
    [{ ...good, answers: { members: 'A peer-group question' } }, 'answers.members'], [{ ...good, answers: { routes: 3 } }, 'answers.routes'],
    [{ ...good, answers: { routes: 'x'.repeat(5001) } }, 'answers.routes'], [{ ...good, answers: { routes: '' } }, 'answers'],
  ]) {
    const r = await assess(who.coordinator, body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(r.json.error.field, field);
  }
  const group = await call(server, who.coordinator, 'POST', `/api/v1/contexts/${id.G1}/assessments`,
    { ...good, answers: { dynamics: 'A1 leads; the others follow.', protective_factors: 'Football on Saturdays.' } });
  assert.equal(group.status, 201, 'a peer group has its own form');
  assert.equal(group.json.form, 'peer_group');
  assert.equal((await call(server, who.school, 'GET', `/api/v1/contexts/${'f'.repeat(32)}/assessments`)).status, 404);
});
