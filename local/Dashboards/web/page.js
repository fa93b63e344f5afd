// Draws the charts of the locally rendered dashboards from the JSON embedded in script#brm-data.
// Tables, single values, text and messages are already HTML; this script only draws canvases, then sets
// window.brmRendered = true and exposes window.brmCharts (widget id -> datasets and point counts) for tests.
(function () {
  'use strict';

  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  var model = JSON.parse(document.getElementById('brm-data').textContent);
  window.brmCharts = {};

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  // The x axis is linear epoch milliseconds, so no date adapter is needed; labels are UTC like the header.
  function formatTime(ms) {
    var d = new Date(ms);
    return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }

  // Ticks on round wall-clock steps (1 min .. 1 day) giving about six labels across the span.
  function timeStep(min, max) {
    var steps = [60e3, 300e3, 900e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3];
    var span = Math.max(1, max - min);
    for (var i = 0; i < steps.length; i++) { if (span / steps[i] <= 8) { return steps[i]; } }
    return steps[steps.length - 1];
  }

  function timeAxis(points) {
    var min = model.startMs, max = model.endMs;
    if (points.length) {
      min = Math.min.apply(null, points);
      max = Math.max.apply(null, points);
    }
    var step = timeStep(min, max);
    return {
      type: 'linear', min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step,
      ticks: { maxRotation: 0, font: { size: 10 }, stepSize: step, callback: formatTime }
    };
  }

  function color(series, index) { return series.color || palette[index % palette.length]; }

  function legend(widget) {
    var position = widget.legendPosition || 'bottom';
    return { display: position !== 'hidden', position: position === 'right' ? 'right' : 'bottom', labels: { boxWidth: 12, font: { size: 11 } } };
  }

  function axis(definition, position, stacked) {
    var result = { position: position, stacked: stacked, beginAtZero: true, ticks: { font: { size: 11 } } };
    if (definition) {
      if (definition.label) { result.title = { display: true, text: definition.label }; }
      if (definition.min !== undefined) { result.min = definition.min; }
      if (definition.max !== undefined) { result.max = definition.max; }
    }
    return result;
  }

  function timeSeriesConfig(widget) {
    var usesRight = widget.series.some(function (s) { return s.yAxis === 'right'; });
    var datasets = widget.series.map(function (s, i) {
      return {
        label: s.label + (s.simulated ? ' (simulated)' : ''),
        data: s.points.map(function (p) { return { x: p[0], y: p[1] }; }),
        borderColor: color(s, i),
        backgroundColor: color(s, i) + (widget.stacked ? '99' : '33'),
        fill: widget.stacked ? (i === 0 ? 'origin' : '-1') : false,
        pointRadius: s.points.length === 1 ? 3 : 1.5,
        borderWidth: 1.5,
        yAxisID: s.yAxis === 'right' ? 'y1' : 'y'
      };
    });
    var scales = {
      x: timeAxis(widget.type === 'log' ? [].concat.apply([], widget.series.map(function (s) { return s.points.map(function (p) { return p[0]; }); })) : []),
      y: axis(widget.leftAxis, 'left', widget.stacked)
    };
    if (usesRight) { scales.y1 = axis(widget.rightAxis, 'right', widget.stacked); scales.y1.grid = { drawOnChartArea: false }; }
    return {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: scales,
        plugins: { legend: legend(widget), tooltip: { callbacks: { title: function (items) { return items.length ? formatTime(items[0].parsed.x) : ''; } } } }
      }
    };
  }

  function categoryConfig(widget, type) {
    var values = widget.series.map(function (s) { return s.value === undefined || s.value === null ? 0 : s.value; });
    var colors = widget.series.map(color);
    var options = { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: legend(widget) } };
    if (type === 'bar') {
      options.plugins.legend = { display: false };
      options.scales = { y: axis(widget.leftAxis, 'left', false) };
    }
    return {
      type: type,
      data: { labels: widget.series.map(function (s) { return s.label; }), datasets: [{ label: widget.title || widget.stat || 'value', data: values, backgroundColor: colors }] },
      options: options
    };
  }

  function draw(widget, canvas) {
    var config = widget.view === 'pie' ? categoryConfig(widget, 'pie')
      : widget.view === 'bar' ? categoryConfig(widget, 'bar')
      : timeSeriesConfig(widget);
    var chart = new window.Chart(canvas, config);
    window.brmCharts[widget.id] = {
      kind: config.type,
      chart: chart,
      datasets: chart.data.datasets.length,
      points: chart.data.datasets.reduce(function (n, d) { return n + d.data.length; }, 0)
    };
  }

  model.dashboards.forEach(function (dashboard) {
    dashboard.widgets.forEach(function (widget) {
      if (widget.status !== 'data') { return; }
      var element = document.getElementById(widget.id);
      var canvas = element && element.querySelector('canvas.chart');
      if (canvas) {
        try {
          draw(widget, canvas);
        } catch (e) {
          console.error('widget ' + widget.id + ' failed to draw: ' + e);
        }
      } else if (element) {
        var cells = element.querySelectorAll('tbody tr, .single-value').length;
        window.brmCharts[widget.id] = { kind: widget.view, datasets: 1, points: cells };
      }
    });
  });

  window.brmRendered = true;
}());
