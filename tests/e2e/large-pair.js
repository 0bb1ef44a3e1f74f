// The largest pair of the benchmarks through the real page in Debian's headless Chromium: the
// synthetic pair of 100,000 source sentences (about 12 MB a side, one sentence a line),
// generated here exactly as scripts/bench generates it (nothing of it is stored). The page
// must answer clicks while the worker compares, and a report must arrive: the engine's time
// budget may cut it short (a notice says so), but no error, crash or out-of-memory.
// Playwright's clicks (as in product.test.js) first wait until the page answers their checks,
// so a stall that starts before a click is not in its delay: the main thread's long tasks,
// recorded too, show every stall (garbage collection with 12 MB in the text boxes, receiving
// and showing the rows).
// Measurements are printed as test diagnostics and kept in screenshots/large-pair.json.
//
// It takes a minute or two, so `make test` leaves it out: `make test-large` runs it
// (`node --test large-pair.js` here, after a web build).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { measurements, openPage } from './harness.js';
import { syntheticPair } from './synthetic.js';

const SENTENCES = 100000;
/** The pair compares in under a minute on the project's machine; this is the ceiling. */
const COMPARE_TIMEOUT_MS = 240000;
/** Clicks on the page while the worker compares, one every CLICK_EVERY_MS. */
const CLICKS = 8;
const CLICK_EVERY_MS = 2500;

let session;
const { measure, save } = measurements('large-pair.json');

before(async () => {
  session = await openPage();
});

after(async () => {
  await save();
  await session?.close();
});

/** Sets a long text at once, as a paste does (typing it would take hours). */
async function setText(page, selector, text) {
  await page.$eval(selector, (input, value) => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

test('a 100,000-sentence pair (12 MB a side) compares through the page, which answers clicks meanwhile', { timeout: COMPARE_TIMEOUT_MS + 60000 }, async (t) => {
  const { page } = session;
  const pair = syntheticPair(SENTENCES);
  const [source, target] = [pair.source.join('\n'), pair.target.join('\n')];
  const mb = (text) => (Buffer.byteLength(text) / 1e6).toFixed(1);
  measure(t, '100k pair: MB a side (source, target)', `${mb(source)}, ${mb(target)}`);
  measure(t, '100k pair: lines (source, target)', `${pair.source.length}, ${pair.target.length}`);

  await page.selectOption('#units', 'lines');
  await setText(page, '#source-text', source);
  await setText(page, '#target-text', target);
  // The pasted texts are laid out once (seconds at 12 MB, as after a real paste) before the
  // measurements start.
  await page.evaluate(() => new Promise((resolve) => {
    for (const input of document.querySelectorAll('textarea')) void input.scrollHeight;
    requestAnimationFrame(() => setTimeout(resolve, 500));
  }));
  // Each click's delay from the event's own time stamp to its handler (on the page's heading,
  // which does nothing), every main-thread task over 50 ms, and when the worker's answer came
  // (the Stop button hides then; rendering the rows follows).
  await page.evaluate(() => {
    const status = document.getElementById('status');
    const stop = document.getElementById('stop-button');
    status.dataset.elapsed = '';
    Object.assign(window, { clicks: [], longTasks: [], started: performance.now(), answered: null });
    document.querySelector('h1').addEventListener('click', (event) => {
      window.clicks.push({ delay: performance.now() - event.timeStamp, comparing: window.answered === null });
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (stop.hidden && window.answered === null) window.answered = performance.now();
    }).observe(stop, { attributes: true, attributeFilter: ['hidden'] });
  });
  const started = Date.now();
  await page.click('#compare-button');
  for (let i = 0; i < CLICKS; i++) {
    await page.waitForTimeout(CLICK_EVERY_MS);
    await page.click('h1');
  }
  await page.waitForFunction(() =>
    document.getElementById('status').dataset.elapsed || !document.getElementById('error').hidden, null, { timeout: COMPARE_TIMEOUT_MS });
  const error = await page.isVisible('#error') ? await page.textContent('#error') : '';
  assert.equal(error, '', 'the page shows no error');
  measure(t, '100k pair: compare to rendered (ms)', Number(await page.getAttribute('#status', 'data-elapsed')));
  measure(t, '100k pair: wall clock from the click to rendered (ms)', Date.now() - started);

  const { clicks, tasks, answered } = await page.evaluate(() => ({
    clicks: window.clicks,
    tasks: window.longTasks.filter((task) => task.start >= window.started),
    answered: window.answered,
  }));
  const during = clicks.filter((click) => click.comparing);
  const blocked = (list) => `${Math.round(list.reduce((sum, task) => sum + task.duration, 0))} ms in all, longest ${Math.round(Math.max(0, ...list.map((task) => task.duration)))} ms`;
  measure(t, '100k pair: the worker answered after (ms)', Math.round(answered - (await page.evaluate(() => window.started))));
  measure(t, '100k pair: click to handler while the worker compares (ms)', during.map((click) => Math.round(click.delay)).join(', '));
  measure(t, '100k pair: main-thread tasks over 50 ms while the worker compares', blocked(tasks.filter((task) => task.start < answered)));
  measure(t, '100k pair: main-thread tasks over 50 ms from the answer to rendered (receiving and showing the rows)', blocked(tasks.filter((task) => task.start >= answered)));
  assert.ok(during.length >= CLICKS / 2, `most clicks landed while the engine was working (${during.length} of ${CLICKS})`);
  assert.ok(Math.max(...during.map((click) => click.delay)) < 100, `in-page delays ${during.map((click) => click.delay)}`);
  // Rows go in slice by slice: showing them never holds the page for a second.
  const showing = tasks.filter((task) => task.start >= answered);
  assert.ok(Math.max(0, ...showing.map((task) => task.duration)) < 1000, `showing the rows: ${blocked(showing)}`);

  const notices = await page.$$eval('#notices li', (items) => items.map((item) => item.textContent));
  measure(t, '100k pair: notices', notices.join(' ') || 'none');
  const counts = await page.$$eval('#summary [data-count]', (items) => items.map((item) => `${item.dataset.count} ${item.querySelector('dd').textContent}`));
  measure(t, '100k pair: summary', counts.join(', '));
  const rows = await page.locator('#rows .row').count();
  measure(t, '100k pair: rows shown', rows);
  assert.ok(rows > SENTENCES / 2, `${rows} rows`);

  // The engine's memory: the worker's wasm instance never gives memory back, so its size is
  // the most this worker needed (the lexicons, and accurate mode's model when loaded, included).
  const worker = page.workers().find((w) => w.url().endsWith('/worker.js'));
  const memory = await worker.evaluate(async () => {
    const engine = await import(new URL('./pkg/transdiff.js', self.location.href).href);
    return (await engine.default()).memory.buffer.byteLength;
  });
  const model = await page.evaluate(() => document.getElementById('model-status')?.dataset.state ?? null);
  measure(t, `100k pair: wasm memory at the end (MiB; accurate mode's model ${model ?? 'absent'})`, Math.round(memory / 2 ** 20));
  assert.deepEqual(session.foreignRequests, []);
  assert.deepEqual(session.pageErrors, []);
});
