// The audit log against an attacker who can write the database file (and
// drops the append-only triggers first): a real log is built through the
// HTTP API, the server is stopped (writing its last signed checkpoint to
// the anchor file), and each test tampers a copy of the database with the
// sqlite3 CLI and checks that `cshub audit verify --anchor` notices — any
// column of an event edited, events deleted in the middle or from the end,
// reordered, rewritten with every later hash recomputed (unkeyed, under a
// wrong key, even under the right key), the index of who has looked at a
// record edited, a records list slipped into an event whose hash covered
// none, a purpose of access edited, removed or moved to another event, the
// anchor file edited — while an untouched log verifies intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCshub, tempDir } from '../lib/server.mjs';

const PASSWORD = 'kestrel-vale-demo';
const TRIGGERS_TO_DROP = ['audit_events_no_update', 'audit_events_no_delete', 'audit_events_keyed_only',
  'audit_chain_no_update', 'audit_chain_no_delete', 'audit_chain_no_insert', 'audit_record_reads_no_update',
  'audit_record_reads_no_delete', 'audit_index_progress_forward_only', 'audit_index_progress_no_delete',
  'audit_event_records_closed'];

let home; // the folder of the database, its key file and its anchor file
let db;
let keyFile;
let anchorFile;
let person; // ids of records the log released
let context;
let listEvent; // seq of the network view that listed them
let plainEvent; // seq of an event that lists no records (NULL digest)
let purposeEvent; // seq of an event that carries a purpose of access
let lastSeq;

// ---- BLAKE2b (RFC 7693), keyed and with salt and personalisation, for the attacker's forgeries ----

const IV = [0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const M64 = (1n << 64n) - 1n;
const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & M64;

function compress(h, block, t, last) {
  const v = [...h, ...IV];
  v[12] ^= t & M64;
  v[13] ^= t >> 64n;
  if (last) v[14] ^= M64;
  const m = Array.from({ length: 16 }, (_, i) => block.readBigUInt64LE(i * 8));
  const g = (a, b, c, d, x, y) => {
    v[a] = (v[a] + v[b] + x) & M64; v[d] = rotr(v[d] ^ v[a], 32n);
    v[c] = (v[c] + v[d]) & M64; v[b] = rotr(v[b] ^ v[c], 24n);
    v[a] = (v[a] + v[b] + y) & M64; v[d] = rotr(v[d] ^ v[a], 16n);
    v[c] = (v[c] + v[d]) & M64; v[b] = rotr(v[b] ^ v[c], 63n);
  };
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10];
    g(0, 4, 8, 12, m[s[0]], m[s[1]]); g(1, 5, 9, 13, m[s[2]], m[s[3]]);
    g(2, 6, 10, 14, m[s[4]], m[s[5]]); g(3, 7, 11, 15, m[s[6]], m[s[7]]);
    g(0, 5, 10, 15, m[s[8]], m[s[9]]); g(1, 6, 11, 12, m[s[10]], m[s[11]]);
    g(2, 7, 8, 13, m[s[12]], m[s[13]]); g(3, 4, 9, 14, m[s[14]], m[s[15]]);
  }
  for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

function blake2b(data, { key = Buffer.alloc(0), outlen = 32, salt, personal } = {}) {
  const h = [...IV];
  h[0] ^= 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outlen);
  if (salt) { h[4] ^= salt.readBigUInt64LE(0); h[5] ^= salt.readBigUInt64LE(8); }
  if (personal) { h[6] ^= personal.readBigUInt64LE(0); h[7] ^= personal.readBigUInt64LE(8); }
  const input = key.length ? Buffer.concat([Buffer.concat([key, Buffer.alloc(128 - key.length)]), data]) : data;
  const blocks = Math.max(1, Math.ceil(input.length / 128));
  for (let i = 0; i < blocks; i++) {
    const chunk = Buffer.alloc(128);
    input.copy(chunk, 0, i * 128, Math.min(input.length, (i + 1) * 128));
    const last = i === blocks - 1;
    compress(h, chunk, last ? BigInt(input.length) : BigInt((i + 1) * 128), last);
  }
  const out = Buffer.alloc(64);
  h.forEach((x, i) => out.writeBigUInt64LE(x, i * 8));
  return out.subarray(0, outlen);
}

