// The access matrix through the real HTTP API: every role x the caller's
// relation to a record (own agency, another agency's record about a young
// person the caller is involved with, another agency's record) x sharing
// level (agency, hub, restricted) x read or write, each cell asserted —
// and each attempt leaves an audit event with the right outcome. The
// expected table below is written out from the rules in docs/security.md,
// not read from the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, runCshub } from '../lib/server.mjs';

const ROLES = ['admin', 'coordinator', 'practitioner', 'analyst', 'board_viewer'];
const RELATIONS = ['own', 'involved', 'other'];
const SHARING = ['agency', 'hub', 'restricted'];
const PASSWORD = 'matrix-test-passphrase';

// EXPECTED[role][relation] = [agency, hub, restricted], each '-', 'R' or 'RW'.
const EXPECTED = {
  admin: { own: ['-', '-', '-'], involved: ['-', '-', '-'], other: ['-', '-', '-'] },
  coordinator: { own: ['RW', 'RW', 'RW'], involved: ['-', 'RW', 'R'], other: ['-', 'RW', 'R'] },
  practitioner: { own: ['RW', 'RW', 'RW'], involved: ['-', 'R', '-'], other: ['-', '-', '-'] },
  analyst: { own: ['-', '-', '-'], involved: ['-', '-', '-'], other: ['-', '-', '-'] },
  board_viewer: { own: ['-', '-', '-'], involved: ['-', '-', '-'], other: ['-', '-', '-'] },
};

// Contexts (places, groups, schools, online spaces) have their own table:
// a hub-shared context is readable by any practitioner, so that anyone
// recording a concern can find the park it happened in; "involved" never
// applies to a context, which is about no one young person.
const CONTEXT_RELATIONS = ['own', 'other'];
const CONTEXT_EXPECTED = {
  admin: { own: ['-', '-', '-'], other: ['-', '-', '-'] },
  coordinator: { own: ['RW', 'RW', 'RW'], other: ['-', 'RW', 'R'] },
  practitioner: { own: ['RW', 'RW', 'RW'], other: ['-', 'R', '-'] },
  analyst: { own: ['-', '-', '-'], other: ['-', '-', '-'] },
  board_viewer: { own: ['-', '-', '-'], other: ['-', '-', '-'] },
};

let server;
const users = {}; // role -> {id, cookie, csrf}
const records = {}; // relation -> sharing -> person id (a separate record per role for 'involved')
const contexts = { own: {}, other: {} }; // relation -> sharing -> context id

function addUser(email, agency, role) {
  const r = runCshub(['user', 'add', '--db', server.dbPath, '--email', email, '--name', `Matrix ${role}`,
    '--agency', agency, '--role', role], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.match(/user ([0-9a-f]{32}) added/)[1];
}

async function signIn(email) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }) });
  assert.equal(r.status, 201);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: (await r.json()).csrf_token };
}

async function api(who, method, path, body) {
  const headers = { Cookie: who.cookie, 'X-CSRF-Token': who.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

function lastAuditEvent() {
  const row = execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath,
    'SELECT action, outcome, user_id, record_id FROM audit_events ORDER BY seq DESC LIMIT 1'], { encoding: 'utf8' }).trim();
  const [action, outcome, userId, recordId] = row.split('|');
  return { action, outcome, userId, recordId };
}

before(async () => {
  server = await startServer({ demo: true });
  // The callers all belong to the police; the other agency is a school.
  for (const role of ROLES) {
    const email = `matrix-${role}@kestrel-vale.example`;
    users[role] = { id: addUser(email, 'Kestrel Vale Police', role), ...(await signIn(email)) };
  }
  addUser('matrix-owner-police@kestrel-vale.example', 'Kestrel Vale Police', 'practitioner');
  addUser('matrix-owner-school@kestrel-vale.example', 'Larkfield Academy', 'practitioner');
  const policeOwner = await signIn('matrix-owner-police@kestrel-vale.example');
  const schoolOwner = await signIn('matrix-owner-school@kestrel-vale.example');
  const create = async (owner, sharing, name) => {
    const r = await api(owner, 'POST', '/api/v1/people', { kind: 'young_person', given_name: name, family_name: 'Matrix', sharing });
    assert.equal(r.status, 201);
    return r.json.id;
  };
  for (const relation of RELATIONS) records[relation] = {};
  for (const sharing of SHARING) {
    records.own[sharing] = await create(policeOwner, sharing, `Own ${sharing}`);
    records.other[sharing] = await create(schoolOwner, sharing, `Other ${sharing}`);
    // One school record per role, with that role's caller recorded as involved.
    records.involved[sharing] = {};
    for (const role of ROLES) {
      const id = await create(schoolOwner, sharing, `Involved ${sharing}`);
      const r = await api(schoolOwner, 'POST', `/api/v1/people/${id}/involvements`, { user_id: users[role].id });
      assert.equal(r.status, 204);
      records.involved[sharing][role] = id;
    }
    for (const [relation, owner] of [['own', policeOwner], ['other', schoolOwner]]) {
      const r = await api(owner, 'POST', '/api/v1/contexts', { kind: 'location', name: `Matrix place ${relation} ${sharing}`, sharing });
      assert.equal(r.status, 201);
      contexts[relation][sharing] = r.json.id;
    }
  }
});
after(async () => { await server.stop(); });

