// Before the modules: when the page's own scripts cannot load (a file of
// app.js's imports missing, say), the module script never runs, and only a
// script outside it can say so. It runs first (deferred, before the module
// in the document), listens for the module script's error, and says it in
// words where the content would be. A classic script: no imports.
(function () {
  'use strict';
  function say(why) {
    var main = document.getElementById('main');
    if (!main || main.querySelector('.problem[data-boot-problem]')) return;
    var p = document.createElement('p');
    p.className = 'problem';
    p.setAttribute('role', 'alert');
    p.setAttribute('data-boot-problem', '');
    p.textContent = 'The page could not load its own scripts (' + why + '). Reload the page; the facts are also at api/v1 as JSON.';
    main.replaceChildren(p);
  }
  var app = document.querySelector('script[type="module"]');
  if (app) {
    app.addEventListener('error', function () {
      say('a file of the page did not come');
    });
  }
  // A script of the page that fails as it starts, before the first view is
  // drawn (the loading line is still there); later errors are the views'.
  window.addEventListener('error', function (ev) {
    var main = document.getElementById('main');
    if (main && main.querySelector('[data-boot]') && /\/assets\//.test(ev.filename || '')) {
      say(ev.message || 'a script failed as it started');
    }
  });
})();
