// Context weighting (/proposals): the contexts cshub proposes to assess,
// most young people first, each with who is linked and a way to start.
import { api, requireSignIn } from '/js/api.js';
import { labelOf } from '/js/casework.js';
import { el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

async function row(p) {
  const who = p.young_people.slice(0, 5).map((y) => y.label).join(', ') + (p.young_people.length > 5 ? ` and ${p.young_people.length - 5} more` : '');
  return [
    el('a', { class: 'govuk-link', href: `/context?id=${p.context.id}` }, p.context.label),
    await labelOf('context_type', p.context.kind),
    String(p.young_people_open),
    who,
    p.last_assessed_on || 'Never',
    el('a', { class: 'govuk-link', href: `/assess?context=${p.context.id}` }, 'Assess',
      el('span', { class: 'govuk-visually-hidden' }, ` ${p.context.label}`)),
  ];
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  const holder = document.getElementById('proposal-table');
  let answer;
  try {
    answer = await api('GET', '/api/v1/network/proposals?min_young_people=3&limit=50&link_types=member_of,attends,frequents');
  } catch (error) {
    holder.replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  holder.replaceChildren(answer.proposals.length
    ? table(`${answer.proposals.length} ${answer.proposals.length === 1 ? 'context' : 'contexts'} to assess`,
      ['Context', 'Kind', 'Young people open to the hub', 'Who', 'Last assessed', 'Action'], await Promise.all(answer.proposals.map(row)))
    : el('p', { class: 'govuk-body' }, 'No context needs an assessment now.'));
}
start();
