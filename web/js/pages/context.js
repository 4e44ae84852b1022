// A context (/context?id=ID): a place, peer group, school, online space or
// neighbourhood, its assessments, interventions and disruption (with forms
// to record them), and its chronology.
import { api, requireSignIn } from '/js/api.js';
import { labelOf, levelTags, showChronology, tag } from '/js/casework.js';
import { showInterventions } from '/js/interventions.js';
import { el } from '/js/dom.js';
import { showDisruption } from '/js/disruption.js';
import { errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const id = new URLSearchParams(location.search).get('id') || '';
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

const labels = [['location_kind', 'Kind of place'], ['address', 'Address'], ['postcode', 'Postcode'], ['platform', 'Platform'], ['description', 'Description']];

/** The context's assessments, newest first: date, rating, answers and summary. */
async function showAssessments(c) {
  const [list, forms] = await Promise.all([api('GET', `/api/v1/contexts/${c.id}/assessments?limit=100`), api('GET', '/api/v1/assessment-forms')]);
  const questions = Object.fromEntries((forms.forms.find((f) => f.context_kind === c.kind)?.questions || []).map((q) => [q.code, q.label]));
  $('assessment-list').replaceChildren(list.items.length
    ? el('ol', { class: 'app-chronology', 'aria-label': 'Assessments, newest first' }, list.items.map((a) => el('li', { class: 'app-chronology__entry' },
      el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, el('time', { datetime: a.assessed_on }, a.assessed_on), ' ',
        tag(`${a.risk_rating.charAt(0).toUpperCase()}${a.risk_rating.slice(1)} risk`, levelTags[a.risk_rating])),
      el('dl', { class: 'govuk-summary-list govuk-summary-list--no-border' }, Object.entries(a.answers).map(([code, text]) => row(questions[code] || code, text))),
      el('p', { class: 'govuk-body' }, a.summary))))
    : el('p', { class: 'govuk-body' }, 'Not assessed yet.'));
  $('assess-link').href = `/assess?context=${c.id}`;
  $('assess-link').classList.remove('app-hidden');
}

/** Whether the context is a hotspot, and whether cshub proposes assessing it (as on those pages, with their defaults). */
async function showStatus(c) {
  const [hotspots, proposals] = await Promise.all([
    api('GET', '/api/v1/network/hotspots?risk=medium&min_young_people=3&limit=100'),
    api('GET', '/api/v1/network/proposals?min_young_people=3&limit=100&link_types=member_of,attends,frequents'),
  ]);
  const hotspot = hotspots.hotspots.find((h) => h.id === c.id);
  const proposal = proposals.proposals.find((p) => p.context.id === c.id);
  $('context-status').replaceChildren(
    hotspot ? el('div', { class: 'govuk-inset-text', id: 'hotspot-status' }, tag('Hotspot', 'govuk-tag--red'), ' ',
      `Linked to ${hotspot.young_people_at_risk} young people whose latest screening is medium risk or higher. `,
      el('a', { class: 'govuk-link', href: '/hotspots' }, 'See all hotspots')) : '',
    proposal ? el('div', { class: 'govuk-inset-text', id: 'proposal-status' }, tag('Assessment proposed', 'govuk-tag--orange'), ' ',
      `${proposal.young_people_open} young people open to the hub are linked to it, and it has not been assessed in the last six months: `,
      el('a', { class: 'govuk-link', href: `/assess?context=${c.id}` }, 'start the assessment')) : '');
}

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (!session) return;
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
  if (new URLSearchParams(location.search).get('assessed')) showDone('The assessment has been saved.');
  await Promise.all([showStatus(c), showAssessments(c)]);
  await showInterventions(session, { path: `/api/v1/contexts/${c.id}`, appliesTo: 'context' },
    () => showChronology($('chronology'), `/api/v1/contexts/${c.id}/chronology`, c.id));
  const chronology = () => showChronology($('chronology'), `/api/v1/contexts/${c.id}/chronology`, c.id);
  await showDisruption(session, { field: 'context_id', id: c.id, kind: c.kind }, chronology);
  await chronology();
}
start();
