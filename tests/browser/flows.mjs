// Decision flows in headless Chromium over file:// (issue #17). For every sample flow in both
// languages:
//  - with JavaScript: one node at a time; each outcome is reached by clicking answers, the
//    current node is in the URL hash, focus moves to the new question, the browser's back
//    button and the Back / Start again controls work, a shared link opens its node, and
//    "copy the path for a ticket" writes the questions, answers and outcome in the page's
//    language;
//  - without JavaScript: every node shows, and the same paths are walked with anchor links only;
//  - axe-core finds no serious or critical violation (light and dark, start and outcome);
//  - searching for an error code from the search page lands on the flow node that handles it.
// Usage: node flows.mjs /abs/path/to/book
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { launch, watch, check, FLAGS } from './chromium.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const book = process.argv[2];
const FLOWS = ['wont-activate', 'which-license'];
const LANGS = ['ja', 'en'];
// The ticket's words, as i18n/<lang>.toml has them: the test holds the page to them.
const LABELS = {
  en: { title: (t) => `${t}: path taken`, q: 'Q:', a: 'A:', outcome: 'Outcome:', escalate: 'Escalate:', follow: 'Follow:', collect: 'Collect:', incomplete: '(no outcome reached yet)' },
  ja: { title: (t) => `${t}: たどった経緯`, q: '質問:', a: '回答:', outcome: '結論:', escalate: 'エスカレーション:', follow: '次の手順:', collect: '集める情報:', incomplete: '(まだ結論に達していません)' },
};
const url = (path, hash = '') => pathToFileURL(`${book}/${path}`).href + hash;

const failures = [];
let checks = 0;
const expect = (cond, message) => { checks += 1; if (!cond) failures.push(message); };

/** The flow's graph as the page's markup states it. */
async function graph(page) {
  return page.evaluate(() => {
    const flow = document.querySelector('.kb-flow');
    const nodes = {};
    for (const s of flow.querySelectorAll('section.kb-flow-node')) {
      nodes[s.id] = {
        id: s.id,
        outcome: s.classList.contains('kb-flow-outcome'),
        escalate: s.classList.contains('kb-flow-escalate'),
        text: s.getAttribute('data-kb-text'),
        go: s.querySelector('a.kb-flow-go') ? s.querySelector('a.kb-flow-go').textContent.trim() : null,
        collect: [...s.querySelectorAll('.kb-flow-collect li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        answers: [...s.querySelectorAll('a.kb-flow-answer')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
      };
    }
    return { start: flow.getAttribute('data-kb-start'), title: document.querySelector('h1').textContent.trim(), nodes };
  });
}

/** For every outcome, the shortest path of [node, answer index] steps from the start. */
function pathsToOutcomes(g) {
  const prev = { [g.start]: null };
  const queue = [g.start];
  while (queue.length) {
    const id = queue.shift();
    g.nodes[id].answers.forEach((a, i) => {
      if (!a.href.startsWith('#')) return;
      const next = a.href.slice(1);
      if (!(next in prev)) { prev[next] = { from: id, answer: i }; queue.push(next); }
    });
  }
  const out = {};
  for (const n of Object.values(g.nodes).filter((n) => n.outcome)) {
    const steps = [];
    for (let at = n.id; prev[at]; at = prev[at].from) steps.unshift(prev[at]);
    out[n.id] = steps;
  }
  return out;
}

/** The ticket text for a walk, from the page's texts and the labels above. */
function expectedTicket(g, lang, steps, end) {
  const L = LABELS[lang];
  const lines = [L.title(g.title)];
  for (const s of steps) {
    const n = g.nodes[s.from];
    lines.push(`${L.q} ${n.text}`, `${L.a} ${n.answers[s.answer].text}`);
  }
  const last = g.nodes[end];
  if (last.outcome) {
    lines.push(`${last.escalate ? L.escalate : L.outcome} ${last.text}`);
    if (last.go) lines.push(`${L.follow} ${last.go}`);
    if (last.collect.length) lines.push(L.collect, ...last.collect.map((c) => `- ${c}`));
  } else {
    lines.push(`${L.q} ${last.text}`, L.incomplete);
  }
  return `${lines.join('\n')}\n`;
}

const visibleNodes = (page) => page.$$eval('section.kb-flow-node', (ss) => ss.filter((s) => s.offsetParent !== null || s.getClientRects().length > 0).map((s) => s.id));
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash.slice(1)));