/** crypto_kdf_derive_from_key: the subkey the server derives from its key file. */
function kdf(master, id, context8) {
  const salt = Buffer.alloc(16);
  salt.writeBigUInt64LE(BigInt(id));
  const personal = Buffer.concat([Buffer.from(context8), Buffer.alloc(8)]);
  return blake2b(Buffer.alloc(0), { key: master, salt, personal });
}

/** The length-prefixed serialisation auth/audit.c hashes (NULL is length 0xFFFFFFFF). */
function field(value) {
  const prefix = Buffer.alloc(4);
  if (value === null) { prefix.writeUInt32BE(0xffffffff); return prefix; }
  const bytes = Buffer.from(String(value));
  prefix.writeUInt32BE(bytes.length);
  return Buffer.concat([prefix, bytes]);
}

const FIELDS = ['at', 'user_id', 'agency_id', 'action', 'outcome', 'record_type', 'record_id', 'reason', 'client_address'];

function legacyHash(e, prev) {
  const parts = [field(String(e.seq)), ...FIELDS.map((f) => field(e[f]))];
  if (e.records_digest !== null) parts.push(field(e.records_digest));
  parts.push(field(prev));
  return blake2b(Buffer.concat(parts)).toString('hex');
}

function keyedMac(macKey, e, prev) {
  const parts = [field('cshub audit event v1'), field(String(e.seq)), ...FIELDS.map((f) => field(e[f])),
    field(e.records_digest), field(e.records), field(prev)];
  // The purposes of access (migration 0031) follow, as one field more, only when stated.
  if (e.purposes !== null && e.purposes !== undefined) parts.push(field(e.purposes));
  return blake2b(Buffer.concat(parts), { key: macKey }).toString('hex');
}

// ---- the database, through the sqlite3 CLI ----

function sql(file, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', file, statement], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

/** SQL text literal. */
const q = (v) => (v === null ? 'NULL' : `'${String(v).replaceAll("'", "''")}'`);

function events(file) {
  const json = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', file, 'SELECT * FROM audit_events ORDER BY seq'], { encoding: 'utf8' });
  return JSON.parse(json || '[]');
}

/** Rewrites events from seq `from` on, each hashed by hashOf(event, prev), as an attacker would. */
function rewriteFrom(file, from, hashOf, change = () => {}) {
  const all = events(file);
  let prev = from > 1 ? all[from - 2].hash : '0'.repeat(64);
  const statements = ['BEGIN;'];
  for (const e of all.slice(from - 1)) {
    change(e);
    e.prev_hash = prev;
    e.hash = hashOf(e, prev);
    prev = e.hash;
    statements.push(`UPDATE audit_events SET ${Object.keys(e).filter((c) => c !== 'seq').map((c) => `${c} = ${q(e[c])}`).join(', ')} WHERE seq = ${e.seq};`);
  }
  statements.push('COMMIT;');
  // Hashes are UNIQUE: move them out of the way first.
  sql(file, `UPDATE audit_events SET hash = 'old-' || hash WHERE seq >= ${from}`);
  sql(file, statements.join('\n'));
}

/** A copy of the database with every protecting trigger dropped, as an attacker with the file would. */
function tamperableCopy() {
  const dir = tempDir();
  const copy = path.join(dir, 'copy.db');
  sql(db, `VACUUM INTO '${copy}'`);
  sql(copy, TRIGGERS_TO_DROP.map((t) => `DROP TRIGGER IF EXISTS ${t};`).join(' '));
  return { dir, copy };
}

function verify(file, { anchor = anchorFile, key = keyFile } = {}) {
  return runCshub(['audit', 'verify', '--db', file, ...(key ? ['--key-file', key] : []), ...(anchor ? ['--anchor', anchor] : [])]);
}

/** Tampers a copy with statements (or a function of the copy's path) and returns verify's answer. */
function tamper(change, options) {
  const { dir, copy } = tamperableCopy();
  try {
    if (typeof change === 'function') change(copy); else sql(copy, change);
    return verify(copy, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertBroken(r, pattern, seq) {
  assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, seq === undefined ? /audit log BROKEN/ : new RegExp(`BROKEN at event ${seq}:`));
  if (pattern) assert.match(r.stdout, pattern);
}

// ---- building a real log through the API ----

async function signIn(url, email, password = PASSWORD) {
  const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }) });
  if (r.status !== 201) return { status: r.status };
  return { status: r.status, headers: { Cookie: r.headers.get('set-cookie').split(';')[0],
    'X-CSRF-Token': (await r.json()).csrf_token, 'Content-Type': 'application/json' } };
}

