// Browser-test helpers: Debian's Chromium driven by playwright-core (no
// downloaded browser), a record of console errors, page errors, CSP
// violations and failed requests, axe-core accessibility checks, and
// full-page screenshots saved under test-results/screenshots/.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { repoRoot, startServer } from '../lib/server.mjs';

export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');
const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A new page whose problems are collected in page.problems: console errors
 * (CSP violations are reported there too), uncaught exceptions and
 * responses of 400 or more — except those listed in allow ({status, path},
 * path a string or a RegExp), e.g. the 401 a signed-out page gets when it
 * asks who is signed in.
 */
export async function newPage(browser, { viewport = { width: 1280, height: 900 }, allow = [] } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  // GOV.UK Frontend reports a component it cannot start with console.log.
  page.on('console', (m) => {
    if (m.type() === 'error' || /Error/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    const url = new URL(r.url());
    const expected = (a) => a.status === r.status() && (a.path instanceof RegExp ? a.path.test(url.pathname) : url.pathname === a.path);
    if (r.status() >= 400 && !allow.some(expected)) {
      page.problems.push(`HTTP ${r.status()} ${url.pathname}`);
    }
  });
  return page;
}

/** Console errors for expected answers (Chromium logs every 4xx fetch) are not problems. */
export function unexpectedProblems(page) {
  return page.problems.filter((p) => !/^console: Failed to load resource: the server responded with a status of (401|400|403|404|409|429)/.test(p));
}

/** Runs axe-core in the page (through the DevTools protocol, so the CSP stays on) and returns violations. */
export async function accessibilityViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Signs email in (demo password) through the sign-in page, then waits to arrive at next. */
export async function signInThroughPage(page, server, email, next) {
  await page.goto(`${server.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.waitForFunction(() => document.body.classList.contains('govuk-frontend-supported'));
  await page.fill('#email', email);
  await page.fill('#password', 'kestrel-vale-demo');
  await page.click('#sign-in-button');
  await page.waitForURL((url) => url.pathname === next.split('?')[0]);
}

export async function screenshot(page, name) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Starts a demo server (demo: see startServer) and a browser before the
 * file's tests and stops them after; returns an object whose server and
 * browser are set by then.
 */
export function serverAndBrowser({ demo = true } = {}) {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await startServer({ demo });
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}
