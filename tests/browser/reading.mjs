// Reading and acting on a topic (issue #16, front end), in headless Chromium over file://:
// - no code block is clipped (scrollWidth > clientWidth) on any topic page, both languages, at
//   1280 and 390 px; wrapped lines carry a continuation mark; the copy button still copies the
//   exact unwrapped text and the code's text is what the HTML file holds;
// - wide screens: the contents sit in a right column, stay in view, highlight the section in
//   view, with the same layout without JavaScript and no layout shift;
// - phones: the search box stays in view while scrolling; back to top appears on long pages;
// - the language links keep #anchor and ?q=;
// - the last sidebar link shows a full focus ring; section headings do not look like links;
// - Japanese: phrase-aware breaking where supported, table cells do not break inside a word,
//   wide tables scroll with a visible cue; a favicon; a light / dark / follow-system control.
// Usage: node reading.mjs /abs/path/to/book
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { launch, watch, check } from './chromium.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const book = process.argv[2];
const url = (p) => {
  const m = /^([^?#]*)(.*)$/.exec(p);
  return pathToFileURL(`${book}/${m[1]}`).href + m[2];
};
const LANGS = ['ja', 'en'];
const NOT_TOPICS = new Set(['index.html', 'search.html', '404.html']);
const topics = (lang) => readdirSync(`${book}/${lang}`)
  .filter((f) => f.endsWith('.html') && !NOT_TOPICS.has(f)).sort();

const context = await launch();
const failures = [];
const fail = (m) => failures.push(m);
let checks = 0;
const expect = (cond, message) => { checks += 1; if (!cond) fail(message); };

// Records what the copy button writes (the real clipboard is not reachable headless) and every
// layout shift.
await context.addInitScript(() => {
  window.__copied = [];
  try {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
    });
  } catch (e) { /* ignore */ }
  window.__shift = 0;
  window.__shifted = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__shift += e.value;
        for (const s of e.sources) window.__shifted.push(s.node ? `${s.node.nodeName}.${s.node.className}` : '?');
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) { /* ignore */ }
});

async function open(page, path, width, height = 900) {
  await page.setViewportSize({ width, height });
  await page.goto(url(path));
  await page.waitForTimeout(60);
}

