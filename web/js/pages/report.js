// Board reports (/report?board=...&quarter=2026-Q3): a board's quarterly
// report as a page — each measure it chose for the quarter (the quarter
// against the one before, its months and its agencies) and the
// recommendations it monitors — with the same report to download as PDF,
// XLSX and CSV. Read by board members and coordinators.
import { api, requireSignIn } from '/js/api.js';
import { el, fillSelect, table } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { comparison, figure, madeOf, monthName } from '/js/outcomes.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const QUARTERS_OFFERED = 8;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

/** The last eight quarters that have ended, newest first. */
function recentQuarters() {
  const now = new Date();
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - 1;
  return Array.from({ length: QUARTERS_OFFERED }, (_, k) => {
    const i = index - k, year = Math.floor(i / 4), q = i % 4;
    return { value: `${year}-Q${q + 1}`, label: `${MONTHS[q * 3]} to ${MONTHS[q * 3 + 2]} ${year}` };
  });
}

/** A table that scrolls sideways within itself on a narrow screen. */
function figures(caption, headers, rows) {
  return el('div', { class: 'app-table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' }, table(caption, headers, rows, { stack: false }));
}

function measureSection(section, quarter) {
  const { measure } = section;
  const parts = [
    el('h2', { class: 'govuk-heading-m' }, measure.name),
    el('p', { class: 'govuk-body' }, measure.definition),
    el('p', { class: 'app-measure__figure' }, figure(section.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, madeOf(section.this_period, measure.kind)),
    el('p', { class: 'govuk-body-s' }, comparison(measure, section.this_period, section.last_period).replace('period', 'quarter')),
    figures(`${measure.name}, month by month`, ['Month', 'Figure', 'Made of'],
      section.months.map((m, i) => [monthName(m), figure(section.overall[i], measure.kind), madeOf(section.overall[i], measure.kind)])),
  ];
  if (section.groups.length) {
    parts.push(figures(`${measure.name} by agency, ${quarter.label}`, ['Agency', 'For the quarter', 'Made of'],
      section.groups.map((g) => [g.label, figure(g.period, measure.kind), madeOf(g.period, measure.kind)])));
  }
  return el('section', { class: 'app-report-section' }, parts);
}

const ratingTag = { red: 'govuk-tag--red', amber: 'govuk-tag--yellow', green: 'govuk-tag--green' };

function planSection(plan) {
  const s = plan.summary;
  return el('section', { class: 'app-report-section' },
    el('h2', { class: 'govuk-heading-m' }, 'Action plan'),
    el('p', { class: 'govuk-body' }, `${s.actions} actions: ${s.red} red, ${s.amber} amber, ${s.green} green, ${s.no_update} with no update yet; ${s.done} done, ${s.overdue} overdue, ${s.update_late} with a late update.`),
    plan.recommendations.map((r) => figures(`Recommendation ${r.number}: ${r.title}`, ['Action', 'Owner', 'Due', 'Rating'],
      r.actions.map((a) => [a.description, a.owner_agency_name, a.due_on,
        el('span', {}, el('strong', { class: `govuk-tag ${ratingTag[a.rag] || 'govuk-tag--grey'}` }, a.rag ? a.rag[0].toUpperCase() + a.rag.slice(1) : 'No update'),
          a.overdue ? el('strong', { class: 'govuk-tag govuk-tag--red app-tag-gap' }, 'Overdue') : null,
          a.update_late ? el('strong', { class: 'govuk-tag govuk-tag--orange app-tag-gap' }, 'Update late') : null)]))));
}

function downloads(board, quarter) {
  const base = `/api/v1/boards/${encodeURIComponent(board)}/reports/${encodeURIComponent(quarter)}/report`;
  return el('ul', { class: 'govuk-list app-downloads' },
    el('li', {}, el('a', { class: 'govuk-link', href: `${base}.pdf`, download: '' }, 'Download the report as a PDF')),
    el('li', {}, el('a', { class: 'govuk-link', href: `${base}.xlsx`, download: '' }, 'Download it as a spreadsheet (XLSX)')),
    el('li', {}, el('a', { class: 'govuk-link', href: `${base}.csv`, download: '' }, 'Download it as CSV')));
}

function show(report) {
  const method = report.sections.find((s) => s.type === 'measure' && s.suppression.applied)?.suppression.method;
  $('report').replaceChildren(
    el('h2', { class: 'govuk-heading-l', id: 'report-title' }, `${report.board.name}: ${report.quarter.label}`),
    el('p', { class: 'govuk-body-s' }, `Made on ${report.made_on}. Compared with ${report.quarter.previous_label}.`),
    method ? el('p', { class: 'govuk-body-s app-suppression-note' }, `Small numbers: ${method}`) : null,
    downloads(report.board.id, report.quarter.code),
    chooser ? chooser(report) : null,
    ...report.sections.map((s) => (s.type === 'action_plan' ? planSection(s) : measureSection(s, report.quarter))));
}

/** For a coordinator: which sections the board's report holds, as checkboxes in the framework's order. */
function sectionChooser(report, measures) {
  const chosen = new Set(report.sections.map((s) => s.measure?.code ?? 'action_plan'));
  const options = [...measures.map((m) => ({ value: m.code, label: m.name })), { value: 'action_plan', label: 'The action plan' }];
  const form = el('form', { class: 'app-section-chooser', novalidate: true },
    el('div', { class: 'govuk-form-group', id: 'sections-group' },
      el('fieldset', { class: 'govuk-fieldset' },
        el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, `What ${report.board.name}'s report holds`),
        el('p', { class: 'govuk-error-message app-hidden', id: 'sections-error' }),
        el('div', { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
          options.map((o, i) => el('div', { class: 'govuk-checkboxes__item' },
            el('input', { class: 'govuk-checkboxes__input', id: i ? `sections-${i}` : 'sections', name: 'sections', type: 'checkbox', value: o.value, checked: chosen.has(o.value) }),
            el('label', { class: 'govuk-label govuk-checkboxes__label', for: i ? `sections-${i}` : 'sections' }, o.label)))))),
    el('button', { class: 'govuk-button govuk-button--secondary', type: 'submit', 'data-module': 'govuk-button' }, 'Save the sections'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const sections = [...form.querySelectorAll('input:checked')].map((input) => input.value);
    if (!sections.length) {
      showErrors([{ field: 'sections', message: 'Choose at least one section for the report' }]);
      return;
    }
    try {
      await api('PUT', `/api/v1/boards/${encodeURIComponent(report.board.id)}/report-sections`, { sections });
      clearErrors();
      show(await api('GET', `/api/v1/boards/${encodeURIComponent(report.board.id)}/reports/${encodeURIComponent(report.quarter.code)}`));
      showDone('The report\'s sections are saved.');
    } catch (error) {
      showErrors([errorFor(error)]);
    }
  });
  return el('details', { class: 'govuk-details' },
    el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, 'Choose what this board\'s report holds')),
    el('div', { class: 'govuk-details__text' }, form));
}

let chooser = null; // (report) => the chooser, for a coordinator

const session = await requireSignIn(['coordinator', 'board_viewer']);
if (session) {
  try {
    if (session.user.role === 'coordinator') {
      const measures = (await api('GET', '/api/v1/outcomes/measures')).items;
      chooser = (report) => sectionChooser(report, measures);
    }
    const boards = (await api('GET', '/api/v1/boards')).items;
    fillSelect($('board'), boards.map((b) => ({ value: b.id, label: b.name })));
    fillSelect($('quarter'), recentQuarters());
    if (params.get('board')) $('board').value = params.get('board');
    $('quarter').value = params.get('quarter') || recentQuarters()[0].value;
    if (!boards.length) $('report').replaceChildren(el('p', { class: 'govuk-body' }, 'No partnership board has been set up yet.'));
    else show(await api('GET', `/api/v1/boards/${encodeURIComponent($('board').value)}/reports/${encodeURIComponent($('quarter').value)}`));
  } catch (error) {
    $('report').replaceChildren();
    showErrors([errorFor(error)]);
  }
}
