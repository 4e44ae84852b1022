// Search-as-you-type for choosing a record: as the user types, the API is
// asked (at most every 250 ms, stale answers dropped) and the matches are
// shown as radios, with a last choice to add a new record instead.
import { api } from '/js/api.js';
import { el } from '/js/dom.js';

/**
 * input: the search box; results: where the radios go; name: the radios'
 * name; path(q): the API path; describe(item): {label, hint};
 * newLabel: the "add a new one" radio's label; onNew(shown): toggles the
 * new-record fields. Returns {selected(): id | 'new' | null, select(id, label)}.
 */
export function searchAsYouType({ input, results, name, path, describe, newLabel, onNew }) {
  let timer = null;
  let asked = 0;

  function radio(value, label, hint) {
    const id = `${name}-${value}`;
    return el('div', { class: 'govuk-radios__item' },
      el('input', { class: 'govuk-radios__input', id, name, type: 'radio', value,
        onchange: () => onNew(value === 'new') }),
      el('label', { class: 'govuk-label govuk-radios__label', for: id }, label),
      hint ? el('div', { class: 'govuk-hint govuk-radios__hint' }, hint) : null);
  }

  function show(items, query) {
    const count = el('p', { class: 'govuk-body-s govuk-!-margin-bottom-2' },
      items.length ? `${items.length === 1 ? '1 match' : `${items.length} matches`} for "${query}"` : `No matches for "${query}"`);
    results.replaceChildren(count, el('div', { class: 'govuk-radios govuk-radios--small', role: 'group', 'aria-label': 'Matches' },
      items.map((item) => { const d = describe(item); return radio(item.id, d.label, d.hint); }),
      el('div', { class: 'govuk-radios__divider' }, 'or'),
      radio('new', newLabel)));
    if (items.length === 0) {
      results.querySelector(`#${name}-new`).checked = true;
      onNew(true);
    } else {
      onNew(false);
    }
  }

  async function ask(query) {
    const ticket = ++asked;
    const answer = await api('GET', path(query)).catch(() => ({ items: [] }));
    if (ticket === asked) show(answer.items, query);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      asked++;
      results.replaceChildren();
      onNew(false);
      return;
    }
    timer = setTimeout(() => ask(query), 250);
  });

  return {
    selected: () => document.querySelector(`input[name="${name}"]:checked`)?.value || null,
    /** Shows one chosen record, as when the page is opened for it. */
    select(id, label) {
      results.replaceChildren(el('div', { class: 'govuk-radios govuk-radios--small' }, radio(id, label)));
      results.querySelector('input').checked = true;
    },
  };
}
