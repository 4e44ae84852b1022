// A young person or adult of concern (/person?id=ID): who they are, the
// disruption against an adult of concern (with a form to record it), and
// their chronology. Every look is audited by the server. Where the
// reader's agency requires a purpose of access (the API answers 428), the
// page first asks why the record is being opened, once per record while
// signed in, and the answer goes with every look in the audit log.
import { api, requireSignIn } from '/js/api.js';
import { fullName, matchTag, personFacts, showChronology } from '/js/casework.js';
import { showDisruption } from '/js/disruption.js';
import { el } from '/js/dom.js';
import { clearErrors, errorFor, showDone, showErrors } from '/js/form.js';
import { showInterventions } from '/js/interventions.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const id = query.get('id') || '';
const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
  el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value));

const labels = [
  ['aliases', 'Also known as'], ['date_of_birth', 'Date of birth'], ['estimated_age', 'Age (estimated)'], ['sex', 'Sex'],
  ['ethnicity', 'Ethnicity'], ['address', 'Address'], ['postcode', 'Postcode'], ['school', 'School'],
  ['nhs_number', 'NHS number'], ['unique_pupil_number', 'Unique pupil number'], ['police_reference', 'Police reference'],
  ['council_case_number', 'Council case number'],
];

const movedNames = { links: ['link', 'links'], concerns: ['concern', 'concerns'], screenings: ['screening', 'screenings'],
  aliases: ['alias', 'aliases'], involvements: ['involvement', 'involvements'], disruptions: ['disruption', 'disruptions'],
  actions: ['action, agenda item or intervention', 'actions, agenda items and interventions'] };
