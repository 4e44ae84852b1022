// `cshub demo`: the whole synthetic partnership — hundreds of young people,
// adults of concern, contexts, links forming peer groups, two years of
// concerns and screenings — made the same way every time, entered through
// the access policy (an intact audit log), and usable at once: every role
// signs in and sees what its policy allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, runCshub, tempDir } from '../lib/server.mjs';

let server;
let printed;
const who = {};

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo' }) });
  assert.equal(r.status, 201, `${email} signs in`);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrf_token };
}

async function api(as, method, urlPath) {
  const r = await fetch(server.url + urlPath, { method, headers: { Cookie: as.cookie, 'X-CSRF-Token': as.csrf } });
  return { status: r.status, json: await r.json().catch(() => null) };
}

/** {young_people, adults, contexts, links, concerns, screenings, alerts} from the summary. */
function countsIn(output) {
  const m = output.match(/(\d+) young people, (\d+) adults of concern, (\d+) contexts, (\d+) links,\s+(\d+) concerns, (\d+) screenings, (\d+) two-agency alerts/);
  assert.ok(m, `the demo prints what it made: ${output}`);
  const [youngPeople, adults, contexts, links, concerns, screenings, alerts] = m.slice(1).map(Number);
  return { youngPeople, adults, contexts, links, concerns, screenings, alerts };
}

