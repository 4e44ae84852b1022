// Assessing a context (/assess?context=ID): the questions of the form for
// its kind (from /api/v1/assessment-forms), a risk rating and a summary.
// Saved, it joins the context's history of assessments.
import { api, requireSignIn } from '/js/api.js';
import { chosen, labelOf } from '/js/casework.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const contextId = new URLSearchParams(location.search).get('context') || '';

function question(q) {
  const id = `answer-${q.code}`;
  return el('div', { class: 'govuk-form-group', id: `${id}-group` },
    el('label', { class: 'govuk-label govuk-label--s', for: id }, q.label),
    el('p', { id: `${id}-error`, class: 'govuk-error-message app-hidden' }),
    el('textarea', { class: 'govuk-textarea', id, rows: '3', 'data-code': q.code, 'aria-describedby': `${id}-error` }));
}

/** The server names an answer "answers.CODE"; on the page it is answer-CODE. */
const onPage = (field) => (field && field.startsWith('answers.') ? `answer-${field.slice(8)}` : field);

async function save(event) {
  event.preventDefault();
  clearErrors();
  const answers = Object.fromEntries([...document.querySelectorAll('#questions textarea')].map((t) => [t.dataset.code, t.value.trim()]));
  const body = { assessed_on: $('assessed_on').value.trim(), risk_rating: chosen('risk_rating'), summary: $('summary').value.trim(),
    sharing: chosen('sharing'), answers };
  for (const key of ['assessed_on', 'risk_rating', 'summary']) if (!body[key]) delete body[key];
  try {
    await api('POST', `/api/v1/contexts/${encodeURIComponent(contextId)}/assessments`, body);
    location.assign(`/context?id=${encodeURIComponent(contextId)}&assessed=1#assessments`);
  } catch (error) {
    const shown = errorFor(error);
    showErrors([{ ...shown, field: onPage(shown.field) }]);
  }
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  let context, forms;
  try {
    [context, forms] = await Promise.all([api('GET', `/api/v1/contexts/${encodeURIComponent(contextId)}`), api('GET', '/api/v1/assessment-forms')]);
  } catch (error) {
    showErrors([errorFor(error)]);
    return;
  }
  const form = forms.forms.find((f) => f.context_kind === context.kind);
  document.title = `Assess ${context.name} – cshub`;
  $('assess-title').textContent = `Assess ${context.name}`;
  $('assess-kind').textContent = `Context assessment · ${await labelOf('context_type', context.kind)}`;
  $('questions').replaceChildren(...(form ? form.questions.map(question) : [el('p', { class: 'govuk-body' }, 'There is no form for this kind of context.')]));
  $('assessed_on').value = new Date().toISOString().slice(0, 10);
  $('assessment-form').addEventListener('submit', save);
}
start();
