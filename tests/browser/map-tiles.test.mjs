// The hotspots map on a configured tile server (cshub serve --map-tiles):
// the test runs its own small tile server on 127.0.0.1 (256-pixel PNG
// tiles made here, every request counted), starts cshub pointing at it,
// and checks the coordinator's hotspots page asks that server for the
// tiles around the places and draws them behind the points, shows the
// provider's attribution, and breaks no Content-Security-Policy rule.
// Also the Web Mercator arithmetic of web/js/map-tiles.js on known values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { project, fitView, tilesFor, TILE_SIZE } from '../../web/js/map-tiles.js';
import { launchBrowser, newPage, signInThroughPage, accessibilityViolations, screenshot, unexpectedProblems } from './lib.mjs';

const ATTRIBUTION = 'Map tiles © cshub test tile server';
const TILE_COLOUR = [170, 218, 255];
const shared = { tiles: null, tileRequests: [], server: null, browser: null };

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 256 x 256 RGB PNG of one colour with a darker one-pixel edge, as a tile. */
function tilePng([r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(TILE_SIZE, 0);
  header.writeUInt32BE(TILE_SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const rows = [];
  for (let y = 0; y < TILE_SIZE; y += 1) {
    const row = Buffer.alloc(1 + 3 * TILE_SIZE);
    for (let x = 0; x < TILE_SIZE; x += 1) {
      const edge = x === 0 || y === 0;
      row.set(edge ? [120, 150, 180] : [r, g, b], 1 + 3 * x);
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A tile server on a free loopback port answering /tiles/{z}/{x}/{y}.png and counting requests. */
async function startTileServer() {
  const png = tilePng(TILE_COLOUR);
  const server = http.createServer((req, res) => {
    shared.tileRequests.push(req.url);
    if (!/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(req.url)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

before(async () => {
  shared.tiles = await startTileServer();
  const origin = `http://127.0.0.1:${shared.tiles.address().port}`;
  shared.server = await startServer({ demo: 'full',
    args: ['--map-tiles', `${origin}/tiles/{z}/{x}/{y}.png`, '--map-attribution', ATTRIBUTION] });
  shared.browser = await launchBrowser();
});

after(async () => {
  await shared.browser?.close();
  await shared.server?.stop();
  await new Promise((resolve) => shared.tiles?.close(resolve) ?? resolve());
});

/** How many pixels of the element's screenshot are the tiles' colour, counted in the page from a data: URL. */
async function tilePixels(page, locator) {
  const png = (await locator.screenshot()).toString('base64');
  return page.evaluate(async ({ data, colour }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    let count = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (colour.every((c, k) => Math.abs(pixels[i + k] - c) <= 3)) count += 1;
    }
    return count / (image.width * image.height);
  }, { data: png, colour: TILE_COLOUR });
}

test('Web Mercator tiles: known positions, a fitting zoom, tiles covering the drawing', () => {
  assert.deepEqual(project(0, 0, 0), { x: 128, y: 128 });
  const london = project(51.5074, -0.1278, 10);
  assert.equal(Math.floor(london.x / TILE_SIZE), 511);
  assert.equal(Math.floor(london.y / TILE_SIZE), 340);
  const places = [{ latitude: 53.40, longitude: -2.98 }, { latitude: 53.42, longitude: -2.93 }, { latitude: 53.39, longitude: -2.95 }];
  const view = fitView(places, 560, 420, 40);
  assert.ok(view.zoom >= 10 && view.zoom <= 14, `a town's places fit at zoom ${view.zoom}`);
  for (const p of places) {
    const at = view.place(p);
    assert.ok(at.x >= 40 && at.x <= 520 && at.y >= 40 && at.y <= 380, `${JSON.stringify(at)} inside the margin`);
  }
  assert.ok(fitView(places, 560, 420, 40).zoom === view.zoom && fitView(places, 1120, 840, 40).zoom === view.zoom + 1,
    'twice the room, one zoom level closer');
  const tiles = tilesFor('https://t.example/{z}/{x}/{y}.png', view);
  assert.ok(tiles.length >= 6 && tiles.length <= 12, `${tiles.length} tiles`);
  assert.ok(tiles.every((t) => t.x > -TILE_SIZE && t.x < 560 && t.y > -TILE_SIZE && t.y < 420), 'each tile shows');
  assert.ok(tiles.some((t) => t.x <= 0 && t.y <= 0) && tiles.some((t) => t.x + TILE_SIZE >= 560 && t.y + TILE_SIZE >= 420), 'corner to corner');
  assert.match(tiles[0].url, new RegExp(`^https://t\\.example/${view.zoom}/\\d+/\\d+\\.png$`));
  assert.deepEqual(tilesFor('{z}/{x}/{y}', { zoom: 1, left: -10, top: 0, width: 20, height: 10 }).map((t) => t.url), ['1/1/0', '1/0/0'],
    'tiles wrap round the date line');
});

test('the hotspots are drawn on the configured tile server\'s map, with its attribution', async () => {
  const page = await newPage(shared.browser, { allow: [{ status: 401, path: '/api/v1/session' }] });
  await signInThroughPage(page, shared.server, 'coordinator@kestrel-vale.example', '/hotspots');
  await page.locator('#hotspot-table tbody tr').first().waitFor();
  const images = page.locator('#hotspot-map svg image');
  await images.first().waitFor({ state: 'attached' });
  const hrefs = await images.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('href')));
  const origin = `http://127.0.0.1:${shared.tiles.address().port}`;
  assert.ok(hrefs.length >= 4, `${hrefs.length} tiles`);
  assert.ok(hrefs.every((h) => h.startsWith(`${origin}/tiles/`)), 'every tile from the configured server');
  const paths = hrefs.map((h) => new URL(h).pathname);
  for (let i = 0; i < 100 && !paths.every((p) => shared.tileRequests.includes(p)); i += 1) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(paths.filter((p) => !shared.tileRequests.includes(p)), [], 'the browser asked the tile server for each tile');
  const zoom = Number(paths[0].split('/')[2]);
  assert.ok(zoom >= 10 && zoom <= 17, `the places of one town fit at zoom ${zoom}`);
  assert.ok(await page.locator('#hotspot-map svg circle').count() >= 3, 'the places are drawn over the tiles');
  assert.equal(await page.locator('#hotspot-map svg > *').last().evaluate((n) => n.tagName), 'g', 'points above the tiles');
  assert.ok(await tilePixels(page, page.locator('#hotspot-map svg')) > 0.3, 'the tiles are drawn');
  assert.equal((await page.locator('#hotspot-map-attribution').innerText()).trim(), ATTRIBUTION);
  assert.match(await page.locator('#hotspot-map-note').innerText(), /map tiles from the tile server/);
  assert.deepEqual(await accessibilityViolations(page), []);
  await screenshot(page, 'network-08-hotspots-on-map-tiles');
  assert.deepEqual(unexpectedProblems(page), [], 'no CSP violation or failed request');
});
