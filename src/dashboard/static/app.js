// Review dashboard behaviour: render diffs (diff2html, highlighted) and keep pages live over server-sent events.
// Served as a file (the Content-Security-Policy forbids inline scripts). All markup it inserts comes from the
// dashboard's own server, which escapes everything from repositories.
(function () {
  'use strict';
  var VIEW_KEY = 'helicone-dashboard-diff-view';

  function renderDiff() {
    var data = document.getElementById('diff-data');
    var target = document.getElementById('diff');
    if (!data || !target || typeof Diff2HtmlUI === 'undefined') return;
    var view = localStorage.getItem(VIEW_KEY) || 'line-by-line';
    var ui = new Diff2HtmlUI(target, JSON.parse(data.textContent), {
      outputFormat: view,
      drawFileList: true,
      matching: 'lines',
      highlight: true,
      fileContentToggle: false,
      synchronisedScroll: true,
    });
    ui.draw();
    ui.highlightCode();
    document.querySelectorAll('[data-diff-view]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-diff-view') === view));
    });
  }

  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-diff-view]');
    if (!button) return;
    localStorage.setItem(VIEW_KEY, button.getAttribute('data-diff-view'));
    renderDiff();
  });

  // The page carries the snapshot it was rendered from; any event with a different one means it is out of date.
  function live(eventsUrl, fragmentUrl) {
    var source = new EventSource(eventsUrl);
    source.addEventListener('change', function (event) {
      var shown = document.querySelector('[data-snapshot]');
      if (shown && shown.getAttribute('data-snapshot') === event.data) return;
      fetch(fragmentUrl, { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (markup) {
          var main = document.getElementById('main');
          var typing = document.getElementById('feedback');
          var draft = typing ? typing.value : '';
          main.innerHTML = markup;
          var again = document.getElementById('feedback');
          if (again && draft) again.value = draft;
          renderDiff();
          document.body.setAttribute('data-updated', String(Date.now()));
        })
        .catch(function () { /* keep the page as it is; the next event retries */ });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    renderDiff();
    var detail = document.querySelector('[data-live="detail"]');
    if (detail) {
      var id = encodeURIComponent(detail.getAttribute('data-workflow-id'));
      live('/integrations/' + id + '/events', '/integrations/' + id + '?fragment=1');
    } else if (document.querySelector('[data-live="list"]')) {
      var query = location.search ? location.search + '&' : '?';
      live('/events' + location.search, '/' + query + 'fragment=1');
    }
  });
})();
