// The optional map tile server: `cshub serve --map-tiles` and
// `--map-attribution` are checked at start (a bad value is one line and
// exit status 2), GET /api/v1/settings tells a signed-in client what was
// configured, and the Content-Security-Policy lets images come from the
// tile server's origin only when one is configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCshub } from '../lib/server.mjs';
import { signIn, call, checkAnswersAgainstOpenApi } from '../lib/client.mjs';

checkAnswersAgainstOpenApi();

const DEFAULT_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
  + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

test('a bad tile template or attribution is one line naming the flag, and exit status 2', () => {
  const bad = [
    'tiles.example.org/{z}/{x}/{y}.png',
    'ftp://tiles.example.org/{z}/{x}/{y}.png',
    'https://tiles.example.org/{z}/{x}.png',
    "https://tiles.example.org/{z}/{x}/{y}.png 'unsafe-inline'",
    'https://tiles.example.org/{z}/{x}/{y}.png; script-src *',
    'https://tiles.example.org/"{z}/{x}/{y}.png',
    'https://{s}.tiles.example.org/{z}/{x}/{y}.png',
  ];
  for (const template of bad) {
    const r = runCshub(['serve', '--db', '/nonexistent/never-opened.db', '--map-tiles', template]);
    assert.equal(r.status, 2, template);
    assert.match(r.stderr, /--map-tiles/, template);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${template}`);
  }
  const env = runCshub(['serve', '--db', '/nonexistent/never-opened.db'], { env: { CSHUB_MAP_TILES: 'https://tiles.example.org/' } });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /--map-tiles must hold \{z\}, \{x\} and \{y\}/);
  const attribution = runCshub(['serve', '--db', '/nonexistent/never-opened.db', '--map-tiles',
    'https://tiles.example.org/{z}/{x}/{y}.png', '--map-attribution', 'two\nlines']);
  assert.equal(attribution.status, 2);
  assert.match(attribution.stderr, /--map-attribution/);
  assert.match(runCshub(['serve', '--help']).stdout, /--map-tiles URL[^]*CSHUB_MAP_TILES[^]*--map-attribution TEXT[^]*CSHUB_MAP_ATTRIBUTION/);
});

test('without a tile server: settings answer null and the policy is unchanged', async () => {
  const server = await startServer({ demo: true });
  try {
    const signedOut = await fetch(`${server.url}/api/v1/settings`);
    assert.equal(signedOut.status, 401);
    const analyst = await signIn(server, 'analyst@kestrel-vale.example');
    const r = await call(server, analyst, 'GET', '/api/v1/settings');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { map_tiles: null, map_attribution: null });
    for (const path of ['/api/v1/settings', '/hotspots', '/healthz']) {
      assert.equal((await fetch(server.url + path)).headers.get('content-security-policy'), DEFAULT_POLICY, path);
    }
  } finally {
    await server.stop();
  }
});

test('with a tile server: settings name it and img-src allows its origin, nothing else', async () => {
  const template = 'https://tiles.example.org:8443/base/{z}/{x}/{y}.png?style=light';
  const server = await startServer({ demo: true, args: ['--map-tiles', template],
    env: { CSHUB_MAP_ATTRIBUTION: '© Example Map contributors' } });
  try {
    const analyst = await signIn(server, 'analyst@kestrel-vale.example');
    const r = await call(server, analyst, 'GET', '/api/v1/settings');
    assert.deepEqual(r.json, { map_tiles: template, map_attribution: '© Example Map contributors' });
    const expected = DEFAULT_POLICY.replace("img-src 'self' data:", "img-src 'self' data: https://tiles.example.org:8443");
    for (const path of ['/api/v1/settings', '/hotspots', '/no-such-page']) {
      assert.equal((await fetch(server.url + path)).headers.get('content-security-policy'), expected, path);
    }
  } finally {
    await server.stop();
  }
});

test('an attribution without a tile server is not shown', async () => {
  const server = await startServer({ demo: true, args: ['--map-attribution', '© Nobody'] });
  try {
    const analyst = await signIn(server, 'analyst@kestrel-vale.example');
    assert.deepEqual((await call(server, analyst, 'GET', '/api/v1/settings')).json, { map_tiles: null, map_attribution: null });
  } finally {
    await server.stop();
  }
});
