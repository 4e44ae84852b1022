// Web Mercator ("slippy map") tiles for a drawing of points: the zoom at
// which the points' bounding box fits the drawing, where each point falls
// in it, and which 256-pixel tiles cover it, with their addresses from the
// tile server's URL template ({z}, {x}, {y}). Pure functions, no DOM.

export const TILE_SIZE = 256;
const MAX_ZOOM = 18;
const MAX_LATITUDE = 85.0511287798;

/** Pixel position of latitude/longitude in the whole world at zoom. */
export function project(latitude, longitude, zoom) {
  const size = TILE_SIZE * 2 ** zoom;
  const lat = (Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, latitude)) * Math.PI) / 180;
  return {
    x: ((longitude + 180) / 360) * size,
    y: ((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * size,
  };
}

/** The highest zoom at which every point fits in width x height less margin on each side. */
export function fitZoom(points, width, height, margin) {
  for (let zoom = MAX_ZOOM; zoom > 0; zoom -= 1) {
    const projected = points.map((p) => project(p.latitude, p.longitude, zoom));
    const xs = projected.map((p) => p.x), ys = projected.map((p) => p.y);
    if (Math.max(...xs) - Math.min(...xs) <= width - 2 * margin
      && Math.max(...ys) - Math.min(...ys) <= height - 2 * margin) return zoom;
  }
  return 0;
}

/**
 * The view of points in a width x height drawing: its zoom, the world
 * pixel at the drawing's top left (the points' box centred), and place(p)
 * giving a point's {x, y} in the drawing.
 */
export function fitView(points, width, height, margin) {
  const zoom = fitZoom(points, width, height, margin);
  const projected = points.map((p) => project(p.latitude, p.longitude, zoom));
  const middle = (values) => (Math.min(...values) + Math.max(...values)) / 2;
  const left = middle(projected.map((p) => p.x)) - width / 2;
  const top = middle(projected.map((p) => p.y)) - height / 2;
  const place = (p) => {
    const at = project(p.latitude, p.longitude, zoom);
    return { x: at.x - left, y: at.y - top };
  };
  return { zoom, left, top, width, height, place };
}

/** The tiles covering view: [{url, x, y}] with x, y their top left in the drawing. */
export function tilesFor(template, view) {
  const count = 2 ** view.zoom;
  const tiles = [];
  const first = (start) => Math.floor(start / TILE_SIZE);
  const last = (start, length) => Math.floor((start + length - 1) / TILE_SIZE);
  for (let ty = Math.max(0, first(view.top)); ty <= Math.min(count - 1, last(view.top, view.height)); ty += 1) {
    for (let tx = first(view.left); tx <= last(view.left, view.width); tx += 1) {
      const wrapped = ((tx % count) + count) % count;
      const url = template.replaceAll('{z}', String(view.zoom)).replaceAll('{x}', String(wrapped)).replaceAll('{y}', String(ty));
      tiles.push({ url, x: tx * TILE_SIZE - view.left, y: ty * TILE_SIZE - view.top });
    }
  }
  return tiles;
}
