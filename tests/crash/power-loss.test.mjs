// Power-loss test (issue 12, item 7): `cshub serve` runs with the
// sync_snapshot shim (tests/crash/sync_snapshot.c, LD_PRELOAD), which keeps
// each database file (database, -wal, audit anchor) as its latest fsync or
// fdatasync left it on disk, and copies those images at a few randomly
// chosen sync calls: a power cut right after that sync. Concurrent writers
// note when each write was acknowledged; the server is then killed. Every
// snapshot, and the images as they stood at the kill (a power cut at an
// arbitrary moment), must hold every write acknowledged before it was
// taken, with its audit event, pass PRAGMA integrity_check and `cshub audit
// verify` with the anchor file. With PRAGMA synchronous=NORMAL this fails
// (a commit reaches the disk only at the next checkpoint); FULL must pass.
//   CSHUB_POWER_LOSS_RUNS  server runs (default 3; more for a long run)
//   CSHUB_POWER_LOSS_LAST_SYNC  snapshots are taken at syncs drawn from 1 to this (default 150)
//   CSHUB_SYNC_SNAPSHOT    the shim (default: the build's tests/sync_snapshot.so)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cshubBin } from '../lib/server.mjs';
import {
  IN_FLIGHT, assertNoneLost, auditVerify, crash, demoDatabase, envCount, integrity, killLeftovers, missingWrites, randomBetween, runWriters,
  serve, signInWriters,
} from './lib.mjs';

const RUNS = envCount('CSHUB_POWER_LOSS_RUNS', 3);
/**
 * Snapshots asked for in each run: one at a sync drawn from EARLY_SYNCS (signing
 * in alone syncs that often, so every run has one), the rest from SYNC_NUMBERS.
 */
const SNAPSHOTS_PER_RUN = 6;
const EARLY_SYNCS = [1, 20];
const SYNC_NUMBERS = [1, envCount('CSHUB_POWER_LOSS_LAST_SYNC', 150)];
/** How long the writers run before the server is killed. */
const WRITE_FOR_MS = [1000, 2000];

const shim = path.resolve(process.env.CSHUB_SYNC_SNAPSHOT || path.join(path.dirname(cshubBin), 'tests/sync_snapshot.so'));

/**
 * LD_PRELOAD for the shim. A binary built with AddressSanitizer (make asan)
 * wants its runtime first in the list of libraries, so it goes first.
 */
function preloadList() {
  const libraries = execFileSync('ldd', [cshubBin], { encoding: 'utf8' });
  const asan = libraries.match(/\s(\/\S*libasan\.so\S*)/);
  return asan ? `${asan[1]}:${shim}` : shim;
}

/** The sync numbers to snapshot at, in order. */
function snapshotPoints() {
  const chosen = new Set([randomBetween(...EARLY_SYNCS)]);
  while (chosen.size < SNAPSHOTS_PER_RUN) chosen.add(randomBetween(...SYNC_NUMBERS));
  return [...chosen].sort((a, b) => a - b);
}

/** Checks one power-cut state (a folder of database images); returns how many writes it had to hold. */
function checkPowerCut(folder, files, acked, takenMs, label) {
  const db = path.join(folder, path.basename(files.db));
  const due = acked.filter((w) => w.ackedMs < takenMs);
  assert.ok(fs.existsSync(db), `${label}: the database image exists`);
  assert.equal(integrity(db), 'ok', `${label}: integrity_check`);
  assertNoneLost(missingWrites(db, due), label);
  const verdict = auditVerify(db, files.keyFile, db + '.anchor'); // with the anchor image when it was synced by then
  assert.equal(verdict.status, 0, `${label}: audit verify: ${verdict.stdout}${verdict.stderr}`);
  assert.match(verdict.stdout, /intact/, label);
  return due.length;
}

/** One server run: writes, a kill, then every snapshot and the images at the kill checked. */
async function powerLossRun(t, run, totals) {
  const files = demoDatabase();
  const snapshots = path.join(files.dir, 'snapshots');
  fs.mkdirSync(snapshots);
  const points = snapshotPoints();
  try {
    const server = await serve(files.db, { LD_PRELOAD: preloadList(), CSHUB_SNAPSHOT_DB: files.db,
      CSHUB_SNAPSHOT_DIR: snapshots, CSHUB_SNAPSHOT_AT: points.join(',') });
    const writers = runWriters(server, await signInWriters(server), `p${run}`);
    await new Promise((resolve) => setTimeout(resolve, randomBetween(...WRITE_FOR_MS)));
    const killedMs = Date.now();
    await crash(server);
    await writers.stop();
    const acked = writers.log.acked;
    const taken = fs.readdirSync(snapshots).filter((name) => /^snapshot-\d+$/.test(name));
    for (const name of taken) {
      const takenMs = Number(fs.readFileSync(path.join(snapshots, name, 'taken_ms'), 'utf8'));
      const synced = fs.readFileSync(path.join(snapshots, name, 'synced'), 'utf8');
      totals.writesChecked += checkPowerCut(path.join(snapshots, name), files, acked, takenMs,
        `run ${run}, power cut after sync ${name.slice(9)} (of ${synced})`);
      totals.snapshots++;
    }
    t.diagnostic(`run ${run}: ${acked.length} writes acknowledged; snapshots asked at syncs ${points.join(', ')}, ${taken.length} taken`);
    assert.ok(fs.existsSync(path.join(snapshots, 'durable', path.basename(files.anchorFile))), 'the server synced its anchor file');
    totals.writesChecked += checkPowerCut(path.join(snapshots, 'durable'), files, acked, killedMs,
      `run ${run}, power cut at the kill (${acked.length} writes acknowledged, snapshots at syncs ${points.join(', ')}: ${taken.length} taken)`);
  } finally {
    await killLeftovers();
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
}

test(`a power cut at ${RUNS * SNAPSHOTS_PER_RUN} sync points and ${RUNS} kills under ${IN_FLIGHT} concurrent writes loses nothing acknowledged`,
  { timeout: 60000 + RUNS * 20000 }, async (t) => {
    assert.ok(fs.existsSync(shim), `the shim ${shim} is built (make test builds it)`);
    const totals = { snapshots: 0, writesChecked: 0 };
    for (let run = 1; run <= RUNS; run++) await powerLossRun(t, run, totals);
    assert.ok(totals.snapshots > 0, 'at least one snapshot was taken at a sync');
    assert.ok(totals.writesChecked > 0, 'the power cuts came after some writes were acknowledged');
  });
