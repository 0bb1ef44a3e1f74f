// The page as a product, in Debian's headless Chromium: the example, rich-text paste, language
// override, problem navigation, export, keeping texts, safety, and speed on long texts.
// Measurements are printed as test diagnostics and kept in screenshots/measurements.json.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { clickCompare, compare, fixture, measurements, openPage, screenshot, screenshots, www } from './harness.js';

let session;
let page;
const { measure, save } = measurements('measurements.json');

before(async () => {
  session = await openPage();
  page = session.page;
  page.on('dialog', (dialog) => {
    session.pageErrors.push(`a dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
});

after(async () => {
  await save();
  await session?.close();
});

/** `count` copies of the paragraphs of `text`, articles renumbered so that no two are alike. */
function repeated(text, count) {
  const paragraphs = text.trim().split(/\n\s*\n/);
  const out = [];
  for (let copy = 0; copy < count; copy++) {
    for (const paragraph of paragraphs) {
      out.push(paragraph.replace(/^(Article|Artikel|المادة) (\d+)/, (_, word, n) => `${word} ${copy * 5 + Number(n)}`));
    }
  }
  return out.join('\n\n');
}

/** Sets a long text at once (typing it with page.fill would take minutes). */
async function setText(selector, text) {
  await page.$eval(selector, (input, value) => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

const words = (text) => text.split(/\s+/).filter(Boolean).length;

/** Clicks an export button and resolves to the downloaded file's name and text. */
async function download(format) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${format}"]`)]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe('the page as a product', () => {
  test('the example loads and compares in one click', async (t) => {
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    await page.click('#example-button');
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed);
    assert.match(await page.inputValue('#source-text'), /Universal Declaration/);
    assert.match(await page.textContent('.summary-languages'), /English → French/);
    const statuses = await page.$$eval('.row', (rows) => rows.map((row) => row.dataset.status));
    assert.ok(statuses.includes('dropped'), `rows: ${statuses}`);
    assert.ok(statuses.includes('noise'), 'the advertisement line is folded away');
    assert.equal(await page.isVisible('.row-noise'), false, 'furniture is folded');
    await page.click('.fold > summary');
    assert.equal(await page.isVisible('.row-noise'), true, 'one click shows it');
    const kinds = await page.$$eval('.flag', (flags) => flags.map((flag) => flag.dataset.kind));
    assert.ok(kinds.includes('number_mismatch') && kinds.includes('name_mismatch'), `flags: ${kinds}`);
    const mark = page.locator('#rows mark.flag-number_mismatch').first();
    assert.match(await mark.getAttribute('title'), /48.*46/);
    const described = await mark.getAttribute('aria-describedby');
    assert.match(await page.textContent(`#${described.split(' ')[0]}`), /48/);
    measure(t, 'example: compare to rendered (ms, with lexicon download)', await page.getAttribute('#status', 'data-elapsed'));
    await screenshot(page, 'example');
    await page.setViewportSize({ width: 1280, height: 1500 });
    await screenshot(page, 'example-top', false);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('next and previous problem move the focus; the filter shows only problems', async () => {
    await page.click('#next-problem');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('problem')), true);
    assert.match(await page.textContent('#problem-position'), /^Problem 1 of \d+/);
    await page.click('#previous-problem');
    assert.match(await page.textContent('#problem-position'), /^Problem (\d+) of \1$/);
    await page.check('#only-problems');
    const shown = await page.$$eval('.row', (rows) => rows.filter((row) => row.checkVisibility()).map((row) => row.className));
    assert.ok(shown.length > 0 && shown.every((name) => name.includes('problem')), `shown: ${shown}`);
    await page.uncheck('#only-problems');
  });

  test('exports JSON, HTML, Markdown, TSV and TMX files that parse', async (t) => {
    const json = await download('json');
    assert.equal(json.name, 'transdiff-report.json');
    const report = JSON.parse(json.text);
    assert.equal(report.target.lang, 'fra');

    const tmx = await download('tmx');
    const checked = await page.evaluate((text) => {
      const xml = new DOMParser().parseFromString(text, 'application/xml');
      return { errors: xml.getElementsByTagName('parsererror').length, units: xml.getElementsByTagName('tu').length };
    }, tmx.text);
    assert.deepEqual(checked, { errors: 0, units: report.pairs.length });

    const tsv = await download('tsv');
    assert.equal(tsv.text.trim().split('\n').length, report.pairs.length + 1);
    const markdown = await download('markdown');
    assert.match(markdown.text, /^# transdiff report: English → French/);

    const html = await download('html');
    assert.equal(html.name, 'transdiff-report.html');
    assert.doesNotMatch(html.text, /<script|<link/);
    const file = join(screenshots, 'exported-report.html');
    await writeFile(file, html.text);
    const offline = await session.browser.newContext({ javaScriptEnabled: false, offline: true });
    const requests = [];
    offline.on('request', (request) => request.url().startsWith('file:') || requests.push(request.url()));
    const reader = await offline.newPage();
    await reader.goto(pathToFileURL(file).href);
    assert.equal(await reader.locator('.row').count(), await page.locator('.row').count());
    assert.equal(await reader.locator('.row-dropped').count(), 1);
    assert.equal(await reader.locator('script').count(), 0);
    await reader.screenshot({ path: join(screenshots, 'exported-report.png'), fullPage: true });
    await offline.close();
    assert.deepEqual(requests, []);
    measure(t, 'export sizes (bytes): json, html, md, tsv, tmx',
      [json, html, markdown, tsv, tmx].map((f) => f.text.length).join(', '));
  });

  test('the language can be set by hand', async () => {
    await page.selectOption('#source-lang', 'spa');
    assert.match(await page.textContent('#source-language'), /Spanish · left to right, set by you/);
    await clickCompare(page);
    assert.match(await page.textContent('.summary-languages'), /Spanish → French/);
    await page.selectOption('#source-lang', '');
    await page.waitForFunction(() => document.getElementById('source-language').dataset.lang === 'eng');
  });

  test('texts are kept in the browser only when the box is ticked', async () => {
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.check('#remember');
    await page.fill('#source-text', 'Kept text.');
    await page.waitForFunction(() => localStorage.getItem('transdiff.texts')?.includes('Kept text.'));
    await page.reload();
    assert.equal(await page.inputValue('#source-text'), 'Kept text.');
    assert.equal(await page.isChecked('#remember'), true);
    await page.uncheck('#remember');
    assert.equal(await page.evaluate(() => localStorage.length), 0);
    await page.reload();
    assert.equal(await page.inputValue('#source-text'), '');
  });

  test('pasted HTML keeps its paragraphs and runs nothing', async () => {
    const payload = '<p>Article 1. All human beings are born <b>free</b> <a href="javascript:window.pwned=1">and equal</a>.</p>'
      + '<script>window.pwned = 1; alert(1)</script>'
      + '<p>Article 2. Everyone <img src="x" onerror="window.pwned = 1; alert(2)"> is entitled to rights.</p>'
      + '<div><iframe src="javascript:alert(3)"></iframe>Article 3. Life, liberty &amp; security.</div>';
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'plain fallback');
      const input = document.getElementById('source-text');
      input.focus();
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, payload);
    await page.waitForFunction(() => document.getElementById('source-text').value.includes('Article 3'));
    assert.equal(await page.inputValue('#source-text'),
      'Article 1. All human beings are born free and equal.\n\nArticle 2. Everyone is entitled to rights.\n\nArticle 3. Life, liberty & security.');
    // The same payload pasted as plain text is shown as text.
    await page.fill('#target-text', `Artikel 1. ${payload}`);
    await clickCompare(page);
    assert.match(await page.textContent('#rows'), /<img src="x" onerror=/);
    const created = await page.$$eval('#rows img, #rows script, #rows iframe, #rows a[href^="javascript"], #rows b',
      (nodes) => nodes.length);
    assert.equal(created, 0);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    assert.ok(!session.server.requests.includes('/x'), 'the image was never loaded');
    assert.equal(await page.evaluate(() => document.querySelectorAll('img, iframe').length), 0);
  });

  test('same-language pairs show word changes; a moved pair links to where it went', async () => {
    const source = await fixture('udhr-en.txt');
    const paragraphs = source.trim().split(/\n\s*\n/);
    const target = [...paragraphs.slice(1), paragraphs[0]].join('\n\n').replace('right to life', 'right to living');
    await compare(page, source, target);
    assert.match(await page.textContent('#rows .diff'), /Word changes/);
    assert.equal(await page.textContent('#rows .diff ins'), 'living');
    const moved = page.locator('.row-moved');
    assert.equal(await moved.count(), 1);
    assert.match(await moved.locator('.cell-source').textContent(), /Article 1\./);
    assert.match(await moved.locator('.moved-to').textContent(), /in the target it follows ¶4/);
    await moved.locator('.moved-to a').click();
    assert.match(await page.evaluate(() => document.querySelector(':target')?.textContent), /Article 5\./);
  });

  test('opened and dropped files fill a side; HTML files give their text', async () => {
    await page.setInputFiles('#source-file', {
      name: 'article.html',
      mimeType: 'text/html',
      buffer: Buffer.from('<h1>Title</h1><p>First <i>paragraph</i>.</p><script>window.pwned = 1</script><p>Second.</p>'),
    });
    await page.waitForFunction(() => document.getElementById('source-text').value.includes('Second'));
    assert.equal(await page.inputValue('#source-text'), 'Title\n\nFirst paragraph.\n\nSecond.');
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['# Notes\n\nA *markdown* file.'], 'notes.md', { type: 'text/markdown' }));
      document.getElementById('target-text').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('target-text').value.includes('markdown'));
    assert.equal(await page.inputValue('#target-text'), '# Notes\n\nA *markdown* file.');
    assert.equal(await page.evaluate(() => window.pwned), undefined);
  });

  test('a typical article pair (about 1,500 words each) compares quickly', async (t) => {
    const source = repeated(await fixture('udhr-en.txt'), 13);
    const target = repeated(await fixture('udhr-de-without-article-2.txt'), 13);
    measure(t, 'typical pair: words (source, target)', `${words(source)}, ${words(target)}`);
    measure(t, 'typical pair: compare to rendered (ms, first: German lexicon downloaded)', await compare(page, source, target));
    const elapsed = await clickCompare(page);
    measure(t, 'typical pair: compare to rendered (ms, again)', elapsed);
    assert.ok(elapsed < 10000, `${elapsed} ms`);
  });

  test('an English–Arabic pair renders the Arabic side right to left', async () => {
    await compare(page, await fixture('udhr-en.txt'), await fixture('udhr-ar.txt'));
    assert.equal(await page.getAttribute('.cell-target:not(.empty)', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('.cell-target:not(.empty)', 'lang'), 'ar');
    assert.equal(await page.$eval('mark', (mark) => getComputedStyle(mark).unicodeBidi), 'isolate');
    await page.locator('#result').screenshot({ path: join(screenshots, 'english-arabic-result.png') });
  });

  test('a 200-page pair (about 100,000 words each) compares in the worker', { timeout: 600000 }, async (t) => {
    const source = repeated(await fixture('udhr-en.txt'), 900);
    const target = repeated(await fixture('udhr-de-without-article-2.txt'), 900);
    measure(t, '200-page pair: words (source, target)', `${words(source)}, ${words(target)}`);
    await setText('#source-text', source);
    await setText('#target-text', target);
    const elapsed = await clickCompare(page, 540000);
    measure(t, '200-page pair: compare to rendered (ms)', elapsed);
    measure(t, '200-page pair: notices', (await page.$$eval('#notices li', (items) => items.map((item) => item.textContent))).join(' ') || 'none');
    assert.ok(await page.locator('.row').count() > 1000);
    // Stop ends a running comparison and the next one still works.
    await page.evaluate(() => {
      document.getElementById('compare-button').click();
      document.getElementById('stop-button').click();
    });
    assert.equal(await page.textContent('#status'), 'Comparison stopped.');
    assert.equal(await page.isHidden('#stop-button'), true);
    // A new comparison started while a long one runs replaces it at once.
    const [small, smallTarget] = [await fixture('udhr-en.txt'), await fixture('udhr-de-without-article-2.txt')];
    await setText('#source-text', source);
    await setText('#target-text', target);
    const started = Date.now();
    await page.evaluate(([a, b]) => {
      document.getElementById('status').dataset.elapsed = '';
      document.getElementById('compare-button').click();
      document.getElementById('source-text').value = a;
      document.getElementById('target-text').value = b;
      document.getElementById('compare-button').click();
    }, [small, smallTarget]);
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed);
    measure(t, 'a small compare replacing a running 200-page one: answered in (ms)', Date.now() - started);
    assert.ok(await page.locator('.row').count() < 10);
  });

  test('the page answers a click within 100 ms while a 2 MB pair is compared', { timeout: 600000 }, async (t) => {
    const source = repeated(await fixture('udhr-en.txt'), 1600);
    const target = repeated(await fixture('udhr-de-without-article-2.txt'), 1600);
    const megabytes = (Buffer.byteLength(source) + Buffer.byteLength(target)) / 1e6;
    measure(t, 'large pair: size (MB)', Number(megabytes.toFixed(2)));
    assert.ok(megabytes >= 1.9, `${megabytes} MB`);
    // A fresh page showing the example's result, as a user who then pastes two long texts.
    await page.reload();
    await page.click('#example-button');
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed);
    await setText('#source-text', source);
    await setText('#target-text', target);
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const status = document.getElementById('status');
      status.dataset.elapsed = '';
      window.clicks = [];
      document.getElementById('legend-toggle').addEventListener('click', (event) => {
        const click = { delay: performance.now() - event.timeStamp, comparing: status.textContent.startsWith('Comparing') };
        window.clicks.push(click);
        requestAnimationFrame(() => { click.painted = performance.now() - event.timeStamp; });
      });
    });
    await page.click('#compare-button');
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Comparing'));
    await page.waitForTimeout(300);
    // Round trips through Playwright include its own checks (visible, stable, hit target):
    // reported for scale; the page's answer is measured from the event's own time stamp.
    const roundTrips = [];
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      await page.click('#legend-toggle');
      roundTrips.push(Date.now() - started);
    }
    await page.waitForTimeout(200);
    const clicks = await page.evaluate(() => window.clicks);
    measure(t, 'large pair: click round trips from the test during the compare (ms)', roundTrips.join(', '));
    measure(t, 'large pair: click to handler in the page (ms)', clicks.map((c) => Math.round(c.delay)).join(', '));
    measure(t, 'large pair: click to next frame in the page (ms)', clicks.map((c) => Math.round(c.painted)).join(', '));
    assert.equal(clicks.length, 5);
    assert.ok(clicks.filter((click) => click.comparing).length >= 3, 'most clicks landed while the engine was working');
    assert.ok(Math.max(...clicks.map((click) => click.delay)) < 100, `in-page delays ${clicks.map((c) => c.delay)}`);
    await page.waitForFunction(() => document.getElementById('status').dataset.elapsed, null, { timeout: 540000 });
    measure(t, 'large pair: compare to rendered (ms)', Number(await page.getAttribute('#status', 'data-elapsed')));
  });

  test('download sizes of the engine and the lexicons', async (t) => {
    const size = async (path) => {
      const bytes = await readFile(join(www, path));
      return `${bytes.length.toLocaleString('en')} (${gzipSync(bytes, { level: 9 }).length.toLocaleString('en')} gzipped)`;
    };
    measure(t, 'wasm (bytes)', await size('pkg/transdiff_bg.wasm'));
    for (const lang of ['eng', 'deu', 'fra', 'ara']) measure(t, `lexicon ${lang} (bytes)`, await size(`lexicons/${lang}.bin`));
  });

  test('made no request to another host and logged no error', () => {
    assert.deepEqual(session.foreignRequests, []);
    assert.deepEqual(session.pageErrors, []);
  });
});