async function waitForIndex(file) {
  for (let i = 0; i < 100; i++) {
    if (sql(file, 'SELECT last_seq = (SELECT max(seq) FROM audit_events) FROM audit_index_progress') === '1') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the audit index did not catch up');
}

before(async () => {
  home = tempDir();
  db = path.join(home, 'hub.db');
  keyFile = `${db}.key`;
  anchorFile = `${db}.anchor`;
  const server = await startServer({ demo: true, db });
  try {
    const coordinator = await signIn(server.url, 'coordinator@kestrel-vale.example');
    assert.equal((await signIn(server.url, 'police@kestrel-vale.example', 'wrong-password-1')).status, 401);
    const post = async (p, body) => (await fetch(server.url + p, { method: 'POST', headers: coordinator.headers, body: JSON.stringify(body) })).json();
    person = (await post('/api/v1/people', { kind: 'young_person', given_name: 'Ola', family_name: 'Brightwater', sharing: 'hub' })).id;
    context = (await post('/api/v1/contexts', { kind: 'location', name: 'Canal towpath', sharing: 'hub' })).id;
    await post('/api/v1/links', { link_type: 'frequents', person_id: person, to_context_id: context, confidence: 'reported', sharing: 'hub' });
    assert.equal((await fetch(`${server.url}/api/v1/network?subject=${person}&depth=1`, { headers: coordinator.headers })).status, 200);
    assert.equal((await fetch(`${server.url}/api/v1/people/${person}`, { headers: coordinator.headers })).status, 200);
    // A purpose of access stated, and a read that carries it.
    assert.equal((await post('/api/v1/access-purposes/choices', { record_type: 'person', record_id: person, purpose: 'casework' })).purpose, 'casework');
    assert.equal((await fetch(`${server.url}/api/v1/people/${person}/chronology`, { headers: coordinator.headers })).status, 200);
    const school = await signIn(server.url, 'school@kestrel-vale.example');
    await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: school.headers });
    await signIn(server.url, 'health@kestrel-vale.example');
    await waitForIndex(db);
  } finally {
    await server.stop();
  }
  listEvent = Number(sql(db, 'SELECT seq FROM audit_events WHERE records_digest IS NOT NULL ORDER BY seq LIMIT 1'));
  plainEvent = Number(sql(db, `SELECT seq FROM audit_events WHERE records_digest IS NULL AND seq > ${listEvent} ORDER BY seq LIMIT 1`));
  purposeEvent = Number(sql(db, 'SELECT seq FROM audit_events WHERE purposes IS NOT NULL ORDER BY seq LIMIT 1'));
  lastSeq = Number(sql(db, 'SELECT max(seq) FROM audit_events'));
});
after(() => { fs.rmSync(home, { recursive: true, force: true }); });

