// The partnership's action plan (/action-plan): a count of actions by
// rating, then every recommendation with its owner and the board that
// monitors it, and its actions — owner agency, due date, status, the
// rating of the latest progress update, "Overdue" and "Update late" tags —
// with each action's progress history (asked for when opened). A
// coordinator also records progress on an action and adds actions; a board
// member reads it. The server decides who may do what and computes the tags.
import { api, requireSignIn } from '/js/api.js';
import { allPages, el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const tag = (text, modifier) => el('strong', { class: `govuk-tag ${modifier}` }, text);
const ragNames = { red: 'Red', amber: 'Amber', green: 'Green' };
const ragTags = { red: 'govuk-tag--red', amber: 'govuk-tag--yellow', green: 'govuk-tag--green' };
const statusNames = { not_started: 'Not started', in_progress: 'In progress', done: 'Done' };
const statusTags = { not_started: 'govuk-tag--grey', in_progress: 'govuk-tag--blue', done: 'govuk-tag--green' };

const ragTag = (rag) => (rag ? tag(ragNames[rag], ragTags[rag]) : tag('No update yet', 'govuk-tag--grey'));
const overdueTag = (a) => (a.overdue ? [' ', tag('Overdue', 'govuk-tag--red')] : '');
const lateTag = (a) => (a.update_late ? [' ', tag('Update late', 'govuk-tag--orange')] : '');
const row = (key, ...value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));
const detailsOf = (summary, ...body) => el('details', { class: 'govuk-details' },
  el('summary', { class: 'govuk-details__summary' }, el('span', { class: 'govuk-details__summary-text' }, summary)),
  el('div', { class: 'govuk-details__text' }, body));
const hidden = (text) => el('span', { class: 'govuk-visually-hidden' }, text);

let plan = null;
let coordinator = false;
let agencies = [];
const recommendationsAsked = new Map();

// ---- what is shown --------------------------------------------------------

function showSummary(s) {
  $('plan-summary').replaceChildren(
    row('Actions', `${s.actions}, of which ${s.done} done`),
    row(tag('Red', ragTags.red), String(s.red)),
    row(tag('Amber', ragTags.amber), String(s.amber)),
    row(tag('Green', ragTags.green), String(s.green)),
    row(tag('No update yet', 'govuk-tag--grey'), String(s.no_update)),
    row(tag('Overdue', 'govuk-tag--red'), String(s.overdue)),
    row(tag('Update late', 'govuk-tag--orange'), String(s.update_late)));
  const l = plan.limits;
  $('plan-limits').textContent = `The plan holds at most ${l.recommendations} recommendations, ${l.actions_per_recommendation} `
    + `actions under each and ${l.updates_per_action} progress updates of each action, so it is always shown whole.`;
  $('late-after-days').textContent = String(plan.late_after_days);
}

function historyList(updates) {
  if (!updates.length) return el('p', { class: 'govuk-body' }, 'No progress recorded yet.');
  return el('ol', { class: 'govuk-list app-plan-history' }, updates.map((u) => el('li', { class: 'govuk-!-margin-bottom-4' },
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, el('strong', {}, u.written_on), ' ', ragTag(u.rag)),
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, u.progress),
    u.evidence ? el('p', { class: 'govuk-body-s' }, `Evidence: ${u.evidence}`) : null)));
}

/** The recommendation's actions with their whole history, asked once. */
function historiesOf(recommendationId) {
  if (!recommendationsAsked.has(recommendationId)) {
    recommendationsAsked.set(recommendationId, api('GET', `/api/v1/action-plan/recommendations/${encodeURIComponent(recommendationId)}`));
  }
  return recommendationsAsked.get(recommendationId);
}

function historyDetails(a) {
  const body = el('div', { id: `history-${a.id}` }, a.updates ? historyList(a.updates) : el('p', { class: 'govuk-body' }, 'Loading…'));
  const details = detailsOf(`Progress history (${a.update_count})`, body);
  details.id = `history-details-${a.id}`;
  details.addEventListener('toggle', async () => {
    if (!details.open || a.updates) return;
    try {
      const detail = await historiesOf(a.recommendation_id);
      a.updates = detail.actions.find((x) => x.id === a.id)?.updates || [];
      body.replaceChildren(historyList(a.updates));
    } catch (error) {
      body.replaceChildren(el('p', { class: 'govuk-body' }, errorFor(error).message));
    }
  });
  return details;
}

