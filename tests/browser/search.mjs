// Offline search in headless Chromium, over the real sample content: the search page
// (<lang>/search.html?q=...), the header dropdown, the exact-string verification, language
// isolation, lazy shard loading, and no console error, CSP violation or failed request.
// Usage: node search.mjs /abs/path/to/book                      (over file://)
//        node search.mjs /abs/path/to/book http://127.0.0.1:PORT/kb/   (the same book, served under a sub-path)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, watch, check } from './chromium.mjs';

const book = process.argv[2];
const httpBase = process.argv[3];
check(book, 'usage: node search.mjs <book-dir> [<http-base-url>]');
const base = httpBase
  ? (httpBase.endsWith('/') ? httpBase : `${httpBase}/`)
  : `${pathToFileURL(book).href}/`;
const mode = httpBase ? `http (${base})` : 'file://';

// The realistic query set (also run under node by tests/search_node.rs): each query's expected
// topic (or one of them) in the top 3, a hint to the other language, a "did you mean".
const QUERIES = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../fixtures/search/queries.json'), 'utf8'));

const context = await launch();
const page = await context.newPage();
const problems = watch(page);
const requests = [];
page.on('request', (r) => requests.push(r.url()));
page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });

function url(lang, file, q) {
  return `${base}${lang}/${file}${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`;
}

function topicOf(href) {
  const u = new URL(href);
  const m = /\/(ja|en)\/([^/]+)\.html$/.exec(u.pathname);
  return m ? { lang: m[1], id: m[2], hash: u.hash, path: u.pathname } : { lang: null, id: null, hash: '', path: u.pathname };
}

async function waitRendered(q) {
  await page.waitForFunction((query) => {
    const list = document.getElementById('kb-search-results');
    // The other-language hint is searched after the results are drawn; leaving the page before
    // it settles would abort its index loads.
    const hints = document.getElementById('kb-search-suggestions');
    const settled = !query.trim() || !hints || hints.getAttribute('data-kb-hints') === query;
    return list && list.getAttribute('data-kb-query') === query && !list.hasAttribute('aria-busy') && settled;
  }, q, { timeout: 15000 });
}

/** Waits until the open dropdown shows the options of `q` (not of a prefix typed before it). */
async function dropdownFor(q) {
  await page.waitForSelector(`#kb-search-listbox[data-kb-query="${q}"] [role="option"]`, { state: 'visible', timeout: 10000 });
}

async function results() {
  return page.$$eval('#kb-search-results > li > a.kb-result', (as) => as.map((a) => ({
    href: a.href,
    partial: a.classList.contains('is-partial'),
    missing: a.querySelector('.kb-result-missing')?.textContent || '',
    title: a.querySelector('.kb-result-title')?.textContent || '',
    category: a.querySelector('.kb-result-category')?.textContent || '',
    marks: Array.from(a.querySelectorAll('mark')).map((m) => m.textContent),
  })));
}

async function searchPage(lang, q) {
  await page.goto(url(lang, 'search.html', q));
  await waitRendered(q);
  return results();
}

// axe-core (if installed) checks the open dropdown; evaluated through the DevTools protocol
// so the page's CSP does not apply to it.
let axeSource = null;
try {
  axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  axeSource = null;
}

async function axeViolations(selector) {
  if (!axeSource) return [];
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Runtime.evaluate', { expression: axeSource });
    const r = await cdp.send('Runtime.evaluate', {
      expression: `axe.run({ include: [${JSON.stringify(selector)}] }, { preload: false }).then((r) => JSON.stringify(r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))`,
      awaitPromise: true,
      returnByValue: true,
    });
    return JSON.parse(r.result.value);
  } finally {
    await cdp.detach();
  }
}

