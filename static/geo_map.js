/* The dashboard's maps, drawn with plotly's geo bundle (static/vendor/), as an ES module.
   spodash/ui/geo_map.py mounts one Streamlit component per map; its one line of JavaScript imports this
   module (once per page: the browser keeps it) and calls draw() with each run's figure. The geo bundle
   is loaded once, by the first map. Plotly.react redraws in place, so a filter change changes the map's
   colours without a new element. A click on a force is sent back to the app as the component's
   "select" trigger, the same as choosing the force from the list. */
const LIBRARY = "/app/static/vendor/plotly-geo-4.1.1.min.js";
let library = null;

function plotly() {
  library = library || new Promise(function (resolve, reject) {
    const script = document.createElement("script");
    script.src = LIBRARY;
    script.onload = function () { resolve(window.Plotly); };
    script.onerror = function () { library = null; reject(new Error("plotly.js did not load")); };
    document.head.appendChild(script);
  });
  return library;
}

/* Below this width (a phone, or one map of two in a news column) a map's title, colour key and source
   move out of the figure into HTML around it: plotly neither wraps a title nor shrinks a colour bar,
   so they were cut off or took half the map. The HTML wraps, reads in order and scales with text zoom. */
const NARROW = 560;

function plainParts(html) {
  /* A title or source as the server wrote it ("<b>Title</b><br><span ...>subtitle</span>"): text only. */
  return String(html || "").split(/<br\s*\/?>/i).map(function (part) {
    var holder = document.createElement("div");
    holder.innerHTML = part;
    return holder.textContent;
  }).filter(function (part) { return part.trim(); });
}

function around(parent, chart) {
  /* The title above the map, and the colour key and source below it (created once, filled each run). */
  var title = parent.querySelector(".spodash-map-title");
  if (!title) {
    title = document.createElement("div");
    title.className = "spodash-map-title";
    parent.insertBefore(title, chart);
    var key = document.createElement("div");
    key.className = "spodash-map-key";
    var source = document.createElement("p");
    source.className = "spodash-map-source";
    parent.appendChild(key);
    parent.appendChild(source);
  }
  return {
    title: title,
    key: parent.querySelector(".spodash-map-key"),
    source: parent.querySelector(".spodash-map-source"),
  };
}

function fillNarrow(parts, figure) {
  var layout = figure.layout || {};
  var lines = plainParts(layout.title && layout.title.text);
  parts.title.textContent = "";
  lines.forEach(function (text, i) {
    var el = document.createElement(i === 0 ? "strong" : "span");
    el.textContent = text;
    parts.title.appendChild(el);
  });
  parts.key.textContent = "";
  figure.data.forEach(function (trace) {
    var bar = trace.colorbar;
    if (!bar || !bar.ticktext || trace.showscale === false) {
      return;
    }
    var caption = document.createElement("p");
    caption.className = "spodash-key-title";
    caption.textContent = plainParts(bar.title && bar.title.text).join(" ");
    var list = document.createElement("ul");
    bar.ticktext.forEach(function (label, i) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "spodash-swatch";
      swatch.style.background = trace.colorscale[2 * i][1];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label));
      list.appendChild(item);
    });
    parts.key.appendChild(caption);
    parts.key.appendChild(list);
  });
  parts.source.textContent = plainParts((layout.annotations || []).map(function (a) {
    return a.text;
  }).join("<br>")).join(" ");
}

function narrowFigure(figure) {
  /* The same map with its title, colour bar and source taken out (the HTML around it holds them). */
  var layout = Object.assign({}, figure.layout);
  layout.title = { text: "" };
  layout.annotations = [];
  layout.margin = Object.assign({}, layout.margin, { t: 56, r: 4, l: 4, b: 4 });
  var data = figure.data.map(function (trace) {
    return trace.colorbar ? Object.assign({}, trace, { showscale: false }) : trace;
  });
  return { data: data, layout: layout };
}

export function draw(component) {
  var parent = component.parentElement;
  var data = component.data;
  var chart = parent.querySelector(".spodash-geo-map");
  if (!chart) {
    chart = document.createElement("div");
    chart.className = "spodash-geo-map";
    chart.setAttribute("role", "figure");
    parent.appendChild(chart);
  }
  chart.setAttribute("aria-label", data.label || "Map");
  // Bound once; reads the newest trigger function, which each run passes again.
  chart.spodashSelect = component.setTriggerValue;
  var narrow = parent.clientWidth > 0 && parent.clientWidth < NARROW;
  var parts = around(parent, chart);
  parent.classList.toggle("spodash-narrow", narrow);
  var figure = narrow ? narrowFigure(data.figure) : data.figure;
  if (narrow) {
    fillNarrow(parts, data.figure);
  }
  var layout = Object.assign({}, figure.layout);
  if (data.height) {
    layout.height = data.height;
  } else if (narrow) {
    // The map's own shape: England and Wales are taller than wide.
    layout.height = Math.round(Math.min(560, Math.max(380, parent.clientWidth * 1.25)));
  }
  // The map's height is known before plotly.js has loaded: keep it, so the key, the source and the
  // button under the map are in their places from the start and do not move when it draws.
  chart.style.minHeight = (layout.height || 560) + "px";
  var config = Object.assign({ responsive: true }, data.config);
  if (narrow) {
    // The PNG keeps the figure's own title, colour key and source, whatever width the page shows it at.
    config.modeBarButtonsToRemove = (data.config.modeBarButtonsToRemove || []).concat(["toImage"]);
    config.modeBarButtonsToAdd = [{
      name: "toImageFull",
      title: "Download plot as a PNG",
      click: function () {
        window.Plotly.downloadImage({ data: data.figure.data, layout: data.figure.layout },
                                    Object.assign({ format: "png" }, data.config.toImageButtonOptions));
      },
    }];
  }
  return plotly().then(function (Plotly) {
    if (config.modeBarButtonsToAdd) {
      config.modeBarButtonsToAdd[0].icon = Plotly.Icons.camera;
    }
    return Plotly.react(chart, figure.data, layout, config);
  }).then(function () {
    if (chart.spodashBound) {
      return;
    }
    chart.spodashBound = true;
    chart.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      if (point && point.location) {
        chart.spodashSelect("select", point.location);
      }
    });
  });
}
