// Screening one concern (/screen?concern=ID): the concern, its indicators
// to confirm or add to, the risk level (the tool's, or the coordinator's
// with a reason) and the pathway. The result shows the score beside the
// decision.
import { api, requireSignIn } from '/js/api.js';
import { checkboxes, chosen, labelsOf, levelNames, levelTags, pathwayNames, tag, ticked } from '/js/casework.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const concernId = new URLSearchParams(location.search).get('concern') || '';
const row = (key, ...value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, ...value));

function radios(container, name, options, checked) {
  container.replaceChildren(...options.map(([value, label]) => el('div', { class: 'govuk-radios__item' },
    el('input', { class: 'govuk-radios__input', id: `${name}-${value || 'tool'}`, name, type: 'radio', value, checked: value === checked }),
    el('label', { class: 'govuk-label govuk-radios__label', for: `${name}-${value || 'tool'}` }, label))));
}

async function showConcern(c) {
  const types = await labelsOf('exploitation_type', c.exploitation_types);
  $('concern-summary').replaceChildren(
    row('Young person', c.person ? el('a', { class: 'govuk-link', href: `/person?id=${c.person.id}` }, c.person.name) : 'None named'),
    row('Place or group', c.context ? el('a', { class: 'govuk-link', href: `/context?id=${c.context.id}` }, c.context.name) : 'None named'),
    row('Date', c.concern_date),
    row('Raised by', c.raised_by),
    row('Kind of harm', types.join(', ') || 'Not said'),
    row('What was seen or heard', c.narrative),
    ...(c.young_person_words ? [row('In their words', c.young_person_words)] : []));
}

async function showResult(s, c) {
  $('screening-form').classList.add('app-hidden');
  const breakdown = await Promise.all(s.score_breakdown.map(async (b) =>
    `${b.code === 'adverse_experiences' ? 'Adverse childhood experiences' : await labelsOf('indicator', [{ code: b.code }])}: ${b.weight}`));
  $('screening-result').replaceChildren(
    el('h2', { class: 'govuk-heading-m' }, 'Screening saved'),
    el('p', { class: 'govuk-body' }, 'Risk level ', tag(levelNames[s.risk_level], levelTags[s.risk_level]), ` · pathway: ${pathwayNames[s.pathway]}`),
    el('p', { class: 'govuk-body' }, `The tool (version ${s.tool_version}) scored ${s.score}: ${levelNames[s.scored_level].toLowerCase()}.`),
    el('ul', { class: 'govuk-list govuk-list--bullet' }, breakdown.map((b) => el('li', {}, b))),
    el('p', { class: 'govuk-body' }, c.person ? el('a', { class: 'govuk-link', href: `/person?id=${c.person.id}` }, `See ${c.person.name}'s chronology`) : null,
      ' ', el('a', { class: 'govuk-link', href: '/triage' }, 'Back to new concerns')));
}

async function start() {
  if (!(await requireSignIn(['coordinator']))) return;
  let concern;
  try {
    concern = await api('GET', `/api/v1/concerns/${encodeURIComponent(concernId)}`);
  } catch (error) {
    $('screening-form').classList.add('app-hidden');
    showErrors([errorFor(error)]);
    return;
  }
  await showConcern(concern);
  await checkboxes($('indicators'), 'indicator', 'indicators', concern.indicators.map((i) => i.code));
  await checkboxes($('adverse_experiences'), 'adverse_childhood_experience', 'adverse_experiences', concern.adverse_experiences.map((i) => i.code));
  radios($('risk_level'), 'risk_level', [['', 'The level the tool gives'], ...Object.entries(levelNames)], '');
  radios($('pathway'), 'pathway', Object.entries(pathwayNames), null);
  $('screening-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    try {
      const screening = await api('POST', '/api/v1/screenings', { concern_id: concern.id, indicators: ticked('indicators'),
        adverse_experiences: ticked('adverse_experiences'), risk_level: chosen('risk_level') || undefined,
        rationale: $('rationale').value.trim() || undefined, pathway: chosen('pathway') || undefined });
      showDone('The screening is saved and the concern is marked screened.');
      await showResult(screening, concern);
    } catch (error) {
      showErrors([errorFor(error)]);
    }
  });
}
start();
