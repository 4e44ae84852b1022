// The partnership boards' quarterly reports through the API, over the
// demo: who may read them, small numbers suppressed for every reader (a
// report is published), one audit event per report, the quarter checked,
// sections chosen per board, and the same report as CSV (escaped against
// formulas), XLSX (opened by openpyxl) and PDF (its text read by
// pdftotext).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signIn, call, ok, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

let server;
let board;
const who = {};
const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath, query], { encoding: 'utf8' }).trim();

/** The last quarter that has ended, as "YYYY-Qn", and the one after it (begun, perhaps not ended). */
function quarters() {
  const now = new Date();
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - 1;
  const code = (i) => `${Math.floor(i / 4)}-Q${(i % 4) + 1}`;
  return { last: code(index), current: code(index + 1), future: code(index + 2) };
}

before(async () => {
  server = await startServer({ demo: 'full' });
  checkAnswersAgainstOpenApi();
  for (const [role, email] of Object.entries({
    coordinator: 'coordinator@kestrel-vale.example', board: 'board@kestrel-vale.example',
    analyst: 'analyst@kestrel-vale.example', practitioner: 'police@kestrel-vale.example',
  })) who[role] = await signIn(server, email);
  board = (await ok(server, who.board, 'GET', '/api/v1/boards')).items[0];
});
after(async () => { await server.stop(); });

const reportPath = (quarter = quarters().last) => `/api/v1/boards/${board.id}/reports/${quarter}`;

