// Accurate mode in Debian's headless Chromium: the sentence encoder's model is downloaded
// once with progress and kept by the browser, the example is compared with it; without the
// model (404) the page says so and compares lexically; a compare started while the model
// downloads answers lexically at once and is redone in accurate mode when the model is
// ready; a device that saves data starts with accurate mode off.
// Needs the web build (scripts/build-web), which also builds www/model/use-m3.bin.
// Measurements are printed as test diagnostics and kept in screenshots/accurate.json.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clickCompare, compare, fixture, measurements, modelSettled, openPage, screenshot, www } from './harness.js';

const MODEL_PATH = '/model/use-m3.bin';
const { measure, save } = measurements('accurate.json');

after(save);

/**
 * Opens the page with a log of the requests for the model (method and path, the worker's
 * included) and of what the page shows beside the switch; `setUp` adds routes or scripts.
 */
async function openLogged(setUp) {
  const modelRequests = [];
  const session = await openPage({
    waitForModel: false,
    setUp: async ({ context, page, server }) => {
      context.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === MODEL_PATH) modelRequests.push(`${request.method()} ${url.pathname}`);
      });
      await page.addInitScript(() => {
        window.modelLog = [];
        document.addEventListener('DOMContentLoaded', () => {
          const status = document.getElementById('model-status');
          const bar = document.getElementById('model-progress');
          new MutationObserver(() => window.modelLog.push({
            state: status.dataset.state,
            text: status.textContent,
            progress: bar.hidden ? null : bar.value,
          })).observe(status, { childList: true, characterData: true, subtree: true });
        });
      });
      await setUp?.({ context, page, server });
    },
  });
  return { ...session, modelRequests };
}

/** Clicks Example and waits for its result. */
async function compareExample(page) {
  await page.evaluate(() => { document.getElementById('status').dataset.elapsed = ''; });
  await page.click('#example-button');
  await page.waitForFunction(() => document.getElementById('status').dataset.elapsed, null, { timeout: 60000 });
  return Number(await page.getAttribute('#status', 'data-elapsed'));
}

/** The model's time to ready and the time load_model took, as the page records them. */
const loadTimes = (page) => page.$eval('#model-status', (status) => `${status.dataset.ms}, ${status.dataset.loadMs}`);

const summaryAccurate = (page) => page.getAttribute('.summary-mode', 'data-accurate');
const notices = (page) => page.$$eval('#notices li', (items) => items.map((item) => item.textContent));

/** `count` copies of the paragraphs of `text`, articles renumbered so that no two are alike. */
function repeated(text, count) {
  const paragraphs = text.trim().split(/\n\s*\n/);
  const out = [];
  for (let copy = 0; copy < count; copy++) {
    for (const paragraph of paragraphs) {
      out.push(paragraph.replace(/^(Article|Artikel) (\d+)/, (_, word, n) => `${word} ${copy * 5 + Number(n)}`));
    }
  }
  return out.join('\n\n');
}

/** The fastest of `runs` compares of what the page holds (clicking Compare). */
async function fastestCompare(page, runs = 3) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, await clickCompare(page, 120000));
  return best;
}

