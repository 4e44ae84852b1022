// Hotspots (/hotspots): places linked to several young people at risk,
// as a table (with the links) and as a plan of where they are — points
// placed by their coordinates on a plain drawing, so it needs no map
// server or internet; or, when the server names a map tile server
// (cshub serve --map-tiles), on that server's map tiles with its
// attribution.
import { api, requireSignIn } from '/js/api.js';
import { el, table } from '/js/dom.js';
import { errorFor, showErrors } from '/js/form.js';
import { fitView, tilesFor, TILE_SIZE } from '/js/map-tiles.js';

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

/** Points by longitude and latitude, scaled to the plain drawing (with a margin). */
function plainLayout(placed) {
  const lats = placed.map((h) => h.latitude), lons = placed.map((h) => h.longitude);
  const span = (values) => Math.max(Math.max(...values) - Math.min(...values), 0.002);
  const scale = Math.min((WIDTH - 80) / (span(lons) * Math.cos((lats[0] * Math.PI) / 180)), (HEIGHT - 80) / span(lats));
  const x = (h) => 40 + (h.longitude - Math.min(...lons)) * Math.cos((lats[0] * Math.PI) / 180) * scale;
  const y = (h) => HEIGHT - 40 - (h.latitude - Math.min(...lats)) * scale;
  return { x, y, tiles: [], className: 'app-hotspot-map__plan', what: 'A plan' };
}

/** Points on the configured tile server's map (Web Mercator), tiles behind them. */
function tiledLayout(placed, template) {
  const view = fitView(placed, WIDTH, HEIGHT, 40);
  const tiles = tilesFor(template, view).map((t) => svg('image', { href: t.url, x: t.x, y: t.y,
    width: TILE_SIZE, height: TILE_SIZE, class: 'app-hotspot-map__tile' }));
  return { x: (h) => view.place(h).x, y: (h) => view.place(h).y, tiles,
    className: 'app-hotspot-map__plan app-hotspot-map__plan--tiled', what: 'A map' };
}

/** The hotspots drawn by their coordinates: on map tiles when a tile server is configured, else on a plain plan. */
function plan(hotspots, settings) {
  const placed = hotspots.filter((h) => typeof h.latitude === 'number' && typeof h.longitude === 'number');
  if (!placed.length) return el('p', { class: 'govuk-body' }, 'None of these places has coordinates recorded.');
  const { x, y, tiles, className, what } = settings?.map_tiles ? tiledLayout(placed, settings.map_tiles) : plainLayout(placed);
  const most = Math.max(...placed.map((h) => h.young_people_at_risk));
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: className, role: 'img',
    'aria-label': `${what} of ${placed.length} hotspots by their coordinates; the table lists the same places.` },
  svg('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, fill: '#f3f2f1' }),
  ...tiles,
  ...placed.map((h) => {
    const r = 6 + 14 * (h.young_people_at_risk / most);
    return svg('g', {},
      svg('circle', { cx: x(h), cy: y(h), r, fill: '#d4351c', 'fill-opacity': 0.7, stroke: '#0b0c0c' }),
      svg('text', { x: x(h) + r + 3, y: y(h) + 4, 'font-size': 11, fill: '#0b0c0c' }, h.label));
  }));
}

/** The map's description, and the tile provider's attribution under it, when tiles are drawn. */
function describeMap(settings) {
  if (!settings?.map_tiles) return [];
  $('hotspot-map-note').textContent = 'Each place with coordinates, larger for more young people, on map tiles from the tile server configured for cshub.';
  return settings.map_attribution
    ? [el('p', { class: 'govuk-body-s app-hotspot-map__attribution', id: 'hotspot-map-attribution' }, settings.map_attribution)]
    : [];
}

/** The server's settings (the map tile server), or null: without them the plan is drawn plain. */
async function settingsOrNull() {
  try {
    return await api('GET', '/api/v1/settings');
  } catch {
    return null;
  }
}

async function start() {
  // The filters are filled in before any wait, so that nothing chosen meanwhile is overwritten.
  $('risk').value = params.get('risk') || 'medium';
  $('min_young_people').value = params.get('min_young_people') || '3';
  $('since').value = params.get('since') || '';
  $('until').value = params.get('until') || '';
  const query = new URLSearchParams({ risk: $('risk').value, min_young_people: $('min_young_people').value });
  for (const name of ['since', 'until']) if (params.get(name)) query.set(name, params.get(name));
  if (!(await requireSignIn(['practitioner', 'coordinator']))) return;
  const settings = settingsOrNull();
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
  const drawing = await settings;
  $('hotspot-map').replaceChildren(plan(hotspots, drawing), ...describeMap(drawing));
}
start();
