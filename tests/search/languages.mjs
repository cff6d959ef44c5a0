// Queries in languages kbgen does not ship UI strings for (Korean, Chinese) against a built
// site, under plain node: each query must find its topic first.
// Usage: node languages.mjs /abs/path/to/book LANG QUERY TOPIC [LANG QUERY TOPIC]...
import { loadClient } from './client.mjs';

const [book, ...rest] = process.argv.slice(2);
if (!book || rest.length % 3 !== 0) {
  console.error('usage: node languages.mjs <book-dir> (LANG QUERY TOPIC)...');
  process.exit(2);
}
const kb = loadClient(book);
const failures = [];
for (let i = 0; i < rest.length; i += 3) {
  const [lang, q, topic] = rest.slice(i, i + 3);
  const res = await kb.search(lang, q);
  const first = res.results.length ? res.results[0].url.split('#')[0].replace(/\.html$/, '') : null;
  if (first !== topic) {
    failures.push(`${lang} ${JSON.stringify(q)}: expected ${topic} first, got ${JSON.stringify(res.results.map((r) => r.url))}`);
  }
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`ok: ${rest.length / 3} queries in other languages`);
