// Drawing a boundary on the map: each click adds a vertex as a "longitude,latitude" line to the
// coordinates field, which stays the one source of truth (it can be typed or pasted as well, so the
// form works from the keyboard). The polygon drawn follows the field.
(function () {
  'use strict';
  var element = document.querySelector('.draw-map');
  var field = document.getElementById('drawncoordinates');
  if (!element || !field) return;
  var map = L.map(element, { attributionControl: false, doubleClickZoom: false });
  map.fitBounds([[34.5, 110.2], [40.8, 114.6]]);
  if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  var shape = L.polygon([], { color: '#d00000', weight: 2, fillOpacity: 0.1 }).addTo(map);
  var vertices = L.layerGroup().addTo(map);

  function points() {
    return field.value.split(/\r?\n/).map(function (line) {
      var parts = line.trim().split(/[\s,，]+/);
      return parts.length === 2 ? [Number(parts[1]), Number(parts[0])] : null;
    }).filter(function (p) { return p && isFinite(p[0]) && isFinite(p[1]); });
  }

  function redraw() {
    var latLngs = points();
    shape.setLatLngs(latLngs);
    vertices.clearLayers();
    latLngs.forEach(function (p) { L.circleMarker(p, { radius: 4, color: '#d00000' }).addTo(vertices); });
  }

  map.on('click', function (e) {
    var line = e.latlng.lng.toFixed(7) + ',' + e.latlng.lat.toFixed(7);
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
        var saved = L.geoJSON(c.features.filter(function (f) { return f.properties.kind === 'boundary'; }),
          { style: { color: '#0b5394', weight: 2, dashArray: '6 4', fill: false } }).addTo(map);
        if (saved.getBounds().isValid() && !points().length) map.fitBounds(saved.getBounds(), { padding: [40, 40] });
      });
  }
  redraw();
  if (points().length) map.fitBounds(shape.getBounds(), { padding: [40, 40] });
})();
