// kbgen serve's live-reload client (served only by `kbgen serve`, never written by `kbgen build`).
// It listens to the server's event stream next to this file, reloads the page when the site was
// rebuilt, and shows an overlay listing file:line:col and message when a rebuild failed. Pages
// carry a strict CSP (script-src 'self', style-src 'self'), so everything here uses DOM APIs and
// an external stylesheet: no inline code, no innerHTML.
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var base = me.src;
  var root = document.documentElement;

  // The build this page came from, sent by the server as a Server-Timing entry. Without it (old
  // browser, non-secure origin) the first `state` event stands in for it.
  var served = null;
  try {
    var nav = performance.getEntriesByType('navigation')[0];
    var timing = nav && nav.serverTiming ? nav.serverTiming : [];
    for (var i = 0; i < timing.length; i++) {
      if (timing[i].name === 'kbgen-build') served = timing[i].description;
    }
  } catch (e) { /* keep null */ }

  var overlay = null;

  function stylesheet() {
    if (document.getElementById('kbgen-overlay-css')) return;
    var link = document.createElement('link');
    link.id = 'kbgen-overlay-css';
    link.rel = 'stylesheet';
    link.href = new URL('overlay.css', base).href;
    document.head.appendChild(link);
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
    root.removeAttribute('data-kbgen-problems');
  }

  /** The overlay's words in the page's language (`overlay_*` UI strings), else English. */
  function words(data) {
    var own = (data.labels || {})[root.getAttribute('lang') || ''] || {};
    return function (key, fallback, values) {
      var text = own[key] || fallback;
      Object.keys(values || {}).forEach(function (k) {
        text = text.split('{' + k + '}').join(String(values[k]));
      });
      return text;
    };
  }

  function show(data) {
    stylesheet();
    hide();
    var t = words(data);
    var counts = data.counts || {};
    var summary = t('overlay_summary', data.summary || 'errors', counts);
    if (counts.hidden) {
      summary += ' ' + t('overlay_hidden',
        '({count} dependent problems hidden: fix {files} first)',
        { count: counts.hidden, files: (data.hidden_roots || []).join(', ') });
    }
    overlay = el('div', 'kbgen-overlay');
    overlay.id = 'kbgen-overlay';
    overlay.setAttribute('role', 'alert');
    var box = el('div', 'kbgen-overlay-box');
    var head = el('div', 'kbgen-overlay-head');
    head.appendChild(el('p', 'kbgen-overlay-title', t('overlay_title',
      'kbgen: the last edit did not build ({summary}). ' +
      'This page is the last good version; fix the file and it updates by itself.',
      { summary: summary })));
    var close = el('button', 'kbgen-overlay-close', t('overlay_hide', 'Hide'));
    close.type = 'button';
    close.addEventListener('click', hide);
    head.appendChild(close);
    box.appendChild(head);
    var list = el('ol', 'kbgen-overlay-list');
    (data.problems || []).forEach(function (p) {
      var item = el('li', 'kbgen-problem');
      if (p.location) item.appendChild(el('code', 'kbgen-problem-location', p.location));
      item.appendChild(el('span', 'kbgen-problem-severity', ' ' + p.severity + '[' + p.code + ']: '));
      item.appendChild(el('span', 'kbgen-problem-message', p.message));
      if (p.help) item.appendChild(el('p', 'kbgen-problem-help', t('overlay_help', 'help:') + ' ' + p.help));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (data.text) {
      var details = el('details', 'kbgen-overlay-details');
      details.appendChild(el('summary', null, t('overlay_terminal', 'Terminal output')));
      details.appendChild(el('pre', 'kbgen-overlay-text', data.text));
      box.appendChild(details);
    }
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    root.setAttribute('data-kbgen-problems', String((data.problems || []).length));
  }

  function parse(e) {
    try { return JSON.parse(e.data); } catch (err) { return {}; }
  }

  function reloadIfNewer(build) {
    if (served === null) { served = build; return false; }
    if (build !== served) { location.reload(); return true; }
    return false;
  }

  var source = new EventSource(new URL('events', base).href);
  source.addEventListener('open', function () { root.setAttribute('data-kbgen-live', 'open'); });
  source.addEventListener('error', function () { root.setAttribute('data-kbgen-live', 'retrying'); });
  source.addEventListener('state', function (e) {
    var d = parse(e);
    if (reloadIfNewer(d.build)) return;
    root.setAttribute('data-kbgen-live', 'connected');
    if (d.problems) show(d.problems); else hide();
  });
  source.addEventListener('reload', function (e) { reloadIfNewer(parse(e).build); });
  source.addEventListener('problems', function (e) { show(parse(e)); });
  source.addEventListener('clear', hide);
  window.addEventListener('pagehide', function () { source.close(); });
})();
