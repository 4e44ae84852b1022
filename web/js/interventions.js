// The "Interventions" section of a context's page and of a young person's:
// the interventions the reader may see, newest first, and a short form to
// record one, offering the kinds of intervention for that kind of subject
// (places and groups, or young people).
import { api } from '/js/api.js';
import { chosen, interventionDates, interventionStatusNames, interventionStatusTags, tag } from '/js/casework.js';
import { allPages, el, fillSelect, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
let agencyNames = {};

/** subject: {path: '/api/v1/contexts/ID' or '/api/v1/people/ID', appliesTo: 'context' | 'young_person'} */
async function showList(subject) {
  const list = await allPages(api, `${subject.path}/interventions`);
  $('intervention-list').replaceChildren(list.length
    ? table('Interventions, newest first', ['Kind', 'Status', 'When', 'Lead agency', 'Outcome'], list.map((i) => [
      i.type_label || i.type, tag(interventionStatusNames[i.status], interventionStatusTags[i.status]), interventionDates(i),
      agencyNames[i.lead_agency_id] || '', i.outcome || 'Not recorded yet']))
    : el('p', { class: 'govuk-body' }, 'No interventions recorded yet that you may see.'));
}

/** The form's choices: the kinds that may be chosen now for the subject, and the partner agencies (yours first). */
async function fillForm(session, subject) {
  const [types, agencies] = await Promise.all([api('GET', '/api/v1/intervention-types'), allPages(api, '/api/v1/agencies')]);
  agencyNames = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
  const usable = types.items.filter((t) => t.applies_to === subject.appliesTo);
  fillSelect($('type'), [{ value: '', label: 'Choose a kind' }, ...usable.map((t) => ({ value: t.code, label: t.label }))]);
  const mine = session.user?.agency?.id;
  fillSelect($('lead_agency_id'), [...agencies].sort((a, b) => (b.id === mine) - (a.id === mine)).map((a) => ({ value: a.id, label: a.name })));
  $('started_on').value = new Date().toISOString().slice(0, 10);
}

async function record(event, subject, refreshChronology) {
  event.preventDefault();
  clearErrors();
  const body = { type: $('type').value, lead_agency_id: $('lead_agency_id').value, status: chosen('status'), started_on: $('started_on').value.trim(),
    ended_on: $('ended_on').value.trim(), description: $('description').value.trim(), outcome: $('outcome').value.trim(), sharing: chosen('sharing') };
  for (const key of Object.keys(body)) if (!body[key]) delete body[key];
  try {
    const made = await api('POST', `${subject.path}/interventions`, body);
    for (const id of ['ended_on', 'description', 'outcome']) $(id).value = '';
    $('type').value = '';
    $('intervention-details').open = false;
    await showList(subject);
    await refreshChronology();
    showDone(`The intervention (${made.type_label}) has been saved.`);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

/** Fills the section for subject and wires its form; refreshChronology redraws the page's chronology. */
export async function showInterventions(session, subject, refreshChronology) {
  await fillForm(session, subject);
  await showList(subject);
  $('intervention-form').addEventListener('submit', (event) => record(event, subject, refreshChronology));
}
