// What the casework pages share: the shared definitions as checkboxes and
// labels, how people, places, concerns, interventions and disruption are named, and
// the chronology of a young person or a place.
import { api } from '/js/api.js';
import { allPages, el } from '/js/dom.js';
import { groupNames } from '/js/definitions-names.js';

let definitionsPromise = null;

/** Every term of the shared definitions: {category: [{code, label, indicator_group}]}. */
export function definitions() {
  if (!definitionsPromise) {
    definitionsPromise = allPages(api, '/api/v1/definitions').then((terms) => {
      const byCategory = {};
      for (const t of terms) (byCategory[t.category] ||= []).push(t);
      return byCategory;
    });
  }
  return definitionsPromise;
}

/** The label of a code in category, or the code itself. */
export async function labelOf(category, code) {
  const terms = (await definitions())[category] || [];
  return terms.find((t) => t.code === code)?.label || code.replaceAll('_', ' ');
}

/** Labels of a stored code list [{code, version}]. */
export async function labelsOf(category, coded) {
  return Promise.all((coded || []).map((c) => labelOf(category, c.code)));
}

/**
 * A GOV.UK checkbox group for the terms of category (split by indicator
 * group when there is one), named name, with checked codes ticked.
 */
export async function checkboxes(container, category, name, checked = []) {
  const terms = (await definitions())[category] || [];
  const groups = {};
  for (const t of terms) (groups[t.indicator_group || ''] ||= []).push(t);
  const blocks = Object.entries(groups).map(([group, items]) => el('div', { class: 'app-checkbox-group' },
    group ? el('p', { class: 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-2' }, `${groupNames[group]}s`) : null,
    el('div', { class: 'govuk-checkboxes govuk-checkboxes--small', 'data-module': 'govuk-checkboxes' },
      items.map((t) => el('div', { class: 'govuk-checkboxes__item' },
        el('input', { class: 'govuk-checkboxes__input', id: `${name}-${t.code}`, name, type: 'checkbox', value: t.code,
          checked: checked.includes(t.code) }),
        el('label', { class: 'govuk-label govuk-checkboxes__label', for: `${name}-${t.code}` }, t.label))))));
  container.replaceChildren(...blocks);
}

/** The codes ticked in the checkbox group name. */
export function ticked(name) {
  return [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
}

/** The value of the checked radio named name, or null. */
export function chosen(name) {
  return document.querySelector(`input[name="${name}"]:checked`)?.value || null;
}

export const fullName = (p) => `${p.given_name} ${p.family_name}`;

const subjects = new Map(); // "person:ID" or "context:ID" -> a promise of its link, read once per page

/** A link to the young person, adult or place a record (an action, an
 * agenda item) is about, or words saying the reader may not see them;
 * null when it is about neither. Each is read once per page (and audited
 * by the server as a read). */
export function subjectOf({ person_id: personId, context_id: contextId }) {
  const [type, id] = personId ? ['person', personId] : contextId ? ['context', contextId] : [];
  if (!id) return Promise.resolve(null);
  if (!subjects.has(`${type}:${id}`)) {
    const path = type === 'person' ? `/api/v1/people/${id}` : `/api/v1/contexts/${id}`;
    subjects.set(`${type}:${id}`, api('GET', path).catch(() => null).then((r) => (r
      ? el('a', { class: 'govuk-link', href: `/${type}?id=${r.id}` }, type === 'person' ? fullName(r) : r.name)
      : (type === 'person' ? 'Someone you may not see' : 'A place you may not see'))));
  }
  return subjects.get(`${type}:${id}`).then((shown) => (shown instanceof Node ? shown.cloneNode(true) : shown));
}

export const levelNames = { none: 'No risk identified', low: 'Low', medium: 'Medium', high: 'High' };
export const levelTags = { none: 'govuk-tag--grey', low: 'govuk-tag--green', medium: 'govuk-tag--yellow', high: 'govuk-tag--red' };
export const pathwayNames = {
  universal: 'Universal services', early_help: 'Early help', child_in_need: 'Child in need',
  child_protection: 'Child protection', mace: 'MACE meeting',
};
export const statusNames = { new: 'New', screened: 'Screened', at_mace: 'At MACE', closed: 'Closed' };
export const linkNames = {
  associates_with: 'associates with', attends: 'attends', frequents: 'frequents', in_relationship_with: 'in a relationship with',
  member_of: 'member of', suspected_of_exploiting: 'suspected of exploiting',
};

/** A person's description for a search result: "born 2011-03-14, Larkfield Academy". */
export function personFacts(p) {
  const facts = [];
  if (p.date_of_birth) facts.push(`born ${p.date_of_birth}`);
  else if (p.estimated_age) facts.push(`about ${p.estimated_age}`);
  if (p.school) facts.push(p.school);
  if (p.postcode) facts.push(p.postcode);
  return facts.join(', ');
}

export const tag = (text, modifier = '') => el('strong', { class: `govuk-tag ${modifier}` }, text);

const actionStatusTags = { open: ['Open', 'govuk-tag--blue'], done: ['Done', 'govuk-tag--green'], cancelled: ['Cancelled', 'govuk-tag--grey'] };
/** An action's status as a tag. */
export const actionStatusTag = (a) => tag(...actionStatusTags[a.status]);
/** "Overdue" as a red tag (after a space) when the action is, else nothing. */
export const overdueTag = (a) => (a.overdue ? [' ', tag('Overdue', 'govuk-tag--red')] : '');
/** A link to change an action's due date or who does it (/action). */
export const changeActionLink = (a, from = '') => el('a', { class: 'govuk-link', href: `/action?id=${a.id}${from ? `&from=${from}` : ''}` },
  'Change', el('span', { class: 'govuk-visually-hidden' }, ` the due date or who does it: ${a.description}`));

async function concernEntry(c) {
  const types = await labelsOf('exploitation_type', c.exploitation_types);
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Concern', 'govuk-tag--blue'), ' ', statusNames[c.status] || c.status,
      ` · raised by ${c.raised_by}`),
    types.length ? el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1' }, types.join(', ')) : null,
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, c.narrative),
    c.young_person_words ? el('blockquote', { class: 'govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1' }, c.young_person_words) : null,
    c.person && c.context ? el('p', { class: 'govuk-body-s' }, 'About ', el('a', { class: 'govuk-link', href: `/person?id=${c.person.id}` }, c.person.name),
      ' at ', el('a', { class: 'govuk-link', href: `/context?id=${c.context.id}` }, c.context.name)) : null,
  ];
}

