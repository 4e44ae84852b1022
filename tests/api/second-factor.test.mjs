// The TOTP second factor against the real server: enrolment by QR code and
// confirmation, sign-in needing the code (each code once), switching it
// off, an admin making it mandatory for a role, and the secrets stored
// sealed with a key kept in a file beside the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, tempDir } from '../lib/server.mjs';
import { base32Decode, totp } from '../lib/totp.mjs';

let server;

async function signIn(email, extra = {}) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'kestrel-vale-demo', ...extra }) });
  const body = await r.json();
  return { status: r.status, body, cookie: r.headers.get('set-cookie')?.split(';')[0], csrf: body.csrf_token };
}

async function api(as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, json: await r.json().catch(() => null) };
}

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

test('enrol by QR code, then sign in with a code that works once', async () => {
  const school = await signIn('school@kestrel-vale.example');
  assert.deepEqual(school.body.user.second_factor, { enabled: false, required: false });
  const start = await api(school, 'POST', '/api/v1/account/second-factor');
  assert.equal(start.status, 201);
  const { secret, otpauth_uri: uri, qr_code: qr } = start.json;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(uri, `otpauth://totp/cshub:school%40kestrel-vale.example?secret=${secret}&issuer=cshub&algorithm=SHA1&digits=6&period=30`);
  assert.match(qr, /^data:image\/svg\+xml;base64,/);
  const svg = Buffer.from(qr.split(',')[1], 'base64').toString('utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*><rect[^>]*\/><path fill="#000" d="(M\d+ \d+h1v1h-1z)+"\/><\/svg>$/);

  let r = await api(school, 'POST', '/api/v1/account/second-factor/confirm', { code: '000000' === totp(secret) ? '111111' : '000000' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'code');
  const now = Date.now() / 1000;
  r = await api(school, 'POST', '/api/v1/account/second-factor/confirm', { code: totp(secret, now) });
  assert.equal(r.status, 204);

  const noCode = await signIn('school@kestrel-vale.example');
  assert.equal(noCode.status, 401);
  assert.equal(noCode.body.error.code, 'second_factor_required');
  assert.equal(noCode.body.error.field, 'code');
  assert.equal(noCode.cookie, undefined, 'no session without the code');
  const replay = await signIn('school@kestrel-vale.example', { code: totp(secret, now) });
  assert.equal(replay.status, 401, 'the code used to confirm cannot sign in');
  assert.equal(replay.body.error.code, 'invalid_second_factor');
  const next = await signIn('school@kestrel-vale.example', { code: totp(secret, now, 1) });
  assert.equal(next.status, 201, 'the next code (within the one-step window) signs in');
  assert.equal(next.body.user.second_factor.enabled, true);
  const again = await signIn('school@kestrel-vale.example', { code: totp(secret, now, 1) });
  assert.equal(again.status, 401, 'and only once');

  r = await api(next, 'POST', '/api/v1/account/second-factor/disable', { password: 'wrong-password-here' });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'password');
  r = await api(next, 'POST', '/api/v1/account/second-factor/disable', { password: 'kestrel-vale-demo' });
  assert.equal(r.status, 204);
  assert.equal((await signIn('school@kestrel-vale.example')).status, 201);
});

test('an admin makes the second factor mandatory for a role', async () => {
  const admin = await signIn('admin@kestrel-vale.example');
  const police = await signIn('police@kestrel-vale.example');
  assert.equal((await api(police, 'PATCH', '/api/v1/roles/practitioner', { second_factor_required: true })).status, 403);
  assert.equal((await api(admin, 'PATCH', '/api/v1/roles/practitioner', { second_factor_required: 'yes' })).status, 400);
  assert.equal((await api(admin, 'PATCH', '/api/v1/roles/wizard', { second_factor_required: true })).status, 404);
  const self = await api(admin, 'PATCH', '/api/v1/roles/admin', { second_factor_required: true });
  assert.equal(self.status, 409, 'an admin without a second factor cannot lock their own role out');
  const set = await api(admin, 'PATCH', '/api/v1/roles/practitioner', { second_factor_required: true });
  assert.equal(set.status, 200);
  const roles = await api(admin, 'GET', '/api/v1/roles');
  assert.equal(roles.json.items.find((x) => x.role === 'practitioner').second_factor_required, 1);

  // The police practitioner has no second factor yet: only enrolment is open.
  const who = await api(police, 'GET', '/api/v1/session');
  assert.deepEqual(who.json.user.second_factor, { enabled: false, required: true });
  const blocked = await api(police, 'GET', '/api/v1/agencies');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'second_factor_enrolment_required');
  const start = await api(police, 'POST', '/api/v1/account/second-factor');
  assert.equal(start.status, 201);
  assert.equal((await api(police, 'POST', '/api/v1/account/second-factor/confirm', { code: totp(start.json.secret) })).status, 204);
  assert.equal((await api(police, 'GET', '/api/v1/agencies')).status, 200);
  const off = await api(police, 'POST', '/api/v1/account/second-factor/disable', { password: 'kestrel-vale-demo' });
  assert.equal(off.status, 403, 'cannot be switched off while mandatory');
  // Other roles are unaffected.
  const coordinator = await signIn('coordinator@kestrel-vale.example');
  assert.equal((await api(coordinator, 'GET', '/api/v1/agencies')).status, 200);
});

