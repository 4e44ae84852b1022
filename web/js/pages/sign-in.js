// The sign-in page: sends the email and password to POST /api/v1/session
// and, when they are right, goes on to the page the visitor wanted, or to
// where their role's work starts (new concerns for a coordinator, actions
// for a practitioner, administration for an admin, the outcome measures
// for an analyst or a board member).
import { signIn } from '/js/api.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const params = new URLSearchParams(location.search);
if (params.has('signed-out')) showDone('You have signed out.');

/** Where each role's day starts, unless the visitor was on their way somewhere. */
const startOf = { coordinator: '/triage', practitioner: '/actions', admin: '/admin', analyst: '/outcomes',
  board_viewer: '/outcomes' };

/** Only same-site paths are followed after sign-in. */
function nextPage(session) {
  const start = startOf[session?.user?.role] || '/account';
  const next = params.get('next') || start;
  return next.startsWith('/') && !next.startsWith('//') ? next : start;
}

document.getElementById('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = document.getElementById('email').value.trim();
  const password = document.getElementById('password').value;
  const codeGroup = document.getElementById('code-group');
  const code = document.getElementById('code').value.trim();
  const missing = [];
  if (!email) missing.push({ field: 'email', message: 'Enter your email address' });
  if (!password) missing.push({ field: 'password', message: 'Enter your password' });
  if (!codeGroup.classList.contains('app-hidden') && !code) missing.push({ field: 'code', message: 'Enter the code from your authenticator app' });
  if (missing.length) { showErrors(missing); return; }
  clearErrors();
  try {
    location.assign(nextPage(await signIn(email, password, code || undefined)));
  } catch (error) {
    if (error.code === 'second_factor_required') {
      // The password was right; this account also needs its second factor.
      codeGroup.classList.remove('app-hidden');
      document.getElementById('code').focus();
      return;
    }
    const shown = errorFor(error, {
      invalid_credentials: 'Enter a correct email address and password',
      invalid_second_factor: 'Enter the current code from your authenticator app',
    });
    showErrors([{ ...shown, field: shown.field || (error.code === 'invalid_credentials' ? 'email' : null) }]);
  }
});
