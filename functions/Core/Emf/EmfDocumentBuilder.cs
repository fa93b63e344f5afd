namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// Collects dimension values, metrics and properties for one event, then produces documents that respect the
/// specification: a dimension set is written only when all its values are known and non-empty, and no document
/// carries more than 100 metrics (extra metrics go to further documents with the same members).
/// </summary>
public sealed class EmfDocumentBuilder(string @namespace, long timestampMs)
{
    private readonly List<KeyValuePair<string, string>> _dimensions = [];
    private readonly List<(IReadOnlyList<string[]> Sets, EmfMetric Metric, double Value)> _metrics = [];
    private readonly List<KeyValuePair<string, object>> _properties = [];

    public bool HasMetrics => _metrics.Count > 0;

    /// <summary>Records a dimension value; null or empty values are dropped so sets needing them are not written.</summary>
    public EmfDocumentBuilder Dimension(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !_dimensions.Exists(d => d.Key == name))
        {
            _dimensions.Add(new(name, value));
        }

        return this;
    }

    public EmfDocumentBuilder Property(string name, object? value)
    {
        if (value is not null && !_properties.Exists(p => p.Key == name))
        {
            _properties.Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds a metric value under every one of <paramref name="dimensionSets"/> whose values are known.</summary>
    public EmfDocumentBuilder Metric(string name, string unit, double value, IReadOnlyList<string[]> dimensionSets)
    {
        _metrics.Add((dimensionSets, new EmfMetric(name, unit), value));
        return this;
    }

    public IReadOnlyList<EmfDocument> Build()
    {
        var known = _dimensions.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        var directives = new List<(string Key, List<IReadOnlyList<string>> Sets, List<EmfMetric> Metrics)>();
        var values = new List<KeyValuePair<string, double>>();
        foreach (var (sets, metric, value) in _metrics)
        {
            var usable = sets.Where(set => set.All(known.Contains)).Select(set => (IReadOnlyList<string>)set).ToList();
            if (usable.Count == 0)
            {
                continue; // CloudWatch would still store a dimensionless metric; we never chart one, so it would only cost.
            }

            values.Add(new(metric.Name, value));
            var key = string.Join('|', usable.Select(set => string.Join(',', set)));
            var directive = directives.Find(d => d.Key == key);
            if (directive.Key is null)
            {
                directives.Add((key, usable, [metric]));
            }
            else
            {
                directive.Metrics.Add(metric);
            }
        }

        var documents = new List<EmfDocument>();
        var pending = new List<EmfDirective>();
        var count = 0;
        foreach (var (_, sets, metrics) in directives)
        {
            foreach (var chunk in metrics.Chunk(EmfLimits.MaxMetricsPerDocument))
            {
                if (count + chunk.Length > EmfLimits.MaxMetricsPerDocument)
                {
                    documents.Add(Document(pending, values));
                    pending = [];
                    count = 0;
                }

                pending.Add(new EmfDirective(sets, chunk));
                count += chunk.Length;
            }
        }

        if (pending.Count > 0)
        {
            documents.Add(Document(pending, values));
        }

        return documents;
    }

    private EmfDocument Document(List<EmfDirective> directives, List<KeyValuePair<string, double>> allValues)
    {
        var names = directives.SelectMany(d => d.Metrics).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var dimensionNames = directives.SelectMany(d => d.DimensionSets).SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        return new EmfDocument(
            @namespace,
            timestampMs,
            directives,
            _dimensions.Where(d => dimensionNames.Contains(d.Key)).ToList(),
            allValues.Where(v => names.Contains(v.Key)).ToList(),
            _properties);
    }
}