try {
  const page = await context.newPage();
  const problems = watch(page);

  // ---------- 1. code blocks are never clipped ----------
  let blocks = 0;
  let wrappedLines = 0;
  for (const width of [1280, 390]) {
    for (const lang of LANGS) {
      for (const file of topics(lang)) {
        await open(page, `${lang}/${file}`, width);
        const r = await page.evaluate(() => {
          const pres = [...document.querySelectorAll('pre, pre code')];
          const clipped = pres.filter((p) => p.scrollWidth > p.clientWidth)
            .map((p) => `${p.tagName.toLowerCase()} ${p.scrollWidth}>${p.clientWidth}: ${p.textContent.slice(0, 60)}`);
          const lines = [...document.querySelectorAll('pre.kb-code .kb-line')];
          const lh = (el) => parseFloat(getComputedStyle(el.closest('pre')).lineHeight);
          const wrapped = lines.filter((l) => l.getBoundingClientRect().height > lh(l) * 1.5).length;
          const unmarked = lines.filter((l) => !getComputedStyle(l).backgroundImage.includes('data:image/svg+xml')).length;
          const unsplit = [...document.querySelectorAll('pre.kb-code')].filter((p) => !p.classList.contains('kb-wrapped')).length;
          const pageOverflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
          return { count: document.querySelectorAll('pre').length, clipped, wrapped, unmarked, unsplit, pageOverflow };
        });
        blocks += r.count;
        wrappedLines += width === 390 ? r.wrapped : 0;
        expect(r.clipped.length === 0, `${width}px ${lang}/${file}: ${r.clipped.length} clipped code blocks: ${r.clipped.join(' | ')}`);
        expect(r.unmarked === 0, `${width}px ${lang}/${file}: ${r.unmarked} code lines without the continuation mark`);
        expect(r.unsplit === 0, `${width}px ${lang}/${file}: ${r.unsplit} code blocks not split into lines`);
        expect(r.pageOverflow <= 0, `${width}px ${lang}/${file}: the page scrolls sideways by ${r.pageOverflow}px`);
      }
    }
  }
  expect(blocks > 40, `only ${blocks} code blocks seen`);
  expect(wrappedLines > 0, 'no code line wraps at 390 px (the test would not see a continuation mark)');

  // The copy button copies exactly the unwrapped text; the code's text is the file's.
  for (const lang of LANGS) {
    for (const file of ['check-methods.html', 'reactivation.html']) {
      await open(page, `${lang}/${file}`, 390);
      const html = readFileSync(`${book}/${lang}/${file}`, 'utf8');
      const r = await page.evaluate(async (source) => {
        const original = [...new DOMParser().parseFromString(source, 'text/html')
          .querySelectorAll('pre.kb-code')].map((p) => ({ copy: p.getAttribute('data-copy'), text: p.querySelector('code').textContent }));
        const live = [...document.querySelectorAll('pre.kb-code')];
        const out = { blocks: live.length, textDiffers: [], copyDiffers: [] };
        for (let i = 0; i < live.length; i += 1) {
          const pre = live[i];
          if (!original[i] || pre.querySelector('code').textContent !== original[i].text) out.textDiffers.push(i);
          const button = pre.parentNode.querySelector('.kb-copy') || pre.previousElementSibling?.querySelector('.kb-copy');
          if (!button || original[i].copy === null) continue;
          window.__copied = [];
          button.click();
          await new Promise((r) => setTimeout(r, 30));
          if (window.__copied[0] !== original[i].copy) out.copyDiffers.push(`${i}: ${JSON.stringify(window.__copied[0])} != ${JSON.stringify(original[i].copy)}`);
        }
        return out;
      }, html);
      expect(r.blocks > 0, `${lang}/${file}: no code blocks`);
      expect(r.textDiffers.length === 0, `${lang}/${file}: code text changed by line splitting in blocks ${r.textDiffers}`);
      expect(r.copyDiffers.length === 0, `${lang}/${file}: copied text differs: ${r.copyDiffers.join(' | ')}`);
    }
  }

  // ---------- 2. contents column (wide) ----------
  for (const lang of LANGS) {
    await open(page, `${lang}/check-methods.html`, 1280);
    const layout = await page.evaluate(() => {
      const toc = document.querySelector('.kb-toc');
      const prose = document.querySelector('.kb-prose');
      const t = toc.getBoundingClientRect();
      return { position: getComputedStyle(toc).position, tocLeft: t.left, tocTop: t.top, tocWidth: t.width, proseRight: prose.getBoundingClientRect().right };
    });
    expect(layout.position === 'sticky', `${lang}: the contents are not sticky (${layout.position})`);
    expect(layout.tocLeft >= layout.proseRight, `${lang}: the contents are not in a right column (${layout.tocLeft} < ${layout.proseRight})`);
    const ids = await page.evaluate(() => [...document.querySelectorAll('.kb-toc a')].map((a) => a.getAttribute('href').slice(1)));
    expect(ids.length > 3, `${lang}: only ${ids.length} contents entries`);
    // Scrolled to a section, or its contents entry followed (a short section's start may be
    // near the next one's, so the followed entry wins).
    for (const [id, how] of [[ids[2], 'scroll'], ['powershell-cim', 'scroll'], [ids[Math.floor(ids.length / 2)], 'click'], [ids[ids.length - 1], 'click']]) {
      const r = await page.evaluate(async ([id, how]) => {
        if (how === 'click') document.querySelector(`.kb-toc a[href="#${id}"]`).click();
        else document.getElementById(id).scrollIntoView({ block: 'start' });
        await new Promise((res) => setTimeout(res, 250));
        const current = [...document.querySelectorAll('.kb-toc a.is-current')];
        const toc = document.querySelector('.kb-toc').getBoundingClientRect();
        return {
          current: current.map((a) => a.getAttribute('href')),
          aria: current.map((a) => a.getAttribute('aria-current')),
          tocInView: toc.top >= 0 && toc.top < window.innerHeight / 2,
        };
      }, [id, how]);
      expect(r.current.length === 1 && r.current[0] === `#${id}`, `${lang}: ${how} to #${id}, highlighted ${JSON.stringify(r.current)}`);
      expect(r.aria[0] === 'location', `${lang}: the highlighted entry lacks aria-current=location`);
      expect(r.tocInView, `${lang}: the contents scrolled out of view at #${id}`);
    }
    const shift = await page.evaluate(() => [window.__shift, window.__shifted]);
    expect(shift[0] < 0.01, `${lang}: layout shift ${shift[0]} (${shift[1].join(', ')})`);
    // Same layout without JavaScript.
    const nojs = await context.newPage();
    const cdp = await context.newCDPSession(nojs);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await open(nojs, `${lang}/check-methods.html`, 1280);
    const plain = await nojs.evaluate(() => {
      const t = document.querySelector('.kb-toc').getBoundingClientRect();
      return { js: document.documentElement.classList.contains('kb-js'), tocLeft: t.left, tocTop: t.top, tocWidth: t.width };
    });
    expect(!plain.js, 'scripts ran in the no-JavaScript page');
    expect(Math.abs(plain.tocLeft - layout.tocLeft) < 1 && Math.abs(plain.tocTop - layout.tocTop) < 1 && Math.abs(plain.tocWidth - layout.tocWidth) < 1,
      `${lang}: contents column differs without JavaScript: ${JSON.stringify(plain)} vs ${JSON.stringify(layout)}`);
    await nojs.close();
  }

  // ---------- 3. phones: search stays, back to top ----------
  for (const lang of LANGS) {
    await open(page, `${lang}/check-methods.html`, 390, 844);
    const r = await page.evaluate(async () => {
      const back = document.querySelector('.kb-back-to-top');
      const hiddenAtTop = getComputedStyle(back).visibility === 'hidden';
      const header = document.querySelector('.kb-header').getBoundingClientRect().height;
      window.scrollTo(0, document.documentElement.scrollHeight / 2);
      await new Promise((res) => setTimeout(res, 300));
      const input = document.getElementById('kb-search-input').getBoundingClientRect();
      const shownLow = getComputedStyle(back).visibility === 'visible';
      const b = back.getBoundingClientRect();
      return { hiddenAtTop, shownLow, header, inputTop: input.top, inputBottom: input.bottom, backInView: b.bottom <= window.innerHeight && b.top >= 0 };
    });
    expect(r.inputTop >= 0 && r.inputBottom <= 120, `${lang} 390px: the search box is not in view after scrolling (${r.inputTop}..${r.inputBottom})`);
    expect(r.hiddenAtTop, `${lang} 390px: back to top is shown at the top of the page`);
    expect(r.shownLow && r.backInView, `${lang} 390px: back to top does not appear on a long page`);
    await page.click('#kb-back-to-top');
    await page.waitForTimeout(300);
    const y = await page.evaluate(() => window.scrollY);
    expect(y === 0, `${lang} 390px: back to top left the page at ${y}`);
    const focusedSearch = await page.evaluate(async () => {
      window.scrollTo(0, document.documentElement.scrollHeight / 2);
      await new Promise((res) => setTimeout(res, 100));
      return true;
    });
    await page.keyboard.press('/');
    const active = await page.evaluate(() => document.activeElement && document.activeElement.id);
    expect(focusedSearch && active === 'kb-search-input', `${lang} 390px: "/" does not reach the search box (${active})`);
  }

  // Opening a phone page at an anchor: no layout shift (the sticky header's offset is right
  // before the script measures it), and the section heading is not under the search row.
  for (const lang of LANGS) {
    await open(page, `${lang}/check-methods.html#powershell-cim`, 390, 844);
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => ({
      shift: window.__shift,
      shifted: window.__shifted,
      heading: document.querySelector('#powershell-cim h2').getBoundingClientRect().top,
      header: document.querySelector('.kb-header').getBoundingClientRect().bottom,
    }));
    expect(r.shift < 0.01, `${lang} 390px #powershell-cim: layout shift ${r.shift} (${r.shifted.join(', ')})`);
    expect(r.heading >= r.header, `${lang} 390px #powershell-cim: the heading (${r.heading}) is under the header (${r.header})`);
  }

  // ---------- 4. the language switch keeps #anchor and ?q= ----------
  await open(page, 'ja/check-methods.html#powershell-cim', 1280);
  let en = await page.getAttribute('.kb-lang a[hreflang="en"]', 'href');
  expect(en.endsWith('check-methods.html#powershell-cim'), `from ja/check-methods.html#powershell-cim the English link is ${en}`);
  await page.evaluate(() => { window.location.hash = '#command-methods'; });
  await page.waitForTimeout(50);
  en = await page.getAttribute('.kb-lang a[hreflang="en"]', 'href');
  expect(en.endsWith('#command-methods'), `after a hash change the English link is ${en}`);
  await page.evaluate(() => { window.location.hash = '#powershell-cim'; });
  await page.waitForTimeout(50);
  await Promise.all([page.waitForNavigation(), page.click('.kb-lang a[hreflang="en"]')]);
  expect(page.url().endsWith('/en/check-methods.html#powershell-cim'), `the English link led to ${page.url()}`);
  await open(page, 'ja/search.html?q=slmgr', 1280);
  en = await page.getAttribute('.kb-lang a[hreflang="en"]', 'href');
  expect(/search\.html\?q=slmgr$/.test(en), `from ja/search.html?q=slmgr the English link is ${en}`);
  await open(page, 'en/search.html?q=%E8%AA%8D%E8%A8%BC', 1280);
  const ja = await page.getAttribute('.kb-lang a[hreflang="ja"]', 'href');
  expect(ja.endsWith('search.html?q=%E8%AA%8D%E8%A8%BC'), `from en/search.html?q=認証 the Japanese link is ${ja}`);
  // The search page's filters go along.
  await open(page, 'ja/search.html?q=slmgr&category=keys&edition=windows-11-pro', 1280);
  en = await page.getAttribute('.kb-lang a[hreflang="en"]', 'href');
  expect(/search\.html\?q=slmgr&category=keys&edition=windows-11-pro$/.test(en), `a filtered search's English link is ${en}`);

  // ---------- 5. focus ring, headings ----------
  for (const width of [1280, 390]) {
    await open(page, 'en/check-methods.html', width, 700);
    if (width === 390) { await page.focus('#kb-menu-toggle'); await page.keyboard.press('Enter'); }
    const links = await page.$$('#kb-sidebar a');
    for (const a of [links[0], links[links.length - 1]]) {
      await a.focus();
      const r = await a.evaluate((el) => {
        const s = getComputedStyle(el);
        const ring = Math.max(0, parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth));
        const e = el.getBoundingClientRect();
        // The nearest ancestor that clips.
        let clip = el.parentElement;
        while (clip && getComputedStyle(clip).overflowY === 'visible' && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
        const c = clip ? clip.getBoundingClientRect() : { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
        const bl = clip ? clip.clientLeft : 0;
        const bt = clip ? clip.clientTop : 0;
        const inner = clip ? { left: c.left + bl, top: c.top + bt, right: c.left + bl + clip.clientWidth, bottom: c.top + bt + clip.clientHeight } : c;
        return {
          visible: el.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          inside: e.left - ring >= inner.left - 0.5 && e.right + ring <= inner.right + 0.5 && e.top - ring >= inner.top - 0.5 && e.bottom + ring <= inner.bottom + 0.5,
          text: el.textContent,
        };
      });
      expect(r.visible && r.inside, `${width}px: the focus ring of sidebar link "${r.text}" is missing or clipped`);
    }
  }
  for (const lang of LANGS) {
    await open(page, `${lang}/check-methods.html`, 1280);
    const h = await page.evaluate(() => {
      const a = document.querySelector('.kb-prose h2 a.kb-heading-link');
      const s = getComputedStyle(a);
      return { color: s.color, heading: getComputedStyle(a.parentElement).color, deco: s.textDecorationLine };
    });
    expect(h.color === h.heading && h.deco === 'none', `${lang}: section heading links look like links: ${JSON.stringify(h)}`);
    await page.hover('.kb-prose h2 a.kb-heading-link');
    const mark = await page.evaluate(() => getComputedStyle(document.querySelector('.kb-prose h2 a.kb-heading-link'), '::after').opacity);
    expect(mark === '1', `${lang}: no anchor mark on hover (${mark})`);
  }

  // ---------- 6. Japanese typography, tables ----------
  await open(page, 'ja/check-methods.html', 390);
  const jt = await page.evaluate(() => {
    const supported = CSS.supports('word-break', 'auto-phrase');
    const p = document.querySelector('.kb-prose p');
    const split = [];
    for (const td of document.querySelectorAll('.kb-prose td')) {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.nodeValue.indexOf('メール');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(n, i);
        range.setEnd(n, i + 3);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(td.textContent);
      }
    }
    return { supported, wordBreak: getComputedStyle(p).wordBreak, split };
  });
  expect(!jt.supported || jt.wordBreak === 'auto-phrase', `ja: word-break is ${jt.wordBreak} although auto-phrase is supported`);
  expect(jt.split.length === 0, `ja 390px: メール is broken across lines in ${jt.split.join(' | ')}`);
  for (const lang of LANGS) {
    await open(page, `${lang}/license-types.html`, 390);
    const t = await page.evaluate(() => [...document.querySelectorAll('.kb-table-wrap')].map((w) => ({
      scrolls: w.scrollWidth > w.clientWidth,
      cue: getComputedStyle(w).backgroundImage.includes('radial-gradient'),
      focusable: w.tabIndex === 0,
    })));
    expect(t.length > 0, `${lang}/license-types.html: no table wrapper`);
    for (const w of t) expect(w.cue && w.focusable, `${lang}/license-types.html: a table wrapper has no scroll cue or is not focusable`);
  }

  // ---------- 7. favicon, theme control ----------
  for (const p of ['index.html', 'ja/index.html', 'en/check-methods.html', 'ja/categories/keys.html', 'en/404.html']) {
    const html = readFileSync(`${book}/${p}`, 'utf8');
    const m = /<link rel="icon" href="([^"]+)"/.exec(html);
    expect(m && !m[1].startsWith('/') && !/^[a-z]+:/.test(m[1]) && existsSync(resolve(dirname(`${book}/${p}`), m[1])), `${p}: no relative favicon link that resolves (${m && m[1]})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page, 'en/check-methods.html', 1280);
  await page.evaluate(() => localStorage.removeItem('kb-theme'));
  await open(page, 'en/check-methods.html', 1280);
  const opts = await page.$$eval('#kb-theme-select option', (os) => os.map((o) => o.value));
  expect(opts.join() === 'system,light,dark', `theme options: ${opts}`);
  const state = () => page.evaluate(() => ({ theme: document.documentElement.dataset.theme, stored: localStorage.getItem('kb-theme'), select: document.getElementById('kb-theme-select').value }));
  let s = await state();
  expect(s.theme === 'light' && s.stored === null && s.select === 'system', `initial theme state ${JSON.stringify(s)}`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(50);
  s = await state();
  expect(s.theme === 'dark', `following the system: ${JSON.stringify(s)}`);
  await page.selectOption('#kb-theme-select', 'light');
  s = await state();
  expect(s.theme === 'light' && s.stored === 'light', `after choosing light: ${JSON.stringify(s)}`);
  await open(page, 'ja/index.html', 1280);
  s = await state();
  expect(s.theme === 'light' && s.select === 'light', `light kept on the next page: ${JSON.stringify(s)}`);
  await page.selectOption('#kb-theme-select', 'system');
  s = await state();
  expect(s.theme === 'dark' && s.stored === null, `back to following the system: ${JSON.stringify(s)}`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForTimeout(50);
  s = await state();
  expect(s.theme === 'light', `following the system again: ${JSON.stringify(s)}`);

  // ---------- 8. axe-core in the states this adds (phone header stuck, back to top shown,
  // contents highlighted, a wrapped command, a scrolled table), both themes ----------
  // (A page of its own: axe's attempts to read the stylesheets over file:// log errors.)
  const axePage = await context.newPage();
  for (const theme of ['light', 'dark']) {
    await axePage.emulateMedia({ colorScheme: theme });
    for (const [path, width] of [['ja/check-methods.html', 390], ['en/license-types.html', 390], ['en/check-methods.html', 1280], ['ja/reactivation.html', 1280]]) {
      await open(axePage, path, width);
      await axePage.evaluate((t) => { localStorage.setItem('kb-theme', t); document.documentElement.dataset.theme = t; }, theme);
      await axePage.evaluate(async () => {
        window.scrollTo(0, document.documentElement.scrollHeight / 2);
        for (const w of document.querySelectorAll('.kb-table-wrap')) w.scrollLeft = 40;
        await new Promise((res) => setTimeout(res, 300));
      });
      await axePage.evaluate(axeSource);
      const v = await axePage.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
          .map((x) => `${x.impact} ${x.id}: ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      expect(v.length === 0, `[${theme}] ${width}px ${path} (scrolled): axe: ${v.join('; ')}`);
    }
    await axePage.evaluate(() => localStorage.removeItem('kb-theme'));
  }

  // Leaving a page while search.js still loads its index aborts that request: not a failure.
  for (const p of problems) if (!/net::ERR_ABORTED/.test(p)) fail(p);
  check(failures.length === 0, `${failures.length} failures:\n${failures.join('\n')}`);
  console.log(`ok: ${checks} reading checks (${blocks} code blocks at 1280 and 390 px, none clipped; ${wrappedLines} wrapped lines at 390 px)`);
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
}