/** axe-core on the current state of `from`, in a page of its own: axe reads stylesheets with
 *  XHR, which file:// refuses with console errors that are not the page's. */
async function axe(from, label, prepare = () => {}) {
  const page = await context.newPage();
  await page.goto(from.url());
  await page.waitForTimeout(50);
  await page.evaluate(prepare);
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  for (const v of found) failures.push(`axe ${label}: ${v}`);
  checks += 1;
  await page.close();
}

const context = await launch();
await context.addInitScript(() => {
  window.__copied = [];
  try {
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
    });
  } catch (e) { /* ignore */ }
});
const noScript = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS });
const noScriptContext = await noScript.newContext({ javaScriptEnabled: false });
let walked = 0;
let walkedNoScript = 0;
try {
  const page = await context.newPage();
  const problems = watch(page);
  const plain = await noScriptContext.newPage();
  for (const lang of LANGS) {
    for (const id of FLOWS) {
      const file = `${lang}/${id}.html`;
      await page.goto(url(file));
      await page.waitForSelector('.kb-flow.is-live');
      const g = await graph(page);
      const paths = pathsToOutcomes(g);
      expect(Object.keys(paths).length >= 5, `${file}: at least five outcomes (${Object.keys(paths).length})`);
      expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([g.start]), `${file}: only the start node shows at first (${await visibleNodes(page)})`);
      expect(await page.locator('.kb-flow-back').isDisabled(), `${file}: Back is disabled at the start`);
      // The first answer, then the browser's back button: the page as first opened (no hash)
      // shows the start node again.
      const first = g.nodes[g.start].answers.find((a) => a.href.startsWith('#'));
      await page.click(`section#${g.start} a.kb-flow-answer[href="${first.href}"]`);
      await page.waitForFunction((n) => location.hash === n, first.href, { timeout: 3000 });
      await page.goBack();
      await page.waitForFunction(() => location.hash === '', null, { timeout: 3000 });
      expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([g.start]), `${file}: back to the page as opened shows the start node (${await visibleNodes(page)})`);

      // ---------- with JavaScript: click every path to its outcome ----------
      for (const [outcome, steps] of Object.entries(paths)) {
        await page.goto(url(file));
        await page.waitForSelector('.kb-flow.is-live');
        for (const s of steps) {
          const a = g.nodes[s.from].answers[s.answer];
          await page.click(`section#${s.from} a.kb-flow-answer[href="${a.href}"]`);
          const next = a.href.slice(1);
          await page.waitForFunction((n) => decodeURIComponent(location.hash.slice(1)) === n, next, { timeout: 3000 });
          const shown = await visibleNodes(page);
          expect(shown.length === 1 && shown[0] === next, `${file}: after "${a.text}" only #${next} shows (${shown})`);
          const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('section.kb-flow-node') ? document.activeElement.closest('section.kb-flow-node').id : null);
          expect(focused === next, `${file}: focus moved to #${next} (${focused})`);
        }
        await page.click('.kb-flow-copy');
        const copied = await page.evaluate(() => window.__copied[window.__copied.length - 1]);
        const want = expectedTicket(g, lang, steps, outcome);
        expect(copied === want, `${file}#${outcome}: ticket text\n--- got\n${copied}\n--- want\n${want}`);
        if (steps.length >= 2) {
          // The browser's back button: one node back, with the shorter path in the ticket.
          await page.goBack();
          const back = steps[steps.length - 1].from;
          await page.waitForFunction((n) => decodeURIComponent(location.hash.slice(1)) === n, back, { timeout: 3000 });
          expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([back]), `${file}: back button shows #${back}`);
          await page.click('.kb-flow-copy');
          const shorter = await page.evaluate(() => window.__copied[window.__copied.length - 1]);
          const wantShorter = expectedTicket(g, lang, steps.slice(0, -1), back);
          expect(shorter === wantShorter, `${file}: ticket after going back\n--- got\n${shorter}\n--- want\n${wantShorter}`);
          // Forward again, then the page's own Back control.
          await page.goForward();
          await page.waitForFunction((n) => decodeURIComponent(location.hash.slice(1)) === n, outcome, { timeout: 3000 });
          await page.click('.kb-flow-back');
          await page.waitForFunction((n) => decodeURIComponent(location.hash.slice(1)) === n, back, { timeout: 3000 });
          expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([back]), `${file}: Back control shows #${back}`);
        }
        // Start again.
        await page.click('.kb-flow-restart-button');
        await page.waitForFunction((n) => decodeURIComponent(location.hash.slice(1)) === n, g.start, { timeout: 3000 });
        expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([g.start]), `${file}: Start again shows the start node`);
        walked += 1;
      }

      // A shared link opens its node (CSS shows it before the script runs, the script keeps it).
      const someOutcome = Object.keys(paths)[0];
      await page.goto(url(file, `#${someOutcome}`));
      await page.waitForSelector('.kb-flow.is-live');
      expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify([someOutcome]), `${file}: a link to #${someOutcome} shows that node`);
      await axe(page, `${file}#${someOutcome}`);
      await page.goto(url(file));
      await axe(page, `[light] ${file}`, () => { document.documentElement.dataset.theme = 'light'; });
      await axe(page, `[dark] ${file}`, () => { document.documentElement.dataset.theme = 'dark'; });

      // ---------- without JavaScript: every node shows, answers are anchor links ----------
      await plain.goto(url(file));
      const all = await visibleNodes(plain);
      expect(all.length === Object.keys(g.nodes).length, `${file} (no JS): every node shows (${all.length} of ${Object.keys(g.nodes).length})`);
      for (const [outcome, steps] of Object.entries(paths)) {
        await plain.goto(url(file));
        for (const s of steps) {
          const a = g.nodes[s.from].answers[s.answer];
          await plain.click(`section#${s.from} a.kb-flow-answer[href="${a.href}"]`);
          const next = a.href.slice(1);
          await plain.waitForURL((u) => decodeURIComponent(new URL(u).hash.slice(1)) === next, { timeout: 3000 });
          const target = await plain.evaluate(() => { const t = document.querySelector(':target'); return t ? t.id : null; });
          expect(target === next, `${file} (no JS): "${a.text}" leads to #${next} (${target})`);
          const inView = await plain.evaluate((n) => { const r = document.getElementById(n).getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0; }, next);
          expect(inView, `${file} (no JS): #${next} is scrolled into view`);
        }
        expect((await hash(plain)) === outcome, `${file} (no JS): reached #${outcome}`);
        walkedNoScript += 1;
      }
      // axe needs script (its checks wait on timers): look at the no-JS layout in the scripted
      // page instead, with the `kb-js` mark and the one-node view taken away.
      await page.goto(url(file));
      await axe(page, `${file} (no-JS layout)`, () => {
        document.documentElement.classList.remove('kb-js');
        document.querySelector('.kb-flow').classList.remove('is-live');
      });
    }
  }

  // An answer that leads to another topic opens that page at its anchor, where that flow
  // shows the node.
  await page.goto(url('en/which-license.html'));
  await page.waitForSelector('.kb-flow.is-live');
  await page.click('section#activation-page a.kb-flow-answer[href="wont-activate.html#status"]');
  await page.waitForURL(/\/en\/wont-activate\.html#status$/);
  await page.waitForSelector('.kb-flow.is-live');
  expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify(['status']), 'an answer to another flow opens its node');

  // Search for an error code from the search page: the flow node is a result and opens shown.
  for (const lang of LANGS) {
    await page.goto(url(`${lang}/search.html`, '').replace(/$/, '?q=0xC004F050'));
    await page.waitForSelector('a.kb-result', { timeout: 5000 });
    const hrefs = await page.$$eval('a.kb-result', (as) => as.map((a) => a.getAttribute('href')));
    const hit = hrefs.find((h) => h.endsWith('wont-activate.html#error-code'));
    expect(!!hit, `${lang}: search for 0xC004F050 lists the flow node (${hrefs.join(', ')})`);
    if (hit) {
      await page.click(`a.kb-result[href="${hit}"]`);
      await page.waitForURL(/wont-activate\.html#error-code$/);
      await page.waitForSelector('.kb-flow.is-live');
      expect(JSON.stringify(await visibleNodes(page)) === JSON.stringify(['error-code']), `${lang}: the search result opens the node that asks for the code`);
    }
  }
  expect(problems.length === 0, `console or page errors:\n${problems.join('\n')}`);
  check(failures.length === 0, `${failures.length} of ${checks} checks failed:\n${failures.join('\n')}`);
  console.log(`ok: ${walked} paths walked with JavaScript (hash, back button, ticket text), ${walkedNoScript} with anchor links only; ${checks} checks, axe clean`);
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
  await noScriptContext.close();
  await noScript.close();
}
