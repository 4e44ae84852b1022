// The coordinator's triage list: new concerns, newest first by the date of
// the concern (then by when it was recorded), each with how long it has
// waited since that date (as the screening standard of the outcome
// measures counts), who raised it and for which agency, and a link to
// screen it.
import { api, requireSignIn } from '/js/api.js';
import { agencyNames, labelsOf } from '/js/casework.js';
import { allPages, countOf, el, table } from '/js/dom.js';

const DAY_MS = 86400000;

/** Whole days from a date (YYYY-MM-DD) to today: "Today", "1 day", "12 days". */
function waited(date) {
  const days = Math.max(0, Math.floor((Date.now() - Date.parse(`${date}T00:00:00Z`)) / DAY_MS));
  return days === 0 ? 'Today' : days === 1 ? '1 day' : `${days} days`;
}

/** Newest concern date first; the same date, the latest recorded first. */
const newestFirst = (a, b) => b.concern_date.localeCompare(a.concern_date) || b.created_at.localeCompare(a.created_at);

async function row(c, agencies) {
  const types = await labelsOf('exploitation_type', c.exploitation_types);
  return [
    el('time', { datetime: c.concern_date }, c.concern_date),
    waited(c.concern_date),
    c.person ? el('a', { class: 'govuk-link', href: `/person?id=${c.person.id}` }, c.person.name) : '—',
    c.context ? el('a', { class: 'govuk-link', href: `/context?id=${c.context.id}` }, c.context.name) : '—',
    agencies[c.owner_agency_id] ? `${c.raised_by} (${agencies[c.owner_agency_id]})` : c.raised_by,
    types.join(', ') || 'Not said',
    el('a', { class: 'govuk-link', href: `/screen?concern=${c.id}` }, 'Screen', el('span', { class: 'govuk-visually-hidden' }, ` the concern of ${c.concern_date}`)),
  ];
}

async function start() {
  if (!(await requireSignIn(['coordinator']))) return;
  const [concerns, agencies] = await Promise.all([allPages(api, '/api/v1/concerns?status=new'), agencyNames()]);
  const holder = document.getElementById('triage-table');
  if (!concerns.length) {
    holder.replaceChildren(el('p', { class: 'govuk-body' }, 'There are no new concerns.'));
    return;
  }
  concerns.sort(newestFirst);
  holder.replaceChildren(table(countOf(concerns, 'new concern', 'new concerns'),
    ['Date', 'Waiting', 'Young person', 'Place or group', 'Raised by', 'Kind of harm', 'Action'],
    await Promise.all(concerns.map((c) => row(c, agencies)))));
}
start();