describe('accurate mode with the model', () => {
  let session;
  let page;

  before(async () => {
    session = await openLogged();
    page = session.page;
  });
  after(() => session?.close());

  test('is on by default and downloads the model once, with progress', async (t) => {
    assert.equal(await page.isChecked('#accurate'), true);
    assert.equal(await modelSettled(page), 'ready');
    const log = await page.evaluate(() => window.modelLog);
    const downloading = log.filter((entry) => entry.text.startsWith('Downloading the accurate-mode model'));
    const size = (await readFile(join(www, 'model/use-m3.bin'))).length;
    const total = (size / 1e6).toFixed(1);
    assert.ok(downloading.some((entry) => entry.text.includes(`0.0 of ${total} MB (0%)`) && entry.progress === 0),
      JSON.stringify(log));
    assert.ok(downloading.some((entry) => entry.text.includes(`${total} of ${total} MB (100%)`) && entry.progress === 1),
      JSON.stringify(log));
    assert.match(await page.textContent('#model-status'), new RegExp(`^Ready: ${total.replace('.', '\\.')} MB model downloaded in`));
    assert.equal(await page.textContent('#model-size'), `${total} MB`);
    assert.deepEqual(session.modelRequests, [`GET ${MODEL_PATH}`]);
    const info = await page.evaluate(() => caches.open('transdiff-model-v1').then((cache) => cache.match('./model/use-m3.bin'))
      .then((response) => response && Number(response.headers.get('content-length'))));
    assert.equal(info, size, 'the browser keeps the model in its cache');
    const bytes = await readFile(join(www, 'model/use-m3.bin'));
    measure(t, 'model download (bytes)', `${bytes.length.toLocaleString('en')} (${gzipSync(bytes, { level: 9 }).length.toLocaleString('en')} gzipped)`);
    measure(t, 'model: downloaded (local server) and loaded, load_model alone (ms)', await loadTimes(page));
    measure(t, 'engine memory with the model loaded (bytes of wasm memory)',
      Number(await page.getAttribute('#model-status', 'data-memory')));
  });

  test('compares the example in accurate mode and still finds its problems', async (t) => {
    const elapsed = await compareExample(page);
    assert.equal(await summaryAccurate(page), 'true');
    assert.match(await page.textContent('.summary-mode'), /^Accurate mode/);
    assert.match(await page.textContent('#status'), /in accurate mode\.$/);
    assert.match(await page.textContent('.summary-languages'), /English → French/);
    const statuses = await page.$$eval('.row', (rows) => rows.map((row) => row.dataset.status));
    assert.ok(statuses.includes('dropped'), `rows: ${statuses}`);
    const kinds = await page.$$eval('.flag', (flags) => flags.map((flag) => flag.dataset.kind));
    assert.ok(kinds.includes('number_mismatch') && kinds.includes('name_mismatch'), `flags: ${kinds}`);
    measure(t, 'example, accurate: first compare to rendered (ms, with lexicon downloads)', elapsed);
    await screenshot(page, 'accurate-example');
  });

  test('a second compare does not download the model again', async () => {
    await clickCompare(page);
    assert.equal(await summaryAccurate(page), 'true');
    assert.deepEqual(session.modelRequests, [`GET ${MODEL_PATH}`]);
  });

  test('times the example and a typical article pair, accurate and fast', { timeout: 600000 }, async (t) => {
    measure(t, 'example, accurate: compare to rendered (ms, fastest of 3)', await fastestCompare(page));
    await page.uncheck('#accurate');
    measure(t, 'example, fast: compare to rendered (ms, fastest of 3)', await fastestCompare(page));
    assert.equal(await summaryAccurate(page), 'false');
    assert.match(await page.textContent('.summary-mode'), /accurate mode is off/);

    const source = repeated(await fixture('udhr-en.txt'), 13);
    const target = repeated(await fixture('udhr-de-without-article-2.txt'), 13);
    const words = (text) => text.split(/\s+/).filter(Boolean).length;
    measure(t, 'typical pair: words (source, target)', `${words(source)}, ${words(target)}`);
    await compare(page, source, target); // the German lexicon is downloaded once
    measure(t, 'typical pair, fast: compare to rendered (ms, fastest of 3)', await fastestCompare(page));
    // Turning accurate mode on compares the same texts again, now with the model.
    await page.evaluate(() => { document.getElementById('status').dataset.elapsed = ''; });
    await page.check('#accurate');
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed, null, { timeout: 120000 });
    assert.equal(await summaryAccurate(page), 'true');
    measure(t, 'typical pair, accurate: compare to rendered (ms, fastest of 3)', await fastestCompare(page));
    assert.equal(await summaryAccurate(page), 'true');
    assert.deepEqual(session.modelRequests, [`GET ${MODEL_PATH}`]);
  });

  test('after a reload the model comes from the browser’s cache, not the network', async (t) => {
    await page.reload();
    assert.equal(await modelSettled(page), 'ready');
    assert.match(await page.textContent('#model-status'), /read from this browser’s cache/);
    assert.deepEqual(session.modelRequests.filter((request) => request.startsWith('GET')), [`GET ${MODEL_PATH}`]);
    measure(t, 'model: read from the cache and loaded, load_model alone (ms)', await loadTimes(page));
    // A compare right away waits for the cached model rather than answering lexically.
    await compareExample(page);
    assert.equal(await summaryAccurate(page), 'true');
  });

  test('Stop ends a compare; the next worker reads the model from the cache', async () => {
    await page.evaluate(() => {
      document.getElementById('compare-button').click();
      document.getElementById('stop-button').click();
    });
    assert.equal(await page.textContent('#status'), 'Comparison stopped.');
    await clickCompare(page);
    assert.equal(await summaryAccurate(page), 'true');
    assert.equal(await page.getAttribute('#model-status', 'data-state'), 'ready');
    assert.deepEqual(session.modelRequests.filter((request) => request.startsWith('GET')), [`GET ${MODEL_PATH}`]);
  });

  test('made no request to another host and logged no error', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('accurate mode without the model', () => {
  let session;
  let page;

  before(async () => {
    session = await openLogged(({ page: opened }) =>
      opened.route(`**${MODEL_PATH}`, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })));
    page = session.page;
  });
  after(() => session?.close());

  test('says accurate mode is unavailable and compares lexically', async () => {
    assert.equal(await modelSettled(page), 'unavailable');
    assert.match(await page.textContent('#model-status'), /^Accurate mode is unavailable: the model file is not on this site\.$/);
    await compareExample(page);
    assert.equal(await summaryAccurate(page), 'false');
    assert.match(await page.textContent('.summary-mode'), /accurate mode is unavailable/);
    const statuses = await page.$$eval('.row', (rows) => rows.map((row) => row.dataset.status));
    assert.ok(statuses.includes('dropped') && statuses.includes('noise'), `rows: ${statuses}`);
    const kinds = await page.$$eval('.flag', (flags) => flags.map((flag) => flag.dataset.kind));
    assert.ok(kinds.includes('number_mismatch') && kinds.includes('name_mismatch'), `flags: ${kinds}`);
    await screenshot(page, 'accurate-unavailable');
  });

  test('asks for the model once, also after a worker restart', async () => {
    await page.evaluate(() => {
      document.getElementById('compare-button').click();
      document.getElementById('stop-button').click();
    });
    await clickCompare(page);
    assert.equal(await summaryAccurate(page), 'false');
    assert.deepEqual(session.modelRequests, [`GET ${MODEL_PATH}`]);
  });

  test('made no request to another host and logged no error but the 404', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors.filter((error) => !/404/.test(error)), []);
  });
});

