// Account approvals, for coordinators: the requests an administrator made
// for accounts that read children's records, approved or refused (with a
// reason) by a second person. Approving shows the one-time set-up code to
// hand to the person; it is never shown again.
import { api, requireSignIn } from '/js/api.js';
import { allPages, el, fillSelect, roleNames, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const when = (iso) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' }) : '');
const role = (r) => roleNames[r] || r || '';
let me = null;

/** "Practitioner, Kestrel Vale Police", and for a move where from. */
function asked(a) {
  const to = `${role(a.role)}, ${a.agency_name}`;
  return a.kind === 'change' ? `Move to ${to} (now ${role(a.previous_role)}, ${a.previous_agency_name})` : `New account: ${to}`;
}

/** Why the signed-in coordinator may not decide a, or null. */
function notYours(a) {
  if (a.requested_by === me.id) return 'You asked for this';
  if (a.user_id === me.id) return 'This is your own account';
  return null;
}

function showCode(a) {
  $('setup-name').textContent = a.name;
  $('setup-code').textContent = a.setup_code;
  $('setup-link').textContent = `${location.origin}/setup`;
  $('setup-expires').textContent = when(a.setup_code_expires_at);
  $('setup-panel').classList.remove('app-hidden');
  $('setup-panel').focus();
}

async function approve(a) {
  clearErrors();
  try {
    const approved = await api('POST', `/api/v1/approvals/${a.id}/approve`);
    showDone(`${a.name}'s account is approved.`);
    showCode(approved);
    await showRequests();
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

function decideCell(a) {
  const why = notYours(a);
  if (why) return why;
  return el('button', { type: 'button', class: 'govuk-button govuk-!-margin-bottom-0', onclick: () => approve(a) },
    'Approve', el('span', { class: 'govuk-visually-hidden' }, ` ${a.name}`));
}

async function showRequests() {
  const all = await allPages(api, '/api/v1/approvals?status=all');
  const pending = all.filter((a) => a.status === 'pending');
  $('pending-table').replaceChildren(pending.length === 0 ? el('p', { class: 'govuk-body' }, 'Nothing is waiting for a decision.')
    : table('Requests waiting for a decision, newest first', ['Who', 'Email', 'What is asked', 'Asked by', 'When', 'Decision'],
      pending.map((a) => [a.name, a.email || '', asked(a), a.requested_by_name || '', when(a.requested_at), decideCell(a)])));
  const refusable = pending.filter((a) => !notYours(a));
  $('refuse-form').classList.toggle('app-hidden', refusable.length === 0);
  fillSelect($('refuse_request'), refusable.map((a) => ({ value: a.id, label: `${a.name}: ${asked(a)}` })));
  const decided = all.filter((a) => a.status !== 'pending');
  $('decided-table').replaceChildren(decided.length === 0 ? el('p', { class: 'govuk-body' }, 'No request has been decided yet.')
    : table('Decided requests, newest first', ['Who', 'What was asked', 'Asked by', 'Decision', 'By', 'Reason'],
      decided.map((a) => [a.name, asked(a), a.requested_by_name || '',
        el('strong', { class: `govuk-tag ${a.status === 'refused' ? 'govuk-tag--red' : 'govuk-tag--green'}` }, a.status === 'refused' ? 'Refused' : 'Approved'),
        `${a.decided_by_name || ''} ${when(a.decided_at)}`.trim(), a.reason || ''])));
}

$('refuse-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = $('refuse_request').value;
  const reason = $('refuse_reason').value.trim();
  if (!reason) { showErrors([{ field: 'refuse_reason', message: 'Say why the request is refused' }]); return; }
  clearErrors();
  try {
    const refused = await api('POST', `/api/v1/approvals/${id}/refuse`, { reason });
    showDone(`The request for ${refused.name} is refused.`);
    $('refuse_reason').value = '';
    await showRequests();
  } catch (error) {
    showErrors([{ ...errorFor(error), field: error.field === 'reason' ? 'refuse_reason' : null }]);
  }
});

const session = await requireSignIn(['coordinator']);
if (session) {
  me = session.user;
  try { await showRequests(); } catch (error) { showErrors([errorFor(error)]); }
}
