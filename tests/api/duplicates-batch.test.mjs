// Matching keys and pairs made in one batch: when a database holds many
// people with no matching keys (after an upgrade, or an import), the
// server's housekeeping gives them keys and finds the likely pairs among
// them all at once, in memory, on two threads. Here 1,500 people are put
// straight into the database with no keys, three of them written again a
// little differently; the server finds those pairs, and only those.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, runCshub, tempDir } from '../lib/server.mjs';
import { signIn, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

let server;
let coordinator;
const sql = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', db], { input: query, encoding: 'utf8' }).trim();

const givenNames = ['Amara', 'Bilal', 'Chloe', 'Dylan', 'Esme', 'Finn', 'Gracie', 'Hamza', 'Isla', 'Jayden', 'Kai', 'Leah', 'Mason', 'Nia',
  'Oscar', 'Priya', 'Quinn', 'Rhys', 'Sana', 'Tyler', 'Uma', 'Vinnie', 'Willow', 'Xavier', 'Yasmin', 'Zach', 'Aiden', 'Bethany', 'Callum', 'Daisy'];
const familyNames = ['Ashworth', 'Bramley', 'Cartwright', 'Dunmore', 'Ellison', 'Fairbairn', 'Garside', 'Hartley', 'Ingram', 'Jessop',
  'Kershaw', 'Lumley', 'Metcalfe', 'Nuttall', 'Oldroyd', 'Pickles', 'Quarmby', 'Rushworth', 'Sugden', 'Thwaite', 'Uttley', 'Varley',
  'Whiteley', 'Yeadon', 'Armitage', 'Blackburn', 'Crowther', 'Denby', 'Exley', 'Firth', 'Greenwood', 'Haigh', 'Illingworth', 'Jagger',
  'Kitson', 'Lister', 'Marsden', 'Naylor', 'Oates', 'Priestley', 'Redman', 'Senior', 'Townend', 'Wadsworth', 'Yates', 'Ackroyd', 'Binns',
  'Clegg', 'Dyson', 'Fielding'];
const planted = [
  [['Kayleigh', 'Smyth', '2009-07-03'], ['Kayley', 'Smith', '2009-03-07']],
  [['Mohammed', 'Okafor', '2010-02-14'], ['Mohammad', 'Okafor', '2010-02-14']],
  [['Josephine', 'Ravenscroft', '2011-11-21'], ['Ravenscroft', 'Josephine', '2011-11-21']],
];

before(async () => {
  const db = path.join(tempDir(), 'batch.db');
  assert.equal(runCshub(['demo', '--db', db, '--accounts-only']).status, 0);
  const agency = sql(db, "SELECT agency_id FROM users WHERE email = 'coordinator@kestrel-vale.example'");
  const rows = [];
  let n = 0;
  const add = (given, family, dob) => {
    const id = `c${(n++).toString(16).padStart(31, '0')}`;
    rows.push(`('${id}', 'young_person', '${given}', '${family}', '${dob}', '${agency}', 'hub', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '')`);
  };
  for (let i = 0; i < 1500; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    add(givenNames[i % givenNames.length], familyNames[Math.floor(i / givenNames.length) % familyNames.length], `${2006 + (i % 8)}-${month}-${day}`);
  }
  for (const pair of planted) for (const [given, family, dob] of pair) add(given, family, dob);
  sql(db, `INSERT INTO people (id, kind, given_name, family_name, date_of_birth, owner_agency_id, sharing, created_at, updated_at, search_key) VALUES ${rows.join(', ')}`);
  server = await startServer({ db });
  coordinator = await signIn(server, 'coordinator@kestrel-vale.example');
});
after(async () => { await server?.stop(); });

const isPlanted = (pair) => pair.people.some((p) => /^(Kayle|Moham|Josephine|Ravenscroft)/.test(p.given_name));

test('the housekeeping keys everyone at once and finds the planted pairs, and not the look-alikes', async () => {
  let likely = []; /* the planted pairs found so far */
  for (let i = 0; i < 100 && likely.length < planted.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    likely = (await ok(server, coordinator, 'GET', '/api/v1/duplicates?min_score=40&limit=100')).items.filter(isPlanted);
  }
  const names = likely.map((pair) => pair.people.map((p) => `${p.given_name} ${p.family_name}`).sort().join(' / ')).sort();
  for (const [[g1, f1], [g2, f2]] of planted) {
    assert.ok(names.includes([`${g1} ${f1}`, `${g2} ${f2}`].sort().join(' / ')), `${g1} ${f1} found: ${names.join('; ')}`);
  }
  const others = (await ok(server, coordinator, 'GET', '/api/v1/duplicates?limit=100')).items.filter((pair) => !isPlanted(pair));
  assert.ok(others.length <= 10, `few other likely pairs among people with other names or birthdays (${others.length})`);
  const keyed = Number(sql(server.dbPath, 'SELECT count(DISTINCT person_id) FROM person_match_keys'));
  assert.ok(keyed >= 1506, `everyone has keys (${keyed})`);
});
