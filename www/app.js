// The page: reads the two texts, asks the engine worker for a report and shows it row by row.
// All text goes in through textContent / createTextNode, never as HTML; pasted or dropped
// HTML is turned into plain text by the engine (a string transform) and never rendered.

import { cutAtRanges, isProblem, layoutRows } from './layout.js';

const $ = (id) => document.getElementById(id);

const form = $('compare-form');
const sides = {
  source: { input: $('source-text'), language: $('source-language'), choice: $('source-lang'), file: $('source-file') },
  target: { input: $('target-text'), language: $('target-language'), choice: $('target-lang'), file: $('target-file') },
};
const statusLine = $('status');
const errorLine = $('error');
const resultSection = $('result');
const stopButton = $('stop-button');

/** Talks to worker.js; a compare still running when a new one starts is dropped with its worker. */
class Engine {
  #worker = null;
  #pending = new Map();
  #nextId = 1;

  /** Called each time a new worker starts, before any request reaches it (the page loads the model then). */
  onStart = () => {};

  /** Starts a worker now if none is running. */
  start() {
    this.#ensureWorker();
  }

  /** Sends a request; `onProgress` receives the worker's progress lines for it (and the whole message), if any. */
  request(type, payload = {}, onProgress = () => {}) {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { type, resolve, reject, onProgress });
      worker.postMessage({ id, type, ...payload });
    });
  }

  /** True while a compare request has not answered. */
  get comparing() {
    return [...this.#pending.values()].some((job) => job.type === 'compare');
  }

  /** Ends the worker (and whatever it is computing); pending requests fail as cancelled. */
  restart() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#failAll('cancelled', true);
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const worker = new Worker('./worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => {
      const job = this.#pending.get(data.id);
      if (!job) return;
      if (data.progress) {
        job.onProgress(data.progress, data);
        return;
      }
      this.#pending.delete(data.id);
      if (data.crashed) this.restart();
      if (data.ok) job.resolve(data.value);
      else job.reject(new Error(data.crashed ? `the engine crashed (${data.error})` : data.error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.#worker = null;
      worker.terminate();
      this.#failAll(`the comparison engine could not start (${event.message || 'its script failed to load'})`);
    };
    this.#worker = worker;
    this.onStart();
    return worker;
  }

  #failAll(message, cancelled = false) {
    for (const job of this.#pending.values()) {
      job.reject(Object.assign(new Error(message), { cancelled }));
    }
    this.#pending.clear();
  }
}

const engine = new Engine();

// ---- Languages ---------------------------------------------------------------------------

/** Languages offered for overriding detection: ISO 639-3 code (as the engine takes it), name, BCP 47 tag, direction. */
const LANGUAGES = [
  ['ara', 'Arabic', 'ar', 'rtl'], ['cmn', 'Chinese (Mandarin)', 'zh', 'ltr'], ['ces', 'Czech', 'cs', 'ltr'],
  ['dan', 'Danish', 'da', 'ltr'], ['nld', 'Dutch', 'nl', 'ltr'], ['eng', 'English', 'en', 'ltr'],
  ['fin', 'Finnish', 'fi', 'ltr'], ['fra', 'French', 'fr', 'ltr'], ['deu', 'German', 'de', 'ltr'],
  ['ell', 'Greek', 'el', 'ltr'], ['heb', 'Hebrew', 'he', 'rtl'], ['hin', 'Hindi', 'hi', 'ltr'],
  ['hun', 'Hungarian', 'hu', 'ltr'], ['ind', 'Indonesian', 'id', 'ltr'], ['ita', 'Italian', 'it', 'ltr'],
  ['jpn', 'Japanese', 'ja', 'ltr'], ['kor', 'Korean', 'ko', 'ltr'], ['pes', 'Persian', 'fa', 'rtl'],
  ['pol', 'Polish', 'pl', 'ltr'], ['por', 'Portuguese', 'pt', 'ltr'], ['ron', 'Romanian', 'ro', 'ltr'],
  ['rus', 'Russian', 'ru', 'ltr'], ['spa', 'Spanish', 'es', 'ltr'], ['swe', 'Swedish', 'sv', 'ltr'],
  ['tur', 'Turkish', 'tr', 'ltr'], ['ukr', 'Ukrainian', 'uk', 'ltr'], ['urd', 'Urdu', 'ur', 'rtl'],
  ['vie', 'Vietnamese', 'vi', 'ltr'],
].map(([code, name, tag, direction]) => ({ code, name, tag, direction }));
const LANGUAGE_BY_CODE = new Map(LANGUAGES.map((language) => [language.code, language]));