before(async () => {
  const dir = tempDir();
  const db = path.join(dir, 'demo.db');
  const r = runCshub(['demo', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  printed = r.stdout;
  server = await startServer({ db });
  for (const name of ['coordinator', 'police', 'school', 'health', 'analyst', 'social.worker', 'youth.work', 'board.chair'])
    who[name] = await signIn(`${name}@kestrel-vale.example`);
});
after(async () => { await server.stop(); });

test('the demo makes a partnership of realistic size and says how to sign in', () => {
  const counts = countsIn(printed);
  assert.equal(counts.youngPeople, 308, 'three hundred, and eight of them recorded again by another agency');
  assert.equal(counts.adults, 25);
  assert.ok(counts.contexts >= 30, 'dozens of contexts');
  assert.ok(counts.links >= 500, 'links enough to form groups');
  assert.ok(counts.concerns >= 500 && counts.screenings >= 300, 'two years of concerns and screenings');
  assert.ok(counts.alerts >= 1, 'some young people worried about by two agencies in a week');
  const interventions = Number(printed.match(/(\d+) contextual interventions/)?.[1]);
  assert.ok(interventions >= 30 && interventions <= 60, `a few dozen interventions at the hotspots (${interventions})`);
  assert.match(printed, /password: kestrel-vale-demo/);
  for (const role of ['admin', 'coordinator', 'practitioner', 'analyst', 'board_viewer']) {
    const accounts = printed.split('\n').filter((line) => line.includes('@kestrel-vale.example') && line.includes(` ${role} `));
    assert.ok(accounts.length >= 2, `several ${role} accounts are printed`);
  }
});

test('the same partnership is made every time', async () => {
  const dir = tempDir();
  const again = runCshub(['demo', '--db', path.join(dir, 'again.db')]);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(countsIn(again.stdout), countsIn(printed));
  const other = await startServer({ db: path.join(dir, 'again.db') });
  try {
    const names = async (url, cookie) => {
      const all = [];
      let cursor = null;
      do {
        const page = await (await fetch(`${url}/api/v1/people?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { headers: { Cookie: cookie } })).json();
        all.push(...page.items.map((p) => `${p.given_name} ${p.family_name} ${p.date_of_birth}`));
        cursor = page.next_cursor;
      } while (cursor);
      return all.sort();
    };
    const signedIn = await fetch(other.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'coordinator@kestrel-vale.example', password: 'kestrel-vale-demo' }) });
    const first = await names(server.url, who.coordinator.cookie);
    assert.ok(first.length >= 250, 'the people the coordinator sees');
    assert.deepEqual(await names(other.url, signedIn.headers.get('set-cookie').split(';')[0]), first,
      'the same people, born on the same days (only the ids differ)');
  } finally {
    await other.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('everything was entered through the access policy: the audit log is intact', () => {
  const verified = runCshub(['audit', 'verify', '--db', server.dbPath]);
  assert.equal(verified.status, 0, verified.stderr);
  const events = Number(verified.stdout.match(/(\d+) events verified/)[1]);
  assert.ok(events > 2000, `every step left an audit event (${events})`);
});

test('the coordinator has new concerns to triage, and screened young people with a history', async () => {
  const triage = await api(who.coordinator, 'GET', '/api/v1/concerns?status=new&limit=20');
  assert.equal(triage.status, 200);
  assert.ok(triage.json.items.length > 0, 'recent concerns wait for screening');
  const screenings = await api(who.coordinator, 'GET', '/api/v1/screenings?limit=100');
  const levels = new Set(screenings.json.items.map((s) => s.risk_level));
  assert.ok(levels.has('high') && levels.has('medium') && levels.has('low'), `a spread of risk levels: ${[...levels]}`);
  const high = screenings.json.items.find((s) => s.risk_level === 'high' && s.person_id);
  const chronology = await api(who.coordinator, 'GET', `/api/v1/people/${high.person_id}/chronology?limit=100`);
  assert.equal(chronology.status, 200);
  const types = new Set(chronology.json.items.map((e) => e.type));
  assert.ok(types.has('concern') && types.has('screening') && types.has('link'), `a history: ${[...types]}`);
  for (const link of chronology.json.items.filter((e) => e.type === 'link'))
    assert.ok(link.record.other_end?.name, 'each link names who or what is at its other end');
  const dates = chronology.json.items.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
});

test('hotspots and peer groups carry their links and concerns', async () => {
  const park = await api(who.coordinator, 'GET', '/api/v1/contexts?q=Heronfield%20Park');
  assert.equal(park.json.items.length, 1);
  const chronology = await api(who.coordinator, 'GET', `/api/v1/contexts/${park.json.items[0].id}/chronology?limit=100`);
  const entries = chronology.json.items;
  assert.ok(entries.filter((e) => e.type === 'link').length >= 5, 'several young people frequent the park');
  assert.ok(entries.some((e) => e.type === 'concern'), 'concerns about the park itself');
  const group = await api(who.coordinator, 'GET', '/api/v1/contexts?q=Tanner%20Street%20group');
  const members = await api(who.coordinator, 'GET', `/api/v1/contexts/${group.json.items[0].id}/links?limit=100`);
  assert.ok(members.json.items.filter((l) => l.link_type === 'member_of').length >= 10, 'a peer group with members');
  const interventions = entries.filter((e) => e.type === 'intervention');
  assert.ok(interventions.length >= 4, 'youth work, guardians, lighting and patrols at the park');
  assert.ok(interventions.some((e) => e.record.status === 'ended' && e.record.outcome), 'some ended, with what came of them');
  const flat = await api(who.coordinator, 'GET', '/api/v1/contexts?q=Tanner%20Street');
  const flatId = flat.json.items.find((c) => c.name.startsWith('Flat 3')).id;
  const exploiters = await api(who.coordinator, 'GET', `/api/v1/contexts/${flatId}/links?limit=100`);
  assert.ok(exploiters.json.items.length >= 2, 'adults of concern and young people at the cuckooed flat');
});

test('disruption against the adults of concern and at the hotspots, police intelligence restricted', async () => {
  const disruptions = Number(printed.match(/(\d+) disruptions against adults of concern and places/)?.[1]);
  assert.ok(disruptions >= 25 && disruptions <= 60, `a few dozen disruptions (${disruptions})`);
  const takeaway = (await api(who.coordinator, 'GET', '/api/v1/contexts?q=Golden%20Fry')).json.items[0];
  const atTakeaway = (await api(who.coordinator, 'GET', `/api/v1/disruptions?context_id=${takeaway.id}`)).json.items;
  assert.ok(atTakeaway.some((d) => d.tactic === 'licensing_review' && d.result), 'a licensing review with its result');
  const adults = [];
  for (let cursor = '', page = 0; cursor !== null && page < 10; page++) {
    const found = (await api(who.police, 'GET', `/api/v1/people?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json;
    adults.push(...found.items.filter((p) => p.kind === 'adult_of_concern'));
    cursor = found.next_cursor;
  }
  assert.equal(adults.length, 25, 'the police see every adult of concern');
  let restricted = null;
  for (const adult of adults) {
    const found = (await api(who.police, 'GET', `/api/v1/disruptions?person_id=${adult.id}`)).json.items;
    restricted = found.find((d) => d.sharing === 'restricted');
    if (restricted) break;
  }
  assert.ok(restricted, 'police intelligence recorded as restricted');
  assert.equal((await api(who.coordinator, 'GET', `/api/v1/disruptions/${restricted.id}`)).status, 200, 'the coordinator reads it');
  for (const name of ['school', 'health']) assert.equal((await api(who[name], 'GET', `/api/v1/disruptions/${restricted.id}`)).status, 404, name);
});

test('each role sees what its policy allows of the demo, and no more', async () => {
  const flatFor = async (as) => (await api(as, 'GET', '/api/v1/contexts?q=Flat%203')).json.items.length;
  assert.equal(await flatFor(who.police), 1, 'police intelligence is visible to the police');
  assert.equal(await flatFor(who.coordinator), 1, 'and to coordinators');
  assert.equal(await flatFor(who.school), 0, 'but not to a school');
  const peopleFor = async (as) => {
    let seen = 0;
    let cursor = null;
    do {
      const page = await api(as, 'GET', `/api/v1/people?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200);
      seen += page.json.items.length;
      cursor = page.json.next_cursor;
    } while (cursor);
    return seen;
  };
  const coordinator = await peopleFor(who.coordinator);
  const school = await peopleFor(who.school);
  const analyst = await peopleFor(who.analyst);
  assert.ok(coordinator >= 250, `the coordinator sees those shared with the hub (${coordinator})`);
  assert.ok(school > 0 && school < coordinator, `a school sees its own and those it works with (${school})`);
  assert.equal(analyst, 0, 'an analyst sees no one by name');
  assert.equal((await api(who['board.chair'], 'GET', '/api/v1/concerns')).json.items.length, 0, 'nor does the board');
  const health = await api(who.health, 'GET', '/api/v1/concerns?limit=50');
  assert.ok(health.json.items.length > 0, 'a health practitioner sees the concerns about those they work with');
});

test('--accounts-only makes the agencies and first seven accounts, no casework', () => {
  const dir = tempDir();
  const r = runCshub(['demo', '--accounts-only', '--db', path.join(dir, 'small.db')]);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /young people/);
  assert.equal(r.stdout.split('\n').filter((line) => line.includes('@kestrel-vale.example')).length, 7);
});
