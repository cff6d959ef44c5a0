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

  /**
   * The output layout as the page states it (`data-*-url` on the search form, made by
   * render::urls): a URL pattern with `{lang}`, relative to the page; null when a project's own
   * template leaves it out (then the layout below the script's own URL is assumed).
   */
  function layoutUrl(name, lang) {
    var f = document.querySelector('form.kb-search[data-' + name + ']');
    var pattern = f ? f.getAttribute('data-' + name) : '';
    if (!pattern) { return null; }
    var url = pattern.split('{lang}').join(encodeURIComponent(lang));
    return new URL(url, document.baseURI || window.location.href).href;
  }

  /** `<root>/<lang>/`: the folder of search.html and of the topic pages (absolute URL). */
  function langBase(lang) {
    return layoutUrl('lang-url', lang) ||
      new URL('../' + encodeURIComponent(lang) + '/', SCRIPT_SRC).href;
  }

  function indexUrl(lang, file) {
    return new URL(file, layoutUrl('index-url', lang) || new URL('search/', langBase(lang)).href).href;
  }

  /** A language's search page (absolute URL). */
  function langSearchPage(lang) {
    return new URL(layoutUrl('search-page-url', lang) || new URL('search.html', langBase(lang)).href);
  }

  /* ---------- normaliser and tokenizer (mirror src/text_norm.rs and src/search/tokenize.rs) ---------- */

  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;

  /** src/text_norm.rs `is_cjk`: Han, kana, Hangul and Bopomofo (searched by bigrams). */
  function isCjkCode(cp) {
    return (cp >= 0x1100 && cp <= 0x11FF) || // Hangul jamo
      (cp >= 0x2E80 && cp <= 0x2FDF) ||      // CJK radicals
      (cp >= 0x3040 && cp <= 0x309F) ||      // Hiragana
      (cp >= 0x30A0 && cp <= 0x30FA) ||      // Katakana (the middle dot U+30FB is a gap)
      (cp >= 0x30FC && cp <= 0x30FF) ||      // ー and the iteration marks
      (cp >= 0x3100 && cp <= 0x312F) ||      // Bopomofo
      (cp >= 0x3130 && cp <= 0x318F) ||      // Hangul compatibility jamo
      (cp >= 0x31A0 && cp <= 0x31BF) ||      // Bopomofo extended
      (cp >= 0x31F0 && cp <= 0x31FF) ||      // Katakana phonetic extensions
      (cp >= 0x3400 && cp <= 0x4DBF) ||      // CJK extension A
      (cp >= 0x4E00 && cp <= 0x9FFF) ||      // CJK unified ideographs
      (cp >= 0xA960 && cp <= 0xA97F) ||      // Hangul jamo extended-A
      (cp >= 0xAC00 && cp <= 0xD7AF) ||      // Hangul syllables
      (cp >= 0xD7B0 && cp <= 0xD7FF) ||      // Hangul jamo extended-B
      (cp >= 0xF900 && cp <= 0xFAFF) ||      // CJK compatibility ideographs
      (cp >= 0x3005 && cp <= 0x3007) ||      // 々 〆 〇
      (cp >= 0x20000 && cp <= 0x2FA1F) ||    // CJK extensions B to F, compatibility supplement
      (cp >= 0x30000 && cp <= 0x323AF);      // CJK extensions G and H
  }

  function isCjk(ch) {
    return ch !== undefined && isCjkCode(ch.codePointAt(0));
  }

  /** A character that carries meaning alone (Han) or in pairs (a Hangul syllable), unlike kana. */
  function isHan(ch) {
    var cp = ch.codePointAt(0);
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x3005 && cp <= 0x3007) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x20000 && cp <= 0x323AF);
  }

  function isWordChar(ch) {
    return ch !== undefined && !isCjk(ch) && ALNUM.test(ch);
  }

  /** White_Space (the Unicode property, as Rust's `char::is_whitespace`). */
  function isSpaceCode(cp) {
    return (cp >= 0x9 && cp <= 0xD) || cp === 0x20 || cp === 0x85 || cp === 0xA0 || cp === 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200A) || cp === 0x2028 || cp === 0x2029 || cp === 0x202F || cp === 0x205F || cp === 0x3000;
  }

  function isGapCode(cp) {
    return isSpaceCode(cp) ||
      (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) || (cp >= 0x7B && cp <= 0x7E) ||
      (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
      (cp >= 0x3000 && cp <= 0x3004) || (cp >= 0x3008 && cp <= 0x3020) || cp === 0x3030 || cp === 0x30FB;
  }

  var wordCodes = new Map();
  function isWordCode(cp) {
    if (cp < 0x80) { return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5A) || (cp >= 0x61 && cp <= 0x7A); }
    var v = wordCodes.get(cp);
    if (v === undefined) {
      v = !isCjkCode(cp) && ALNUM.test(String.fromCodePoint(cp));
      wordCodes.set(cp, v);
    }
    return v;
  }

  /** 1 for a hiragana letter, 2 for a katakana letter, 0 otherwise (ー is neither). */
  function kanaCode(cp) {
    if ((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309D || cp === 0x309E) { return 1; }
    if ((cp >= 0x30A1 && cp <= 0x30FA) || cp === 0x30FD || cp === 0x30FE || (cp >= 0x31F0 && cp <= 0x31FF)) { return 2; }
    return 0;
  }

  function isHexCode(cp) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x46) || (cp >= 0x61 && cp <= 0x66);
  }

  var lowerCodes = new Map();
  /** Appends the lowercase form of `cp` (one or more code points) to `out`. */
  function pushLower(cp, out) {
    if (cp < 0x80) {
      out.push(cp >= 0x41 && cp <= 0x5A ? cp + 32 : cp);
      return;
    }
    var lc = lowerCodes.get(cp);
    if (lc === undefined) {
      lc = [];
      for (var ch of String.fromCodePoint(cp).toLowerCase()) { lc.push(ch.codePointAt(0)); }
      lowerCodes.set(cp, lc);
    }
    for (var k = 0; k < lc.length; k++) { out.push(lc[k]); }
  }

  /** Steps 2–6 of the normalisation over code points that are already NFKC. Returns the
      normalised code points and, for each, the index of the input code point it came from
      (so matches in a page's text can be marked in the original). Works on numbers: a page's
      text is normalised once per search and this is the client's hot path. */
  function normalizeMapped(input) {
    var a = [], am = [];
    for (var i = 0; i < input.length; i++) {
      pushLower(input[i].codePointAt(0), a);
      while (am.length < a.length) { am.push(i); }
    }
    // 3. gaps between CJK characters vanish
    var b = [], bm = [];
    for (var g = 0; g < a.length;) {
      if (isGapCode(a[g]) && b.length && isCjkCode(b[b.length - 1])) {
        var end = g;
        while (end < a.length && isGapCode(a[end])) { end += 1; }
        if (end < a.length && isCjkCode(a[end])) { g = end; continue; }
      }
      b.push(a[g]); bm.push(am[g]);
      g += 1;
    }
    // 4. the long-vowel mark that ends a kana word of 3+ characters is dropped
    // 5. hiragana → katakana (after deciding step 4 on the original scripts)
    var c = [], cm = [];
    var script = 0;
    var wordLen = 0;
    for (var k = 0; k < b.length; k++) {
      var cp = b[k];
      if (cp === 0x30FC) {
        var next = b[k + 1];
        var continues = next === 0x30FC || (script !== 0 && next !== undefined && kanaCode(next) === script);
        if (script !== 0 && wordLen >= 3 && !continues) { script = 0; wordLen = 0; continue; }
        wordLen += script !== 0 ? 1 : 0;
      } else {
        var sc = kanaCode(cp);
        if (sc !== 0 && sc === script) { wordLen += 1; } else if (sc !== 0) { script = sc; wordLen = 1; } else { script = 0; wordLen = 0; }
      }
      c.push((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309D || cp === 0x309E ? cp + 0x60 : cp);
      cm.push(bm[k]);
    }
    // 6. `0x` before a hexadecimal number is dropped
    var d = [], dm = [];
    for (var j = 0; j < c.length;) {
      if (c[j] === 0x30 && c[j + 1] === 0x78 && (j === 0 || !isWordCode(c[j - 1]))) {
        var e = j + 2;
        while (e < c.length && isHexCode(c[e])) { e += 1; }
        if (e > j + 2 && !(e < c.length && isWordCode(c[e]))) { j += 2; continue; }
      }
      d.push(c[j]); dm.push(cm[j]);
      j += 1;
    }
    var chars = new Array(d.length);
    for (var m = 0; m < d.length; m++) { chars[m] = String.fromCodePoint(d[m]); }
    return { chars: chars, map: dm };
  }

  function normalize(text) {
    return normalizeMapped(Array.from(String(text).normalize('NFKC'))).chars.join('');
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
    if (!slash && !body.some(isJoiner)) { return; }
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

  /** Calls `f(chars, start, end, cjk)` for every CJK run and every whole word of normalised
      code points (the tokenizer's units before bigrams and word parts). */
  function scanUnits(chars, f) {
    var n = chars.length;
    var i = 0;
    while (i < n) {
      var c = chars[i];
      var start = i;
      if (isCjk(c)) {
        while (i < n && isCjk(chars[i])) { i += 1; }
        f(start, i, true);
      } else if (isWordChar(c) ||
          (c === '/' && isWordChar(chars[i + 1]) && (i === 0 || !isWordChar(chars[i - 1])))) {
        i += 1;
        while (i < n) {
          var ch = chars[i];
          if (isWordChar(ch) || (isJoiner(ch) && isWordChar(chars[i + 1]))) { i += 1; } else { break; }
        }
        f(start, i, false);
      } else {
        i += 1;
      }
    }
  }

  /** Tokens with `{text, cjk, pos}` (pos in code points of the normalised text). */
  function tokenizeFull(text) {
    var chars = Array.from(normalize(text));
    var out = [];
    scanUnits(chars, function (start, end, cjk) {
      if (cjk) { pushCjk(chars.slice(start, end), start, out); } else { pushWord(chars.slice(start, end), start, out); }
    });
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

  /** FNV-1a 32-bit over the UTF-8 bytes of the token's first three code points. */
  function shardKeyHash(token) {
    var key = Array.from(token).slice(0, 3).join('');
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
      s = { meta: null, terms: Object.create(null), docs: Object.create(null), byId: new Map(), tables: new Map() };
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

  /**
   * Resolves when `doc.x` holds the page's searchable text: a document shard carries it packed
   * (`z`: zlib, base64), inflated here only for the pages a query checks, once per page. A page
   * whose text cannot be read (a damaged shard) gets an empty text, so it is simply not matched,
   * and the search goes on; a browser without `DecompressionStream` fails the search, which the
   * page reports ("The search index could not be loaded").
   */
  function inflated(doc) {
    if (!doc || typeof doc.x === 'string') { return Promise.resolve(doc); }
    if (doc.__inflating) { return doc.__inflating; }
    if (typeof DecompressionStream === 'undefined') {
      // Not one page but every page is unreadable here: the search says so instead of finding
      // nothing.
      return Promise.reject(new Error('kbSearch: this browser cannot unpack the search index ' +
        '(no DecompressionStream; Chromium 80, Firefox 113, Safari 16.4 or later can)'));
    }
    var empty = function () { doc.x = ''; return doc; };
    try {
      var binary = atob(String(doc.z || ''));
      var bytes = new Uint8Array(binary.length);
      for (var k = 0; k < binary.length; k++) { bytes[k] = binary.charCodeAt(k); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
      doc.__inflating = new Response(stream).text().then(function (x) { doc.x = x; return doc; }, empty);
    } catch (e) {
      doc.__inflating = Promise.resolve(empty());
    }
    return doc.__inflating;
  }

  /* ---------- query ---------- */

  /** The index format this client reads (meta.version). */
  var VERSION = 3;
  var K1 = 1.2;
  var PREFIX_FACTOR = 0.7;
  var TYPO_FACTOR = 0.6;
  var SYNONYM_FACTOR = 0.9;
  var PARTIAL_MIN = 5; // fewer full matches than this: pages matching most terms follow
  var has = Object.prototype.hasOwnProperty;

  /** The units of a normalised string: CJK runs and whole words, `{text, cjk, len}`. */
  function unitsOf(norm) {
    var chars = Array.from(norm);
    var out = [];
    scanUnits(chars, function (start, end, cjk) {
      out.push({ text: chars.slice(start, end).join(''), cjk: cjk, len: end - start, start: start, end: end, corrections: [] });
    });
    return out;
  }

  function groupOf(groups, norm) {
    for (var k = 0; k < groups.length; k++) {
      if (groups[k].indexOf(norm) >= 0) { return groups[k]; }
    }
    return null;
  }

  /** English function words a question adds to what it asks about (normalised: lower case). */
  var STOP_WORDS = new Set(('a an the and or of to in on at for from with by about as is are was be been am ' +
    'i me my we our you your it its this that these those there here ' +
    'how what where when why which who do does did can could should would will shall may might must please').split(' '));

  function isStopWord(norm) {
    return STOP_WORDS.has(norm);
  }

  function startsStopWord(prefix) {
    var found = false;
    STOP_WORDS.forEach(function (w) { if (w.lastIndexOf(prefix, 0) === 0) { found = true; } });
    return found;
  }

  /**
   * Query → terms. Each whitespace-separated word is normalised on its own and split into its
   * units (CJK runs, Latin words); a synonym of the language (several words: `key finder`, or
   * a CJK word inside a longer run: `中古パソコン` → `中古`, `パソコン`) becomes one term that
   * matches any word of its group. A term: `{label, alts: [[unit, ...], ...]}`. English
   * function words (`how do I find my product key`) are left out when the query has other words
   * (always when `prefetching`: a query still being typed may get them): no page is left out
   * for lacking `how` or `my`, and they never show as missing words.
   */
  function parseQuery(text, synonyms, prefetching) {
    var groups = (synonyms || []).filter(Array.isArray);
    var words = String(text).split(/\p{White_Space}+/u).filter(Boolean).map(function (w) {
      var nfkc = Array.from(w.normalize('NFKC'));
      var mapped = normalizeMapped(nfkc);
      var norm = mapped.chars.join('');
      var units = unitsOf(norm);
      // How each unit was typed (for "Missing: …" labels).
      units.forEach(function (u) { u.typed = nfkc.slice(mapped.map[u.start], mapped.map[u.end - 1] + 1).join(''); });
      return { raw: w, norm: norm, units: units };
    }).filter(function (w) { return w.units.length; });
    var terms = [];
    var add = function (label, norm, group) {
      var alts = [norm].concat(group ? group.filter(function (m) { return m !== norm; }) : []);
      var key = alts.join('\u0000');
      if (terms.some(function (t) { return t.key === key; })) { return; }
      var list = alts.map(unitsOf).filter(function (u) { return u.length; });
      if (list.length) { terms.push({ label: label, key: key, alts: list, synonym: !!group, stop: !group && isStopWord(norm) }); }
    };
    var splitCjk = function (run, label) {
      var best = null;
      groups.forEach(function (g) {
        g.forEach(function (m) {
          if (m !== run && m.length > 1 && isCjk(Array.from(m)[0]) && run.indexOf(m) >= 0 &&
              (!best || m.length > best.m.length)) { best = { m: m, g: g }; }
        });
      });
      if (!best) { add(label, run, groupOf(groups, run)); return; }
      var at = run.indexOf(best.m);
      if (at > 0) { splitCjk(run.slice(0, at), run.slice(0, at)); }
      add(best.m, best.m, best.g);
      var rest = run.slice(at + best.m.length);
      if (rest) { splitCjk(rest, rest); }
    };
    for (var i = 0; i < words.length;) {
      var end = -1;
      var group = null;
      for (var k = words.length; k > i + 1 && end < 0; k--) {
        group = groupOf(groups, words.slice(i, k).map(function (w) { return w.norm; }).join(' '));
        if (group) { end = k; }
      }
      if (end > 0) {
        var norms = words.slice(i, end).map(function (w) { return w.norm; }).join(' ');
        add(words.slice(i, end).map(function (w) { return w.raw; }).join(' '), norms, group);
        i = end;
        continue;
      }
      var w = words[i];
      w.units.forEach(function (u) {
        var label = w.units.length === 1 ? w.raw : u.typed;
        if (u.cjk) { splitCjk(u.text, label); } else { add(label, u.text, groupOf(groups, u.text)); }
      });
      i += 1;
    }
    if (prefetching || terms.some(function (t) { return !t.stop; })) { terms = terms.filter(function (t) { return !t.stop; }); }
    return { text: String(text), words: words, terms: terms, phrase: words.map(function (w) { return w.norm; }).join(' ') };
  }

  /** The index keys a unit is looked up under: a word itself (and, for 3+ characters, every key
      it prefixes, which share its shard), a CJK run's non-overlapping bigrams plus the last one
      (every character is in one; overlapping ones would double the download and add little),
      or its one character. `{key, at}`: `at` is the bigram's first character in the run. */
  function keysOf(unit) {
    if (!unit.cjk) { return [{ key: unit.text, at: 0 }]; }
    var chars = Array.from(unit.text);
    if (chars.length === 1) { return [{ key: unit.text, at: 0 }]; }
    var out = [];
    for (var k = 0; k + 1 < chars.length; k += 2) { out.push({ key: chars[k] + chars[k + 1], at: k }); }
    if (chars.length % 2 === 1) { out.push({ key: chars[chars.length - 2] + chars[chars.length - 1], at: chars.length - 2 }); }
    return out;
  }

  function shardIndex(meta, key) {
    var count = Math.max(1, meta.termShards | 0);
    return shardKeyHash(key) & (count - 1);
  }

  function eachUnit(q, f) {
    q.terms.forEach(function (t) { t.alts.forEach(function (alt) { alt.forEach(f); }); });
  }

  /** The units the reader typed (a term's first alternative), not its synonyms': only these
      may be typos (synonyms are the writers' words; one the pages lack is not corrected). */
  function eachTypedUnit(q, f) {
    q.terms.forEach(function (t) { (t.alts[0] || []).forEach(f); });
  }

  function bm25(n, df, w) {
    var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    return idf * w * (K1 + 1) / (w + K1);
  }

  /** Per-document values of one query unit, in flat arrays indexed by doc id (a query touches a
      few thousand postings; objects per posting were most of the matching time):
      `{docs: [doc, ...] (each once, first-seen order), score: Float64Array, cover: Float64Array}`. */
  function unitTable(count) {
    return { docs: [], score: new Float64Array(count), cover: new Float64Array(count), seen: new Uint8Array(count) };
  }

  function touch(table, doc) {
    if (!table.seen[doc]) { table.seen[doc] = 1; table.docs.push(doc); }
  }

  /** Values of the varint digits `A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_` (0–63), by char code. */
  var DIGIT = (function () {
    var digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var table = new Int8Array(128).fill(-1);
    for (var k = 0; k < digits.length; k++) { table[digits.charCodeAt(k)] = k; }
    return table;
  })();

  /** The numbers of a varint string: little-endian groups of 5 bits, a digit ≥ 32 means more
      follow (docs/search-index.md, "Encodings"). */
  function decodeVarints(text) {
    var out = [];
    var n = 0;
    var shift = 0;
    for (var k = 0; k < text.length; k++) {
      var d = DIGIT[text.charCodeAt(k) & 127];
      if (d < 0) { break; }
      n += (d & 31) * Math.pow(2, shift);
      if (d >= 32) {
        shift += 5;
      } else {
        out.push(n);
        n = 0;
        shift = 0;
      }
    }
    return out;
  }

  /** The postings `[df, doc, weight, delta, weight, ...]` of `key` in a term shard, decoded on
      first use and kept (a shard holds thousands of terms; a query reads a few). */
  function postingsOf(shard, key) {
    if (!shard || !has.call(shard, key)) { return null; }
    var value = shard[key];
    if (typeof value === 'string') {
      value = decodeVarints(value);
      shard[key] = value;
    }
    return Array.isArray(value) ? value : null;
  }

  /** Adds the postings `[df, doc, weight, delta, weight, ...]` × `factor` to `weights`; returns df. */
  function addPostings(table, weights, list, factor) {
    if (!Array.isArray(list)) { return 0; }
    var doc = 0;
    for (var k = 1; k + 1 < list.length; k += 2) {
      doc = k === 1 ? list[k] : doc + list[k];
      if (doc >= weights.length) { continue; }
      touch(table, doc);
      weights[doc] += factor * list[k + 1];
    }
    return list[0];
  }

  /** The table of a Latin word: the exact key, the keys it prefixes (0.7×) and its typo
      corrections (0.6×) make one term whose document frequency counts pages with any. */
  function latinMatches(s, meta, unit) {
    var n = Math.max(1, meta.docs | 0);
    var table = unitTable(n);
    var weights = new Float64Array(n);
    var df = 0;
    var shard = s.terms[shardIndex(meta, unit.text)] || {};
    if (has.call(shard, unit.text)) { df = Math.max(df, addPostings(table, weights, postingsOf(shard, unit.text), 1)); }
    if (unit.len >= 3) {
      Object.keys(shard).forEach(function (k) {
        if (k !== unit.text && k.lastIndexOf(unit.text, 0) === 0) { df = Math.max(df, addPostings(table, weights, postingsOf(shard, k), PREFIX_FACTOR)); }
      });
    }
    unit.corrections.forEach(function (c) {
      var other = s.terms[shardIndex(meta, c)] || {};
      if (has.call(other, c)) { df = Math.max(df, addPostings(table, weights, postingsOf(other, c), TYPO_FACTOR)); }
    });
    df = Math.max(df, table.docs.length);
    table.docs.forEach(function (doc) {
      table.score[doc] = bm25(n, df, weights[doc]);
      table.cover[doc] = 1;
    });
    return table;
  }

  /** The table of a CJK run: the mean BM25 of its bigrams, and the share of its characters
      inside a bigram the page has (an upper bound of the verified coverage). */
  function cjkMatches(s, meta, unit) {
    var keys = keysOf(unit);
    var n = Math.max(1, meta.docs | 0);
    var table = unitTable(n);
    var len = unit.len;
    var marks = new Uint8Array(n * len);
    keys.forEach(function (entry) {
      var list = postingsOf(s.terms[shardIndex(meta, entry.key)], entry.key);
      if (!Array.isArray(list)) { return; }
      var df = list[0];
      var doc = 0;
      for (var k = 1; k + 1 < list.length; k += 2) {
        doc = k === 1 ? list[k] : doc + list[k];
        if (doc >= n) { continue; }
        touch(table, doc);
        table.score[doc] += bm25(n, df, list[k + 1]) / keys.length;
        marks[doc * len + entry.at] = 1;
        if (len > 1) { marks[doc * len + entry.at + 1] = 1; }
      }
    });
    table.docs.forEach(function (doc) {
      var c = 0;
      for (var k = 0; k < len; k++) { c += marks[doc * len + k]; }
      table.cover[doc] = c / len;
    });
    return table;
  }

  /** Edit distance with adjacent transpositions (optimal string alignment), capped. */
  function editDistance(a, b, cap) {
    if (Math.abs(a.length - b.length) > cap) { return cap + 1; }
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) { prev.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var cur = [i];
      var low = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) { v = Math.min(v, prev2[k - 2] + 1); }
        cur.push(v);
        if (v < low) { low = v; }
      }
      if (low > cap) { return cap + 1; }
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /** A Latin word of 4+ letters that no key equals or starts with (they share its shard). */
  function needsCorrection(s, meta, unit) {
    if (unit.cjk || unit.len < 4 || !/^\p{L}+$/u.test(unit.text)) { return false; }
    var shard = s.terms[shardIndex(meta, unit.text)] || {};
    if (has.call(shard, unit.text)) { return false; }
    return !Object.keys(shard).some(function (k) { return k.lastIndexOf(unit.text, 0) === 0; });
  }

  /** The shards a typo's correction may live in: the word's own (a typo after the third letter),
      and those of the word with its first two or its second and third letters swapped, or its
      first letter dropped. */
  function correctionShards(meta, word) {
    var chars = Array.from(word);
    var rest = chars.slice(3).join('');
    var keys = [word, chars[1] + chars[0] + chars[2] + rest, chars[0] + chars[2] + chars[1] + rest, chars.slice(1).join('')];
    var out = [];
    keys.forEach(function (k) {
      var n = shardIndex(meta, k);
      if (out.indexOf(n) < 0) { out.push(n); }
    });
    return out;
  }

  /** The closest vocabulary word (distance 1, or 2 for 8+ letters), the most frequent first. */
  function correctionOf(s, meta, word) {
    var cap = word.length >= 8 ? 2 : 1;
    var best = null;
    correctionShards(meta, word).forEach(function (n) {
      var shard = s.terms[n] || {};
      Object.keys(shard).forEach(function (k) {
        if (!/^\p{L}[\p{L}\p{N}]*$/u.test(k) || k.length < 3) { return; }
        var d = editDistance(word, k, cap);
        if (d > cap) { return; }
        var df = postingsOf(shard, k)[0];
        if (!best || d < best.d || (d === best.d && (df > best.df || (df === best.df && k < best.word)))) {
          best = { word: k, d: d, df: df };
        }
      });
    });
    return best ? best.word : null;
  }

  /** Per-document text prepared once: code points, the normalised text and its maps. */
  function prepared(doc) {
    if (doc.__kb) { return doc.__kb; }
    var chars = Array.from(String(doc.x || ''));
    var n = normalizeMapped(chars);
    var norm = n.chars.join('');
    var unit = []; // UTF-16 index in norm → index in chars
    n.chars.forEach(function (ch, k) {
      for (var j = 0; j < ch.length; j++) { unit.push(n.map[k]); }
    });
    unit.push(chars.length);
    var lineEnd = function (from) {
      var at = chars.indexOf('\n', from);
      return at < 0 ? chars.length : at;
    };
    // Line ends of the header: title, summary, tags, aliases, applies-to (docs/search-index.md).
    var lines = [lineEnd(0)];
    for (var line = 1; line < 5; line++) { lines.push(lineEnd(lines[line - 1] + 1)); }
    var titleEnd = lines[0];
    var summaryEnd = lines[1];
    var bodyStart = lines[4];
    var p = {
      chars: chars,
      norm: norm,
      unit: unit,
      lines: lines,
      titleEnd: titleEnd,
      headerEnd: Math.min(chars.length, summaryEnd + 1),
      bodyStart: Math.min(chars.length, bodyStart + 1),
      title: normalize(doc.t || '')
    };
    Object.defineProperty(doc, '__kb', { value: p, enumerable: false });
    return p;
  }

  /** Occurrences of a normalised `needle` as [startChar, endChar) ranges of the original text. */
  function occurrences(p, needle, wordStart, first) {
    var out = [];
    if (!needle) { return out; }
    var from = 0;
    for (;;) {
      var at = p.norm.indexOf(needle, from);
      if (at < 0) { break; }
      from = at + 1;
      if (wordStart && at > 0 && isWordChar(Array.from(p.norm.slice(Math.max(0, at - 2), at)).pop())) { continue; }
      var end = p.unit[at + needle.length - 1] + 1;
      // A long-vowel mark the normaliser dropped belongs to the match (プロダクトキー).
      while (p.chars[end] === '\u30FC' && p.unit[at + needle.length] !== end) { end += 1; }
      out.push([p.unit[at], end]);
      if (first) { break; }
    }
    return out;
  }

  /** How much of a unit the text has: `{cover, longest, ranges}`. A word must start a word of
      the text (it may be a prefix; a typo correction counts); a CJK run counts the share of its
      characters inside the longest pieces that occur in the text (2+ characters with a kanji,
      else 3+), taken left to right. */
  function unitCoverage(p, unit, all) {
    if (!unit.cjk) {
      var forms = [unit.text].concat(unit.corrections);
      for (var f = 0; f < forms.length; f++) {
        var r = occurrences(p, forms[f], true, !all);
        if (r.length) { return { cover: 1, longest: 1, ranges: r }; }
      }
      return { cover: 0, longest: 0, ranges: [] };
    }
    var whole = occurrences(p, unit.text, false, !all);
    if (whole.length) { return { cover: 1, longest: 1, ranges: whole }; }
    var chars = Array.from(unit.text);
    var covered = 0;
    var longest = 0;
    var ranges = [];
    for (var i = 0; i < chars.length;) {
      var found = 0;
      for (var len = chars.length - i; len >= 2 && !found; len--) {
        var text = chars.slice(i, i + len);
        // Two kana say little (キー, ファ); a piece of kana needs three.
        if (len < 3 && !text.some(isHan)) { continue; }
        var piece = occurrences(p, text.join(''), false, !all);
        if (piece.length) {
          found = len;
          ranges = ranges.concat(piece);
        }
      }
      if (found) { covered += found; longest = Math.max(longest, found); i += found; } else { i += 1; }
    }
    return { cover: covered / chars.length, longest: longest / chars.length, ranges: ranges };
  }

  function unitWeight(u) {
    return u.cjk ? u.len : Math.max(2, u.len);
  }

  /** The best alternative of a term in the text: `{cover, longest, ranges}`. */
  function termCoverage(p, term, all) {
    var best = null;
    term.alts.forEach(function (alt) {
      var total = 0, cover = 0, longest = 0, ranges = [];
      alt.forEach(function (u) {
        var c = unitCoverage(p, u, all);
        total += unitWeight(u);
        cover += c.cover * unitWeight(u);
        longest += c.longest * unitWeight(u);
        ranges = ranges.concat(c.ranges);
      });
      var r = { cover: cover / total, longest: longest / total, ranges: ranges };
      if (!best || r.cover > best.cover || (r.cover === best.cover && r.longest > best.longest)) { best = r; }
    });
    return best;
  }

  function matchRanges(p, q) {
    var ranges = [];
    q.terms.forEach(function (t, k) {
      termCoverage(p, t, true).ranges.forEach(function (r) { ranges.push([r[0], r[1], 't' + k]); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    return ranges;
  }

  var FOCUS_WINDOW = 40;

  /** Chooses the match to show and link to: the place where most distinct query terms occur
      close together (the whole phrase counts a little more), preferring the body over the header
      lines (tags, aliases, applies-to) and those over the title and summary, then the earliest. */
  function focusOf(p, q, ranges) {
    if (!ranges.length) { return 0; }
    var phrase = q.phrase && q.terms.length > 1
      ? occurrences(p, q.phrase, isWordChar(Array.from(q.phrase)[0]), false) : [];
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

  function titlePrepared(doc) {
    if (!doc.__kbTitle) {
      Object.defineProperty(doc, '__kbTitle', { value: prepared({ x: String(doc.t || '').normalize('NFKC') }), enumerable: false });
    }
    return doc.__kbTitle;
  }

  /** Title segments with the query marked (only when NFKC keeps the characters aligned). */
  function titleSegments(doc, q) {
    var raw = Array.from(String(doc.t || ''));
    var p = titlePrepared(doc);
    if (raw.length !== p.chars.length) { return [{ text: raw.join(''), mark: false }]; }
    var marks = new Uint8Array(raw.length);
    matchRanges(p, q).forEach(function (r) { for (var k = r[0]; k < r[1]; k++) { marks[k] = 1; } });
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

  /** A verified page: the coverage of every term, and whether it is a full or partial match. */
  function verdictOf(doc, q) {
    var p = prepared(doc);
    var covers = q.terms.map(function (t) { return termCoverage(p, t, false); });
    var full = 0, cover = 0, longest = 0;
    covers.forEach(function (c) {
      if (c.cover >= 0.999) { full += 1; }
      cover += c.cover;
      longest += c.longest;
    });
    var n = q.terms.length;
    var missing = [];
    q.terms.forEach(function (t, k) { if (covers[k].cover < 0.999) { missing.push(t.label); } });
    return {
      full: full,
      cover: cover,
      contiguity: longest / n,
      complete: full === n,
      partial: full < n && cover >= n / 2 && (full >= 1 || n === 1),
      missing: missing
    };
  }

  /** How much a match counts by the line it is in: title, summary, tags, aliases, applies-to
      (the body counts through BM25 alone). */
  var LINE_WEIGHTS = [1, 0.4, 0.6, 1, 0.5];

  /** The mean over terms of the best line weight among the term's matches. */
  function fieldScore(p, ranges, n) {
    var best = new Map();
    ranges.forEach(function (r) {
      var line = 0;
      while (line < p.lines.length && r[0] > p.lines[line]) { line += 1; }
      var w = line < LINE_WEIGHTS.length ? LINE_WEIGHTS[line] : 0;
      if (w > (best.get(r[2]) || 0)) { best.set(r[2], w); }
    });
    var sum = 0;
    best.forEach(function (w) { sum += w; });
    return sum / Math.max(1, n);
  }

  function resultOf(lang, doc, q, base, verdict) {
    var p = prepared(doc);
    var ranges = matchRanges(p, q);
    if (p.flat === undefined) { p.flat = p.norm.replace(/\s+/g, ' '); }
    var phraseInText = q.phrase ? p.flat.indexOf(q.phrase) >= 0 : false;
    var phraseInTitle = q.phrase ? p.title.replace(/\s+/g, ' ').indexOf(q.phrase) >= 0 : false;
    var tp = titlePrepared(doc);
    var allInTitle = q.terms.every(function (t) { return termCoverage(tp, t, false).cover >= 0.999; });
    var score = (base + 2 * fieldScore(p, ranges, q.terms.length)) *
      (1 + (phraseInText ? 0.5 : 0) + (phraseInTitle ? 1 : 0) + (allInTitle ? 0.5 : 0) + 0.5 * verdict.contiguity);
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
      score: score,
      partial: !verdict.complete,
      matched: verdict.full,
      missing: verdict.missing
    };
  }

  function loadAll(lang, shards) {
    return Promise.all(shards.map(function (n) { return loadTerms(lang, n); }));
  }

  var TABLES_KEPT = 64;

  /** A unit's table, computed once per language: it depends only on the unit (and its typo
      corrections) and on shards that never change once loaded, and every shard it reads is loaded
      before candidates are taken. So the search after the debounce reuses what loading ahead
      computed, and a query typed again reuses its own. */
  function unitMatches(s, meta, u) {
    var key = (u.cjk ? 'c' : 'w') + u.text + '\u0000' + u.corrections.join('\u0000');
    var table = s.tables.get(key);
    if (!table) {
      table = u.cjk ? cjkMatches(s, meta, u) : latinMatches(s, meta, u);
      if (s.tables.size >= TABLES_KEPT) { s.tables.clear(); }
      s.tables.set(key, table);
    }
    return table;
  }

  /** Candidate pages from the postings, best first: by the number of terms they may contain
      fully, then the total coverage, then BM25. Estimates are upper bounds of the verified
      values, so verification in this order can stop early. */
  function candidatesOf(s, meta, q) {
    var n = q.terms.length;
    var count = Math.max(1, meta.docs | 0);
    var tables = new Map();
    eachUnit(q, function (u) { tables.set(u, unitMatches(s, meta, u)); });
    // covers/scores[doc * n + term]: the best alternative of each term on each page.
    var covers = new Float64Array(count * n);
    var scores = new Float64Array(count * n);
    var seen = new Uint8Array(count);
    var docs = [];
    q.terms.forEach(function (t, ti) {
      t.alts.forEach(function (alt, ai) {
        var factor = ai === 0 ? 1 : SYNONYM_FACTOR;
        var total = alt.reduce(function (sum, u) { return sum + unitWeight(u); }, 0);
        var altTables = alt.map(function (u) { return tables.get(u); });
        var done = new Uint8Array(count);
        altTables.forEach(function (table) {
          table.docs.forEach(function (doc) {
            if (done[doc]) { return; }
            done[doc] = 1;
            var cover = 0, score = 0;
            for (var k = 0; k < alt.length; k++) {
              var other = altTables[k];
              if (other.seen[doc]) { cover += other.cover[doc] * unitWeight(alt[k]); score += other.score[doc]; }
            }
            cover /= total;
            score *= factor;
            if (!seen[doc]) { seen[doc] = 1; docs.push(doc); }
            var at = doc * n + ti;
            if (cover > covers[at] || (cover === covers[at] && score > scores[at])) {
              covers[at] = cover;
              scores[at] = score;
            }
          });
        });
      });
    });
    var out = [];
    docs.forEach(function (doc) {
      var full = 0, cover = 0, score = 0;
      for (var k = 0; k < n; k++) {
        var c = covers[doc * n + k];
        if (c >= 0.999) { full += 1; }
        cover += c;
        score += scores[doc * n + k];
      }
      if (cover >= n / 2) { out.push({ doc: doc, full: full, cover: cover, score: score }); }
    });
    out.sort(function (a, b) { return b.full - a.full || b.cover - a.cover || b.score - a.score || a.doc - b.doc; });
    return out;
  }

  /** The query with each corrected word replaced: the "Did you mean" link. */
  function suggestionOf(q, corrected) {
    var changed = false;
    var words = q.words.map(function (w) {
      if (has.call(corrected, w.norm)) { changed = true; return corrected[w.norm]; }
      return w.raw;
    });
    return changed ? words.join(' ') : null;
  }

  /**
   * Searches one language. Resolves to `{query, lang, results, full, suggestion, terms,
   * candidates, checked, more}`: `results` are the full matches in rank order, then (when
   * fewer than PARTIAL_MIN pages contain every term) partial matches, each with `partial` and
   * `missing` (the labels of the query terms it lacks). Options: `limit` (results, default 10),
   * `maxCandidates` (pages verified at most, default 30) and `preload` (only load the shards the
   * search reads, while the query is typed; `results` stays empty).
   */
  function search(lang, text, options) {
    var opts = options || {};
    var limit = Math.max(1, opts.limit || 10);
    var maxCandidates = Math.max(limit, opts.maxCandidates || 30);
    var out = { query: String(text || ''), lang: lang, results: [], full: 0, suggestion: null, terms: [], candidates: 0, checked: 0, more: false };
    if (!lang || !out.query.trim()) { return Promise.resolve(out); }
    var s = store(lang);
    var meta;
    var q;
    return loadMeta(lang).then(function (m) {
      if (m.version !== VERSION) { throw new Error('kbSearch: unsupported index version ' + m.version); }
      meta = m;
      q = parseQuery(out.query, m.synonyms);
      out.terms = q.terms.map(function (t) { return t.label; });
      var needed = [];
      eachUnit(q, function (u) {
        keysOf(u).forEach(function (entry) {
          var n = shardIndex(meta, entry.key);
          if (needed.indexOf(n) < 0) { needed.push(n); }
        });
      });
      return loadAll(lang, needed);
    }).then(function () {
      var typos = [];
      eachTypedUnit(q, function (u) { if (needsCorrection(s, meta, u)) { typos.push(u); } });
      if (!typos.length) { return null; }
      var needed = [];
      typos.forEach(function (u) {
        correctionShards(meta, u.text).forEach(function (n) { if (needed.indexOf(n) < 0) { needed.push(n); } });
      });
      return loadAll(lang, needed).then(function () {
        var corrected = Object.create(null);
        typos.forEach(function (u) {
          var c = correctionOf(s, meta, u.text);
          if (c) {
            u.corrections.push(c);
            corrected[u.text] = c;
          }
        });
        out.suggestion = suggestionOf(q, corrected);
      });
    }).then(function () {
      if (!q.terms.length) { return out; }
      var candidates = candidatesOf(s, meta, q);
      out.candidates = candidates.length;
      var n = q.terms.length;
      var size = Math.max(1, meta.docShardSize | 0);
      var full = [];
      var partial = [];
      var checked = 0;
      var enough = function () {
        if (checked >= candidates.length || checked >= maxCandidates) { return true; }
        if (candidates[checked].full === n) { return full.length >= limit; }
        return full.length >= PARTIAL_MIN || full.length + partial.length >= limit;
      };
      var step = function () {
        if (enough()) { return null; }
        var mayBeFull = candidates[checked].full === n;
        var room = mayBeFull ? limit - full.length : limit - full.length - partial.length;
        room = Math.max(1, Math.min(room, maxCandidates - checked));
        var batch = candidates.slice(checked, checked + room);
        var shards = [];
        batch.forEach(function (c) {
          var k = Math.floor(c.doc / size);
          if (shards.indexOf(k) < 0) { shards.push(k); }
        });
        return Promise.all(shards.map(function (k) { return loadDocs(lang, k); })).then(function () {
          return Promise.all(batch.map(function (c) {
            var d = s.byId.get(c.doc);
            // A page the search page's filters leave out is never unpacked.
            return d && opts.accept && !opts.accept(d) ? null : inflated(d);
          }));
        }).then(function () {
          for (var b = 0; b < batch.length && !enough(); b++) {
            var c = batch[b];
            checked += 1;
            var doc = s.byId.get(c.doc);
            if (!doc) { continue; }
            if (opts.accept && !opts.accept(doc)) { continue; } // the search page's filters
            var v = verdictOf(doc, q);
            if (opts.preload) {
              // Loading ahead: only whether the page counts, so the same shards load.
              if (v.complete) { full.push(null); } else if (v.partial) { partial.push(null); }
            } else if (v.complete) {
              full.push(resultOf(lang, doc, q, c.score, v));
            } else if (v.partial) {
              var r = resultOf(lang, doc, q, c.score, v);
              r.cover = v.cover;
              partial.push(r);
            }
          }
          return step();
        });
      };
      return Promise.resolve(step()).then(function () {
        if (opts.preload) { return out; }
        full.sort(function (a, b) { return b.score - a.score; });
        partial.sort(function (a, b) { return b.matched - a.matched || b.cover - a.cover || b.score - a.score; });
        out.full = full.length;
        out.results = full.length >= PARTIAL_MIN ? full : full.concat(partial.slice(0, Math.max(0, limit - full.length)));
        out.checked = checked;
        out.more = checked < candidates.length;
        return out;
      });
    });
  }

  /**
   * Loads, while the query is being typed (before the debounce ends), the term shards it will
   * need whatever is typed next: every key of its words but the last, and of the last word the
   * keys more typing cannot change — a Latin word's shard once it has three characters (the
   * shard key), the keys of a CJK run that a Latin character already follows — and, for a Latin
   * word of 4+ letters that no key equals or starts with, the shards of its typo correction (no
   * longer word can match either, and those shards depend on the first four letters only). So a
   * word still being typed loads nothing its final form does not need
   * (`tests/search/prefetch.mjs` checks this on every prefix of the query set).
   */
  function prefetch(lang, text) {
    if (!lang || !String(text || '').trim()) { return Promise.resolve(); }
    var s = store(lang);
    return loadMeta(lang).then(function (meta) {
      if (meta.version !== VERSION) { return null; }
      text = String(text);
      var cut = text.search(/\S+$/u);
      var head = cut < 0 ? text : text.slice(0, cut);
      var tail = cut < 0 ? '' : text.slice(cut);
      var shards = [];
      var latin = [];
      var want = function (key) {
        var n = shardIndex(meta, key);
        if (shards.indexOf(n) < 0) { shards.push(n); }
      };
      var settled = parseQuery(head, meta.synonyms, true);
      eachUnit(settled, function (u) { keysOf(u).forEach(function (e) { want(e.key); }); });
      eachTypedUnit(settled, function (u) { if (!u.cjk) { latin.push(u); } });
      var units = unitsOf(normalize(tail));
      units.forEach(function (u, k) {
        var last = k === units.length - 1;
        if (u.cjk) {
          // A CJK run still being typed has no settled key: a half-width kana combines with the
          // next character (ｻ + ﾞ = ザ), and a synonym completed later splits the run elsewhere
          // (キーをなくした → キーヲ, ナクシタ). A finished run is split as the search splits it.
          if (!last) { eachUnit(parseQuery(u.text, meta.synonyms, true), function (v) { keysOf(v).forEach(function (e) { want(e.key); }); }); }
          return;
        }
        // A function word is left out of the query (parseQuery); the last word may still become
        // one (`wha` → `what`), so its shard waits until it cannot.
        if (isStopWord(u.text) || (last && startsStopWord(u.text))) { return; }
        if (!last || u.len >= 3) { want(u.text); }
        if (!last || u.len >= 4) { latin.push(u); }
      });
      return loadAll(lang, shards).then(function () {
        var more = [];
        latin.forEach(function (u) {
          if (!needsCorrection(s, meta, u)) { return; }
          correctionShards(meta, u.text).forEach(function (n) { if (more.indexOf(n) < 0) { more.push(n); } });
        });
        return loadAll(lang, more);
      });
    }).then(function () { return null; }, function () { return null; });
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

  /** One result: title, category, snippet (matches in <mark>), and for a partial match the
      query words the page lacks. An `<a href>` on the search page; a plain element inside a
      listbox option (options must not hold focusable links). */
  function resultNode(r, tag, className) {
    var a = el(tag, className + (r.partial ? ' is-partial' : ''));
    if (tag === 'a') { a.href = r.href; }
    a.setAttribute('data-kb-doc', String(r.id));
    a.appendChild(appendSegments(el('span', 'kb-result-title'), r.titleSegments));
    if (r.category) { a.appendChild(el('span', 'kb-result-category', r.category)); }
    if (r.snippet.length) { a.appendChild(appendSegments(el('span', 'kb-result-snippet'), r.snippet)); }
    if (r.partial && r.missing.length) {
      var missing = el('span', 'kb-result-missing', label('missing-label', 'Missing:') + ' ');
      r.missing.forEach(function (word, k) {
        if (k) { missing.appendChild(document.createTextNode(', ')); }
        missing.appendChild(el('s', null, word));
      });
      a.appendChild(missing);
    }
    return a;
  }

  /** The other languages of the site, from the language switcher. */
  function otherLanguages() {
    var out = [];
    document.querySelectorAll('.kb-lang a[hreflang]').forEach(function (a) {
      var code = a.getAttribute('hreflang');
      if (code && code !== lang && /^[A-Za-z0-9_-]+$/.test(code) && out.indexOf(code) < 0) { out.push(code); }
    });
    return out;
  }

  /** When a query finds little here: `[{lang, count, text, href}]` for each other language
      where it finds pages, worded in that language ("3 results in English"). */
  function otherLanguageHints(res) {
    if (res.full >= 3 || !res.query.trim()) { return Promise.resolve([]); }
    return Promise.all(otherLanguages().map(function (other) {
      return search(other, res.query, { limit: 10, maxCandidates: 12 }).then(function (r) {
        if (!r.full) { return null; }
        var labels = (store(other).meta && store(other).meta.label) || {};
        var template = r.full === 1 && labels.results_one ? labels.results_one : (labels.results || '{count}');
        var url = langSearchPage(other);
        url.search = '?q=' + encodeURIComponent(res.query);
        return { lang: other, count: r.full, text: fill(template, { count: r.full }), href: url.href };
      }, function () { return null; });
    })).then(function (list) { return list.filter(Boolean); });
  }

  /** `search.html?q=<suggestion>` in this language. */
  function suggestionHref(query) {
    var url = langSearchPage(lang);
    url.search = '?q=' + encodeURIComponent(query);
    return url.href;
  }

  /** Links of the no-result page: categories and most-linked topics from the index. */
  function emptyState(node) {
    clear(node);
    var meta = store(lang).meta || {};
    var section = function (title, links) {
      if (!links || !links.length) { return; }
      node.appendChild(el('h2', 'kb-search-empty-title', title));
      var ul = el('ul', 'kb-search-empty-list');
      links.forEach(function (l) {
        var li = el('li');
        var a = el('a', null, String(l.t || ''));
        a.href = new URL(String(l.u || ''), langBase(lang)).href;
        li.appendChild(a);
        ul.appendChild(li);
      });
      node.appendChild(ul);
    };
    section(label('browse-label', 'Browse by category'), meta.categories);
    section(label('popular-label', 'Most-linked topics'), meta.popular);
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
  /** After this long without input (one action — a paste, an IME commit — may fire several
      input events), the shards the query needs — its term shards and the doc shards of the pages
      it will verify — start loading, so that at the end of the debounce only matching and drawing
      are left. Input faster than this loads nothing but the settled term shards (`prefetch`).
      Measured at 10,000 pages on a busy 2-core machine: 10 ms gave a cold p95 of 40–58 ms, 40 ms
      68–76 ms (the doc shards then often arrive after the debounce). */
  var LOAD_PAUSE_MS = 10;

  /** The input handler that loads ahead while the query is typed: settled term shards at once,
      and after LOAD_PAUSE_MS without input everything the search with `options` will read. */
  function loadAhead(options) {
    var pause = null;
    return function (ev) {
      if (ev && ev.isComposing) { return; }
      prefetch(lang, input.value);
      if (pause) { window.clearTimeout(pause); }
      pause = window.setTimeout(function () {
        pause = null;
        var opts = { preload: true };
        Object.keys(options).forEach(function (k) { opts[k] = options[k]; });
        search(lang, input.value, opts).catch(function () { return null; });
      }, LOAD_PAUSE_MS);
    };
  }
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
    var suggestions = document.getElementById('kb-search-suggestions');
    var empty = document.getElementById('kb-search-empty');
    input.addEventListener('focus', function () { loadMeta(lang).catch(reportError); });
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

    /* Filters (category, edition): select elements rendered by search.html; a result must
       match every chosen one (the doc records' `k` and `e`). Kept in the address as
       `&category=` and `&edition=` so a filtered search can be shared. */
    var filters = Array.prototype.slice.call(document.querySelectorAll('#kb-search-filters select[data-filter]'));
    filters.forEach(function (sel) {
      var v = getParam(sel.getAttribute('data-filter'));
      if (v && Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) { sel.value = v; }
    });
    var chosen = function () {
      var out = {};
      filters.forEach(function (sel) { if (sel.value) { out[sel.getAttribute('data-filter')] = sel.value; } });
      return out;
    };
    var accepts = function (f) {
      if (!f.category && !f.edition) { return null; }
      return function (doc) {
        if (f.category && doc.k !== f.category) { return false; }
        return !f.edition || (doc.e || []).indexOf(f.edition) >= 0;
      };
    };
    var filterQuery = function () {
      var f = chosen();
      return Object.keys(f).map(function (k) { return '&' + k + '=' + encodeURIComponent(f[k]); }).join('');
    };

    var updateUrl = function (query) {
      try {
        var url = new URL(window.location.href);
        if (query) { url.search = '?q=' + encodeURIComponent(query) + filterQuery(); } else { url.search = ''; }
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
        if (suggestions) { suggestions.hidden = true; }
        if (empty) { empty.hidden = true; }
        shown = '';
        return Promise.resolve();
      }
      list.setAttribute('aria-busy', 'true');
      if (suggestions) { suggestions.removeAttribute('data-kb-hints'); }
      var res;
      var accept = accepts(chosen());
      var options = accept
        ? { limit: limit, maxCandidates: Math.max(400, limit * 2), accept: accept }
        : { limit: limit, maxCandidates: limit * 2 };
      return search(lang, query, options).then(function (r) {
        if (mine !== seq) { return; }
        res = r;
        clear(list);
        var grouped = false;
        res.results.forEach(function (r) {
          if (r.partial && !grouped) {
            grouped = true;
            list.appendChild(el('li', 'kb-result-group', label('partial-label', 'Partial matches')));
          }
          var li = el('li', 'kb-result-item');
          li.appendChild(resultNode(r, 'a', 'kb-result'));
          list.appendChild(li);
        });
        if (suggestions) {
          clear(suggestions);
          if (res.suggestion) {
            var p = el('p', 'kb-did-you-mean', label('did-you-mean-label', 'Did you mean:') + ' ');
            var a = el('a', null, res.suggestion);
            a.href = suggestionHref(res.suggestion);
            p.appendChild(a);
            suggestions.appendChild(p);
          }
          suggestions.hidden = !suggestions.firstChild;
        }
        if (empty) {
          if (res.results.length) { empty.hidden = true; } else { emptyState(empty); empty.hidden = false; }
        }
        list.removeAttribute('aria-busy');
        list.setAttribute('data-kb-query', query);
        if (hint) { hint.hidden = true; }
        more.hidden = !res.more;
        setStatus(res.full ? countText(res.full) : noResultsText(query.trim()));
        shown = query;
        if (typeof focusFrom === 'number') {
          var links = list.querySelectorAll('a.kb-result');
          var target = links[Math.min(focusFrom, links.length - 1)];
          if (target) { target.focus(); }
        }
        // Drawn first, refined after: the hint to another language (which searches that
        // language's index too) is added when it is known.
        return otherLanguageHints(res).then(function (hints) {
          if (mine !== seq || !suggestions) { return; }
          hints.forEach(function (h) {
            var hp = el('p', 'kb-other-language');
            hp.setAttribute('lang', h.lang);
            var ha = el('a', null, h.text);
            ha.href = h.href;
            ha.setAttribute('hreflang', h.lang);
            hp.appendChild(ha);
            suggestions.appendChild(hp);
          });
          suggestions.hidden = !suggestions.firstChild;
          suggestions.setAttribute('data-kb-hints', query);
        }, function (error) {
          if (mine === seq && suggestions) { suggestions.setAttribute('data-kb-hints', query); }
          reportError(error);
        });
      }).catch(function (error) {
        if (mine !== seq) { return; }
        list.removeAttribute('aria-busy');
        clear(list);
        more.hidden = true;
        list.setAttribute('data-kb-query', query);
        setStatus(label('error-label', 'The search index could not be loaded.'));
        reportError(error);
      });
    };

    var ahead = loadAhead({ limit: 10, maxCandidates: 20 });
    input.addEventListener('compositionend', function () { ahead(null); });
    input.addEventListener('input', function (ev) {
      ahead(ev);
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
    filters.forEach(function (sel) {
      sel.addEventListener('change', function () {
        limit = 10;
        updateUrl(input.value);
        run();
      });
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

    var render = function (query, res, hints, again) {
      clear(listbox);
      options = [];
      active = -1;
      input.removeAttribute('aria-activedescendant');
      // A short list: full matches, or (when none) the best few partial ones.
      var shown = res.full ? res.results.filter(function (r) { return !r.partial; }) : res.results.slice(0, 3);
      shown.forEach(function (r) { addOption(resultNode(r, 'div', 'kb-suggestion'), r.href); });
      if (res.suggestion) {
        var dym = el('div', 'kb-suggestion kb-suggestion-did-you-mean', label('did-you-mean-label', 'Did you mean:') + ' ');
        dym.appendChild(el('strong', null, res.suggestion));
        addOption(dym, suggestionHref(res.suggestion));
      }
      hints.forEach(function (h) {
        var hint = el('div', 'kb-suggestion kb-suggestion-other-language', h.text);
        hint.setAttribute('lang', h.lang);
        addOption(hint, h.href);
      });
      if (res.results.length) {
        var all = el('div', 'kb-suggestion kb-suggestion-all', fill(label('all-results-label', 'All results for “{query}”'), { query: query.trim() }));
        addOption(all, searchPageUrl(query));
        message.textContent = '';
        message.hidden = true;
        if (!again) { announce(res.full ? countText(res.full) : noResultsText(query.trim())); }
      } else {
        message.textContent = noResultsText(query.trim());
        message.hidden = false;
        if (!again) { announce(message.textContent); }
      }
      listbox.hidden = !options.length;
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
      search(lang, query, { limit: 5, maxCandidates: 12 }).then(function (found) {
        if (mine !== seq || document.activeElement !== input) { return null; }
        render(query, found, []);
        // The hint to another language follows when known (drawn first, refined after).
        return otherLanguageHints(found).then(function (hints) {
          if (mine !== seq || document.activeElement !== input || !hints.length) { return; }
          var keep = active;
          render(query, found, hints, true);
          if (keep >= 0) { setActive(keep); }
        }, reportError);
      }).catch(function (error) {
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

    var ahead = loadAhead({ limit: 5, maxCandidates: 12 });
    input.addEventListener('compositionend', function () { ahead(null); });
    input.addEventListener('input', function (ev) {
      ahead(ev);
      schedule();
    });
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
    /** Loads the term shards a query being typed will need whatever is typed next (for tests). */
    prefetch: prefetch,
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
