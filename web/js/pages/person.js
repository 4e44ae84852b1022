// A young person or adult of concern (/person?id=ID): who they are, and
// their chronology. Every look is audited by the server.
import { api, requireSignIn } from '/js/api.js';
import { fullName, showChronology } from '/js/casework.js';
import { el } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

const labels = [
  ['aliases', 'Also known as'], ['date_of_birth', 'Date of birth'], ['estimated_age', 'Age (estimated)'], ['sex', 'Sex'],
  ['ethnicity', 'Ethnicity'], ['address', 'Address'], ['postcode', 'Postcode'], ['school', 'School'],
  ['nhs_number', 'NHS number'], ['unique_pupil_number', 'Unique pupil number'], ['police_reference', 'Police reference'],
  ['council_case_number', 'Council case number'],
];

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (!session) return;
  let p;
  try {
    p = await api('GET', `/api/v1/people/${encodeURIComponent(id)}`);
  } catch (error) {
    $('chronology').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  document.title = `${fullName(p)} – cshub`;
  $('person-name').textContent = fullName(p);
  $('person-kind').textContent = p.kind === 'adult_of_concern' ? 'Adult of concern' : 'Young person';
  $('person-facts').replaceChildren(...labels
    .filter(([key]) => p[key] !== null && p[key] !== undefined && !(Array.isArray(p[key]) && !p[key].length))
    .map(([key, label]) => row(label, Array.isArray(p[key]) ? p[key].join(', ') : String(p[key]))));
  const link = $('record-concern-link');
  link.href = `/record-concern?person=${p.id}`;
  link.classList.remove('app-hidden');
  $('network-link').href = `/network?subject=${p.id}`;
  $('network-link').classList.remove('app-hidden');
  await showChronology($('chronology'), `/api/v1/people/${p.id}/chronology`, p.id);
}
start();