test('secrets are stored sealed with the key file beside the database; another key cannot open them; older plain secrets are sealed at start', async () => {
  const dir = tempDir(); // the servers' own folders go when they stop; the database stays here
  const db = path.join(dir, 'sealed.db');
  const own = await startServer({ demo: true, db });
  const sql = (query) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, query], { encoding: 'utf8' }).trim();
  const signInTo = async (srv, extra = {}) => {
    const r = await fetch(srv.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'police@kestrel-vale.example', password: 'kestrel-vale-demo', ...extra }) });
    const body = await r.json();
    return { status: r.status, body, cookie: r.headers.get('set-cookie')?.split(';')[0], csrf: body.csrf_token };
  };
  const police = await signInTo(own);
  const call = (method, route, body) => fetch(own.url + route, { method, headers: { Cookie: police.cookie, 'X-CSRF-Token': police.csrf,
    'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const { secret } = await (await call('POST', '/api/v1/account/second-factor')).json();
  const now = Date.now() / 1000;
  assert.equal((await call('POST', '/api/v1/account/second-factor/confirm', { code: totp(secret, now) })).status, 204);
  await own.stop();

  const hex = base32Decode(secret).toString('hex');
  const stored = sql("SELECT totp_secret FROM users WHERE email = 'police@kestrel-vale.example'");
  assert.match(stored, /^v1:[0-9a-f]{120}$/, 'sealed: nonce, MAC and cipher text');
  assert.ok(!stored.includes(hex) && !fs.readFileSync(db).includes(Buffer.from(hex)), 'the secret is nowhere in the database file');
  const key = fs.statSync(`${db}.key`);
  assert.equal(key.size, 32);
  assert.equal(key.mode & 0o777, 0o600, 'the key file is readable by its owner only');

  const otherKey = path.join(dir, 'other.key');
  const elsewhere = await startServer({ db, args: ['--key-file', otherKey] });
  const refused = await signInTo(elsewhere, { code: totp(secret, now, 1) });
  await elsewhere.stop();
  assert.equal(refused.status, 401, 'another key cannot open the secret');
  assert.equal(refused.body.error.code, 'invalid_second_factor');

  sql(`UPDATE users SET totp_secret = '${hex}', totp_last_step = 0 WHERE email = 'police@kestrel-vale.example'`);
  const again = await startServer({ db });
  const sealedEvent = again.logLines.map((l) => { try { return JSON.parse(l); } catch { return {}; } })
    .find((e) => e.event === 'second_factor_secrets_sealed');
  const signedIn = await signInTo(again, { code: totp(secret) });
  await again.stop();
  assert.equal(sealedEvent?.count, 1, 'a plain secret from before sealing is sealed at start');
  assert.match(sql("SELECT totp_secret FROM users WHERE email = 'police@kestrel-vale.example'"), /^v1:/);
  assert.equal(signedIn.status, 201, 'and still signs in');

  fs.chmodSync(otherKey, 0o644);
  await assert.rejects(startServer({ db, args: ['--key-file', otherKey] }), /may be read by others/);
  const shortKey = path.join(dir, 'short.key');
  fs.writeFileSync(shortKey, 'not a key', { mode: 0o600 });
  await assert.rejects(startServer({ db, args: ['--key-file', shortKey] }), /must be a file of exactly 32 bytes/);
  await assert.rejects(startServer({ db, args: ['--key-file', path.join(dir, 'no-such-folder', 'k.key')] }), /cannot make .*k\.key/);
  fs.rmSync(dir, { recursive: true, force: true });
});
