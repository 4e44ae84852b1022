// One MACE meeting (/meeting?id=ID): the agenda (built from the evidence,
// then edited and put in order), attendance, each item's discussion and
// decisions, and the actions given to agencies (and, when chosen, to one
// of their people). Coordinators change an open meeting, and close it
// after a warning; a closed one, and what practitioners see, is read
// only. Each item shows only what the reader may see.
import { api, requireSignIn } from '/js/api.js';
import { actionStatusTag, agencyNames, changeActionLink, levelNames, levelTags, overdueTag, subjectOf, tag } from '/js/casework.js';
import { allPages, el, fillSelect, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { fillAssignees, wholeAgency } from '/js/staff.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const kindNames = { young_person: 'Young person', adult_of_concern: 'Adult of concern', context: 'Place or group', hotspot: 'Hotspot',
  overdue_action: 'Overdue action', other: 'Other business' };
let meeting;
let agencies = {};
let editable = false;
const subjectNames = new Map(); // item id -> the name of what it is about, as shown

const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

async function refresh(message) {
  location.assign(`/meeting?id=${id}${message ? `&done=${message}` : ''}`);
}

function showFacts() {
  $('meeting-title').textContent = meeting.title;
  document.title = `${meeting.title} – cshub`;
  $('meeting-facts').replaceChildren(row('Day', meeting.held_on),
    row('Status', meeting.status === 'open' ? 'Open' : `Closed on ${meeting.closed_at.slice(0, 10)}`),
    row('Agencies invited', meeting.invited_agency_ids.map((a) => agencies[a] || a).join(', ') || 'None recorded'));
}

function showAttendance() {
  const list = meeting.attendance;
  $('attendance-table').replaceChildren(list.length
    ? table('Who came, and who sent apologies', ['Name', 'Agency', 'Attendance'],
      list.map((a) => [a.name, agencies[a.agency_id] || '', a.attended === 'present' ? 'Present' : 'Apologies']))
    : el('p', { class: 'govuk-body' }, 'No attendance recorded yet.'));
}

