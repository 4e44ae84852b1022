// Choosing who does an action: the active staff of a partner agency (ids
// and names, GET /api/v1/agencies/{id}/users, asked once per agency and
// page) put in a <select> whose first choice is the agency as a whole.
import { api } from '/js/api.js';
import { allPages, fillSelect } from '/js/dom.js';

const asked = new Map();

/** The agency's active users [{id, name}], by name. */
export function staffOf(agencyId) {
  if (!asked.has(agencyId)) {
    const answer = allPages(api, `/api/v1/agencies/${encodeURIComponent(agencyId)}/users`);
    answer.catch(() => asked.delete(agencyId));
    asked.set(agencyId, answer);
  }
  return asked.get(agencyId);
}

export const wholeAgency = 'No one in particular: the agency as a whole';

/**
 * Fills select with the agency as a whole and then the agency's staff,
 * choosing chosen (a user id, or null for the agency as a whole). When the
 * staff may not be listed, a chosen person stays as the one choice besides
 * the agency. Of two fills of one select, only the last asked for counts.
 */
export async function fillAssignees(select, agencyId, chosen = null) {
  select.dataset.agency = agencyId;
  const people = await staffOf(agencyId).catch(() => (chosen ? [{ id: chosen, name: 'The person it is given to now' }] : []));
  if (select.dataset.agency !== agencyId) return;
  fillSelect(select, [{ value: '', label: wholeAgency }, ...people.map((p) => ({ value: p.id, label: p.name }))]);
  select.value = people.some((p) => p.id === chosen) ? chosen : '';
}
