// Shared set-up of the browser tests: www/ on a local server, Debian's headless Chromium,
// and a record of requests to other hosts and of page errors.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './static-server.js';

const here = dirname(fileURLToPath(import.meta.url));
export const www = resolve(here, '../../www');
export const screenshots = join(here, 'screenshots');
export const fixture = (name) => readFile(join(here, 'fixtures', name), 'utf8');

/**
 * A record of a test file's measurements: `measure(t, name, value)` keeps a value and prints
 * it as a test diagnostic; `save()` writes them all to screenshots/FILE.
 */
export function measurements(file) {
  const values = {};
  return {
    measure(t, name, value) {
      values[name] = value;
      t.diagnostic(`${name}: ${typeof value === 'number' ? value.toLocaleString('en') : value}`);
    },
    save: () => writeFile(join(screenshots, file), `${JSON.stringify(values, null, 2)}\n`),
  };
}

/**
 * Starts the server and the browser and opens the page; resolves to everything a test file
 * needs. `setUp({context, page, server})`, if given, runs before the page is opened (routes,
 * init scripts). Unless `waitForModel` is false, it waits until accurate mode's model is
 * ready (or found unavailable), so that no comparison is redone under a test's feet.
 */
export async function openPage({ setUp, waitForModel = true } = {}) {
  const server = await serve(www);
  await mkdir(screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const foreignRequests = [];
  const pageErrors = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== new URL(server.url).origin) {
      foreignRequests.push(request.url());
    }
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
  await setUp?.({ context, page, server });
  await page.goto(server.url);
  if (waitForModel) await modelSettled(page);
  return {
    server, browser, context, page, foreignRequests, pageErrors,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Waits until the page is no longer loading accurate mode's model; resolves to its state. */
export async function modelSettled(page, timeout = 60000) {
  await page.waitForFunction(() => {
    const state = document.getElementById('model-status')?.dataset.state;
    return state && state !== 'loading';
  }, null, { timeout });
  return page.getAttribute('#model-status', 'data-state');
}

/** Fills both sides, clicks Compare and waits for the result (or fails with the page's error). */
export async function compare(page, source, target) {
  await page.fill('#source-text', source);
  await page.fill('#target-text', target);
  return clickCompare(page);
}

/** Clicks Compare, waits for the result and resolves to the milliseconds the page reports. */
export async function clickCompare(page, timeout = 30000) {
  await page.evaluate(() => { document.getElementById('status').dataset.elapsed = ''; });
  await page.click('#compare-button');
  await page.waitForFunction(() =>
    document.getElementById('status').dataset.elapsed || !document.getElementById('error').hidden, null, { timeout });
  const error = await page.isVisible('#error') ? await page.textContent('#error') : '';
  if (error) throw new Error(`the page shows an error: ${error}`);
  return Number(await page.getAttribute('#status', 'data-elapsed'));
}

/** Saves a screenshot in screenshots/NAME.png, scrolled to the top so a sticky bar stays in place. */
export async function screenshot(page, name, fullPage = true) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
}
