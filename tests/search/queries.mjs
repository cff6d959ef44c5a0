// The query set (tests/fixtures/search/queries.json) against a built site, under plain node:
// each query's expected topic (or one of the expected topics) must be among the first three results, a query that expects a
// hint in another language must find pages there, and a typo must be corrected as expected.
// Usage: node queries.mjs /abs/path/to/book     (exit 1 and a list of failures otherwise)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClient } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const book = process.argv[2];
if (!book) { console.error('usage: node queries.mjs <book-dir>'); process.exit(2); }
const queries = JSON.parse(readFileSync(join(here, '../fixtures/search/queries.json'), 'utf8'));
const kb = loadClient(book);
const failures = [];
for (const c of queries) {
  const res = await kb.search(c.lang, c.q);
  const top = res.results.slice(0, 3).map((r) => r.url.split('#')[0].replace(/\.html$/, ''));
  const expected = c.expect === null ? [] : [].concat(c.expect);
  if (expected.length && !top.some((t) => expected.includes(t))) {
    failures.push(`${c.lang} ${JSON.stringify(c.q)} (${c.kind}): expected ${expected.join(' or ')} in the top 3, got [${top.join(', ')}]`);
  }
  if (c.hint) {
    const other = await kb.search(c.hint, c.q);
    if (res.full >= 3 || other.full < 1) {
      failures.push(`${c.lang} ${JSON.stringify(c.q)} (${c.kind}): expected a hint to ${c.hint} (here ${res.full} full results, there ${other.full})`);
    }
  }
  if (c.suggest && res.suggestion !== c.suggest) {
    failures.push(`${c.lang} ${JSON.stringify(c.q)} (${c.kind}): expected "did you mean ${c.suggest}", got ${JSON.stringify(res.suggestion)}`);
  }
}
const counts = queries.reduce((m, c) => ({ ...m, [c.lang]: (m[c.lang] || 0) + 1 }), {});
// A browser without DecompressionStream cannot read the packed page texts: the search must fail
// (the page then says the index could not be loaded), not quietly find nothing.
const old = loadClient(book, { loaded: [] }, ['DecompressionStream']);
try {
  const r = await old.search('en', 'activation');
  failures.push(`without DecompressionStream the search did not fail (${r.results.length} results)`);
} catch (e) {
  if (!/DecompressionStream/.test(String(e && e.message))) failures.push(`without DecompressionStream: unexpected error ${e}`);
}
console.log(`${queries.length - failures.length} of ${queries.length} queries pass (${Object.entries(counts).map(([l, n]) => `${l}: ${n}`).join(', ')})`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
