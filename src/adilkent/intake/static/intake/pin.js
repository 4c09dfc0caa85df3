/* A map where the resident puts one pin; it fills the form's hidden lat/lon fields.
 * Everything drawn comes from our own server: district outlines, rail, metro and tram lines
 * with their stops, and (zoomed in) mahalle names and bus stops, so the map is readable
 * without a basemap. A tile layer is added only when data-tile-url is set.
 * The resident's position is asked for only when they press "Use my position"; it stays in
 * the page unless they send the form with the pin. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pin-map]");
  if (!box || !window.L) { return; }
  var data = box.dataset;
  var form = box.closest("form");
  var lat = form.querySelector("input[name=lat]");
  var lon = form.querySelector("input[name=lon]");
  var note = document.getElementById("pin-note");
  var fallback = box.querySelector(".map__fallback");
  if (fallback) { fallback.remove(); }
  var rtl = document.documentElement.dir === "rtl";
  var LABEL_ZOOM = 14;
  var BUS_ZOOM = 16;
  var LINE_STYLE = {
    suburban: { color: "#5b2c6f", weight: 5 },
    metro: { color: "#b03a2e", weight: 5 },
    tram: { color: "#1e6b3a", weight: 4 }
  };
  var map = L.map(box, { zoomControl: false, attributionControl: true }).setView([38.42, 27.14], 9);
  // Once the resident has moved the map (a search result, her position), the district outlines
  // arriving later must not pull it back out to the whole city.
  var chosenView = false;
  // Leaflet drops a setView asked for while a zoom animation runs (the city outline's
  // fitBounds, a pinch): the view is asked for again when that animation ends.
  function showView(latlng, zoom) {
    chosenView = true;
    var target = L.latLng(latlng);
    map.once("moveend", function () {
      if (map.getZoom() !== zoom) { map.setView(target, zoom, { animate: false }); }
    });
    map.setView(target, zoom);
  }
  L.control.zoom({
    position: rtl ? "topright" : "topleft",
    zoomInTitle: data.labelZoomIn || "Zoom in",
    zoomOutTitle: data.labelZoomOut || "Zoom out"
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  map.createPane("landmarks").style.zIndex = 450;
  var landmarkRenderer = L.svg({ pane: "landmarks" });

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); });
  }

  getJSON(data.outlineUrl)
    .then(function (geo) {
      var layer = L.geoJSON(geo, {
        style: { color: "#1a5276", weight: 1, fillOpacity: 0.05 }, interactive: false
      }).addTo(map);
      if (layer.getBounds().isValid() && !lat.value && !chosenView) { map.fitBounds(layer.getBounds(), { animate: false }); }
    })
    .catch(function () { /* outlines are a help, not a need */ });

  /* Rail, metro and tram: lines always, stop names as labels once zoomed in. */
  var stopMarkers = [];
  function labelStops() {
    var permanent = map.getZoom() >= LABEL_ZOOM;
    stopMarkers.forEach(function (m) {
      m.unbindTooltip().bindTooltip(m.options.stopName, {
        permanent: permanent, direction: "top", offset: [0, -4], className: "pin-map__stop-label"
      });
    });
  }
  if (data.transitUrl) {
    getJSON(data.transitUrl).then(function (geo) {
      L.geoJSON(geo, {
        filter: function (f) { return f.properties.kind === "line"; },
        style: function (f) { return LINE_STYLE[f.properties.mode] || { color: "#444", weight: 3 }; },
        renderer: landmarkRenderer,
        interactive: false
      }).addTo(map);
      L.geoJSON(geo, {
        filter: function (f) { return f.properties.kind === "stop"; },
        pointToLayer: function (f, latlng) {
          var style = LINE_STYLE[f.properties.mode] || { color: "#444" };
          var m = L.circleMarker(latlng, {
            renderer: landmarkRenderer, radius: 5, color: style.color, weight: 2,
            fillColor: "#fff", fillOpacity: 1, stopName: f.properties.name
          });
          stopMarkers.push(m);
          return m;
        }
      }).addTo(map);
      labelStops();
    }).catch(function () { /* landmarks are a help, not a need */ });
  }

  /* Mahalle names (zoom >= 14) and bus stops (zoom >= 16): only what is in view. */
  var mahalleLabels = L.layerGroup().addTo(map);
  var busStops = L.layerGroup().addTo(map);
  var viewRequest = 0;
  function bboxParam() {
    var b = map.getBounds();
    return "bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map(function (v) { return v.toFixed(4); }).join(",");
  }
  function escapeText(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function refreshView() {
    var request = ++viewRequest;
    var zoom = map.getZoom();
    if (zoom < LABEL_ZOOM || !data.labelsUrl) {
      mahalleLabels.clearLayers();
    } else {
      getJSON(data.labelsUrl + "?" + bboxParam()).then(function (geo) {
        if (request !== viewRequest) { return; }
        mahalleLabels.clearLayers();
        geo.features.forEach(function (f) {
          var c = f.geometry.coordinates;
          L.marker([c[1], c[0]], {
            interactive: false, keyboard: false,
            icon: L.divIcon({ className: "pin-map__mahalle", html: "<span>" + escapeText(f.properties.name) + "</span>", iconSize: null })
          }).addTo(mahalleLabels);
        });
      }).catch(function () { /* labels are a help */ });
    }
    if (zoom < BUS_ZOOM || !data.busStopsUrl) {
      busStops.clearLayers();
    } else {
      getJSON(data.busStopsUrl + "?" + bboxParam()).then(function (geo) {
        if (request !== viewRequest) { return; }
        busStops.clearLayers();
        geo.features.forEach(function (f) {
          var c = f.geometry.coordinates;
          L.circleMarker([c[1], c[0]], {
            renderer: landmarkRenderer, radius: 3, color: "#1a5276", weight: 1,
            fillColor: "#fff", fillOpacity: 1
          }).bindTooltip(f.properties.name, { direction: "top", className: "pin-map__stop-label" })
            .addTo(busStops);
        });
      }).catch(function () { /* bus stops are a help */ });
    }
  }
  map.on("zoomend", labelStops);
  map.on("moveend", refreshView);

  /* The pin. */
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    note.textContent = data.labelPlaced + " " + lat.value + ", " + lon.value;
  }
  if (lat.value && lon.value) {
    place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    map.setView(marker.getLatLng(), 15);
  }
  map.on("click", function (event) { place(event.latlng); });

  /* Search and "Use my position": shown only when the map works. */
  var tools = document.getElementById("pin-tools");
  if (!tools) { return; }
  tools.hidden = false;
  var input = document.getElementById("pin-find-input");
  var findButton = document.getElementById("pin-find-button");
  var status = document.getElementById("pin-find-status");
  var results = document.getElementById("pin-find-results");

  function showResults(found) {
    results.textContent = "";
    found.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pin-find__result";
      button.textContent = item.detail ? item.name + " (" + item.detail + ")" : item.name;
      button.addEventListener("click", function () {
        showView([item.lat, item.lon], item.kind === "stop" ? 17 : 15);
        status.textContent = data.labelShown + " " + button.textContent;
      });
      li.appendChild(button);
      results.appendChild(li);
    });
  }
  function find() {
    var query = input.value.trim();
    if (query.length < 2) {
      showResults([]);
      status.textContent = data.labelShort;
      return;
    }
    getJSON(data.findUrl + "?q=" + encodeURIComponent(query)).then(function (answer) {
      showResults(answer.results);
      status.textContent = answer.results.length
        ? data.labelFound + " " + answer.results.length
        : data.labelNotFound;
    }).catch(function () { status.textContent = data.labelFindFailed; });
  }
  findButton.addEventListener("click", find);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); find(); }
  });

  var locate = document.getElementById("pin-locate");
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) { note.textContent = data.labelLocateFailed; return; }
    note.textContent = data.labelLocating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var here = L.latLng(position.coords.latitude, position.coords.longitude);
      showView(here, 17);
      place(here);
      note.textContent = data.labelLocated + " " + lat.value + ", " + lon.value;
    }, function () {
      note.textContent = data.labelLocateFailed;
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
