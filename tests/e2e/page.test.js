// The page in Debian's headless Chromium: paste two texts, compare, check what is shown.
// Needs the web build in www/pkg (scripts/build-web) and /usr/bin/chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compare as compareTexts, fixture, openPage, screenshot } from './harness.js';
import { syntheticPair } from './synthetic.js';

let session;
let page;
let server;

before(async () => {
  session = await openPage();
  ({ page, server } = session);
});

after(() => session?.close());

const compare = (source, target) => compareTexts(page, source, target);

describe('the page', () => {
  test('loads the engine and shows its version', async () => {
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    assert.match(await page.textContent('#version'), /^\d+\.\d+\.\d+/);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(policy, /default-src 'self'/);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
  });

  test('asks for text on both sides before comparing', async () => {
    await page.fill('#source-text', '');
    await page.fill('#target-text', '');
    await page.click('#compare-button');
    assert.match(await page.textContent('#error'), /both sides/);
  });

  test('detects the language of pasted text', async () => {
    await page.fill('#source-text', await fixture('udhr-en.txt'));
    await page.waitForFunction(() => document.getElementById('source-language').dataset.lang === 'eng');
    assert.match(await page.textContent('#source-language'), /English · left to right/);
  });

  test('compares English with German and shows the dropped paragraph', async () => {
    await compare(await fixture('udhr-en.txt'), await fixture('udhr-de-without-article-2.txt'));
    assert.match(await page.textContent('.summary-languages'), /English → German/);
    assert.match(await page.textContent('#target-language'), /German/);
    const rows = await page.$$eval('.row', (nodes) => nodes.map((node) => node.dataset.status));
    assert.ok(rows.length >= 4, `rows: ${rows}`);
    assert.ok(rows.includes('dropped'), `rows: ${rows}`);
    assert.ok(server.requests.includes('/lexicons/eng.bin') && server.requests.includes('/lexicons/deu.bin'),
      'the English and German lexicons were fetched');
    const dropped = page.locator('.row-dropped').first();
    assert.match(await dropped.locator('.cell-source').textContent(), /Article/);
    assert.match(await dropped.locator('.cell-target').textContent(), /Nothing in the target/);
    await screenshot(page, 'english-german');
  });

  test('shows an Arabic target right to left', async () => {
    await compare(await fixture('udhr-en.txt'), await fixture('udhr-ar.txt'));
    assert.match(await page.textContent('.summary-languages'), /English → Arabic/);
    assert.equal(await page.getAttribute('#target-text', 'dir'), 'rtl');
    const directions = await page.$$eval('.cell-target:not(.empty)', (cells) => cells.map((cell) => cell.dir));
    assert.ok(directions.length > 0);
    assert.deepEqual([...new Set(directions)], ['rtl']);
    assert.equal(await page.getAttribute('.cell-source', 'dir'), 'ltr');
    await screenshot(page, 'english-arabic');
  });

  test('swaps the two sides', async () => {
    const source = await page.inputValue('#source-text');
    const target = await page.inputValue('#target-text');
    await page.click('#swap-button');
    assert.equal(await page.inputValue('#source-text'), target);
    assert.equal(await page.inputValue('#target-text'), source);
  });

  test('a new compare replaces a running one', async () => {
    await page.fill('#source-text', 'One.\n\nTwo.\n\nThree.');
    await page.fill('#target-text', 'Eins.\n\nZwei.');
    await page.click('#compare-button');
    await compare(await fixture('udhr-en.txt'), await fixture('udhr-de-without-article-2.txt'));
    assert.match(await page.textContent('.summary-languages'), /English → German/);
  });

  test('on a narrow screen the sides stack', async () => {
    await page.setViewportSize({ width: 420, height: 900 });
    const [source, target] = await Promise.all([
      page.locator('.row').first().locator('.cell-source').boundingBox(),
      page.locator('.row').first().locator('.cell-target').boundingBox(),
    ]);
    assert.ok(target.y >= source.y + source.height - 1, 'target below source');
    await screenshot(page, 'narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a long report is shown slice by slice, every row in order', async () => {
    const pair = syntheticPair(1500);
    await page.selectOption('#units', 'lines');
    await compare(pair.source.join('\n'), pair.target.join('\n'));
    await page.selectOption('#units', 'auto');
    const shown = await page.evaluate(() => ({
      slices: document.querySelectorAll('#rows > .slice').length,
      ids: [...document.querySelectorAll('#rows .row')].map((row) => row.id),
      review: document.getElementById('problem-position').textContent,
      problems: document.querySelectorAll('#rows .problem').length,
    }));
    assert.ok(shown.ids.length > 1400, `${shown.ids.length} rows`);
    assert.ok(shown.slices >= 4, `${shown.slices} slices`);
    assert.ok(shown.ids.every((id, k) => id === `row-${k + 1}`), 'rows in reading order, none missing');
    assert.match(shown.review, new RegExp(`^${shown.problems} rows? to review`));
    // Walking back from the first problem reaches the last one, in the last slices.
    await page.click('#previous-problem');
    const focused = await page.evaluate(() => Number(document.activeElement.id.replace('row-', '')));
    assert.ok(focused > 900, `the last problem is row ${focused}`);
  });

  test('made no request to another host and logged no error', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors, []);
    assert.ok(server.requests.includes('/pkg/transdiff_bg.wasm'));
  });
});
