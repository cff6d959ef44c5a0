/* kbgen page script: theme toggle, sidebar menu, copy buttons, "/" to search.
   Plain script (not a module) so it also works from file://. No network access. */
(function () {
  'use strict';

  var STORAGE_KEY = 'kb-theme';
  var root = document.documentElement;
  var body = document.body;

  function label(name, fallback) {
    var v = body && body.getAttribute('data-' + name);
    return v ? v : fallback;
  }

  /* ---------- live status (aria-live="polite") ---------- */

  var statusTimer = null;
  function announce(text) {
    var el = document.querySelector('.kb-status');
    if (!el) {
      el = document.createElement('div');
      el.className = 'kb-status kb-visually-hidden';
      el.setAttribute('role', 'status');
      el.setAttribute('aria-live', 'polite');
      body.appendChild(el);
    }
    // Clear first so the same message is announced again.
    el.textContent = '';
    if (statusTimer) { window.clearTimeout(statusTimer); }
    statusTimer = window.setTimeout(function () { el.textContent = text; }, 50);
  }

  /* ---------- theme ---------- */

  function storedTheme() {
    try {
      var v = window.localStorage.getItem(STORAGE_KEY);
      return v === 'light' || v === 'dark' ? v : null;
    } catch (e) {
      return null;
    }
  }

  function storeTheme(theme) {
    try {
      window.localStorage.setItem(STORAGE_KEY, theme);
    } catch (e) {
      /* file:// or private mode: the choice lasts for this page only */
    }
  }

  var darkQuery = null;
  try {
    darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  } catch (e) {
    darkQuery = null;
  }

  function systemTheme() {
    return darkQuery && darkQuery.matches ? 'dark' : 'light';
  }

  function currentTheme() {
    var v = root.getAttribute('data-theme');
    return v === 'light' || v === 'dark' ? v : systemTheme();
  }

  var themeSelect = document.getElementById('kb-theme-select');
  // The choice when localStorage is unavailable (file:// in some browsers, private mode).
  var pageChoice = null;

  function chosenTheme() {
    return storedTheme() || pageChoice;
  }

  function applyTheme(theme) {
    root.setAttribute('data-theme', theme);
  }

  function syncThemeSelect() {
    if (themeSelect) { themeSelect.value = chosenTheme() || 'system'; }
  }

  applyTheme(chosenTheme() || currentTheme());
  syncThemeSelect();

  if (themeSelect) {
    themeSelect.addEventListener('change', function () {
      var v = themeSelect.value;
      if (v === 'light' || v === 'dark') {
        pageChoice = v;
        storeTheme(v);
        applyTheme(v);
      } else {
        pageChoice = null;
        try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* see storeTheme */ }
        applyTheme(systemTheme());
      }
    });
  }

  // Another tab changed the choice.
  window.addEventListener('storage', function (ev) {
    if (ev.key !== STORAGE_KEY) { return; }
    applyTheme(chosenTheme() || systemTheme());
    syncThemeSelect();
  });

  // Follow the system setting while the reader has not chosen a theme.
  if (darkQuery) {
    var onSystemChange = function () {
      if (!chosenTheme()) { applyTheme(systemTheme()); }
    };
    if (darkQuery.addEventListener) {
      darkQuery.addEventListener('change', onSystemChange);
    } else if (darkQuery.addListener) {
      darkQuery.addListener(onSystemChange);
    }
  }

  /* ---------- sidebar menu (narrow screens) ---------- */

  var menuButton = document.getElementById('kb-menu-toggle');
  var sidebar = document.getElementById('kb-sidebar');
  if (menuButton && sidebar) {
    menuButton.addEventListener('click', function () {
      var open = menuButton.getAttribute('aria-expanded') !== 'true';
      menuButton.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) {
        sidebar.classList.add('is-open');
      } else {
        sidebar.classList.remove('is-open');
      }
    });
    document.addEventListener('keydown', function (ev) {
      if ((ev.key === 'Escape' || ev.key === 'Esc') && sidebar.classList.contains('is-open')) {
        sidebar.classList.remove('is-open');
        menuButton.setAttribute('aria-expanded', 'false');
        menuButton.focus();
      }
    });
  }

  /* ---------- wide tables scroll inside a wrapper ---------- */

  var tables = document.querySelectorAll('.kb-prose table, .kb-note table, .kb-steps table');
  Array.prototype.forEach.call(tables, function (table) {
    var parent = table.parentNode;
    if (!parent || (parent.classList && parent.classList.contains('kb-table-wrap'))) { return; }
    var wrap = document.createElement('div');
    wrap.className = 'kb-table-wrap';
    wrap.setAttribute('tabindex', '0');
    parent.insertBefore(wrap, table);
    wrap.appendChild(table);
  });

  /* ---------- code lines: wrap with a hanging indent and a continuation mark ---------- */

  // Each line of a code block goes into its own span.kb-line (the "\n" between lines stays a
  // plain text node), so the stylesheet can indent wrapped continuation lines and mark them.
  // code.textContent is unchanged: the copy button and a manual selection copy the same text.
  function splitLines(code) {
    var segments = [];
    (function walk(node, chain) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          segments.push({ text: child.nodeValue, chain: chain });
        } else if (child.nodeType === 1) {
          walk(child, chain.concat([child]));
        }
      }
    })(code, []);
    var out = document.createDocumentFragment();
    var line = null;
    function openLine() {
      line = document.createElement('span');
      line.className = 'kb-line';
      out.appendChild(line);
    }
    segments.forEach(function (seg) {
      var parts = seg.text.split('\n');
      parts.forEach(function (part, i) {
        if (i > 0) {
          out.appendChild(document.createTextNode('\n'));
          line = null;
        }
        if (part === '') { return; }
        if (!line) { openLine(); }
        var target = line;
        seg.chain.forEach(function (el) {
          var copy = el.cloneNode(false);
          target.appendChild(copy);
          target = copy;
        });
        target.appendChild(document.createTextNode(part));
      });
    });
    var before = code.textContent;
    var holder = document.createElement('code');
    holder.appendChild(out);
    if (holder.textContent !== before) { return; }
    while (code.firstChild) { code.removeChild(code.firstChild); }
    while (holder.firstChild) { code.appendChild(holder.firstChild); }
    code.parentNode.classList.add('kb-wrapped');
  }

  Array.prototype.forEach.call(document.querySelectorAll('pre.kb-code > code'), splitLines);

  /* ---------- copy buttons ---------- */

  // A leading prompt on a line: "PS C:\Users\me> ", "PS HKLM:\> ", "C:\Windows> ", ">> ", "$ ", "> ".
  var PROMPT = /^(?:PS [^>\r\n]*>\s?|PS>\s?|[A-Za-z]:\\[^>\r\n]*>\s?|>>\s?|\$ |> )/;

  function stripPrompts(text) {
    return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n').map(function (line) {
      return line.replace(PROMPT, '');
    }).join('\n');
  }

  function textFor(pre) {
    var data = pre.getAttribute('data-copy');
    if (data !== null && data !== '') { return data; }
    var code = pre.querySelector('code') || pre;
    return stripPrompts(code.textContent || '');
  }

  function legacyCopy(text) {
    var active = document.activeElement;
    var area = document.createElement('textarea');
    area.className = 'kb-copy-buffer';
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.setAttribute('tabindex', '-1');
    body.appendChild(area);
    var ok = false;
    try {
      area.focus();
      area.select();
      area.setSelectionRange(0, text.length);
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    body.removeChild(area);
    if (active && typeof active.focus === 'function') {
      try { active.focus(); } catch (e2) { /* ignore */ }
    }
    return !!ok;
  }

  function copyText(text) {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function' && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () {
        return true;
      }, function () {
        return legacyCopy(text);
      });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function selectContents(node) {
    try {
      var range = document.createRange();
      range.selectNodeContents(node);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    } catch (e) { /* ignore */ }
  }

  var copyLabel = label('copy-label', 'Copy');
  var copiedLabel = label('copied-label', 'Copied');
  var failedLabel = label('copy-failed-label', 'Failed');
  var failedHint = label('copy-failed-hint', failedLabel);

  function addCopyButton(pre) {
    if (pre.getAttribute('data-kb-copy') === 'ready') { return; }
    pre.setAttribute('data-kb-copy', 'ready');
    if (!pre.hasAttribute('tabindex')) { pre.setAttribute('tabindex', '0'); }

    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'kb-copy';
    button.textContent = copyLabel;
    var timer = null;

    function feedback(ok) {
      button.textContent = ok ? copiedLabel : failedLabel;
      button.classList.remove('is-copied', 'is-failed');
      button.classList.add(ok ? 'is-copied' : 'is-failed');
      announce(ok ? copiedLabel : failedHint);
      if (!ok) { selectContents(pre.querySelector('code') || pre); }
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () {
        button.textContent = copyLabel;
        button.classList.remove('is-copied', 'is-failed');
      }, 2000);
    }

    button.addEventListener('click', function () {
      var text = textFor(pre);
      copyText(text).then(feedback, function () { feedback(false); });
    });

    var command = pre.parentNode;
    var head = command && command.classList && command.classList.contains('kb-command')
      ? command.querySelector('.kb-command-head') : null;
    if (head) {
      head.appendChild(button);
    } else {
      var bar = document.createElement('div');
      bar.className = 'kb-code-toolbar';
      bar.appendChild(button);
      pre.parentNode.insertBefore(bar, pre);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll('pre.kb-code'), addCopyButton);

  /* ---------- "/" focuses the search box ---------- */

  function isTyping(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') { return true; }
    return !!el.isContentEditable;
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing || ev.defaultPrevented) { return; }
    if (isTyping(ev.target) || isTyping(document.activeElement)) { return; }
    var input = document.getElementById('kb-search-input');
    if (!input) { return; }
    ev.preventDefault();
    input.focus();
    if (typeof input.select === 'function') { input.select(); }
  });

  /* ---------- on-page contents: highlight the section in view ---------- */

  var tocLinks = Array.prototype.slice.call(document.querySelectorAll('.kb-toc a[href^="#"]'));
  var tocTargets = [];
  tocLinks.forEach(function (a) {
    var id = decodeURIComponent(a.getAttribute('href').slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el) { tocTargets.push({ link: a, el: el }); }
  });

  var currentToc = null;
  function tocLine() {
    return Math.min(window.innerHeight * 0.3, 160);
  }

  function markToc() {
    // The current section is the last one whose start has passed a line near the top of the
    // viewport. The section the reader just followed (#id) wins while its start is still above
    // that line (a short section's start is close to the next one's); at the very bottom of the
    // page, so does the last section when nothing was followed.
    var line = tocLine();
    var found = null;
    for (var i = 0; i < tocTargets.length; i += 1) {
      if (tocTargets[i].el.getBoundingClientRect().top <= line) { found = tocTargets[i]; } else { break; }
    }
    var hashId = '';
    try { hashId = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { hashId = ''; }
    var followed = null;
    for (var j = 0; j < tocTargets.length; j += 1) {
      if (hashId && tocTargets[j].el.id === hashId) { followed = tocTargets[j]; }
    }
    var doc = document.documentElement;
    if (followed) {
      var top = followed.el.getBoundingClientRect().top;
      if (top > -line && top <= line) { found = followed; }
    } else if (tocTargets.length && window.innerHeight + window.pageYOffset >= doc.scrollHeight - 2) {
      var last = tocTargets[tocTargets.length - 1];
      if (last.el.getBoundingClientRect().top < window.innerHeight) { found = last; }
    }
    if (found === currentToc) { return; }
    if (currentToc) {
      currentToc.link.classList.remove('is-current');
      currentToc.link.removeAttribute('aria-current');
    }
    currentToc = found;
    if (found) {
      found.link.classList.add('is-current');
      found.link.setAttribute('aria-current', 'location');
      // Keep the highlighted entry visible when the contents column scrolls itself.
      var box = found.link.closest('.kb-toc');
      if (box && box.scrollHeight > box.clientHeight) {
        var lr = found.link.getBoundingClientRect();
        var br = box.getBoundingClientRect();
        if (lr.top < br.top || lr.bottom > br.bottom) {
          box.scrollTop += lr.top - br.top - box.clientHeight / 2;
        }
      }
    }
  }

  if (tocTargets.length) {
    var tocFrame = 0;
    var scheduleToc = function () {
      if (tocFrame) { return; }
      tocFrame = window.requestAnimationFrame(function () { tocFrame = 0; markToc(); });
    };
    var observer = null;
    var observe = function () {
      if (observer) { observer.disconnect(); }
      // Fires whenever a section start crosses the line or enters/leaves the viewport.
      var below = Math.max(0, window.innerHeight - tocLine());
      observer = new window.IntersectionObserver(scheduleToc, {
        rootMargin: '0px 0px -' + Math.round(below) + 'px 0px',
        threshold: [0, 1],
      });
      tocTargets.forEach(function (t) { observer.observe(t.el); });
    };
    if ('IntersectionObserver' in window) {
      observe();
      // The end of the page coming into view (the last section may be too short to reach the line).
      var end = document.querySelector('.kb-footer');
      if (end) { new window.IntersectionObserver(scheduleToc, { threshold: [0, 1] }).observe(end); }
      window.addEventListener('resize', observe);
    } else {
      window.addEventListener('scroll', scheduleToc, { passive: true });
    }
    window.addEventListener('hashchange', scheduleToc);
    window.addEventListener('resize', scheduleToc);
    scheduleToc();
  }

  /* ---------- language switch keeps the place (#anchor) and the search query ---------- */

  var langLinks = Array.prototype.slice.call(document.querySelectorAll('.kb-lang a[href]'));
  langLinks.forEach(function (a) { a.setAttribute('data-kb-base', a.getAttribute('href')); });

  function searchQuery() {
    var m = /[?&]q=([^&#]*)/.exec(window.location.search);
    return m ? m[1] : null;
  }

  // The search page's filters go along with the query (search.js ignores a value the other
  // language's page has no option for).
  function searchFilters() {
    var out = '';
    ['category', 'edition'].forEach(function (name) {
      var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(window.location.search);
      if (m && m[1]) { out += '&' + name + '=' + m[1]; }
    });
    return out;
  }

  function updateLangLinks() {
    var hash = window.location.hash;
    var isSearch = body.getAttribute('data-page-kind') === 'search';
    var q = isSearch ? searchQuery() : null;
    langLinks.forEach(function (a) {
      var base = a.getAttribute('data-kb-base').split('#')[0];
      if (q !== null && q !== '') { base = base.split('?')[0] + '?q=' + q + searchFilters(); }
      a.setAttribute('href', base + (hash && hash !== '#' ? hash : ''));
    });
  }

  if (langLinks.length) {
    updateLangLinks();
    window.addEventListener('hashchange', updateLangLinks);
    window.addEventListener('popstate', updateLangLinks);
    // The search page may rewrite its URL as the reader types (history.replaceState): read the
    // address again just before the link is used.
    langLinks.forEach(function (a) {
      a.addEventListener('focus', updateLangLinks);
      a.addEventListener('mouseenter', updateLangLinks);
      a.addEventListener('touchstart', updateLangLinks, { passive: true });
      a.addEventListener('click', updateLangLinks);
    });
  }

  /* ---------- per-procedure actions: copy a link, print it alone, feedback ---------- */

  // The address of a part of this page, without query or fragment, plus `#id`.
  function addressOf(id) {
    return window.location.href.split('#')[0].split('?')[0] + '#' + id;
  }

  function printOnly(section) {
    root.classList.add('kb-print-one');
    section.classList.add('kb-print-target');
    var done = function () {
      root.classList.remove('kb-print-one');
      section.classList.remove('kb-print-target');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  }

  var topicArticle = document.querySelector('article.kb-topic');
  Array.prototype.forEach.call(document.querySelectorAll('.kb-procedure'), function (section) {
    var id = section.id;
    var copy = section.querySelector('.kb-procedure-actions [data-action="copy-link"]');
    if (copy) {
      var original = copy.textContent;
      var timer = null;
      copy.addEventListener('click', function () {
        copyText(addressOf(id)).then(function (ok) {
          copy.textContent = ok ? (copy.getAttribute('data-done-label') || original) : failedLabel;
          announce(ok ? copy.textContent : failedHint);
          if (timer) { window.clearTimeout(timer); }
          timer = window.setTimeout(function () { copy.textContent = original; }, 2000);
        });
      });
    }
    var print = section.querySelector('.kb-procedure-actions [data-action="print"]');
    if (print) { print.addEventListener('click', function () { printOnly(section); }); }
    // The feedback link was filled in at build time with the page's path; put in the address
    // it is actually read at (a server, a share, a USB stick).
    var feedback = section.querySelector('a.kb-feedback');
    var template = topicArticle && topicArticle.getAttribute('data-feedback');
    if (feedback && template) {
      var fill = function (name, value) { template = template.split('{' + name + '}').join(encodeURIComponent(value)); };
      fill('title', topicArticle.getAttribute('data-title') || '');
      fill('url', addressOf(id));
      fill('procedure', feedback.getAttribute('data-procedure') || '');
      feedback.setAttribute('href', template);
    }
  });

  /* ---------- 404: the missing address, the reader's language, a search for it ---------- */

  // A server that redirects missing URLs to the 404 page passes the address as `?from=` (see the
  // README's hosting recipes); served in place, the address is the page's own.
  function missingAddress() {
    var m = /[?&]from=([^&#]*)/.exec(window.location.search);
    if (m) {
      try { return { path: decodeURIComponent(m[1]), redirected: true }; } catch (e) { return null; }
    }
    var path = window.location.pathname;
    if (window.location.protocol === 'file:' || /\/404\.html$/.test(path)) { return null; }
    try { path = decodeURIComponent(path); } catch (e2) { /* keep it encoded */ }
    return { path: path, redirected: false };
  }

  function searchWords(path) {
    var last = path.split(/[?#]/)[0].replace(/\/+$/, '').split('/').pop() || '';
    last = last.replace(/\.html?$/i, '').replace(/[-_.+]+/g, ' ').trim();
    return last === 'index' ? '' : last;
  }

  var notFound = document.querySelector('.kb-not-found[data-root-url]');
  var missing = notFound ? missingAddress() : null;
  if (notFound && missing) {
    var siteRoot = new URL(notFound.getAttribute('data-root-url') || 'index.html', window.location.href).pathname.replace(/index\.html$/, '');
    var inSite = missing.path.indexOf(siteRoot) === 0 ? missing.path.slice(siteRoot.length) : '';
    var wanted = inSite.split('/')[0];
    var here = root.getAttribute('lang');
    var other = wanted && wanted !== here
      ? document.querySelector('.kb-lang a[hreflang="' + wanted + '"]') : null;
    var fromQuery = '?from=' + encodeURIComponent(missing.path);
    if (missing.redirected && other) {
      // The missing page was in another language's folder: show that language's 404 page.
      window.location.replace(other.href.split(/[?#]/)[0] + fromQuery);
    } else {
      var line = notFound.querySelector('.kb-missing');
      if (line) {
        line.textContent = (line.getAttribute('data-label') || '{url}').replace('{url}', missing.path);
        line.hidden = false;
      }
      var words = searchWords(missing.path);
      var search = notFound.querySelector('.kb-not-found-search');
      if (search && words) {
        search.setAttribute('href', search.getAttribute('href').split(/[?#]/)[0] + '?q=' + encodeURIComponent(words));
        search.textContent = (search.getAttribute('data-query-label') || '{query}').replace('{query}', words);
      }
      if (missing.redirected) {
        langLinks.forEach(function (a) {
          a.setAttribute('data-kb-base', a.getAttribute('data-kb-base').split(/[?#]/)[0] + fromQuery);
        });
        updateLangLinks();
      }
    }
  }

  /* ---------- phones: the search row of the header stays; back to top on long pages ---------- */

  var header = document.querySelector('.kb-header');
  var searchForm = header ? header.querySelector('.kb-search') : null;

  // The header sticks with a negative top so that only its search row stays in view; how far
  // it may scroll away depends on how the title and tools wrapped, so measure it.
  function measureHeader() {
    if (!header || !searchForm) { return; }
    var offset = searchForm.getBoundingClientRect().top - header.getBoundingClientRect().top;
    var pad = parseFloat(window.getComputedStyle(header.firstElementChild || header).paddingTop) || 0;
    root.style.setProperty('--kb-header-stick', (-Math.max(0, offset - pad / 2)) + 'px');
  }

  var backToTop = document.getElementById('kb-back-to-top');
  function updateBackToTop() {
    if (!backToTop) { return; }
    var doc = document.documentElement;
    var long = doc.scrollHeight > window.innerHeight * 2;
    var show = long && window.pageYOffset > window.innerHeight;
    backToTop.parentNode.classList.toggle('is-visible', show);
  }

  if (backToTop) {
    backToTop.addEventListener('click', function (ev) {
      ev.preventDefault();
      window.scrollTo(0, 0);
      if (window.location.hash) {
        try { window.history.pushState(null, '', window.location.pathname + window.location.search); } catch (e) { /* file:// in old browsers */ }
        updateLangLinks();
      }
      var target = document.getElementById('main');
      if (target) { target.focus({ preventScroll: true }); }
    });
  }

  var scrollFrame = 0;
  window.addEventListener('scroll', function () {
    if (scrollFrame) { return; }
    scrollFrame = window.requestAnimationFrame(function () { scrollFrame = 0; updateBackToTop(); });
  }, { passive: true });
  window.addEventListener('resize', function () { measureHeader(); updateBackToTop(); });
  measureHeader();
  updateBackToTop();

  // For page scripts loaded after this one (static/flow.js): one clipboard and one announcer.
  window.kbPage = { copyText: copyText, announce: announce };
})();
