// "Your account": who you are signed in as, and changing your password.
import { api, requireSignIn } from '/js/api.js';
import { roleNames } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

function show(user) {
  document.getElementById('account-name').textContent = user.name;
  document.getElementById('account-email').textContent = user.email;
  document.getElementById('account-agency').textContent = user.agency.name;
  document.getElementById('account-role').textContent = roleNames[user.role] || user.role;
}

/** Shows the second-factor section for the user's current state. */
function showSecondFactor(user) {
  const { enabled, required } = user.second_factor;
  document.getElementById('second-factor-status').textContent = enabled
    ? 'Your account asks for a code from your authenticator app when you sign in.'
    : 'Your account does not yet ask for a code from an authenticator app when you sign in.';
  document.getElementById('second-factor-needed').classList.toggle('app-hidden', enabled || !required);
  document.getElementById('second-factor-start').classList.toggle('app-hidden', enabled);
  document.getElementById('second-factor-off-form').classList.toggle('app-hidden', !enabled || required);
}

const session = await requireSignIn();
if (session) {
  show(session.user);
  showSecondFactor(session.user);
}

document.getElementById('second-factor-start').addEventListener('click', async () => {
  try {
    const setup = await api('POST', '/api/v1/account/second-factor');
    document.getElementById('second-factor-qr').src = setup.qr_code;
    document.getElementById('second-factor-secret').textContent = setup.secret.replace(/(.{4})/g, '$1 ').trim();
    document.getElementById('second-factor-setup').classList.remove('app-hidden');
    document.getElementById('second-factor-start').classList.add('app-hidden');
    document.getElementById('second_factor_code').focus();
  } catch (error) {
    showErrors([errorFor(error)]);
  }
});

document.getElementById('second-factor-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = document.getElementById('second_factor_code').value.trim();
  if (!/^\d{6}$/.test(code)) { showErrors([{ field: 'second_factor_code', message: 'Enter the 6-digit code from your authenticator app' }]); return; }
  try {
    await api('POST', '/api/v1/account/second-factor/confirm', { code });
    location.assign('/account?second-factor=on');
  } catch (error) {
    showErrors([{ ...errorFor(error), field: 'second_factor_code' }]);
  }
});

document.getElementById('second-factor-off-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = document.getElementById('off_password').value;
  if (!password) { showErrors([{ field: 'off_password', message: 'Enter your password' }]); return; }
  try {
    await api('POST', '/api/v1/account/second-factor/disable', { password });
    location.assign('/account?second-factor=off');
  } catch (error) {
    showErrors([{ ...errorFor(error), field: error.field === 'password' ? 'off_password' : null }]);
  }
});

document.getElementById('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const current = document.getElementById('current_password');
  const wanted = document.getElementById('new_password');
  const missing = [];
  if (!current.value) missing.push({ field: 'current_password', message: 'Enter your current password' });
  if (!wanted.value) missing.push({ field: 'new_password', message: 'Enter a new password' });
  if (missing.length) { showErrors(missing); return; }
  clearErrors();
  try {
    await api('POST', '/api/v1/account/password', { current_password: current.value, new_password: wanted.value });
    // The server ended every session and started a new one: reload to pick up its CSRF token.
    location.assign('/account?changed=1');
  } catch (error) {
    showErrors([errorFor(error)]);
  }
});

const done = new URLSearchParams(location.search);
if (done.has('changed')) showDone('Your password has been changed. You have been signed out everywhere else.');
if (done.get('second-factor') === 'on') showDone('The second factor is on. You will need a code from your app each time you sign in.');
if (done.get('second-factor') === 'off') showDone('The second factor is off.');
