// The "Disruption" section of an adult of concern's page and of a context's
// page: the disruption recorded against them that the reader may see, and
// a short form to record one, offering only the tactics used against that
// kind of target. The tactics mirror the constant list in
// src/domain/disruption.c, which refuses any other.
import { api } from '/js/api.js';
import { agencyNames, chosen, disruptionWhat } from '/js/casework.js';
import { allPages, el, fillSelect, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);

// [code, label, what it is used against: adult, premises (a place), other (a group, an online space, a school)]
export const disruptionTactics = [
  ['child_abduction_warning_notice', 'Child Abduction Warning Notice', ['adult']],
  ['community_protection_notice', 'Community Protection Notice', ['adult', 'premises']],
  ['closure_order', 'Closure order', ['premises']], ['arrest', 'Arrest', ['adult']],
  ['licensing_review', 'Licensing review', ['premises']],
  ['nrm_referral', 'National Referral Mechanism referral', ['adult']], ['sexual_risk_order', 'Sexual Risk Order', ['adult']],
  ['slavery_trafficking_prevention_order', 'Slavery and Trafficking Prevention Order', ['adult']],
  ['other', 'Other', ['adult', 'premises', 'other']],
];

const targetOf = (target) => (target.field === 'person_id' ? 'adult' : target.kind === 'location' ? 'premises' : 'other');

async function showList(target) {
  const [list, names] = await Promise.all([allPages(api, `/api/v1/disruptions?${target.field}=${target.id}`), agencyNames()]);
  $('disruption-list').replaceChildren(list.length
    ? table('Disruption, newest first', ['Date', 'Tactic', 'Agency', 'Result'], list.map((d) => [
      el('time', { datetime: d.occurred_on }, d.occurred_on), disruptionWhat(d), names[d.agency_id] || '',
      d.result ? `${d.result}${d.outcome_on ? ` (${d.outcome_on})` : ''}` : 'Not recorded yet']))
    : el('p', { class: 'govuk-body' }, 'No disruption recorded yet that you may see.'));
}

async function fillForm(session, target) {
  const agencies = await allPages(api, '/api/v1/agencies');
  const fitting = disruptionTactics.filter(([, , against]) => against.includes(targetOf(target)));
  fillSelect($('disruption-tactic'), [{ value: '', label: 'Choose a tactic' }, ...fitting.map(([value, label]) => ({ value, label }))]);
  const mine = session.user?.agency?.id;
  fillSelect($('disruption-agency_id'), [...agencies].sort((a, b) => (b.id === mine) - (a.id === mine)).map((a) => ({ value: a.id, label: a.name })));
  $('disruption-occurred_on').value = new Date().toISOString().slice(0, 10);
}

async function record(event, target, onSaved) {
  event.preventDefault();
  clearErrors();
  const value = (name) => $(`disruption-${name}`).value.trim();
  const body = { [target.field]: target.id, tactic: value('tactic'), tactic_description: value('tactic_description'),
    agency_id: value('agency_id'), occurred_on: value('occurred_on'), result: value('result'), notes: value('notes'),
    sharing: chosen('disruption-sharing') };
  for (const key of Object.keys(body)) if (!body[key]) delete body[key];
  try {
    const made = await api('POST', '/api/v1/disruptions', body);
    for (const name of ['tactic', 'tactic_description', 'result', 'notes']) $(`disruption-${name}`).value = '';
    $('disruption-details').open = false;
    showDone(`The disruption (${disruptionWhat(made)}) has been saved.`);
    await showList(target);
    await onSaved();
  } catch (error) {
    const shown = errorFor(error);
    showErrors([{ ...shown, field: shown.field ? `disruption-${shown.field}` : null }]);
  }
}

/**
 * Shows the section for target {field: 'person_id' or 'context_id', id, kind: a context's kind},
 * and records from its form; onSaved() refreshes what else shows it.
 */
export async function showDisruption(session, target, onSaved) {
  $('disruption-section').classList.remove('app-hidden');
  await fillForm(session, target);
  await showList(target);
  $('disruption-form').addEventListener('submit', (event) => record(event, target, onSaved));
}
