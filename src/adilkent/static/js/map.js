/* adilkent maps: draws the GeoJSON that the page names in data- attributes with Leaflet.
 *
 * <div data-map data-polygons-url="…" data-outline-url="…" data-points-url="…"
 *      data-tile-url="" data-attribution="…" data-label-…="…" data-dir="ltr|rtl">
 *
 * No basemap is loaded unless data-tile-url is set (offline by default). Every place drawn
 * can be reached with Tab and opened with Enter; the page also lists everything as text.
 */
(function () {
  "use strict";

  var POLYGON_STYLE = { color: "#1a5276", weight: 1.5, fillColor: "#5d8fb8", fillOpacity: 0.18 };
  var POLYGON_HOVER = { weight: 3, fillOpacity: 0.35 };
  var OUTLINE_STYLE = { color: "#9a3d00", weight: 3, fillColor: "#f0b27a", fillOpacity: 0.15 };
  var MAX_FOCUSABLE_POINTS = 200;

  /* Counts as the server writes them: format.js (loaded before this script). */
  function formatCount(value) {
    return window.adilkentFormat ? window.adilkentFormat.number(value) : String(value);
  }

  function text(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function element(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (content !== undefined) {
      node.textContent = content;
    }
    return node;
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

  function popupFor(properties, labels, dir) {
    var box = element("div", { class: "map-popup", dir: dir });
    box.appendChild(element("strong", {}, text(properties.name)));
    if (properties.type_name) {
      box.appendChild(element("span", properties.type_lang ? { lang: properties.type_lang } : {}, text(properties.type_name)));
    }
    if (properties.is_village) {
      box.appendChild(element("span", { class: "tag" }, labels.village));
    }
    if (properties.population_label) {
      box.appendChild(
        element("div", {}, labels.population + ": " + text(properties.population_label))
      );
    }
    if (properties.address) {
      box.appendChild(element("div", {}, text(properties.address)));
    }
    if (properties.inside === true || properties.inside === false) {
      box.appendChild(
        element("div", { class: "muted" }, properties.inside ? labels.inside : labels.nearby)
      );
    }
    if (properties.url) {
      var link = element("a", { href: properties.url }, labels.open);
      box.appendChild(element("div", {})).appendChild(link);
    }
    return box;
  }

  /* Make an SVG shape reachable with Tab and openable with Enter or Space. */
  function makeFocusable(layer, label) {
    var node = layer.getElement && layer.getElement();
    if (!node) {
      return;
    }
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", label);
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        layer.openPopup();
      }
    });
    node.addEventListener("focus", function () {
      if (layer.setStyle && layer.options.weight !== undefined) {
        layer.setStyle(POLYGON_HOVER);
      }
    });
    node.addEventListener("blur", function () {
      if (layer.setStyle && layer.defaultStyle) {
        layer.setStyle(layer.defaultStyle);
      }
    });
  }

  function polygonLayer(data, style, labels, dir, focusable) {
    return L.geoJSON(data, {
      style: function () {
        return style;
      },
      onEachFeature: function (feature, layer) {
        var props = feature.properties || {};
        layer.defaultStyle = style;
        layer.bindPopup(popupFor(props, labels, dir));
        layer.on("mouseover", function () {
          layer.setStyle(POLYGON_HOVER);
        });
        layer.on("mouseout", function () {
          layer.setStyle(style);
        });
        if (focusable) {
          layer.on("add", function () {
            var label = text(props.name);
            if (props.population_label) {
              label += ", " + labels.population + " " + props.population_label;
            }
            makeFocusable(layer, label);
          });
        }
      },
    });
  }

  function pointLayers(data, labels, dir) {
    var groups = {};
    var order = [];
    var focusable = (data.features || []).length <= MAX_FOCUSABLE_POINTS;
    (data.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      var key = props.type || "other";
      if (!groups[key]) {
        groups[key] = {
          name: props.type_name || key, lang: props.type_lang || "", colour: props.colour || "#1a5276", layers: []
        };
        order.push(key);
      }
      var coords = feature.geometry && feature.geometry.coordinates;
      if (!coords) {
        return;
      }
      var outside = props.inside === false;
      var marker = L.circleMarker([coords[1], coords[0]], {
        radius: outside ? 5 : 6,
        color: "#1b2430",
        weight: 1,
        fillColor: groups[key].colour,
        fillOpacity: outside ? 0.35 : 0.9,
      });
      marker.bindPopup(popupFor(props, labels, dir));
      if (focusable) {
        marker.on("add", function () {
          makeFocusable(marker, text(props.name) + ", " + text(props.type_name));
        });
      }
      groups[key].layers.push(marker);
    });
    return order.map(function (key) {
      var group = groups[key];
      return {
        name: group.name,
        lang: group.lang,
        colour: group.colour,
        count: group.layers.length,
        layer: L.layerGroup(group.layers),
      };
    });
  }

  function overlayLabel(entry) {
    var box = element("span", {});
    var swatch = element("span", { class: "legend-swatch", "aria-hidden": "true" });
    swatch.style.background = entry.colour;
    box.appendChild(swatch);
    // A name in another language than the page's (a course's Turkish name) carries its lang.
    box.appendChild(entry.lang ? element("span", { lang: entry.lang }, entry.name) : document.createTextNode(entry.name));
    box.appendChild(document.createTextNode(" (" + formatCount(entry.count) + ")"));
    return box.outerHTML;
  }

  function setNote(container, message) {
    var note = document.querySelector('[data-map-note="' + container.id + '"]');
    if (note) {
      note.textContent = message;
    }
  }

  function initMap(container) {
    var data = container.dataset;
    var dir = data.dir === "rtl" ? "rtl" : "ltr";
    var rtl = dir === "rtl";
    var labels = {
      population: data.labelPopulation || "Population",
      open: data.labelOpen || "Open",
      village: data.labelVillage || "village",
      inside: data.labelInside || "",
      nearby: data.labelNearby || "",
      boundaries: data.labelBoundaries || "Boundaries",
      empty: data.labelEmpty || "",
      truncated: data.labelTruncated || "",
    };

    container.innerHTML = "";
    var map = L.map(container, {
      zoomControl: false,
      attributionControl: false,
      keyboard: true,
      minZoom: 2,
      maxZoom: 18,
    });
    /* Mirror the controls for right-to-left languages. */
    L.control
      .zoom({
        position: rtl ? "topright" : "topleft",
        zoomInTitle: data.labelZoomIn || "Zoom in",
        zoomOutTitle: data.labelZoomOut || "Zoom out",
      })
      .addTo(map);
    var attribution = L.control
      .attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: false })
      .addTo(map);
    attribution.addAttribution('<span dir="' + dir + '">' + text(data.attribution) + "</span>");
    L.control.scale({ position: rtl ? "bottomright" : "bottomleft", imperial: false }).addTo(map);
    var layersControl = L.control.layers(null, null, {
      position: rtl ? "topleft" : "topright",
      collapsed: false,
    });
    var layersControlShown = false;

    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution || "", maxZoom: 19 }).addTo(
        map
      );
    }

    var mapContainer = map.getContainer();
    mapContainer.setAttribute("aria-label", container.getAttribute("aria-label") || "");
    if (data.labelKeyboard) {
      mapContainer.setAttribute("title", data.labelKeyboard);
    }

    var requests = [];
    var bounds = null;
    var boundsPriority = -1;
    function extend(layer, priority) {
      if (!layer.getBounds) {
        return;
      }
      var b = layer.getBounds();
      if (!b.isValid()) {
        return;
      }
      if (priority > boundsPriority) {
        bounds = L.latLngBounds(b.getSouthWest(), b.getNorthEast());
        boundsPriority = priority;
      } else if (priority === boundsPriority) {
        bounds.extend(b);
      }
    }
    function showLayersControl() {
      if (!layersControlShown) {
        layersControl.addTo(map);
        var box = layersControl.getContainer();
        box.setAttribute("dir", dir);
        layersControlShown = true;
      }
    }

    if (data.polygonsUrl) {
      requests.push(
        fetchJSON(data.polygonsUrl).then(function (geo) {
          var layer = polygonLayer(geo, POLYGON_STYLE, labels, dir, true).addTo(map);
          extend(layer, 1);
          return (geo.features || []).length;
        })
      );
    }
    if (data.outlineUrl) {
      requests.push(
        fetchJSON(data.outlineUrl).then(function (geo) {
          var layer = polygonLayer(geo, OUTLINE_STYLE, labels, dir, true).addTo(map);
          extend(layer, 2);
          return (geo.features || []).length;
        })
      );
    }
    if (data.pointsUrl) {
      requests.push(
        fetchJSON(data.pointsUrl).then(function (geo) {
          var entries = pointLayers(geo, labels, dir);
          entries.forEach(function (entry) {
            entry.layer.addTo(map);
            layersControl.addOverlay(entry.layer, overlayLabel(entry));
            extend(L.featureGroup(entry.layer.getLayers()), 0);
          });
          if (entries.length) {
            showLayersControl();
          }
          if (geo.truncated && labels.truncated) {
            setNote(
              container,
              labels.truncated
                .replace("{shown}", formatCount((geo.features || []).length))
                .replace("{total}", formatCount(geo.total))
            );
          }
          return (geo.features || []).length;
        })
      );
    }

    Promise.all(requests)
      .then(function (counts) {
        var total = counts.reduce(function (a, b) {
          return a + b;
        }, 0);
        if (bounds) {
          map.fitBounds(bounds, { padding: [24, 24] });
        } else {
          map.setView([20, 0], 2);
        }
        if (!total && labels.empty) {
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
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
