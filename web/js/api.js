// The browser client's door to the cshub JSON API: sends JSON, adds the
// session's CSRF token to every state-changing request, and turns error
// answers into ApiError (with the field the server named).

export class ApiError extends Error {
  /** error: the answer's first error; errors: every one, where the server lists them all. */
  constructor(status, error = {}, errors = null) {
    super(error.message || `The server answered ${status}`);
    this.status = status;
    this.code = error.code || 'unknown';
    this.field = error.field || null;
    this.errors = Array.isArray(errors) ? errors : [error];
  }
}

let sessionPromise = null;

/** The signed-in session ({user, csrf_token}) or null; asked once per page. */
export function currentSession() {
  if (!sessionPromise) {
    sessionPromise = fetch('/api/v1/session', { headers: { Accept: 'application/json' } })
      // The body is read either way so the connection is free (and pages go network-idle).
      .then(async (r) => (r.ok ? r.json() : r.text().then(() => null)))
      .catch(() => null);
  }
  return sessionPromise;
}

/** Calls the API; resolves to the parsed body (null for 204), throws ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const session = await currentSession();
    if (session) headers['X-CSRF-Token'] = session.csrf_token;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (data.error?.code === 'second_factor_enrolment_required' && location.pathname !== '/account') {
    location.assign('/account');
  }
  if (!response.ok) throw new ApiError(response.status, data.error, data.errors);
  return data;
}

/** Signs in; the server sets the session cookie. */
export async function signIn(email, password, code) {
  const session = await api('POST', '/api/v1/session', { email, password, code });
  sessionPromise = Promise.resolve(session);
  return session;
}

/** Signs out and forgets the session. */
export async function signOut() {
  await api('DELETE', '/api/v1/session');
  sessionPromise = Promise.resolve(null);
}

/**
 * Sends the visitor to sign in (and back here afterwards) when not signed
 * in. With roles, a signed-in user of another role is told the page is not
 * for them instead of being shown its empty forms. Resolves to the session
 * or null.
 */
export async function requireSignIn(roles = null) {
  const session = await currentSession();
  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/sign-in?next=${next}`);
    return null;
  }
  if (roles && !roles.includes(session.user.role)) {
    const main = document.getElementById('main-content');
    const heading = document.createElement('h1');
    heading.className = 'govuk-heading-l';
    heading.textContent = 'You cannot use this page';
    const text = document.createElement('p');
    text.className = 'govuk-body';
    text.textContent = 'Your role does not include it. If you need it for your work, ask your hub\'s system administrator.';
    main.replaceChildren(heading, text);
    return null;
  }
  return session;
}
