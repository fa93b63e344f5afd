namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// One CloudWatch Embedded Metric Format document: a timestamp, metric directives (each a set of metrics sharing
/// dimension sets), and root members (dimension values, metric values, properties). Built by
/// <see cref="EmfDocumentBuilder"/>, written by <see cref="EmfWriter"/>.
/// </summary>
public sealed class EmfDocument
{
    internal EmfDocument(string @namespace, long timestampMs, IReadOnlyList<EmfDirective> directives,
        IReadOnlyList<KeyValuePair<string, string>> dimensions, IReadOnlyList<KeyValuePair<string, double>> values,
        IReadOnlyList<KeyValuePair<string, object>> properties)
    {
        Namespace = @namespace;
        TimestampMs = timestampMs;
        Directives = directives;
        Dimensions = dimensions;
        Values = values;
        Properties = properties;
    }

    public string Namespace { get; }

    /// <summary>Epoch milliseconds of the event the metrics describe, never the clock of the writer.</summary>
    public long TimestampMs { get; }

    public IReadOnlyList<EmfDirective> Directives { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; }

    public IReadOnlyList<KeyValuePair<string, double>> Values { get; }

    /// <summary>Extra root members (strings or numbers) that Logs Insights can query but that are not metrics.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Properties { get; }

    public int MetricCount => Directives.Sum(d => d.Metrics.Count);
}

public sealed record EmfDirective(IReadOnlyList<IReadOnlyList<string>> DimensionSets, IReadOnlyList<EmfMetric> Metrics);

public sealed record EmfMetric(string Name, string Unit);
