// Review dashboard behaviour: render diffs (diff2html, highlighted) and keep pages live over server-sent events.
// Served as a file (the Content-Security-Policy forbids inline scripts). All markup it inserts comes from the
// dashboard's own server, which escapes everything from repositories.
(function () {
  'use strict';
  var VIEW_KEY = 'helicone-dashboard-diff-view';

  // The whole change, and on v2 and later the changes since the previous version, drawn the same way.
  var DIFFS = [
    ['diff-data', 'diff'],
    ['interdiff-data', 'interdiff'],
  ];

  function renderDiff() {
    if (typeof Diff2HtmlUI === 'undefined') return;
    var view = localStorage.getItem(VIEW_KEY) || 'line-by-line';
    DIFFS.forEach(function (ids) {
      var data = document.getElementById(ids[0]);
      var target = document.getElementById(ids[1]);
      if (!data || !target) return;
      var ui = new Diff2HtmlUI(target, JSON.parse(data.textContent), {
        outputFormat: view,
        drawFileList: ids[1] === 'diff',
        matching: 'lines',
        highlight: true,
        fileContentToggle: false,
        synchronisedScroll: true,
      });
      ui.draw();
      ui.highlightCode();
    });
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
        .then(function (r) {
          return r.ok ? r.text() : Promise.reject(r.status);
        })
        .then(function (markup) {
          var main = document.getElementById('main');
          var typing = document.getElementById('feedback');
          var draft = typing ? typing.value : '';
          var checked = selectedIds();
          var cursorId = cursorRow() && cursorRow().getAttribute('data-workflow-id');
          main.innerHTML = markup;
          var again = document.getElementById('feedback');
          if (again && draft) again.value = draft;
          document.querySelectorAll('input[name=id]').forEach(function (box) {
            box.checked = checked.indexOf(box.value) >= 0;
          });
          if (cursorId) setCursor(document.querySelector('tr[data-workflow-id="' + window.CSS.escape(cursorId) + '"]'));
          renderDiff();
          localTimes();
          document.body.setAttribute('data-updated', String(Date.now()));
        })
        .catch(function () {
          /* keep the page as it is; the next event retries */
        });
    });
  }

  // Times are rendered as ISO (the no-script fallback); shown here in the reader's own time zone.
  function localTimes() {
    document.querySelectorAll('time[data-local]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        t.textContent = d.toLocaleString();
        t.title = t.getAttribute('datetime');
      }
    });
    document.querySelectorAll('time[datetime][title]:not([data-local])').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (!isNaN(d.getTime())) t.title = d.toLocaleString();
    });
  }

  // Approve opens a PR upstream and reject without feedback ends an integration: ask first. The server asks too
  // (a confirmation page) when the form arrives without confirmed=1, so this works without scripts as well.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var button = e.submitter;
    var message = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (!message) return;
    var ifEmpty = form.getAttribute('data-confirm-if-empty');
    if (ifEmpty) {
      var field = form.querySelector('[name="' + ifEmpty + '"]');
      if (field && field.value.trim()) return;
    }
    if (!window.confirm(message)) {
      e.preventDefault();
      return;
    }
    var flag = form.querySelector('input[name=confirmed]');
    if (!flag) {
      flag = document.createElement('input');
      flag.type = 'hidden';
      flag.name = 'confirmed';
      form.appendChild(flag);
    }
    flag.value = '1';
  });

  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('[data-role=select-all]')) {
      document.querySelectorAll('input[name=id]').forEach(function (box) {
        box.checked = e.target.checked;
      });
    }
  });

  function selectedIds() {
    return Array.prototype.map.call(document.querySelectorAll('input[name=id]:checked'), function (b) {
      return b.value;
    });
  }
  function cursorRow() {
    return document.querySelector('table.rows tr.cursor');
  }
  function setCursor(row) {
    var old = cursorRow();
    if (old) old.classList.remove('cursor');
    if (!row) return;
    row.classList.add('cursor');
    if (row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
  }

  // Keyboard: j/k move through the list, Enter opens, x selects, a/r approve/reject (asking first).
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var rows = Array.prototype.slice.call(document.querySelectorAll('table.rows tbody tr[data-workflow-id]'));
    var key = e.key;
    if (rows.length && (key === 'j' || key === 'k')) {
      var i = rows.indexOf(cursorRow());
      setCursor(rows[Math.min(rows.length - 1, Math.max(0, i < 0 ? 0 : i + (key === 'j' ? 1 : -1)))]);
      e.preventDefault();
    } else if (rows.length && key === 'Enter' && cursorRow()) {
      var link = cursorRow().querySelector('a[data-role=open]');
      if (link) link.click();
    } else if (rows.length && key === 'x' && cursorRow()) {
      var box = cursorRow().querySelector('input[name=id]');
      if (box) box.checked = !box.checked;
    } else if (key === 'a' || key === 'r') {
      var bulk = document.getElementById('bulk');
      if (bulk) {
        if (!selectedIds().length && cursorRow()) {
          var own = cursorRow().querySelector('input[name=id]');
          if (own) own.checked = true;
        }
        if (!selectedIds().length) return;
        var b = bulk.querySelector(key === 'a' ? '[data-action=bulk-approve]' : '[data-action=bulk-reject]');
        if (b) {
          e.preventDefault();
          bulk.requestSubmit(b);
        }
        return;
      }
      var form = document.querySelector(key === 'a' ? 'form.approve' : 'form.reject');
      if (form) {
        e.preventDefault();
        form.requestSubmit();
      }
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    localTimes();
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