/** A BCP 47 tag for a `lang` attribute (so the browser picks fitting fonts), or undefined. */
const langTag = (code) => (code === 'und' ? undefined : LANGUAGE_BY_CODE.get(code)?.tag ?? code);

for (const side of Object.values(sides)) {
  side.choice.append(...LANGUAGES.map(({ code, name }) => el('option', { value: code }, name)));
}

const DIRECTION_WORDS = { ltr: 'left to right', rtl: 'right to left' };

function describeLanguage(language) {
  const name = language.lang === 'und' ? 'Language not recognised' : language.name;
  const notes = [DIRECTION_WORDS[language.direction] ?? language.direction];
  if (language.lang !== 'und' && !language.reliable) notes.push('uncertain');
  if (language.overridden) notes.push('set by you');
  return `${name} · ${notes.join(', ')}`;
}

function showLanguage(side, language) {
  side.language.textContent = describeLanguage(language);
  side.language.dataset.lang = language.lang;
  side.language.dataset.direction = language.direction;
  side.input.dir = language.direction;
  side.input.lang = langTag(language.lang) ?? '';
}

const detectJobs = { source: 0, target: 0 };

/** Shows the language of a side: the one the user chose, else the detected one. */
async function detect(name) {
  const side = sides[name];
  const job = ++detectJobs[name];
  const chosen = LANGUAGE_BY_CODE.get(side.choice.value);
  if (chosen) {
    showLanguage(side, { lang: chosen.code, name: chosen.name, direction: chosen.direction, reliable: true, overridden: true });
    return;
  }
  const text = side.input.value;
  if (!text.trim()) {
    side.language.textContent = 'No text yet';
    delete side.language.dataset.lang;
    side.input.dir = 'auto';
    return;
  }
  try {
    const language = await engine.request('detect', { text: text.slice(0, 20000) });
    if (job === detectJobs[name]) showLanguage(side, language);
  } catch (error) {
    if (!error.cancelled && job === detectJobs[name]) side.language.textContent = `Language unknown: ${error.message}`;
  }
}

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// ---- Input: typing, pasting rich text, opening and dropping files --------------------------

/** Puts `text` in place of the side's selection [start, end) and lets listeners know. */
function insertText(side, text, start = side.input.selectionStart, end = side.input.selectionEnd) {
  side.input.setRangeText(text, start, end, 'end');
  side.input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** The plain text of an HTML string with its block structure, made by the engine (never rendered). */
async function textOfHtml(html) {
  return (await engine.request('html_to_text', { html })).trim();
}

/** Reads a dropped or opened file as text; HTML files are reduced to their text. */
async function readFile(side, file) {
  hideError();
  if (!/\.(txt|md|markdown|html?|xhtml)$/i.test(file.name) && !/^text\//.test(file.type)) {
    showError(`“${file.name}” is not a text file: open a .txt, .md or .html file.`);
    return;
  }
  try {
    const content = await file.text();
    const isHtml = /\.x?html?$/i.test(file.name) || file.type === 'text/html';
    side.input.value = isHtml ? await textOfHtml(content) : content;
    side.input.dispatchEvent(new Event('input', { bubbles: true }));
  } catch (error) {
    if (!error.cancelled) showError(`Could not read “${file.name}”: ${sentence(error.message)}`);
  }
}

for (const [name, side] of Object.entries(sides)) {
  side.input.addEventListener('input', debounce(() => detect(name), 250));
  side.choice.addEventListener('change', () => {
    detect(name);
    saveTexts();
  });
  side.input.addEventListener('paste', (event) => {
    const html = event.clipboardData?.getData('text/html');
    if (!html) return;
    event.preventDefault();
    const plain = event.clipboardData.getData('text/plain');
    const [start, end] = [side.input.selectionStart, side.input.selectionEnd];
    textOfHtml(html).then(
      (text) => insertText(side, text || plain, start, end),
      () => insertText(side, plain, start, end),
    );
  });
  side.input.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) {
      event.preventDefault();
      side.input.classList.add('drop-target');
    }
  });
  side.input.addEventListener('dragleave', () => side.input.classList.remove('drop-target'));
  side.input.addEventListener('drop', (event) => {
    side.input.classList.remove('drop-target');
    const file = event.dataTransfer?.files[0];
    const html = event.dataTransfer?.getData('text/html');
    if (file) {
      event.preventDefault();
      readFile(side, file);
    } else if (html) {
      event.preventDefault();
      const plain = event.dataTransfer.getData('text/plain');
      textOfHtml(html).then((text) => insertText(side, text || plain), () => insertText(side, plain));
    }
  });
  side.file.addEventListener('change', () => {
    if (side.file.files[0]) readFile(side, side.file.files[0]);
    side.file.value = '';
  });
}

