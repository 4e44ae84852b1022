// Oversight for coordinators: alerts (break-glass use, concerns from two
// agencies within seven days), and who has looked at a
// record (every read and change, allowed or refused, with the purpose of
// access the reader stated, where they stated one).
import { api, requireSignIn } from '/js/api.js';
import { allPages, el, table } from '/js/dom.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const when = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
const actions = { read: 'Looked at', update: 'Changed', create: 'Created', delete: 'Deleted', break_glass: 'Emergency access', export: 'Exported' };

const alertKinds = { break_glass: 'Emergency access', concerns_from_two_agencies: 'Concerns from two agencies', action_overdue: 'Action overdue',
  account_requested: 'Account asked for', account_approved: 'Account approved', account_refused: 'Account refused',
  api_token_created: 'API token made', second_factor_rule_changed: 'Second factor rule changed' };

async function showAlerts() {
  const alerts = await allPages(api, '/api/v1/alerts');
  $('alerts-table').replaceChildren(alerts.length === 0 ? el('p', { class: 'govuk-body' }, 'There are no alerts.')
    : table('Alerts, newest first', ['When', 'What', 'Who', 'Agency', 'Record', 'Reason'],
      alerts.map((a) => [when(a.created_at), alertKinds[a.kind] || a.kind, a.user_name || '', a.agency_name || '',
        a.record_type === 'person' ? el('a', { class: 'govuk-link', href: `/person?id=${a.record_id}` }, el('code', {}, a.record_id))
          : a.record_type === 'action' ? el('a', { class: 'govuk-link', href: '/actions' }, 'An action')
            : a.record_type === 'account_approval' ? el('a', { class: 'govuk-link', href: '/approvals' }, 'An account request')
            : el('code', {}, a.record_id || ''), a.reason || ''])));
}

$('record-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = $('record_id').value.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) { showErrors([{ field: 'record_id', message: 'Enter the 32-character record reference' }]); return; }
  clearErrors();
  try {
    const events = await allPages(api, `/api/v1/people/${id}/audit`);
    const caption = `Every look at record ${id}, newest first`;
    $('record-audit').replaceChildren(el('div', { class: 'app-table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' }, table(caption, ['When', 'Who', 'Agency', 'What', 'Outcome', 'Purpose', 'Reason'],
      events.map((e) => [when(e.at), e.user_name || e.user_id || 'Unknown', e.agency_name || '', actions[e.action] || e.action,
        el('strong', { class: `govuk-tag ${e.outcome === 'denied' ? 'govuk-tag--red' : 'govuk-tag--green'}` }, e.outcome === 'denied' ? 'Refused' : 'Allowed'),
        e.purpose_label || e.purpose || '', e.reason || '']))));
  } catch (error) {
    showErrors([{ ...errorFor(error, { not_found: 'No record you may see has that reference' }), field: 'record_id' }]);
  }
});

const session = await requireSignIn(['coordinator']);
if (session) {
  try { await showAlerts(); } catch (error) { showErrors([errorFor(error)]); }
}
