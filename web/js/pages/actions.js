// Actions (/actions): those given to the reader and to the reader's
// agency (and to whom in it), with the young person or place each is
// about as far as the reader may see them, overdue ones flagged, each open one with a
// way to record it done (or cancelled) with notes, or to change its due
// date or who does it (/action).
import { api, requireSignIn } from '/js/api.js';
import { actionStatusTag, changeActionLink, overdueTag, subjectOf } from '/js/casework.js';
import { allPages, countOf, el, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { staffOf } from '/js/staff.js';

const $ = (id) => document.getElementById(id);
let colleagues = new Map(); // user id -> name, in the reader's agency

function completeForm(a, prefix) {
  const notes = `${prefix}-notes-${a.id}`;
  const save = async (status) => {
    clearErrors();
    try {
      await api('PATCH', `/api/v1/actions/${a.id}`, { status, completion_notes: $(notes).value.trim() || undefined });
      await showAll();
      showDone(status === 'done' ? 'The action is recorded as done.' : 'The action is cancelled.');
    } catch (error) {
      showErrors([{ ...errorFor(error), field: error.field === 'completion_notes' ? notes : null }]);
    }
  };
  return el('div', { class: 'govuk-form-group', id: `${notes}-group` },
    el('label', { class: 'govuk-label govuk-label--s', for: notes }, 'What was done'),
    el('p', { class: 'govuk-error-message app-hidden', id: `${notes}-error` }),
    el('textarea', { class: 'govuk-textarea', id: notes, rows: 2 }),
    el('div', { class: 'govuk-button-group' },
      el('button', { type: 'button', class: 'govuk-button govuk-button--secondary', onclick: () => save('done') }, 'Mark done'),
      el('button', { type: 'button', class: 'govuk-button govuk-button--secondary', onclick: () => save('cancelled') }, 'Cancel the action')));
}

function rows(actions, prefix) {
  return Promise.all(actions.map(async (a) => {
    const givenTo = a.assignee_user_id ? colleagues.get(a.assignee_user_id) || 'Someone in your agency' : 'The agency';
    return [a.description, (await subjectOf(a)) || '—', givenTo, a.status === 'open' ? [a.due_on, el('br'), changeActionLink(a)] : a.due_on,
      [actionStatusTag(a), overdueTag(a)],
      a.meeting_id ? el('a', { class: 'govuk-link', href: `/meeting?id=${a.meeting_id}` }, 'The meeting') : '—',
      a.status === 'open' ? completeForm(a, prefix) : a.completion_notes || ''];
  }));
}

async function showList(holder, path, prefix, caption) {
  const actions = await allPages(api, path);
  actions.sort((x, y) => (y.overdue - x.overdue) || x.due_on.localeCompare(y.due_on));
  $(holder).replaceChildren(actions.length
    ? table(countOf(actions, caption), ['What', 'About', 'Given to', 'Due', 'Status', 'Agreed at', 'Outcome'], await rows(actions, prefix))
    : el('p', { class: 'govuk-body' }, 'None.'));
}

async function showAll() {
  await showList('my-actions', '/api/v1/actions?mine=true&status=open', 'mine', 'open actions given to you');
  await showList('agency-actions', '/api/v1/actions?agency=mine', 'agency', 'actions given to your agency');
}

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (!session) return;
  const staff = await staffOf(session.user.agency.id).catch(() => []);
  colleagues = new Map(staff.map((p) => [p.id, p.name]));
  await showAll();
}
start();
