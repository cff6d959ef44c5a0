/* kbgen: applied before first paint (loaded without defer in <head>).
   Marks that JavaScript runs (`kb-js` class) and applies the stored or system theme so the page
   never flashes in the wrong colours. Keep it tiny; kbgen.js does the rest. */
(function () {
  'use strict';
  var root = document.documentElement;
  root.className = root.className ? root.className + ' kb-js' : 'kb-js';
  var theme = null;
  try {
    theme = window.localStorage.getItem('kb-theme');
  } catch (e) {
    theme = null;
  }
  if (theme !== 'light' && theme !== 'dark') {
    var dark = false;
    try {
      dark = !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
    } catch (e2) {
      dark = false;
    }
    theme = dark ? 'dark' : 'light';
  }
  root.setAttribute('data-theme', theme);
})();
