// The analyst and the board viewer never receive a child's identity or
// what was written about a child: every GET route of the server (read
// from `cshub routes`, with real ids of every kind filled in) is asked as
// each of them over the full demo, and no answer may hold a young
// person's name, date of birth, address, identifier, or a line of a
// concern's narrative, a screening's rationale, a MACE discussion or an
// action about a young person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCshub } from '../lib/server.mjs';
import { signIn } from '../lib/client.mjs';

let server;
const rows = (query) => JSON.parse(execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', server.dbPath, query], { encoding: 'utf8' }) || '[]');
const first = (query) => rows(query)[0]?.v ?? 'none';

before(async () => { server = await startServer({ demo: 'full' }); });
after(async () => { await server.stop(); });

/** Every text the demo holds that identifies a young person or tells their story. */
function secrets() {
  const found = new Set();
  const add = (text, min = 6) => { if (typeof text === 'string' && text.trim().length >= min) found.add(text.trim()); };
  for (const p of rows("SELECT given_name || ' ' || family_name AS name, date_of_birth, address, nhs_number, "
    + "unique_pupil_number, police_reference, council_case_number FROM people WHERE kind = 'young_person'")) {
    add(p.name);
    for (const key of ['date_of_birth', 'address', 'nhs_number', 'unique_pupil_number', 'police_reference', 'council_case_number']) add(p[key]);
  }
  const line = (text) => (typeof text === 'string' ? text.slice(0, 40) : null);
  for (const r of rows('SELECT narrative AS t FROM concerns UNION ALL SELECT young_person_words FROM concerns '
    + 'UNION ALL SELECT rationale FROM screenings UNION ALL SELECT discussion FROM meeting_items '
    + "UNION ALL SELECT decisions FROM meeting_items UNION ALL SELECT description FROM actions WHERE person_id IS NOT NULL")) add(line(r.t), 20);
  return [...found];
}

/** The last quarter that has ended, "YYYY-Qn": the newest a board report covers. */
function lastEndedQuarter() {
  const now = new Date();
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - 1;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** A real id for each path parameter, by the resource it follows. */
function sampleIds() {
  return {
    people: first('SELECT id AS v FROM people WHERE kind = \'young_person\''),
    contexts: first('SELECT id AS v FROM contexts'),
    meetings: first('SELECT id AS v FROM meetings'),
    'meeting-items': first('SELECT id AS v FROM meeting_items WHERE person_id IS NOT NULL'),
    actions: first('SELECT id AS v FROM actions WHERE person_id IS NOT NULL'),
    concerns: first('SELECT id AS v FROM concerns WHERE person_id IS NOT NULL'),
    screenings: first('SELECT id AS v FROM screenings WHERE person_id IS NOT NULL'),
    links: first('SELECT id AS v FROM links'),
    interventions: first('SELECT id AS v FROM interventions'),
    disruptions: first('SELECT id AS v FROM disruptions'),
    merges: first('SELECT id AS v FROM person_merges'),
    definitions: first('SELECT id AS v FROM definition_terms'),
    agencies: first('SELECT id AS v FROM agencies'),
    recommendations: first('SELECT id AS v FROM plan_recommendations'),
    boards: first('SELECT id AS v FROM partnership_boards'),
    reports: lastEndedQuarter(),
    measures: 'concerns_received',
  };
}

/** An answer's text: a PDF's through pdftotext, an XLSX's cells and strings through python's zipfile. */
function readable(type, bytes) {
  if (!/application\/(pdf|vnd\.openxml)/.test(type || '')) return bytes.toString('utf8');
  const file = path.join(server.dir, 'answer');
  fs.writeFileSync(file, bytes);
  if (/pdf/.test(type)) return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  return execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); '
    + 'print("".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml")))', file], { encoding: 'utf8' });
}

/** Whether an answer holds anything: some list in it (items, nodes, groups, ...) is not empty; a document always does. */
function holdsAnything(body) {
  let json;
  try { json = JSON.parse(body); } catch { return true; }
  const lists = Object.values(json).filter(Array.isArray);
  return lists.length === 0 || lists.some((list) => list.length > 0);
}

function fill(pattern, ids) {
  return pattern.replace(/\/([a-z-]+)\/\{[a-z_]+\}/g, (whole, resource) => {
    assert.ok(ids[resource], `an id for ${resource} (${pattern})`);
    return `/${resource}/${ids[resource]}`;
  });
}

test('no route answers the analyst or the board viewer with a child\'s identity or story', async () => {
  const texts = secrets();
  assert.ok(texts.length > 500, `the demo's identifying texts (${texts.length})`);
  const coordinator = await signIn(server, 'coordinator@kestrel-vale.example');
  const people = await (await fetch(`${server.url}/api/v1/people?limit=100`, { headers: { Cookie: coordinator.cookie } })).text();
  assert.ok(texts.some((secret) => people.includes(secret)), 'the texts looked for are what a coordinator does see');
  const ids = sampleIds();
  const routes = runCshub(['routes']).stdout.trim().split('\n').map((l) => l.split(/\s+/))
    .filter(([method, pattern]) => method === 'GET' && pattern.startsWith('/api/'));
  assert.ok(routes.length > 40);
  const answered = {};
  for (const email of ['analyst.police@kestrel-vale.example', 'board.chair@kestrel-vale.example']) {
    const as = await signIn(server, email);
    answered[email] = [];
    for (const [, pattern] of routes) {
      const path = fill(pattern, ids);
      const r = await fetch(server.url + path, { headers: { Cookie: as.cookie } });
      const body = readable(r.headers.get('content-type'), Buffer.from(await r.arrayBuffer()));
      if (r.status === 200 && holdsAnything(body)) answered[email].push(pattern);
      for (const secret of texts) assert.ok(!body.includes(secret), `${email} GET ${path} (${r.status}) holds "${secret}"`);
    }
  }
  assert.ok(answered['board.chair@kestrel-vale.example'].includes('/api/v1/boards/{id}/reports/{quarter}/report.pdf'),
    'the board member reads the board\'s report, and its text was checked');
  // What they may read is the strategic half and the shared vocabulary:
  // casework lists answer, but empty.
  // The one exception is the analyst's pseudonymised picture (/api/v1/analysis/network/...):
  // the network shared with the hub, every person by pseudonym and age band, never a name,
  // date of birth, address, identifier or free text (checked above with every other answer,
  // and in tests/api/analysis.test.mjs). Analysts read it; board viewers do not.
  const pseudonymised = (p) => p.startsWith('/api/v1/analysis/network/');
  for (const email of Object.keys(answered)) {
    assert.ok(answered[email].includes('/api/v1/outcomes/measures/{code}'), `${email} reads the measures`);
    assert.ok(!answered[email].some((p) => !pseudonymised(p) && /people|concerns|screenings|links|chronology|actions|meetings|network|duplicates/.test(p)),
      `${email} reads no casework: ${answered[email].join(', ')}`);
  }
  assert.ok(answered['analyst.police@kestrel-vale.example'].filter(pseudonymised).length >= 4, 'the analyst reads the pseudonymised picture');
  assert.deepEqual(answered['board.chair@kestrel-vale.example'].filter(pseudonymised), [], 'the board viewer does not');
});
