// The session holds no secret (issue 12, "access by construction"): what
// every request carries about its caller (auth/session.h) is who they are
// and their reach, never a password hash or a second-factor secret. Read
// from the source, so that a change bringing a secret back fails here; and
// against the running server, the handlers that must check a secret read it
// at that moment, and an API token (no account of its own) is refused there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, startServer } from '../lib/server.mjs';
import { signIn, call, ok } from '../lib/client.mjs';
import { totp } from '../lib/totp.mjs';

const SECRET_NAMES = /\b(password_hash|totp_secret|totp_pending_secret|totp_last_step)\b/g;

const source = (file) => fs.readFileSync(path.join(repoRoot, 'src', file), 'utf8');

/** The project headers file includes, directly or through other headers. */
function includedHeaders(file, seen = new Set()) {
  for (const [, header] of source(file).matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)) {
    if (seen.has(header) || !fs.existsSync(path.join(repoRoot, 'src', header))) continue;
    seen.add(header);
    includedHeaders(header, seen);
  }
  return seen;
}

/** The body of "struct name { ... };" in text. */
function structBody(text, name) {
  const match = text.match(new RegExp(`struct\\s+${name}\\s*\\{([^}]*)\\}`));
  assert.ok(match, `struct ${name} is declared`);
  return match[1];
}

test('auth/session.h does not include domain/user.h, directly or through another header', () => {
  for (const header of ['auth/session.h', 'auth/tokens.h']) {
    assert.ok(!includedHeaders(header).has('domain/user.h'), `${header} reaches domain/user.h`);
  }
});

test('the session and its user name no secret', () => {
  const header = source('auth/session.h');
  for (const name of ['session', 'session_user']) {
    assert.deepEqual(structBody(header, name).match(SECRET_NAMES), null, `struct ${name} holds a secret`);
  }
  for (const file of ['auth/session.h', 'auth/tokens.h', 'api/guard.c']) {
    assert.deepEqual(source(file).match(SECRET_NAMES), null, `${file} names a secret`);
  }
});

test('finding a session or a token selects no secret column, only whether the second factor is on', () => {
  for (const file of ['auth/session.c', 'auth/tokens.c']) {
    const withoutTheYesOrNo = source(file).replace(/\bu\.totp_secret IS NOT NULL AS \w+/g, '');
    assert.deepEqual(withoutTheYesOrNo.match(SECRET_NAMES), null, `${file} reads a secret`);
  }
});

test('a password change and the second factor read the secret when they need it; a token has none to change', async () => {
  const server = await startServer({ demo: true });
  try {
    const school = await signIn(server, 'school@kestrel-vale.example');
    const { secret } = await ok(server, school, 'POST', '/api/v1/account/second-factor');
    assert.equal((await call(server, school, 'POST', '/api/v1/account/second-factor/confirm', { code: totp(secret) })).status, 204);
    const who = await ok(server, school, 'GET', '/api/v1/session');
    assert.deepEqual(who.user.second_factor, { enabled: true, required: false }, 'the same session sees the change at once');
    assert.deepEqual(Object.keys(who.user).sort(), ['agency', 'email', 'id', 'name', 'role', 'second_factor']);

    const token = await ok(server, school, 'POST', '/api/v1/tokens', { name: 'School MIS' });
    const bearer = (route, body) => fetch(server.url + route, { method: 'POST',
      headers: { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const [route, body] of [['/api/v1/account/password', { current_password: 'kestrel-vale-demo', new_password: 'a-much-better-passphrase' }],
      ['/api/v1/account/second-factor/confirm', { code: '123456' }],
      ['/api/v1/account/second-factor/disable', { password: 'kestrel-vale-demo' }]]) {
      const r = await bearer(route, body);
      assert.equal(r.status, 400, route);
      assert.equal((await r.json()).error.code, 'no_session', route);
    }

    const wrong = await call(server, school, 'POST', '/api/v1/account/password', { current_password: 'not-the-password', new_password: 'a-much-better-passphrase' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.error.field, 'current_password');
    const changed = await call(server, school, 'POST', '/api/v1/account/password', { current_password: 'kestrel-vale-demo', new_password: 'a-much-better-passphrase' });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.json.user.second_factor, { enabled: true, required: false });
    assert.equal((await call(server, school, 'GET', '/api/v1/session')).status, 401, 'the old session ended');
  } finally { await server.stop(); }
});