test('an untouched log verifies intact against its anchor, its index agreeing', () => {
  assert.ok(listEvent > 1 && plainEvent > listEvent && lastSeq > plainEvent, `${listEvent} ${plainEvent} ${lastSeq}`);
  assert.ok(Number(sql(db, 'SELECT count(*) FROM audit_record_reads')) >= 2, 'the view is indexed');
  const r = verify(db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${lastSeq} events verified \\(0 unkeyed`));
  assert.match(r.stdout, new RegExp(`the newest at event ${lastSeq}`));
  assert.match(r.stdout, /index of records released agrees \([1-9]\d* entries\)/);
  const lines = fs.readFileSync(anchorFile, 'utf8').trim().split('\n');
  assert.ok(lines.length >= 2, 'checkpoints at start and at shutdown');
  assert.match(lines.at(-1), new RegExp(`^v1 seq=${lastSeq} hash=[0-9a-f]{64} legacy=0 at=\\S+ sig=[0-9a-f]{128}$`));
  assert.equal(fs.statSync(anchorFile).mode & 0o777, 0o600);
});

test('the forgeries below are faithful: recomputed under the right key, a rewrite passes without the anchor', () => {
  const macKey = kdf(fs.readFileSync(keyFile), 1, 'auditmac');
  for (const e of events(db)) assert.equal(keyedMac(macKey, e, e.prev_hash), e.hash, `event ${e.seq}`);
  const rewrite = (copy) => rewriteFrom(copy, plainEvent, (e, prev) => keyedMac(macKey, e, prev), (e) => { e.client_address = '10.9.9.9'; });
  assert.equal(tamper(rewrite, { anchor: null }).status, 0, 'only the key protects the chain itself');
  assertBroken(tamper(rewrite), /does not match the checkpoint .*rewritten/, lastSeq);
});

test('without the key file, verify says it cannot verify keyed events', () => {
  const r = tamper('SELECT 1', { key: null, anchor: null }); // a copy, with no key file beside it
  assert.equal(r.status, 3, r.stdout);
  assert.match(r.stdout, /NOT VERIFIED: keyed events cannot be verified without the server's key file/);
  assert.doesNotMatch(r.stdout, /intact/);
  const anchored = tamper('SELECT 1', { key: null });
  assert.equal(anchored.status, 3);
  assert.match(anchored.stdout, /NOT VERIFIED/);
});

for (const which of ['list', 'plain', 'purpose']) {
  test(`editing any single column of an event is caught (${which} event)`, () => {
    const seq = { list: listEvent, plain: plainEvent, purpose: purposeEvent }[which];
    const columns = sql(db, "SELECT name FROM pragma_table_info('audit_events')").split('\n');
    assert.ok(columns.length >= 15, columns.join());
    for (const column of columns) {
      const change = {
        seq: `seq = seq + 1000`,
        outcome: `outcome = CASE outcome WHEN 'allowed' THEN 'denied' ELSE 'allowed' END`,
        chain_version: 'chain_version = 0',
      }[column] ?? `${column} = CASE WHEN ${column} IS NULL THEN 'x' ELSE ${column} || 'x' END`;
      const r = tamper(`UPDATE audit_events SET ${change} WHERE seq = ${seq}`);
      assertBroken(r, undefined, column === 'seq' ? seq + 1 : seq);
    }
  });
}

test('a purpose of access edited, removed, moved or slipped in is caught', () => {
  assert.ok(purposeEvent > listEvent, `${purposeEvent}`);
  const stated = sql(db, `SELECT purposes FROM audit_events WHERE seq = ${purposeEvent}`);
  assert.equal(stated, `person ${person} casework`, 'the read carries the purpose, covered by its MAC'); // sql() trims the newlines
  const set = (seq, value) => `UPDATE audit_events SET purposes = ${value} WHERE seq = ${seq}`;
  // Another purpose of the list put in its place: the MAC.
  assertBroken(tamper(set(purposeEvent, "replace(purposes, ' casework', ' audit_oversight')")), /MAC does not match/, purposeEvent);
  // The purpose removed, as if none had been stated.
  assertBroken(tamper(set(purposeEvent, 'NULL')), /MAC does not match/, purposeEvent);
  // Moved to another read of the same record (whose hash covered none).
  const other = Number(sql(db, `SELECT seq FROM audit_events WHERE purposes IS NULL AND instr(records, '${person}') > 0 ORDER BY seq DESC LIMIT 1`));
  assert.ok(other > 0 && other !== purposeEvent);
  assertBroken(tamper(`${set(other, `'\nperson ${person} casework\n'`)}; ${set(purposeEvent, 'NULL')}`), undefined, Math.min(other, purposeEvent));
  // Slipped into an event that lists no records.
  assertBroken(tamper(set(plainEvent, `'\nperson ${person} casework\n'`)), /purposes of access for records it does not list/, plainEvent);
  // Rewritten with every later MAC recomputed under the right key: only the anchor catches it.
  const macKey = kdf(fs.readFileSync(keyFile), 1, 'auditmac');
  const rewrite = (copy) => rewriteFrom(copy, purposeEvent, (e, prev) => keyedMac(macKey, e, prev),
    (e) => { if (e.seq === purposeEvent) e.purposes = e.purposes.replace(' casework', ' audit_oversight'); });
  assertBroken(tamper(rewrite), /does not match the checkpoint .*rewritten/, lastSeq);
});

test('an event deleted in the middle is caught', () => {
  assertBroken(tamper(`DELETE FROM audit_events WHERE seq = ${plainEvent}`), /missing/, plainEvent + 1);
});

test('events deleted from the end are caught by the anchor (and, done with care, only by it)', () => {
  const cut = `DELETE FROM audit_events WHERE seq > ${lastSeq - 2}`;
  assertBroken(tamper(cut), /removed from the end/, lastSeq);
  // The index's progress mark gives a careless attacker away...
  assertBroken(tamper(cut, { anchor: null }), /beyond the newest/, lastSeq);
  // ...one who moves it back too is caught by the anchor alone.
  const careful = `${cut}; UPDATE audit_index_progress SET last_seq = ${lastSeq - 2}`;
  assertBroken(tamper(careful), /removed from the end/, lastSeq);
  const unanchored = tamper(careful, { anchor: null });
  assert.equal(unanchored.status, 0, unanchored.stdout);
  assert.match(unanchored.stdout, /no anchor file: events removed from the end cannot be detected/);
});

test('two events reordered are caught', () => {
  const a = plainEvent;
  const b = lastSeq;
  assertBroken(tamper(`UPDATE audit_events SET seq = -1 WHERE seq = ${a}; UPDATE audit_events SET seq = ${a} WHERE seq = ${b}; UPDATE audit_events SET seq = ${b} WHERE seq = -1`), undefined, a);
});

test('an event rewritten with every later hash recomputed unkeyed is caught', () => {
  const edit = (e) => { e.client_address = '10.9.9.9'; };
  // Still marked keyed: the MAC fails.
  assertBroken(tamper((c) => rewriteFrom(c, plainEvent, legacyHash, edit)), /MAC does not match/, plainEvent);
  // Marked as an unkeyed event from before keying: it comes after the keyed chain began.
  assertBroken(tamper((c) => rewriteFrom(c, plainEvent, legacyHash, (e) => { edit(e); e.chain_version = 0; })), /unkeyed but comes after the keyed chain began/, plainEvent);
  // The whole log passed off as unkeyed, the transition moved past its end:
  // the file alone cannot tell, the anchor's checkpoints can.
  const passedOff = (c) => {
    rewriteFrom(c, 1, legacyHash, (e) => { e.chain_version = 0; if (e.seq === plainEvent) edit(e); });
    sql(c, `UPDATE audit_chain SET legacy_through = ${lastSeq}`);
  };
  // Without an anchor only what no unkeyed event can hold gives it away:
  // this log has an event stating a purpose of access (migration 0031).
  assertBroken(tamper(passedOff, { anchor: null }), /states purposes of access, which no event before the keyed chain can/);
  const withoutPurposes = (c) => { passedOff(c); sql(c, 'UPDATE audit_events SET purposes = NULL'); };
  const unanchored = tamper(withoutPurposes, { anchor: null });
  assert.equal(unanchored.status, 0, 'documented: without an anchor (and no purpose stated) this is a log from before keying');
  assert.match(unanchored.stdout, new RegExp(`\\(${lastSeq} unkeyed`));
  assertBroken(tamper(passedOff), /transition to keyed events was moved|checkpoint|states purposes/);
});

test('an event rewritten with every later MAC recomputed under a wrong key is caught', () => {
  const wrongKey = kdf(Buffer.alloc(32, 7), 1, 'auditmac');
  assertBroken(tamper((c) => rewriteFrom(c, plainEvent, (e, prev) => keyedMac(wrongKey, e, prev), (e) => { e.action = 'sign_out'; })),
    /MAC does not match/, plainEvent);
});

test('a records list slipped into an event whose hash covered none is caught, index reset or not', () => {
  const forged = `'\nperson ${person}\n'`;
  assertBroken(tamper(`UPDATE audit_events SET records = ${forged} WHERE seq = ${plainEvent}`), /lists records its hash does not cover/, plainEvent);
  assertBroken(tamper(`UPDATE audit_events SET records = ${forged} WHERE seq = ${plainEvent};
    UPDATE audit_index_progress SET last_seq = ${plainEvent - 1};
    INSERT INTO audit_record_reads (record_type, record_id, event_seq) VALUES ('person', '${person}', ${plainEvent})`),
  /lists records its hash does not cover/, plainEvent);
  assertBroken(tamper(`INSERT INTO audit_event_records (event_seq, position, record_type, record_id) VALUES (${plainEvent}, 0, 'person', '${person}')`),
    /records attached to it that its hash does not cover/, plainEvent);
});

test('the index of who has looked at a record is checked against the chain', () => {
  // A read that never happened.
  assertBroken(tamper(`INSERT INTO audit_record_reads (record_type, record_id, event_seq) VALUES ('person', '${person}', ${plainEvent})`),
    /lists a record against this event that the event did not release/, plainEvent);
  // A read pinned on someone else's view, or another record.
  assertBroken(tamper(`UPDATE audit_record_reads SET record_id = '00000000000000000000000000000000' WHERE record_id = '${context}'`),
    /did not release/, listEvent);
  // A read hidden.
  assertBroken(tamper(`DELETE FROM audit_record_reads WHERE record_id = '${person}'`), /missing from the index/, listEvent);
  // The progress mark moved back, to have reads indexed again from forged lists.
  assertBroken(tamper(`UPDATE audit_index_progress SET last_seq = ${listEvent - 1}`), /beyond its progress mark/, listEvent);
  assertBroken(tamper(`UPDATE audit_index_progress SET last_seq = ${lastSeq + 5}`), /beyond the newest/);
});

test('the anchor file itself cannot be edited, reordered or emptied', () => {
  const original = fs.readFileSync(anchorFile, 'utf8');
  const dir = tempDir();
  const anchor = path.join(dir, 'anchor');
  const check = (text, pattern) => {
    fs.writeFileSync(anchor, text);
    const r = verify(db, { anchor });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, pattern);
  };
  try {
    const lines = original.trim().split('\n');
    check(original.replace(`seq=${lastSeq} `, `seq=${lastSeq - 1} `), /line \d+ of the anchor file is not signed by this key/);
    check(`${[...lines].reverse().join('\n')}\n`, /reordered/);
    check('', /holds no checkpoint/);
    check(`${original}garbage line\n`, /is not a checkpoint/);
    fs.writeFileSync(anchor, `${original}v1 seq=`); // a write cut short at a crash is ignored
    assert.equal(verify(db, { anchor }).status, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the database refuses updates and deletes of the index, a progress mark moved back and unkeyed events', () => {
  const dir = tempDir();
  const copy = path.join(dir, 'copy.db');
  try {
    sql(db, `VACUUM INTO '${copy}'`);
    assert.throws(() => sql(copy, 'DELETE FROM audit_record_reads'), /append-only/);
    assert.throws(() => sql(copy, "UPDATE audit_record_reads SET record_id = 'x'"), /append-only/);
    assert.throws(() => sql(copy, 'UPDATE audit_index_progress SET last_seq = 0'), /only moves forward/);
    assert.throws(() => sql(copy, 'DELETE FROM audit_index_progress'), /only moves forward/);
    assert.throws(() => sql(copy, 'UPDATE audit_chain SET legacy_through = 99'), /transition is fixed/);
    assert.throws(() => sql(copy, `INSERT INTO audit_events (seq, at, action, outcome, prev_hash, hash) VALUES (${lastSeq + 1}, 'now', 'read', 'allowed', 'x', 'y')`), /keyed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a log from before keying: its unkeyed events verify the old way, keyed ones follow, no unkeyed one may be added', async () => {
  const dir = tempDir();
  const old = path.join(dir, 'old.db');
  try {
    assert.equal(runCshub(['migrate', '--db', old]).status, 0);
    // Three events as the server wrote them before migration 0028, the
    // transition recorded after them as the migration records it.
    const triggers = sql(old, "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_events_keyed_only', 'audit_chain_no_update')");
    sql(old, 'DROP TRIGGER audit_events_keyed_only; DROP TRIGGER audit_chain_no_update;');
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const e = { seq, at: `2025-01-0${seq}T10:00:00.000Z`, user_id: null, agency_id: null, action: 'sign_in_failed',
        outcome: 'allowed', record_type: null, record_id: null, reason: null, client_address: '192.0.2.1', records_digest: null };
      const hash = legacyHash(e, prev);
      sql(old, `INSERT INTO audit_events (seq, at, action, outcome, client_address, prev_hash, hash, chain_version) VALUES (${seq}, '${e.at}', 'sign_in_failed', 'allowed', '192.0.2.1', '${prev}', '${hash}', 0)`);
      prev = hash;
    }
    sql(old, `UPDATE audit_chain SET legacy_through = 3; ${triggers}`);
    const server = await startServer({ db: old });
    try {
      assert.equal((await signIn(server.url, 'nobody@kestrel-vale.example', 'wrong-password-1')).status, 401);
    } finally {
      await server.stop();
    }
    const r = runCshub(['audit', 'verify', '--db', old, '--key-file', `${old}.key`, '--anchor', `${old}.anchor`]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /intact: 4 events verified \(3 unkeyed from before keying\)/);
    assert.equal(sql(old, 'SELECT chain_version FROM audit_events WHERE seq = 4'), '1');
    // A "legacy" event forged after the transition.
    sql(old, 'DROP TRIGGER audit_events_keyed_only');
    const head = sql(old, 'SELECT hash FROM audit_events WHERE seq = 4');
    const forged = { seq: 5, at: '2025-01-05T10:00:00.000Z', user_id: null, agency_id: null, action: 'sign_in_failed',
      outcome: 'allowed', record_type: null, record_id: null, reason: null, client_address: '192.0.2.1', records_digest: null };
    sql(old, `INSERT INTO audit_events (seq, at, action, outcome, client_address, prev_hash, hash, chain_version) VALUES (5, '${forged.at}', 'sign_in_failed', 'allowed', '192.0.2.1', '${head}', '${legacyHash(forged, head)}', 0)`);
    const broken = runCshub(['audit', 'verify', '--db', old, '--key-file', `${old}.key`, '--anchor', `${old}.anchor`]);
    assertBroken(broken, /unkeyed but comes after the keyed chain began/, 5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
