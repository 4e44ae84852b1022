// The network view (/network?subject=ID): the people, places and groups
// within a few links of a young person, an adult or a context, drawn with
// cytoscape.js, with filters, a key, and the same network as tables for
// those who do not use the drawing. Selecting a node offers its page and
// re-centring the network on it. The server shows only what the reader
// may see, and audits it.
import cytoscape from '/vendor/cytoscape/cytoscape.esm.min.js';
import { api, requireSignIn } from '/js/api.js';
import { definitions, linkNames } from '/js/casework.js';
import { el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const CONFIDENCES = ['confirmed', 'reported', 'intelligence'];

/** How each kind of node is drawn, and named in the key. */
const looks = {
  young_person: { label: 'Young person', shape: 'ellipse', colour: '#1d70b8' },
  adult_of_concern: { label: 'Adult of concern', shape: 'diamond', colour: '#d4351c' },
  location: { label: 'Place', shape: 'rectangle', colour: '#00703c' },
  peer_group: { label: 'Peer group', shape: 'hexagon', colour: '#4c2c92' },
  school: { label: 'School', shape: 'round-rectangle', colour: '#f47738' },
  online_space: { label: 'Online space', shape: 'triangle', colour: '#d53880' },
  neighbourhood: { label: 'Neighbourhood', shape: 'octagon', colour: '#505a5f' },
};
const lineStyles = { confirmed: 'solid', reported: 'dashed', intelligence: 'dotted' };
const look = (node) => looks[node.kind] || looks.location;
const pageOf = (node) => `/${node.type}?id=${node.id}`;
const linkLabel = (type) => linkNames[type] || type.replaceAll('_', ' ');

function checkbox(name, value, label, checked) {
  const id = `${name}-${value}`;
  return el('div', { class: 'govuk-checkboxes__item' },
    el('input', { class: 'govuk-checkboxes__input', id, name, type: 'checkbox', value, checked }),
    el('label', { class: 'govuk-label govuk-checkboxes__label', for: id }, label));
}

/** The filters as chosen: from the address, defaults otherwise. */
function chosenFilters(linkTypes) {
  const listed = (name, all) => (params.get(name) ? params.get(name).split(',') : all);
  return { depth: params.get('depth') || '2', confidence: listed('confidence', CONFIDENCES),
    linkTypes: listed('link_types', linkTypes), since: params.get('since') || '', until: params.get('until') || '' };
}

async function showFilters(subject) {
  const linkTypes = ((await definitions()).link_type || []).map((t) => t.code);
  const chosen = chosenFilters(linkTypes);
  $('subject').value = subject;
  $('depth').value = chosen.depth;
  $('since').value = chosen.since;
  $('until').value = chosen.until;
  $('confidence-choices').replaceChildren(...CONFIDENCES.map((c) => checkbox('confidence', c, c, chosen.confidence.includes(c))));
  $('link-type-choices').replaceChildren(...linkTypes.map((t) => checkbox('link_types', t, linkLabel(t), chosen.linkTypes.includes(t))));
  summariseFilters(chosen, linkTypes);
  // Send the lists as the API wants them: comma-separated.
  $('network-filters').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams({ subject, depth: $('depth').value });
    for (const name of ['confidence', 'link_types']) {
      const ticked = [...document.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
      query.set(name, ticked.join(','));
    }
    for (const name of ['since', 'until']) if ($(name).value.trim()) query.set(name, $(name).value.trim());
    location.assign(`/network?${query}`);
  });
  return chosen;
}

/** What the view shows, in one line above the filters (shown open when they are not the defaults). */
function summariseFilters(chosen, linkTypes) {
  const everyOne = (picked, all) => all.every((v) => picked.includes(v));
  const listed = (picked, all, names) => (everyOne(picked, all) ? 'all' : picked.filter((v) => all.includes(v)).map(names).join(', ') || 'none');
  const seen = [chosen.since && `since ${chosen.since}`, chosen.until && `until ${chosen.until}`].filter(Boolean).join(' and ');
  $('filter-summary').textContent = `Up to ${chosen.depth} ${chosen.depth === '1' ? 'link' : 'links'} out; confidence: ${listed(chosen.confidence, CONFIDENCES, (c) => c)}; `
    + `kinds of link: ${listed(chosen.linkTypes, linkTypes, linkLabel)}; seen ${seen || 'at any time'}.`;
  $('filter-details').open = chosen.depth !== '2' || !everyOne(chosen.confidence, CONFIDENCES)
    || !everyOne(chosen.linkTypes, linkTypes) || Boolean(chosen.since || chosen.until);
}

