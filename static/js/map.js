/* 一张图: where a tile source is set, draw the same outlines and points over the tiles with Leaflet (served from
   our own static files). Without JavaScript, or if Leaflet did not load, the server-drawn SVG map stays. */
(function () {
  "use strict";

  function text(tag, value) {
    var element = document.createElement(tag);
    element.textContent = value;
    return element;
  }

  function popup(marker) {
    var box = document.createElement("div");
    box.className = "map-leaflet-popup";
    box.appendChild(text("strong", marker.name));
    box.appendChild(text("p", marker.kind));
    box.appendChild(text("p", "地址：" + marker.address));
    if (marker.hours) { box.appendChild(text("p", "开放时间：" + marker.hours)); }
    return box;
  }

  function draw(container, data) {
    var map = L.map(container, {maxZoom: data.maxZoom, attributionControl: true});
    map.attributionControl.setPrefix("Leaflet");
    map.fitBounds(data.bounds);  // vector layers need the map's view before they are added
    data.layers.forEach(function (layer, index) {
      L.tileLayer(layer.url, {
        subdomains: layer.subdomains, maxZoom: data.maxZoom,
        attribution: index === 0 ? data.attribution : ""
      }).addTo(map);
    });
    data.areas.forEach(function (area) {
      L.geoJSON(area.geometry, {
        style: {color: area.isPlace ? "#b5121b" : "#55624d", weight: area.isPlace ? 3 : 1.5, fillOpacity: 0.05}
      }).addTo(map);
    });
    data.markers.forEach(function (marker) {
      L.circleMarker([marker.lat, marker.lng], {radius: 8, color: "#fff", weight: 2, fillColor: "#0b5cab",
                                                fillOpacity: 1})
        .bindTooltip(marker.name)
        .bindPopup(popup(marker))
        .addTo(map);
    });
    return map;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.L === "undefined") { return; }
    document.querySelectorAll("[data-map]").forEach(function (container) {
      var source = document.getElementById(container.getAttribute("data-map"));
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      if (!data.layers.length || !data.bounds) { return; }
      container.hidden = false;
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", "可缩放地图（设施详情见列表）");
      draw(container, data);
    });
  });
})();
