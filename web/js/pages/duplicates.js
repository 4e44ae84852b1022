// The duplicates queue (/duplicates): pairs of records that may be one
// young person, best first, each with the reasons and a link to compare
// them side by side. Coordinators only: they merge or set pairs aside.
import { api, requireSignIn } from '/js/api.js';
import { agencyNames, fullName, matchTag, personFacts } from '/js/casework.js';
import { el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const minScore = new URLSearchParams(location.search).get('min_score') === '40' ? 40 : 55;
let cursor = null;
const rows = [];

function who(p, agencies) {
  return el('span', {}, el('a', { class: 'govuk-link', href: `/person?id=${p.id}` }, fullName(p)),
    el('br'), el('span', { class: 'govuk-body-s' }, [personFacts(p), agencies[p.owner_agency_id]].filter(Boolean).join(', ')));
}

function row(pair, agencies) {
  const [a, b] = pair.people;
  return [who(a, agencies), who(b, agencies), matchTag(pair.score), pair.reasons.join('; '),
    el('a', { class: 'govuk-link', href: `/compare?a=${a.id}&b=${b.id}` }, 'Compare',
      el('span', { class: 'govuk-visually-hidden' }, ` ${fullName(a)} and ${fullName(b)}`))];
}

async function showPage() {
  const agencies = await agencyNames();
  const answer = await api('GET', `/api/v1/duplicates?min_score=${minScore}&limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  rows.push(...answer.items.map((pair) => row(pair, agencies)));
  cursor = answer.next_cursor;
  $('pair-table').replaceChildren(rows.length
    ? table(`${rows.length}${cursor ? ' or more' : ''} ${rows.length === 1 ? 'pair' : 'pairs'} to look at`,
      ['Record', 'Record', 'Score', 'Why', 'Action'], rows)
    : el('p', { class: 'govuk-body' }, 'No records to look at.'));
  $('more-pairs').classList.toggle('app-hidden', !cursor);
}

async function start() {
  $('min_score').value = String(minScore); // before any wait: nothing typed meanwhile is overwritten
  if (!(await requireSignIn(['coordinator']))) return;
  $('more-pairs').addEventListener('click', () => showPage().catch((error) => showErrors([errorFor(error)])));
  try {
    await showPage();
  } catch (error) {
    $('pair-table').replaceChildren();
    showErrors([errorFor(error)]);
  }
}
start();
