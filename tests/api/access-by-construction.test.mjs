// Access by construction (issue 12): read from the source, so that the
// shape that keeps reads checked cannot quietly come undone.
// - The one reader of records that checks nothing is static in
//   src/domain/record.c; record.h offers only checked readers.
// - The two readers that do not follow the caller's access are used only
//   where their promise holds: people for the hub's own matching
//   (duplicates, merges) and records shared with the hub for the
//   pseudonymised picture.
// - How a caller stands to a record (own agency, involved, other) is
//   decided in one function, auth/access.c's access_relation(); nothing
//   else works a relation out for itself. That the SQL filter, the network
//   index and the single-record check agree is shown by
//   tests/unit/test_access_agreement.c over random hubs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

function sources() {
  const root = path.join(repoRoot, 'src');
  const files = [];
  for (const dir of fs.readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(root, dir.name))) {
      if (f.endsWith('.c') || f.endsWith('.h')) files.push(`src/${dir.name}/${f}`);
    }
  }
  return files.map((file) => ({ file, text: fs.readFileSync(path.join(repoRoot, file), 'utf8') }));
}

const callersOf = (name) => sources().filter(({ text }) => new RegExp(`\\b${name}\\s*\\(`).test(text)).map(({ file }) => file).sort();

test('the unchecked reader is static in domain/record.c and record.h exports only checked readers', () => {
  const record = fs.readFileSync(path.join(repoRoot, 'src/domain/record.c'), 'utf8');
  assert.match(record, /^static enum store_status select_unchecked\(/m);
  assert.deepEqual(callersOf('select_unchecked'), ['src/domain/record.c']);
  const header = fs.readFileSync(path.join(repoRoot, 'src/domain/record.h'), 'utf8');
  for (const gone of ['record_select', 'record_select_all', 'record_select_ids']) {
    assert.deepEqual(callersOf(gone), [], `${gone} is gone`);
  }
  assert.doesNotMatch(header, /unchecked/);
  const declared = [...header.matchAll(/^(?:enum \w+|bool|void|struct \w+) \*?(record_\w+)\(/gm)].map((m) => m[1]);
  const readers = declared.filter((name) => /select/.test(name)).sort();
  assert.deepEqual(readers, ['record_select_for_matching', 'record_select_ids_readable', 'record_select_ids_shared',
    'record_select_readable']);
});

test('the readers that do not follow the caller are used only where their promise holds', () => {
  assert.deepEqual(callersOf('record_select_for_matching'),
    ['src/domain/duplicates.c', 'src/domain/duplicates_batch.c', 'src/domain/merge.c', 'src/domain/record.c', 'src/domain/record.h']);
  assert.deepEqual(callersOf('record_select_ids_shared'),
    ['src/domain/pseudonymised.c', 'src/domain/record.c', 'src/domain/record.h']);
});

test('only auth/access.c works out how a caller stands to a record', () => {
  const ownAgencyDecided = sources().filter(({ text }) => /\?\s*RELATION_(OWN_AGENCY|INVOLVED|OTHER_AGENCY)\b/.test(text))
    .map(({ file }) => file);
  assert.deepEqual(ownAgencyDecided, [], 'no ternary picks a relation');
  assert.deepEqual(callersOf('access_relation').filter((f) => !f.startsWith('src/auth/access.')), ['src/domain/network_index.c']);
  const access = fs.readFileSync(path.join(repoRoot, 'src/auth/access.c'), 'utf8');
  assert.match(access, /relation_rules\[\]/, 'the rules are one table');
  assert.equal((access.match(/FROM involvements WHERE user_id = \? AND person_id = \?/g) || []).length, 1);
});
