// One definition: its text, its history, which agencies have adopted the
// current version, and (for admins) recording adoption and publishing a
// new version.
import { api, requireSignIn } from '/js/api.js';
import { categoryNames, groupNames } from '/js/definitions-names.js';
import { el, fillSelect, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

function show(d) {
  document.title = `${d.label} – cshub`;
  $('definition-category').textContent = categoryNames[d.category] || d.category;
  $('definition-label').textContent = d.label;
  $('definition-text').textContent = d.definition;
  $('definition-facts').replaceChildren(
    row('Version', `${d.version}, adopted by the partnership on ${d.adopted_on}`),
    ...(d.indicator_group ? [row('Group', groupNames[d.indicator_group])] : []),
    ...(d.cin_code ? [row('Children in Need census code', d.cin_code)] : []),
    row('Code', el('code', {}, d.code)));
  $('definition-adoption').replaceChildren(table(`Adoption of version ${d.version}`, ['Agency', 'Adopted'],
    d.adoption.map((a) => [a.agency_name, a.adopted_on
      ? el('strong', { class: 'govuk-tag govuk-tag--green' }, `Adopted ${a.adopted_on}`)
      : el('strong', { class: 'govuk-tag govuk-tag--grey' }, 'Not yet')])));
  $('definition-history').replaceChildren(table('Every version, newest first', ['Version', 'Adopted', 'Definition'],
    d.versions.map((v) => [String(v.version), v.adopted_on, v.definition])));
  fillSelect($('adoption_agency'), d.adoption.map((a) => ({ value: a.agency_id, label: a.agency_name })));
  $('version_label').value = d.label;
  return d;
}

let current = null;

$('adoption-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  try {
    current = show(await api('POST', `/api/v1/definitions/${id}/adoptions`,
      { version: current.version, agency_id: $('adoption_agency').value, adopted_on: $('adoption_date').value.trim() }));
    showDone('The adoption is recorded.');
  } catch (error) {
    showErrors([{ ...errorFor(error), field: { adopted_on: 'adoption_date' }[error.field] || null }]);
  }
});

$('version-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  try {
    current = show(await api('POST', `/api/v1/definitions/${id}/versions`,
      { label: $('version_label').value.trim(), definition: $('version_text').value.trim(), adopted_on: $('version_date').value.trim() }));
    $('version_text').value = '';
    showDone(`Version ${current.version} is published. Agencies now need to adopt it.`);
  } catch (error) {
    showErrors([{ ...errorFor(error), field: { label: 'version_label', definition: 'version_text', adopted_on: 'version_date' }[error.field] || null }]);
  }
});

const session = await requireSignIn();
if (session) {
  try {
    current = show(await api('GET', `/api/v1/definitions/${encodeURIComponent(id)}`));
    $('definition-admin').classList.toggle('app-hidden', session.user.role !== 'admin');
  } catch (error) {
    showErrors([errorFor(error, { not_found: 'There is no such definition' })]);
  }
}