function actionCard(a) {
  return el('div', { class: 'govuk-summary-card', id: `action-${a.id}` },
    el('div', { class: 'govuk-summary-card__title-wrapper' }, el('h3', { class: 'govuk-summary-card__title' }, a.description)),
    el('div', { class: 'govuk-summary-card__content' },
      el('dl', { class: 'govuk-summary-list' },
        row('Owner agency', a.owner_agency_name),
        row('Due', a.due_on, overdueTag(a)),
        row('Status', tag(statusNames[a.status], statusTags[a.status])),
        row('RAG status', ragTag(a.rag), lateTag(a)),
        row('Last update', a.last_update_on || 'None yet')),
      historyDetails(a),
      coordinator ? progressForm(a) : null));
}

function recommendationSection(r) {
  const heading = `recommendation-${r.number}-heading`;
  return el('section', { class: 'govuk-!-margin-top-8', id: `recommendation-${r.number}`, 'aria-labelledby': heading },
    el('h2', { class: 'govuk-heading-m', id: heading }, `Recommendation ${r.number}: ${r.title}`),
    el('div', { class: 'govuk-inset-text' }, r.text),
    el('dl', { class: 'govuk-summary-list' },
      row('Owner', r.owner.kind === 'board' ? `${r.owner.name} (board)` : r.owner.name),
      row('Monitored by', r.board_name)),
    r.actions.length ? r.actions.map(actionCard) : el('p', { class: 'govuk-body' }, 'No actions yet.'),
    coordinator ? addActionForm(r) : null);
}

function show() {
  showSummary(plan.summary);
  $('plan-recommendations').replaceChildren(...plan.recommendations.map(recommendationSection));
}

// ---- forms (coordinators) -------------------------------------------------