function screeningEntry(s) {
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Screening', 'govuk-tag--purple'), ' ',
      tag(`${levelNames[s.risk_level]} risk`, levelTags[s.risk_level]), ` · pathway: ${pathwayNames[s.pathway]}`),
    el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1' },
      `The tool scored ${s.score} (${levelNames[s.scored_level].toLowerCase()}), tool version ${s.tool_version}.`),
    el('p', { class: 'govuk-body' }, s.rationale),
  ];
}

/** How a link reads from its other end: "Leon Scargill is suspected of exploiting them". */
const linkedFrom = {
  associates_with: 'associates with them', attends: 'attends this school', frequents: 'frequents this place',
  in_relationship_with: 'is in a relationship with them', member_of: 'is a member of this group',
  suspected_of_exploiting: 'is suspected of exploiting them',
};

function linkEntry(l, subjectId) {
  const other = l.other_end;
  const otherLink = other ? el('a', { class: 'govuk-link', href: `/${other.type}?id=${other.id}` }, other.name) : 'someone';
  const outgoing = l.person_id === subjectId;
  const sentence = outgoing ? [` ${linkNames[l.link_type] || l.link_type} `, otherLink]
    : [' ', otherLink, ` ${linkedFrom[l.link_type] || l.link_type}`];
  return [
    el('p', { class: 'govuk-body' }, tag('Link', 'govuk-tag--grey'), ...sentence,
      ` · ${l.confidence}${l.last_seen ? `, last seen ${l.last_seen}` : ''}`),
  ];
}

export const interventionStatusNames = { planned: 'Planned', active: 'Active', ended: 'Ended' };
export const interventionStatusTags = { planned: 'govuk-tag--grey', active: 'govuk-tag--green', ended: 'govuk-tag--blue' };

