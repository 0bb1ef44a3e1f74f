// Runs the wasm engine off the page's main thread.
//
// Messages in:  {id, type: 'compare', source, target, options}
//               {id, type: 'load_model'}   (accurate mode: answers when the model is loaded, with
//                                           {description, bytes, cached, ms, load_ms, memory})
//               {id, type: 'cancel_model'} (stops a model download under way)
//               {id, type: 'detect', text}
//               {id, type: 'html_to_text', html}
//               {id, type: 'export', report, format}   (json, markdown, html, tsv, tmx)
//               {id, type: 'version'}
// Messages out: {id, ok: true, value} or {id, ok: false, error: 'plain words', crashed};
//               before the answer, any number of {id, progress: 'plain words'} (for the
//               model's download also `loaded` and `total` bytes; `total` null when unknown)
// `crashed` says the wasm instance trapped (a panic) and this worker must not be used again.

import init, { compare, detect_language, export_report, html_to_text, load_lexicon, load_model, version } from './pkg/transdiff.js';

const ready = init();

/** Language code → promise of whether its lexicon (./lexicons/CODE.bin) is loaded. */
const lexicons = new Map();

/** Fetches and loads a language's lexicon once; a language without one is simply left out. */
function ensureLexicon(lang, report) {
  if (!lexicons.has(lang)) {
    report(`Loading the ${lang} dictionary…`);
    lexicons.set(lang, (async () => {
      const response = await fetch(`./lexicons/${lang}.bin`);
      if (!response.ok) return false;
      load_lexicon(new Uint8Array(await response.arrayBuffer()));
      return true;
    })().catch(() => false));
  }
  return lexicons.get(lang);
}

/** Loads the lexicons of both sides' languages (as set in `options`, else as detected). */
async function loadLexiconsFor({ id, source, target, options }) {
  const report = (progress) => self.postMessage({ id, progress });
  const langs = [
    options?.source_lang || detect_language(source).lang,
    options?.target_lang || detect_language(target).lang,
  ];
  if (langs[0] === langs[1]) return;
  await Promise.all(langs.filter((lang) => /^[a-z]{3}$/.test(lang) && lang !== 'und').map((lang) => ensureLexicon(lang, report)));
}

/** After this long the engine stops refining and says so in the report's notices. */
const TIME_BUDGET_MS = 20000;

// ---- Accurate mode: the sentence encoder's model --------------------------------------------

const MODEL_URL = './model/use-m3.bin';
/** Cache API storage (kept across visits); the name changes when the model format does. */
const MODEL_CACHE = 'transdiff-model-v1';

/**
 * The model in this worker, once the page asked for it (null before): `cached` resolves to
 * true once it is loaded from the browser's cache, or to false as soon as it has to be
 * downloaded (or cannot be had); `loaded` resolves
 * to what the page is told when the model is ready (`ready` is then true) or rejects with
 * why there is none (`failed`); `listeners` are the ids of the requests waiting for it.
 */
let model = null;

/** Starts loading the model once; a later call joins the load under way or its result (a failed load is tried again). */
function ensureModel() {
  if (model && !model.failed) return model;
  let settleCached;
  const current = {
    ready: false,
    failed: null,
    abort: new AbortController(),
    listeners: new Set(),
    cached: new Promise((resolve) => { settleCached = resolve; }),
  };
  const report = (progress, bytes = {}) => {
    for (const id of current.listeners) self.postMessage({ id, progress, ...bytes });
  };
  current.loaded = readModel(report, current.abort.signal, settleCached).then(
    (info) => {
      current.ready = true;
      return info;
    },
    (error) => {
      current.failed = error;
      settleCached(false);
      throw error;
    },
  );
  current.loaded.catch(() => {}); // the requests waiting for it see the error
  model = current;
  return current;
}

/** Opens the model cache, or null where the Cache API is missing (plain http) or refused. */
async function openCache() {
  try {
    if (!self.caches) return null;
    for (const name of await caches.keys()) {
      if (name.startsWith('transdiff-model') && name !== MODEL_CACHE) await caches.delete(name);
    }
    return await caches.open(MODEL_CACHE);
  } catch {
    return null;
  }
}

