// Runs the wasm engine off the page's main thread.
//
// Messages in:  {id, type: 'compare', source, target, options}
//               {id, type: 'detect', text}
//               {id, type: 'html_to_text', html}
//               {id, type: 'export', report, format}   (json, markdown, html, tsv, tmx)
//               {id, type: 'version'}
// Messages out: {id, ok: true, value} or {id, ok: false, error: 'plain words', crashed};
//               before the answer, any number of {id, progress: 'plain words'}
// `crashed` says the wasm instance trapped (a panic) and this worker must not be used again.

import init, { compare, detect_language, export_report, html_to_text, load_lexicon, version } from './pkg/transdiff.js';

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

const handlers = {
  compare: async (request) => {
    await loadLexiconsFor(request);
    self.postMessage({ id: request.id, progress: 'Comparing…' });
    return compare(request.source, request.target, { time_budget_ms: TIME_BUDGET_MS, ...request.options });
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
