// Crash test (issue 12, item 7): `cshub serve` killed with SIGKILL at a
// random moment while 16 writes are in flight, then restarted on the same
// database, again and again. After each crash, on a copy of the files as
// the crash left them: every write that was acknowledged (2xx received) is
// there with its audit event, PRAGMA integrity_check is ok and `cshub audit
// verify` (with the anchor file) says intact; after each restart the
// acknowledged records read back through the API.
//   CSHUB_CRASH_RUNS  how many crashes (default 8; more for a long run)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  IN_FLIGHT, assertNoneLost, auditVerify, copyDatabaseFiles, crash, demoDatabase, envCount, integrity, killLeftovers, missingWrites,
  randomBetween, runWriters, serve, signInWriters, stopCleanly,
} from './lib.mjs';

const RUNS = envCount('CSHUB_CRASH_RUNS', 8);
/** The crash comes this long after the writers start: sometimes before the first commit lands, mostly under load. */
const KILL_AFTER_MS = [100, 2000];
/** How many acknowledged records of the last run are read back through the API after a restart. */
const READ_BACK = 40;

const count = (writes, kind) => writes.filter((w) => w.kind === kind).length;

/** The checks on the files a crash left, run on a copy so the restart still recovers the originals. */
function checkCrashedFiles(files, acked, copyDir, label) {
  const copy = copyDatabaseFiles(files.db, copyDir);
  assert.equal(integrity(copy), 'ok', `${label}: integrity_check`);
  assertNoneLost(missingWrites(copy, acked), label);
  assert.ok(fs.existsSync(copy + '.anchor'), `${label}: the server wrote its anchor file`);
  const verdict = auditVerify(copy, files.keyFile, copy + '.anchor');
  assert.equal(verdict.status, 0, `${label}: audit verify: ${verdict.stdout}${verdict.stderr}`);
  assert.match(verdict.stdout, /intact.*checkpoints? of .* matched/, label);
  fs.rmSync(copyDir, { recursive: true, force: true });
}

/** After a restart: a sample of the last run's acknowledged records, read back by their creator. */
async function readBack(server, users, acked) {
  const created = acked.filter((w) => w.kind !== 'amendment').sort(() => Math.random() - 0.5).slice(0, READ_BACK);
  for (const w of created) {
    const as = w.kind === 'context' ? users.police : users.school;
    const r = await fetch(`${server.url}/api/v1/${w.table}/${w.id}`, { headers: { Cookie: as.cookie } });
    assert.equal(r.status, 200, `${w.kind} ${w.id} reads back after the restart`);
    assert.equal((await r.json()).id, w.id);
  }
}

test(`kill -9 under ${IN_FLIGHT} concurrent writes, ${RUNS} times: nothing acknowledged is lost`, { timeout: 60000 + RUNS * 15000 }, async (t) => {
  const files = demoDatabase();
  const everAcked = [];
  let lastRun = [];
  let users = {};
  try {
    for (let run = 1; run <= RUNS; run++) {
      const server = await serve(files.db);
      users = await signInWriters(server, users);
      await readBack(server, users, lastRun);
      const writers = runWriters(server, users, `k${run}`);
      await new Promise((resolve) => setTimeout(resolve, randomBetween(...KILL_AFTER_MS)));
      await crash(server);
      await writers.stop();
      lastRun = writers.log.acked;
      everAcked.push(...lastRun);
      t.diagnostic(`crash ${run}: ${writers.log.sent} writes sent, ${lastRun.length} acknowledged (${count(lastRun, 'amendment')} amendments)`);
      checkCrashedFiles(files, everAcked, path.join(files.dir, `after-crash-${run}`), `crash ${run} (${lastRun.length} writes acknowledged)`);
    }
    assert.ok(everAcked.length > 0, 'some writes were acknowledged before the crashes');
    // A last restart recovers the log, reads back and stops cleanly.
    const server = await serve(files.db);
    await readBack(server, await signInWriters(server, users), lastRun);
    await stopCleanly(server);
    assert.equal(integrity(files.db), 'ok');
    assertNoneLost(missingWrites(files.db, everAcked), 'after the last restart');
    const verdict = auditVerify(files.db, files.keyFile, files.anchorFile);
    assert.equal(verdict.status, 0, verdict.stdout + verdict.stderr);
  } finally {
    await killLeftovers();
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
});
