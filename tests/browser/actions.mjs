// Per-procedure actions and the 404 page's script (issue #16 items 5 and 7), in headless
// Chromium over file://:
// - "Copy link" copies the address of the procedure (the page's address + #id) and says so;
// - "Print this procedure" marks that procedure alone for printing, and the page is whole again
//   after printing (the printed text itself is checked with pdftotext by browser_pages.rs);
// - with `[feedback] url` set, the link carries the address the page is read at;
// - the 404 page names the missing address, offers a search for its last word, and moves to the
//   404 page of the missing address's language, carrying `?from=` along.
// Usage: node actions.mjs /abs/sample-book /abs/book-with-feedback
import { pathToFileURL } from 'node:url';
import { launch, watch, check } from './chromium.mjs';

const [book, feedbackBook] = process.argv.slice(2);
check(book && feedbackBook, 'usage: node actions.mjs <sample-book> <book-with-feedback>');
const context = await launch();
try {
  const page = await context.newPage();
  const problems = watch(page);
  // Record what the page copies instead of touching the system clipboard.
  await page.addInitScript(() => {
    window.__copied = [];
    const record = (text) => { window.__copied.push(String(text)); return Promise.resolve(); };
    try {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: record }, configurable: true });
    } catch (e) { /* fall back to execCommand, recorded below */ }
    const exec = document.execCommand.bind(document);
    document.execCommand = (cmd, ...rest) => {
      if (cmd === 'copy') { window.__copied.push(String(document.activeElement && document.activeElement.value || '')); return true; }
      return exec(cmd, ...rest);
    };
  });

  /* ---------- copy a link ---------- */
  for (const [lang, done] of [['en', 'Link copied'], ['ja', 'リンクをコピーしました']]) {
    const pageUrl = pathToFileURL(`${book}/${lang}/check-methods.html`).href;
    await page.goto(`${pageUrl}?q=x#settings-activation`);
    await page.click('#powershell-cim [data-action="copy-link"]');
    await page.waitForFunction((t) => document.querySelector('#powershell-cim [data-action="copy-link"]').textContent === t, done, { timeout: 5000 });
    const copied = await page.evaluate(() => window.__copied.slice(-1)[0]);
    check(copied === `${pageUrl}#powershell-cim`, `${lang}: copied ${copied}`);

    /* ---------- print this procedure ---------- */
    await page.evaluate(() => { window.print = () => { window.__printed = true; }; });
    await page.click('#legacy-wmic [data-action="print"]');
    const marked = await page.evaluate(() => ({
      one: document.documentElement.classList.contains('kb-print-one'),
      targets: Array.from(document.querySelectorAll('.kb-print-target')).map((s) => s.id),
      printed: window.__printed === true,
    }));
    check(marked.one && marked.printed && marked.targets.join() === 'legacy-wmic', `${lang}: print marks ${JSON.stringify(marked)}`);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    check(await page.evaluate(() => !document.querySelector('.kb-print-one, .kb-print-target')), `${lang}: the page is whole after printing`);
    check((await page.$$('a.kb-feedback')).length === 0, `${lang}: a feedback link without [feedback] in book.toml`);
  }

  /* ---------- feedback link with the address the page is read at ---------- */
  const firstUrl = pathToFileURL(`${feedbackBook}/en/first.html`).href;
  await page.goto(firstUrl);
  const href = await page.getAttribute('#read-key a.kb-feedback', 'href');
  const want = `mailto:kb@example.com?subject=${encodeURIComponent('Check the key <script>alert(1)</script>')}` +
    `&body=${encodeURIComponent(`${firstUrl}#read-key`)}%0A${encodeURIComponent('Check the key')}`;
  check(href === want, `feedback href\n  got  ${href}\n  want ${want}`);

  /* ---------- 404: missing address, search for it, its language ---------- */
  const root = pathToFileURL(`${book}/`).pathname;
  const before = problems.length;
  await page.goto(`${pathToFileURL(`${book}/404.html`).href}?from=${encodeURIComponent(`${root}en/a/b/typo-page.html`)}`);
  await page.waitForURL(/\/en\/404\.html\?from=/, { timeout: 5000 });
  await page.waitForLoadState('load');
  // The default-language page moves on at once: its deferred scripts may be cut short.
  problems.splice(before, problems.length - before,
    ...problems.slice(before).filter((p) => !/ERR_ABORTED/.test(p) || !/\/static\//.test(p)));
  check(await page.getAttribute('html', 'lang') === 'en', 'a missing English address gets the English 404 page');
  const missing = await page.textContent('.kb-missing');
  check(await page.isVisible('.kb-missing') && missing.includes(`${root}en/a/b/typo-page.html`), `the missing address is named: ${missing}`);
  const search = await page.getAttribute('.kb-not-found-search', 'href');
  check(search === 'search.html?q=typo%20page', `search for the missing word: ${search}`);
  check((await page.textContent('.kb-not-found-search')).includes('typo page'), 'the search link says what it searches');
  const jaLink = await page.getAttribute('.kb-lang a[hreflang="ja"]', 'href');
  check(jaLink.startsWith('../ja/404.html?from='), `the language link carries ?from=: ${jaLink}`);
  // Opened directly, the 404 page names nothing.
  await page.goto(pathToFileURL(`${book}/ja/404.html`).href);
  check(await page.isHidden('.kb-missing'), 'the 404 page opened directly names no missing address');

  check(problems.length === 0, `problems:\n${problems.join('\n')}`);
  console.log('ok: copy link, print one procedure, feedback address, 404 page script');
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
}
