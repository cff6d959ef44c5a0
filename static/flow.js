/* kbgen decision flows: one node at a time, the current node in the URL hash (so the browser's
   back button and shared links work), back and restart controls, and "copy the path for a
   ticket". Plain script (not a module) so it also works from file://; no network access.
   Without it the page still works: every node is a section and every answer a link to it.
   Markup: templates/partials/flow.html. */
(function () {
  'use strict';

  var body = document.body;

  // The page script's clipboard (with its fallback for file://) and status announcer:
  // static/kbgen.js, loaded before this script on every page.
  var page = window.kbPage || {};
  function announce(text) {
    if (page.announce) { page.announce(text); }
  }
  function copyText(text) {
    return page.copyText ? page.copyText(text) : Promise.resolve(false);
  }

  function fragment() {
    var h = window.location.hash.slice(1);
    try { return decodeURIComponent(h); } catch (e) { return h; }
  }

  function setup(flow) {
    var start = flow.getAttribute('data-kb-start');
    var nodes = {};
    Array.prototype.forEach.call(flow.querySelectorAll('section.kb-flow-node'), function (n) {
      nodes[n.id] = n;
    });
    if (!start || !nodes[start]) { return; }
    var backButton = flow.querySelector('.kb-flow-back');
    var restartButton = flow.querySelector('.kb-flow-restart-button');
    var copyButton = flow.querySelector('.kb-flow-copy');
    var copyLabel = copyButton ? copyButton.textContent : '';
    var data = function (name) { return flow.getAttribute('data-' + name) || ''; };
    // The path taken: [{id, answer}], `answer` being the text of the answer that led there.
    var trail = [];
    var pending = null;
    var current = null;

    function stateTrail() {
      var s = window.history.state;
      return s && s.kbFlow && s.kbFlow.flow === flow.id && s.kbFlow.trail ? s.kbFlow.trail : null;
    }

    function remember() {
      try {
        var state = window.history.state && typeof window.history.state === 'object' ? window.history.state : {};
        var copy = {};
        Object.keys(state).forEach(function (k) { copy[k] = state[k]; });
        copy.kbFlow = { flow: flow.id, trail: trail };
        window.history.replaceState(copy, '', window.location.href);
      } catch (e) { /* the trail then lasts until the next page load */ }
    }

    function show(id, focus) {
      current = id;
      Object.keys(nodes).forEach(function (k) {
        nodes[k].classList.toggle('is-current', k === id);
      });
      if (backButton) { backButton.disabled = trail.length < 2; }
      if (restartButton) { restartButton.disabled = id === start && trail.length < 2; }
      if (focus) {
        var heading = nodes[id].querySelector('.kb-flow-prompt');
        if (heading) {
          heading.setAttribute('tabindex', '-1');
          heading.focus();
        }
      }
    }

    function go(id, focus) {
      var saved = stateTrail();
      var last = trail.length ? trail[trail.length - 1] : null;
      var at = -1;
      trail.forEach(function (step, i) { if (step.id === id) { at = i; } });
      if (saved && saved.length && saved[saved.length - 1].id === id) {
        trail = saved;
      } else if (pending && last && pending.from === last.id && pending.to === id) {
        trail = trail.concat([{ id: id, answer: pending.answer }]);
      } else if (at >= 0) {
        trail = trail.slice(0, at + 1);
      } else {
        trail = [{ id: id, answer: null }];
      }
      pending = null;
      remember();
      show(id, focus);
    }

    function onHash(focus) {
      var id = fragment();
      var saved = stateTrail();
      if (nodes[id]) {
        go(id, focus);
      } else if (saved && saved.length && nodes[saved[saved.length - 1].id]) {
        // Back to an entry without a node in the hash (the page as first opened): the flow
        // shows where it was then.
        trail = saved;
        show(trail[trail.length - 1].id, focus && trail[trail.length - 1].id !== current);
      } else if (!current) {
        // No node in the hash (or another anchor of the page): the flow waits at its start.
        trail = [{ id: start, answer: null }];
        remember();
        show(start, false);
      }
    }

    flow.addEventListener('click', function (e) {
      var a = e.target && e.target.closest ? e.target.closest('a.kb-flow-answer[data-kb-next]') : null;
      if (!a || !current) { return; }
      pending = { from: current, to: a.getAttribute('data-kb-next'), answer: a.textContent.trim() };
    });

    if (backButton) {
      backButton.addEventListener('click', function () {
        if (trail.length > 1) { window.history.back(); }
      });
    }
    if (restartButton) {
      restartButton.addEventListener('click', function () {
        if (fragment() === start) {
          go(start, true);
        } else {
          window.location.hash = '#' + start;
        }
      });
    }

    function ticket() {
      var lines = [data('ticket-title')];
      trail.forEach(function (step, i) {
        var node = nodes[step.id];
        var text = node.getAttribute('data-kb-text') || '';
        if (node.classList.contains('kb-flow-question')) {
          lines.push(data('ticket-question') + ' ' + text);
          var next = trail[i + 1];
          if (next && next.answer) { lines.push(data('ticket-answer') + ' ' + next.answer); }
          return;
        }
        var escalate = node.classList.contains('kb-flow-escalate');
        lines.push((escalate ? data('ticket-escalate') : data('ticket-outcome')) + ' ' + text);
        var target = node.querySelector('a.kb-flow-go');
        if (target) { lines.push(data('ticket-follow') + ' ' + target.textContent.trim()); }
        var items = node.querySelectorAll('.kb-flow-collect li');
        if (items.length) {
          lines.push(data('ticket-collect'));
          Array.prototype.forEach.call(items, function (li) {
            lines.push('- ' + li.textContent.replace(/\s+/g, ' ').trim());
          });
        }
      });
      var last = trail.length ? nodes[trail[trail.length - 1].id] : null;
      if (!last || !last.classList.contains('kb-flow-outcome')) { lines.push(data('ticket-incomplete')); }
      return lines.join('\n') + '\n';
    }

    if (copyButton) {
      var timer = null;
      copyButton.addEventListener('click', function () {
        var text = ticket();
        copyText(text).then(function (ok) {
          copyButton.textContent = ok ? (data('copied-label') || copyLabel) : (body.getAttribute('data-copy-failed-label') || copyLabel);
          copyButton.classList.toggle('is-copied', !!ok);
          announce(ok ? data('copied-label') : (body.getAttribute('data-copy-failed-hint') || ''));
          if (timer) { window.clearTimeout(timer); }
          timer = window.setTimeout(function () {
            copyButton.textContent = copyLabel;
            copyButton.classList.remove('is-copied');
          }, 2500);
        });
      });
    }

    window.addEventListener('hashchange', function () { onHash(true); });
    window.addEventListener('popstate', function () {
      // A history step between two entries of the same hash fires no hashchange.
      if (nodes[fragment()] && fragment() === current) {
        var saved = stateTrail();
        if (saved) { trail = saved; show(current, false); }
      }
    });
    flow.classList.add('is-live');
    onHash(false);
  }

  Array.prototype.forEach.call(document.querySelectorAll('.kb-flow[data-kb-start]'), setup);
})();
