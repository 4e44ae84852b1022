// Hotspots (/hotspots): places linked to several young people at risk,
// as a table (with the links) and as a plan of where they are — points
// placed by their coordinates on a plain drawing, so it needs no map
// server or internet.
import { api, requireSignIn } from '/js/api.js';
import { el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 560;
const HEIGHT = 420;

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Points by longitude and latitude, scaled to the drawing (with a margin). */
function plan(hotspots) {
  const placed = hotspots.filter((h) => typeof h.latitude === 'number' && typeof h.longitude === 'number');
  if (!placed.length) return el('p', { class: 'govuk-body' }, 'None of these places has coordinates recorded.');
  const lats = placed.map((h) => h.latitude), lons = placed.map((h) => h.longitude);
  const span = (values) => Math.max(Math.max(...values) - Math.min(...values), 0.002);
  const scale = Math.min((WIDTH - 80) / (span(lons) * Math.cos((lats[0] * Math.PI) / 180)), (HEIGHT - 80) / span(lats));
  const x = (h) => 40 + (h.longitude - Math.min(...lons)) * Math.cos((lats[0] * Math.PI) / 180) * scale;
  const y = (h) => HEIGHT - 40 - (h.latitude - Math.min(...lats)) * scale;
  const most = Math.max(...placed.map((h) => h.young_people_at_risk));
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'app-hotspot-map__plan', role: 'img',
    'aria-label': `A plan of ${placed.length} hotspots by their coordinates; the table lists the same places.` },
  svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#f3f2f1' }),
  ...placed.map((h) => {
    const r = 6 + 14 * (h.young_people_at_risk / most);
    return svg('g', {},
      svg('circle', { cx: x(h), cy: y(h), r, fill: '#d4351c', 'fill-opacity': 0.7, stroke: '#0b0c0c' }),
      svg('text', { x: x(h) + r + 3, y: y(h) + 4, 'font-size': 11, fill: '#0b0c0c' }, h.label));
  }));
}

async function start() {
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  $('risk').value = params.get('risk') || 'medium';
  $('min_young_people').value = params.get('min_young_people') || '3';
  $('since').value = params.get('since') || '';
  $('until').value = params.get('until') || '';
  const query = new URLSearchParams({ risk: $('risk').value, min_young_people: $('min_young_people').value });
  for (const name of ['since', 'until']) if (params.get(name)) query.set(name, params.get(name));
  let answer;
  try {
    answer = await api('GET', `/api/v1/network/hotspots?${query}`);
  } catch (error) {
    $('hotspot-table').replaceChildren();
    showErrors([errorFor(error)]);
    return;
  }
  const hotspots = answer.hotspots;
  $('hotspot-table').replaceChildren(hotspots.length
    ? table(`${hotspots.length} ${hotspots.length === 1 ? 'hotspot' : 'hotspots'}`, ['Place', 'Young people at risk', 'Network'],
      hotspots.map((h) => [el('a', { class: 'govuk-link', href: `/context?id=${h.id}` }, h.label), String(h.young_people_at_risk),
        el('a', { class: 'govuk-link', href: `/network?subject=${h.id}&depth=2` }, 'See the network',
          el('span', { class: 'govuk-visually-hidden' }, ` of ${h.label}`))]))
    : el('p', { class: 'govuk-body' }, 'No place meets these conditions.'));
  $('hotspot-map').replaceChildren(plan(hotspots));
}
start();
