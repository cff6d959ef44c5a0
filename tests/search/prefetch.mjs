// Loading ahead while a query is typed (static/search.js `prefetch`), under plain node: for every
// query of the query set and every prefix of it as typed, the term shards loaded ahead are ones
// the whole query's search loads anyway ("a word being typed loads nothing its final form does
// not need"), and a settled query loads all of its own term shards ahead.
// Usage: node prefetch.mjs /abs/path/to/book     (exit 1 and a list of failures otherwise)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClient } from './client.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const book = process.argv[2];
if (!book) { console.error('usage: node prefetch.mjs <book-dir>'); process.exit(2); }
const queries = JSON.parse(readFileSync(join(here, '../fixtures/search/queries.json'), 'utf8'));
const termShard = (u) => /\/search\/t-\d+\.js$/.test(u);

async function loads(lang, run) {
  const stats = { loaded: [] };
  const kb = loadClient(book, stats);
  await run(kb);
  return new Set(stats.loaded.map((l) => l.url));
}

const failures = [];
let prefixes = 0;
for (const c of queries) {
  const searched = await loads(c.lang, (kb) => kb.search(c.lang, c.q));
  const chars = Array.from(c.q);
  for (let k = 1; k <= chars.length; k++) {
    const typed = chars.slice(0, k).join('');
    prefixes += 1;
    const ahead = await loads(c.lang, (kb) => kb.prefetch(c.lang, typed));
    const extra = [...ahead].filter((u) => termShard(u) && !searched.has(u));
    if (extra.length) {
      failures.push(`${c.lang} ${JSON.stringify(c.q)} typed as ${JSON.stringify(typed)}: loads ${extra.map((u) => u.split('/').pop()).join(', ')}, which the query does not need`);
    }
  }
  // Followed by a space, every word is settled: its term shards all load ahead (typo
  // corrections included), so the search after the debounce starts from its doc shards.
  const settled = await loads(c.lang, (kb) => kb.prefetch(c.lang, `${c.q} `));
  const missing = [...searched].filter((u) => termShard(u) && !settled.has(u));
  if (missing.length) {
    failures.push(`${c.lang} ${JSON.stringify(c.q + ' ')}: loading ahead misses ${missing.map((u) => u.split('/').pop()).join(', ')}`);
  }
}
// A word shorter than three characters that may still grow loads no term shard.
for (const [lang, q] of [['en', 'sl'], ['en', 'm'], ['ja', 'キ']]) {
  const ahead = await loads(lang, (kb) => kb.prefetch(lang, q));
  const shards = [...ahead].filter(termShard);
  if (shards.length) failures.push(`${lang} ${JSON.stringify(q)} (still being typed): loads ${shards.join(', ')}`);
}
console.log(`${queries.length} queries, ${prefixes} typed prefixes: ${failures.length ? `${failures.length} failures` : 'term shards loaded ahead are all needed'}`);
for (const f of failures) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
