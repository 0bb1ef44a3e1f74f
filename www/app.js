// The page: reads the two texts, asks the engine worker for a report and shows it row by row.
// All text goes in through textContent / createTextNode, never as HTML.

import { cutAtRanges, layoutRows } from './layout.js';

const $ = (id) => document.getElementById(id);

const form = $('compare-form');
const sides = {
  source: { input: $('source-text'), language: $('source-language') },
  target: { input: $('target-text'), language: $('target-language') },
};
const statusLine = $('status');
const errorLine = $('error');
const resultSection = $('result');

/** Talks to worker.js; a compare still running when a new one starts is dropped with its worker. */
class Engine {
  #worker = null;
  #pending = new Map();
  #nextId = 1;

  request(type, payload = {}) {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { type, resolve, reject });
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

// ---- Language labels under the paste areas ----------------------------------------------

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
}

const detectJobs = { source: 0, target: 0 };

async function detect(name) {
  const side = sides[name];
  const job = ++detectJobs[name];
  const text = side.input.value;
  if (!text.trim()) {
    side.language.textContent = 'No text yet';
    delete side.language.dataset.lang;
    side.input.dir = 'auto';
    return;
  }
  try {
    const language = await engine.request('detect', { text });
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

for (const name of Object.keys(sides)) {
  sides[name].input.addEventListener('input', debounce(() => detect(name), 250));
}

// ---- Comparing ---------------------------------------------------------------------------

let compareJob = 0;

async function runCompare() {
  const job = ++compareJob;
  if (engine.comparing) engine.restart();
  const source = sides.source.input.value;
  const target = sides.target.input.value;
  hideError();
  if (!source.trim() || !target.trim()) {
    showError('Paste a text on both sides first: the original on the left, the version to check on the right.');
    return;
  }
  setStatus('Comparing…');
  const started = performance.now();
  let report;
  try {
    report = await engine.request('compare', { source, target, options: { units: $('units').value } });
  } catch (error) {
    if (error.cancelled || job !== compareJob) return;
    setStatus('');
    showError(`Could not compare the texts: ${sentence(error.message)}`);
    return;
  }
  if (job !== compareJob) return;
  const elapsed = Math.round(performance.now() - started);
  showLanguage(sides.source, report.source.language);
  showLanguage(sides.target, report.target.language);
  renderReport(report);
  setStatus(`Compared in ${elapsed} ms.`);
}

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
  [sides.source.input.value, sides.target.input.value] = [sides.target.input.value, sides.source.input.value];
  detect('source');
  detect('target');
});

engine.request('version').then(
  (version) => { $('version').textContent = version; },
  (error) => showError(`The page cannot compare texts: ${sentence(error.message)} Try reloading it.`),
);

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

function renderReport(report) {
  $('summary').replaceChildren(...renderSummary(report));
  $('notices').replaceChildren(...report.notices.map((notice) => el('li', {}, notice)));
  $('rows').replaceChildren(...renderRows(report));
  resultSection.hidden = false;
}

function renderSummary(report) {
  const { summary } = report;
  const languages = el('p', { class: 'summary-languages' },
    languageName(report.source.language), ' → ', languageName(report.target.language));
  const verdict = el('p', { class: `summary-verdict verdict-${summary.verdict}` }, VERDICTS[summary.verdict] ?? summary.verdict);
  const flagTotal = Object.values(summary.flags).reduce((a, b) => a + b, 0);
  const counts = [
    ['coverage', `${Math.round(summary.coverage * 100)}%`],
    ['matched', summary.matched],
    ['dropped', summary.dropped],
    ['added', summary.added],
    ['moved', summary.moved],
    ['flags', flagTotal],
    ['noise', summary.noise],
    ['outside', summary.outside],
  ];
  const list = el('dl', { class: 'summary-counts' },
    ...counts.map(([key, value]) =>
      el('div', { class: `count count-${key}`, 'data-count': key }, el('dt', {}, key), el('dd', {}, String(value)))));
  return [languages, verdict, list];
}

function languageName(language) {
  return language.lang === 'und' ? 'unknown language' : language.name;
}

function renderRows(report) {
  const header = el('div', { class: 'rows-header', 'aria-hidden': 'true' },
    el('span', {}, `Source · ${languageName(report.source.language)}`),
    el('span', {}, `Target · ${languageName(report.target.language)}`));
  const nodes = [header];
  let fold = null;
  for (const row of layoutRows(report)) {
    const node = renderRow(report, row);
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
}

function renderRow(report, row) {
  const flags = row.pair?.flags ?? [];
  const status = el('div', { class: 'row-status' },
    el('span', { class: 'badge' }, STATUS_LABELS[row.kind] ?? humanize(row.kind)),
    row.pair ? el('span', { class: 'score' }, `similarity ${Math.round(row.pair.score * 100)}%`) : null,
    flags.length ? el('span', { class: 'flag-count' }, `⚠ ${flags.length} flag${flags.length === 1 ? '' : 's'}`) : null,
    noiseReasons(report, row));
  return el('article', { class: `row row-${row.kind}`, 'data-status': row.kind },
    status,
    renderCell(report, 'source', row.source, flags),
    renderCell(report, 'target', row.target, flags),
    flags.length ? renderFlags(flags) : null);
}

function noiseReasons(report, row) {
  const reasons = [
    ...row.source.map((i) => report.source.paragraphs[i].noise_reason),
    ...row.target.map((i) => report.target.paragraphs[i].noise_reason),
  ].filter(Boolean);
  return reasons.length ? el('span', { class: 'noise-reason' }, `(${reasons.join('; ')})`) : null;
}

function renderCell(report, sideName, indices, flags) {
  const side = report[sideName];
  const cell = el('div', {
    class: `cell cell-${sideName}`,
    dir: side.language.direction,
    'data-side': sideName,
    'data-label': `${sideName === 'source' ? 'Source' : 'Target'} · ${languageName(side.language)}`,
  });
  if (!indices.length) {
    cell.classList.add('empty');
    cell.dir = 'ltr';
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
      ...highlightText(side.paragraphs[index].text, highlights)));
  }
  return cell;
}

/** The paragraph text as text nodes, with the parts that flags point at in `<mark>`s. */
function highlightText(text, highlights) {
  return cutAtRanges(text, highlights).map(({ text: piece, ranges }) => {
    if (!ranges.length) return document.createTextNode(piece);
    return el('mark', {
      class: `flag-${ranges[0].flag.kind}`,
      title: ranges.map((h) => h.flag.message).join('\n'),
      'data-flags': ranges.map((h) => h.flagIndex + 1).join(' '),
    }, piece);
  });
}

function renderFlags(flags) {
  return el('ol', { class: 'flags' }, ...flags.map((flag) =>
    el('li', { class: `flag flag-${flag.kind}`, 'data-kind': flag.kind },
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
