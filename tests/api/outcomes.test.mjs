// The outcome measures through the API, over the demo partnership: who
// may read them, the period and breakdown checked with the field named,
// only months that have ended, small counts of children suppressed for
// every reader (never one hidden cell alone in a month, a period's figure
// only when all its months are shown, so that no answer can be set against
// another to give a hidden count), no text a practitioner typed in a
// breakdown, every read audited once naming the measure, and every
// default measure showing something real in the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

let server;
const who = {};
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();
const thisMonth = () => new Date().toISOString().slice(0, 7);
function monthsBefore(n) {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}
const lastYear = () => `from=${monthsBefore(12)}&to=${monthsBefore(1)}`;
const lastTwoYears = () => `from=${monthsBefore(24)}&to=${monthsBefore(1)}`;
const counted = (cell) => typeof cell?.value === 'number' && !cell.suppressed;
const countsNoChildren = ['context_ratings', 'actions_on_time', 'mace_attendance', 'definitions_adopted'];

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

/** The months in which exactly one figure of a breakdown and its overall is hidden: one a reader could work out. */
function hiddenAlone(answer) {
  return answer.months.filter((m, j) =>
    answer.groups.filter((g) => g.months[j].suppressed).length + (answer.overall[j].suppressed ? 1 : 0) === 1);
}

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
    const a = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/${m.code}?${lastTwoYears()}`);
    assert.equal(a.months.length, 24);
    assert.equal(a.months.at(-1), monthsBefore(1), 'up to the last month that has ended');
    assert.ok([...a.overall, a.this_period].some((c) => counted(c) && c.value > 0), `${m.code} has a figure above zero`);
    assert.equal(a.suppression.applied, !countsNoChildren.includes(m.code), `${m.code}: suppressed when it counts children`);
  }
});

test('the period and the breakdown are checked, naming the field', async () => {
  const cases = [
    ['?from=2026-13', 'from'], ['?from=26-01', 'from'], ['?to=2026-1', 'to'], ['?from=2026-05&to=2026-04', 'to'],
    ['?from=2020-01&to=2026-01', 'to'], ['?by=name', 'by'], ['?by=', 'by'], [`?to=${thisMonth()}`, 'to'],
    [`?from=${monthsBefore(2)}&to=${monthsBefore(-1)}`, 'to'], ['?to=10000-01', 'to'],
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

test('small counts of children are suppressed for every reader, and a shown count is the true count', async () => {
  const truth = new Map(sql("SELECT substr(c.concern_date, 1, 7) || '|' || ag.name || '|' || count(*) FROM concerns c "
    + 'JOIN agencies ag ON ag.id = c.owner_agency_id GROUP BY substr(c.concern_date, 1, 7), ag.name').split('\n')
    .map((line) => line.split('|')).map(([month, agency, n]) => [`${month}|${agency}`, Number(n)]));
  let hidden = 0;
  for (const role of ['coordinator', 'analyst', 'board']) {
    const published = await ok(server, who[role], 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=agency`);
    assert.equal(published.suppression.applied, true);
    assert.match(published.suppression.method, /1 to 5/);
    for (const g of published.groups) {
      g.months.forEach((cell, j) => {
        const count = truth.get(`${published.months[j]}|${g.key}`) ?? 0;
        if (count >= 1 && count <= 5) assert.equal(cell.suppressed, true, `${g.key} ${published.months[j]}: ${count}`);
        if (cell.suppressed) {
          assert.equal(cell.value, null);
          assert.equal(cell.numerator, undefined);
          hidden++;
        } else {
          assert.equal(cell.value, count, 'a shown count is the true count');
        }
      });
    }
    assert.deepEqual(hiddenAlone(published), [], role);
  }
  assert.ok(hidden > 0, 'the demo has small numbers to suppress');
});

test('for every measure that counts children, no hidden cell stands alone in a month', async () => {
  const framework = await ok(server, who.board, 'GET', '/api/v1/outcomes/measures');
  let tables = 0;
  for (const m of framework.items) {
    for (const by of m.breakdowns.filter((b) => b !== 'none')) {
      const published = await ok(server, who.board, 'GET', `/api/v1/outcomes/measures/${m.code}?${lastTwoYears()}&by=${by}`);
      assert.deepEqual(hiddenAlone(published), [], `${m.code} by ${by}`);
      tables++;
    }
  }
  assert.ok(tables >= 30, `${tables} tables checked`);
});

test('no answer for another period can be set against this one to give a hidden month', async () => {
  const plain = await ok(server, who.board, 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}`);
  let compared = 0;
  for (const by of ['agency', 'sex', 'age_band', 'area', 'ethnicity']) {
    const year = await ok(server, who.board, 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=${by}`);
    const shorter = await ok(server, who.board, 'GET', `/api/v1/outcomes/measures/concerns_received?from=${monthsBefore(12)}&to=${monthsBefore(2)}&by=${by}`);
    for (const g of year.groups) {
      const other = shorter.groups.find((s) => s.key === g.key);
      if (counted(g.period) && counted(other?.period)) {
        assert.ok(counted(g.months.at(-1)), `${by} ${g.key}: both periods shown, so the month between them is too`);
        assert.equal(g.period.value - other.period.value, g.months.at(-1).value);
        compared++;
      }
      if (g.months.some((c) => c.suppressed)) assert.equal(g.period.suppressed, true, `${by} ${g.key}: a period with a hidden month`);
    }
    if (year.overall.some((c) => c.suppressed)) assert.equal(year.this_period.suppressed, true);
    assert.deepEqual(year.overall, plain.overall, `the months' overall figures do not depend on the breakdown (${by})`);
  }
  assert.ok(compared > 0);
});

