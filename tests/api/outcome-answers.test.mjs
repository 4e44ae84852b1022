// Outcome figures kept from an earlier answer (src/analysis/outcome_cache.c)
// are never out of date: after each kind of change a measure depends on,
// written straight into the database file as any writer could, every
// measure's answer, overall and broken down every way it can be, equals the
// answer computed afresh with nothing kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, ok } from '../lib/client.mjs';

let server;
let coordinator;
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
function monthsBefore(n) {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}
const thisMonth = () => monthsBefore(0);
const period = () => `from=${monthsBefore(24)}&to=${monthsBefore(1)}`;

before(async () => {
  server = await startServer({ demo: 'full' });
  coordinator = await signIn(server, 'coordinator@kestrel-vale.example');
});
after(async () => { await server.stop(); });

async function everyAnswer() {
  const framework = await ok(server, coordinator, 'GET', '/api/v1/outcomes/measures');
  const paths = framework.items.flatMap((m) => m.breakdowns.map((by) =>
    `/api/v1/outcomes/measures/${m.code}?${period()}${by === 'none' ? '' : `&by=${by}`}`));
  const answers = {};
  for (const path of paths) answers[path] = await ok(server, coordinator, 'GET', path);
  return answers;
}

// Rows of months that have ended, a few of each, by a query's ids.
const past = () => `'${thisMonth()}'`;
const changes = {
  'young people\'s sex, ethnicity and postcode': `UPDATE people SET sex = CASE sex WHEN 'female' THEN 'male' ELSE 'female' END,
      ethnicity = 'Any other ethnic group', postcode = 'KV9 9ZZ'
    WHERE id IN (SELECT person_id FROM concerns WHERE person_id IS NOT NULL AND concern_date < ${past()} ORDER BY id LIMIT 40)`,
  'concerns recorded late, about people and places': `INSERT INTO concerns (id, person_id, context_id, concern_date, raised_by,
      exploitation_types, indicators, adverse_experiences, narrative, status, owner_agency_id, sharing, created_by, created_at,
      updated_at, search_key)
    SELECT id || '-late', person_id, context_id, date(concern_date, '-40 days'), raised_by, exploitation_types, indicators,
      adverse_experiences, narrative, status, owner_agency_id, sharing, created_by, created_at, updated_at, search_key
    FROM concerns WHERE concern_date < ${past()} ORDER BY id LIMIT 60`,
  'screenings changed and moved': `UPDATE screenings SET risk_level = 'high', pathway = 'mace', screened_on = date(screened_on, '+9 days')
    WHERE id IN (SELECT id FROM screenings WHERE screened_on < ${past()} ORDER BY id LIMIT 40)`,
  'records merged into others': `UPDATE people SET merged_into = (SELECT o.id FROM people o WHERE o.kind = people.kind
      AND o.id <> people.id AND o.merged_into IS NULL ORDER BY o.id LIMIT 1)
    WHERE id IN (SELECT i.person_id FROM meeting_items i WHERE i.person_id IS NOT NULL ORDER BY i.id LIMIT 5)`,
  'actions done': `UPDATE actions SET status = 'done', completed_on = due_on
    WHERE id IN (SELECT id FROM actions WHERE status = 'open' AND due_on < ${past()} ORDER BY id LIMIT 20)`,
  'attendance corrected': `UPDATE meeting_attendance SET attended = CASE attended WHEN 'present' THEN 'apologies' ELSE 'present' END
    WHERE rowid IN (SELECT rowid FROM meeting_attendance ORDER BY rowid LIMIT 15)`,
  'young people taken off an agenda': `DELETE FROM meeting_items WHERE id IN (SELECT i.id FROM meeting_items i
      WHERE i.kind = 'young_person' AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.item_id = i.id) ORDER BY i.id LIMIT 8)`,
  'places reassessed': `UPDATE context_assessments SET risk_rating = CASE risk_rating WHEN 'high' THEN 'low' ELSE 'high' END
    WHERE id IN (SELECT id FROM context_assessments ORDER BY id LIMIT 10)`,
  'interventions moved': `UPDATE interventions SET started_on = date(started_on, '-35 days')
    WHERE id IN (SELECT id FROM interventions ORDER BY id LIMIT 5)`,
  'definitions unadopted': `DELETE FROM definition_adoptions WHERE rowid IN (SELECT rowid FROM definition_adoptions ORDER BY rowid LIMIT 6)`,
  'an agency renamed': `UPDATE agencies SET name = name || ' (renamed)' WHERE id = (SELECT id FROM agencies ORDER BY id LIMIT 1)`,
  'a place\'s postcode': `UPDATE contexts SET postcode = 'KV8 1AA' WHERE id IN (SELECT context_id FROM concerns
      WHERE context_id IS NOT NULL ORDER BY id LIMIT 3)`,
};

for (const [change, statement] of Object.entries(changes)) {
  test(`figures kept are not used once changed: ${change}`, async () => {
    await everyAnswer(); // every grid kept
    const keptBefore = Number(sql('SELECT count(*) FROM outcome_answers'));
    assert.ok(keptBefore > 50, `grids are kept (${keptBefore})`);
    const changesBefore = Number(sql('SELECT version FROM outcome_change_counter'));
    sql(statement);
    assert.ok(Number(sql('SELECT version FROM outcome_change_counter')) > changesBefore, 'the change was marked');
    const answered = await everyAnswer();
    sql('DELETE FROM outcome_answers');
    const afresh = await everyAnswer();
    for (const path of Object.keys(afresh)) assert.deepEqual(answered[path], afresh[path], path);
  });
}

test('a change to months that have not ended leaves the kept figures in use', async () => {
  await everyAnswer();
  const ours = "key LIKE 'concerns_received|%|24|%'"; // this test's period, not the dashboards' kept in the background
  const computedAt = sql(`SELECT group_concat(computed_at) FROM outcome_answers WHERE ${ours}`);
  assert.ok(computedAt, 'kept');
  sql(`INSERT INTO concerns (id, person_id, context_id, concern_date, raised_by, exploitation_types, indicators,
      adverse_experiences, narrative, status, owner_agency_id, sharing, created_by, created_at, updated_at, search_key)
    SELECT id || '-today', person_id, context_id, date('now'), raised_by, exploitation_types, indicators, adverse_experiences,
      narrative, status, owner_agency_id, sharing, created_by, created_at, updated_at, search_key
    FROM concerns ORDER BY id LIMIT 3`);
  await everyAnswer();
  assert.equal(sql(`SELECT group_concat(computed_at) FROM outcome_answers WHERE ${ours}`), computedAt);
});