/** A form group: label, optional hint, the error line and the control (ids from id). */
function group(id, label, control, hint) {
  control.setAttribute('aria-describedby', `${hint ? `${id}-hint ` : ''}${id}-error`);
  return el('div', { class: 'govuk-form-group', id: `${id}-group` },
    el('label', { class: 'govuk-label govuk-label--s', for: id }, label),
    hint ? el('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null,
    el('p', { id: `${id}-error`, class: 'govuk-error-message app-hidden' }),
    control);
}

const textInput = (id, value = '') => el('input', { class: 'govuk-input govuk-input--width-10', id, type: 'text', autocomplete: 'off', value });
const textarea = (id) => el('textarea', { class: 'govuk-textarea', id, rows: 3 });
const select = (id, options, chosen) => el('select', { class: 'govuk-select', id },
  options.map(([value, label]) => el('option', { value, selected: value === chosen }, label)));

function ragGroup(id) {
  return el('div', { class: 'govuk-form-group', id: `${id}-group` },
    el('fieldset', { class: 'govuk-fieldset', 'aria-describedby': `${id}-error` },
      el('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'RAG status'),
      el('p', { id: `${id}-error`, class: 'govuk-error-message app-hidden' }),
      el('div', { class: 'govuk-radios govuk-radios--small govuk-radios--inline' }, ['red', 'amber', 'green'].map((rag, i) => {
        const radio = i === 0 ? id : `${id}-${rag}`; // the first is the one an error links to
        return el('div', { class: 'govuk-radios__item' },
          el('input', { class: 'govuk-radios__input', id: radio, name: id, type: 'radio', value: rag }),
          el('label', { class: 'govuk-label govuk-radios__label', for: radio }, ragNames[rag]));
      }))));
}

const isDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T12:00:00Z`).toISOString().slice(0, 10) === text;

/** What the server would refuse of a date field, in its words (label: as the form shows it). */
function dateProblem(text, label, missing, pastOnly) {
  if (!text) return missing;
  if (!isDate(text)) return `${label} must be a real date written YYYY-MM-DD, for example 2027-03-31`;
  if (pastOnly && text > plan.today) return `${label} must be today or in the past`;
  return null;
}

/** Shows every problem at once (each [field, message]) with the form's prefix; true when there is none. */
function noProblems(prefix, problems) {
  const found = problems.filter(([, message]) => message);
  if (found.length) showErrors(found.map(([field, message]) => ({ field: `${prefix}-${field}`, message })));
  return !found.length;
}

/** Shows the server's refusal beside each field it names, all at once. */
function showRefusal(prefix, error) {
  showErrors(error.errors.map((each) => ({ ...errorFor({ message: error.message, ...each }), field: each.field ? `${prefix}-${each.field}` : null })));
}

/** Asks for the plan again and shows it; opens the history of the action changed (with its updates). */
async function refresh(changed) {
  plan = await api('GET', '/api/v1/action-plan');
  recommendationsAsked.clear();
  if (changed) {
    const shown = plan.recommendations.flatMap((r) => r.actions).find((a) => a.id === changed.id);
    if (shown) shown.updates = changed.updates;
  }
  show();
  if (changed) $(`history-details-${changed.id}`).open = true;
}

function progressForm(a) {
  const p = `progress-${a.id}`;
  const form = el('form', { id: p, novalidate: true },
    group(`${p}-written_on`, 'Date of the update', textInput(`${p}-written_on`, plan.today), `YYYY-MM-DD, for example ${plan.today}`),
    ragGroup(`${p}-rag`),
    group(`${p}-progress`, 'Progress', textarea(`${p}-progress`)),
    group(`${p}-evidence`, 'Evidence (optional)', textarea(`${p}-evidence`)),
    group(`${p}-status`, 'Status of the action', select(`${p}-status`, Object.entries(statusNames), a.status)),
    el('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, 'Record progress', hidden(` on: ${a.description}`)));
  form.addEventListener('submit', (event) => recordProgress(event, a, p));
  return detailsOf('Record progress', form);
}

async function recordProgress(event, a, p) {
  event.preventDefault();
  clearErrors();
  const value = (field) => $(`${p}-${field}`).value.trim();
  const body = { written_on: value('written_on'), rag: document.querySelector(`input[name="${p}-rag"]:checked`)?.value, progress: value('progress') };
  if (value('evidence')) body.evidence = value('evidence');
  if (!noProblems(p, [
    ['written_on', dateProblem(body.written_on, 'Date of the update', 'Enter the date the update was written', true)],
    ['rag', body.rag ? null : 'Choose red, amber or green'],
    ['progress', body.progress ? null : 'Enter the progress made'],
  ])) return;
  try {
    let action = await api('POST', `/api/v1/plan-actions/${encodeURIComponent(a.id)}/updates`, body);
    const status = value('status');
    if (status !== action.status) action = await api('PATCH', `/api/v1/plan-actions/${encodeURIComponent(a.id)}`, { status });
    await refresh(action);
    showDone(`Progress recorded on “${action.description}”.`);
  } catch (error) {
    showRefusal(p, error);
  }
}

function addActionForm(r) {
  const p = `new-action-${r.number}`;
  const owners = [['', 'Choose an agency'], ...agencies.map((g) => [g.id, g.name])];
  const form = el('form', { id: p, novalidate: true },
    group(`${p}-description`, 'Description', textarea(`${p}-description`)),
    group(`${p}-owner_agency_id`, 'Owner agency', select(`${p}-owner_agency_id`, owners, '')),
    group(`${p}-due_on`, 'Due date', textInput(`${p}-due_on`), 'YYYY-MM-DD, for example 2027-03-31'),
    el('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', 'data-module': 'govuk-button' },
      'Add the action', hidden(` to recommendation ${r.number}`)));
  form.addEventListener('submit', (event) => addAction(event, r, p));
  return detailsOf(`Add an action to recommendation ${r.number}`, form);
}

async function addAction(event, r, p) {
  event.preventDefault();
  clearErrors();
  const value = (field) => $(`${p}-${field}`).value.trim();
  const body = { description: value('description'), owner_agency_id: value('owner_agency_id'), due_on: value('due_on') };
  if (!noProblems(p, [
    ['description', body.description ? null : 'Enter a description of the action'],
    ['owner_agency_id', body.owner_agency_id ? null : 'Choose the agency that owns the action'],
    ['due_on', dateProblem(body.due_on, 'Due date', 'Enter the date the action is due', false)],
  ])) return;
  try {
    const action = await api('POST', `/api/v1/action-plan/recommendations/${encodeURIComponent(r.id)}/actions`, body);
    await refresh(null);
    showDone(`Action added to recommendation ${r.number}: “${action.description}”.`);
  } catch (error) {
    showRefusal(p, error);
  }
}

// ---- start ------------------------------------------------------------------

const session = await requireSignIn(['coordinator', 'board_viewer']);
if (session) {
  coordinator = session.user.role === 'coordinator';
  try {
    [plan, agencies] = await Promise.all([api('GET', '/api/v1/action-plan'), coordinator ? allPages(api, '/api/v1/agencies') : []]);
    show();
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}
