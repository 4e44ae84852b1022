// The minutes of a MACE meeting (/minutes?id=ID), laid out for printing,
// with a link to the same minutes as a PDF made by the server
// (/api/v1/meetings/ID/minutes.pdf): attendance, and for each item the
// reader may see its subject, why it was discussed, the decisions and the
// actions agreed. Nothing the reader may not see is shown or counted.
import { api, requireSignIn } from '/js/api.js';
import { agencyNames, fullName } from '/js/casework.js';
import { allPages, el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const kindNames = { young_person: 'Young person', adult_of_concern: 'Adult of concern', context: 'Place or group', hotspot: 'Hotspot',
  overdue_action: 'Overdue action', other: 'Other business' };
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

async function subjectName(item) {
  const read = (path) => api('GET', path).catch(() => null);
  if (item.person_id) return fullName(await read(`/api/v1/people/${item.person_id}`) || { given_name: 'Someone', family_name: 'you may not see' });
  if (item.context_id) return (await read(`/api/v1/contexts/${item.context_id}`))?.name || 'A place you may not see';
  return kindNames[item.kind];
}

function actionsTable(list, agencies) {
  return table('Actions agreed', ['What', 'Agency', 'Due', 'Status'],
    list.map((a) => [a.description, agencies[a.owner_agency_id] || '', a.due_on, a.status + (a.overdue ? ' (overdue)' : '')]));
}

async function itemMinutes(item, actions, agencies) {
  const mine = actions.filter((a) => a.item_id === item.id);
  return el('section', { class: 'app-minutes__item' },
    el('h3', { class: 'govuk-heading-s' }, `${item.position}. ${await subjectName(item)} (${kindNames[item.kind].toLowerCase()})`),
    el('p', { class: 'govuk-body' }, el('strong', {}, 'Why: '), item.reason),
    el('p', { class: 'govuk-body' }, el('strong', {}, 'Discussion: '), item.discussion || 'Not recorded.'),
    el('p', { class: 'govuk-body' }, el('strong', {}, 'Decisions: '), item.decisions || 'Not recorded.'),
    mine.length ? actionsTable(mine, agencies) : '');
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  $('download-pdf').href = `/api/v1/meetings/${encodeURIComponent(id)}/minutes.pdf`;
  let meeting;
  let agencies;
  let actions;
  try {
    [meeting, agencies, actions] = await Promise.all([api('GET', `/api/v1/meetings/${encodeURIComponent(id)}`), agencyNames(),
      allPages(api, `/api/v1/actions?meeting_id=${encodeURIComponent(id)}`)]);
  } catch (error) {
    $('minutes-items').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  document.title = `Minutes: ${meeting.title} – cshub`;
  $('back-link').href = `/meeting?id=${meeting.id}`;
  $('minutes-title').textContent = `${meeting.title}, ${meeting.held_on}`;
  $('minutes-facts').replaceChildren(row('Status', meeting.status === 'closed' ? 'Closed' : 'Open: these minutes may still change'),
    row('Agencies invited', meeting.invited_agency_ids.map((a) => agencies[a] || a).join(', ') || 'None recorded'));
  $('minutes-attendance').replaceChildren(meeting.attendance.length
    ? table('Attendance', ['Name', 'Agency', 'Attendance'], meeting.attendance.map((a) => [a.name, agencies[a.agency_id] || '', a.attended === 'present' ? 'Present' : 'Apologies']))
    : el('p', { class: 'govuk-body' }, 'Not recorded.'));
  $('minutes-items').replaceChildren(...await Promise.all(meeting.items.map((item) => itemMinutes(item, actions, agencies))));
  const shown = new Set(meeting.items.map((item) => item.id));
  const others = actions.filter((a) => !shown.has(a.item_id));
  if (others.length) {
    $('minutes-other-actions').replaceChildren(el('h2', { class: 'govuk-heading-m' }, 'Other actions agreed at the meeting'),
      actionsTable(others, agencies));
  }
  $('print-button').addEventListener('click', () => window.print());
}
start();
