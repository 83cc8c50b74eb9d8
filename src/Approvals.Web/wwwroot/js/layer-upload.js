// Uploading a base-map layer (/admin/layers): the file goes to POST /api/basemaps/imports by XMLHttpRequest, whose
// upload.onprogress drives the first bar (fetch cannot report an upload's progress). The import then runs as background
// work: its record is read every second for the second bar and the counters until it ends, and the page's versions
// table and recent uploads are then taken from the page anew. ?import=<id> in the address follows an import after a reload.
(function () {
  'use strict';
  var section = document.getElementById('import-progress');
  if (!section) return;
  var form = document.getElementById('layer-upload');
  function byId(id) { return document.getElementById(id); }
  var numbers = new Intl.NumberFormat(document.documentElement.lang || 'zh-CN');
  var error = byId('upload-error');
  var result = byId('import-result');
  var report = byId('import-report');

  function setBar(bar, label, percent) {
    bar.value = percent;
    byId(label).textContent = percent + '%';
  }

  function count(id, value) { byId(id).textContent = numbers.format(value); }

  function showError(message) {
    if (!error) return;
    error.textContent = message;
    error.hidden = !message;
  }

  function reset() {
    setBar(byId('upload-bar'), 'upload-percent', 0);
    setBar(byId('import-bar'), 'import-percent', 0);
    ['import-in-file', 'import-read', 'import-written', 'import-repaired', 'import-refused'].forEach(function (id) { byId(id).textContent = '–'; });
    byId('import-phase').textContent = '';
    result.hidden = true;
    result.className = '';
    report.hidden = true;
    section.dataset.status = '';
  }

  function show(view) {
    section.hidden = false;
    section.dataset.status = view.status;
    byId('import-file').textContent = view.categoryCode + ' · ' + view.fileName;
    setBar(byId('import-bar'), 'import-percent', view.percent);
    byId('import-phase').textContent = view.phaseText;
    count('import-in-file', view.featuresInFile);
    count('import-read', view.prepared);
    count('import-written', view.written);
    count('import-repaired', view.repaired);
    count('import-refused', view.refused);
  }

  // The versions table and the recent uploads as the server draws them now (a new version, the upload's end state).
  function refresh() {
    fetch(window.location.pathname + window.location.search, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['layer-versions', 'recent-imports'].forEach(function (id) {
          var now = fresh.getElementById(id);
          var old = byId(id);
          if (now && old) old.replaceWith(document.importNode(now, true));
        });
        section.dataset.refreshed = 'true';
      })
      .catch(function () { /* the end state is shown already; a reload shows the rest */ });
  }

  function finish(view) {
    setBar(byId('upload-bar'), 'upload-percent', 100);
    result.textContent = view.statusText + (view.message ? '：' + view.message : '');
    result.className = view.status === 'Completed' ? 'completed' : 'failed';
    result.hidden = false;
    if (view.hasRefusedReport) {
      report.href = '/api/basemaps/imports/' + view.id + '/refused.csv';
      report.textContent = section.dataset.reportLabel;
      report.hidden = false;
    }
    refresh();
  }

  function follow(id) {
    function poll() {
      fetch('/api/basemaps/imports/' + encodeURIComponent(id), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (response) {
          // Not allowed to see it, or no such import: nothing to wait for.
          if (response.status === 403 || response.status === 404) { section.hidden = true; return null; }
          return response.ok ? response.json() : Promise.reject(response);
        })
        .then(function (view) {
          if (!view) return;
          showError('');
          show(view);
          if (view.finished) finish(view);
          else window.setTimeout(poll, 1000);
        })
        .catch(function () {
          showError(form ? form.dataset.pollFailed : '');
          window.setTimeout(poll, 2000);
        });
    }
    poll();
  }

  // A problem+json answer's messages: the fields' first, else its detail or title.
  function problemText(xhr) {
    try {
      var problem = JSON.parse(xhr.responseText);
      if (problem.errors) {
        return Object.keys(problem.errors).map(function (key) { return problem.errors[key].join(' '); }).join(' ');
      }
      return problem.detail || problem.title || form.dataset.uploadFailed;
    } catch (e) {
      return form.dataset.uploadFailed;
    }
  }

  if (form) {
    var submit = byId('upload-submit');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var file = byId('upload-file').files[0];
      if (file && file.size > Number(form.dataset.maxBytes)) {
        showError(form.dataset.tooLarge);
        return;
      }
      var data = new FormData();
      if (file) data.append('file', file);
      data.append('category', byId('upload-category').value);
      if (byId('upload-srid').value) data.append('srid', byId('upload-srid').value);
      if (byId('upload-name-field').value.trim()) data.append('nameField', byId('upload-name-field').value.trim());
      data.append('replace', byId('upload-replace').checked ? 'true' : 'false');
      data.append('acceptRefused', byId('upload-accept-refused').checked ? 'true' : 'false');

      showError('');
      reset();
      section.hidden = false;
      submit.disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (progress) {
        if (progress.lengthComputable) setBar(byId('upload-bar'), 'upload-percent', Math.floor(progress.loaded * 100 / progress.total));
      };
      xhr.onload = function () {
        submit.disabled = false;
        if (xhr.status !== 202) {
          section.hidden = true;
          showError(problemText(xhr));
          return;
        }
        setBar(byId('upload-bar'), 'upload-percent', 100);
        var view = JSON.parse(xhr.responseText);
        window.history.replaceState(null, '', window.location.pathname + '?import=' + encodeURIComponent(view.id));
        show(view);
        follow(view.id);
      };
      xhr.onerror = function () {
        submit.disabled = false;
        section.hidden = true;
        showError(form.dataset.uploadFailed);
      };
      xhr.send(data);
    });
  }

  if (section.dataset.follow) follow(section.dataset.follow);
})();