async function addAttendee(event) {
  event.preventDefault();
  clearErrors();
  const name = $('attendee_name').value.trim();
  if (!name) {
    showErrors([{ field: 'attendee_name', message: 'Enter the name of who came or sent apologies' }]);
    return;
  }
  const attendance = [...meeting.attendance, { agency_id: $('attendee_agency').value, name, attended: $('attendee_attended').value }];
  try {
    await api('PATCH', `/api/v1/meetings/${id}`, { attendance });
    await refresh('attendance');
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

/* ---- one agenda item -------------------------------------------------- */

/* What an item is about, in words, for the names of its buttons. */
function subjectName(item) {
  return subjectNames.get(item.id) || kindNames[item.kind];
}

/* What the panel needs about the young person or adult an item is about:
 * the latest screening, recent concerns, their links and open actions —
 * each only as far as the reader may see it. */
async function summaryOf(item) {
  if (!item.person_id) return null;
  const read = (path) => api('GET', path).catch(() => null);
  const [chronology, links, open] = await Promise.all([
    read(`/api/v1/people/${item.person_id}/chronology?limit=20`),
    read(`/api/v1/people/${item.person_id}/links?limit=100`),
    read(`/api/v1/actions?person_id=${item.person_id}&status=open&limit=100`)]);
  if (!chronology) return null;
  const screening = chronology.items.find((e) => e.type === 'screening');
  const concerns = chronology.items.filter((e) => e.type === 'concern').length;
  const count = (n, one, many) => `${n}${n >= 100 ? ' or more' : ''} ${n === 1 ? one : many}`;
  const overdue = open ? open.items.filter((a) => a.overdue).length : 0;
  return el('dl', { class: 'govuk-summary-list govuk-summary-list--no-border app-item-summary' },
    item.kind === 'young_person' ? row('Latest screening', screening
      ? [tag(levelNames[screening.record.risk_level], levelTags[screening.record.risk_level]), ` on ${screening.date}`] : 'Not screened yet') : null,
    row('Recent concerns', `${count(concerns, 'concern', 'concerns')} among the last ${chronology.items.length} entries of the chronology`),
    row('Links', links ? count(links.items.length, 'link to a person or place', 'links to people and places') : 'None you may see'),
    row('Open actions', open ? `${count(open.items.length, 'open action', 'open actions')}${overdue ? `, ${overdue} overdue` : ''}` : 'None you may see'));
}

function actionRow(a) {
  const cells = [a.description, agencies[a.owner_agency_id] || '', a.due_on, [actionStatusTag(a), overdueTag(a)]];
  if (!editable) return cells;
  return [...cells, a.status === 'open' ? changeActionLink(a, 'meeting') : ''];
}

function textarea(name, label, value) {
  return el('div', { class: 'govuk-form-group', id: `${name}-group` },
    el('label', { class: 'govuk-label govuk-label--s', for: name }, label),
    el('p', { class: 'govuk-error-message app-hidden', id: `${name}-error` }),
    el('textarea', { class: 'govuk-textarea', id: name, rows: 3 }, value || ''));
}

function discussionForm(item, n) {
  return el('form', { novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clearErrors();
    try {
      const saved = await api('PATCH', `/api/v1/meeting-items/${item.id}`, { discussion: $(`discussion-${n}`).value.trim() || null, decisions: $(`decisions-${n}`).value.trim() || null });
      const shown = meeting.items.find((i) => i.id === item.id) || item;
      Object.assign(shown, { discussion: saved.discussion, decisions: saved.decisions });
      showContents();
      showDone(`Item ${shown.position} is saved.`);
    } catch (error) {
      showErrors([errorFor(error)]);
    }
  } }, textarea(`discussion-${n}`, 'Discussion', item.discussion), textarea(`decisions-${n}`, 'Decisions', item.decisions),
  el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', id: `save-item-${n}` }, 'Save the discussion and decisions'));
}

function actionForm(item, n) {
  const agencyId = `action-agency-${n}`;
  const assigneeId = `action-assignee-${n}`;
  const form = el('form', { novalidate: true, class: 'app-action-form', onsubmit: async (event) => {
    event.preventDefault();
    clearErrors();
    const body = { meeting_id: meeting.id, item_id: item.id, description: $(`action-description-${n}`).value.trim(),
      owner_agency_id: $(agencyId).value, due_on: $(`action-due-${n}`).value.trim() };
    if ($(assigneeId).value) body.assignee_user_id = $(assigneeId).value;
    if (item.person_id) body.person_id = item.person_id;
    if (item.context_id) body.context_id = item.context_id;
    try {
      await api('POST', '/api/v1/actions', body);
      await refresh('action');
    } catch (error) {
      const fields = { description: `action-description-${n}`, due_on: `action-due-${n}`, owner_agency_id: agencyId, assignee_user_id: assigneeId };
      showErrors([{ ...errorFor(error), field: fields[error.field] || null }]);
    }
  } },
  textarea(`action-description-${n}`, 'What is to be done', ''),
  el('div', { class: 'govuk-form-group' }, el('label', { class: 'govuk-label govuk-label--s', for: agencyId }, 'By which agency'),
    el('select', { class: 'govuk-select', id: agencyId, onchange: (event) => fillAssignees($(assigneeId), event.target.value) })),
  el('div', { class: 'govuk-form-group', id: `${assigneeId}-group` },
    el('label', { class: 'govuk-label govuk-label--s', for: assigneeId }, 'Given to (optional)'),
    el('div', { class: 'govuk-hint', id: `${assigneeId}-hint` }, 'Someone in that agency, or the agency as a whole'),
    el('p', { class: 'govuk-error-message app-hidden', id: `${assigneeId}-error` }),
    el('select', { class: 'govuk-select', id: assigneeId, 'aria-describedby': `${assigneeId}-hint` })),
  el('div', { class: 'govuk-form-group', id: `action-due-${n}-group` }, el('label', { class: 'govuk-label govuk-label--s', for: `action-due-${n}` }, 'Due by'),
    el('div', { class: 'govuk-hint', id: `action-due-${n}-hint` }, 'YYYY-MM-DD'),
    el('p', { class: 'govuk-error-message app-hidden', id: `action-due-${n}-error` }),
    el('input', { class: 'govuk-input govuk-input--width-10', id: `action-due-${n}`, type: 'text', autocomplete: 'off', 'aria-describedby': `action-due-${n}-hint` })),
  el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', id: `give-action-${n}` }, 'Give the action'));
  fillSelect(form.querySelector(`#${agencyId}`), Object.entries(agencies).map(([value, label]) => ({ value, label })));
  fillSelect(form.querySelector(`#${assigneeId}`), [{ value: '', label: wholeAgency }]);
  return form;
}

/* The staff of the agency chosen, asked for (and audited) only once the
 * form is opened. */
function whenOpened(event, n) {
  if (event.target.open && !$(`action-assignee-${n}`).dataset.agency) fillAssignees($(`action-assignee-${n}`), $(`action-agency-${n}`).value);
}

/* ---- the order of the agenda ------------------------------------------ */

/* "Move up" and "Move down" for the item shown at index of count; each
 * button's name says which item it moves. */
function moveButtons(item, index, count) {
  const button = (direction, neighbour) => el('button', { type: 'button', class: 'govuk-button govuk-button--secondary',
    'data-move': direction, onclick: () => moveItem(item, neighbour, direction) },
  `Move ${direction}`, el('span', { class: 'govuk-visually-hidden' }, ` item ${item.position}, ${subjectName(item)}`));
  return [index > 0 ? button('up', meeting.items[index - 1]) : '', index < count - 1 ? button('down', meeting.items[index + 1]) : ''];
}

/* A list of the items at the top, each a link to it, marked once it has
 * been discussed: a long agenda is reached item by item. */
function showContents() {
  const discussed = (item) => item.discussion || item.decisions;
  $('agenda-contents').replaceChildren(meeting.items.length < 2 ? '' : el('ol', { class: 'govuk-list app-agenda-contents__list' },
    meeting.items.map((item) => el('li', {}, `${item.position}. `,
      el('a', { class: 'govuk-link', href: `#item-${item.id}` }, subjectName(item)),
      discussed(item) ? [' ', tag('Discussed', 'govuk-tag--green')] : ''))));
}

/* Shows each item's number and move buttons as they now are, in order. */
function showOrder() {
  showContents();
  const list = $('agenda').querySelector('ol');
  if (!list) return;
  meeting.items.forEach((item, index) => {
    const entry = list.querySelector(`[data-item="${item.id}"]`);
    list.append(entry); // in agenda order
    entry.querySelector('.app-agenda__number').textContent = `${item.position}. `;
    entry.querySelector('.app-agenda__move')?.replaceChildren(...moveButtons(item, index, meeting.items.length).filter(Boolean));
  });
}

/* Moves item to the place of neighbour, the item shown above (up) or
 * below (down) it: the server moves the items between, even those this
 * reader may not see. The focus stays on the item moved; what was typed
 * in the agenda stays too. */
async function moveItem(item, neighbour, direction) {
  clearErrors();
  try {
    await api('PATCH', `/api/v1/meeting-items/${item.id}`, { position: neighbour.position });
    meeting = await api('GET', `/api/v1/meetings/${encodeURIComponent(id)}`);
  } catch (error) {
    showErrors([errorFor(error)]);
    return;
  }
  showOrder();
  const moved = meeting.items.find((i) => i.id === item.id);
  const entry = $('agenda').querySelector(`[data-item="${item.id}"]`);
  (entry.querySelector(`[data-move="${direction}"]`) || entry.querySelector('[data-move]'))?.focus();
  showDone(`${subjectName(item)} is now item ${moved.position}.`);
}

async function itemEntry(item, n, actions) {
  const mine = actions.filter((a) => a.item_id === item.id);
  const [about, summary] = await Promise.all([subjectOf(item), summaryOf(item)]);
  const subject = about || kindNames[item.kind];
  subjectNames.set(item.id, subject instanceof Node ? subject.textContent : subject);
  return el('li', { class: 'app-agenda__item', 'data-item': item.id, id: `item-${item.id}` },
    el('h3', { class: 'govuk-heading-s' }, el('span', { class: 'app-agenda__number' }, `${item.position}. `), subject, ' ', tag(kindNames[item.kind], 'govuk-tag--grey')),
    editable ? el('div', { class: 'govuk-button-group app-agenda__move' }) : '',
    el('p', { class: 'govuk-body' }, `On the agenda because: ${item.reason}.`), summary,
    editable ? discussionForm(item, n) : [
      item.discussion ? el('p', { class: 'govuk-body' }, el('strong', {}, 'Discussion: '), item.discussion) : '',
      item.decisions ? el('p', { class: 'govuk-body' }, el('strong', {}, 'Decisions: '), item.decisions) : ''],
    mine.length ? table('Actions', ['What', 'Agency', 'Due', 'Status', ...(editable ? [el('span', { class: 'govuk-visually-hidden' }, 'Change')] : [])],
      mine.map(actionRow)) : '',
    editable ? el('details', { class: 'govuk-details', ontoggle: (event) => whenOpened(event, n) },
      el('summary', { class: 'govuk-details__summary', id: `give-action-summary-${n}` }, el('span', { class: 'govuk-details__summary-text' }, 'Give an action about this item')),
      el('div', { class: 'govuk-details__text' }, actionForm(item, n))) : '');
}

async function showAgenda() {
  const actions = await allPages(api, `/api/v1/actions?meeting_id=${encodeURIComponent(id)}`);
  const items = meeting.items;
  $('agenda').replaceChildren(items.length
    ? el('ol', { class: 'app-agenda', 'aria-label': 'Agenda' }, await Promise.all(items.map((item, n) => itemEntry(item, n, actions))))
    : el('p', { class: 'govuk-body' }, editable ? 'The agenda is empty: build it from the evidence.' : 'No items you may see.'));
  if (editable) showOrder();
  else showContents();
}

/* ---- closing, after a warning -------------------------------------------- */

function askBeforeClosing(asking) {
  $('meeting-buttons').classList.toggle('app-hidden', asking);
  $('close-confirm').classList.toggle('app-hidden', !asking);
  (asking ? $('close-confirm-title') : $('close-meeting')).focus();
}

async function buttonAction(path, message) {
  clearErrors();
  try {
    await api('POST', path);
    await refresh(message);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

const doneMessages = { attendance: 'The attendance is saved.', action: 'The action is given.', agenda: 'The agenda is built from the evidence.', closed: 'The meeting is closed: nothing in it can change now.' };

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (!session) return;
  try {
    [meeting, agencies] = await Promise.all([api('GET', `/api/v1/meetings/${encodeURIComponent(id)}`), agencyNames()]);
  } catch (error) {
    $('agenda').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  editable = session.user.role === 'coordinator' && meeting.status === 'open';
  const done = new URLSearchParams(location.search).get('done');
  if (doneMessages[done]) showDone(doneMessages[done]);
  showFacts();
  showAttendance();
  for (const link of ['minutes-link', 'minutes-link-closed']) $(link).href = `/minutes?id=${id}`;
  if (editable) {
    $('meeting-buttons').classList.remove('app-hidden');
    $('attendance-form').classList.remove('app-hidden');
    fillSelect($('attendee_agency'), Object.entries(agencies).map(([value, label]) => ({ value, label })));
    $('attendance-form').addEventListener('submit', addAttendee);
    $('build-agenda').addEventListener('click', () => buttonAction(`/api/v1/meetings/${id}/agenda`, 'agenda'));
    $('close-meeting').addEventListener('click', () => askBeforeClosing(true));
    $('cancel-close').addEventListener('click', () => askBeforeClosing(false));
    $('confirm-close').addEventListener('click', () => buttonAction(`/api/v1/meetings/${id}/close`, 'closed'));
  } else {
    $('minutes-only').classList.remove('app-hidden');
  }
  await showAgenda();
}
start();
