// Handlers run no SQL (issue 12, "access by construction"): the HTTP
// handlers in src/api read the request, call the domain and render its
// answer (docs/architecture.md); the store is the domain's. Read from the
// source, so that a query written into a handler again fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

const STORE_CALL = /\bstore_(query|exec|each|begin|commit|rollback)\s*\(/g;

const handlers = path.join(repoRoot, 'src/api');

test('no handler calls the store', () => {
  const files = fs.readdirSync(handlers).filter((f) => f.endsWith('.c'));
  for (const required of ['admin.c', 'oversight.c', 'second_factor.c', 'account.c']) {
    assert.ok(files.includes(required), `src/api/${required} is among the files checked`);
  }
  for (const file of files) {
    const text = fs.readFileSync(path.join(handlers, file), 'utf8');
    assert.deepEqual(text.match(STORE_CALL), null, `src/api/${file} calls the store`);
  }
});
