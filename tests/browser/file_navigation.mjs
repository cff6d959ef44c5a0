// Opens the built site over file:// (no server), clicks from the Japanese home to a topic and
// to its English twin, then visits every topic of both languages through the sidebar links,
// and fails on any console error, page error or failed request.
// Usage: node file_navigation.mjs /abs/path/to/book
import { pathToFileURL } from 'node:url';
import { launch, watch, check } from './chromium.mjs';

const book = process.argv[2];
const context = await launch();
const page = await context.newPage();
const problems = watch(page);
try {
  const home = pathToFileURL(`${book}/ja/index.html`).href;
  await page.goto(home);
  check((await page.getAttribute('html', 'lang')) === 'ja', 'ja home has lang=ja');
  await page.click('main a[href="check-methods.html"]');
  await page.waitForURL(/\/ja\/check-methods\.html$/);
  check((await page.locator('h1').count()) === 1, 'topic page has one h1');
  // The script ran on file://: copy buttons were added to command blocks.
  await page.waitForSelector('pre.kb-code button.kb-copy, .kb-command button.kb-copy', { timeout: 5000 });
  // Keyboard only: the first Tab reaches the skip link; a copy button works with Enter and
  // gives visible feedback (copied, or failed with the text selected for Ctrl+C).
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement.classList.contains('kb-skip-link')), 'first Tab focuses the skip link');
  const copy = page.locator('button.kb-copy').first();
  const label = (await copy.textContent()).trim();
  await copy.focus();
  check(await page.evaluate(() => document.activeElement.classList.contains('kb-copy')), 'copy button takes keyboard focus');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(outline !== 'none', 'focused copy button has a visible outline');
  await page.keyboard.press('Enter');
  await page.waitForFunction((l) => document.querySelector('button.kb-copy').textContent.trim() !== l, label, { timeout: 3000 });
  // Language switcher: the same topic in English.
  await page.click('a[hreflang="en"]');
  await page.waitForURL(/\/en\/check-methods\.html$/);
  check((await page.getAttribute('html', 'lang')) === 'en', 'English twin has lang=en');
  await page.click('a[hreflang="ja"]');
  await page.waitForURL(/\/ja\/check-methods\.html$/);

  // Every topic in both languages, reached by clicking links from each category page.
  let visited = 0;
  for (const lang of ['ja', 'en']) {
    await page.goto(pathToFileURL(`${book}/${lang}/index.html`).href);
    const categories = await page.$$eval('main h2 a', (as) => as.map((a) => a.getAttribute('href')));
    check(categories.length >= 3, `${lang}: home lists the categories`);
    for (const cat of categories) {
      await page.goto(pathToFileURL(`${book}/${lang}/index.html`).href);
      await page.click(`main h2 a[href="${cat}"]`);
      await page.waitForLoadState('load');
      const topics = await page.$$eval('main a.kb-topic-link', (as) => as.map((a) => a.getAttribute('href')));
      const catUrl = page.url();
      for (const t of topics) {
        await page.goto(catUrl);
        await page.click(`main a.kb-topic-link[href="${t}"]`);
        await page.waitForLoadState('load');
        check(page.url().endsWith(t.replace(/^\.\.\//, '')), `${lang}: clicked ${t}, got ${page.url()}`);
        check((await page.getAttribute('html', 'lang')) === lang, `${page.url()} has lang=${lang}`);
        visited += 1;
      }
    }
  }
  check(visited >= 18, `visited ${visited} topic pages, expected at least 18`);
  check(problems.length === 0, `problems:\n${problems.join('\n')}`);
  console.log(`ok: file:// navigation across ${visited} topic pages, no console errors`);
} catch (e) {
  console.error(String(e.stack || e));
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
}