describe('a compare started while the model downloads', () => {
  let session;
  let page;
  /** The model's response waits for `open()`; `held` resolves when the worker asked for it. */
  let gate;
  const newGate = () => {
    let open;
    let held;
    gate = { opened: new Promise((resolve) => { open = resolve; }), held: new Promise((resolve) => { held = resolve; }) };
    gate.open = open;
    gate.markHeld = held;
  };

  before(async () => {
    newGate();
    session = await openLogged(({ page: opened }) => opened.route(`**${MODEL_PATH}`, async (route) => {
      const current = gate;
      current.markHeld();
      await current.opened;
      await route.continue().catch(() => {});
    }));
    page = session.page;
  });
  after(() => session?.close());

  test('answers lexically at once and is redone in accurate mode when the model arrives', async (t) => {
    await gate.held;
    const elapsed = await compareExample(page);
    assert.equal(await summaryAccurate(page), 'false');
    assert.match(await page.textContent('.summary-mode'), /model is still loading/);
    assert.ok((await notices(page)).some((notice) => /still downloading/.test(notice)), `${await notices(page)}`);
    assert.equal(await page.getAttribute('#model-status', 'data-state'), 'loading');
    measure(t, 'example while the model downloads: lexical answer (ms)', elapsed);
    await page.evaluate(() => { document.getElementById('status').dataset.elapsed = ''; });
    const released = Date.now();
    gate.open();
    await page.waitForFunction(() => document.querySelector('.summary-mode')?.dataset.accurate === 'true', null, { timeout: 60000 });
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed);
    measure(t, 'example redone in accurate mode: from the model released to rendered (ms)', Date.now() - released);
    assert.match(await page.textContent('#status'), /in accurate mode\.$/);
    assert.ok(!(await notices(page)).some((notice) => /still downloading/.test(notice)));
  });

  test('is not redone when the texts changed meanwhile', async () => {
    await page.evaluate(() => caches.delete('transdiff-model-v1'));
    newGate();
    await page.reload();
    await gate.held;
    await compareExample(page);
    assert.equal(await summaryAccurate(page), 'false');
    await page.fill('#target-text', `${await page.inputValue('#target-text')}\n\nUn paragraphe de plus.`);
    gate.open();
    assert.equal(await modelSettled(page), 'ready');
    await page.waitForTimeout(1000);
    assert.equal(await summaryAccurate(page), 'false', 'the result on show stays as it was');
    assert.match(await page.textContent('#status'), /^Compared in \d+ ms\.$/);
  });

  test('made no request to another host and logged no error', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors, []);
  });
});

describe('accurate mode on a device that saves data', () => {
  let session;
  let page;

  before(async () => {
    session = await openLogged(({ page: opened }) => opened.addInitScript(() => {
      Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    }));
    page = session.page;
  });
  after(() => session?.close());

  test('is off by default and nothing is downloaded; the choice is remembered', async () => {
    assert.equal(await page.isChecked('#accurate'), false);
    await compareExample(page);
    assert.equal(await summaryAccurate(page), 'false');
    assert.match(await page.textContent('.summary-mode'), /accurate mode is off/);
    assert.deepEqual(session.modelRequests, []);
    // Turned on: the model is downloaded and the example compared again with it.
    await page.evaluate(() => { document.getElementById('status').dataset.elapsed = ''; });
    await page.check('#accurate');
    assert.equal(await modelSettled(page), 'ready');
    await page.waitForFunction(() => document.querySelector('.summary-mode')?.dataset.accurate === 'true', null, { timeout: 60000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('transdiff.accurate')), 'on');
    await page.reload();
    assert.equal(await page.isChecked('#accurate'), true);
    await page.uncheck('#accurate');
    await page.reload();
    assert.equal(await page.isChecked('#accurate'), false);
    assert.deepEqual(session.modelRequests.filter((request) => request.startsWith('GET')), [`GET ${MODEL_PATH}`]);
  });

  test('made no request to another host and logged no error', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors, []);
  });
});
