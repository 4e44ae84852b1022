// MACE meetings (/meetings): the meetings the reader may see, newest
// first, and for coordinators a short form to plan a new one.
import { api, requireSignIn } from '/js/api.js';
import { agencyNames } from '/js/casework.js';
import { allPages, countOf, el, table } from '/js/dom.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const statusNames = { open: 'Open', closed: 'Closed' };

function agencyChoices(names) {
  $('invited_agency_ids').replaceChildren(...Object.entries(names).map(([id, name], i) => el('div', { class: 'govuk-checkboxes__item' },
    el('input', { class: 'govuk-checkboxes__input', id: `invite-${i}`, type: 'checkbox', value: id, checked: true }),
    el('label', { class: 'govuk-label govuk-checkboxes__label', for: `invite-${i}` }, name))));
}

async function plan(event) {
  event.preventDefault();
  clearErrors();
  const invited = [...document.querySelectorAll('#invited_agency_ids input:checked')].map((i) => i.value);
  try {
    const made = await api('POST', '/api/v1/meetings', { held_on: $('held_on').value.trim(), title: $('title').value.trim(), invited_agency_ids: invited });
    location.assign(`/meeting?id=${made.id}`);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (!session) return;
  const meetings = await allPages(api, '/api/v1/meetings');
  $('meeting-table').replaceChildren(meetings.length
    ? table(countOf(meetings, 'meeting', 'meetings'), ['Day', 'Title', 'Status'],
      meetings.map((m) => [el('time', { datetime: m.held_on }, m.held_on), el('a', { class: 'govuk-link', href: `/meeting?id=${m.id}` }, m.title), statusNames[m.status]]))
    : el('p', { class: 'govuk-body' }, 'No meetings yet.'));
  if (session.user.role !== 'coordinator') return;
  agencyChoices(await agencyNames());
  $('held_on').value = new Date().toISOString().slice(0, 10);
  $('title').value = 'MACE meeting';
  $('new-meeting').classList.remove('app-hidden');
  $('meeting-form').addEventListener('submit', plan);
}
start();
