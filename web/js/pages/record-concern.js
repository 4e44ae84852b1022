// "Record a concern": find the young person and the place as you type (or
// add them), say what happened, coded with the shared definitions. Opened
// as /record-concern?person=ID it starts with that young person chosen.
import { api, requireSignIn } from '/js/api.js';
import { checkboxes, chosen, fullName, personFacts, ticked } from '/js/casework.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { searchAsYouType } from '/js/search-as-you-type.js';

const $ = (id) => document.getElementById(id);
const value = (id) => $(id).value.trim() || undefined;
const today = () => new Date().toISOString().slice(0, 10);

const person = searchAsYouType({
  input: $('person_search'), results: $('person-results'), name: 'person',
  path: (q) => `/api/v1/people?limit=8&q=${encodeURIComponent(q)}`,
  describe: (p) => ({ label: fullName(p), hint: personFacts(p) }),
  newLabel: 'They are not on cshub yet: add them',
  onNew: (shown) => $('new-person').classList.toggle('app-hidden', !shown),
});
const place = searchAsYouType({
  input: $('context_search'), results: $('context-results'), name: 'context',
  path: (q) => `/api/v1/contexts?limit=8&q=${encodeURIComponent(q)}`,
  describe: (c) => ({ label: c.name, hint: [c.postcode, c.address].filter(Boolean).join(', ') }),
  newLabel: 'It is not on cshub yet: add it',
  onNew: (shown) => $('new-context').classList.toggle('app-hidden', !shown),
});

/* Records made on an earlier attempt, so a retry does not duplicate them. */
const made = { person: null, context: null };

/** Field names of the API mapped to the inputs on this page. */
const personFields = { given_name: 'given_name', family_name: 'family_name', date_of_birth: 'date_of_birth', estimated_age: 'estimated_age' };
const contextFields = { name: 'context_name', postcode: 'context_postcode', location_kind: 'location_kind' };
const concernFields = { concern_date: 'concern_date', narrative: 'narrative', young_person_words: 'young_person_words',
  exploitation_types: 'exploitation_types', indicators: 'indicators', person_id: 'person_search', context_id: 'context_search' };

class FieldError extends Error {
  constructor(error, fields) { super(error.message); this.shown = { ...errorFor(error), field: fields[error.field] || null }; }
}

async function create(path, body, fields) {
  try { return await api('POST', path, body); } catch (error) { throw new FieldError(error, fields); }
}

async function personId() {
  const choice = person.selected();
  if (choice !== 'new') return choice || undefined;
  if (!made.person) {
    const age = value('estimated_age');
    made.person = (await create('/api/v1/people', { kind: 'young_person', given_name: value('given_name'), family_name: value('family_name'),
      date_of_birth: value('date_of_birth'), estimated_age: age === undefined ? undefined : Number(age), sharing: chosen('sharing') }, personFields)).id;
  }
  return made.person;
}

async function contextId() {
  const choice = place.selected();
  if (choice !== 'new') return choice || undefined;
  if (!made.context) {
    made.context = (await create('/api/v1/contexts', { kind: 'location', name: value('context_name'), location_kind: $('location_kind').value,
      postcode: value('context_postcode'), sharing: 'hub' }, contextFields)).id;
  }
  return made.context;
}

function resetForm() {
  $('concern-form').reset();
  for (const id of ['person-results', 'context-results']) $(id).replaceChildren();
  for (const id of ['new-person', 'new-context']) $(id).classList.add('app-hidden');
  $('concern_date').value = today();
  made.person = made.context = null;
}

$('concern-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  try {
    const body = { person_id: await personId(), context_id: await contextId(), concern_date: value('concern_date'),
      narrative: value('narrative'), young_person_words: value('young_person_words'),
      exploitation_types: ticked('exploitation_types'), indicators: ticked('indicators'),
      adverse_experiences: ticked('adverse_experiences'), sharing: chosen('sharing'), link_to_context: $('link_to_context').checked };
    const concern = await create('/api/v1/concerns', body, concernFields);
    resetForm();
    showDone('Your concern is recorded. The hub coordinator will screen it.');
    const banner = $('done-text');
    if (concern.link_id && concern.context) banner.append(` ${concern.person.name} is now linked to ${concern.context.name} in their network.`);
    if (concern.person) banner.append(' ', el('a', { class: 'govuk-notification-banner__link', href: `/person?id=${concern.person.id}` }, `See ${concern.person.name}'s record`));
    banner.focus?.();
    window.scrollTo(0, 0);
  } catch (error) {
    showErrors([error.shown || errorFor(error)]);
  }
});

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  $('concern_date').value = today();
  await Promise.all([
    checkboxes($('exploitation_types'), 'exploitation_type', 'exploitation_types'),
    checkboxes($('indicators'), 'indicator', 'indicators'),
    checkboxes($('adverse_experiences'), 'adverse_childhood_experience', 'adverse_experiences'),
  ]);
  const preset = new URLSearchParams(location.search).get('person');
  if (preset) {
    const p = await api('GET', `/api/v1/people/${encodeURIComponent(preset)}`).catch(() => null);
    if (p) person.select(p.id, fullName(p));
  }
}
start();
