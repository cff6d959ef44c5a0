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

  var themeButton = document.getElementById('kb-theme-toggle');

  function applyTheme(theme) {
    root.setAttribute('data-theme', theme);
    if (themeButton) {
      themeButton.setAttribute('aria-pressed', theme === 'dark' ? 'true' : 'false');
      var name = theme === 'dark' ? label('theme-dark-label', 'Dark') : label('theme-light-label', 'Light');
      themeButton.title = label('theme-current-label', '{theme}').replace('{theme}', name);
    }
  }

  applyTheme(storedTheme() || currentTheme());

  if (themeButton) {
    themeButton.addEventListener('click', function () {
      var next = currentTheme() === 'dark' ? 'light' : 'dark';
      storeTheme(next);
      applyTheme(next);
    });
  }

  // Follow the system setting while the reader has not chosen a theme.
  if (darkQuery) {
    var onSystemChange = function () {
      if (!storedTheme()) { applyTheme(systemTheme()); }
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
})();