const summary = [];
try {
  /* ---------- ranked queries on the search page ---------- */
  const anchorsToCheck = new Map();
  let withAnchor = 0;
  let withMark = 0;
  let ranked = 0;
  for (const { lang, q, expect, hint, suggest, kind: note } of QUERIES) {
    const found = await searchPage(lang, q);
    const ids = found.map((r) => topicOf(r.href).id);
    const top = ids.slice(0, 3);
    summary.push(`${lang} ${JSON.stringify(q)} → ${top.join(', ')}`);
    if (hint) {
      // The hint is drawn after the results (it searches the other language's index too).
      await page.waitForFunction((query) => document.getElementById('kb-search-suggestions')?.getAttribute('data-kb-hints') === query, q, { timeout: 15000 });
      const link = await page.$eval(`#kb-search-suggestions .kb-other-language[lang="${hint}"] a`, (a) => a.href).catch(() => null);
      check(link && new URL(link).pathname.endsWith(`/${hint}/search.html`) && new URL(link).searchParams.get('q') === q,
        `${lang} ${JSON.stringify(q)} (${note}): expected a link to ${hint}'s results, got ${link}`);
      if (link) {
        await page.goto(link);
        await waitRendered(q);
        check((await results()).some((r) => !r.partial), `${lang} ${JSON.stringify(q)}: the ${hint} hint leads to results`);
      }
    }
    if (suggest) {
      await page.goto(url(lang, 'search.html', q));
      await waitRendered(q);
      const dym = await page.$eval('#kb-search-suggestions .kb-did-you-mean a', (a) => ({ text: a.textContent, href: a.href })).catch(() => null);
      check(dym && dym.text === suggest && new URL(dym.href).searchParams.get('q') === suggest,
        `${lang} ${JSON.stringify(q)}: expected "did you mean ${suggest}", got ${JSON.stringify(dym)}`);
    }
    if (expect === null) continue;
    ranked += 1;
    const expected = [].concat(expect);
    check(found.length > 0, `${lang} ${JSON.stringify(q)} (${note}): no results`);
    check(top.some((t) => expected.includes(t)), `${lang} ${JSON.stringify(q)} (${note}): expected ${expected.join(' or ')} in the top 3, got ${ids.join(', ')}`);
    for (const r of found) {
      const t = topicOf(r.href);
      check(t.lang === lang, `${lang} ${JSON.stringify(q)}: result ${r.href} is not a ${lang} page`);
      check(r.title && r.category, `${lang} ${JSON.stringify(q)}: result without title or category`);
      if (!httpBase) check(existsSync(join(book, lang, `${t.id}.html`)), `${r.href} does not exist`);
    }
    if (found[0].marks.length) withMark += 1;
    if (topicOf(found[0].href).hash) withAnchor += 1;
    anchorsToCheck.set(found[0].href, `${lang} ${q}`);
    check(await page.inputValue('#kb-search-input') === q, `${lang}: the box shows the query ${q}`);
    const status = (await page.textContent('#kb-search-status')).trim();
    const full = found.filter((r) => !r.partial).length;
    if (full) check(/\d/.test(status) && status.includes(String(full)), `${lang} ${q}: status "${status}" gives the count ${full}`);
    check((await page.getAttribute('html', 'lang')) === lang, 'search page language');
  }
  check(withMark >= ranked - 3, `only ${withMark} of ${ranked} top results have a <mark> in the title or snippet`);
  check(withAnchor >= 8, `only ${withAnchor} top results link to a section anchor`);
  // Every top result's anchor exists on its page.
  for (const [href, from] of anchorsToCheck) {
    const hash = new URL(href).hash;
    if (!hash) continue;
    await page.goto(href);
    const ok = await page.evaluate((id) => !!document.getElementById(id), decodeURIComponent(hash.slice(1)));
    check(ok, `${from}: ${href} points to a missing anchor`);
  }

  /* ---------- exact-string verification, digits, language isolation ---------- */
  // Every full result of プロダクトキー has that exact string (normalised: the text writes
  // プロダクト キー) in its indexed text.
  await searchPage('ja', 'プロダクトキー');
  const lacking = await page.evaluate(async () => {
    const kb = window.kbSearch;
    const res = await kb.search('ja', 'プロダクトキー', { limit: 100, maxCandidates: 100 });
    return res.results.filter((r) => !r.partial).filter((r) => {
      const d = kb.doc('ja', r.id);
      return !d || !kb.normalize(d.x).includes(kb.normalize('プロダクトキー'));
    }).map((r) => r.url);
  });
  check(lacking.length === 0, `プロダクトキー matched pages lacking it: ${lacking.join(', ')}`);
  // No page has プロセッサ (many have プロ): nothing is found, and the page says so.
  const proxy = await searchPage('ja', 'プロセッサ');
  check(proxy.length === 0, `プロセッサ should find nothing, got ${proxy.map((r) => r.href).join(', ')}`);
  const none = await page.textContent('#kb-search-status');
  check(none.includes('プロセッサ'), `no-results message names the query: ${none}`);

  // A small hand-made index (registered in the page, no files): pages that hold every bigram of
  // プロダクトキー but not the string, and error codes that differ in the last digit.
  const synthetic = await page.evaluate(async () => {
    const kb = window.kbSearch;
    const texts = [
      'プロキシの設定\nプロキシ サーバーを使う',
      'プロダクト と トキー\nプロダクトの説明とトキーの話',
      'プロダクトキーの確認\nプロダクトキーを確認する',
      'Error 0x800CCC0F\nmail error 0x800CCC0F',
      'Error 0x800CCC0E\nmail error 0x800CCC0E',
      'License info\nRun slmgr /dli',
    ];
    const shards = 4;
    const terms = Array.from({ length: shards }, () => ({}));
    const postings = {};
    texts.forEach((x, doc) => {
      const w = {};
      for (const t of kb.tokenize(x)) w[t] = (w[t] || 0) + 1;
      for (const ch of kb.normalize(x)) if (/[\u3040-\u30ff\u4e00-\u9fff]/.test(ch)) w[ch] = (w[ch] || 0) + 1;
      for (const [t, n] of Object.entries(w)) (postings[t] = postings[t] || []).push(doc, n);
    });
    // Posting format: [df, doc, weight, doc delta, weight, ...] (docs ascending), as base-32
    // varints in the digits A-Z a-z 0-9 - _ (docs/search-index.md, Encodings).
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const varint = (n) => { let s = ''; while (n >= 32) { s += digits[32 | (n & 31)]; n = Math.floor(n / 32); } return s + digits[n]; };
    const encode = (list) => {
      const out = [list.length / 2];
      for (let k = 0; k < list.length; k += 2) out.push(k ? list[k] - list[k - 2] : list[k], list[k + 1]);
      return out.map(varint).join('');
    };
    for (const [t, list] of Object.entries(postings)) terms[kb.shardKeyHash(t) & (shards - 1)][t] = encode(list);
    kb.meta('zz', { version: 3, docs: texts.length, termShards: shards, docShardSize: 2, avgWeight: 10, synonyms: [] });
    terms.forEach((t, n) => kb.terms('zz', n, t));
    for (let n = 0; n * 2 < texts.length; n++) {
      kb.docs('zz', n, texts.slice(n * 2, n * 2 + 2).map((x, k) => ({
        i: n * 2 + k, u: `doc-${n * 2 + k}.html`, t: x.split('\n')[0], c: 'Test', s: '', x, a: [],
      })));
    }
    const ids = async (q) => (await kb.search('zz', q)).results.filter((r) => !r.partial).map((r) => r.id).sort();
    return {
      productKey: await ids('プロダクトキー'),
      proxy: await ids('プロキシ'),
      e: await ids('0x800CCC0E'),
      f: await ids('0x800ccc0f'),
      prefix: await ids('0x800CCC0'),
      dli: await ids('dli'),
      slashDli: await ids('/dli'),
      marks: (await kb.search('zz', 'プロダクトキー')).results[0].snippet.filter((s) => s.mark).map((s) => s.text),
    };
  });
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  check(same(synthetic.productKey, [2]), `synthetic プロダクトキー → ${synthetic.productKey}, expected only the page with the exact string`);
  check(same(synthetic.proxy, [0]), `synthetic プロキシ → ${synthetic.proxy}`);
  check(same(synthetic.e, [4]) && same(synthetic.f, [3]), `0x800CCC0E → ${synthetic.e}, 0x800CCC0F → ${synthetic.f}: digits must count`);
  check(same(synthetic.prefix, [3, 4]), `0x800CCC0 prefix → ${synthetic.prefix}`);
  check(same(synthetic.dli, [5]) && same(synthetic.slashDli, [5]), `dli → ${synthetic.dli}, /dli → ${synthetic.slashDli}`);
  check(synthetic.marks.length >= 1 && synthetic.marks.every((m) => m === 'プロダクトキー'), `marks ${synthetic.marks}`);

  // An English query on the Japanese page: Japanese results only (English pages only as a hint).
  const enOnJa = await searchPage('ja', 'activation');
  check(enOnJa.length > 0, 'activation finds Japanese pages (commands such as ms-settings:activation)');
  check(enOnJa.every((r) => topicOf(r.href).lang === 'ja'), `activation on ja: ${enOnJa.map((r) => r.href).join(', ')}`);
  // Many results here: no other language is searched.
  requests.length = 0;
  await searchPage('ja', 'ライセンス認証');
  check(!requests.some((u) => /\/en\/search\//.test(u)), 'a query with many results loaded an English shard');

  /* ---------- partial matches and the no-result page ---------- */
  const partial = await searchPage('ja', 'インストールID 電話');
  check(partial.some((r) => r.partial) ? (await page.$$('#kb-search-results .kb-result-group')).length === 1 : true, 'partial matches come under one label');
  const mixed = await searchPage('ja', 'インストールID zzqqxx');
  check(mixed.length > 0 && mixed.every((r) => r.partial && r.missing.includes('zzqqxx')), `partial matches name the missing word: ${JSON.stringify(mixed.slice(0, 2))}`);
  check(await page.isVisible('#kb-search-results .kb-result-group'), 'the partial-match label is shown');
  const nothing = await searchPage('ja', 'zzqqxx');
  check(nothing.length === 0, 'zzqqxx finds nothing');
  check(await page.isVisible('#kb-search-empty'), 'the no-result page offers ways on');
  const ways = await page.$$eval('#kb-search-empty a', (as) => as.map((a) => a.href));
  check(ways.some((h) => h.includes('/ja/categories/')) && ways.some((h) => /\/ja\/[a-z0-9-]+\.html$/.test(h) && !h.includes('/categories/')),
    `the no-result page lists categories and topics: ${ways.join(', ')}`);
  if (!httpBase) for (const h of ways) check(existsSync(fileURLToPath(h)), `${h} exists`);

  // Lazy loading: one word loads meta, the term shards of its keys (and its synonyms') and
  // only the doc shards of the candidates.
  requests.length = 0;
  const mb = await searchPage('en', 'motherboard');
  const termLoads = requests.filter((u) => /\/en\/search\/t-\d+\.js$/.test(u));
  const docLoads = requests.filter((u) => /\/en\/search\/d-\d+\.js$/.test(u));
  // motherboard and its synonyms (mainboard, system board, logic board): at most 5 keys.
  check(termLoads.length >= 1 && termLoads.length <= 5, `motherboard loaded ${termLoads.length} term shards`);
  // Verification reads candidates in rank order and stops early: never more than the 30-page cap.
  check(docLoads.length <= 30, `motherboard loaded ${docLoads.length} doc shards for ${mb.length} results`);
  check(new Set(requests).size === requests.length, 'a shard was requested twice');

  // Markup in a query is text, never HTML.
  const evil = '<img src=x onerror=alert(1)>';
  await searchPage('en', evil);
  check((await page.$$('#kb-search-status img, #kb-search-results img')).length === 0, 'query markup became HTML');
  check((await page.textContent('#kb-search-status')).includes(evil), 'the no-results message quotes the query as text');

  /* ---------- typing on the search page ---------- */
  await page.goto(url('en', 'search.html'));
  await page.click('#kb-search-input');
  await page.keyboard.type('slmgr', { delay: 20 });
  await waitRendered('slmgr');
  check((await results()).length >= 3, 'typing slmgr on the search page shows results');
  if (httpBase) {
    check(new URL(page.url()).searchParams.get('q') === 'slmgr', `?q= follows the box: ${page.url()}`);
  }
  await page.keyboard.press('Enter');
  await waitRendered('slmgr');
  check(page.url().includes('search.html'), 'Enter on the search page stays there');

  /* ---------- filters: category and edition ---------- */
  // Marks the drawn results, does `action`, then waits for a fresh drawing.
  const redrawn = async (action) => {
    await page.$$eval('#kb-search-results > li', (lis) => lis.forEach((li) => li.setAttribute('data-stale', '')));
    await page.evaluate(() => document.getElementById('kb-search-results').setAttribute('data-stale-list', ''));
    await action();
    await page.waitForFunction(() => {
      const list = document.getElementById('kb-search-results');
      return !list.hasAttribute('aria-busy') && !list.querySelector('[data-stale]') &&
        (list.children.length > 0 || document.getElementById('kb-search-status').textContent !== '');
    }, null, { timeout: 15000 });
    return results();
  };
  const docsShown = () => page.$$eval('#kb-search-results > li > a.kb-result',
    (as) => as.map((a) => window.kbSearch.doc('en', Number(a.getAttribute('data-kb-doc')))));
  const all = await searchPage('en', 'slmgr');
  const ENTERPRISE = ['activation-errors', 'license-types', 'organization-devices', 'support-preparation', 'which-license', 'wont-activate'];
  check(all.some((r) => !ENTERPRISE.includes(topicOf(r.href).id)), 'slmgr finds pages that are not about Enterprise');
  const enterprise = await redrawn(() => page.selectOption('#kb-filter-edition', 'windows-11-enterprise'));
  check(enterprise.length > 0, 'the edition filter keeps the Enterprise pages');
  check(enterprise.every((r) => ENTERPRISE.includes(topicOf(r.href).id)),
    `the edition filter let through ${enterprise.map((r) => topicOf(r.href).id).join(', ')}`);
  const both = await redrawn(() => page.selectOption('#kb-filter-category', 'activation'));
  const docs = await docsShown();
  check(both.length > 0 && both.length < enterprise.length, `category + edition: ${both.length} of ${enterprise.length}`);
  check(docs.every((d) => d && d.k === 'activation' && d.e.includes('windows-11-enterprise')),
    `category + edition filter let through ${JSON.stringify(docs.map((d) => d && [d.u, d.k, d.e]))}`);
  // The hint to the other language (which loads that language's shards) has finished before
  // the page is left.
  const hintsDone = () => page.waitForSelector('#kb-search-suggestions[data-kb-hints="slmgr"]', { state: 'attached', timeout: 15000 });
  await hintsDone();
  if (httpBase) {
    const u = new URL(page.url());
    check(u.searchParams.get('category') === 'activation' && u.searchParams.get('edition') === 'windows-11-enterprise', `filters in the address: ${page.url()}`);
    // A shared address restores the filters and the same results.
    await page.goto(page.url());
    await waitRendered('slmgr');
    check(await page.inputValue('#kb-filter-edition') === 'windows-11-enterprise', 'the edition filter comes back from the address');
    check(JSON.stringify((await results()).map((r) => r.href)) === JSON.stringify(both.map((r) => r.href)), 'the shared filtered address shows the same results');
    await hintsDone();
  }
  const unfiltered = await redrawn(() => page.evaluate(() => {
    document.getElementById('kb-filter-category').value = '';
    const edition = document.getElementById('kb-filter-edition');
    edition.value = '';
    edition.dispatchEvent(new Event('change'));
  }));
  check(unfiltered.length === all.length, 'clearing the filters brings every result back');
  await hintsDone();

  /* ---------- header dropdown on a topic page ---------- */
  await page.goto(url('ja', 'check-methods.html'));
  await page.keyboard.press('/');
  check(await page.evaluate(() => document.activeElement?.id) === 'kb-search-input', '/ focuses the search box');
  check((await page.getAttribute('#kb-search-input', 'role')) === 'combobox', 'the box is a combobox');
  await page.keyboard.type('電話', { delay: 20 });
  await dropdownFor('電話');
  check((await page.getAttribute('#kb-search-input', 'aria-expanded')) === 'true', 'aria-expanded is true while open');
  check((await page.getAttribute('#kb-search-input', 'aria-controls')) === 'kb-search-listbox', 'aria-controls');
  const options = await page.$$eval('#kb-search-listbox [role="option"]', (os) => os.map((o) => ({ id: o.id, href: o.getAttribute('data-href') })));
  check(options.length >= 2, 'the dropdown lists results and the all-results entry');
  check(options.slice(0, -1).every((o) => topicOf(o.href).lang === 'ja'), 'dropdown results are Japanese');
  check(options[options.length - 1].href.includes('search.html?q='), 'the last entry opens the search page');
  await page.keyboard.press('Escape');
  check(await page.isHidden('.kb-search-popup'), 'Escape closes the dropdown');
  check((await page.getAttribute('#kb-search-input', 'aria-expanded')) === 'false', 'aria-expanded is false when closed');
  await page.keyboard.press('ArrowDown');
  check(await page.isVisible('.kb-search-popup'), 'ArrowDown reopens the dropdown');
  check((await page.getAttribute('#kb-search-input', 'aria-activedescendant')) === options[0].id, 'ArrowDown selects the first result');
  check((await page.getAttribute(`#${options[0].id}`, 'aria-selected')) === 'true', 'the selected option has aria-selected');
  await page.keyboard.press('ArrowDown');
  check((await page.getAttribute('#kb-search-input', 'aria-activedescendant')) === options[1].id, 'ArrowDown moves down');
  await page.keyboard.press('ArrowUp');
  check((await page.getAttribute('#kb-search-input', 'aria-activedescendant')) === options[0].id, 'ArrowUp moves up');
  const axe = await axeViolations('.kb-search');
  check(axe.length === 0, `axe on the open dropdown:\n${axe.join('\n')}`);
  await Promise.all([page.waitForURL(options[0].href, { timeout: 10000 }), page.keyboard.press('Enter')]);
  check(topicOf(page.url()).id === 'reactivation', `ArrowDown+Enter on 電話 opened ${page.url()}`);

  // Enter without a selection opens the search page with the query.
  await page.goto(url('en', 'license-types.html'));
  await page.click('#kb-search-input');
  await page.keyboard.type('phone activation', { delay: 10 });
  await dropdownFor('phone activation');
  await Promise.all([page.waitForURL(/\/en\/search\.html\?q=phone(%20|\+)activation$/, { timeout: 10000 }), page.keyboard.press('Enter')]);
  await waitRendered('phone activation');
  check(topicOf((await results())[0].href).id === 'reactivation', 'the search page ranks reactivation first for phone activation');

  // The dropdown from a category page (two levels deep) links to the right folder.
  await page.goto(url('en', 'categories/keys.html'));
  await page.click('#kb-search-input');
  await page.keyboard.type('Win32_BIOS', { delay: 10 });
  await dropdownFor('Win32_BIOS');
  const deep = await page.$eval('#kb-search-listbox [role="option"]', (o) => o.getAttribute('data-href'));
  check(topicOf(deep).path.endsWith('/en/support-preparation.html'), `category page dropdown link ${deep}`);
  await Promise.all([page.waitForURL(deep, { timeout: 10000 }), page.click('#kb-search-listbox [role="option"]')]);

  check(problems.length === 0, `problems:\n${problems.join('\n')}`);
  console.log(`ok: search over ${mode}: ${ranked} ranked queries (${QUERIES.length} with hints and suggestions), exact-string verification, language isolation, lazy shards, dropdown keyboard navigation, no console errors`);
  console.log(summary.join('\n'));
} catch (e) {
  console.error(String(e.stack || e));
  if (summary.length) console.error(summary.join('\n'));
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
}
