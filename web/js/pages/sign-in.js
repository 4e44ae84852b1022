// The sign-in page: sends the email and password to POST /api/v1/session
// and, when they are right, goes on to the page the visitor wanted.
import { signIn } from '/js/api.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const params = new URLSearchParams(location.search);
if (params.has('signed-out')) document.getElementById('signed-out-banner').classList.remove('app-hidden');

/** Only same-site paths are followed after sign-in. */
function nextPage() {
  const next = params.get('next') || '/account';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/account';
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = document.getElementById('email').value.trim();
  const password = document.getElementById('password').value;
  const missing = [];
  if (!email) missing.push({ field: 'email', message: 'Enter your email address' });
  if (!password) missing.push({ field: 'password', message: 'Enter your password' });
  if (missing.length) { showErrors(missing); return; }
  clearErrors();
  try {
    await signIn(email, password);
    location.assign(nextPage());
  } catch (error) {
    showErrors([errorFor(error, {
      invalid_credentials: 'Enter a correct email address and password',
    })].map((e) => ({ ...e, field: e.field || (error.code === 'invalid_credentials' ? 'email' : null) })));
  }
});
