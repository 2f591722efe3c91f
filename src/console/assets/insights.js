// minnow practice console: draws the Insights charts with uPlot (served by minnow, pinned in
// package.json). Each chart's numbers are in its data-chart attribute; the table under it holds the
// same numbers for screen readers and for anyone without this script.
(function () {
  "use strict";
  var COLORS = ["#1f4e8c", "#1e6b3a", "#a4161a", "#6b4e00", "#5a3e8c", "#2a7f8c", "#8c2a6b", "#5a6473"];

  function draw(box) {
    var data = JSON.parse(box.getAttribute("data-chart"));
    var labels = data.labels;
    var xs = labels.map(function (_, i) { return i; });
    // One series reads best as bars; several as lines, so none hides behind another, unless the
    // chart compares them (before and with reminders): then bars side by side, one each side of the tick.
    var sideBySide = box.getAttribute("data-bars") === "side-by-side";
    var barsFor = function (n) {
      if (sideBySide) return window.uPlot.paths.bars({ size: [0.4, 40], align: n % 2 ? 1 : -1 });
      return data.series.length === 1 ? window.uPlot.paths.bars({ size: [0.7, 60] }) : undefined;
    };
    var series = [{ label: box.getAttribute("data-bucket") === "week" ? "Week of" : "Day", value: function (_, i) { return i == null ? "" : labels[i] || ""; } }];
    data.series.forEach(function (s, n) {
      var color = COLORS[n % COLORS.length];
      var bars = barsFor(n);
      series.push(bars ? { label: s.label, stroke: color, fill: color + "cc", paths: bars, points: { show: false } } : { label: s.label, stroke: color, width: 2, points: { show: true, size: 6, fill: color } });
    });
    var options = {
      width: Math.max(280, box.clientWidth),
      height: 220,
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
      axes: [{ values: function (_, ticks) { return ticks.map(function (t) { return Number.isInteger(t) ? (labels[t] || "").slice(5) : ""; }); } }, { size: 44 }],
      series: series,
      legend: { show: true },
    };
    box.innerHTML = "";
    var plot = new window.uPlot(options, [xs].concat(data.series.map(function (s) { return s.values; })), box);
    // A phone turned sideways, or a narrower window: the chart follows the page's width.
    window.addEventListener("resize", function () {
      plot.setSize({ width: Math.max(280, box.clientWidth), height: 220 });
    });
  }

  function start() {
    if (!window.uPlot) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
