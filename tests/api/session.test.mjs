// Sessions against the real server: idle and absolute expiry (short
// timeouts set by flags), a disabled user locked out at once, and a
// password change ending every session of the user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCshub } from '../lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function signIn(s, email, password = 'kestrel-vale-demo') {
  const r = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.equal(r.status, 201);
  const body = await r.json();
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token };
}

const whoami = async (s, cookie) => (await fetch(s.url + '/api/v1/session', { headers: { Cookie: cookie } })).status;

test('a session ends after the idle timeout', async () => {
  // Four seconds, counted in whole seconds: a request a second later is
  // well inside it even on a busy machine, one five seconds after is not.
  const s = await startServer({ demo: true, args: ['--session-idle', '4', '--session-lifetime', '60'] });
  try {
    const { cookie } = await signIn(s, 'police@kestrel-vale.example');
    assert.equal(await whoami(s, cookie), 200);
    await sleep(1000);
    assert.equal(await whoami(s, cookie), 200, 'activity within the idle timeout keeps it');
    await sleep(5100);
    assert.equal(await whoami(s, cookie), 401);
    assert.equal(await whoami(s, cookie), 401, 'an expired session stays ended');
  } finally { await s.stop(); }
});

test('a session ends at its absolute lifetime even when active', async () => {
  const s = await startServer({ demo: true, args: ['--session-idle', '60', '--session-lifetime', '3'] });
  try {
    const { cookie } = await signIn(s, 'police@kestrel-vale.example');
    for (let i = 0; i < 4; i++) { assert.equal(await whoami(s, cookie), 200); await sleep(500); }
    await sleep(1600);
    assert.equal(await whoami(s, cookie), 401);
  } finally { await s.stop(); }
});

test('a disabled user is locked out at once', async () => {
  const s = await startServer({ demo: true });
  try {
    const { cookie } = await signIn(s, 'health@kestrel-vale.example');
    assert.equal(await whoami(s, cookie), 200);
    const r = runCshub(['user', 'disable', '--db', s.dbPath, '--email', 'health@kestrel-vale.example']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await whoami(s, cookie), 401);
    const again = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'health@kestrel-vale.example', password: 'kestrel-vale-demo' }) });
    assert.equal(again.status, 401);
  } finally { await s.stop(); }
});

test('changing the password ends every session and starts a new one', async () => {
  const s = await startServer({ demo: true });
  try {
    const first = await signIn(s, 'school@kestrel-vale.example');
    const second = await signIn(s, 'school@kestrel-vale.example');
    const change = (body, headers = {}) => fetch(s.url + '/api/v1/account/password', { method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: first.cookie, 'X-CSRF-Token': first.csrf, ...headers }, body: JSON.stringify(body) });
    let r = await change({ current_password: 'wrong-password-here', new_password: 'a-much-better-passphrase' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'current_password');
    r = await change({ current_password: 'kestrel-vale-demo', new_password: 'short' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'new_password');
    r = await change({ current_password: 'kestrel-vale-demo', new_password: 'password1234' });
    assert.equal(r.status, 400);
    assert.match((await r.json()).error.message, /too common/);
    r = await change({ current_password: 'kestrel-vale-demo' });
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error.field, 'new_password');
    r = await change({ current_password: 'kestrel-vale-demo', new_password: 'a-much-better-passphrase' }, { 'X-CSRF-Token': '' });
    assert.equal(r.status, 403);
    r = await change({ current_password: 'kestrel-vale-demo', new_password: 'a-much-better-passphrase' });
    assert.equal(r.status, 200);
    const fresh = r.headers.get('set-cookie').split(';')[0];
    assert.notEqual(fresh, first.cookie);
    assert.equal(await whoami(s, first.cookie), 401);
    assert.equal(await whoami(s, second.cookie), 401);
    assert.equal(await whoami(s, fresh), 200);
    await signIn(s, 'school@kestrel-vale.example', 'a-much-better-passphrase');
    const verify = runCshub(['audit', 'verify', '--db', s.dbPath]);
    assert.equal(verify.status, 0);
  } finally { await s.stop(); }
});
