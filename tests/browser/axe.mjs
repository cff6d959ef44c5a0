// Accessibility: axe-core in headless Chromium over every page type (chooser, home, category,
// topic, search with and without filters, 404 with a missing address, tag and edition pages
// and their lists) in both languages and both themes; fails on any serious or critical
// violation. Usage: node axe.mjs /abs/path/to/book
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { launch, check } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const book = process.argv[2];
const pages = ['index.html', '404.html'];
const CHOOSER = 'index.html';
for (const lang of ['ja', 'en']) {
  pages.push(`${lang}/index.html`, `${lang}/categories/keys.html`, `${lang}/check-methods.html`,
    `${lang}/reactivation.html`, `${lang}/search.html?q=slmgr`,
    `${lang}/search.html?q=slmgr&category=keys&edition=windows-11-pro`,
    `${lang}/tags/index.html`, `${lang}/tags/powershell.html`,
    `${lang}/applies-to/index.html`, `${lang}/applies-to/windows-11-pro.html`,
    `${lang}/404.html?from=/kb/${lang}/a/b/chek.html`);
}
const context = await launch();
const failures = [];
let checked = 0;
try {
  for (const theme of ['light', 'dark']) {
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: theme });
    for (const p of pages) {
      const [file, query] = p.split('?');
      const url = pathToFileURL(`${book}/${file}`).href + (query ? `?${query}` : '');
      if (p === CHOOSER) {
        // The chooser forwards at once (meta refresh): check its markup without the refresh.
        const html = readFileSync(`${book}/${file}`, 'utf8').replace(/<meta http-equiv="refresh"[^>]*>/i, '')
          .replace('<head>', `<head><base href="${pathToFileURL(`${book}/`).href}">`);
        await page.goto(pathToFileURL(`${book}/404.html`).href);
        await page.setContent(html);
      } else {
        await page.goto(url);
      }
      // The reader's stored choice wins over the system setting: set both ways.
      await page.evaluate((t) => { try { localStorage.setItem('kb-theme', t); } catch (e) {} document.documentElement.dataset.theme = t; }, theme);
      await page.waitForTimeout(50);
      // Evaluated through the DevTools protocol, so the page's CSP does not apply to axe itself.
      await page.evaluate(axeSource);
      const result = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      checked += 1;
      for (const v of result) failures.push(`[${theme}] ${p}: ${v}`);
    }
    await page.close();
  }
  check(failures.length === 0, `${failures.length} serious/critical violations:\n${failures.join('\n')}`);
  console.log(`ok: axe-core found no serious or critical violation on ${checked} page views`);
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
}
