// Drawing a boundary on the map (MapLibre, map-core.js): each click adds a vertex as a "longitude,latitude" line to
// the coordinates field, which stays the one source of truth (it can be typed or pasted as well, so the form works from
// the keyboard). The map starts on the county chosen for the project (fitted to its outline). A click within a few
// pixels of a vertex of the county outline or of the shape drawn so far snaps to that vertex (a ring marks it under
// the pointer). While drawing, the area of the shape closed through the pointer is shown live in m², ha and 亩.
(function () {
  'use strict';
  var M = window.ApprovalsMaps;
  var element = document.querySelector('.draw-map');
  var field = document.getElementById('drawncoordinates');
  var status = document.getElementById('draw-area');
  if (!M || !element || !field) return;
  var SnapPixels = 10;
  var map = M.create(element, { tileUrl: element.dataset.tileUrl });
  element.approvalsMap = map;
  map.doubleClickZoom.disable();
  var county = element.dataset.county;
  var outlineVertices = [];
  var pointer = null;

  function points() {
    return field.value.split(/\r?\n/).map(function (line) {
      var parts = line.trim().split(/[\s,，]+/);
      return parts.length === 2 ? [Number(parts[0]), Number(parts[1])] : null;
    }).filter(function (p) { return p && isFinite(p[0]) && isFinite(p[1]); });
  }

  // The nearest vertex (outline or drawn) within SnapPixels of a screen point, or null.
  function snap(point) {
    var best = null, bestDistance = SnapPixels;
    outlineVertices.concat(points()).forEach(function (v) {
      var p = map.project(v), d = Math.hypot(p.x - point.x, p.y - point.y);
      if (d <= bestDistance) { best = v; bestDistance = d; }
    });
    return best;
  }

  function ring(list) { return list.length > 2 ? [list.concat([list[0]])] : null; }

  function redraw() {
    var list = points();
    var live = pointer ? list.concat([pointer.lngLat]) : list;
    var features = [];
    if (live.length > 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: ring(live) } });
    else if (live.length === 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: live } });
    list.forEach(function (p) { features.push({ type: 'Feature', properties: { kind: 'vertex' }, geometry: { type: 'Point', coordinates: p } }); });
    if (pointer && pointer.snapped) features.push({ type: 'Feature', properties: { kind: 'snap' }, geometry: { type: 'Point', coordinates: pointer.lngLat } });
    if (map.getSource('drawing')) map.getSource('drawing').setData({ type: 'FeatureCollection', features: features });
    if (status) {
      status.textContent = live.length > 2 ? (status.dataset.label || '') + M.areaText(M.area(live)) : '';
      status.dataset.areaM2 = live.length > 2 ? String(Math.round(M.area(live) * 10) / 10) : '';
    }
  }

  map.on('load', function () {
    map.addSource('drawing', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('saved', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'saved-line', type: 'line', source: 'saved', paint: { 'line-color': '#0b5394', 'line-width': 2, 'line-dasharray': [3, 2] } });
    map.addLayer({ id: 'drawing-fill', type: 'fill', source: 'drawing', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#d00000', 'fill-opacity': 0.1 } });
    map.addLayer({ id: 'drawing-line', type: 'line', source: 'drawing', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#d00000', 'line-width': 2 } });
    map.addLayer({ id: 'drawing-vertex', type: 'circle', source: 'drawing', filter: ['==', ['get', 'kind'], 'vertex'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#d00000', 'circle-stroke-width': 2 } });
    map.addLayer({ id: 'drawing-snap', type: 'circle', source: 'drawing', filter: ['==', ['get', 'kind'], 'snap'], paint: { 'circle-radius': 8, 'circle-opacity': 0, 'circle-stroke-color': '#1a7f37', 'circle-stroke-width': 2 } });
    redraw();
    var list = points();
    if (list.length) map.fitBounds(M.bounds({ type: 'LineString', coordinates: list }), { padding: 40, maxZoom: 17, duration: 0 });
  });

  // The chosen county: its outline is where drawing starts, and its vertices are what a click snaps to.
  M.loadOutlines(map).then(function (collection) {
    var own = collection.features.filter(function (f) { return f.properties.code === county; })[0];
    var shapes = own ? [own] : collection.features.filter(function (f) { return f.properties.level === 'County'; });
    shapes.forEach(function (f) {
      (function walk(c) { if (typeof c[0] === 'number') outlineVertices.push([c[0], c[1]]); else c.forEach(walk); })(f.geometry.coordinates);
    });
    if (own && !points().length && !element.dataset.mapSrc) {
      var b = M.bounds(own);
      if (b) map.fitBounds(b, { padding: 20, duration: 0 });
    }
    element.dataset.county = county || '';
    element.dataset.outline = own ? 'loaded' : 'none';
  }).catch(function () { element.dataset.outline = 'error'; });

  map.on('mousemove', function (e) {
    var s = snap(e.point);
    pointer = { lngLat: s || [e.lngLat.lng, e.lngLat.lat], snapped: !!s };
    redraw();
  });
  map.getCanvas().addEventListener('mouseleave', function () { pointer = null; redraw(); });

  map.on('click', function (e) {
    var v = snap(e.point) || [e.lngLat.lng, e.lngLat.lat];
    var line = v[0].toFixed(7) + ',' + v[1].toFixed(7);
    field.value = field.value.trim() ? field.value.trim() + '\n' + line : line;
    redraw();
  });
  field.addEventListener('input', redraw);
  document.getElementById('draw-undo').addEventListener('click', function () {
    var lines = field.value.trim().split(/\r?\n/);
    lines.pop();
    field.value = lines.join('\n');
    redraw();
  });
  document.getElementById('draw-clear').addEventListener('click', function () {
    field.value = '';
    redraw();
  });
  // Show an existing boundary (the one saved) for reference and zoom to it.
  if (element.dataset.mapSrc) {
    fetch(element.dataset.mapSrc, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c) return;
        var saved = { type: 'FeatureCollection', features: c.features.filter(function (f) { return f.properties.kind === 'boundary'; }) };
        var show = function () {
          map.getSource('saved').setData(saved);
          var b = M.bounds(saved);
          if (b && !points().length) map.fitBounds(b, { padding: 40, maxZoom: 17, duration: 0 });
        };
        if (map.getSource('saved')) show(); else map.once('load', show);
      });
  }
})();
