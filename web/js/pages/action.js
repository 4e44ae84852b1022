// Changing an action (/action?id=ID[&from=meeting]): its due date, and who in the agency
// given it is to do it (or the agency as a whole). Only what changed is
// sent, so an overdue action can be passed to someone else without a new
// date. Open to whoever may change the action — the agency given it and,
// for one shared with the hub, the coordinators; the server decides.
import { api, requireSignIn } from '/js/api.js';
import { actionStatusTag, agencyNames, overdueTag } from '/js/casework.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { fillAssignees, staffOf, wholeAgency } from '/js/staff.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
let action;
let agencies = {};

const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

async function assigneeName(a) {
  if (!a.assignee_user_id) return wholeAgency;
  const people = await staffOf(a.owner_agency_id).catch(() => []);
  return people.find((p) => p.id === a.assignee_user_id)?.name || 'Someone no longer active in the agency';
}

async function showFacts() {
  $('action-facts').replaceChildren(row('What is to be done', action.description),
    row('Agency', agencies[action.owner_agency_id] || ''),
    row('Given to', await assigneeName(action)),
    row('Due by', [action.due_on, overdueTag(action)]),
    row('Status', actionStatusTag(action)));
}

async function save(event) {
  event.preventDefault();
  clearErrors();
  const changes = {};
  const due = $('due_on').value.trim();
  if (due !== action.due_on) changes.due_on = due;
  const assignee = $('assignee_user_id').value || null;
  if (assignee !== (action.assignee_user_id || null)) changes.assignee_user_id = assignee;
  if (!Object.keys(changes).length) {
    showErrors([{ field: 'due_on', message: 'Change the due date or who the action is given to, or go back' }]);
    return;
  }
  try {
    action = await api('PATCH', `/api/v1/actions/${encodeURIComponent(id)}`, changes);
  } catch (error) {
    showErrors([errorFor(error)]);
    return;
  }
  await showFacts();
  showDone('The action is changed.');
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  try {
    [action, agencies] = await Promise.all([api('GET', `/api/v1/actions/${encodeURIComponent(id)}`), agencyNames()]);
  } catch (error) {
    $('action-facts').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  if (action.meeting_id && new URLSearchParams(location.search).get('from') === 'meeting') {
    $('back-link').href = `/meeting?id=${action.meeting_id}`;
    $('back-link').textContent = 'The meeting';
  }
  await showFacts();
  if (action.status !== 'open') return; // done or cancelled: nothing left to plan
  $('due_on').value = action.due_on;
  await fillAssignees($('assignee_user_id'), action.owner_agency_id, action.assignee_user_id);
  $('action-form').classList.remove('app-hidden');
  $('action-form').addEventListener('submit', save);
}
start();
