using System.Text.Json;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.Dashboards.MetricMath;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;
using BatchRuntimeMonitor.Local.Dashboards.Search;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>
/// Evaluates a metric widget's properties against the replay's metrics: metric rows, SEARCH and math expressions,
/// the widget's stat/period defaults and view; AWS-published namespaces without local data become a placeholder.
/// </summary>
public sealed partial class MetricWidgetEvaluator : IMathContext
{
    private readonly MetricStore _store;
    private readonly Dictionary<string, MetricRow> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MathValue> _evaluated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);
    private readonly string _defaultStat;
    private readonly bool _wholeRange;

    private MetricWidgetEvaluator(MetricStore store, string defaultStat, int defaultPeriod, bool wholeRange)
    {
        _store = store;
        _defaultStat = defaultStat;
        DefaultPeriodSeconds = defaultPeriod;
        _wholeRange = wholeRange;
    }

    public int DefaultPeriodSeconds { get; }

    public static void Evaluate(JsonElement properties, MetricStore store, WidgetData widget)
    {
        widget.View = String(properties, "view") ?? "timeSeries";
        widget.Stacked = properties.TryGetProperty("stacked", out var stacked) && stacked.ValueKind == JsonValueKind.True;
        widget.Stat = String(properties, "stat") ?? "Average";
        widget.Period = properties.TryGetProperty("period", out var p) && p.TryGetInt32(out var period) ? period : 300;
        widget.LegendPosition = properties.TryGetProperty("legend", out var legend) ? String(legend, "position") ?? "bottom" : "bottom";
        widget.LeftAxis = Axis(properties, "left");
        widget.RightAxis = Axis(properties, "right");

        // Non-time-series views show one number per series; with setPeriodToTimeRange that number covers the whole replay.
        var wholeRange = widget.View is not "timeSeries" && properties.TryGetProperty("setPeriodToTimeRange", out var whole) && whole.ValueKind == JsonValueKind.True;
        var evaluator = new MetricWidgetEvaluator(store, widget.Stat, widget.Period.Value, wholeRange);
        var rows = properties.TryGetProperty("metrics", out var metrics) ? MetricRowsExpander.Expand(metrics) : [];
        foreach (var row in rows)
        {
            evaluator._rows[row.Id] = row;
        }

        foreach (var row in rows.Where(r => r.Visible))
        {
            var value = evaluator.Resolve(row.Id);
            if (value is SeriesValue series)
            {
                widget.Series.AddRange(series.Series.Select((s, i) => evaluator.ToData(row, s, series.Series.Count > 1 ? $"{row.Id}_{i}" : row.Id, series.IsArray)));
            }
            else if (value is ScalarValue scalar)
            {
                // A scalar (e.g. SUM of one series) is drawn as a flat line across the replay, as CloudWatch does.
                var line = store.Timeline(widget.Period.Value).Select(t => new SeriesPoint(t, scalar.Value)).ToList();
                widget.Series.Add(evaluator.ToData(row, new MetricSeries(row.Label ?? row.Id, line), row.Id, isArray: false));
            }
        }

        // Stand-in AWS series are not in summary.json, so only EMF-backed series give totals.
        foreach (var series in widget.Series.Where(s => !s.Simulated && s.MetricName is not null && s.TotalsKey is not null && s.Total is not null))
        {
            if (!widget.Totals.TryGetValue(series.MetricName!, out var byKey))
            {
                widget.Totals[series.MetricName!] = byKey = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            byKey[series.TotalsKey!] = series.Total!.Value;
        }

        widget.Simulated = widget.Series.Any(s => s.Simulated);
        if (widget.Series.All(s => s.Points.Count == 0))
        {
            var awsNamespaces = AwsNamespaces(rows).Where(ns => !store.HasNamespace(ns)).ToList();
            widget.Series.Clear();
            widget.Status = awsNamespaces.Count > 0 ? WidgetStatus.Placeholder : WidgetStatus.Empty;
            widget.Message = awsNamespaces.Count > 0
                ? $"Fills after deployment: {string.Join(", ", awsNamespaces)} metrics are published by AWS"
                : "No datapoints for these metrics in this replay";
        }
    }

    public IReadOnlyList<long> Timeline(int periodSeconds) =>
        _wholeRange && _store.StartMs is { } start ? [start] : _store.Timeline(periodSeconds);

    public MathValue Resolve(string id)
    {
        if (_evaluated.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (!_rows.TryGetValue(id, out var row))
        {
            throw new FormatException($"Unknown id '{id}' in expression");
        }

        if (!_evaluating.Add(id))
        {
            throw new FormatException($"Expression '{id}' refers to itself");
        }

        var value = row.IsExpression ? new MathEvaluator(this).Evaluate(row.Expression!) : ReadRow(row);
        _evaluating.Remove(id);
        _evaluated[id] = value;
        return value;
    }

    public SeriesValue Metrics(string? idFilter) => new(
        _rows.Values.Where(r => !r.IsExpression && (idFilter is null || r.Id.Contains(idFilter, StringComparison.Ordinal)))
            .SelectMany(r => ((SeriesValue)Resolve(r.Id)).Series).ToList(),
        true);

    public SeriesValue Search(string query, string statistic, int periodSeconds)
    {
        var search = SearchQueryParser.Parse(query);
        var stat = Statistic.Parse(statistic);
        var matches = _store.Metrics.Where(search.Matches).OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
        var withName = matches.Select(m => m.Name).Distinct().Count() > 1;
        var series = matches
            .Select(m => _store.Read(m, stat, periodSeconds, LabelFormatter.Default(m, withName), _wholeRange))
            .OfType<MetricSeries>()
            .ToList();
        return new SeriesValue(series, true);
    }

    private SeriesValue ReadRow(MetricRow row)
    {
        var metric = _store.Metrics.FirstOrDefault(m => m.Equals(new MetricIdentity(row.Namespace!, row.MetricName!, row.Dimensions)));
        var stat = Statistic.Parse(row.Stat ?? _defaultStat);
        var label = row.Dimensions.Count == 0 ? row.MetricName! : $"{row.MetricName} {string.Join(" ", row.Dimensions.Select(d => d.Value))}";
        var series = metric is null ? null : _store.Read(metric, stat, row.Period ?? DefaultPeriodSeconds, label, _wholeRange);
        return series is null ? new SeriesValue([], false) : SeriesValue.Single(series);
    }

    private SeriesData ToData(MetricRow row, MetricSeries series, string id, bool isArray)
    {
        var stat = row.Stat ?? _defaultStat;
        var period = row.Period ?? DefaultPeriodSeconds;

        // CloudWatch prefixes each result of a multi-series expression with a static label instead of replacing it.
        var template = isArray && row.Label is { } label && !label.Contains("${", StringComparison.Ordinal) && series.Metric is not null
            ? label + " ${LABEL}"
            : row.Label;
        return new SeriesData
        {
            Id = id,
            Label = LabelFormatter.Apply(template, series, series.Label, stat, period),
            Namespace = series.Metric?.Namespace,
            MetricName = series.Metric?.Name,
            Dimensions = series.Metric?.Dimensions.ToDictionary(d => d.Key, d => d.Value),
            TotalsKey = series.Metric?.TotalsKey,
            Total = series.RawTotal,
            SampleCount = series.RawSampleCount,
            Unit = series.Unit,
            YAxis = row.YAxis,
            Color = row.Color,
            Simulated = series.Simulated,
            Value = series.Points.Count > 0 ? series.Points[^1].Value : null,
            Points = series.Points.Select(p => new[] { p.TimestampMs, p.Value }).ToList(),
        };
    }

    private static IEnumerable<string> AwsNamespaces(IEnumerable<MetricRow> rows) => rows
        .SelectMany(r => r.IsExpression ? AwsNamespacePattern().Matches(r.Expression!).Select(m => m.Value) : [r.Namespace!])
        .Where(ns => ns.StartsWith("AWS/", StringComparison.Ordinal))
        .Distinct();

    private static AxisData? Axis(JsonElement properties, string side)
    {
        if (!properties.TryGetProperty("yAxis", out var yAxis) || !yAxis.TryGetProperty(side, out var axis))
        {
            return null;
        }

        double? Number(string name) => axis.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return new AxisData(String(axis, "label"), Number("min"), Number("max"));
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"AWS/[A-Za-z0-9]+")]
    private static partial Regex AwsNamespacePattern();
}
