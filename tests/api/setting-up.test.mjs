// Setting up (issue 13, item 18): a busy port is reported as busy, with
// the address, not as libmicrohttpd's "Failed to bind to port 0"; `make
// run` listens where CSHUB_LISTEN says, as `cshub serve` does; and every
// compile waits for the packages `make` installs, so that `make -j2 run`
// on a fresh machine does not compile before sodium.h is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot, runCshub, startServer, tempDir } from '../lib/server.mjs';

test('a port already in use is named in the error, and serve exits at once', async () => {
  const first = await startServer();
  try {
    const listen = `127.0.0.1:${first.port}`;
    const started = Date.now();
    const r = runCshub(['serve', '--db', path.join(tempDir(), 'second.db'), '--listen', listen, '--web', path.join(repoRoot, 'build/web')]);
    assert.notEqual(r.status, 0);
    const failed = r.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.event === 'start_failed');
    assert.ok(failed, r.stderr);
    assert.equal(failed.reason, `${listen} is already in use: stop what listens there, or choose another address with --listen or CSHUB_LISTEN`);
    assert.doesNotMatch(r.stderr, /port 0/);
    assert.ok(Date.now() - started < 10000, 'it does not hang');
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200, 'the first server is untouched');
  } finally {
    await first.stop();
  }
});

const make = (...args) => execFileSync('make', ['-n', '--no-print-directory', ...args], { cwd: repoRoot, encoding: 'utf8' });

test('make run listens where CSHUB_LISTEN says, and --listen given to make still wins', () => {
  const serveLine = (text) => text.split('\n').find((l) => l.includes(' serve --db '));
  assert.match(serveLine(make('run', 'CSHUB_LISTEN=127.0.0.1:9123')), /--listen 127\.0\.0\.1:9123 /);
  assert.match(serveLine(make('run', 'CSHUB_LISTEN=127.0.0.1:9123', 'LISTEN=0.0.0.0:80')), /--listen 0\.0\.0\.0:80 /);
  assert.match(serveLine(make('run')), /--listen 127\.0\.0\.1:8080 /);
});

test('on a fresh build, nothing compiles before the packages are installed', () => {
  const lines = make('-j2', `BUILD=${path.join(tempDir(), 'fresh')}`, 'all', 'unit-tests').split('\n');
  const setup = lines.findIndex((l) => l.startsWith('scripts/setup'));
  const firstCompile = lines.findIndex((l) => / -c -o | -o \S+\/tests\//.test(l));
  assert.ok(setup >= 0, 'make all checks the packages');
  assert.ok(firstCompile > setup, `the first compile (line ${firstCompile}) comes after the setup (line ${setup})`);
});
