// Checks static/search.js against vectors the Rust side generated (tests/search_node.rs):
// for each input, the normalised text, the tokens with their positions, and the shard hash of
// every token. Usage: node vectors.mjs /abs/path/to/vectors.json /abs/path/to/book
import { readFileSync } from 'node:fs';
import { loadClient } from './client.mjs';

const [vectorsPath, book] = process.argv.slice(2);
if (!vectorsPath || !book) { console.error('usage: node vectors.mjs <vectors.json> <book-dir>'); process.exit(2); }
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8'));
const kb = loadClient(book);
const failures = [];
for (const v of vectors) {
  const norm = kb.normalize(v.input);
  const full = kb.tokenizeFull(v.input);
  const got = {
    normalized: norm,
    tokens: full.map((t) => t.text),
    pos: full.map((t) => t.pos),
    hashes: full.map((t) => kb.shardKeyHash(t.text)),
  };
  for (const key of ['normalized', 'tokens', 'pos', 'hashes']) {
    if (JSON.stringify(got[key]) !== JSON.stringify(v[key])) {
      failures.push(`${JSON.stringify(v.input)}: ${key} ${JSON.stringify(got[key])} != Rust ${JSON.stringify(v[key])}`);
    }
  }
}
console.log(`${vectors.length - failures.length} of ${vectors.length} vectors agree`);
for (const f of failures.slice(0, 20)) console.log(`FAIL ${f}`);
process.exit(failures.length ? 1 : 0);