// ---- Keeping the texts (only when the user asks) ------------------------------------------

const STORE_KEY = 'transdiff.texts';
const remember = $('remember');

function saveTexts() {
  if (!remember.checked) return;
  const value = Object.fromEntries(Object.entries(sides).flatMap(([name, side]) =>
    [[name, side.input.value], [`${name}_lang`, side.choice.value]]));
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(value));
  } catch {
    showError('These texts are too large to keep in this browser; they stay on the page until you close it.');
  }
}

function restoreTexts() {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(STORE_KEY));
  } catch {
    return;
  }
  if (!kept) return;
  remember.checked = true;
  for (const [name, side] of Object.entries(sides)) {
    side.input.value = kept[name] ?? '';
    side.choice.value = LANGUAGE_BY_CODE.has(kept[`${name}_lang`]) ? kept[`${name}_lang`] : '';
    detect(name);
  }
}

remember.addEventListener('change', () => {
  if (remember.checked) saveTexts();
  else localStorage.removeItem(STORE_KEY);
});
form.addEventListener('input', debounce(saveTexts, 500));
restoreTexts();

// ---- Accurate mode: the sentence encoder's model -------------------------------------------

const ACCURATE_KEY = 'transdiff.accurate';
const accurateSwitch = $('accurate');
const modelStatus = $('model-status');
const modelProgress = $('model-progress');

/**
 * The model in the current worker: `state` is 'off' (not asked for), 'loading', 'ready' or
 * 'unavailable' (the file is missing or unreadable: `error` says why; not asked for again
 * until the page is reloaded). `job` tells the answers of an abandoned load apart.
 */
const model = { state: 'off', job: 0, error: '', info: null };

/** Whether this device can afford the model by default: not when the user asks to save data, nor under 4 GB of memory. */
function affordsModel() {
  if (navigator.connection?.saveData) return false;
  return !(navigator.deviceMemory < 4);
}

