// The outcome measures through the API, over the demo partnership: who
// may read them, the period and breakdown checked with the field named,
// small numbers suppressed for analysts and board viewers (never one
// hidden cell alone in a row or column, so none can be worked out from a
// total), every read audited once naming the measure, and every default
// measure showing something real in the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

let server;
const who = {};
const sql = (query) => execFileSync('sqlite3', [server.dbPath, query], { encoding: 'utf8' }).trim();
const thisMonth = () => new Date().toISOString().slice(0, 7);
function monthsBefore(n) {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}
const lastYear = () => `from=${monthsBefore(11)}&to=${thisMonth()}`;

before(async () => {
  server = await startServer({ demo: 'full' });
  checkAnswersAgainstOpenApi();
  for (const [role, email] of Object.entries({
    coordinator: 'coordinator@kestrel-vale.example', analyst: 'analyst.police@kestrel-vale.example',
    board: 'board.chair@kestrel-vale.example', practitioner: 'police@kestrel-vale.example',
    admin: 'admin@kestrel-vale.example',
  })) who[role] = await signIn(server, email);
});
after(async () => { await server.stop(); });

test('coordinators, analysts and board viewers read the framework; practitioners and admins may not', async () => {
  for (const role of ['coordinator', 'analyst', 'board']) {
    const framework = await ok(server, who[role], 'GET', '/api/v1/outcomes/measures');
    assert.equal(framework.items.length, 13);
    assert.deepEqual(new Set(framework.items.map((m) => m.level)), new Set(['individual', 'contextual', 'system']));
    for (const m of framework.items) assert.ok(m.definition.length > 20 && m.computation.length > 20, m.code);
    assert.equal(framework.settings.suppression_threshold, 5);
  }
  for (const role of ['practitioner', 'admin']) {
    assert.equal((await call(server, who[role], 'GET', '/api/v1/outcomes/measures')).status, 403);
    assert.equal((await call(server, who[role], 'GET', '/api/v1/outcomes/measures/concerns_received')).status, 403);
  }
});