for (const role of ROLES) {
  for (const relation of RELATIONS) {
    SHARING.forEach((sharing, column) => {
      const cell = EXPECTED[role][relation][column];
      const mayRead = cell !== '-';
      const mayWrite = cell === 'RW';
      const recordId = () => (relation === 'involved' ? records.involved[sharing][role] : records[relation][sharing]);

      test(`${role} / ${relation} agency / ${sharing}: read ${mayRead ? 'allowed' : 'denied'}`, async () => {
        const r = await api(users[role], 'GET', `/api/v1/people/${recordId()}`);
        assert.equal(r.status, mayRead ? 200 : 404);
        if (mayRead) assert.equal(r.json.id, recordId());
        else assert.equal(JSON.stringify(r.json).includes('Matrix'), false, 'nothing of the record leaks');
        assert.deepEqual(lastAuditEvent(), { action: 'read', outcome: mayRead ? 'allowed' : 'denied', userId: users[role].id, recordId: recordId() });
      });

      test(`${role} / ${relation} agency / ${sharing}: write ${mayWrite ? 'allowed' : 'denied'}`, async () => {
        const r = await api(users[role], 'PATCH', `/api/v1/people/${recordId()}`, { given_name: `Changed by ${role}` });
        assert.equal(r.status, mayWrite ? 200 : mayRead ? 403 : 404);
        if (mayWrite) assert.equal(r.json.given_name, `Changed by ${role}`);
        assert.deepEqual(lastAuditEvent(), { action: 'update', outcome: mayWrite ? 'allowed' : 'denied', userId: users[role].id, recordId: recordId() });
      });
    });
  }
}

for (const role of ROLES) {
  for (const relation of CONTEXT_RELATIONS) {
    SHARING.forEach((sharing, column) => {
      const cell = CONTEXT_EXPECTED[role][relation][column];
      const mayRead = cell !== '-';
      const mayWrite = cell === 'RW';
      const contextId = () => contexts[relation][sharing];

      test(`context: ${role} / ${relation} agency / ${sharing}: read ${mayRead ? 'allowed' : 'denied'}, write ${mayWrite ? 'allowed' : 'denied'}`, async () => {
        const read = await api(users[role], 'GET', `/api/v1/contexts/${contextId()}`);
        assert.equal(read.status, mayRead ? 200 : 404);
        if (!mayRead) assert.equal(JSON.stringify(read.json).includes('Matrix'), false, 'nothing of the context leaks');
        assert.deepEqual(lastAuditEvent(), { action: 'read', outcome: mayRead ? 'allowed' : 'denied', userId: users[role].id, recordId: contextId() });
        const found = await api(users[role], 'GET', `/api/v1/contexts?q=${encodeURIComponent(`Matrix place ${relation} ${sharing}`)}`);
        assert.equal(found.json.items.length, mayRead ? 1 : 0, 'search finds only what may be read');
        const write = await api(users[role], 'PATCH', `/api/v1/contexts/${contextId()}`, { description: `Changed by ${role}` });
        assert.equal(write.status, mayWrite ? 200 : mayRead ? 403 : 404);
        if (mayWrite) assert.equal(write.json.description, `Changed by ${role}`);
        assert.deepEqual(lastAuditEvent(), { action: 'update', outcome: mayWrite ? 'allowed' : 'denied', userId: users[role].id, recordId: contextId() });
      });
    });
  }
}

test('only roles that create records may create one, owned by their own agency', async () => {
  for (const role of ROLES) {
    const r = await api(users[role], 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'New', family_name: 'Record', sharing: 'hub' });
    const allowed = ['coordinator', 'practitioner'].includes(role);
    assert.equal(r.status, allowed ? 201 : 403, role);
    if (allowed) assert.equal(r.json.sharing, 'hub');
    assert.equal(lastAuditEvent().outcome, allowed ? 'allowed' : 'denied');
  }
});

