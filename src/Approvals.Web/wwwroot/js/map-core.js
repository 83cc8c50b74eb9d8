// The pieces every map of Approvals shares (一张图 /map, the case page, the review page, the spatial-check report, the
// portal's pre-check and drawing): MapLibre set-up, the report colours, the base-map vector tile layers (staff only),
// the county and city outlines, the optional raster background, controls, the attribute card, measuring on the sphere
// and page overlays. Exposed as window.ApprovalsMaps; each page script builds its own map from these.
//
// OVERLAY CONTRACT (used by other page parts, e.g. avoidance suggestions): every boundary map draws
//   <script type="application/geo+json" class="map-overlay" data-overlay-id="ID" data-label="Label" data-color="#rrggbb">
//     {GeoJSON: a FeatureCollection, Feature or geometry in lon/lat, EPSG:4490}
//   </script>
// present on the page, and listens for
//   document.dispatchEvent(new CustomEvent('approvals:map-overlay', { detail: { id, label, color, geojson } }))
// An overlay with an id already drawn replaces it; geojson null removes it; fit: true widens the view to show it. Each overlay gets a legend entry with a
// checkbox that shows or hides it. Polygons are filled lightly and outlined, lines drawn, points drawn as circles.
(function () {
  'use strict';
  if (typeof maplibregl === 'undefined') return;
  maplibregl.setWorkerUrl('/lib/maplibre-gl/maplibre-gl-csp-worker.js');

  // One colour per base-map category by its place in the catalogue: a category keeps its colour on every page.
  var palette = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46a0a0', '#f032e6', '#9a9a00',
    '#008080', '#9a6324', '#800000', '#6b8e23', '#000075', '#808080', '#c71585'];
  var shanxi = [[110.2, 34.5], [114.6, 40.8]];
  var origin = window.location.origin;
  function colour(order) { return palette[((order || 1) - 1) % palette.length]; }

  // A style with the optional raster background (Approvals:Map:TileUrl) and, for staff, the base-map tiles.
  function style(options) {
    var s = {
      version: 8,
      sources: { outlines: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } } },
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f3ef' } }]
    };
    if (options.tileUrl) {
      s.sources.background = { type: 'raster', tiles: [options.tileUrl.replace('{s}', 'a')], tileSize: 256 };
      s.layers.push({ id: 'raster', type: 'raster', source: 'background' });
    }
    if (options.categories && options.categories.length) {
      s.sources.basemaps = { type: 'vector', tiles: [origin + '/tiles/basemaps/{z}/{x}/{y}.mvt'], minzoom: 0, maxzoom: 16 };
      options.categories.forEach(function (c) {
        var col = colour(c.order);
        s.layers.push({ id: 'bm-fill-' + c.code, type: 'fill', source: 'basemaps', 'source-layer': c.code,
          filter: ['==', ['get', 'kind'], 'feature'], paint: { 'fill-color': col, 'fill-opacity': 0.3 } });
        s.layers.push({ id: 'bm-line-' + c.code, type: 'line', source: 'basemaps', 'source-layer': c.code,
          filter: ['==', ['get', 'kind'], 'feature'], paint: { 'line-color': col, 'line-width': 0.6 } });
        s.layers.push({ id: 'bm-coverage-' + c.code, type: 'line', source: 'basemaps', 'source-layer': c.code,
          filter: ['==', ['get', 'kind'], 'coverage'], paint: { 'line-color': col, 'line-width': 1.2, 'line-dasharray': [3, 2] } });
      });
    }
    s.layers.push({ id: 'outline-city', type: 'line', source: 'outlines', filter: ['==', ['get', 'level'], 'City'],
      paint: { 'line-color': '#444', 'line-width': 2.5, 'line-opacity': 0.7 } });
    s.layers.push({ id: 'outline-county', type: 'line', source: 'outlines', filter: ['==', ['get', 'level'], 'County'],
      paint: { 'line-color': '#444', 'line-width': 1.4, 'line-dasharray': [4, 2, 1, 2] } });
    return s;
  }

  // A map in element: preserveDrawingBuffer so the canvas can be printed (a snapshot replaces it in print).
  function create(element, options) {
    var map = new maplibregl.Map({ container: element, style: options.style || style(options), bounds: options.bounds || shanxi,
      attributionControl: false, preserveDrawingBuffer: true, maxZoom: 19 });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }));
    map.addControl(new maplibregl.FullscreenControl());
    if (options.printable) printable(map, element);
    return map;
  }

  // The canvas does not print reliably: before printing it is copied into an image shown only in print.
  function printable(map, element) {
    var img = document.createElement('img');
    img.className = 'map-print-snapshot';
    img.alt = element.getAttribute('aria-label') || '';
    element.parentNode.insertBefore(img, element.nextSibling);
    function snapshot() { try { img.src = map.getCanvas().toDataURL('image/png'); } catch (e) { /* tainted canvas: no snapshot */ } }
    window.addEventListener('beforeprint', snapshot);
    map.on('idle', snapshot);
  }

  // County and city outlines (public data for any signed-in user). Resolves with the collection.
  function loadOutlines(map) {
    return fetch('/api/jurisdictions/outlines', { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + r.statusText); return r.json(); })
      .then(function (collection) {
        var set = function () { map.getSource('outlines').setData(collection); };
        if (map.isStyleLoaded() && map.getSource('outlines')) set(); else map.once('load', set);
        return collection;
      });
  }

  function bounds(geojson) {
    var b = new maplibregl.LngLatBounds();
    (function walk(c) {
      if (typeof c[0] === 'number') b.extend([c[0], c[1]]);
      else c.forEach(walk);
    })((geojson.features || [geojson]).map(function (f) { return (f.geometry || f).coordinates; }));
    return b.isEmpty() ? null : b;
  }

  function showLayers(map, ids, visible) {
    ids.forEach(function (id) { if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none'); });
  }

  function categoryLayers(code) { return ['bm-fill-' + code, 'bm-line-' + code, 'bm-coverage-' + code]; }

  function row(dl, term, text) {
    if (text === null || text === undefined || text === '') return;
    var dt = document.createElement('dt'); dt.textContent = term;
    var dd = document.createElement('dd'); dd.textContent = text;
    dl.appendChild(dt); dl.appendChild(dd);
  }

  // The card of a base-map feature: its category, name, id, area and key attributes.
  function featureCard(properties, title, labels) {
    var p = properties, box = document.createElement('div');
    box.className = 'map-card';
    var h = document.createElement('strong');
    h.textContent = title + (p.name ? ' · ' + p.name : '');
    box.appendChild(h);
    var dl = document.createElement('dl');
    if (p.kind === 'coverage') row(dl, '', labels.coverage);
    row(dl, 'ID', p.sourceId || p.id);
    if (p.areaM2) row(dl, labels.area, (Number(p.areaM2) / 10000).toFixed(4) + ' ha');
    if (p.overlapM2) row(dl, labels.overlap, Number(p.overlapM2).toFixed(2) + ' m²');
    // The category's key attributes arrive as properties of their own (PostGIS spreads the jsonb into the tile).
    var own = ['id', 'kind', 'category', 'name', 'sourceId', 'areaM2', 'forestGrade', 'forestKind', 'order', 'categoryName', 'overlapM2'];
    Object.keys(p).forEach(function (k) { if (own.indexOf(k) < 0) row(dl, k, String(p[k])); });
    box.appendChild(dl);
    return box;
  }

  // Measuring on the sphere (accurate to a fraction of a percent at project scale).
  var R = 6371008.8;
  function rad(d) { return d * Math.PI / 180; }
  function distance(a, b) {
    var dLat = rad(b[1] - a[1]), dLon = rad(b[0] - a[0]);
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * R * Math.asin(Math.sqrt(h));
  }
  function area(ring) {
    var total = 0;
    for (var i = 0; i < ring.length; i++) {
      var p1 = ring[i], p2 = ring[(i + 1) % ring.length];
      total += rad(p2[0] - p1[0]) * (2 + Math.sin(rad(p1[1])) + Math.sin(rad(p2[1])));
    }
    return Math.abs(total * R * R / 2);
  }
  // m², ha and 亩 (1 亩 = 666.67 m²), as the forms and reports write them.
  function areaText(m2) { return m2.toFixed(1) + ' m² · ' + (m2 / 10000).toFixed(4) + ' ha · ' + (m2 * 0.0015).toFixed(2) + ' 亩'; }

  function legendItem(list, swatchColour, text, kind) {
    var li = document.createElement('li');
    var swatch = document.createElement('span');
    swatch.className = 'swatch' + (kind ? ' ' + kind : '');
    if (swatchColour) swatch.style.background = swatchColour;
    li.appendChild(swatch);
    li.appendChild(document.createTextNode(text));
    list.appendChild(li);
    return li;
  }

  // Overlays (see the contract at the top of this file).
  function overlays(map, legend) {
    var drawn = {};
    function remove(id) {
      var o = drawn[id];
      if (!o) return;
      o.layers.forEach(function (l) { if (map.getLayer(l)) map.removeLayer(l); });
      if (map.getSource(o.source)) map.removeSource(o.source);
      if (o.item) o.item.remove();
      delete drawn[id];
    }
    function draw(d) {
      if (!d || !d.id) return;
      remove(d.id);
      if (!d.geojson) return;
      var source = 'overlay-' + d.id, c = /^#[0-9a-fA-F]{6}$/.test(d.color || '') ? d.color : '#0b5394';
      var layers = [source + '-fill', source + '-line', source + '-point'];
      map.addSource(source, { type: 'geojson', data: d.geojson });
      map.addLayer({ id: layers[0], type: 'fill', source: source, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': c, 'fill-opacity': 0.2 } });
      map.addLayer({ id: layers[1], type: 'line', source: source, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': c, 'line-width': 2 } });
      map.addLayer({ id: layers[2], type: 'circle', source: source, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': c, 'circle-radius': 5 } });
      var item = null;
      if (legend) {
        item = legendItem(legend, c, '', 'overlay');
        item.dataset.overlayId = d.id;
        var box = document.createElement('input');
        box.type = 'checkbox'; box.checked = true; box.className = 'overlay-toggle';
        var label = document.createElement('label');
        label.appendChild(box); label.appendChild(item.firstChild); label.appendChild(document.createTextNode(d.label || d.id));
        item.textContent = ''; item.appendChild(label);
        box.addEventListener('change', function () { showLayers(map, layers, box.checked); });
      }
      drawn[d.id] = { source: source, layers: layers, item: item };
      if (d.fit) fitAlso(d.geojson);
    }
    // Widens the view to take in an overlay the page asked to be seen (a suggested site may lie beyond the boundary's view).
    function fitAlso(geojson) {
      var b;
      try { b = bounds(geojson); } catch (e) { return; }
      if (!b) return;
      var view = map.getBounds();
      if (view.contains(b.getSouthWest()) && view.contains(b.getNorthEast())) return;
      b.extend(view);
      map.fitBounds(b, { padding: 30, maxZoom: 17, duration: 0 });
    }
    function whenReady(f) { if (map.isStyleLoaded()) f(); else map.once('load', f); }
    whenReady(function () {
      document.querySelectorAll('script.map-overlay[type="application/geo+json"]').forEach(function (s) {
        try {
          draw({ id: s.dataset.overlayId, label: s.dataset.label, color: s.dataset.color, geojson: JSON.parse(s.textContent) });
        } catch (e) { if (window.console) console.warn('map overlay ' + s.dataset.overlayId + ': ' + e.message); }
      });
    });
    document.addEventListener('approvals:map-overlay', function (e) { whenReady(function () { draw(e.detail); }); });
    return { draw: draw, remove: remove };
  }

  window.ApprovalsMaps = {
    palette: palette, colour: colour, shanxi: shanxi, style: style, create: create, loadOutlines: loadOutlines, bounds: bounds,
    showLayers: showLayers, categoryLayers: categoryLayers, row: row, featureCard: featureCard, distance: distance, area: area,
    areaText: areaText, legendItem: legendItem, overlays: overlays
  };
})();
