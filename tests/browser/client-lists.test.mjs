// The browser client's way of reading a whole list (web/js/dom.js,
// allPages): it follows the API's cursors page after page, and when a list
// is longer than it will read (20 pages of 100), the count it shows says
// so rather than passing the first 2,000 off as all. Run in Chromium on
// the module the server sends, with a stand-in for the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAndBrowser, newPage } from './lib.mjs';

const shared = serverAndBrowser({ demo: false });

/** allPages over a stand-in API of total items; what it read and how it counts them. */
async function readList(page, total) {
  return page.evaluate(async (count) => {
    const { allPages, countOf } = await import('/js/dom.js');
    const asked = [];
    const api = async (method, path) => {
      asked.push(path);
      const from = Number(new URL(path, location.origin).searchParams.get('cursor') || 0);
      const items = Array.from({ length: Math.max(0, Math.min(100, count - from)) }, (_, i) => ({ n: from + i }));
      return { items, next_cursor: from + 100 < count ? String(from + 100) : null };
    };
    const items = await allPages(api, '/api/v1/things?status=open');
    return { read: items.length, last: items.at(-1)?.n, cut: items.cut, shown: countOf(items, 'thing', 'things'), first: asked[0], asked: asked.length };
  }, total);
}

test('a whole list is read page by page; one too long to read says so', async () => {
  const page = await newPage(shared.browser, { allow: [{ status: 401, path: '/api/v1/session' }] });
  await page.goto(`${shared.server.url}/`);
  assert.deepEqual(await readList(page, 1), { read: 1, last: 0, cut: false, shown: '1 thing', first: '/api/v1/things?status=open&limit=100', asked: 1 });
  assert.deepEqual(await readList(page, 250), { read: 250, last: 249, cut: false, shown: '250 things', first: '/api/v1/things?status=open&limit=100', asked: 3 });
  assert.deepEqual(await readList(page, 2000), { read: 2000, last: 1999, cut: false, shown: '2000 things', first: '/api/v1/things?status=open&limit=100', asked: 20 });
  assert.deepEqual(await readList(page, 2001), { read: 2000, last: 1999, cut: true, shown: 'The first 2000 things (more are not shown)',
    first: '/api/v1/things?status=open&limit=100', asked: 20 });
});
