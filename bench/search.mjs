// Search figures at scale, in headless Chromium over file://: for each query, a fresh page
// runs kbSearch.search() and we record the wall time (cold: shards loaded on demand by <script>;
// warm: the same query again) and the bytes of index files it loaded.
// Usage: node bench/search.mjs /abs/path/to/book   (needs tests/browser's node_modules)
import { statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from '../tests/browser/chromium.mjs';

const book = process.argv[2];
const queries = {
  ja: ['ライセンス認証', 'プロダクトキー', 'マザーボード', '認証', 'キー', 'slmgr', '/dli', 'ハードウェア', '電話', 'KMS ホスト',
    'トピック 42', 'インストール ID', '領収書', 'ファームウェア', 'CIM'],
  en: ['activation', 'product key', 'motherboard', 'slmgr', '/dli', 'Get-CimInstance', 'KMS host', 'receipt', 'firmware',
    'phone', 'troubleshooter', 'Topic 42', 'installation ID', 'license', 'OA3xOriginalProductKey'],
};
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const context = await launch();
const rows = [];
try {
  for (const [lang, list] of Object.entries(queries)) {
    for (const q of list) {
      const page = await context.newPage();
      await page.goto(pathToFileURL(`${book}/${lang}/search.html`).href);
      await page.waitForFunction(() => window.kbSearch && window.kbSearch.search);
      // Record every index script the client inserts (file:// loads have no resource timing).
      await page.evaluate(() => {
        window.__loaded = [];
        const desc = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src');
        Object.defineProperty(HTMLScriptElement.prototype, 'src', {
          get() { return desc.get.call(this); },
          set(v) { desc.set.call(this, v); window.__loaded.push(desc.get.call(this)); },
        });
      });
      const r = await page.evaluate(async ([l, text]) => {
        const t0 = performance.now();
        const res = await window.kbSearch.search(l, text);
        const t1 = performance.now();
        await window.kbSearch.search(l, text);
        const t2 = performance.now();
        return { cold: t1 - t0, warm: t2 - t1, results: res.results.length };
      }, [lang, q]);
      const loaded = await page.evaluate(() => window.__loaded);
      const bytes = [...new Set(loaded)].filter((u) => u.includes('/search/'))
        .reduce((sum, u) => sum + statSync(fileURLToPath(u.split('?')[0])).size, 0);
      rows.push({ lang, q, ...r, bytes });
      await page.close();
    }
  }
} finally {
  await context.close();
}
const cold = rows.map((r) => r.cold), warm = rows.map((r) => r.warm), bytes = rows.map((r) => r.bytes);
console.log(`| queries | p50 cold ms | p95 cold ms | p95 warm ms | median KB loaded | max KB loaded |`);
console.log(`|---|---|---|---|---|---|`);
console.log(`| ${rows.length} | ${pct(cold, 50).toFixed(1)} | ${pct(cold, 95).toFixed(1)} | ${pct(warm, 95).toFixed(1)} | ${(pct(bytes, 50) / 1024).toFixed(0)} | ${(Math.max(...bytes) / 1024).toFixed(0)} |`);
if (process.env.VERBOSE) for (const r of rows) console.log(r);