/** When an intervention ran: "from 2026-03-01 to 2026-06-30", "from 2026-03-01". */
export const interventionDates = (i) => (i.ended_on ? `${i.started_on} to ${i.ended_on}` : `from ${i.started_on}`);

function interventionEntry(i) {
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Intervention', 'govuk-tag--turquoise'), ' ',
      `${i.type_label || i.type.replaceAll('_', ' ')} · ${interventionStatusNames[i.status] || i.status}, ${interventionDates(i)}`),
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, i.description),
    i.outcome ? el('p', { class: 'govuk-body-s' }, `Outcome: ${i.outcome}`) : null,
  ];
}

/** What was done, as read: the tactic's label, or the description of another tactic. */
export const disruptionWhat = (d) => (d.tactic === 'other' ? `Other: ${d.tactic_description}` : d.tactic_label || d.tactic);

function disruptionEntry(d) {
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Disruption', 'govuk-tag--pink'), ' ', disruptionWhat(d),
      d.sharing === 'restricted' ? ' · restricted' : ''),
    d.result ? el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, `Result: ${d.result}`) : null,
    d.notes ? el('p', { class: 'govuk-body-s' }, d.notes) : null,
  ];
}

function assessmentEntry(a) {
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Assessment', 'govuk-tag--orange'), ' ',
      tag(`${levelNames[a.risk_rating] || a.risk_rating} risk`, levelTags[a.risk_rating])),
    el('p', { class: 'govuk-body' }, a.summary),
  ];
}

function actionEntry(a) {
  const status = { open: 'open', done: 'done', cancelled: 'cancelled' }[a.status];
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('Action', 'govuk-tag--turquoise'), ' ', `${status}, due ${a.due_on}`,
      a.overdue ? [' ', tag('Overdue', 'govuk-tag--red')] : ''),
    el('p', { class: 'govuk-body' }, a.description),
    a.completion_notes ? el('p', { class: 'govuk-body-s' }, `Outcome: ${a.completion_notes}`) : null,
    a.meeting_id ? el('p', { class: 'govuk-body-s' }, el('a', { class: 'govuk-link', href: `/meeting?id=${a.meeting_id}` }, 'Agreed at a MACE meeting')) : null,
  ];
}

function meetingItemEntry(i) {
  return [
    el('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, tag('MACE', 'govuk-tag--purple'), ' ',
      el('a', { class: 'govuk-link', href: `/meeting?id=${i.meeting_id}` }, 'Discussed at a MACE meeting'), `: ${i.reason}`),
    i.decisions ? el('p', { class: 'govuk-body' }, `Decisions: ${i.decisions}`) : null,
  ];
}

const entryParts = {
  concern: (r) => concernEntry(r), screening: screeningEntry, intervention: interventionEntry, context_assessment: assessmentEntry,
  disruption: disruptionEntry, action: actionEntry, meeting_item: meetingItemEntry, person_intervention: interventionEntry,
};

/** Fills container with the chronology at path (…/chronology), newest first. */
export async function showChronology(container, path, subjectId) {
  const items = await allPages(api, path);
  if (!items.length) {
    container.replaceChildren(el('p', { class: 'govuk-body' }, 'Nothing is recorded yet that you may see.'));
    return items;
  }
  const entries = await Promise.all(items.map(async (e) => el('li', { class: 'app-chronology__entry' },
    el('h3', { class: 'govuk-heading-s govuk-!-margin-bottom-1' }, el('time', { datetime: e.date }, e.date)),
    ...(await (entryParts[e.type] || ((r) => linkEntry(r, subjectId)))(e.record)))));
  container.replaceChildren(el('ol', { class: 'app-chronology', 'aria-label': 'Chronology, newest first' }, entries));
  return items;
}

let agencyNamesPromise = null;

/** Agency names by id, asked once per page. */
export function agencyNames() {
  if (!agencyNamesPromise) {
    agencyNamesPromise = allPages(api, '/api/v1/agencies').then((list) => Object.fromEntries(list.map((a) => [a.id, a.name])));
  }
  return agencyNamesPromise;
}

/** "Likely" or "Possible", as a tag, for a matching score. */
export const matchTag = (score) => (score >= 55 ? tag(`Likely · ${score}`, 'govuk-tag--red') : tag(`Possible · ${score}`, 'govuk-tag--yellow'));