function apiQuery(subject, chosen) {
  const query = new URLSearchParams({ subject, depth: chosen.depth });
  if (params.get('confidence')) query.set('confidence', chosen.confidence.join(','));
  if (params.get('link_types')) query.set('link_types', chosen.linkTypes.join(','));
  for (const name of ['since', 'until']) if (chosen[name]) query.set(name, chosen[name]);
  return `/api/v1/network?${query}`;
}

function legend() {
  $('network-legend').replaceChildren(...Object.values(looks).map((l) => el('li', { class: 'app-legend__item' },
    el('span', { class: `app-legend__mark app-legend__mark--${l.shape}`, 'data-colour': l.colour, 'aria-hidden': 'true' }), l.label)),
  ...Object.entries(lineStyles).map(([c, style]) => el('li', { class: 'app-legend__item' },
    el('span', { class: `app-legend__line app-legend__line--${style}`, 'aria-hidden': 'true' }), `${c} link`)));
  for (const mark of document.querySelectorAll('.app-legend__mark')) mark.style.backgroundColor = mark.dataset.colour;
}

function draw(network, subject) {
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const cy = cytoscape({
    container: $('network-graph'),
    elements: [
      ...network.nodes.map((n) => ({ data: { id: n.id, label: n.label, depth: n.depth, shape: look(n).shape, colour: look(n).colour } })),
      ...network.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, line: lineStyles[e.confidence] || 'solid' } })),
    ],
    style: [
      { selector: 'node', style: { shape: 'data(shape)', 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 9,
        'text-valign': 'bottom', 'text-margin-y': 3, width: 18, height: 18, color: '#0b0c0c' } },
      { selector: `node[id = "${subject}"]`, style: { width: 30, height: 30, 'border-width': 4, 'border-color': '#0b0c0c', 'font-weight': 'bold' } },
      { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffdd00' } },
      { selector: 'edge', style: { width: 1.5, 'line-color': '#505a5f', 'line-style': 'data(line)', 'curve-style': 'haystack' } },
    ],
    layout: { name: 'concentric', concentric: (node) => 10 - node.data('depth'), levelWidth: () => 1, minNodeSpacing: 12, animate: false },
    wheelSensitivity: 0.3,
  });
  cy.on('tap', 'node', (event) => select(byId.get(event.target.id()), subject));
  return cy;
}

function select(node, subject) {
  const centre = new URLSearchParams(location.search);
  centre.set('subject', node.id);
  $('network-selected').replaceChildren(
    el('h2', { class: 'govuk-heading-s' }, node.label),
    el('p', { class: 'govuk-body-s' }, look(node).label, node.date_of_birth ? `, born ${node.date_of_birth}` : ''),
    el('p', { class: 'govuk-body-s' }, el('a', { class: 'govuk-link', href: pageOf(node) }, 'Open their page')),
    node.id === subject ? null : el('p', { class: 'govuk-body-s' }, el('a', { class: 'govuk-link', href: `/network?${centre}` }, 'Centre the network here')));
}

function tables(network) {
  const byId = new Map(network.nodes.map((n) => [n.id, n]));
  const name = (id) => el('a', { class: 'govuk-link', href: pageOf(byId.get(id)) }, byId.get(id).label);
  $('network-nodes').replaceChildren(table(`${network.nodes.length} people and places`, ['Name', 'Kind', 'Links from the centre'],
    network.nodes.map((n) => [el('a', { class: 'govuk-link', href: pageOf(n) }, n.label), look(n).label, String(n.depth)])));
  $('network-links').replaceChildren(table(`${network.edges.length} links`, ['From', 'Link', 'To', 'Confidence', 'Last seen'],
    network.edges.map((e) => [name(e.source), linkLabel(e.link_type), name(e.target), e.confidence, e.last_seen || '—'])));
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  const subject = params.get('subject') || '';
  legend();
  const chosen = await showFilters(subject);
  let network;
  try {
    network = await api('GET', apiQuery(subject, chosen));
  } catch (error) {
    $('network-summary').textContent = '';
    showErrors([errorFor(error)]);
    return;
  }
  const centre = network.nodes[0];
  document.title = `Network of ${centre.label} – cshub`;
  $('network-title').textContent = centre.label;
  $('network-caption').textContent = `Network · ${look(centre).label}`;
  $('network-summary').textContent = `${network.nodes.length} people and places, ${network.edges.length} links, up to ${network.depth} links out.` +
    (network.truncated ? ' Only the nearest are shown: narrow the filters to see the rest.' : '');
  window.cshubNetwork = draw(network, subject);
  tables(network);
}
start();
