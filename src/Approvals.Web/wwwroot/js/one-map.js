// 一张图: the base maps and the cases the user may see, as vector tiles made by PostGIS, on a MapLibre map.
// The page gives the layer panel (one checkbox per category, grouped by department), the case filters and the
// search box; labels come from the page's data-label-* attributes so the script holds no wording of its own.
(function () {
  'use strict';
  var element = document.getElementById('one-map');
  if (!element || typeof maplibregl === 'undefined') return;
  var M = window.ApprovalsMaps;
  if (!M) return;
  var statusColours = ['match', ['get', 'status'],
    'AwaitingAcceptance', '#f1c232', 'UnderReview', '#3d85c6', 'AwaitingCorrection', '#e69138', 'AwaitingDecision', '#674ea7',
    'Approved', '#38761d', 'Refused', '#990000', 'Withdrawn', '#999999', '#3d85c6'];
  var label = function (name) { return element.dataset['label' + name] || name; };
  var colour = M.colour;
  var origin = window.location.origin;

  var toggles = Array.prototype.slice.call(document.querySelectorAll('.layer-toggle'));
  document.querySelectorAll('.swatch[data-order]').forEach(function (s) { s.style.background = colour(Number(s.dataset.order)); });

  // The shared style (raster background, base-map layers, county and city outlines) plus the cases and measuring.
  var style = M.style({ tileUrl: element.dataset.tileUrl,
    categories: toggles.map(function (t) { return { code: t.dataset.category, order: Number(t.dataset.order) }; }) });
  style.sources.cases = { type: 'vector', tiles: [origin + '/tiles/cases/{z}/{x}/{y}.mvt'], minzoom: 0, maxzoom: 16 };
  style.sources.measure = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
  style.layers.push({ id: 'cases-fill', type: 'fill', source: 'cases', 'source-layer': 'cases', paint: { 'fill-color': statusColours, 'fill-opacity': 0.25 } });
  style.layers.push({ id: 'cases-line', type: 'line', source: 'cases', 'source-layer': 'cases', paint: { 'line-color': '#d00000', 'line-width': 2 } });
  style.layers.push({ id: 'measure-line', type: 'line', source: 'measure', paint: { 'line-color': '#000', 'line-width': 2, 'line-dasharray': [2, 1] } });

  var map = M.create(element, { style: style });
  window.approvalsMap = map;
  M.loadOutlines(map).catch(function () { /* the map stands without the outlines */ });

  // Layer panel: a category's three layers follow its checkbox.
  toggles.forEach(function (t) {
    t.addEventListener('change', function () {
      M.showLayers(map, M.categoryLayers(t.dataset.category), t.checked);
    });
  });
  var casesToggle = document.getElementById('layer-cases');
  casesToggle.addEventListener('change', function () {
    ['cases-fill', 'cases-line'].forEach(function (id) { map.setLayoutProperty(id, 'visibility', casesToggle.checked ? 'visible' : 'none'); });
  });

  // Case filters: status, use, deciding level and the submission period, applied to the tiles' properties.
  function value(id) { return document.getElementById(id).value; }
  function applyFilters() {
    var all = ['all'];
    if (value('filter-status')) all.push(['==', ['get', 'status'], value('filter-status')]);
    if (value('filter-use')) all.push(['in', value('filter-use'), ['coalesce', ['get', 'uses'], '']]);
    if (value('filter-level')) all.push(['==', ['coalesce', ['get', 'decidingLevel'], ''], value('filter-level')]);
    if (value('filter-from')) all.push(['>=', ['get', 'submitted'], value('filter-from')]);
    if (value('filter-to')) all.push(['<=', ['get', 'submitted'], value('filter-to')]);
    var filter = all.length > 1 ? all : null;
    map.setFilter('cases-fill', filter);
    map.setFilter('cases-line', filter);
  }
  ['filter-status', 'filter-use', 'filter-level', 'filter-from', 'filter-to'].forEach(function (id) {
    document.getElementById(id).addEventListener('change', applyFilters);
  });

  // Words for the tiles' values, read from the page's own select options.
  function optionText(selectId, v) {
    var o = document.querySelector('#' + selectId + ' option[value="' + (window.CSS && CSS.escape ? CSS.escape(v) : v) + '"]');
    return o ? o.textContent : v;
  }

  var row = M.row;

  function caseCard(p) {
    var box = document.createElement('div');
    box.className = 'map-card';
    var h = document.createElement('strong'); h.textContent = p.number + ' ' + p.project; box.appendChild(h);
    var dl = document.createElement('dl');
    row(dl, label('Status'), optionText('filter-status', p.status));
    row(dl, label('Uses'), (p.uses || '').split(',').filter(Boolean).map(function (u) { return optionText('filter-use', u); }).join('、'));
    row(dl, label('Level'), p.decidingLevel ? optionText('filter-level', p.decidingLevel) : '');
    row(dl, label('Submitted'), p.submitted);
    row(dl, label('Area'), p.areaM2 ? (Number(p.areaM2) / 10000).toFixed(4) + ' ha' : '');
    box.appendChild(dl);
    var a = document.createElement('a'); a.href = '/cases/' + encodeURIComponent(p.id); a.textContent = label('Open'); box.appendChild(a);
    return box;
  }

  function featureCard(f) {
    var toggle = document.querySelector('.layer-toggle[data-category="' + f.layer.id.replace(/^bm-(fill|coverage)-/, '') + '"]');
    return M.featureCard(f.properties, toggle ? toggle.parentNode.textContent.trim() : f.properties.category,
      { area: label('Area'), coverage: label('Coverage'), overlap: label('Area') });
  }

  var measuring = null;
  map.on('click', function (e) {
    if (measuring) return;
    var found = map.queryRenderedFeatures(e.point, { layers: ['cases-fill'] });
    var content = null;
    if (found.length) content = caseCard(found[0].properties);
    else {
      var layers = toggles.filter(function (t) { return t.checked; }).map(function (t) { return 'bm-fill-' + t.dataset.category; });
      var hit = map.queryRenderedFeatures(e.point, { layers: layers });
      if (hit.length) content = featureCard(hit[0]);
    }
    if (content) new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(content).addTo(map);
  });

  // Search: cases by number or project, zoom to the one chosen.
  var results = document.getElementById('map-search-results');
  var searchError = document.getElementById('map-search-error');
  document.getElementById('map-search').addEventListener('submit', function (e) {
    e.preventDefault();
    var q = document.getElementById('map-q').value.trim();
    results.textContent = ''; searchError.textContent = '';
    fetch('/api/map/cases?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { searchError.textContent = (answer.body.errors && Object.values(answer.body.errors)[0][0]) || answer.body.title; return; }
        if (answer.body.length === 0) { searchError.textContent = label('None'); return; }
        answer.body.forEach(function (c, i) {
          var li = document.createElement('li'), b = document.createElement('button');
          b.type = 'button'; b.className = 'link'; b.textContent = c.number + ' ' + c.project;
          b.addEventListener('click', function () { map.fitBounds([[c.extent[0], c.extent[1]], [c.extent[2], c.extent[3]]], { padding: 60, maxZoom: 17 }); });
          li.appendChild(b); results.appendChild(li);
          if (i === 0 && answer.body.length === 1) b.click();
        });
      });
  });

  // Measuring a distance or an area on the sphere (accurate to a fraction of a percent at project scale).
  var points = [], output = document.getElementById('measure-result'), distance = M.distance, area = M.area;
  function redraw() {
    var coords = measuring === 'area' && points.length > 2 ? points.concat([points[0]]) : points;
    map.getSource('measure').setData({ type: 'FeatureCollection', features: coords.length > 1 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } }] : [] });
    if (measuring === 'distance') {
      var d = 0; for (var i = 1; i < points.length; i++) d += distance(points[i - 1], points[i]);
      output.textContent = d >= 1000 ? (d / 1000).toFixed(3) + ' km' : d.toFixed(1) + ' m';
    } else if (points.length > 2) {
      var a = area(points);
      output.textContent = (a / 10000).toFixed(4) + ' ha（' + (a * 0.0015).toFixed(2) + ' 亩）';
    }
  }
  function startMeasure(kind) {
    measuring = kind; points = []; output.textContent = label('MeasureHint');
    map.doubleClickZoom.disable(); map.getCanvas().style.cursor = 'crosshair';
  }
  document.getElementById('measure-distance').addEventListener('click', function () { startMeasure('distance'); });
  document.getElementById('measure-area').addEventListener('click', function () { startMeasure('area'); });
  map.on('click', function (e) { if (measuring) { points.push([e.lngLat.lng, e.lngLat.lat]); redraw(); } });
  map.on('dblclick', function () {
    if (!measuring) return;
    measuring = null; map.getCanvas().style.cursor = '';
    setTimeout(function () { map.doubleClickZoom.enable(); }, 0);
  });
})();
