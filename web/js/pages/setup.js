// Setting up an approved account: the person gives the one-time set-up
// code the approver handed them and chooses their own password
// (POST /api/v1/account/setup, no sign-in needed), then signs in.
import { api } from '/js/api.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const fields = { email: 'setup_email', code: 'setup_code', password: 'setup_password' };

$('setup-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = { email: $('setup_email').value.trim(), code: $('setup_code').value.trim(), password: $('setup_password').value };
  const missing = [['email', 'Enter your email address'], ['code', 'Enter the set-up code'], ['password', 'Choose a password']]
    .filter(([key]) => !body[key]).map(([key, message]) => ({ field: fields[key], message }));
  if (missing.length) { showErrors(missing); return; }
  clearErrors();
  try {
    await api('POST', '/api/v1/account/setup', body);
    location.assign('/sign-in?set-up=1');
  } catch (error) {
    showErrors([{ ...errorFor(error), field: fields[error.field] || null }]);
  }
});
