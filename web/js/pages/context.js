// A context (/context?id=ID): a place, peer group, school, online space or
// neighbourhood, and its chronology.
import { api, requireSignIn } from '/js/api.js';
import { labelOf, showChronology } from '/js/casework.js';
import { el } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

const labels = [['location_kind', 'Kind of place'], ['address', 'Address'], ['postcode', 'Postcode'], ['platform', 'Platform'], ['description', 'Description']];

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  let c;
  try {
    c = await api('GET', `/api/v1/contexts/${encodeURIComponent(id)}`);
  } catch (error) {
    $('chronology').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  document.title = `${c.name} – cshub`;
  $('context-name').textContent = c.name;
  $('context-kind').textContent = await labelOf('context_type', c.kind);
  $('network-link').href = `/network?subject=${c.id}`;
  $('network-link').classList.remove('app-hidden');
  $('context-facts').replaceChildren(...labels.filter(([key]) => c[key]).map(([key, label]) => row(label, String(c[key]).replaceAll('_', ' '))));
  await showChronology($('chronology'), `/api/v1/contexts/${c.id}/chronology`, c.id);
}
start();
