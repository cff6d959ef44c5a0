// Checks that static/search.js tokenizes exactly like src/search/tokenize.rs, in Chromium over
// file://: every vector of tests/fixtures/search/tokenizer-vectors.json, the extra vectors the
// Rust test computed with the real tokenizer (tokens, positions and shard hashes), and the shard
// rule against the built index (every term of every term shard hashes to that shard).
// Usage: node tokenizer_vectors.mjs /abs/path/to/book [/abs/path/to/extra-vectors.json]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, watch, check } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const book = process.argv[2];
const extraPath = process.argv[3];
check(book, 'usage: node tokenizer_vectors.mjs <book-dir> [<extra-vectors.json>]');

const shared = JSON.parse(readFileSync(join(here, '../fixtures/search/tokenizer-vectors.json'), 'utf8'));
const extra = extraPath ? JSON.parse(readFileSync(extraPath, 'utf8')) : [];
check(shared.length >= 10, 'the shared fixture has vectors');

const context = await launch();
const page = await context.newPage();
const problems = watch(page);
let failures = [];
try {
  // search.js is loaded by every page; a topic page two levels deep also checks that the
  // script finds the index next to itself.
  await page.goto(pathToFileURL(join(book, 'ja', 'categories', 'keys.html')).href);
  await page.waitForFunction(() => window.kbSearch && typeof window.kbSearch.tokenize === 'function');

  const run = (vectors) => page.evaluate((vs) => vs.map((v) => {
    const full = window.kbSearch.tokenizeFull(v.input);
    return {
      tokens: full.map((t) => t.text),
      pos: full.map((t) => t.pos),
      hashes: full.map((t) => window.kbSearch.shardKeyHash(t.text)),
    };
  }), vectors);

  const got = await run(shared);
  shared.forEach((v, k) => {
    if (JSON.stringify(got[k].tokens) !== JSON.stringify(v.tokens)) {
      failures.push(`fixture ${JSON.stringify(v.input)}: expected ${JSON.stringify(v.tokens)}, got ${JSON.stringify(got[k].tokens)}`);
    }
  });

  const gotExtra = await run(extra);
  extra.forEach((v, k) => {
    for (const field of ['tokens', 'pos', 'hashes']) {
      if (v[field] && JSON.stringify(gotExtra[k][field]) !== JSON.stringify(v[field])) {
        failures.push(`rust ${JSON.stringify(v.input)} ${field}: expected ${JSON.stringify(v[field])}, got ${JSON.stringify(gotExtra[k][field])}`);
      }
    }
  });

  // The shard rule, against the index the Rust builder wrote.
  let terms = 0;
  for (const lang of ['ja', 'en']) {
    const dir = join(book, lang, 'search');
    const files = readdirSync(dir).filter((f) => /^t-\d+\.js$/.test(f));
    check(files.length >= 1, `${lang}: term shards exist`);
    const meta = readFileSync(join(dir, 'meta.js'), 'utf8');
    const count = Number(/"termShards":\s*(\d+)/.exec(meta)[1]);
    check(files.length === count, `${lang}: ${files.length} term shard files, meta says ${count}`);
    const shards = files.map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const m = /^kbSearch\.terms\("([^"]+)", (\d+), ([\s\S]*)\);\s*$/.exec(text);
      check(m && m[1] === lang, `${lang}/${f} registers terms for ${lang}`);
      return { n: Number(m[2]), keys: Object.keys(JSON.parse(m[3])) };
    });
    const wrong = await page.evaluate(([shards, count]) => {
      const bad = [];
      for (const s of shards) {
        for (const k of s.keys) {
          if ((window.kbSearch.shardKeyHash(k) & (count - 1)) !== s.n) bad.push(`${k} in t-${s.n}`);
        }
      }
      return bad;
    }, [shards, count]);
    terms += shards.reduce((a, s) => a + s.keys.length, 0);
    wrong.slice(0, 20).forEach((w) => failures.push(`${lang}: term ${w} hashes elsewhere`));
    // Every indexed term is a token the client can produce (or a CJK unigram).
    const strays = await page.evaluate((keys) => keys.filter((k) => {
      const t = window.kbSearch.tokenize(k);
      return !(t.length >= 1 && t[0] === k) && !(Array.from(k).length === 1);
    }), shards.flatMap((s) => s.keys));
    strays.slice(0, 20).forEach((k) => failures.push(`${lang}: indexed term ${JSON.stringify(k)} does not tokenize to itself`));
  }

  check(failures.length === 0, `tokenizer mismatches:\n${failures.join('\n')}`);
  check(problems.length === 0, `problems:\n${problems.join('\n')}`);
  console.log(`ok: ${shared.length} shared and ${extra.length} Rust-computed tokenizer vectors match in Chromium; ${terms} indexed terms sit in the shard search.js computes`);
} catch (e) {
  console.error(String(e.stack || e));
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
}
