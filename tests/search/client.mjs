// Runs static/search.js under plain node: a tiny stand-in for the DOM that the client touches
// (script elements that load index shards from a built site's folder), so the normaliser, the
// tokenizer and whole queries are checked by `cargo test` without a browser.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const clientSource = readFileSync(join(here, '../../static/search.js'), 'utf8');

/** The `kbSearch` API of a fresh client whose index lives in `book` (a built site); `missing`
    names host APIs to leave out (to play an older browser). */
export function loadClient(book, stats = { loaded: [] }, missing = []) {
  const scriptSrc = pathToFileURL(join(book, 'static', 'search.js')).href;
  const context = { console, URL, URLSearchParams, Promise, Map, Set, Uint8Array, Int8Array, Float64Array, setTimeout, clearTimeout,
    atob, Blob, Response, DecompressionStream };
  for (const name of missing) { delete context[name]; }
  const head = {
    appendChild(el) {
      setTimeout(() => {
        let code;
        try {
          code = readFileSync(fileURLToPath(el.src), 'utf8');
        } catch (e) {
          el.fire('error');
          return;
        }
        stats.loaded.push({ url: el.src, bytes: Buffer.byteLength(code) });
        vm.runInContext(code, context, { filename: el.src });
        el.fire('load');
      }, 0);
      el.parentNode = head;
    },
    removeChild(el) { el.parentNode = null; },
  };
  context.document = {
    readyState: 'complete',
    currentScript: { src: scriptSrc },
    documentElement: { getAttribute: () => '' },
    head,
    getElementsByTagName: () => [],
    getElementById: () => null,
    querySelector: () => null,
    createElement() {
      const listeners = {};
      return {
        src: '',
        parentNode: null,
        addEventListener(type, f) { (listeners[type] ||= []).push(f); },
        fire(type) { (listeners[type] || []).forEach((f) => f({ type })); },
      };
    },
    addEventListener() {},
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(clientSource, context, { filename: 'static/search.js' });
  return context.kbSearch;
}