function restoreAccurate() {
  let kept = null;
  try {
    kept = localStorage.getItem(ACCURATE_KEY);
  } catch {
    // storage refused: the device's default
  }
  accurateSwitch.checked = kept ? kept === 'on' : affordsModel();
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Shows the model's state beside the switch. */
function showModel(text, progress = null) {
  modelStatus.dataset.state = accurateSwitch.checked ? model.state : 'off';
  modelStatus.textContent = text;
  modelProgress.hidden = progress === null;
  if (progress === null) return;
  if (Number.isFinite(progress)) modelProgress.value = progress;
  else modelProgress.removeAttribute('value'); // size unknown: an indeterminate bar
}

/** Changes the model's state and shows it; screen readers hear the change, not every byte of progress. */
function setModel(state) {
  model.state = state;
  if (!accurateSwitch.checked) showModel(state === 'ready' ? 'Fast mode (the model stays loaded).' : 'Fast mode: lexical signals only.');
  else if (state === 'loading') showModel('Loading the model…', NaN);
  else if (state === 'ready') {
    const { bytes, cached, ms, load_ms: loadMs, memory } = model.info;
    $('model-size').textContent = megabytes(bytes);
    Object.assign(modelStatus.dataset, { ms, loadMs, memory });
    showModel(`Ready: ${megabytes(bytes)} model ${cached ? 'read from this browser’s cache' : 'downloaded'} in ${(ms / 1000).toFixed(1)} s.`);
  } else if (state === 'unavailable') showModel(`Accurate mode is unavailable: ${sentence(model.error)}`);
  else showModel('');
  $('model-announce').textContent = modelStatus.textContent;
}

/** Asks the worker for the model (it starts one if none runs; a new worker asks by itself). */
function startModel() {
  engine.start();
  if (model.state !== 'off' || !accurateSwitch.checked) return;
  const job = ++model.job;
  setModel('loading');
  const onProgress = (line, { loaded, total }) => {
    if (job === model.job && accurateSwitch.checked) showModel(line, loaded === undefined ? NaN : total ? loaded / total : NaN);
  };
  engine.request('load_model', {}, onProgress).then(
    (info) => {
      if (job !== model.job) return;
      model.info = info;
      setModel('ready');
      upgrade();
    },
    (error) => {
      if (job !== model.job) return;
      if (error.cancelled) {
        // The worker was ended (Stop, or a new Compare): the next one loads the model again.
        model.state = 'off';
        startModel();
        return;
      }
      model.error = error.message;
      setModel('unavailable');
    },
  );
}

engine.onStart = () => {
  if (model.state !== 'unavailable') model.state = 'off';
  startModel();
};

accurateSwitch.addEventListener('change', () => {
  try {
    localStorage.setItem(ACCURATE_KEY, accurateSwitch.checked ? 'on' : 'off');
  } catch {
    // storage refused: the choice lasts as long as the page
  }
  if (accurateSwitch.checked) {
    if (model.state === 'unavailable') model.state = 'off'; // turned on again: try once more
    startModel();
    setModel(model.state);
    upgrade();
  } else {
    if (model.state === 'loading') {
      model.job++; // its answer no longer matters
      model.state = 'off';
      engine.request('cancel_model').catch(() => {});
    }
    setModel(model.state);
  }
});

restoreAccurate();
setModel('off');
if (accurateSwitch.checked) startModel();

// ---- Comparing ---------------------------------------------------------------------------

let compareJob = 0;
let currentReport = null;
/**
 * The comparison on show: `request` is what was compared (see `currentRequest`); `early`
 * says it was made lexically because the model was still loading, `fast` that accurate mode
 * was off.
 */
let shown = null;

/** A rough paragraph count for the progress line: lines, or blocks between blank lines. */
function roughParagraphs(text, units) {
  return text.split(units === 'lines' ? '\n' : /\n\s*\n/).filter((block) => block.trim()).length;
}

/** The texts and settings on the page; `settings` is the options as a string, to compare. */
function currentRequest() {
  const source = sides.source.input.value;
  const target = sides.target.input.value;
  const options = { units: $('units').value };
  if (sides.source.choice.value) options.source_lang = sides.source.choice.value;
  if (sides.target.choice.value) options.target_lang = sides.target.choice.value;
  return { source, target, options, settings: JSON.stringify(options) };
}

/** Whether two requests compare the same texts with the same settings. */
const sameRequest = (a, b) => a.source === b.source && a.target === b.target && a.settings === b.settings;

/**
 * Compares the current texts again in accurate mode when the comparison on show was made
 * without the model only because it was loading (or accurate mode was off), the model is
 * now ready, accurate mode is on, and the texts and settings are unchanged.
 */
function upgrade() {
  if (!shown || !(shown.early || shown.fast) || !accurateSwitch.checked || model.state !== 'ready') return;
  if (engine.comparing || !sameRequest(shown.request, currentRequest())) return;
  runCompare('Accurate mode is ready. ');
}

/** Compares the texts on the page; `reason`, if any, starts the progress line. */
async function runCompare(reason = '') {
  const job = ++compareJob;
  if (engine.comparing) engine.restart();
  const request = currentRequest();
  const { source, target, options } = request;
  hideError();
  if (!source.trim() || !target.trim()) {
    showError('Paste a text on both sides first: the original on the left, the version to check on the right.');
    return;
  }
  options.fast = !accurateSwitch.checked;
  let modelLoading = false;
  const paragraphs = (roughParagraphs(source, options.units) + roughParagraphs(target, options.units)).toLocaleString('en');
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  let stage = 'Comparing…';
  const showProgress = () => setStatus(`${reason}${stage} (${paragraphs} paragraphs, ${seconds()} s)`);
  showProgress();
  const ticker = setInterval(showProgress, 200);
  stopButton.hidden = false;
  let report;
  try {
    const answer = engine.request('compare', { source, target, options }, (line) => {
      stage = line;
      showProgress();
    });
    // Read after the request: a worker started for it has asked for the model by now.
    modelLoading = !options.fast && model.state === 'loading';
    report = await answer;
  } catch (error) {
    if (error.cancelled || job !== compareJob) return;
    setStatus('');
    showError(`Could not compare the texts: ${sentence(error.message)}`);
    return;
  } finally {
    clearInterval(ticker);
    if (job === compareJob) stopButton.hidden = true;
  }
  if (job !== compareJob) return;
  showLanguage(sides.source, report.source.language);
  showLanguage(sides.target, report.target.language);
  shown = { request, fast: options.fast, early: modelLoading && !report.summary.accurate };
  if (!(await renderReport(report))) return;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  if (job !== compareJob) return;
  const elapsed = Math.round(performance.now() - started);
  setStatus(`Compared in ${elapsed} ms${report.summary.accurate ? ' in accurate mode' : ''}.`);
  statusLine.dataset.elapsed = String(elapsed);
  if (shown.early) upgrade(); // the model may have become ready meanwhile
}

stopButton.addEventListener('click', () => {
  compareJob++;
  engine.restart();
  stopButton.hidden = true;
  setStatus('Comparison stopped.');
});

/** An error message as the end of a sentence: with one full stop. */
function sentence(message) {
  return `${message.replace(/[.\s]+$/, '')}.`;
}

function setStatus(text) {
  statusLine.textContent = text;
}

function showError(text) {
  errorLine.textContent = text;
  errorLine.hidden = false;
}

function hideError() {
  errorLine.hidden = true;
  errorLine.textContent = '';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  runCompare();
});

