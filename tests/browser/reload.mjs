// kbgen serve in a real browser: opens a served topic page, then edits its source file and
// expects the page to reload itself with the new title; breaks the front matter and expects
// the overlay (file:line:col and message) over the last good page; fixes it and expects the
// overlay gone and the fixed title shown. Fails on any console error, CSP violation or failed
// request (other than the event stream being cut by a reload).
// Usage: node reload.mjs http://127.0.0.1:PORT/en/first.html /abs/path/content/en/first.md
import { readFileSync, writeFileSync } from 'node:fs';
import { launch, watch, check } from './chromium.mjs';

const [url, file] = process.argv.slice(2);
const WAIT = { timeout: 30000 };
const original = readFileSync(file, 'utf8');
const titleLine = original.split('\n').find((l) => l.startsWith('title:'));
check(titleLine, `${file} has a title line`);
const edit = (line) => writeFileSync(file, original.replace(titleLine, line));

const context = await launch();
const page = await context.newPage();
const allProblems = watch(page);
// Chromium asks every origin for /favicon.ico; the fixture site has none, and the dev server
// serves only what the build writes, so that one 404 is expected.
let faviconMisses = 0;
page.on('console', (m) => {
  if (m.type() === 'error' && (m.location().url || '').endsWith('/favicon.ico')) faviconMisses += 1;
});
page.on('response', (r) => { if (r.status() >= 400) allProblems.push(`HTTP ${r.status()} for ${r.url()}`); });
// A reload cuts the open event stream: that aborted request is expected.
const problems = () => {
  let skip = faviconMisses;
  return allProblems.filter((p) => {
    if (p.includes('/__kbgen/events') && p.includes('ERR_ABORTED')) return false;
    if (skip > 0 && p.startsWith('console error: Failed to load resource') && p.includes('404')) { skip -= 1; return false; }
    return true;
  });
};
const h1 = () => page.locator('main h1').first().textContent();
try {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.kbgenLive === 'connected', null, WAIT);

  // 1. An edit reloads the page by itself (the marker set on this document disappears).
  await page.evaluate(() => { window.kbgenMarker = 'before-edit'; });
  edit('title: "Reloaded by the browser test"');
  await page.waitForFunction(() => {
    const h = document.querySelector('main h1');
    return h && h.textContent.includes('Reloaded by the browser test');
  }, null, WAIT);
  check(await page.evaluate(() => window.kbgenMarker === undefined), 'the page was reloaded, not patched');
  await page.waitForFunction(() => document.documentElement.dataset.kbgenLive === 'connected', null, WAIT);

  // 2. Broken front matter: the overlay names file:line:col, the last good page stays.
  edit('title: [unclosed');
  const overlay = page.locator('#kbgen-overlay');
  await overlay.waitFor({ state: 'visible', ...WAIT });
  const text = await overlay.textContent();
  check(/content\/en\/first\.md:3:8/.test(text), `overlay names the location: ${text}`);
  check(/expected/.test(text), `overlay has the message: ${text}`);
  check((await h1()).includes('Reloaded by the browser test'), 'the last good page is still shown');
  const position = await overlay.evaluate((el) => getComputedStyle(el).position);
  check(position === 'fixed', `overlay stylesheet applied (position: ${position})`);
  check(/the last edit did not build \(errors: 1, /.test(text), `overlay in English on an English page: ${text}`);

  // 2b. The same problem on a Japanese page is explained in Japanese (the project's overlay_*
  // UI strings), with the location unchanged.
  const ja = await context.newPage();
  const jaProblems = watch(ja);
  await ja.goto(url.replace('/en/', '/ja/'));
  const jaOverlay = ja.locator('#kbgen-overlay');
  await jaOverlay.waitFor({ state: 'visible', ...WAIT });
  const jaText = await jaOverlay.textContent();
  check(/ビルドできませんでした/.test(jaText) && /エラー 1 件/.test(jaText), `overlay in Japanese on a Japanese page: ${jaText}`);
  check(/content\/en\/first\.md:3:8/.test(jaText), `the location is the same: ${jaText}`);
  check(jaProblems.filter((p) => !p.includes('favicon') && !p.includes('404')).length === 0, `browser problems on the Japanese page:\n${jaProblems.join('\n')}`);
  await ja.close();

  // 3. Fixed: the page reloads with the new title and the overlay is gone.
  edit('title: "Fixed in the browser test"');
  await page.waitForFunction(() => {
    const h = document.querySelector('main h1');
    return h && h.textContent.includes('Fixed in the browser test');
  }, null, WAIT);
  await page.waitForFunction(() => document.documentElement.dataset.kbgenLive === 'connected', null, WAIT);
  check((await page.locator('#kbgen-overlay').count()) === 0, 'overlay cleared after the fix');

  check(problems().length === 0, `browser problems:\n${problems().join('\n')}`);
  console.log('reload.mjs: page reloaded on edit, overlay shown and cleared');
} finally {
  writeFileSync(file, original);
  await context.close();
}
