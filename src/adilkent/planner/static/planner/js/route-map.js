/* adilkent planner: the route map of a mobile-service plan.
 *
 * <div data-route-map data-points-url="…stops.geojson" data-routes-url="…routes.geojson?week=…"
 *      data-tile-url="" data-attribution="…" data-dir="ltr|rtl" data-label-…="…">
 *
 * Draws every planned stop as a small dot in its group's colour (a team, or the week of its
 * first visit), then the routes of the chosen week as lines from the depot through the stops
 * (and back through the depot at every reload) to the depot, with numbered stops. The same
 * routes are listed in a table on the page, which is the text alternative of this map.
 * No basemap is loaded unless data-tile-url is set (offline by default).
 */
(function () {
  "use strict";

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(
      function (response) {
        if (!response.ok) {
          throw new Error(url + ": " + response.status);
        }
        return response.json();
      }
    );
  }

  function popup(properties, labels, dir) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.setAttribute("dir", dir);
    var name = document.createElement("strong");
    name.textContent = text(properties.name);
    box.appendChild(name);
    if (properties.type_name) {
      var group = document.createElement("div");
      group.textContent = text(properties.type_name);
      box.appendChild(group);
    }
    if (properties.address) {
      var dates = document.createElement("div");
      dates.textContent = text(properties.address);
      box.appendChild(dates);
    }
    if (properties.url) {
      var link = document.createElement("a");
      link.href = properties.url;
      link.textContent = labels.open;
      box.appendChild(document.createElement("div")).appendChild(link);
    }
    return box;
  }

  function setNote(container, message) {
    var note = document.querySelector('[data-map-note="' + container.id + '"]');
    if (note) {
      note.textContent = message;
    }
  }

  function pointsLayer(geo, labels, dir) {
    return L.geoJSON(geo, {
      pointToLayer: function (feature, latlng) {
        var props = feature.properties || {};
        return L.circleMarker(latlng, {
          radius: 3.5,
          color: props.colour || "#1a5276",
          weight: 1,
          fillColor: props.colour || "#1a5276",
          fillOpacity: 0.45,
        }).bindPopup(popup(props, labels, dir));
      },
    });
  }

  function routesLayer(geo, dir) {
    var lines = [];
    var markers = [];
    var taken = {};
    /* how many markers already stand on this spot: the next one is drawn beside them */
    function nextFree(coords) {
      var key = coords[0].toFixed(5) + "," + coords[1].toFixed(5);
      var used = taken[key] || 0;
      taken[key] = used + 1;
      return used;
    }
    (geo.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      var coords = (feature.geometry && feature.geometry.coordinates) || [];
      if (props.kind === "route") {
        var latlngs = coords.map(function (c) {
          return [c[1], c[0]];
        });
        /* a white casing under the coloured line keeps it visible over other lines */
        lines.push(L.polyline(latlngs, { color: "#ffffff", weight: 7, opacity: 0.9 }));
        lines.push(
          L.polyline(latlngs, { color: props.colour, weight: 4, opacity: 0.95 }).bindTooltip(
            text(props.name),
            { sticky: true, direction: "top" }
          )
        );
      } else if (props.kind === "depot") {
        if (taken["depot:" + props.name]) {
          return; /* one depot marker, however many routes start there */
        }
        taken["depot:" + props.name] = 1;
        nextFree(coords);
        markers.push(
          L.marker([coords[1], coords[0]], {
            icon: L.divIcon({
              className: "route-depot",
              html: '<span aria-hidden="true">&#9632;</span>',
              iconSize: [18, 18],
            }),
            keyboard: false,
          }).bindTooltip(text(props.name), { direction: "top" })
        );
      } else {
        var label = document.createElement("span");
        label.textContent = text(props.order);
        label.style.background = props.colour;
        label.setAttribute("aria-hidden", "true");
        var beside = nextFree(coords);
        markers.push(
          L.marker([coords[1], coords[0]], {
            icon: L.divIcon({
              className: "route-stop",
              html: label.outerHTML,
              iconSize: [22, 22],
              iconAnchor: [11 - 24 * beside, 11],
            }),
            keyboard: false,
          }).bindTooltip(text(props.name), { direction: "top" })
        );
      }
    });
    return L.featureGroup(lines.concat(markers));
  }

  function initMap(container) {
    var data = container.dataset;
    var dir = data.dir === "rtl" ? "rtl" : "ltr";
    var rtl = dir === "rtl";
    var labels = { open: data.labelOpen || "Open", empty: data.labelEmpty || "" };
    container.innerHTML = "";
    var map = L.map(container, {
      zoomControl: false,
      attributionControl: false,
      keyboard: true,
      minZoom: 2,
      maxZoom: 18,
    });
    L.control
      .zoom({
        position: rtl ? "topright" : "topleft",
        zoomInTitle: data.labelZoomIn || "Zoom in",
        zoomOutTitle: data.labelZoomOut || "Zoom out",
      })
      .addTo(map);
    L.control
      .attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: false })
      .addTo(map)
      .addAttribution('<span dir="' + dir + '">' + text(data.attribution) + "</span>");
    L.control.scale({ position: rtl ? "bottomright" : "bottomleft", imperial: false }).addTo(map);
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(
        map
      );
    }
    var box = map.getContainer();
    box.setAttribute("aria-label", container.getAttribute("aria-label") || "");
    if (data.labelKeyboard) {
      box.setAttribute("title", data.labelKeyboard);
    }

    var points = data.pointsUrl ? fetchJSON(data.pointsUrl) : Promise.resolve(null);
    var routes = data.routesUrl ? fetchJSON(data.routesUrl) : Promise.resolve(null);
    Promise.all([points, routes])
      .then(function (results) {
        var bounds = null;
        if (results[0] && (results[0].features || []).length) {
          var dots = pointsLayer(results[0], labels, dir).addTo(map);
          bounds = dots.getBounds();
        }
        if (results[1] && (results[1].features || []).length) {
          var drawn = routesLayer(results[1], dir).addTo(map);
          bounds = drawn.getBounds(); /* zoom to the routes: they are what was asked for */
          container.setAttribute("data-routes-drawn", String(
            (results[1].features || []).filter(function (f) {
              return (f.properties || {}).kind === "route";
            }).length
          ));
        }
        if (bounds && bounds.isValid()) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
        } else {
          map.setView([20, 0], 2);
          setNote(container, labels.empty);
        }
      })
      .catch(function (error) {
        map.setView([20, 0], 2);
        setNote(container, labels.empty);
        if (window.console) {
          window.console.error(error);
        }
      });
  }

  function start() {
    if (typeof L === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-route-map]"), initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
