// What the outcome pages share: the period form, figures written as
// people read them ("c" where small numbers are suppressed), and charts
// drawn with Chart.js, each with the same figures in a table under it.
import '/vendor/chartjs/chart.umd.min.js';
import { el } from '/js/dom.js';

const { Chart } = globalThis;
export const levelNames = { individual: 'Individual change', contextual: 'Contextual change', system: 'The system' };
export const breakdownNames = {
  none: 'Nothing (overall)', agency: 'Agency', exploitation_type: 'Exploitation type', area: 'Area (postcode district)',
  age_band: 'Age band', sex: 'Sex', ethnicity: 'Ethnicity', rating: 'Risk rating',
};
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#b58840', '#912b88', '#28a197', '#505a5f',
  '#5694ca'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" as "Mar 2026". */
export function monthName(month) {
  const [year, number] = month.split('-');
  return `${MONTHS[Number(number) - 1]} ${year}`;
}

/** A cell's figure in words: "c" when suppressed, "–" when there is none. */
export function figure(cell, kind) {
  if (!cell) return '–';
  if (cell.suppressed) return 'c';
  if (cell.value === null || cell.value === undefined) return '–';
  const v = cell.value;
  switch (kind) {
    case 'percent': return `${v.toFixed(1)}%`;
    case 'ratio': return v.toFixed(1);
    case 'days': return `${v} ${v === 1 ? 'day' : 'days'}`;
    default: return String(Math.round(v));
  }
}

/** What a shown ratio is made of, "12 of 40"; empty otherwise. */
export function madeOf(cell, kind) {
  if (!cell || cell.suppressed || cell.value === null) return '';
  if (kind === 'percent' || kind === 'ratio') return `${cell.numerator} of ${cell.denominator}`;
  if (kind === 'days') return `90% within ${cell.p90} days; ${cell.count} screened`;
  return '';
}

/** How this period compares with the last, in words, given which direction is better. */
export function comparison(measure, now, before) {
  if (!now || !before || now.suppressed || before.suppressed || now.value === null || before.value === null) {
    return 'No comparison with the period before';
  }
  const change = now.value - before.value;
  if (Math.abs(change) < 1e-9) return 'The same as the period before';
  const direction = change > 0 ? 'Up' : 'Down';
  const better = measure.better === 'neither' ? '' : ((change > 0) === (measure.better === 'higher') ? ' (better)' : ' (worse)');
  return `${direction} from ${figure(before, measure.kind)} in the period before${better}`;
}

/** "YYYY-MM" of the month n months before this one. */
function monthsAgo(n) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The period form's fields: from and to months; by default the twelve months to last month (the server shows only months that have ended). */
export function readPeriod(params) {
  return { from: params.get('from') || monthsAgo(12), to: params.get('to') || monthsAgo(1) };
}

/** A line chart of monthly figures: series [{label, cells}], with the table
 * under it (folded away in a "details" when folded is set, for pages of
 * many charts). */
export function trendChart(title, months, series, kind, { folded = false } = {}) {
  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}: a chart of the figures in the table below it` });
  const box = el('div', { class: 'app-chart' }, canvas);
  const data = {
    labels: months.map(monthName),
    datasets: series.map((s, i) => ({
      label: s.label,
      data: s.cells.map((c) => (c.suppressed ? null : c.value)),
      borderColor: COLOURS[i % COLOURS.length],
      backgroundColor: COLOURS[i % COLOURS.length],
      spanGaps: false,
      tension: 0,
    })),
  };
  // Drawn once the canvas is in the page, so Chart.js can measure it.
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'line', data,
    options: { animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: series.length > 1 } }, scales: { y: { beginAtZero: true } } },
  }));
  const rows = months.map((m, j) => el('tr', { class: 'govuk-table__row' },
    el('th', { scope: 'row', class: 'govuk-table__header' }, monthName(m)),
    series.map((s) => el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, figure(s.cells[j], kind)))));
  const tableNode = el('table', { class: 'govuk-table app-figures' },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, `${title}, month by month`),
    el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
      el('th', { scope: 'col', class: 'govuk-table__header' }, 'Month'),
      series.map((s) => el('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, s.label)))),
    el('tbody', { class: 'govuk-table__body' }, rows));
  const figures = scrollable(tableNode, `${title}, month by month`);
  if (!folded) return el('div', {}, box, figures);
  return el('div', {}, box, el('details', { class: 'govuk-details' },
    el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, 'The figures as a table')),
    el('div', { class: 'govuk-details__text' }, figures)));
}

/** A bar chart of each group's figure for the period, with the table under it. */
export function breakdownChart(title, groups, kind, by, { rates = false } = {}) {
  const canvas = el('canvas', { role: 'img', 'aria-label': `${title}: a chart of the figures in the table below it` });
  const box = el('div', { class: 'app-chart app-chart--bars' }, canvas);
  box.style.height = `${Math.max(160, 28 * groups.length + 60)}px`;
  requestAnimationFrame(() => new Chart(canvas, {
    type: 'bar',
    data: { labels: groups.map((g) => g.label),
      datasets: [{ label: title, data: groups.map((g) => (g.period?.suppressed ? null : g.period?.value ?? null)),
        backgroundColor: COLOURS[0] }] },
    options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false,
      plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
  }));
  const headers = [breakdownNames[by] || 'Group', 'For the period', 'Made of'];
  if (rates) headers.push('Per 10,000 aged 10 to 17');
  const tableNode = el('table', { class: 'govuk-table app-figures' },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, title),
    el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
      headers.map((h, i) => el('th', { scope: 'col', class: `govuk-table__header${i ? ' govuk-table__header--numeric' : ''}` }, h)))),
    el('tbody', { class: 'govuk-table__body' }, groups.map((g) => el('tr', { class: 'govuk-table__row' },
      el('th', { scope: 'row', class: 'govuk-table__header' }, g.label),
      el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, figure(g.period, kind)),
      el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, madeOf(g.period, kind)),
      rates ? el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' },
        g.period && !g.period.suppressed && typeof g.period.rate_per_10000 === 'number' ? g.period.rate_per_10000.toFixed(1) : '–') : null))));
  return el('div', {}, box, scrollable(tableNode, title));
}

/** A table that scrolls sideways within itself on a narrow screen. */
function scrollable(node, label) {
  return el('div', { class: 'app-table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, node);
}

/** The note every page of figures carries: how small numbers are treated. */
export function suppressionNote(suppression) {
  return el('p', { class: 'govuk-body-s app-suppression-note' }, suppression.applied
    ? `Small numbers: ${suppression.method} Months still under way are not shown.`
    : 'This measure counts no children (meetings, agencies, actions or places), so every figure is shown. Months still under way are not shown.');
}
