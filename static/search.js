/* kbgen offline search: the browser side of docs/search-index.md.
   Plain script (not a module) so it works from file://, at /, under a sub-path and under
   `kbgen serve`. The index is a set of `.js` shards that call window.kbSearch.meta/terms/docs;
   they are loaded on demand with <script> elements (no fetch, XHR, Worker, WASM or eval), and
   every result is built with createElement/textContent (never innerHTML). */
(function () {
  'use strict';

  if (window.kbSearch && window.kbSearch.version) { return; }

  /* ---------- where the index lives ---------- */

  function findScriptSrc() {
    var current = document.currentScript;
    if (current && current.src) { return current.src; }
    var all = document.getElementsByTagName('script');
    for (var k = all.length - 1; k >= 0; k--) {
      if (/(^|\/)static\/search\.js([?#]|$)/.test(all[k].src)) { return all[k].src; }
    }
    return document.baseURI || window.location.href;
  }

  var SCRIPT_SRC = findScriptSrc();

  function pageLang() {
    var lang = (document.documentElement.getAttribute('lang') || '').trim();
    return /^[A-Za-z0-9_-]+$/.test(lang) ? lang : '';
  }

  /** `<root>/<lang>/`: the folder of search.html and of the topic pages (absolute URL). */
  function langBase(lang) {
    return new URL('../' + encodeURIComponent(lang) + '/', SCRIPT_SRC).href;
  }

  function indexUrl(lang, file) {
    return new URL('search/' + file, langBase(lang)).href;
  }

  /* ---------- tokenizer (mirrors src/search/tokenize.rs exactly) ---------- */

  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;

  function isCjkCode(cp) {
    return (cp >= 0x3040 && cp <= 0x309F) || // Hiragana
      (cp >= 0x30A0 && cp <= 0x30FF) ||      // Katakana (incl. ー)
      (cp >= 0x31F0 && cp <= 0x31FF) ||      // Katakana phonetic extensions
      (cp >= 0x3400 && cp <= 0x4DBF) ||      // CJK extension A
      (cp >= 0x4E00 && cp <= 0x9FFF) ||      // CJK unified ideographs
      (cp >= 0xF900 && cp <= 0xFAFF) ||      // CJK compatibility ideographs
      cp === 0x3005 ||                       // 々
      (cp >= 0xAC00 && cp <= 0xD7AF);        // Hangul syllables
  }

  function isCjk(ch) {
    return ch !== undefined && isCjkCode(ch.codePointAt(0));
  }

  function isWordChar(ch) {
    return ch !== undefined && !isCjk(ch) && ALNUM.test(ch);
  }

  /** NFKC, then lowercase one code point at a time (Rust's `char::to_lowercase`, so no
      context-dependent final sigma as `String.prototype.toLowerCase` would apply). */
  function lowerChars(text) {
    var out = '';
    for (var ch of text) { out += ch.toLowerCase(); }
    return out;
  }

  function normalize(text) {
    return lowerChars(String(text).normalize('NFKC'));
  }

  function pushCjk(run, start, out) {
    if (run.length === 1) {
      out.push({ text: run[0], cjk: true, pos: start });
      return;
    }
    for (var k = 0; k + 1 < run.length; k++) {
      out.push({ text: run[k] + run[k + 1], cjk: true, pos: start + k });
    }
  }

  function isJoiner(ch) {
    return ch === '-' || ch === '_' || ch === '.';
  }

  function pushWord(word, start, out) {
    var text = word.join('');
    out.push({ text: text, cjk: false, pos: start });
    var slash = word[0] === '/';
    var body = slash ? word.slice(1) : word;
    if (!body.some(isJoiner)) { return; }
    var offset = start + (slash ? 1 : 0);
    var part = [];
    var flush = function () {
      if (part.length) { out.push({ text: part.join(''), cjk: false, pos: offset }); }
      offset += part.length + 1;
      part = [];
    };
    body.forEach(function (ch) {
      if (isJoiner(ch)) { flush(); } else { part.push(ch); }
    });
    flush();
  }

  /** Tokens with `{text, cjk, pos}` (pos in code points of the normalised text). */
  function tokenizeFull(text) {
    var chars = Array.from(normalize(text));
    var n = chars.length;
    var out = [];
    var i = 0;
    while (i < n) {
      var c = chars[i];
      var start = i;
      if (isCjk(c)) {
        while (i < n && isCjk(chars[i])) { i += 1; }
        pushCjk(chars.slice(start, i), start, out);
      } else if (isWordChar(c) ||
          (c === '/' && isWordChar(chars[i + 1]) && (i === 0 || !isWordChar(chars[i - 1])))) {
        i += 1;
        while (i < n) {
          var ch = chars[i];
          if (isWordChar(ch) || (isJoiner(ch) && isWordChar(chars[i + 1]))) { i += 1; } else { break; }
        }
        pushWord(chars.slice(start, i), start, out);
      } else {
        i += 1;
      }
    }
    return out;
  }

  function tokenize(text) {
    return tokenizeFull(text).map(function (t) { return t.text; });
  }

  /* ---------- shard rule ---------- */

  function utf8(text) {
    var bytes = [];
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      if (cp < 0x80) {
        bytes.push(cp);
      } else if (cp < 0x800) {
        bytes.push(0xC0 | (cp >> 6), 0x80 | (cp & 63));
      } else if (cp < 0x10000) {
        bytes.push(0xE0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      } else {
        bytes.push(0xF0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      }
    }
    return bytes;
  }

  /** FNV-1a 32-bit over the UTF-8 bytes of the token's first two code points. */
  function shardKeyHash(token) {
    var key = Array.from(token).slice(0, 2).join('');
    var h = 0x811c9dc5;
    utf8(key).forEach(function (b) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    });
    return h >>> 0;
  }

  /* ---------- shard registry and loader ---------- */

  var stores = Object.create(null);
  var waiting = Object.create(null);

  function store(lang) {
    var s = stores[lang];
    if (!s) {
      s = { meta: null, terms: Object.create(null), docs: Object.create(null), byId: new Map() };
      stores[lang] = s;
    }
    return s;
  }

  function settle(key, value) {
    var w = waiting[key];
    if (w) { w.resolve(value); }
  }

  function load(key, lang, file, have) {
    var existing = have();
    if (existing) { return Promise.resolve(existing); }
    if (waiting[key]) { return waiting[key].promise; }
    var w = {};
    w.promise = new Promise(function (resolve, reject) { w.resolve = resolve; w.reject = reject; });
    waiting[key] = w;
    var el = document.createElement('script');
    el.src = indexUrl(lang, file);
    el.async = true;
    var done = function (error) {
      if (el.parentNode) { el.parentNode.removeChild(el); }
      delete waiting[key];
      var value = have();
      if (value) {
        w.resolve(value);
      } else {
        w.reject(error || new Error('kbSearch: ' + el.src + ' did not register'));
      }
    };
    el.addEventListener('load', function () { done(null); });
    el.addEventListener('error', function () { done(new Error('kbSearch: cannot load ' + el.src)); });
    (document.head || document.documentElement).appendChild(el);
    return w.promise;
  }

  function loadMeta(lang) {
    return load(lang + ' meta', lang, 'meta.js', function () { return store(lang).meta; });
  }

  function loadTerms(lang, n) {
    return load(lang + ' t ' + n, lang, 't-' + n + '.js', function () { return store(lang).terms[n]; });
  }

  function loadDocs(lang, n) {
    return load(lang + ' d ' + n, lang, 'd-' + n + '.js', function () { return store(lang).docs[n]; });
  }

  function registerMeta(lang, meta) {
    store(lang).meta = meta;
    settle(lang + ' meta', meta);
  }

  function registerTerms(lang, n, terms) {
    store(lang).terms[n] = terms;
    settle(lang + ' t ' + n, terms);
  }

  function registerDocs(lang, n, docs) {
    var s = store(lang);
    s.docs[n] = docs;
    docs.forEach(function (d) { s.byId.set(d.i, d); });
    settle(lang + ' d ' + n, docs);
  }

  /* ---------- query ---------- */

  var K1 = 1.2;
  var PREFIX_FACTOR = 0.7;
  var has = Object.prototype.hasOwnProperty;

  function charLength(text) {
    return Array.from(text).length;
  }

  function parseQuery(text) {
    var norm = normalize(text);
    var seen = Object.create(null);
    var terms = [];
    tokenizeFull(text).forEach(function (t) {
      if (!seen[t.text]) {
        seen[t.text] = true;
        terms.push(t);
      }
    });
    var runs = [];
    var run = '';
    for (var ch of norm + ' ') {
      if (isCjk(ch)) {
        run += ch;
      } else if (run) {
        if (runs.indexOf(run) < 0) { runs.push(run); }
        run = '';
      }
    }
    return {
      text: text,
      terms: terms,
      runs: runs,
      words: terms.filter(function (t) { return !t.cjk; }).map(function (t) { return t.text; }),
      phrase: norm.replace(/\s+/g, ' ').trim()
    };
  }

  /** Where a query term is looked up: the exact key, optionally every key it prefixes. */
  function lookups(term) {
    var list = [{ key: term.text, exact: true, prefix: !term.cjk && charLength(term.text) >= 2 }];
    // `dli` also finds the command switch `/dli` (the tokenizer keeps the slash on the token).
    if (!term.cjk && term.text.charAt(0) !== '/') {
      list.push({ key: '/' + term.text, exact: false, prefix: charLength(term.text) >= 2 });
    }
    return list;
  }

  function shardIndex(meta, key) {
    var count = Math.max(1, meta.termShards | 0);
    return shardKeyHash(key) & (count - 1);
  }

  /** doc id → score of one query term. The exact key and the keys it prefixes (and its
      `/word` form) together make one query term: a document's weight is the exact weight plus
      0.7× the weight of the other keys, and the idf uses the number of documents matching any
      of them, so a rare longer word (`keys`) cannot outscore the word that was typed (`key`). */
  function postingsOf(s, meta, term) {
    var n = Math.max(1, meta.docs | 0);
    var weights = new Map();
    var add = function (list, factor) {
      if (!Array.isArray(list)) { return; }
      for (var k = 0; k + 1 < list.length; k += 2) {
        weights.set(list[k], (weights.get(list[k]) || 0) + factor * list[k + 1]);
      }
    };
    lookups(term).forEach(function (l) {
      var shard = s.terms[shardIndex(meta, l.key)];
      if (!shard) { return; }
      if (has.call(shard, l.key)) { add(shard[l.key], l.exact ? 1 : PREFIX_FACTOR); }
      if (l.prefix) {
        Object.keys(shard).forEach(function (k) {
          if (k !== l.key && k.lastIndexOf(l.key, 0) === 0) { add(shard[k], PREFIX_FACTOR); }
        });
      }
    });
    var df = weights.size;
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    var scores = new Map();
    weights.forEach(function (w, doc) {
      scores.set(doc, idf * w * (K1 + 1) / (w + K1));
    });
    return scores;
  }

  /** Per-document text prepared once: code points, lowercase text and the index maps. */
  function prepared(doc) {
    if (doc.__kb) { return doc.__kb; }
    var chars = Array.from(String(doc.x || ''));
    var lower = '';
    var map = [];
    for (var k = 0; k < chars.length; k++) {
      var lc = chars[k].toLowerCase();
      for (var j = 0; j < lc.length; j++) { map.push(k); }
      lower += lc;
    }
    map.push(chars.length);
    var titleEnd = chars.indexOf('\n');
    if (titleEnd < 0) { titleEnd = chars.length; }
    var summaryEnd = chars.indexOf('\n', titleEnd + 1);
    if (summaryEnd < 0) { summaryEnd = chars.length; }
    var tagsEnd = chars.indexOf('\n', summaryEnd + 1);
    if (tagsEnd < 0) { tagsEnd = chars.length; }
    var p = {
      chars: chars,
      lower: lower,
      map: map,
      flat: lower.replace(/\s+/g, ' '),
      titleEnd: titleEnd,
      headerEnd: Math.min(chars.length, summaryEnd + 1),
      bodyStart: Math.min(chars.length, tagsEnd + 1),
      title: normalize(doc.t || '')
    };
    Object.defineProperty(doc, '__kb', { value: p, enumerable: false });
    return p;
  }

  /** Occurrences of `needle` in the prepared text as [startChar, endChar) ranges. */
  function occurrences(p, needle, wordStart, first) {
    var out = [];
    if (!needle) { return out; }
    var from = 0;
    for (;;) {
      var at = p.lower.indexOf(needle, from);
      if (at < 0) { break; }
      from = at + 1;
      var c = p.map[at];
      if (at > 0 && p.map[at - 1] === c) { continue; } // inside one character's lowercase form
      if (wordStart && c > 0 && isWordChar(p.chars[c - 1])) { continue; }
      out.push([c, p.map[at + needle.length - 1] + 1]);
      if (first) { break; }
    }
    return out;
  }

  function verify(p, q) {
    for (var k = 0; k < q.runs.length; k++) {
      if (p.lower.indexOf(q.runs[k]) < 0) { return false; }
    }
    for (var m = 0; m < q.words.length; m++) {
      if (!occurrences(p, q.words[m], true, true).length) { return false; }
    }
    return true;
  }

  function matchRanges(p, q) {
    var ranges = [];
    var add = function (list, term) {
      list.forEach(function (r) { ranges.push([r[0], r[1], term]); });
    };
    q.runs.forEach(function (r, k) { add(occurrences(p, r, false, false), 'c' + k); });
    q.words.forEach(function (w, k) { add(occurrences(p, w, true, false), 'w' + k); });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return ranges;
  }

  function titleContainsAll(title, q) {
    var words = q.words.every(function (w) {
      var at = title.indexOf(w);
      while (at >= 0) {
        var before = Array.from(title.slice(0, at)).pop();
        if (!isWordChar(before)) { return true; }
        at = title.indexOf(w, at + 1);
      }
      return false;
    });
    return words && q.runs.every(function (r) { return title.indexOf(r) >= 0; });
  }

  var FOCUS_WINDOW = 40;

  /** Chooses the match to show and link to: the place where most distinct query terms occur
      close together (the whole phrase counts a little more), preferring the body over the tags
      line (the third line) and the tags line over the title and summary, then the earliest. */
  function focusOf(p, q, ranges) {
    if (!ranges.length) { return 0; }
    var phrase = q.phrase && (q.words.length + q.runs.length > 1)
      ? occurrences(p, q.phrase, !isCjk(Array.from(q.phrase)[0]), false) : [];
    var phraseStarts = new Set(phrase.map(function (r) { return r[0]; }));
    var best = null;
    for (var i = 0; i < ranges.length; i++) {
      var at = ranges[i][0];
      var seen = new Set();
      for (var j = i; j < ranges.length && ranges[j][0] < at + FOCUS_WINDOW; j++) { seen.add(ranges[j][2]); }
      var value = seen.size + (phraseStarts.has(at) ? 0.5 : 0);
      var zone = at >= p.bodyStart ? 2 : (at >= p.headerEnd ? 1 : 0);
      if (!best || value > best.value || (value === best.value && zone > best.zone)) {
        best = { at: at, value: value, zone: zone };
      }
    }
    return best.at;
  }

  var SNIPPET_WIDTH = 120; // display columns: about 60 Japanese characters
  var SNIPPET_BEFORE = 36;

  function width(ch) {
    return ch && ch.codePointAt(0) >= 0x1100 ? 2 : 1;
  }

  /** Snippet segments `[{text, mark}]` around `focus`, with every match marked. */
  function snippetOf(p, focus, ranges) {
    var chars = p.chars;
    var n = chars.length;
    var start = focus;
    if (focus < p.headerEnd && focus <= p.titleEnd) {
      start = Math.min(n, p.titleEnd + 1); // a title match: show the summary instead
    } else {
      var before = 0;
      while (start > 0 && chars[start - 1] !== '\n' && before + width(chars[start - 1]) <= SNIPPET_BEFORE) {
        start -= 1;
        before += width(chars[start]);
      }
      // Do not begin in the middle of a Latin word.
      if (start > 0 && chars[start - 1] !== '\n' && isWordChar(chars[start - 1])) {
        while (start < focus && isWordChar(chars[start])) { start += 1; }
      }
      while (start < focus && /\s/.test(chars[start])) { start += 1; }
    }
    var end = start;
    var used = 0;
    while (end < n && used + width(chars[end]) <= SNIPPET_WIDTH) {
      used += width(chars[end]);
      end += 1;
    }
    if (end < n && isWordChar(chars[end])) {
      var back = end;
      while (back > start + 1 && isWordChar(chars[back - 1])) { back -= 1; }
      if (back > start + 1 && back > focus) { end = back; }
    }
    var marks = new Uint8Array(Math.max(0, end - start));
    ranges.forEach(function (r) {
      for (var k = Math.max(r[0], start); k < Math.min(r[1], end); k++) { marks[k - start] = 1; }
    });
    var segments = [];
    var push = function (text, mark) {
      if (!text) { return; }
      var last = segments[segments.length - 1];
      if (last && last.mark === mark) { last.text += text; } else { segments.push({ text: text, mark: mark }); }
    };
    if (start > 0 && chars[start - 1] !== '\n') { push('…', false); }
    for (var k = start; k < end; k++) {
      push(chars[k] === '\n' ? ' ' : chars[k], marks[k - start] === 1);
    }
    while (segments.length && !segments[segments.length - 1].mark && /^\s*$/.test(segments[segments.length - 1].text)) {
      segments.pop();
    }
    if (segments.length) {
      var tail = segments[segments.length - 1];
      if (!tail.mark) { tail.text = tail.text.replace(/\s+$/, ''); }
      if (end < n) { push('…', false); }
    }
    return segments;
  }

  /** Title segments with the query marked (only when NFKC keeps the characters aligned). */
  function titleSegments(doc, q) {
    var raw = Array.from(String(doc.t || ''));
    var norm = Array.from(String(doc.t || '').normalize('NFKC'));
    if (raw.length !== norm.length) { return [{ text: raw.join(''), mark: false }]; }
    var fake = { x: norm.join('') };
    var p = prepared(fake);
    var ranges = matchRanges(p, q);
    var marks = new Uint8Array(raw.length);
    ranges.forEach(function (r) { for (var k = r[0]; k < r[1]; k++) { marks[k] = 1; } });
    var segments = [];
    raw.forEach(function (ch, k) {
      var mark = marks[k] === 1;
      var last = segments[segments.length - 1];
      if (last && last.mark === mark) { last.text += ch; } else { segments.push({ text: ch, mark: mark }); }
    });
    return segments;
  }

  function anchorOf(doc, focus) {
    var anchor = '';
    (doc.a || []).forEach(function (a) {
      if (a[1] <= focus) { anchor = a[0]; }
    });
    return anchor;
  }

  function resultOf(lang, doc, q, base) {
    var p = prepared(doc);
    var ranges = matchRanges(p, q);
    var phraseInText = q.phrase ? p.flat.indexOf(q.phrase) >= 0 : false;
    var phraseInTitle = q.phrase ? p.title.replace(/\s+/g, ' ').indexOf(q.phrase) >= 0 : false;
    var allInTitle = titleContainsAll(p.title, q);
    var score = base * (1 + (phraseInText ? 0.5 : 0) + (phraseInTitle ? 1 : 0) + (allInTitle ? 0.5 : 0));
    var focus = focusOf(p, q, ranges);
    var anchor = focus >= p.headerEnd ? anchorOf(doc, focus) : '';
    var url = String(doc.u) + (anchor ? '#' + anchor : '');
    return {
      id: doc.i,
      lang: lang,
      url: url,
      href: new URL(url, langBase(lang)).href,
      anchor: anchor,
      title: String(doc.t || ''),
      titleSegments: titleSegments(doc, q),
      category: String(doc.c || ''),
      summary: String(doc.s || ''),
      snippet: snippetOf(p, focus, ranges),
      score: score
    };
  }

  /**
   * Searches one language. Resolves to `{query, lang, results, candidates, checked, more}`;
   * `results` are in rank order. Options: `limit` (verified results, default 10) and
   * `maxCandidates` (documents verified at most, default 30).
   */
  function search(lang, text, options) {
    var opts = options || {};
    var limit = Math.max(1, opts.limit || 10);
    var maxCandidates = Math.max(limit, opts.maxCandidates || 30);
    var q = parseQuery(String(text || ''));
    var out = { query: String(text || ''), lang: lang, results: [], candidates: 0, checked: 0, more: false };
    if (!q.terms.length || !lang) { return Promise.resolve(out); }
    var s = store(lang);
    var meta;
    return loadMeta(lang).then(function (m) {
      if (m.version !== 1) { throw new Error('kbSearch: unsupported index version ' + m.version); }
      meta = m;
      var needed = [];
      q.terms.forEach(function (t) {
        lookups(t).forEach(function (l) {
          var n = shardIndex(meta, l.key);
          if (needed.indexOf(n) < 0) { needed.push(n); }
        });
      });
      return Promise.all(needed.map(function (n) { return loadTerms(lang, n); }));
    }).then(function () {
      var maps = q.terms.map(function (t) { return postingsOf(s, meta, t); });
      maps.sort(function (a, b) { return a.size - b.size; });
      var candidates = [];
      maps[0].forEach(function (score, doc) {
        for (var k = 1; k < maps.length; k++) {
          var other = maps[k].get(doc);
          if (other === undefined) { return; }
          score += other;
        }
        candidates.push({ doc: doc, score: score });
      });
      candidates.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      out.candidates = candidates.length;
      var size = Math.max(1, meta.docShardSize | 0);
      var verified = [];
      var checked = 0;
      var step = function () {
        var room = Math.min(limit - verified.length, maxCandidates - checked, candidates.length - checked);
        if (room <= 0) { return null; }
        var batch = candidates.slice(checked, checked + room);
        var shards = [];
        batch.forEach(function (c) {
          var n = Math.floor(c.doc / size);
          if (shards.indexOf(n) < 0) { shards.push(n); }
        });
        return Promise.all(shards.map(function (n) { return loadDocs(lang, n); })).then(function () {
          batch.forEach(function (c) {
            if (verified.length >= limit) { return; }
            checked += 1;
            var doc = s.byId.get(c.doc);
            if (doc && verify(prepared(doc), q)) {
              var r = resultOf(lang, doc, q, c.score);
              r.rank = verified.length;
              verified.push(r);
            }
          });
          return step();
        });
      };
      return Promise.resolve(step()).then(function () {
        verified.sort(function (a, b) { return b.score - a.score || a.rank - b.rank; });
        out.results = verified;
        out.checked = checked;
        out.more = checked < candidates.length;
        return out;
      });
    });
  }

  /* ---------- DOM helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function appendSegments(parent, segments) {
    segments.forEach(function (seg) {
      if (seg.mark) {
        parent.appendChild(el('mark', null, seg.text));
      } else {
        parent.appendChild(document.createTextNode(seg.text));
      }
    });
    return parent;
  }

  /** One result: title, category, snippet (matches in <mark>). An `<a href>` on the search
      page; a plain element inside a listbox option (options must not hold focusable links). */
  function resultNode(r, tag, className) {
    var a = el(tag, className);
    if (tag === 'a') { a.href = r.href; }
    a.setAttribute('data-kb-doc', String(r.id));
    a.appendChild(appendSegments(el('span', 'kb-result-title'), r.titleSegments));
    if (r.category) { a.appendChild(el('span', 'kb-result-category', r.category)); }
    if (r.snippet.length) { a.appendChild(appendSegments(el('span', 'kb-result-snippet'), r.snippet)); }
    return a;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function fill(template, values) {
    return String(template).replace(/\{(count|query)\}/g, function (m, name) {
      return has.call(values, name) ? String(values[name]) : m;
    });
  }

  function getParam(name) {
    try {
      return new URLSearchParams(window.location.search).get(name);
    } catch (e) {
      return null;
    }
  }

  /* ---------- UI ---------- */

  var DEBOUNCE_MS = 120;
  var form = null;
  var input = null;
  var lang = pageLang();

  function label(name, fallback) {
    var v = form && form.getAttribute('data-' + name);
    return v ? v : fallback;
  }

  function countText(n) {
    if (n === 1) { return label('result-one-label', '1 result'); }
    return fill(label('results-count-label', '{count} results'), { count: n });
  }

  function noResultsText(query) {
    return fill(label('no-results-label', 'No results for “{query}”.'), { query: query });
  }

  var liveTimer = null;
  function announce(text) {
    var live = document.querySelector('.kb-status');
    if (!live) { return; }
    live.textContent = '';
    if (liveTimer) { window.clearTimeout(liveTimer); }
    liveTimer = window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function searchPageUrl(query) {
    var url = new URL(form.getAttribute('action') || 'search.html', window.location.href);
    url.search = '?q=' + encodeURIComponent(query);
    url.hash = '';
    return url.href;
  }

  function reportError(error) {
    if (window.console && console.warn) { console.warn(String(error && error.message ? error.message : error)); }
  }

  /* The results page: <lang>/search.html?q=... fills #kb-search-results. */
  function initResultsPage(list) {
    var status = document.getElementById('kb-search-status');
    var hint = document.getElementById('kb-search-hint');
    var more = el('button', 'kb-search-more', label('more-label', 'More results'));
    more.type = 'button';
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    var seq = 0;
    var timer = null;
    var limit = 10;
    var shown = '';

    var setStatus = function (text) {
      if (status) { status.textContent = text; }
    };

    var updateUrl = function (query) {
      try {
        var url = new URL(window.location.href);
        if (query) { url.search = '?q=' + encodeURIComponent(query); } else { url.search = ''; }
        if (url.href !== window.location.href) { window.history.replaceState(window.history.state, '', url.href); }
      } catch (e) {
        /* file:// or a sandboxed page: keep the old address */
      }
    };

    var run = function (focusFrom) {
      var query = input.value;
      var mine = ++seq;
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (!query.trim()) {
        clear(list);
        list.setAttribute('data-kb-query', '');
        more.hidden = true;
        setStatus('');
        if (hint) { hint.hidden = false; }
        shown = '';
        return Promise.resolve();
      }
      list.setAttribute('aria-busy', 'true');
      return search(lang, query, { limit: limit, maxCandidates: limit * 3 }).then(function (res) {
        if (mine !== seq) { return; }
        clear(list);
        res.results.forEach(function (r) {
          var li = el('li', 'kb-result-item');
          li.appendChild(resultNode(r, 'a', 'kb-result'));
          list.appendChild(li);
        });
        list.removeAttribute('aria-busy');
        list.setAttribute('data-kb-query', query);
        if (hint) { hint.hidden = true; }
        more.hidden = !res.more;
        setStatus(res.results.length ? countText(res.results.length) : noResultsText(query.trim()));
        shown = query;
        if (typeof focusFrom === 'number') {
          var links = list.querySelectorAll('a.kb-result');
          var target = links[Math.min(focusFrom, links.length - 1)];
          if (target) { target.focus(); }
        }
      }, function (error) {
        if (mine !== seq) { return; }
        list.removeAttribute('aria-busy');
        clear(list);
        more.hidden = true;
        list.setAttribute('data-kb-query', query);
        setStatus(label('error-label', 'The search index could not be loaded.'));
        reportError(error);
      });
    };

    input.addEventListener('input', function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () {
        timer = null;
        limit = 10;
        updateUrl(input.value);
        run();
      }, DEBOUNCE_MS);
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (input.value === shown && !timer) { return; }
      limit = 10;
      updateUrl(input.value);
      run();
    });
    more.addEventListener('click', function () {
      var before = list.querySelectorAll('a.kb-result').length;
      limit += 10;
      run(before);
    });

    var q = getParam('q');
    if (q !== null && q !== '') {
      input.value = q;
      run();
    }
  }

  /* Every other page: results drop down under the header box (ARIA 1.2 combobox + listbox). */
  function initDropdown() {
    var listId = 'kb-search-listbox';
    var popup = el('div', 'kb-search-popup');
    popup.hidden = true;
    var listbox = el('ul', 'kb-search-listbox');
    listbox.id = listId;
    listbox.setAttribute('role', 'listbox');
    listbox.setAttribute('aria-label', label('suggestions-label', 'Search results'));
    var message = el('p', 'kb-search-popup-message');
    popup.appendChild(listbox);
    popup.appendChild(message);
    form.appendChild(popup);
    var help = el('span', 'kb-visually-hidden', label('help-label', ''));
    help.id = 'kb-search-help';
    form.appendChild(help);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    if (help.textContent) { input.setAttribute('aria-describedby', 'kb-search-help'); }

    var options = [];
    var active = -1;
    var seq = 0;
    var timer = null;
    var shownQuery = null;

    var setActive = function (index) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove('is-active');
        options[active].setAttribute('aria-selected', 'false');
      }
      active = index;
      if (active >= 0 && options[active]) {
        var opt = options[active];
        opt.classList.add('is-active');
        opt.setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', opt.id);
        if (typeof opt.scrollIntoView === 'function') { opt.scrollIntoView({ block: 'nearest' }); }
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    };

    var open = function () {
      popup.hidden = false;
      input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    };

    var close = function () {
      setActive(-1);
      popup.hidden = true;
      input.setAttribute('aria-expanded', 'false');
    };

    var go = function (href, newWindow) {
      if (newWindow) {
        window.open(href, '_blank', 'noopener');
      } else {
        window.location.href = href;
      }
    };

    var addOption = function (content, href) {
      var li = el('li', 'kb-search-option');
      li.id = listId + '-' + options.length;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-href', href);
      li.appendChild(content);
      li.addEventListener('mousemove', function () {
        var k = options.indexOf(li);
        if (k !== active) { setActive(k); }
      });
      li.addEventListener('click', function (ev) {
        go(href, ev.ctrlKey || ev.metaKey || ev.shiftKey);
      });
      options.push(li);
      listbox.appendChild(li);
    };

    var render = function (query, res) {
      clear(listbox);
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      res.results.forEach(function (r) { addOption(resultNode(r, 'div', 'kb-suggestion'), r.href); });
      if (res.results.length) {
        var all = el('div', 'kb-suggestion kb-suggestion-all', fill(label('all-results-label', 'All results for “{query}”'), { query: query.trim() }));
        addOption(all, searchPageUrl(query));
        message.textContent = '';
        message.hidden = true;
        announce(countText(res.results.length));
      } else {
        message.textContent = noResultsText(query.trim());
        message.hidden = false;
        announce(message.textContent);
      }
      listbox.hidden = !res.results.length;
      listbox.setAttribute('data-kb-query', query);
      shownQuery = query;
      open();
    };

    var run = function () {
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) {
        shownQuery = null;
        close();
        return;
      }
      search(lang, query).then(function (res) {
        if (mine !== seq || document.activeElement !== input) { return; }
        render(query, res);
      }, function (error) {
        if (mine !== seq) { return; }
        clear(listbox);
        options = [];
        listbox.hidden = true;
        message.textContent = label('error-label', 'The search index could not be loaded.');
        message.hidden = false;
        announce(message.textContent);
        open();
        reportError(error);
      });
    };

    var schedule = function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { timer = null; run(); }, DEBOUNCE_MS);
    };

    input.addEventListener('input', schedule);
    input.addEventListener('focus', function () {
      loadMeta(lang).catch(reportError);
      if (input.value.trim() && shownQuery === input.value && popup.hidden) {
        open();
      } else if (input.value.trim() && shownQuery !== input.value) {
        schedule();
      }
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.isComposing || ev.keyCode === 229) { return; }
      var key = ev.key;
      if (key === 'ArrowDown' || key === 'Down' || key === 'ArrowUp' || key === 'Up') {
        if (!options.length) { return; }
        ev.preventDefault();
        var down = key === 'ArrowDown' || key === 'Down';
        if (popup.hidden) {
          open();
          setActive(down ? 0 : options.length - 1);
          return;
        }
        var next = active < 0 ? (down ? 0 : options.length - 1) : active + (down ? 1 : -1);
        if (next >= options.length) { next = 0; }
        if (next < 0) { next = options.length - 1; }
        setActive(next);
      } else if (key === 'Enter') {
        if (!popup.hidden && active >= 0 && options[active]) {
          ev.preventDefault();
          go(options[active].getAttribute('data-href'), ev.ctrlKey || ev.metaKey || ev.shiftKey);
        }
      } else if (key === 'Escape' || key === 'Esc') {
        if (!popup.hidden) {
          ev.preventDefault();
          ev.stopPropagation();
          close();
        }
      }
    });
    form.addEventListener('submit', function (ev) {
      // Navigate ourselves: a GET form submission is not allowed everywhere (file://, CSP).
      ev.preventDefault();
      if (!input.value.trim()) { return; }
      window.location.href = searchPageUrl(input.value);
    });
    form.addEventListener('focusout', function (ev) {
      var to = ev.relatedTarget;
      if (to && form.contains(to)) { return; }
      window.setTimeout(function () {
        if (!form.contains(document.activeElement)) { close(); }
      }, 0);
    });
    // Keep focus in the box while a result is clicked.
    popup.addEventListener('mousedown', function (ev) {
      if (ev.button === 0) { ev.preventDefault(); }
    });
    document.addEventListener('click', function (ev) {
      if (!popup.hidden && !form.contains(ev.target)) { close(); }
    });
  }

  function init() {
    input = document.getElementById('kb-search-input');
    form = input ? input.form || input.closest('form') : null;
    if (!input || !form || !lang) { return; }
    var list = document.getElementById('kb-search-results');
    if (list) {
      initResultsPage(list);
    } else {
      initDropdown();
    }
  }

  /* ---------- public API ---------- */

  window.kbSearch = {
    version: 1,
    meta: registerMeta,
    terms: registerTerms,
    docs: registerDocs,
    tokenize: tokenize,
    tokenizeFull: tokenizeFull,
    normalize: normalize,
    shardKeyHash: shardKeyHash,
    search: search,
    /** A loaded document of the index (for tests and tools), or null. */
    doc: function (docLang, id) { return store(docLang).byId.get(id) || null; },
    indexUrl: indexUrl,
    lang: lang
  };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
