// Test helper: a signed-in client of a running cshub, speaking JSON over
// real HTTP with the session cookie and CSRF token, as the browser does.
import assert from 'node:assert/strict';
import { assertDocumented } from './openapi.mjs';

export const DEMO_PASSWORD = 'kestrel-vale-demo';

/** Signs email in at server; returns {cookie, csrf, id} or fails the test. */
export async function signIn(server, email, password = DEMO_PASSWORD) {
  const r = await fetch(server.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }) });
  assert.equal(r.status, 201, `${email} signs in`);
  const body = await r.json();
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: body.csrf_token, id: body.user.id };
}

let checkingAnswers = false;

/** From now on, every answer call() gets must be as docs/openapi.json documents it. */
export function checkAnswersAgainstOpenApi() {
  checkingAnswers = true;
}

/** One request as a signed-in user; returns {status, json}. */
export async function call(server, as, method, path, body) {
  const headers = { Cookie: as.cookie, 'X-CSRF-Token': as.csrf };
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const answer = { status: r.status, json: await r.json().catch(() => null) };
  if (checkingAnswers) assertDocumented(path, method, answer.status, answer.json);
  return answer;
}

/** Like call(), but fails the test unless the answer has status expected; returns the JSON. */
export async function ok(server, as, method, path, body, expected = method === 'POST' ? 201 : 200) {
  const r = await call(server, as, method, path, body);
  assert.equal(r.status, expected, `${method} ${path}: ${JSON.stringify(r.json)}`);
  return r.json;
}
