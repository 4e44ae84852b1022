// Outcomes (/outcomes): every measure of the framework at a glance for the
// period chosen — its figure for the period against the period before,
// its target, and its monthly trend as a chart with the table under it —
// grouped by level, each linking to its detail (/measure?code=...).
import { api, requireSignIn } from '/js/api.js';
import { el } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';
import { comparison, figure, levelNames, madeOf, readPeriod, suppressionNote, trendChart } from '/js/outcomes.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const period = readPeriod(params);
$('from').value = period.from;
$('to').value = period.to;

function targetText(measure) {
  if (measure.target === null || measure.target === undefined) return null;
  return el('p', { class: 'govuk-body-s' }, `Target: ${figure({ value: measure.target }, measure.kind)}`);
}

function card(answer) {
  const { measure } = answer;
  const query = new URLSearchParams({ code: measure.code, from: answer.period.from, to: answer.period.to });
  return el('section', { class: 'app-measure', 'aria-labelledby': `measure-${measure.code}` },
    el('h3', { class: 'govuk-heading-s', id: `measure-${measure.code}` },
      el('a', { class: 'govuk-link', href: `/measure?${query}` }, measure.name)),
    el('p', { class: 'govuk-body-s app-measure__definition' }, measure.definition),
    el('p', { class: 'app-measure__figure' }, figure(answer.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, madeOf(answer.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, comparison(measure, answer.this_period, answer.last_period)),
    targetText(measure),
    trendChart(measure.name, answer.months, [{ label: measure.name, cells: answer.overall }], measure.kind,
      { folded: true }));
}

async function show() {
  const framework = await api('GET', '/api/v1/outcomes/measures');
  const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
  const answers = await Promise.all(framework.items.map((m) => api('GET', `/api/v1/outcomes/measures/${m.code}?${query}`)));
  const sections = Object.entries(levelNames).map(([level, heading]) => {
    const mine = answers.filter((a) => a.measure.level === level);
    if (!mine.length) return null;
    return el('section', { class: 'app-measure-level' }, el('h2', { class: 'govuk-heading-m' }, heading),
      el('div', { class: 'app-measure-grid' }, mine.map(card)));
  });
  $('measures').replaceChildren(suppressionNote(answers[0].suppression), ...sections);
}

if (await requireSignIn(['coordinator', 'analyst', 'board_viewer'])) {
  try {
    await show();
  } catch (error) {
    $('measures').replaceChildren();
    showErrors([errorFor(error)]);
  }
}