const moved = (m) => Object.entries(m.moved).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${movedNames[what][n === 1 ? 0 : 1]}`).join(', ');

async function undo(merge) {
  try {
    await api('POST', `/api/v1/merges/${merge.id}/undo`);
    location.assign(`/person?id=${id}&undone=${merge.id}`);
  } catch (error) {
    showErrors([errorFor(error)]);
  }
}

async function mergeEntry(p, m, mayUndo) {
  const otherId = m.kept_id === p.id ? m.merged_id : m.kept_id;
  const other = await api('GET', `/api/v1/people/${otherId}`).catch(() => null);
  const link = el('a', { class: 'govuk-link', href: `/person?id=${otherId}` }, other ? fullName(other) : 'another record');
  const what = m.kept_id === p.id ? ['The record of ', link, ' was merged into this one'] : ['This record was merged into ', link];
  return el('div', { class: 'govuk-inset-text' },
    el('p', { class: 'govuk-body' }, ...what, ` on ${m.merged_at.slice(0, 10)}. Why: ${m.reason}`),
    el('p', { class: 'govuk-body-s' }, `Moved: ${moved(m) || 'nothing'}.`),
    m.fields_filled?.length ? el('p', { class: 'govuk-body-s' },
      `Details this record lacked, taken from the other: ${m.fields_filled.map((f) => f.replaceAll('_', ' ')).join(', ')}.`) : null,
    m.undone_at ? el('p', { class: 'govuk-body-s' }, `Undone on ${m.undone_at.slice(0, 10)}.`)
      : mayUndo ? el('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0', onclick: () => undo(m) }, 'Undo this merge') : null);
}

async function showMerges(p, session) {
  if (p.merged) {
    if (p.merged_into) $('merged-link').href = `/person?id=${p.merged_into}`;
    else $('merged-link').remove();
    $('merged-warning').classList.remove('app-hidden');
  }
  if (!p.merges.length) return;
  const mayUndo = session.user.role === 'coordinator';
  $('merge-list').replaceChildren(...await Promise.all(p.merges.map((m) => mergeEntry(p, m, mayUndo))));
  $('merges').classList.remove('app-hidden');
}

/** For coordinators: records that may be the same young person, each with a link to compare them. */
async function showDuplicates(p) {
  const found = await api('GET', `/api/v1/people/${p.id}/duplicates`);
  if (!found.items.length) return;
  $('duplicate-list').replaceChildren(...found.items.map((d) => el('li', {},
    el('a', { class: 'govuk-link', href: `/compare?a=${p.id}&b=${d.person.id}` }, `Compare with ${fullName(d.person)}`),
    ` (${personFacts(d.person)}) `, matchTag(d.score))));
  $('duplicates').classList.remove('app-hidden');
}

/** Asks why the record is being opened: one radio button for each purpose the hub offers. */
async function askPurpose(session) {
  const { items } = await api('GET', '/api/v1/access-purposes');
  $('purpose-options').replaceChildren(...items.map((purpose, i) => el('div', { class: 'govuk-radios__item' },
    // The first radio has the field's id, so the error summary's link lands on it.
    el('input', { class: 'govuk-radios__input', id: i === 0 ? 'purpose' : `purpose-${purpose.code}`, name: 'purpose', type: 'radio',
      value: purpose.code }),
    el('label', { class: 'govuk-label govuk-radios__label', for: i === 0 ? 'purpose' : `purpose-${purpose.code}` }, purpose.label))));
  $('person-record').classList.add('app-hidden');
  $('purpose-form').classList.remove('app-hidden');
  document.title = 'Why are you opening this record? – cshub';
  $('purpose-form').onsubmit = async (event) => {
    event.preventDefault();
    const chosen = document.querySelector('input[name="purpose"]:checked');
    if (!chosen) {
      showErrors([{ field: 'purpose', message: 'Select why you are opening this record' }]);
      return;
    }
    try {
      await api('POST', '/api/v1/access-purposes/choices', { record_type: 'person', record_id: id, purpose: chosen.value });
    } catch (error) {
      // Chosen already in this session (another tab): the record opens with that purpose.
      if (error.code !== 'purpose_already_chosen') {
        showErrors([{ ...errorFor(error), field: error.field === 'purpose' ? 'purpose' : null }]);
        return;
      }
    }
    clearErrors();
    $('purpose-form').classList.add('app-hidden');
    $('person-record').classList.remove('app-hidden');
    await show(session);
  };
}

/** Says, under the name, why the reader opened this record, when they stated a purpose. */
async function showPurposeStated() {
  const { items } = await api('GET', `/api/v1/access-purposes/choices?record_id=${encodeURIComponent(id)}`).catch(() => ({ items: [] }));
  if (!items.length) return;
  $('purpose-stated-label').textContent = items[0].label;
  $('purpose-stated').classList.remove('app-hidden');
}

async function start() {
  const session = await requireSignIn(['practitioner', 'coordinator']);
  if (session) await show(session);
}

async function show(session) {
  let p;
  try {
    p = await api('GET', `/api/v1/people/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error.status === 428) {
      await askPurpose(session).catch((failed) => showErrors([errorFor(failed)]));
      return;
    }
    $('chronology').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  document.title = `${fullName(p)} – cshub`;
  await showPurposeStated();
  if (query.get('merged')) showDone('The records are merged: everything recorded about them now shows here. You can undo the merge below.');
  if (query.get('undone')) showDone('The merge is undone: each record has back what it had.');
  $('person-name').textContent = fullName(p);
  $('person-kind').textContent = p.kind === 'adult_of_concern' ? 'Adult of concern' : 'Young person';
  $('person-facts').replaceChildren(...labels
    .filter(([key]) => p[key] !== null && p[key] !== undefined && !(Array.isArray(p[key]) && !p[key].length))
    .map(([key, label]) => row(label, Array.isArray(p[key]) ? p[key].join(', ') : String(p[key]))));
  const link = $('record-concern-link');
  link.href = `/record-concern?person=${p.id}`;
  link.classList.remove('app-hidden');
  $('network-link').href = `/network?subject=${p.id}`;
  $('network-link').classList.remove('app-hidden');
  await showMerges(p, session);
  if (session.user.role === 'coordinator' && !p.merged) await showDuplicates(p);
  const chronology = () => showChronology($('chronology'), `/api/v1/people/${p.id}/chronology`, p.id);
  if (p.kind === 'adult_of_concern' && !p.merged) await showDisruption(session, { field: 'person_id', id: p.id }, chronology);
  if (p.kind === 'young_person' && !p.merged) await showInterventions(session, { path: `/api/v1/people/${p.id}`, appliesTo: 'young_person' }, chronology);
  else $('intervention-section').classList.add('app-hidden');
  await chronology();
}
start();
