/* A map where the resident puts one pin; it fills the form's hidden lat/lon fields.
 * District outlines come from our own server; no basemap unless data-tile-url is set. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pin-map]");
  if (!box || !window.L) { return; }
  var form = box.closest("form");
  var lat = form.querySelector("input[name=lat]");
  var lon = form.querySelector("input[name=lon]");
  var note = document.getElementById("pin-note");
  var fallback = box.querySelector(".map__fallback");
  if (fallback) { fallback.remove(); }
  var rtl = document.documentElement.dir === "rtl";
  var map = L.map(box, { zoomControl: false, attributionControl: true }).setView([38.42, 27.14], 9);
  L.control.zoom({
    position: rtl ? "topright" : "topleft",
    zoomInTitle: box.dataset.labelZoomIn || "Zoom in",
    zoomOutTitle: box.dataset.labelZoomOut || "Zoom out"
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.tileAttribution || "" }).addTo(map);
  }
  fetch(box.dataset.outlineUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var layer = L.geoJSON(data, { style: { color: "#1a5276", weight: 1, fillOpacity: 0.05 } }).addTo(map);
      if (layer.getBounds().isValid() && !lat.value) { map.fitBounds(layer.getBounds()); }
    })
    .catch(function () { /* outlines are a help, not a need */ });
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    note.textContent = box.dataset.labelPlaced + " " + lat.value + ", " + lon.value;
  }
  if (lat.value && lon.value) {
    place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    map.setView(marker.getLatLng(), 15);
  }
  map.on("click", function (event) { place(event.latlng); });
})();
