// girlb status page: the page is complete without this script. It fetches the main part again every few seconds
// (/ui/fragment, the same HTML the server renders, every outside text escaped there), keeps open disclosures open, and
// filters tenants as one types. No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var live = document.getElementById('live');
  var q = document.getElementById('q');
  if (!main || !live || !q) return;
  var seconds = parseInt(document.body.getAttribute('data-refresh'), 10) || 2;
  var opened = {};
  var failures = 0;

  function remember() {
    main.querySelectorAll('details.tenant').forEach(function (d) { opened[d.id] = d.open; });
  }

  function applyFilter() {
    var text = q.value.trim().toLowerCase();
    main.querySelectorAll('details.tenant').forEach(function (d) {
      d.hidden = text !== '' && (d.getAttribute('data-names') || '').indexOf(text) < 0;
    });
  }

  function restore() {
    main.querySelectorAll('details.tenant').forEach(function (d) {
      if (Object.prototype.hasOwnProperty.call(opened, d.id)) d.open = opened[d.id];
    });
    var top = main.querySelector('header.top');
    if (top) document.title = top.getAttribute('data-title') || document.title;
  }

  main.addEventListener('toggle', function (e) {
    if (e.target && e.target.matches && e.target.matches('details.tenant')) opened[e.target.id] = e.target.open;
  }, true);

  function refresh() {
    // the same filter as the address (the server's), then as typed (applyFilter)
    fetch('/ui/fragment' + location.search, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      })
      .then(function (html) {
        remember();
        main.innerHTML = html;
        restore();
        applyFilter();
        failures = 0;
        live.classList.remove('stale');
        live.textContent = 'updated ' + new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
      })
      .catch(function (e) {
        failures += 1;
        live.classList.add('stale');
        live.textContent = 'NOT UPDATED (' + e.message + '), retrying; what is shown may be old';
      })
      .then(function () { setTimeout(refresh, Math.min(30, seconds * (1 + failures)) * 1000); });
  }

  q.addEventListener('input', function () {
    applyFilter();
    var url = q.value.trim() === '' ? '/ui' : '/ui?q=' + encodeURIComponent(q.value.trim());
    history.replaceState(null, '', url);
  });
  document.querySelector('form.filter').addEventListener('submit', function (e) { e.preventDefault(); applyFilter(); });
  remember();
  setTimeout(refresh, seconds * 1000);
})();
