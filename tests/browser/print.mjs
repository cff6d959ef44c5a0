// Prints a topic page to PDF with headless Chromium's print pipeline (the print stylesheet
// applies). With a procedure id, prints what that procedure's "Print this procedure" button
// prints (the button is clicked; the browser's print dialog is replaced by this PDF).
// Usage: node print.mjs /abs/book/en/check-methods.html /abs/out.pdf [procedure-id]
import { pathToFileURL } from 'node:url';
import { launch, watch } from './chromium.mjs';

const [page_path, out, procedure] = process.argv.slice(2);
const context = await launch();
try {
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(pathToFileURL(page_path).href);
  if (procedure) {
    // The page calls window.print(); headless Chromium has no dialog, so note the call and
    // print to PDF in its place.
    await page.evaluate(() => { window.print = () => { window.__kbPrinted = true; }; });
    await page.click(`#${procedure} [data-action="print"]`);
    const state = await page.evaluate((id) => ({
      printed: window.__kbPrinted === true,
      one: document.documentElement.classList.contains('kb-print-one'),
      target: document.getElementById(id).classList.contains('kb-print-target'),
    }), procedure);
    if (!state.printed || !state.one || !state.target) throw new Error(`the print button did not prepare the page: ${JSON.stringify(state)}`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: out, format: 'A4', printBackground: false });
  if (procedure) {
    // After printing, the page is whole again.
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    if (await page.evaluate(() => document.documentElement.classList.contains('kb-print-one'))) throw new Error('afterprint did not restore the page');
  }
  if (problems.length) throw new Error(`problems:\n${problems.join('\n')}`);
  console.log(`ok: wrote ${out}`);
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
}
