// A knowledge base made by `kbgen init` (built-in theme only), opened over file:// in headless
// Chromium: the chooser forwards to the default language, the home links to the example topic,
// the topic's language link reaches its twin, the header search finds the topic in both
// languages and the search page lists it, the copy button works; no console error, page error,
// CSP violation or failed request, and nothing loads from the network.
// Usage: node init_site.mjs /abs/path/to/book
import { pathToFileURL } from 'node:url';
import { launch, watch, check } from './chromium.mjs';

const book = process.argv[2];
check(book, 'usage: node init_site.mjs <book-dir>');
const base = `${pathToFileURL(book).href}/`;
const TOPIC = 'writing-a-procedure.html';

const context = await launch();
const page = await context.newPage();
const problems = watch(page);
const requests = [];
page.on('request', (r) => requests.push(r.url()));
try {
  // The chooser forwards to the default language (ja).
  await page.goto(`${base}index.html`);
  await page.waitForURL(/\/ja\/index\.html$/, { timeout: 10000 });
  check((await page.getAttribute('html', 'lang')) === 'ja', 'the chooser forwards to ja');

  // Home -> category -> topic, by clicking.
  const cat = await page.getAttribute('main h2 a', 'href');
  await page.click(`main h2 a[href="${cat}"]`);
  await page.waitForLoadState('load');
  await page.click(`main a.kb-topic-link[href$="${TOPIC}"]`);
  await page.waitForURL(new RegExp(`/ja/${TOPIC.replace('.', '\\.')}$`));
  check((await page.textContent('h1')).trim() === '手順の書き方', 'the Japanese example topic');
  check(await page.isVisible('a[href="https://example.com/"]'), 'the example source is cited with its URL');
  await page.waitForSelector('button.kb-copy', { timeout: 5000 });

  // The language link reaches the English twin.
  await page.click('a[hreflang="en"]');
  await page.waitForURL(new RegExp(`/en/${TOPIC.replace('.', '\\.')}$`));
  check((await page.textContent('h1')).trim() === 'How to write a procedure', 'the English twin');

  // The header search: typing shows the topic in the dropdown, in each language.
  for (const [lang, q] of [['en', 'procedure'], ['ja', '手順']]) {
    await page.goto(`${base}${lang}/${TOPIC}`);
    await page.keyboard.press('/');
    await page.keyboard.type(q, { delay: 20 });
    await page.waitForSelector('#kb-search-listbox [role="option"]', { state: 'visible', timeout: 10000 });
    const hrefs = await page.$$eval('#kb-search-listbox [role="option"]', (os) => os.map((o) => o.getAttribute('data-href')));
    check(hrefs.some((h) => h && h.includes(TOPIC)), `${lang}: the dropdown for ${q} lists the topic: ${hrefs}`);

    // The search page renders the results of ?q=.
    await page.goto(`${base}${lang}/search.html?q=${encodeURIComponent(q)}`);
    await page.waitForFunction((query) => {
      const list = document.getElementById('kb-search-results');
      return list && list.getAttribute('data-kb-query') === query && !list.hasAttribute('aria-busy');
    }, q, { timeout: 15000 });
    const results = await page.$$eval('#kb-search-results > li > a.kb-result', (as) => as.map((a) => a.href));
    check(results.length >= 1 && results[0].includes(`/${lang}/${TOPIC}`), `${lang}: the search page finds the topic first: ${results}`);
  }

  const external = requests.filter((u) => !u.startsWith('file://'));
  check(external.length === 0, `requests outside the book:\n${external.join('\n')}`);
  // A request cancelled because the page moved on (the chooser's meta refresh while its icon
  // loads) is ERR_ABORTED; a missing or blocked file is another error and still fails.
  const real = problems.filter((p) => !/^request failed: .* net::ERR_ABORTED$/.test(p));
  check(real.length === 0, `problems:\n${real.join('\n')}`);
  console.log('ok: an init\'ed knowledge base navigates and searches over file://, no console errors');
} catch (e) {
  console.error(String(e.stack || e));
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
}