/** Reads the model from the browser's cache or downloads it (with progress), and loads it. */
async function readModel(report, signal, settleCached) {
  await ready;
  const started = performance.now();
  const cache = await openCache();
  const cached = await cache?.match(MODEL_URL).catch(() => undefined);
  if (cached) {
    report('Loading the accurate-mode model from this browser’s cache…');
    const bytes = new Uint8Array(await cached.arrayBuffer());
    try {
      const loading = performance.now();
      const description = load_model(bytes);
      const now = performance.now();
      revalidate(cache, cached);
      settleCached(true);
      return {
        description, bytes: bytes.length, cached: true, ms: Math.round(now - started), load_ms: Math.round(now - loading),
        memory: await wasmMemory(),
      };
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) throw error;
      await cache.delete(MODEL_URL); // a copy this build cannot read: fetch the one the site has
    }
  }
  settleCached(false);
  const response = await fetch(MODEL_URL, { signal }).catch((error) => {
    throw signal.aborted ? error : new Error('the model could not be downloaded: no connection to the site');
  });
  if (!response.ok) {
    throw new Error(response.status === 404
      ? 'the model file is not on this site'
      : `the model could not be downloaded (HTTP ${response.status})`);
  }
  const bytes = await readWithProgress(response, report).catch((error) => {
    throw signal.aborted ? error : new Error('the model download was interrupted');
  });
  report('Reading the accurate-mode model…', { loaded: bytes.length, total: bytes.length });
  const loading = performance.now();
  const description = load_model(bytes);
  const now = performance.now();
  const [ms, load_ms] = [Math.round(now - started), Math.round(now - loading)];
  if (cache) {
    const headers = new Headers({ 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    for (const name of ['etag', 'last-modified']) {
      if (response.headers.has(name)) headers.set(name, response.headers.get(name));
    }
    await cache.put(MODEL_URL, new Response(bytes, { headers })).catch(() => {});
  }
  return { description, bytes: bytes.length, cached: false, ms, load_ms, memory: await wasmMemory() };
}

/** Bytes of the engine's memory (the model, once loaded, is most of it). */
async function wasmMemory() {
  return (await ready).memory.buffer.byteLength;
}

/** The body of `response`, reporting the bytes received as they arrive. */
async function readWithProgress(response, report) {
  // A compressed response's Content-Length counts compressed bytes: no percentage then.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = encoded ? null : Number(response.headers.get('content-length')) || null;
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  const say = (loaded) => report(total
    ? `Downloading the accurate-mode model: ${mb(loaded)} of ${mb(total)} MB (${Math.floor((100 * loaded) / total)}%)…`
    : `Downloading the accurate-mode model: ${mb(loaded)} MB…`, { loaded, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    say(bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  let told = -Infinity;
  say(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    const now = performance.now();
    if (now - told > 100) {
      told = now;
      say(loaded);
    }
  }
  say(loaded);
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * After a cached model was used: asks the site (headers only) whether its model file is
 * still the same, and drops the cached copy when it is not, so the next start fetches the
 * new one. Offline, or when the site gives neither an ETag nor a date, the copy is kept.
 */
async function revalidate(cache, cached) {
  try {
    const current = await fetch(MODEL_URL, { method: 'HEAD', cache: 'no-store' });
    if (!current.ok) return;
    const changed = ['etag', 'last-modified', 'content-length'].some((name) =>
      cached.headers.has(name) && current.headers.has(name) && cached.headers.get(name) !== current.headers.get(name));
    if (changed) await cache.delete(MODEL_URL);
  } catch {
    // offline: keep the copy
  }
}

/** A compare that finds the model downloading runs lexically at once and says so. */
const MODEL_LOADING_NOTICE = 'Accurate mode: the model is still downloading, so this result comes from the fast '
  + 'comparison; it is redone in accurate mode when the model is ready.';

const handlers = {
  compare: async (request) => {
    await loadLexiconsFor(request);
    const options = { time_budget_ms: TIME_BUDGET_MS, ...request.options };
    let downloading = false;
    const current = model;
    if (!options.fast && current && !current.ready) {
      // From the browser's cache the model is ready in a moment: wait for it. A download
      // may take long: compare lexically now; the page asks again when the model is ready.
      self.postMessage({ id: request.id, progress: 'Loading the accurate-mode model…' });
      const cached = await current.cached;
      downloading = !cached && !current.ready && !current.failed;
      if (downloading) options.fast = true;
    }
    self.postMessage({ id: request.id, progress: 'Comparing…' });
    const report = compare(request.source, request.target, options);
    if (downloading) report.notices.push(MODEL_LOADING_NOTICE);
    return report;
  },
  load_model: ({ id }) => {
    const current = ensureModel();
    current.listeners.add(id);
    return current.loaded.finally(() => current.listeners.delete(id));
  },
  cancel_model: () => {
    if (model && !model.ready) {
      model.abort.abort();
      model = null;
    }
  },
  detect: ({ text }) => detect_language(text),
  html_to_text: ({ html }) => html_to_text(html),
  export: ({ report, format }) => export_report(report, format),
  version: () => version(),
};

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    await ready;
  } catch (error) {
    self.postMessage({ id, ok: false, error: `The comparison engine could not be loaded (${messageOf(error)}).` });
    return;
  }
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    self.postMessage({ id, ok: true, value: await handler(data) });
  } catch (error) {
    const crashed = error instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, error: messageOf(error), crashed });
  }
};

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