test('a percentage is shown only when its part, its whole and what the part leaves are not small', async () => {
  let checked = 0;
  for (const code of ['screened_within_standard', 'repeat_concerns']) {
    const a = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/${code}?${lastYear()}&by=agency`);
    for (const cell of [...a.overall, ...a.groups.flatMap((g) => [...g.months, g.period])]) {
      if (!counted(cell)) continue;
      for (const n of [cell.numerator, cell.denominator, cell.denominator - cell.numerator]) {
        assert.ok(n === 0 || n > 5, `${code}: ${JSON.stringify(cell)}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 0);
});

test('no breakdown carries text a practitioner typed', async () => {
  const person = await ok(server, who.practitioner, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Marker',
    family_name: 'Person', sharing: 'agency', ethnicity: 'Roma - sister of Kayleigh Stainsby, Flat 3 Oak Rd' });
  sql(`UPDATE people SET postcode = 'Flat 3 Oak Rd' WHERE id = '${person.id}'`); // as an import might have written it
  await ok(server, who.practitioner, 'POST', '/api/v1/concerns', { person_id: person.id, concern_date: `${monthsBefore(1)}-02`,
    exploitation_types: ['child_criminal_exploitation'], indicators: [], adverse_experiences: [],
    narrative: 'Planted to check that no breakdown shows what was typed.', sharing: 'agency' });
  const framework = await ok(server, who.analyst, 'GET', '/api/v1/outcomes/measures');
  for (const m of framework.items) {
    for (const by of m.breakdowns) {
      const text = JSON.stringify(await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/${m.code}?${lastYear()}&by=${by}`));
      assert.ok(!/Kayleigh|Oak Rd|Flat 3|Roma/.test(text), `${m.code} by ${by}`);
    }
  }
});

test('each read is audited once, naming the measure; the answer names no young person', async () => {
  const events = () => Number(sql("SELECT count(*) FROM audit_events WHERE record_type = 'outcome_measure' AND record_id = 'repeat_concerns'"));
  const before = events();
  const answer = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/repeat_concerns?${lastYear()}&by=sex`);
  assert.equal(events() - before, 1);
  const refused = await call(server, who.analyst, 'GET', `/api/v1/outcomes/measures/repeat_concerns?${lastYear()}&by=rating`);
  assert.equal(refused.status, 400);
  assert.equal(events() - before, 1, 'a refused breakdown is not recorded as read');
  const text = JSON.stringify(answer);
  const names = sql("SELECT given_name || ' ' || family_name FROM people WHERE kind = 'young_person' LIMIT 50").split('\n');
  for (const name of names) assert.ok(!text.includes(name), name);
});

test('this period is compared with the one before it, of the same length', async () => {
  const a = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/concerns_received?from=${monthsBefore(6)}&to=${monthsBefore(1)}`);
  assert.equal(a.previous_period.to, monthsBefore(7));
  assert.equal(a.previous_period.from, monthsBefore(12));
  assert.ok(counted(a.this_period), 'the demo\'s months are not small');
  assert.equal(a.this_period.value, a.overall.reduce((sum, c) => sum + c.value, 0));
  const earlier = await ok(server, who.coordinator, 'GET', `/api/v1/outcomes/measures/concerns_received?from=${monthsBefore(12)}&to=${monthsBefore(7)}`);
  assert.deepEqual(a.last_period, earlier.this_period);
});

test('rates per 10,000 where an area\'s population is configured', async () => {
  const before = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=area`);
  const shown = before.groups.find((g) => g.months.some(counted));
  assert.ok(shown, 'some area has a month shown');
  sql(`INSERT INTO area_populations (postcode_district, population) VALUES ('${shown.key}', 2000)`);
  const a = await ok(server, who.analyst, 'GET', `/api/v1/outcomes/measures/concerns_received?${lastYear()}&by=area`);
  const area = a.groups.find((g) => g.key === shown.key);
  assert.equal(area.population, 2000);
  const month = area.months.find(counted);
  assert.equal(month.rate_per_10000, month.value / 2000 * 10000);
  assert.ok(area.months.filter((c) => c.suppressed).every((c) => c.rate_per_10000 === undefined), 'no rate of a hidden count');
  assert.ok(a.groups.filter((g) => g.key !== shown.key).every((g) => g.population === null));
});

test('an action may be recorded done on an earlier day, but not before it was agreed, and only as it is done', async () => {
  const [id, heldOn] = sql("SELECT a.id || '|' || m.held_on FROM actions a JOIN meetings m ON m.id = a.meeting_id "
    + "WHERE a.status = 'open' AND a.sharing = 'hub' AND m.held_on < date('now') ORDER BY m.held_on LIMIT 1").split('|');
  assert.ok(id, 'the demo has an open action from a past meeting');
  const dayBefore = new Date(Date.parse(`${heldOn}T12:00:00Z`) - 86400e3).toISOString().slice(0, 10);
  const path = `/api/v1/actions/${id}`;
  const early = await call(server, who.coordinator, 'PATCH', path, { status: 'done', completion_notes: 'Done.', completed_on: dayBefore });
  assert.equal(early.status, 400);
  assert.equal(early.json.error.field, 'completed_on');
  const withoutChange = await call(server, who.coordinator, 'PATCH', path, { completed_on: heldOn });
  assert.equal(withoutChange.json.error.field, 'completed_on');
  const done = await ok(server, who.coordinator, 'PATCH', path, { status: 'done', completion_notes: 'Done.', completed_on: heldOn });
  assert.equal(done.completed_on, heldOn);
  const again = await call(server, who.coordinator, 'PATCH', path, { status: 'done', completion_notes: 'Done.', completed_on: heldOn });
  assert.equal(again.json.error.field, 'completed_on', 'only as it becomes done');
});
