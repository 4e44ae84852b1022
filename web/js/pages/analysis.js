// Network analysis (/analysis), for analysts and coordinators: the network
// shared with the hub, pseudonymised by the server — its groups (one drawn
// with cytoscape.js, with its members and links as tables), the people who
// connect groups, adults of concern linked to several young people, and
// hotspots. Every person is a pseudonym with an age band; the server never
// sends more. A coordinator may find whose record a pseudonym is, giving a
// reason (audited), and is then taken to the record as the policy allows.
import cytoscape from '/vendor/cytoscape/cytoscape.esm.min.js';
import { api, requireSignIn } from '/js/api.js';
import { linkNames } from '/js/casework.js';
import { el, table } from '/js/dom.js';
import { clearErrors, errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

/** How each kind of node is drawn and named. */
const looks = {
  young_person: { label: 'Young person', shape: 'ellipse', colour: '#1d70b8' },
  adult_of_concern: { label: 'Adult of concern', shape: 'diamond', colour: '#d4351c' },
  dwelling: { label: 'Private home', shape: 'rectangle', colour: '#505a5f' },
  location: { label: 'Place', shape: 'rectangle', colour: '#00703c' },
  peer_group: { label: 'Peer group', shape: 'hexagon', colour: '#4c2c92' },
  school: { label: 'School', shape: 'round-rectangle', colour: '#f47738' },
  online_space: { label: 'Online space', shape: 'triangle', colour: '#d53880' },
  neighbourhood: { label: 'Neighbourhood', shape: 'octagon', colour: '#0b0c0c' },
};
const lineStyles = { confirmed: 'solid', reported: 'dashed', intelligence: 'dotted' };
const sexNames = { female: 'Female', male: 'Male', other: 'Other', not_known: 'Not known' };
const look = (n) => (n.location_kind === 'house' ? looks.dwelling : looks[n.kind] || looks.location);
const shownAs = (n) => n.name || n.pseudonym;
const linkLabel = (type) => linkNames[type] || type.replaceAll('_', ' ');

/** A table in a region that scrolls sideways on its own, so the page never does. */
function scrolling(caption, headers, rows) {
  return el('div', { class: 'app-table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' }, table(caption, headers, rows, { stack: false }));
}

/** One node as table cells: pseudonym, what it is, age band, sex, place name. */
function nodeCells(n) {
  const what = n.type === 'person' ? look(n).label
    : [look(n).label, n.location_kind && n.location_kind !== 'house' ? ` (${n.location_kind.replaceAll('_', ' ')})` : ''].join('');
  return [n.pseudonym, what, n.age_band || '—', sexNames[n.sex] || '—', n.name || '—'];
}
const NODE_HEADERS = ['Pseudonym', 'What', 'Age band', 'Sex', 'Place name'];

/** The query every analysis shares: the date window from the address. */
function windowQuery() {
  const query = new URLSearchParams();
  for (const name of ['since', 'until']) if (params.get(name)) query.set(name, params.get(name));
  return query;
}

function groupingPath() {
  const grouping = params.get('grouping') || 'communities';
  const query = windowQuery();
  query.set('members', '100');
  query.set('limit', '20');
  if (grouping === 'groups') return `/api/v1/analysis/network/groups?${query}`;
  query.set('method', grouping === 'leiden' ? 'leiden' : 'louvain');
  return `/api/v1/analysis/network/communities?${query}`;
}

function legend() {
  $('group-legend').replaceChildren(...Object.values(looks).map((l) => el('li', { class: 'app-legend__item' },
    el('span', { class: `app-legend__mark app-legend__mark--${l.shape}`, 'data-colour': l.colour, 'aria-hidden': 'true' }), l.label)),
  ...Object.entries(lineStyles).map(([c, style]) => el('li', { class: 'app-legend__item' },
    el('span', { class: `app-legend__line app-legend__line--${style}`, 'aria-hidden': 'true' }), `${c} link`)));
  for (const mark of document.querySelectorAll('.app-legend__mark')) mark.style.backgroundColor = mark.dataset.colour;
}

let drawing = null;

function draw(group) {
  drawing?.destroy();
  drawing = cytoscape({
    container: $('group-graph'),
    elements: [
      ...group.members.map((n) => ({ data: { id: n.pseudonym, label: shownAs(n), shape: look(n).shape, colour: look(n).colour } })),
      ...group.links.map((l, i) => ({ data: { id: `link-${i}`, source: l.source, target: l.target, line: lineStyles[l.confidence] || 'solid' } })),
    ],
    style: [
      { selector: 'node', style: { shape: 'data(shape)', 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 8,
        'text-valign': 'bottom', 'text-margin-y': 3, width: 16, height: 16, color: '#0b0c0c' } },
      { selector: 'edge', style: { width: 1.2, 'line-color': '#505a5f', 'line-style': 'data(line)', 'curve-style': 'haystack' } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
    wheelSensitivity: 0.3,
  });
  window.cshubAnalysisGraph = drawing;
}

function showGroup(answer, index) {
  const group = answer.groups[index];
  const name = `Group ${index + 1}`;
  $('group-detail').hidden = false;
  $('group-heading').textContent = `${name}: ${group.size} people and places`
    + (group.members_truncated ? ` (the first ${group.members.length} shown)` : '');
  draw(group);
  const byPseudonym = new Map(group.members.map((n) => [n.pseudonym, n]));
  $('group-members').replaceChildren(scrolling(`${name}: who and what is in it`, NODE_HEADERS, group.members.map(nodeCells)));
  $('group-links').replaceChildren(scrolling(`${name}: ${group.links.length} links`, ['From', 'Link', 'To', 'Confidence'],
    group.links.map((l) => [shownAs(byPseudonym.get(l.source)), linkLabel(l.link_type), shownAs(byPseudonym.get(l.target)), l.confidence])));
}

function showGroups(answer) {
  const kind = answer.method === 'components' ? 'connected groups' : `communities (${answer.method})`;
  $('analysis-summary').textContent = `${answer.nodes} people and places, ${answer.links} links shared with the hub; `
    + `${answer.group_count} ${kind} of three or more.`;
  $('groups-heading').textContent = answer.method === 'components' ? 'Groups: everyone connected' : 'Groups: communities';
  if (!answer.groups.length) {
    $('groups-table').replaceChildren(el('p', { class: 'govuk-body' }, 'No group of three or more.'));
    return;
  }
  const showButton = (i) => el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0',
    'aria-label': `Show group ${i + 1}`, onclick: () => showGroup(answer, i) }, 'Show');
  $('groups-table').replaceChildren(scrolling(`The ${answer.groups.length} largest`, ['Group', 'Size', 'Young people', 'Adults', 'Places and groups', 'Drawing'],
    answer.groups.map((g, i) => [`Group ${i + 1}`, String(g.size), String(g.young_people), String(g.adults), String(g.contexts), showButton(i)])));
  showGroup(answer, 0);
}

function showRanked(id, items, caption, heading, value) {
  $(id).replaceChildren(items.length
    ? scrolling(caption, [...NODE_HEADERS, heading], items.map((n) => [...nodeCells(n), value(n)]))
    : el('p', { class: 'govuk-body' }, 'None.'));
}

/** The coordinator's look-up: a pseudonym and a reason, then a link to the record. */
function offerResolve() {
  $('resolve-section').classList.remove('app-hidden');
  $('resolve-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    $('resolve-result').textContent = '';
    const pseudonym = $('pseudonym').value.trim().toUpperCase();
    if (!/^(YP|AC|PL|PG|CX)-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(pseudonym)) {
      showErrors([{ field: 'pseudonym', message: 'Enter a pseudonym as the analysis shows it, like YP-7Q4K-M2XD-9F3T' }]);
      return;
    }
    try {
      const found = await api('POST', `/api/v1/pseudonyms/${encodeURIComponent(pseudonym)}/resolve`, { reason: $('reason').value });
      $('resolve-result').replaceChildren(`${pseudonym} is `,
        el('a', { class: 'govuk-link', href: `/${found.record_type}?id=${encodeURIComponent(found.id)}` },
          found.record_type === 'person' ? 'this person\'s record' : 'this context\'s record'), '.');
    } catch (error) {
      showErrors([errorFor(error, { not_found: 'No record shared with the hub has this pseudonym' })]);
    }
  });
}

