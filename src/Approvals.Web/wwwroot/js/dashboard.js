// Draws each panel's chart from the numbers in the table beside it (the table is the source of truth),
// and lets the overdue-task table be sorted by any column.
(function () {
  'use strict';
  var palette = ['#0b5394', '#e69138', '#6aa84f', '#cc0000', '#674ea7', '#45818e'];
  var charts = [];

  function readTable(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return r.cells.length === heads.length; });
    var labels = rows.map(function (r) { return r.cells[0].textContent.trim(); });
    var datasets = [];
    heads.forEach(function (h, i) {
      if (h.dataset.charted !== 'true') return;
      datasets.push({
        label: h.textContent.trim(),
        data: rows.map(function (r) { var v = r.cells[i].dataset.value; return v === '' ? null : Number(v); }),
        backgroundColor: palette[datasets.length % palette.length],
        borderColor: palette[datasets.length % palette.length],
        borderWidth: 2, pointRadius: 0, tension: 0.2
      });
    });
    // A "total" row belongs in the table, not among the bars.
    if (labels.length > 1 && /^(合计|Total)$/.test(labels[labels.length - 1])) {
      labels.pop();
      datasets.forEach(function (d) { d.data.pop(); });
    }
    return { labels: labels, datasets: datasets };
  }

  function draw() {
    if (typeof Chart === 'undefined') return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var table = document.getElementById(canvas.dataset.table);
      if (!table) return;
      charts.push(new Chart(canvas, {
        type: canvas.dataset.chart === 'line' ? 'line' : 'bar',
        data: readTable(table),
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { position: 'bottom' } },
          scales: { y: { beginAtZero: true } }
        }
      }));
    });
  }

  // Printing: resize the charts to the paper layout, and back afterwards.
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener('afterprint', function () { charts.forEach(function (c) { c.resize(); }); });

  function sortable(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, i) {
      var button = th.querySelector('button.sort');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var numeric = th.dataset.numeric === 'true';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length === heads.length; });
        rows.sort(function (a, b) {
          var x = a.cells[i].dataset.value, y = b.cells[i].dataset.value;
          var order = numeric ? Number(x) - Number(y) : x.localeCompare(y, 'zh-CN');
          return ascending ? order : -order;
        });
        // A collapsed table keeps showing its first rows: the ones first after sorting.
        var shown = Number(table.dataset.rowsShown || 0);
        rows.forEach(function (r, n) { body.appendChild(r); if (shown) r.classList.toggle('more', n >= shown); });
      });
    });
  }

  document.querySelectorAll('table.sortable').forEach(sortable);
  draw();
})();
