// Runs the wasm engine off the page's main thread.
//
// Messages in:  {id, type: 'compare', source, target, options}
//               {id, type: 'detect', text}
//               {id, type: 'version'}
// Messages out: {id, ok: true, value} or {id, ok: false, error: 'plain words', crashed}
// `crashed` says the wasm instance trapped (a panic) and this worker must not be used again.

import init, { compare, detect_language, version } from './pkg/transdiff.js';

const ready = init();

const handlers = {
  compare: ({ source, target, options }) => compare(source, target, options),
  detect: ({ text }) => detect_language(text),
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
    self.postMessage({ id, ok: true, value: handler(data) });
  } catch (error) {
    const crashed = error instanceof WebAssembly.RuntimeError;
    self.postMessage({ id, ok: false, error: messageOf(error), crashed });
  }
};

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