async function start() {
  const session = await requireSignIn(['analyst', 'coordinator']);
  if (!session) return;
  $('grouping').value = params.get('grouping') || 'communities';
  for (const name of ['since', 'until']) $(name).value = params.get(name) || '';
  legend();
  if (session.user.role === 'coordinator') offerResolve();
  const query = windowQuery();
  try {
    const [groups, brokers, adults, hotspots] = await Promise.all([
      api('GET', groupingPath()),
      api('GET', `/api/v1/analysis/network/brokers?${query}`),
      api('GET', `/api/v1/analysis/network/adults?${query}`),
      api('GET', `/api/v1/analysis/network/hotspots?${query}`),
    ]);
    showGroups(groups);
    showRanked('brokers-table', brokers.brokers, `The ${brokers.brokers.length} people on most paths`, 'Betweenness',
      (n) => n.betweenness.toFixed(1));
    showRanked('adults-table', adults.adults, `${adults.adults.length} adults of concern`, 'Young people linked',
      (n) => String(n.young_people));
    showRanked('hotspots-table', hotspots.hotspots, `${hotspots.hotspots.length} hotspots`, 'Young people at risk',
      (n) => String(n.young_people_at_risk));
  } catch (error) {
    $('analysis-summary').textContent = '';
    showErrors([errorFor(error)]);
  }
}
start();