test('break-glass: a reason is required, access is granted for a time, coordinators are alerted', async () => {
  const practitioner = users.practitioner;
  const target = records.other.agency;
  assert.equal((await api(practitioner, 'GET', `/api/v1/people/${target}`)).status, 404);
  let r = await api(practitioner, 'POST', '/api/v1/break-glass', { record_type: 'person', record_id: target });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'reason');
  r = await api(practitioner, 'POST', '/api/v1/break-glass', { record_type: 'person', record_id: target, reason: 'short' });
  assert.equal(r.status, 400);
  r = await api(users.analyst, 'POST', '/api/v1/break-glass', { record_type: 'person', record_id: target, reason: 'I would like to look please' });
  assert.equal(r.status, 403);
  r = await api(practitioner, 'POST', '/api/v1/break-glass', { record_type: 'person', record_id: 'f'.repeat(32), reason: 'Found missing overnight, police asked' });
  assert.equal(r.status, 404);
  r = await api(practitioner, 'POST', '/api/v1/break-glass', { record_type: 'person', record_id: target, reason: 'Found missing overnight, police asked' });
  assert.equal(r.status, 201);
  assert.match(r.json.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const read = await api(practitioner, 'GET', `/api/v1/people/${target}`);
  assert.equal(read.status, 200);
  assert.equal((await api(practitioner, 'PATCH', `/api/v1/people/${target}`, { given_name: 'No' })).status, 403, 'break-glass never grants writing');
  const alerts = await api(users.coordinator, 'GET', '/api/v1/alerts');
  assert.equal(alerts.status, 200);
  const alert = alerts.json.items.find((a) => a.record_id === target);
  assert.ok(alert, 'the coordinator sees the alert');
  assert.equal(alert.kind, 'break_glass');
  assert.equal(alert.user_id, practitioner.id);
  assert.equal(alert.reason, 'Found missing overnight, police asked');
  for (const role of ['practitioner', 'admin', 'analyst']) {
    assert.equal((await api(users[role], 'GET', '/api/v1/alerts')).status, 403, role);
  }
});

test('coordinators can ask who has looked at a record', async () => {
  const target = records.own.hub;
  const r = await api(users.coordinator, 'GET', `/api/v1/people/${target}/audit?limit=5`);
  assert.equal(r.status, 200);
  assert.equal(r.json.items.length, 5);
  assert.ok(r.json.next_cursor);
  const lookers = new Set();
  let cursor = null;
  let pages = 0;
  do {
    const page = await api(users.coordinator, 'GET', `/api/v1/people/${target}/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
    for (const e of page.json.items) lookers.add(`${e.user_id}:${e.action}:${e.outcome}`);
    cursor = page.json.next_cursor;
    pages++;
  } while (cursor && pages < 20);
  assert.ok(lookers.has(`${users.analyst.id}:read:denied`), 'denied attempts are listed too');
  assert.ok(lookers.has(`${users.practitioner.id}:read:allowed`));
  assert.equal((await api(users.practitioner, 'GET', `/api/v1/people/${target}/audit`)).status, 403);
  assert.equal((await api(users.coordinator, 'GET', `/api/v1/people/${target}/audit?limit=0`)).status, 400);
  assert.equal(runCshub(['audit', 'verify', '--db', server.dbPath]).status, 0);
});

test('people fields are validated, naming the field', async () => {
  const p = users.practitioner;
  const cases = [
    [{ given_name: 'A', family_name: 'B', sharing: 'hub' }, 'kind'],
    [{ kind: 'young_person', family_name: 'B', sharing: 'hub' }, 'given_name'],
    [{ kind: 'young_person', given_name: 'A', family_name: 'B' }, 'sharing'],
    [{ kind: 'child', given_name: 'A', family_name: 'B', sharing: 'hub' }, 'kind'],
    [{ kind: 'young_person', given_name: 'A', family_name: 'B', sharing: 'everyone' }, 'sharing'],
    [{ kind: 'young_person', given_name: 'A'.repeat(101), family_name: 'B', sharing: 'hub' }, 'given_name'],
    [{ kind: 'young_person', given_name: 'A', family_name: 'B', sharing: 'hub', date_of_birth: '2009-02-30' }, 'date_of_birth'],
    [{ kind: 'young_person', given_name: 'A', family_name: 'B', sharing: 'hub', date_of_birth: '03/07/2009' }, 'date_of_birth'],
    [{ kind: 'young_person', given_name: 'A', family_name: 'B', sharing: 'hub', date_of_birth: '2999-01-01' }, 'date_of_birth'],
    [{ kind: 'young_person', given_name: 7, family_name: 'B', sharing: 'hub' }, 'given_name'],
  ];
  for (const [body, field] of cases) {
    const r = await api(p, 'POST', '/api/v1/people', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.field, field, JSON.stringify(body));
  }
  const ok = await api(p, 'POST', '/api/v1/people', { kind: 'young_person', given_name: 'Kayley', family_name: 'Smith', sharing: 'hub', date_of_birth: '2008-02-29' });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.date_of_birth, '2008-02-29');
  assert.equal((await api(p, 'GET', '/api/v1/people/not-an-id')).status, 404);
});
