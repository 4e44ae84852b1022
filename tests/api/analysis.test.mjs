// The analysts' pseudonymised picture through the API, over the demo
// partnership: an analyst sees the whole network shared with the hub —
// and nothing kept within an agency or restricted — with every person
// shown by a pseudonym, an age band and their sex; places by name except
// private dwellings and peer groups; links by type and confidence. No
// answer holds a name, date of birth, address, identifier or free text.
// Pseudonyms stay the same on one server's key and differ under another.
// A coordinator resolves a pseudonym, giving a reason (audited); an
// analyst may not; practitioners, board viewers and admins get nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

let server;
const who = {};
const rows = (db, query) => JSON.parse(execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', db, query], { encoding: 'utf8' }) || '[]');
const count = (query) => rows(server.dbPath, `SELECT (${query}) AS n`)[0].n;

const PSEUDONYM = /^(YP|AC|PL|PG|CX)-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const AGE_BANDS = ['under 10', '10 to 13', '14 to 15', '16 to 17', '18 and over', 'not known'];
const NODE_KEYS = new Set(['pseudonym', 'type', 'kind', 'age_band', 'sex', 'name', 'location_kind',
  'betweenness', 'young_people', 'young_people_at_risk']);
const ANALYSES = ['groups?members=500&limit=100', 'communities?members=500&limit=100',
  'communities?method=leiden&members=500&limit=100', 'brokers?limit=100', 'adults?limit=100&min_young_people=1',
  'hotspots?limit=100&min_young_people=1&risk=low'];
const HUB_PEOPLE = "SELECT count(*) FROM people WHERE sharing = 'hub' AND merged_into IS NULL";
const HUB_CONTEXTS = "SELECT count(*) FROM contexts WHERE sharing = 'hub'";
const HUB_LINKS = "SELECT count(*) FROM links l JOIN people p ON p.id = l.person_id LEFT JOIN people q ON q.id = l.to_person_id "
  + "LEFT JOIN contexts c ON c.id = l.to_context_id WHERE l.sharing = 'hub' AND p.sharing = 'hub' AND p.merged_into IS NULL "
  + "AND ((q.id IS NOT NULL AND q.sharing = 'hub' AND q.merged_into IS NULL) OR (c.id IS NOT NULL AND c.sharing = 'hub'))";

before(async () => {
  server = await startServer({ demo: 'full' });
  checkAnswersAgainstOpenApi();
  for (const [role, email] of Object.entries({
    analyst: 'analyst@kestrel-vale.example', analystPolice: 'analyst.police@kestrel-vale.example',
    coordinator: 'coordinator@kestrel-vale.example', practitioner: 'police@kestrel-vale.example',
    board: 'board.chair@kestrel-vale.example', admin: 'admin@kestrel-vale.example',
  })) who[role] = await signIn(server, email);
});
after(async () => { await server.stop(); });

/** Every node an answer shows (group members, or the ranked list). */
function nodesOf(answer) {
  if (answer.groups) return answer.groups.flatMap((g) => g.members);
  return answer.brokers || answer.adults || answer.hotspots;
}

/** Resolves pseudonym as the coordinator; returns {record_type, id}. */
const resolve = (srv, as, pseudonym, reason = 'Asked for by the MACE panel on 4 December') =>
  ok(srv, as, 'POST', `/api/v1/pseudonyms/${pseudonym}/resolve`, { reason }, 200);

test('an analyst sees the whole network shared with the hub, every person by pseudonym and age band', async () => {
  const groups = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/groups?members=500&limit=100');
  assert.equal(groups.nodes, count(HUB_PEOPLE) + count(HUB_CONTEXTS), 'every person and context shared with the hub');
  assert.equal(groups.links, count(HUB_LINKS), 'every link shared with the hub between two of them');
  assert.ok(groups.nodes > 250 && groups.links > 400, `a real network (${groups.nodes} nodes, ${groups.links} links)`);
  const restricted = count("SELECT count(*) FROM people WHERE sharing <> 'hub'") + count("SELECT count(*) FROM contexts WHERE sharing <> 'hub'");
  assert.ok(restricted > 10, 'the demo has records kept within an agency or restricted');
  // The coordinator's own network (by the access policy) holds more than the hub shares.
  const coordinators = await ok(server, who.coordinator, 'GET', '/api/v1/network/groups');
  assert.ok(coordinators.nodes > groups.nodes);

  const members = nodesOf(groups);
  assert.ok(members.length > 250);
  const kinds = new Set(members.map((n) => n.pseudonym.slice(0, 2)));
  for (const prefix of ['YP', 'AC', 'PG', 'PL', 'CX']) assert.ok(kinds.has(prefix), `some ${prefix}- node`);
  for (const n of members) {
    assert.match(n.pseudonym, PSEUDONYM);
    for (const key of Object.keys(n)) assert.ok(NODE_KEYS.has(key), `no ${key} in a pseudonymised node`);
    if (n.type === 'person') {
      assert.ok(AGE_BANDS.includes(n.age_band), n.age_band);
      assert.equal(n.pseudonym.slice(0, 2), n.kind === 'young_person' ? 'YP' : 'AC');
      assert.equal(n.name, undefined);
    } else if (n.kind === 'peer_group' || n.location_kind === 'house') {
      assert.equal(n.name, undefined, 'a peer group or a dwelling is not named');
      assert.equal(n.pseudonym.slice(0, 2), n.kind === 'peer_group' ? 'PG' : 'PL');
    } else {
      assert.ok(n.name.length > 0, 'other places are shown by name');
      assert.equal(n.pseudonym.slice(0, 2), 'CX');
    }
  }
  assert.equal(new Set(members.map((n) => n.pseudonym)).size, members.length, 'one pseudonym per record');
  // Links among a group's members, by type and confidence only.
  const group = groups.groups[0];
  const inGroup = new Set(group.members.map((n) => n.pseudonym));
  assert.ok(group.links.length > 100);
  for (const l of group.links) {
    assert.deepEqual(Object.keys(l).sort(), ['confidence', 'link_type', 'source', 'target']);
    assert.ok(inGroup.has(l.source) && inGroup.has(l.target));
    assert.ok(['confirmed', 'reported', 'intelligence'].includes(l.confidence));
  }

  for (const analysis of ANALYSES.slice(1)) {
    const answer = await ok(server, who.analystPolice, 'GET', `/api/v1/analysis/network/${analysis}`);
    assert.ok(nodesOf(answer).length > 0, `${analysis} shows something`);
    for (const n of nodesOf(answer)) assert.match(n.pseudonym, PSEUDONYM);
  }
  const adults = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/adults');
  assert.ok(adults.adults.every((a) => a.kind === 'adult_of_concern' && a.young_people >= 2 && a.pseudonym.startsWith('AC-')));
  const hotspots = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/hotspots');
  assert.ok(hotspots.hotspots.every((h) => h.kind === 'location' && h.young_people_at_risk >= 3));
});

test('no answer holds a name, date of birth, address, identifier or free text, nor anything not shared with the hub', async () => {
  const secrets = new Set();
  const add = (text, min = 6) => { if (typeof text === 'string' && text.trim().length >= min) secrets.add(text.trim()); };
  for (const p of rows(server.dbPath, "SELECT id, given_name || ' ' || family_name AS name, given_name, family_name, date_of_birth, "
    + 'address, postcode, nhs_number, unique_pupil_number, police_reference, council_case_number FROM people')) {
    for (const value of Object.values(p)) add(value);
  }
  // A context's description is free text; a dwelling, a peer group and anything not shared with the hub are not
  // named. (A public place's own address is not looked for: a place named after its street would match it.)
  for (const c of rows(server.dbPath, 'SELECT id, description, '
    + "CASE WHEN sharing <> 'hub' OR kind = 'peer_group' OR location_kind = 'house' THEN name END AS hidden_name, "
    + "CASE WHEN sharing <> 'hub' OR location_kind = 'house' THEN address END AS hidden_address FROM contexts")) {
    for (const value of Object.values(c)) add(value);
  }
  for (const l of rows(server.dbPath, 'SELECT id, notes AS t FROM links')) for (const value of Object.values(l)) add(value, 12);
  for (const r of rows(server.dbPath, 'SELECT narrative AS t FROM concerns UNION ALL SELECT rationale FROM screenings')) add(r.t?.slice(0, 40), 20);
  assert.ok(secrets.size > 1000, `identifying texts looked for (${secrets.size})`);
  const shownPlaces = rows(server.dbPath, "SELECT name FROM contexts WHERE sharing = 'hub' AND kind <> 'peer_group' "
    + "AND coalesce(location_kind, '') <> 'house'").map((c) => c.name);
  let placesSeen = 0;
  for (const analysis of ANALYSES) {
    // The picture is the hub's, not the reader's: every reader with the capability gets the same answer.
    const bodies = new Set();
    for (const as of [who.analyst, who.analystPolice, who.coordinator]) {
      const r = await fetch(`${server.url}/api/v1/analysis/network/${analysis}`, { headers: { Cookie: as.cookie } });
      assert.equal(r.status, 200);
      bodies.add(await r.text());
    }
    assert.equal(bodies.size, 1, `${analysis}: one answer for every reader`);
    const [body] = bodies;
    for (const secret of secrets) assert.ok(!body.includes(secret), `${analysis} holds "${secret}"`);
    placesSeen += shownPlaces.filter((name) => body.includes(`"${name}"`)).length;
  }
  assert.ok(placesSeen > 0, 'places other than dwellings are named');
  // Every record shown is one shared with the hub, of the class its prefix says.
  const groups = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/groups?members=500&limit=100');
  const records = new Map(rows(server.dbPath, "SELECT id, 'person' AS type, sharing, kind FROM people "
    + "UNION ALL SELECT id, 'context', sharing, kind FROM contexts").map((r) => [r.id, r]));
  for (const n of nodesOf(groups)) {
    const found = await resolve(server, who.coordinator, n.pseudonym);
    const record = records.get(found.id);
    assert.equal(record.sharing, 'hub', `${n.pseudonym} is shared with the hub`);
    assert.equal(record.kind, n.kind);
    assert.equal(record.type, n.type);
    assert.equal(found.record_type, n.type);
  }
});

test('a record keeps its pseudonym on one key; another key gives it another', async () => {
  const path1 = '/api/v1/analysis/network/groups?members=500&limit=100';
  const first = await ok(server, who.analyst, 'GET', path1);
  const again = await ok(server, who.analystPolice, 'GET', path1);
  assert.deepEqual(again, first, 'the same answer to every analyst, every time');
  const brokers = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/brokers?limit=100');
  const byPseudonym = new Map(nodesOf(first).map((n) => [n.pseudonym, n]));
  for (const b of brokers.brokers) assert.ok(byPseudonym.has(b.pseudonym), 'a broker has the pseudonym it has in the groups');

  const dir = tempDir();
  try {
    const copy = path.join(dir, 'copy.db');
    execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, `.backup ${copy}`]);
    const elsewhere = await startServer({ db: copy, args: ['--key-file', path.join(dir, 'other.key')] });
    let other;
    try {
      other = await ok(elsewhere, await signIn(elsewhere, 'analyst@kestrel-vale.example'), 'GET', path1);
      const coordinator = await signIn(elsewhere, 'coordinator@kestrel-vale.example');
      const [a, b] = [nodesOf(first)[0], nodesOf(other)[0]];
      assert.equal((await resolve(elsewhere, coordinator, b.pseudonym)).id, (await resolve(server, who.coordinator, a.pseudonym)).id,
        'the first member is the same record on both');
    } finally {
      await elsewhere.stop();
    }
    assert.deepEqual(other.groups.map((g) => g.size), first.groups.map((g) => g.size), 'the same network');
    const mine = new Set(nodesOf(first).map((n) => n.pseudonym.slice(3)));
    assert.equal(nodesOf(other).filter((n) => mine.has(n.pseudonym.slice(3))).length, 0, 'no pseudonym is the same under another key');

    const sameKey = path.join(dir, 'same.key');
    fs.copyFileSync(`${server.dbPath}.key`, sameKey);
    fs.chmodSync(sameKey, 0o600);
    const restarted = await startServer({ db: copy, args: ['--key-file', sameKey] });
    try {
      const answer = await ok(restarted, await signIn(restarted, 'analyst@kestrel-vale.example'), 'GET', path1);
      assert.deepEqual(answer, first, 'the same key gives the same pseudonyms after a restart');
    } finally {
      await restarted.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a coordinator resolves a pseudonym, giving a reason, audited; an analyst may not', async () => {
  const adults = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/adults');
  const young = nodesOf(await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/brokers')).find((n) => n.kind === 'young_person');
  const pseudonym = young.pseudonym;
  const url = `/api/v1/pseudonyms/${pseudonym}/resolve`;
  const refused = async (as, body, status, field) => {
    const r = await call(server, as, 'POST', url, body);
    assert.equal(r.status, status, JSON.stringify(r.json));
    if (field) assert.equal(r.json.error.field, field);
  };
  await refused(who.coordinator, {}, 400, 'reason');
  await refused(who.coordinator, { reason: 'because' }, 400, 'reason');
  await refused(who.coordinator, { reason: 42 }, 400, 'reason');
  for (const bad of ['yp-0000-0000-0000', 'YP-0000-0000-000I', 'YP-0000-0000', 'XX-0000-0000-0000', 'YP-0000-0000-0000-0000']) {
    const r = await call(server, who.coordinator, 'POST', `/api/v1/pseudonyms/${bad}/resolve`, { reason: 'Asked for by the MACE panel' });
    assert.equal(r.status, 400, bad);
    assert.equal(r.json.error.field, 'pseudonym');
  }
  const unknown = await call(server, who.coordinator, 'POST', '/api/v1/pseudonyms/YP-0000-0000-0000/resolve', { reason: 'Asked for by the MACE panel' });
  assert.equal(unknown.status, 404);

  const reason = `MACE panel decision ${Date.now()}: the broker the analyst found needs a plan`;
  const found = await resolve(server, who.coordinator, pseudonym, reason);
  assert.equal(found.record_type, 'person');
  assert.equal(found.pseudonym, pseudonym);
  const person = await ok(server, who.coordinator, 'GET', `/api/v1/people/${found.id}`);
  assert.equal(person.kind, 'young_person');
  const [event] = rows(server.dbPath, `SELECT user_id, action, outcome, record_type, record_id FROM audit_events WHERE reason = '${reason}'`);
  assert.deepEqual(event, { user_id: who.coordinator.id, action: 'resolve_pseudonym', outcome: 'allowed', record_type: 'person', record_id: found.id });
  const adult = await resolve(server, who.coordinator, adults.adults[0].pseudonym);
  assert.equal((await ok(server, who.coordinator, 'GET', `/api/v1/people/${adult.id}`)).kind, 'adult_of_concern');

  for (const role of ['analyst', 'analystPolice', 'practitioner', 'board', 'admin']) {
    const before = count(`SELECT count(*) FROM audit_events WHERE action = 'resolve_pseudonym' AND outcome = 'denied' AND user_id = '${who[role].id}'`);
    await refused(who[role], { reason: 'I would like to know who this is' }, 403);
    const afterwards = count(`SELECT count(*) FROM audit_events WHERE action = 'resolve_pseudonym' AND outcome = 'denied' AND user_id = '${who[role].id}'`);
    assert.equal(afterwards, before + 1, `${role}'s attempt is audited`);
  }

  // The young person's "who has looked" shows the analysts' pseudonymised view that held them.
  const audit = await ok(server, who.coordinator, 'GET', `/api/v1/people/${found.id}/audit?limit=100`);
  assert.ok(audit.items.some((e) => e.user_id === who.analyst.id && e.action === 'read'), 'the analyst\'s view is in their audit');
  const listed = rows(server.dbPath, `SELECT count(*) AS n FROM audit_events WHERE user_id = '${who.analyst.id}' `
    + `AND record_type = 'pseudonymised_network' AND record_id = 'brokers' AND instr(records, '${found.id}') > 0`)[0].n;
  assert.ok(listed >= 1, 'the event lists the records it showed pseudonymised');
});

test('practitioners, board viewers and admins are refused, and the refusal is audited', async () => {
  for (const role of ['practitioner', 'board', 'admin']) {
    for (const analysis of ANALYSES) {
      const r = await call(server, who[role], 'GET', `/api/v1/analysis/network/${analysis}`);
      assert.equal(r.status, 403, `${role} ${analysis}`);
    }
    const denied = count(`SELECT count(*) FROM audit_events WHERE user_id = '${who[role].id}' AND record_type = 'pseudonymised_network' AND outcome = 'denied'`);
    assert.equal(denied, ANALYSES.length);
  }
});

test('each answer is one audit event, and the query is checked', async () => {
  const events = () => count(`SELECT count(*) FROM audit_events WHERE user_id = '${who.analyst.id}'`);
  const before = events();
  await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/communities?members=500&limit=100');
  assert.equal(events(), before + 1);
  for (const [query, field] of [['communities?method=spectral', 'method'], ['hotspots?risk=extreme', 'risk'],
    ['groups?limit=0', 'limit'], ['brokers?cutoff=99', 'cutoff'], ['adults?confidence=rumour', 'confidence'],
    ['groups?since=yesterday', 'since'], ['hotspots?link_types=nonsense', 'link_types']]) {
    const r = await call(server, who.analyst, 'GET', `/api/v1/analysis/network/${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.field, field, query);
  }
  const friends = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/groups?link_types=associates_with,member_of&confidence=reported');
  const all = await ok(server, who.analyst, 'GET', '/api/v1/analysis/network/groups');
  assert.ok(friends.links < all.links && friends.links > 0, 'the filters apply');
});
