// Two records side by side (/compare?a=ID&b=ID), with why cshub thinks
// they may be one young person; the coordinator merges them (choosing the
// record to keep, and saying why) or sets the pair aside as two people.
import { api, requireSignIn } from '/js/api.js';
import { agencyNames, fullName, matchTag } from '/js/casework.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const ids = [query.get('a') || '', query.get('b') || ''];

const fields = [
  ['Name', fullName], ['Also known as', (p) => p.aliases.join(', ')], ['Date of birth', (p) => p.date_of_birth],
  ['Age (estimated)', (p) => p.estimated_age], ['Sex', (p) => p.sex], ['Ethnicity', (p) => p.ethnicity],
  ['Address', (p) => p.address], ['Postcode', (p) => p.postcode], ['School', (p) => p.school],
  ['NHS number', (p) => p.nhs_number], ['Unique pupil number', (p) => p.unique_pupil_number],
  ['Police reference', (p) => p.police_reference], ['Council case number', (p) => p.council_case_number],
  ['Sharing', (p) => p.sharing], ['Recorded', (p) => p.created_at.slice(0, 10)],
];

function comparison(people, agencies) {
  const cell = (value, differs) => el('td', { class: `govuk-table__cell${differs ? ' app-differs' : ''}` },
    value === null || value === undefined || value === '' ? '—' : String(value),
    differs ? el('span', { class: 'govuk-visually-hidden' }, ' (differs)') : null);
  const rows = fields.map(([label, value]) => {
    const [a, b] = people.map(value);
    const recorded = (v) => v !== null && v !== undefined && v !== '';
    const differs = recorded(a) && recorded(b) && String(a) !== String(b); /* one side blank is not a difference */
    return el('tr', { class: 'govuk-table__row' }, el('th', { scope: 'row', class: 'govuk-table__header' }, label), cell(a, differs), cell(b, differs));
  });
  const heading = (p) => el('th', { scope: 'col', class: 'govuk-table__header' },
    el('a', { class: 'govuk-link', href: `/person?id=${p.id}` }, `Record held by ${agencies[p.owner_agency_id] || 'another agency'}`));
  return el('table', { class: 'govuk-table app-comparison' },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--m' }, 'The two records'),
    el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
      el('td', { class: 'govuk-table__header' }), ...people.map(heading))),
    el('tbody', { class: 'govuk-table__body' }, rows));
}

function keepChoices(people, agencies) {
  $('kept_id').replaceChildren(...people.map((p, i) => el('div', { class: 'govuk-radios__item' },
    el('input', { class: 'govuk-radios__input', id: `keep-${i}`, name: 'kept_id', type: 'radio', value: p.id, checked: i === 0 }),
    el('label', { class: 'govuk-label govuk-radios__label', for: `keep-${i}` },
      `Keep ${fullName(p)} (${agencies[p.owner_agency_id] || 'another agency'})`))));
}

async function showScore(people) {
  const candidates = await api('GET', `/api/v1/people/${people[0].id}/duplicates`);
  const match = candidates.items.find((c) => c.person.id === people[1].id);
  if (!match) {
    $('pair-score').replaceChildren('cshub does not offer these two as a pair now (a coordinator may have set them aside).');
    return;
  }
  $('pair-score').replaceChildren('Matching score: ', matchTag(match.score));
  $('pair-reasons').replaceChildren(...match.reasons.map((r) => el('li', {}, r)));
}

async function merge(event, people) {
  event.preventDefault();
  clearErrors();
  const reason = $('reason').value.trim();
  if (!reason) {
    showErrors([{ field: 'reason', message: 'Say why they are the same young person' }]);
    return;
  }
  const keptId = document.querySelector('input[name="kept_id"]:checked').value;
  const mergedId = people.find((p) => p.id !== keptId).id;
  try {
    const done = await api('POST', '/api/v1/merges', { kept_id: keptId, merged_id: mergedId, reason });
    location.assign(`/person?id=${done.kept_id}&merged=${done.id}`);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

async function setAside(people) {
  clearErrors();
  try {
    await api('POST', '/api/v1/duplicates/set-aside', { person_id: people[0].id, other_id: people[1].id });
    $('merge-form').classList.add('app-hidden');
    showDone('The pair is set aside as two different people: it leaves the queue.');
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

async function start() {
  if (!(await requireSignIn(['coordinator']))) return;
  let people;
  try {
    people = await Promise.all(ids.map((id) => api('GET', `/api/v1/people/${encodeURIComponent(id)}`)));
  } catch (error) {
    $('comparison').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  const agencies = await agencyNames();
  $('comparison').replaceChildren(comparison(people, agencies));
  const merged = people.find((p) => p.merged);
  if (merged) {
    $('pair-score').replaceChildren(`${fullName(merged)}'s record has been merged already.`);
    return;
  }
  await showScore(people).catch((error) => showErrors([errorFor(error)]));
  keepChoices(people, agencies);
  $('merge-form').classList.remove('app-hidden');
  $('merge-form').addEventListener('submit', (event) => merge(event, people));
  $('set-aside-button').addEventListener('click', () => setAside(people));
}
start();
