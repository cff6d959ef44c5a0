// Prints a topic page to PDF with headless Chromium's print pipeline (the print stylesheet
// applies). Usage: node print.mjs /abs/book/en/check-methods.html /abs/out.pdf
import { pathToFileURL } from 'node:url';
import { launch } from './chromium.mjs';

const [page_path, out] = process.argv.slice(2);
const context = await launch();
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(page_path).href);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: out, format: 'A4', printBackground: false });
  console.log(`ok: wrote ${out}`);
} catch (e) {
  console.error(String(e.stack || e));
  process.exitCode = 1;
} finally {
  await context.close();
}
