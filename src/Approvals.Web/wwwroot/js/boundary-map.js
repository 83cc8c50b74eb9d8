// A boundary on the map (the one map component, see _BoundaryMap.cshtml and map-core.js): the boundary and the features
// its check hit, coloured by category, over the base-map vector tiles for staff (the layer panel beside the map toggles
// each category), with the county and city outlines and any page overlays. Markup:
// <div class="boundary-map" data-map-src="/api/boundary-maps/…" data-basemaps="true|false" data-tile-url="…"> in a
// <figure> with a <ul class="map-legend">. The boundary and hits come as GeoJSON in lon/lat, transformed on the server.
(function () {
  'use strict';
  var M = window.ApprovalsMaps;
  if (!M) return;

  function init(element) {
    var figure = element.closest('figure');
    var legend = figure ? figure.querySelector('.map-legend') : null;
    var toggles = figure ? Array.prototype.slice.call(figure.querySelectorAll('.layer-toggle')) : [];
    toggles.forEach(function (t) { var s = t.parentNode.querySelector('.swatch'); if (s) s.style.background = M.colour(Number(t.dataset.order)); });
    var categories = element.dataset.basemaps === 'true'
      ? toggles.map(function (t) { return { code: t.dataset.category, order: Number(t.dataset.order) }; }) : [];
    var labels = { area: element.dataset.labelArea, overlap: element.dataset.labelOverlap, coverage: element.dataset.labelCoverage };
    var map = M.create(element, { tileUrl: element.dataset.tileUrl, categories: categories, printable: true });
    element.approvalsMap = map;

    toggles.forEach(function (t) {
      t.addEventListener('change', function () { M.showLayers(map, M.categoryLayers(t.dataset.category), t.checked); });
    });

    var data = fetch(element.dataset.mapSrc, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
        return response.json();
      });
    var loaded = new Promise(function (resolve) { map.on('load', resolve); });
    M.loadOutlines(map).catch(function () { /* the outlines are a help, not the content: the map stands without them */ });
    M.overlays(map, legend);

    Promise.all([data, loaded]).then(function (results) {
      var collection = results[0];
      var hits = collection.features.filter(function (f) { return f.properties.kind === 'hit'; });
      var boundary = collection.features.filter(function (f) { return f.properties.kind === 'boundary'; });
      hits.forEach(function (f) { f.properties.colour = M.colour(f.properties.order); });
      map.addSource('hits', { type: 'geojson', data: { type: 'FeatureCollection', features: hits } });
      map.addSource('boundary', { type: 'geojson', data: { type: 'FeatureCollection', features: boundary } });
      map.addLayer({ id: 'hits-fill', type: 'fill', source: 'hits', paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.55 } });
      map.addLayer({ id: 'hits-line', type: 'line', source: 'hits', paint: { 'line-color': ['get', 'colour'], 'line-width': 1.5 } });
      map.addLayer({ id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': '#d00000', 'line-width': 3 } });
      var extent = M.bounds({ type: 'FeatureCollection', features: boundary });
      if (extent) map.fitBounds(extent, { padding: 40, maxZoom: 17, duration: 0 });
      if (legend) {
        var seen = {};
        hits.forEach(function (f) {
          var p = f.properties;
          if (seen[p.category]) return;
          seen[p.category] = true;
          M.legendItem(legend, M.colour(p.order), p.categoryName, 'hit');
        });
      }
      element.dataset.hits = String(hits.length);
      map.once('idle', function () { element.dataset.state = 'loaded'; });
    }).catch(function () {
      element.dataset.state = 'error';
      var note = document.createElement('p');
      note.className = 'error';
      note.textContent = element.dataset.errorText;
      element.parentNode.insertBefore(note, element.nextSibling);
    });

    // Click: what the boundary hit first, then a base-map feature under the pointer, then the county.
    map.on('click', function (e) {
      var content = null;
      var hit = map.getLayer('hits-fill') ? map.queryRenderedFeatures(e.point, { layers: ['hits-fill'] }) : [];
      if (hit.length) content = M.featureCard(hit[0].properties, hit[0].properties.categoryName, labels);
      else {
        var layers = toggles.filter(function (t) { return t.checked && map.getLayer('bm-fill-' + t.dataset.category); })
          .map(function (t) { return 'bm-fill-' + t.dataset.category; });
        var found = layers.length ? map.queryRenderedFeatures(e.point, { layers: layers }) : [];
        if (found.length) {
          var t = toggles.filter(function (x) { return 'bm-fill-' + x.dataset.category === found[0].layer.id; })[0];
          content = M.featureCard(found[0].properties, t ? t.parentNode.textContent.trim() : found[0].properties.category, labels);
        }
      }
      if (content) new maplibregl.Popup({ maxWidth: '320px' }).setLngLat(e.lngLat).setDOMContent(content).addTo(map);
    });
  }

  document.querySelectorAll('.boundary-map[data-map-src]').forEach(init);
})();
