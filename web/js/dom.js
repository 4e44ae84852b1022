// Small DOM builders for the client's pages. Text always goes in through
// textContent, never as HTML, so nothing from the server can become markup.

/** el('a', {href: '/x', class: 'govuk-link'}, 'text', child, ...) */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/**
 * A GOV.UK table: caption, header labels, and rows of cells (text or
 * nodes). On a phone each row becomes a card, each cell under its
 * header's label (app.css), so the page never scrolls sideways; a grid of
 * figures meant to be read across (stack: false) keeps its columns and
 * scrolls inside its own region instead (app-table-scroll).
 */
export function table(caption, headers, rows, { stack = true } = {}) {
  const labels = headers.map((h) => (h instanceof Node ? h.textContent : String(h)).trim());
  return el('table', { class: stack ? 'govuk-table app-table-stacked' : 'govuk-table' },
    el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    el('thead', { class: 'govuk-table__head' },
      el('tr', { class: 'govuk-table__row' }, headers.map((h) => el('th', { scope: 'col', class: 'govuk-table__header' }, h)))),
    el('tbody', { class: 'govuk-table__body' },
      rows.map((cells) => el('tr', { class: 'govuk-table__row' },
        cells.map((c, i) => el('td', { class: 'govuk-table__cell', 'data-label': labels[i] || null }, c))))));
}

const PAGES_MAX = 20;

/** Every item of a paged API list, following next_cursor; after PAGES_MAX
 * pages of 100 it stops, and marks the list cut (see countOf). */
export async function allPages(api, path) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < PAGES_MAX; page++) {
    const joiner = path.includes('?') ? '&' : '?';
    const answer = await api('GET', `${path}${joiner}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  items.cut = Boolean(cursor);
  return items;
}

/** "3 new concerns", or, for a list allPages cut short, "The first 2000
 * new concerns (more are not shown)". */
export function countOf(items, one, many = one) {
  const counted = `${items.length} ${items.length === 1 ? one : many}`;
  return items.cut ? `The first ${counted} (more are not shown)` : counted;
}

/** Fills a <select> with options {value, label}. */
export function fillSelect(select, options) {
  select.replaceChildren(...options.map(({ value, label }) => el('option', { value }, label)));
}

/** Names as people read them. */
export const roleNames = {
  admin: 'Administrator', coordinator: 'Hub coordinator', practitioner: 'Practitioner',
  analyst: 'Analyst', board_viewer: 'Board member',
};
export const agencyKindNames = {
  childrens_services: "Children's services", police: 'Police', youth_justice: 'Youth justice',
  education: 'Education', health: 'Health', community_safety: 'Community safety',
  voluntary: 'Voluntary sector', housing: 'Housing', other: 'Other',
};