test('every default measure shows something real in the demo, for the last two years', async () => {
  const framework = await ok(server, who.coordinator, 'GET', '/api/v1/outcomes/measures');
  for (const m of framework.items) {
    const a = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/${m.code}?from=${monthsBefore(23)}&to=${thisMonth()}`);
    assert.equal(a.months.length, 24);
    const shown = a.overall.filter((c) => typeof c.value === 'number' && c.value > 0);
    assert.ok(shown.length > 0, `${m.code} has a figure above zero in some month`);
    assert.equal(a.suppression.applied, false, 'coordinators see exact figures');
  }
});

test('the period and the breakdown are checked, naming the field', async () => {
  const cases = [
    ['?from=2026-13', 'from'], ['?from=26-01', 'from'], ['?to=2026-1', 'to'], ['?from=2026-05&to=2026-04', 'to'],
    ['?from=2020-01&to=2026-01', 'to'], ['?by=name', 'by'], ['?by=', 'by'],
  ];
  for (const [query, field] of cases) {
    const r = await call(server, who.analyst, 'GET', `/api/v1/outcomes/measures/concerns_received${query}`);
    assert.equal(r.status, 400, query);
    assert.equal(r.json.error.field, field, query);
  }
  const wrongWay = await call(server, who.analyst, 'GET', '/api/v1/outcomes/measures/young_people_per_meeting?by=sex');
  assert.equal(wrongWay.status, 400);
  assert.equal(wrongWay.json.error.field, 'by');
  assert.equal((await call(server, who.analyst, 'GET', '/api/v1/outcomes/measures/names')).status, 404);
});

/** The cells of a breakdown as a table with its margins: rows are groups, columns months. */
function hiddenAlone(answer) {
  const problems = [];
  answer.groups.forEach((g) => {
    const hidden = g.months.filter((c) => c.suppressed).length + (g.period?.suppressed ? 1 : 0);
    if (hidden === 1) problems.push(`row ${g.key}`);
  });
  answer.months.forEach((m, j) => {
    const hidden = answer.groups.filter((g) => g.months[j].suppressed).length + (answer.overall[j].suppressed ? 1 : 0);
    if (hidden === 1) problems.push(`column ${m}`);
  });
  return problems;
}

test('analysts and board viewers get small numbers suppressed, and no hidden cell stands alone', async () => {
  let suppressedSomewhere = 0;
  for (const by of ['agency', 'exploitation_type', 'area', 'age_band', 'sex', 'ethnicity']) {
    const path = `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=${by}`;
    const exact = await ok(server, who.coordinator, 'GET', path);
    const published = await ok(server, who.board, 'GET', path);
    assert.equal(published.suppression.applied, true);
    assert.match(published.suppression.method, /1 to 5/);
    for (const [i, g] of published.groups.entries()) {
      const truth = exact.groups.find((e) => e.key === g.key);
      g.months.forEach((cell, j) => {
        const count = truth.months[j].value;
        if (count >= 1 && count <= 5) assert.equal(cell.suppressed, true, `${by} ${g.key} ${published.months[j]}: ${count}`);
        if (cell.suppressed) {
          assert.equal(cell.value, null);
          assert.equal(cell.numerator, undefined);
          suppressedSomewhere++;
        } else {
          assert.equal(cell.value, count, 'a shown count is the true count');
        }
      });
      assert.ok(i >= 0);
    }
    if (by !== 'exploitation_type') assert.deepEqual(hiddenAlone(published), [], by);
  }
  assert.ok(suppressedSomewhere > 0, 'the demo has small numbers to suppress');
});

test('for every measure whose months add up, no hidden cell stands alone in a row or column', async () => {
  const additive = ['concerns_received', 'days_to_screening', 'screened_within_standard', 'stepped_down',
    'actions_on_time', 'mace_attendance', 'risk_trajectory_3m'];
  const framework = await ok(server, who.board, 'GET', '/api/v1/outcomes/measures');
  let tables = 0;
  for (const m of framework.items.filter((item) => additive.includes(item.code))) {
    for (const by of m.breakdowns.filter((b) => b !== 'exploitation_type')) {
      const published = await ok(server, who.board, 'GET', `/api/v1/outcomes/measures/${m.code}?from=${monthsBefore(23)}&to=${thisMonth()}&by=${by}`);
      assert.deepEqual(hiddenAlone(published), [], `${m.code} by ${by}`);
      tables++;
    }
  }
  assert.ok(tables >= 20, `${tables} tables checked`);
});

test('a percentage made of a small count is suppressed with it', async () => {
  const path = `/api/v1/outcomes/measures/actions_on_time?${lastYear()}&by=agency`;
  const exact = await ok(server, who.coordinator, 'GET', path);
  const published = await ok(server, who.analyst, 'GET', path);
  let checked = 0;
  for (const g of published.groups) {
    const truth = exact.groups.find((e) => e.key === g.key);
    g.months.forEach((cell, j) => {
      const t = truth.months[j];
      if (t.value === null) return;
      if ((t.numerator >= 1 && t.numerator <= 5) || (t.denominator >= 1 && t.denominator <= 5)) {
        assert.equal(cell.suppressed, true);
        assert.equal(cell.denominator, undefined);
        checked++;
      }
    });
  }
  assert.ok(checked > 0);
});

test('each read is audited once, naming the measure; the answer names no young person', async () => {
  const before = Number(sql("SELECT count(*) FROM audit_events WHERE record_type = 'outcome_measure' AND record_id = 'repeat_concerns'"));
  const answer = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/repeat_concerns?${lastYear()}&by=sex`);
  const after = Number(sql("SELECT count(*) FROM audit_events WHERE record_type = 'outcome_measure' AND record_id = 'repeat_concerns'"));
  assert.equal(after - before, 1);
  const text = JSON.stringify(answer);
  const names = sql("SELECT given_name || ' ' || family_name FROM people WHERE kind = 'young_person' LIMIT 50").split('\n');
  for (const name of names) assert.ok(!text.includes(name), name);
});

test('this period is compared with the one before it, of the same length', async () => {
  const a = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/concerns_received?from=${monthsBefore(5)}&to=${thisMonth()}`);
  assert.equal(a.previous_period.to, monthsBefore(6));
  assert.equal(a.previous_period.from, monthsBefore(11));
  assert.equal(a.this_period.value, a.overall.reduce((sum, c) => sum + c.value, 0));
  const earlier = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/concerns_received?from=${monthsBefore(11)}&to=${monthsBefore(6)}`);
  assert.equal(a.last_period.value, earlier.this_period.value);
});

test('rates per 10,000 where an area\'s population is configured', async () => {
  sql("INSERT INTO area_populations (postcode_district, population) VALUES ('KV1', 2000)");
  const a = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=area`);
  const kv1 = a.groups.find((g) => g.key === 'KV1');
  assert.equal(kv1.population, 2000);
  assert.ok(!kv1.period.suppressed);
  assert.equal(kv1.period.rate_per_10000, kv1.period.value / 2000 * 10000);
  assert.equal(a.groups.find((g) => g.key === 'KV2').population, null);
});
