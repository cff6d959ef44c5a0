// Renders the README screenshots: home, a topic, search results and the 404 page, in both
// languages and both themes, with headless Chromium (needs a Japanese font: fonts-noto-cjk).
// Usage: node tests/browser/screenshots.mjs /abs/path/to/book docs/screenshots
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const [book, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const shots = {
  home: (l) => `${l}/index.html`,
  topic: (l) => `${l}/check-methods.html`,
  search: (l) => `${l}/search.html?q=${l === 'ja' ? encodeURIComponent('認証') : 'slmgr'}`,
  '404': (l) => `${l}/404.html`,
};
const context = await launch();
try {
  for (const theme of ['light', 'dark']) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1100, height: 760 });
    await page.emulateMedia({ colorScheme: theme });
    for (const lang of ['ja', 'en']) {
      for (const [name, path] of Object.entries(shots)) {
        const [file, query] = path(lang).split('?');
        await page.goto(pathToFileURL(`${book}/${file}`).href + (query ? `?${query}` : ''));
        await page.waitForTimeout(name === 'search' ? 800 : 150);
        const out = `${outDir}/${name}-${lang}-${theme}.png`;
        await page.screenshot({ path: out });
        console.log(out);
      }
    }
    await page.close();
  }
} finally {
  await context.close();
}
