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
  var layout = Object.assign({}, data.figure.layout);
  if (data.height) {
    layout.height = data.height;
  }
  var config = Object.assign({ responsive: true }, data.config);
  return plotly().then(function (Plotly) {
    return Plotly.react(chart, data.figure.data, layout, config);
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
