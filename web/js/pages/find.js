// Finding a young person, an adult of concern or a context by name
// (/find?q=...): the people and the places, groups, schools and online
// spaces the reader may see, each a link to its page and chronology.
// Every one shown is audited by the server as a read.
import { api, requireSignIn } from '/js/api.js';
import { fullName, labelOf, personFacts } from '/js/casework.js';
import { el } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const LIMIT = 50;
const query = (new URLSearchParams(location.search).get('q') || '').trim();

function section(heading, items, entry) {
  const more = items.length === LIMIT ? el('p', { class: 'govuk-body-s' }, `The first ${LIMIT} are shown: type more of the name to narrow them.`) : null;
  return el('section', { 'aria-label': heading },
    el('h2', { class: 'govuk-heading-m' }, `${heading} (${items.length}${items.length === LIMIT ? '+' : ''})`),
    items.length ? el('ul', { class: 'govuk-list app-find-list' }, items.map(entry))
      : el('p', { class: 'govuk-body' }, `None that you may see match "${query}".`),
    more);
}

const personEntry = (p) => el('li', {},
  el('a', { class: 'govuk-link govuk-!-font-weight-bold', href: `/person?id=${p.id}` }, fullName(p)),
  el('span', { class: 'govuk-body-s app-find-facts' },
    ` ${p.kind === 'adult_of_concern' ? 'Adult of concern' : 'Young person'}${personFacts(p) ? `, ${personFacts(p)}` : ''}`));

async function contextEntry(c) {
  const facts = [await labelOf('context_type', c.kind), c.postcode || c.platform].filter(Boolean).join(', ');
  return el('li', {},
    el('a', { class: 'govuk-link govuk-!-font-weight-bold', href: `/context?id=${c.id}` }, c.name),
    el('span', { class: 'govuk-body-s app-find-facts' }, ` ${facts}`));
}

async function start() {
  // Filled in before any wait, so that nothing typed meanwhile is overwritten.
  document.getElementById('q').value = query;
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  if (query.length < 2) return;
  document.title = `Find "${query}" – cshub`;
  const q = encodeURIComponent(query);
  try {
    const [people, contexts] = await Promise.all([api('GET', `/api/v1/people?q=${q}&limit=${LIMIT}`),
      api('GET', `/api/v1/contexts?q=${q}&limit=${LIMIT}`)]);
    document.getElementById('find-results').replaceChildren(
      section('People', people.items, personEntry),
      section('Places, groups, schools and online spaces', await Promise.all(contexts.items.map(contextEntry)), (entry) => entry));
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}
start();
