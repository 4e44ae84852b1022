// The coordinator's triage list: new concerns, newest first, each with a
// link to screen it.
import { api, requireSignIn } from '/js/api.js';
import { labelsOf } from '/js/casework.js';
import { allPages, countOf, el, table } from '/js/dom.js';

async function row(c) {
  const types = await labelsOf('exploitation_type', c.exploitation_types);
  return [
    el('time', { datetime: c.concern_date }, c.concern_date),
    c.person ? el('a', { class: 'govuk-link', href: `/person?id=${c.person.id}` }, c.person.name) : '—',
    c.context ? el('a', { class: 'govuk-link', href: `/context?id=${c.context.id}` }, c.context.name) : '—',
    c.raised_by,
    types.join(', ') || 'Not said',
    el('a', { class: 'govuk-link', href: `/screen?concern=${c.id}` }, 'Screen', el('span', { class: 'govuk-visually-hidden' }, ` the concern of ${c.concern_date}`)),
  ];
}

async function start() {
  if (!(await requireSignIn(['coordinator']))) return;
  const concerns = await allPages(api, '/api/v1/concerns?status=new');
  const holder = document.getElementById('triage-table');
  if (!concerns.length) {
    holder.replaceChildren(el('p', { class: 'govuk-body' }, 'There are no new concerns.'));
    return;
  }
  holder.replaceChildren(table(countOf(concerns, 'new concern', 'new concerns'),
    ['Date', 'Young person', 'Place or group', 'Raised by', 'Kind of harm', 'Action'], await Promise.all(concerns.map(row))));
}
start();
