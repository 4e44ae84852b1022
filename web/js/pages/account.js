// "Your account": who you are signed in as, and changing your password.
import { api, requireSignIn } from '/js/api.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const roles = {
  admin: 'Administrator', coordinator: 'Hub coordinator', practitioner: 'Practitioner',
  analyst: 'Analyst', board_viewer: 'Board member',
};

function show(user) {
  document.getElementById('account-name').textContent = user.name;
  document.getElementById('account-email').textContent = user.email;
  document.getElementById('account-agency').textContent = user.agency.name;
  document.getElementById('account-role').textContent = roles[user.role] || user.role;
}

const session = await requireSignIn();
if (session) show(session.user);

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

if (new URLSearchParams(location.search).has('changed')) {
  document.getElementById('changed-banner').classList.remove('app-hidden');
}