async function download(as, file) {
  const r = await fetch(`${server.url}${reportPath()}/${file}`, { headers: { Cookie: as.cookie } });
  assert.equal(r.status, 200, file);
  assert.match(r.headers.get('content-disposition'), new RegExp(`attachment; filename="board-report-${quarters().last}\\.`));
  return { type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

test('a board member and a coordinator read the quarter\'s report, small numbers suppressed for both', async () => {
  for (const role of ['board', 'coordinator']) {
    const report = await ok(server, who[role], 'GET', reportPath());
    assert.equal(report.board.name, board.name);
    assert.equal(report.quarter.code, quarters().last);
    assert.match(report.quarter.label, /^[A-Z][a-z]+ to [A-Z][a-z]+ \d{4}$/);
    const measures = report.sections.filter((s) => s.type === 'measure');
    assert.equal(measures.length, 13, 'a board that chose nothing gets every measure');
    assert.equal(report.sections.at(-1).type, 'action_plan');
    const countsNoChildren = ['context_ratings', 'actions_on_time', 'mace_attendance', 'definitions_adopted'];
    for (const m of measures) {
      assert.equal(m.suppression.applied, !countsNoChildren.includes(m.measure.code), `${role}: ${m.measure.code}: counts of children suppressed`);
      assert.equal(m.months.length, 3);
    }
    const cells = measures.filter((m) => m.suppression.applied).flatMap((m) => [...m.overall, ...m.groups.map((g) => g.period)]);
    assert.ok(cells.some((c) => c.suppressed), 'the demo has small numbers to suppress');
    for (const c of cells.filter((cell) => !cell.suppressed && typeof cell.value === 'number')) {
      if (c.numerator === undefined && c.count === undefined) assert.ok(c.value === 0 || c.value > 5, `a shown count ${c.value}`);
    }
    const plan = report.sections.at(-1);
    assert.ok(plan.recommendations.length > 0);
    assert.ok(plan.recommendations.every((r) => r.board_id === board.id), 'only the recommendations this board monitors');
  }
});

test('analysts and practitioners may not read board reports', async () => {
  for (const role of ['analyst', 'practitioner']) {
    assert.equal((await call(server, who[role], 'GET', reportPath())).status, 403, role);
    const r = await fetch(`${server.url}${reportPath()}/report.csv`, { headers: { Cookie: who[role].cookie } });
    assert.equal(r.status, 403);
  }
});

test('each report read is one audit event naming the board', async () => {
  const count = () => Number(sql(`SELECT count(*) FROM audit_events WHERE record_type = 'board_report' AND record_id = '${board.id}'`));
  const before = count();
  await ok(server, who.board, 'GET', reportPath());
  assert.equal(count() - before, 1);
  await download(who.board, 'report.csv');
  assert.equal(count() - before, 2);
});

test('the quarter must be one, and have ended; the board must exist', async () => {
  for (const quarter of ['2026-Q5', '2026-Q0', '2026Q1', '26-Q1', 'Q1-2026', '2026-q1']) {
    const r = await call(server, who.board, 'GET', `/api/v1/boards/${board.id}/reports/${quarter}`);
    assert.equal(r.status, 400, quarter);
    assert.equal(r.json.error.field, 'quarter');
  }
  for (const quarter of [quarters().current, quarters().future]) {
    const r = await call(server, who.board, 'GET', reportPath(quarter));
    assert.equal(r.status, 400, `${quarter} has not ended`);
    assert.match(r.json.error.message, /ended/);
  }
  assert.equal((await call(server, who.board, 'GET', `/api/v1/boards/${'0'.repeat(32)}/reports/${quarters().last}`)).status, 404);
});

/** RFC 4180 rows. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (ch !== '\r') cell += ch;
  }
  return rows;
}

/** Adds an action whose description a spreadsheet would run, under a recommendation the board monitors. */
async function plantFormulae() {
  const plan = await ok(server, who.coordinator, 'GET', '/api/v1/action-plan');
  const mine = plan.recommendations.find((r) => r.board_id === board.id);
  const agency = (await ok(server, who.coordinator, 'GET', '/api/v1/agencies')).items[0].id;
  for (const description of ['=HYPERLINK("http://x.example","click")', '+SUM(1,2)', '-1+2', '@cmd']) {
    await ok(server, who.coordinator, 'POST', `/api/v1/action-plan/recommendations/${mine.id}/actions`,
      { description, owner_agency_id: agency, due_on: '2027-12-31' });
  }
}

test('the CSV: one row a figure, c where suppressed, no cell a spreadsheet would run, the method stated', async () => {
  await plantFormulae();
  const { type, bytes } = await download(who.board, 'report.csv');
  assert.match(type, /^text\/csv/);
  const rows = parseCsv(bytes.toString('utf8'));
  assert.deepEqual(rows[0], ['Section', 'Item', 'Period', 'Figure', 'Unit', 'Made of']);
  assert.ok(rows.every((r) => r.length === 6));
  assert.ok(rows.some((r) => r[3] === 'c'));
  assert.ok(rows.every((r) => r.every((cell) => !/^[=+\-@]/.test(cell))), 'no cell starts a formula');
  assert.ok(rows.some((r) => r[1].includes('=HYPERLINK(')), 'the planted formula is there, made harmless');
  assert.match(rows.at(-1).join(' '), /Counts of 1 to 5 are shown as c/);
  const report = await ok(server, who.board, 'GET', reportPath());
  const received = report.sections.find((s) => s.measure?.code === 'concerns_received');
  const total = rows.find((r) => r[0] === 'Concerns received' && r[1] === 'All' && r[2] === report.quarter.label);
  assert.equal(total[3], received.this_period.suppressed ? 'c' : String(received.this_period.value));
  assert.ok(rows.some((r) => r[0] === 'Action plan' && /^Recommendation \d+: /.test(r[1])));
});

test('the XLSX opens, with the figures as numbers and c where suppressed', async () => {
  const { type, bytes } = await download(who.board, 'report.xlsx');
  assert.match(type, /spreadsheetml/);
  const file = path.join(server.dir, 'report.xlsx');
  fs.writeFileSync(file, bytes);
  const read = `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}, default=str))`;
  const sheets = JSON.parse(execFileSync('/usr/bin/python3', ['-c', read, file], { encoding: 'utf8' }));
  assert.deepEqual(Object.keys(sheets), ['About', 'Measures', 'Action plan']);
  assert.match(sheets.About[0][0], new RegExp(`${board.name}: quarterly report`));
  assert.match(sheets.About[3][0], /Counts of 1 to 5 are shown as c/);
  assert.deepEqual(sheets.Measures[0], ['Section', 'Item', 'Period', 'Figure', 'Unit', 'Made of']);
  const report = await ok(server, who.board, 'GET', reportPath());
  const received = report.sections.find((s) => s.measure?.code === 'concerns_received');
  const total = sheets.Measures.find((r) => r[0] === 'Concerns received' && r[1] === 'All' && r[2] === report.quarter.label);
  assert.equal(total[3], received.this_period.suppressed ? 'c' : received.this_period.value);
  const figures = sheets.Measures.slice(1).map((r) => r[3]);
  assert.ok(figures.includes('c'));
  assert.ok(figures.filter((f) => typeof f === 'number').length > 20);
  assert.ok(sheets['Action plan'].length > 1);
  assert.ok(sheets['Action plan'].some((r) => typeof r[1] === 'string' && r[1].includes('=HYPERLINK(')), 'a formula is kept as text');
});

test('the PDF says what the report says', async () => {
  const { type, bytes } = await download(who.board, 'report.pdf');
  assert.equal(type, 'application/pdf');
  const file = path.join(server.dir, 'report.pdf');
  fs.writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const report = await ok(server, who.board, 'GET', reportPath());
  assert.match(text, new RegExp(`${board.name}: quarterly`));
  assert.ok(text.includes(report.quarter.label));
  assert.match(text, /Small numbers: Counts of 1 to 5 are shown as c/);
  for (const s of report.sections.filter((x) => x.type === 'measure')) assert.ok(text.includes(s.measure.name), s.measure.name);
  assert.match(text, /Action plan/);
  assert.match(text, /OFFICIAL/);
});

test('a coordinator chooses a board\'s sections; the report follows them', async () => {
  const chosen = ['action_plan', 'mace_attendance', 'actions_on_time'];
  const put = await ok(server, who.coordinator, 'PUT', `/api/v1/boards/${board.id}/report-sections`, { sections: chosen }, 200);
  assert.deepEqual(put.sections, chosen);
  const report = await ok(server, who.board, 'GET', reportPath());
  assert.deepEqual(report.sections.map((s) => s.measure?.code ?? s.type), chosen);
  for (const sections of [['names'], ['mace_attendance', 'mace_attendance'], [], 'action_plan', [7]]) {
    const r = await call(server, who.coordinator, 'PUT', `/api/v1/boards/${board.id}/report-sections`, { sections });
    assert.equal(r.status, 400, JSON.stringify(sections));
    assert.equal(r.json.error.field, 'sections');
  }
  assert.equal((await call(server, who.board, 'PUT', `/api/v1/boards/${board.id}/report-sections`, { sections: chosen })).status, 403);
});
