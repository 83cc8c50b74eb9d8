// Draws a boundary and the base-map features it hit on a Leaflet map, one colour per base-map
// category (by its place in the catalogue, so a category keeps its colour on every page).
// Markup: <div class="boundary-map" data-map-src="/api/boundary-maps/…" data-tile-url="…"> inside a
// <figure> with a <ul class="map-legend">. The layers come as GeoJSON in lon/lat, transformed on the server.
(function () {
  'use strict';
  var palette = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a0a0', '#f032e6', '#9a9a00',
    '#008080', '#9a6324', '#800000', '#6b8e23', '#000075', '#808080', '#c71585'];
  var shanxi = [[34.5, 110.2], [40.8, 114.6]];

  function colour(order) { return palette[((order || 1) - 1) % palette.length]; }

  function text(value) {
    var span = document.createElement('span');
    span.textContent = value;
    return span;
  }

  function legendItem(list, swatchColour, label) {
    var item = document.createElement('li');
    var swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = swatchColour;
    swatch.style.opacity = '0.6';
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(label));
    list.appendChild(item);
  }

  function init(element) {
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.25 });
    map.fitBounds(shanxi);
    if (element.dataset.tileUrl) L.tileLayer(element.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    var figure = element.closest('figure');
    var legend = figure ? figure.querySelector('.map-legend') : null;

    fetch(element.dataset.mapSrc, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
        return response.json();
      })
      .then(function (collection) {
        var hits = collection.features.filter(function (f) { return f.properties.kind === 'hit'; });
        var boundary = collection.features.filter(function (f) { return f.properties.kind === 'boundary'; });
        L.geoJSON(hits, {
          style: function (f) { return { color: colour(f.properties.order), weight: 1, fillOpacity: 0.35 }; },
          onEachFeature: function (f, layer) {
            var p = f.properties;
            layer.bindTooltip(text(p.categoryName + (p.name ? ' · ' + p.name : '') + ' · ' + Number(p.overlapM2).toFixed(2) + ' m²'));
          }
        }).addTo(map);
        var outline = L.geoJSON(boundary, { style: { color: '#d00000', weight: 3, fill: false } }).addTo(map);
        if (outline.getBounds().isValid()) map.fitBounds(outline.getBounds(), { padding: [24, 24] });
        if (legend) {
          var seen = {};
          hits.forEach(function (f) {
            var p = f.properties;
            if (seen[p.category]) return;
            seen[p.category] = true;
            legendItem(legend, colour(p.order), p.categoryName);
          });
        }
        element.dataset.state = 'loaded';
        element.dataset.hits = String(hits.length);
      })
      .catch(function () {
        element.dataset.state = 'error';
        var note = document.createElement('p');
        note.className = 'error';
        note.textContent = element.dataset.errorText;
        element.parentNode.insertBefore(note, element.nextSibling);
      });
  }

  document.querySelectorAll('.boundary-map[data-map-src]').forEach(init);
})();
