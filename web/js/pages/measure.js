// One outcome measure (/measure?code=...&from=...&to=...&by=...): what it
// counts and how, its figure for the period against the period before,
// its monthly trend, and its breakdown for the period (by agency,
// exploitation type, area with rates per 10,000 where populations are
// set, age band, sex or ethnicity), each chart with its table.
import { api, requireSignIn } from '/js/api.js';
import { el, fillSelect } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';
import { breakdownChart, breakdownNames, comparison, figure, levelNames, madeOf, readPeriod, suppressionNote,
  trendChart } from '/js/outcomes.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const period = readPeriod(params);
const code = params.get('code') || '';
const by = params.get('by') || 'none';
$('from').value = period.from;
$('to').value = period.to;
$('code').value = code;

const LINES_MAX = 8;

function definition(measure) {
  const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
    el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));
  const better = { higher: 'Higher', lower: 'Lower', neither: 'Neither: it shows the load, not success' }[measure.better];
  return el('dl', { class: 'govuk-summary-list' },
    row('What it shows', measure.definition),
    row('How it is counted', measure.computation),
    row('Level', levelNames[measure.level]),
    row('Better when', better),
    row('Target', measure.target === null ? 'None set' : figure({ value: measure.target }, measure.kind)),
    row('Source', measure.source),
    measure.recommendation ? row('Recommendation', `Recommendation ${measure.recommendation} of the cabinet decision`) : null);
}

function headline(answer) {
  const { measure } = answer;
  return el('div', { class: 'app-measure app-measure--headline' },
    el('p', { class: 'govuk-body-s' }, `${answer.period.from} to ${answer.period.to}`),
    el('p', { class: 'app-measure__figure' }, figure(answer.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, madeOf(answer.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, comparison(measure, answer.this_period, answer.last_period)));
}

function show(answer, framework) {
  const { measure } = answer;
  document.title = `${measure.name} – cshub`;
  $('measure-name').textContent = measure.name;
  $('measure-definition').replaceChildren(definition(measure));
  const offered = framework.items.find((m) => m.code === measure.code)?.breakdowns || ['none'];
  fillSelect($('by'), offered.map((b) => ({ value: b, label: breakdownNames[b] })));
  $('by').value = answer.by;
  const parts = [suppressionNote(answer.suppression), headline(answer),
    el('h2', { class: 'govuk-heading-m' }, 'Month by month'),
    trendChart(measure.name, answer.months, [{ label: 'Overall', cells: answer.overall }], measure.kind)];
  if (answer.by !== 'none') {
    const name = breakdownNames[answer.by];
    parts.push(el('h2', { class: 'govuk-heading-m' }, `By ${name.toLowerCase()}`));
    if (!answer.groups.length) parts.push(el('p', { class: 'govuk-body' }, 'Nothing was counted in this period.'));
    else {
      parts.push(breakdownChart(`${measure.name} by ${name.toLowerCase()}, for the period`, answer.groups, measure.kind,
        answer.by, { rates: answer.by === 'area' && measure.kind === 'count' }));
      const lines = answer.groups.slice(0, LINES_MAX).map((g) => ({ label: g.label, cells: g.months }));
      parts.push(trendChart(`${measure.name} by ${name.toLowerCase()}`, answer.months, lines, measure.kind));
      if (answer.groups.length > LINES_MAX) {
        parts.push(el('p', { class: 'govuk-body-s' }, `The monthly chart shows the first ${LINES_MAX} of ${answer.groups.length}; the table for the period lists them all.`));
      }
    }
  }
  $('figures').replaceChildren(...parts);
}

if (await requireSignIn(['coordinator', 'analyst', 'board_viewer'])) {
  try {
    const query = new URLSearchParams({ from: period.from, to: period.to, by });
    const [framework, answer] = await Promise.all([api('GET', '/api/v1/outcomes/measures'),
      api('GET', `/api/v1/outcomes/measures/${encodeURIComponent(code)}?${query}`)]);
    show(answer, framework);
  } catch (error) {
    $('figures').replaceChildren();
    showErrors([errorFor(error)]);
  }
}