form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runCompare();
  }
});

$('swap-button').addEventListener('click', () => {
  const { source, target } = sides;
  [source.input.value, target.input.value] = [target.input.value, source.input.value];
  [source.choice.value, target.choice.value] = [target.choice.value, source.choice.value];
  detect('source');
  detect('target');
  saveTexts();
});

$('example-button').addEventListener('click', async () => {
  hideError();
  try {
    const texts = await Promise.all(['udhr-en.txt', 'udhr-fr.txt'].map(async (name) => {
      const response = await fetch(`./example/${name}`);
      if (!response.ok) throw new Error(`${name} answered ${response.status}`);
      return response.text();
    }));
    [sides.source.input.value, sides.target.input.value] = texts;
    sides.source.choice.value = sides.target.choice.value = '';
    detect('source');
    detect('target');
    saveTexts();
    runCompare();
  } catch (error) {
    showError(`Could not load the example: ${sentence(error.message)}`);
  }
});

engine.request('version').then(
  (version) => { $('version').textContent = version; },
  (error) => showError(`The page cannot compare texts: ${sentence(error.message)} Try reloading it.`),
);

// ---- Export ------------------------------------------------------------------------------

const EXPORTS = {
  json: ['json', 'application/json'],
  html: ['html', 'text/html'],
  markdown: ['md', 'text/markdown'],
  tsv: ['tsv', 'text/tab-separated-values'],
  tmx: ['tmx', 'application/x-tmx+xml'],
};

