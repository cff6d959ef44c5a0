// Search figures at scale, in headless Chromium over file://, as a reader meets them on
// <lang>/search.html: the box gets focus (the index metadata loads then), the query is typed,
// and we time from the end of the debounce to the results drawn (cold: shards loaded on demand
// by <script>; warm: the same query typed again), and count the bytes of index files loaded.
// The debounce delay is reported separately. Usage: node bench/search.mjs /abs/path/to/book
// (needs tests/browser's node_modules; build the book from ../shared/bench's corpus first).
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from '../tests/browser/chromium.mjs';

const book = process.argv[2];
const DEBOUNCE_MS = 120; // static/search.js
const queries = {
  ja: ['ライセンス認証', 'プロダクトキー', 'マザーボード', '認証', 'キー', 'slmgr', '/dli', 'ハードウェア', '電話', 'KMS ホスト',
    'トピック 42', 'インストール ID', '領収書', 'ファームウェア', 'CIM', 'ライセンス認証できない', 'ぷろだくときー',
    'コマンドプロンプト', 'サーバ', 'エラーコード 確認方法', '0x803F7001', 'product key'],
  en: ['activation', 'product key', 'motherboard', 'slmgr', '/dli', 'Get-CimInstance', 'KMS host', 'receipt', 'firmware',
    'phone', 'troubleshooter', 'Topic 42', 'installation ID', 'license', 'OA3xOriginalProductKey', 'activaton',
    'prodct key', 'Resolve-DnsName', 'how do I find my product key', 'error code', '803F7001', 'プロダクトキー'],
};
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

/** Types `q` into the search page's box; resolves to ms from the end of the debounce to the
    results list carrying the query (drawn). */
async function typeAndTime(page, q) {
  return page.evaluate(([query, debounce]) => new Promise((resolve) => {
    const list = document.getElementById('kb-search-results');
    const input = document.getElementById('kb-search-input');
    let start = 0;
    const done = () => list.getAttribute('data-kb-query') === query && !list.hasAttribute('aria-busy');
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(list, { attributes: true, childList: true });
    input.value = query;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    start = performance.now() + debounce;
  }), [q, DEBOUNCE_MS]);
}

const context = await launch();
const rows = [];
try {
  for (const [lang, list] of Object.entries(queries)) {
    for (const q of list) {
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__loaded = [];
        const desc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src');
        Object.defineProperty(HTMLScriptElement.prototype, 'src', {
          get() { return desc.get.call(this); },
          set(v) { desc.set.call(this, v); window.__loaded.push(desc.get.call(this)); },
        });
      });
      await page.goto(pathToFileURL(`${book}/${lang}/search.html`).href);
      await page.focus('#kb-search-input');
      await page.waitForFunction((l) => window.__loaded.some((u) => u.endsWith(`/${l}/search/meta.js`)), lang);
      await page.waitForTimeout(50);
      const cold = await typeAndTime(page, q);
      await typeAndTime(page, '');
      const warm = await typeAndTime(page, q);
      const loaded = await page.evaluate(() => window.__loaded);
      const files = [...new Set(loaded)].filter((u) => u.includes('/search/'));
      const bytes = files.reduce((sum, u) => sum + statSync(fileURLToPath(u.split('?')[0])).size, 0);
      const results = await page.$$eval('#kb-search-results a.kb-result', (as) => as.length);
      rows.push({ lang, q, cold, warm, bytes, files: files.length, results });
      await page.close();
    }
  }
} finally {
  await context.close();
}
const cold = rows.map((r) => r.cold), warm = rows.map((r) => r.warm), kb = rows.map((r) => r.bytes / 1024);
console.log(`debounce before each query: ${DEBOUNCE_MS} ms (not included below)`);
console.log('| queries | KB loaded p50 | KB loaded p95 | KB loaded max | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| ${rows.length} | ${pct(kb, 50).toFixed(0)} | ${pct(kb, 95).toFixed(0)} | ${Math.max(...kb).toFixed(0)} | ${pct(cold, 50).toFixed(1)} | ${pct(cold, 95).toFixed(1)} | ${pct(warm, 50).toFixed(1)} | ${pct(warm, 95).toFixed(1)} |`);
console.log(`targets: KB loaded per query <= 150; cold p95 <= 60 ms; warm p95 <= 30 ms`);
if (process.env.VERBOSE) for (const r of rows) console.log(JSON.stringify(r));