for (const button of document.querySelectorAll('[data-export]')) {
  button.addEventListener('click', async () => {
    if (!currentReport) return;
    const format = button.dataset.export;
    const [extension, type] = EXPORTS[format];
    hideError();
    try {
      const content = await engine.request('export', { report: currentReport, format });
      const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
      const link = el('a', { href: url, download: `transdiff-report.${extension}` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      if (!error.cancelled) showError(`Could not export the report: ${sentence(error.message)}`);
    }
  });
}

// ---- The report --------------------------------------------------------------------------

/** Element helper: tag, attributes (`class`, `dir`, `data-*`, ...), then children (nodes or strings). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const STATUS_LABELS = {
  matched: '✓ Matched',
  moved: '↕ Moved',
  dropped: '− Dropped: not in the target',
  added: '+ Added: not in the source',
  noise: '· Site furniture',
  outside: '· Outside the article',
};

const FLAG_LABELS = {
  number_mismatch: 'Number changed',
  number_missing: 'Number missing',
  name_mismatch: 'Name mismatch',
  partial_omission: 'Part left out',
  partial_addition: 'Part added',
  low_similarity: 'Possible mistranslation',
  word_substitution: 'Word replaced',
};

const VERDICTS = {
  versions: 'The target is a version of the source.',
  unrelated: 'These texts look unrelated: they share only a few passages.',
  empty: 'One side is empty: there is nothing to compare.',
};

const FOLDED = new Set(['noise', 'outside']);

let problems = [];
let problemIndex = -1;

/** Rows shown at once; a longer report gets the rest in slices of ROWS_PER_SLICE between
 * tasks (each well under 50 ms), so the page keeps answering while 100,000 rows go in. */
const FIRST_ROWS = 300;
const ROWS_PER_SLICE = 300;
let renderJob = 0;

/** Shows `report`; resolves to true once every row is in, false when a newer report took over. */
async function renderReport(report) {
  const job = ++renderJob;
  currentReport = report;
  const rows = layoutRows(report);
  problems = [];
  problemIndex = -1;
  $('summary').replaceChildren(...renderSummary(report));
  $('notices').replaceChildren(...report.notices.map((notice) => el('li', {}, `ⓘ ${notice}`)));
  const container = $('rows');
  container.replaceChildren(rowsHeader(report));
  container.classList.toggle('long', rows.length > 200);
  const problemCount = rows.filter(isProblem).length;
  $('problem-position').textContent = problemCount ? `${problemCount} row${problemCount === 1 ? '' : 's'} to review` : 'Nothing to review';
  $('previous-problem').disabled = $('next-problem').disabled = !problemCount;
  resultSection.hidden = false;
  const append = rowAppender(report, rows);
  for (let start = 0; start < rows.length;) {
    const end = Math.min(rows.length, start + (start ? ROWS_PER_SLICE : FIRST_ROWS));
    // A long report goes in slice by slice, each in a box the browser lays out only when it
    // comes into view: without it every slice would lay out all the rows before it again.
    const slice = rows.length > FIRST_ROWS ? el('div', { class: 'slice' }) : container;
    slice.append(...append(start, end));
    if (slice !== container) container.append(slice);
    start = end;
    if (start < rows.length) {
      await new Promise((resolve) => setTimeout(resolve));
      if (job !== renderJob) return false;
    }
  }
  return true;
}

function renderSummary(report) {
  const { summary } = report;
  const languages = el('p', { class: 'summary-languages' },
    languageName(report.source.language), ' → ', languageName(report.target.language));
  const verdict = el('p', { class: `summary-verdict verdict-${summary.verdict}` }, VERDICTS[summary.verdict] ?? summary.verdict);
  const flagTotal = Object.values(summary.flags).reduce((a, b) => a + b, 0);
  const counts = [
    ['coverage', 'coverage of the source', `${Math.round(summary.coverage * 100)}%`],
    ['matched', 'matched', summary.matched],
    ['dropped', 'dropped', summary.dropped],
    ['added', 'added', summary.added],
    ['moved', 'moved', summary.moved],
    ['flags', 'flagged', flagTotal],
    ['noise', 'furniture', summary.noise],
    ['outside', 'outside', summary.outside],
  ];
  const list = el('dl', { class: 'summary-counts' },
    ...counts.map(([key, label, value]) =>
      el('div', { class: `count count-${key}`, 'data-count': key }, el('dt', {}, label), el('dd', {}, String(value)))));
  return [languages, verdict, list, renderMode(report)];
}

/** Whether the sentence encoder took part, and if not why (the notices say more). */
function renderMode(report) {
  const { accurate } = report.summary;
  let text = 'Fast mode';
  if (accurate) text = 'Accurate mode (sentence encoder)';
  else if (shown?.early) text = 'Fast mode for now: the accurate-mode model is still loading';
  else if (shown?.fast) text = 'Fast mode (accurate mode is off)';
  else if (model.state === 'unavailable') text = 'Fast mode: accurate mode is unavailable';
  else if (report.notices.length) text = 'Fast mode (see the notes below)';
  return el('p', { class: 'summary-mode', 'data-accurate': String(Boolean(accurate)) }, text);
}

function languageName(language) {
  return language.lang === 'und' ? 'unknown language' : language.name;
}

function rowsHeader(report) {
  return el('div', { class: 'rows-header', 'aria-hidden': 'true' },
    el('span', {}, `Source · ${languageName(report.source.language)}`),
    el('span', {}, `Target · ${languageName(report.target.language)}`));
}

/**
 * A function that gives the nodes of rows `start..end` of `rows`, called slice after slice in
 * order: runs of site furniture fold into one <details> (across slices too), and rows to
 * review join `problems`.
 */
function rowAppender(report, rows) {
  const rowOfTarget = new Map();
  rows.forEach((row, index) => row.target.forEach((t) => rowOfTarget.set(t, index)));
  let fold = null;
  return (start, end) => {
    const nodes = [];
    for (let index = start; index < end; index++) {
      const row = rows[index];
      const node = renderRow(report, row, index, rowOfTarget);
      if (isProblem(row)) problems.push(node);
      if (!FOLDED.has(row.kind)) {
        fold = null;
        nodes.push(node);
        continue;
      }
      if (!fold) {
        fold = { count: 0, label: el('summary', {}), body: el('details', { class: 'fold' }) };
        fold.body.append(fold.label);
        nodes.push(fold.body);
      }
      fold.count += 1;
      fold.body.append(node);
      fold.label.textContent = `${fold.count} paragraph${fold.count === 1 ? '' : 's'} of site furniture or text outside the article`;
    }
    return nodes;
  };
}

function renderRow(report, row, index, rowOfTarget) {
  const flags = row.pair?.flags ?? [];
  const id = `row-${index + 1}`;
  const status = el('div', { class: 'row-status' },
    el('span', { class: 'badge' }, STATUS_LABELS[row.kind] ?? humanize(row.kind)),
    row.pair ? el('span', { class: 'score' }, `similarity ${Math.round(row.pair.score * 100)}%`) : null,
    flags.length ? el('span', { class: 'flag-count' }, `⚠ ${flags.length} flag${flags.length === 1 ? '' : 's'}`) : null,
    row.kind === 'moved' ? movedLink(report, row, rowOfTarget) : null,
    noiseReasons(report, row));
  const diff = row.pair?.diff?.some((op) => op.op !== 'equal') ? renderDiff(row.pair.diff) : null;
  return el('article', { class: `row row-${row.kind}${isProblem(row) ? ' problem' : ''}`, id, tabindex: '-1', 'data-status': row.kind, 'aria-label': `Row ${index + 1}: ${STATUS_LABELS[row.kind] ?? row.kind}` },
    status,
    renderCell(report, 'source', row.source, flags, id),
    renderCell(report, 'target', row.target, flags, id),
    diff,
    flags.length ? renderFlags(flags, id) : null);
}

/** For a moved pair: where its target paragraphs stand in the target, with a link there. */
function movedLink(report, row, rowOfTarget) {
  const first = Math.min(...row.target);
  if (first === 0) return el('span', { class: 'moved-to' }, '↳ in the target it comes first');
  const before = rowOfTarget.get(first - 1);
  const link = el('a', { href: `#row-${before + 1}` }, `go to row ${before + 1}`);
  // A row folded away (site furniture) is unfolded first.
  link.addEventListener('click', () => document.getElementById(`row-${before + 1}`)?.closest('details')?.setAttribute('open', ''));
  return el('span', { class: 'moved-to' }, `↳ in the target it follows ¶${first}: `, link);
}

function noiseReasons(report, row) {
  const reasons = [
    ...row.source.map((i) => report.source.paragraphs[i].noise_reason),
    ...row.target.map((i) => report.target.paragraphs[i].noise_reason),
  ].filter(Boolean);
  return reasons.length ? el('span', { class: 'noise-reason' }, `(${reasons.join('; ')})`) : null;
}

function renderCell(report, sideName, indices, flags, rowId) {
  const side = report[sideName];
  const cell = el('div', {
    class: `cell cell-${sideName}`,
    dir: side.language.direction,
    lang: langTag(side.language.lang),
    'data-side': sideName,
    'data-label': `${sideName === 'source' ? 'Source' : 'Target'} · ${languageName(side.language)}`,
  });
  if (!indices.length) {
    cell.classList.add('empty');
    cell.dir = 'ltr';
    cell.lang = 'en';
    cell.append(el('p', { class: 'nothing' }, sideName === 'source' ? 'Nothing in the source' : 'Nothing in the target'));
    return cell;
  }
  for (const index of indices) {
    const highlights = flags.flatMap((flag, flagIndex) =>
      flag[sideName]
        .filter((excerpt) => excerpt.paragraph === index)
        .map((excerpt) => ({ ...excerpt, flag, flagIndex })));
    cell.append(el('p', { class: 'paragraph', 'data-paragraph': index },
      el('span', { class: 'paragraph-number', 'aria-label': `paragraph ${index + 1}` }, `¶${index + 1}`),
      ...highlightText(side.paragraphs[index].text, highlights, rowId)));
  }
  return cell;
}

/** The paragraph text as text nodes, with the parts that flags point at in focusable `<mark>`s. */
function highlightText(text, highlights, rowId) {
  return cutAtRanges(text, highlights).map(({ text: piece, ranges }) => {
    if (!ranges.length) return document.createTextNode(piece);
    const numbers = ranges.map((h) => h.flagIndex + 1);
    return el('mark', {
      class: `flag-${ranges[0].flag.kind}`,
      tabindex: '0',
      title: ranges.map((h) => `${FLAG_LABELS[h.flag.kind] ?? humanize(h.flag.kind)}: ${h.flag.message}`).join('\n'),
      'aria-describedby': numbers.map((n) => `${rowId}-flag-${n}`).join(' '),
      'data-flags': numbers.join(','),
    }, piece);
  });
}

/** The word diff of a same-language pair: deletions struck through, insertions underlined. */
function renderDiff(ops) {
  const pieces = ops.flatMap((op) => {
    if (op.op === 'equal') return [op.source, ' '];
    return [
      op.source ? el('del', { title: 'only in the source' }, op.source) : null,
      op.source && op.target ? ' ' : null,
      op.target ? el('ins', { title: 'only in the target' }, op.target) : null,
      ' ',
    ];
  });
  return el('p', { class: 'diff' }, el('span', { class: 'diff-label' }, 'Word changes: '), ...pieces);
}

function renderFlags(flags, rowId) {
  return el('ol', { class: 'flags' }, ...flags.map((flag, i) =>
    el('li', { class: `flag flag-${flag.kind}`, 'data-kind': flag.kind, id: `${rowId}-flag-${i + 1}` },
      el('span', { class: 'flag-kind' }, FLAG_LABELS[flag.kind] ?? humanize(flag.kind)),
      ' ',
      el('span', { class: 'flag-message' }, flag.message),
      excerpts('source', flag.source),
      excerpts('target', flag.target))));
}

/** `some_new_kind` → `Some new kind`, for kinds newer than this page. */
function humanize(kind) {
  const words = kind.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function excerpts(sideName, list) {
  if (!list.length) return null;
  const quoted = list.flatMap((excerpt, i) => [i ? ', ' : '', el('bdi', {}, `“${excerpt.text}”`)]);
  return el('span', { class: `flag-excerpts flag-excerpts-${sideName}` }, ` ${sideName}: `, ...quoted);
}

// ---- Moving between problems -------------------------------------------------------------

function goToProblem(step) {
  if (!problems.length) return;
  problemIndex = (problemIndex + step + problems.length) % problems.length;
  const row = problems[problemIndex];
  row.closest('details')?.setAttribute('open', '');
  row.scrollIntoView({ block: 'center' });
  row.focus({ preventScroll: true });
  $('problem-position').textContent = `Problem ${problemIndex + 1} of ${problems.length}`;
}

$('next-problem').addEventListener('click', () => goToProblem(1));
$('previous-problem').addEventListener('click', () => goToProblem(-1));
$('only-problems').addEventListener('change', (event) => {
  $('rows').classList.toggle('only-problems', event.target.checked);
});
document.addEventListener('keydown', (event) => {
  if (resultSection.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest('textarea, input, select')) return;
  if (event.key === 'j') goToProblem(1);
  if (event.key === 'k') goToProblem(-1);
});
