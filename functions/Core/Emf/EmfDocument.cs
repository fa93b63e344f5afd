namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// One CloudWatch Embedded Metric Format document: a timestamp, metric directives (each a set of metrics sharing
/// dimension sets), and root members (dimension values, metric values, properties). Built by
/// <see cref="EmfDocumentBuilder"/>, written by <see cref="EmfWriter"/>.
/// </summary>
/// <remarks>
/// A document belongs to the builder that built it and is reused by that builder's next
/// <see cref="EmfDocumentBuilder.Build"/> or <see cref="EmfDocumentBuilder.Reset"/>: every event would otherwise
/// allocate a document, its directives and their lists (docs/performance.md). Write it or copy what you need
/// before the builder is used again; <see cref="IMonitorOutput"/> implementations do so within the call.
/// </remarks>
public sealed class EmfDocument
{
    internal EmfDocument()
    {
    }

    public string Namespace { get; private set; } = "";

    /// <summary>Epoch milliseconds of the event the metrics describe, never the clock of the writer.</summary>
    public long TimestampMs { get; private set; }

    public IReadOnlyList<EmfDirective> Directives => DirectiveList;

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions => DimensionList;

    public IReadOnlyList<KeyValuePair<string, double>> Values => ValueList;

    /// <summary>Extra root members (strings or numbers) that Logs Insights can query but that are not metrics.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Properties { get; private set; } = [];

    public int MetricCount
    {
        get
        {
            var count = 0;
            foreach (var directive in DirectiveList)
            {
                count += directive.Metrics.Count;
            }

            return count;
        }
    }

    internal List<EmfDirective> DirectiveList { get; } = new(2);

    internal List<KeyValuePair<string, string>> DimensionList { get; } = new(6);

    internal List<KeyValuePair<string, double>> ValueList { get; } = new(4);

    /// <summary>Empties the document for reuse by its builder.</summary>
    internal void Reset(string @namespace, long timestampMs, IReadOnlyList<KeyValuePair<string, object>> properties)
    {
        Namespace = @namespace;
        TimestampMs = timestampMs;
        Properties = properties;
        DirectiveList.Clear();
        DimensionList.Clear();
        ValueList.Clear();
    }
}

/// <summary>Metrics that share dimension sets; like its document, owned and reused by its builder.</summary>
public sealed class EmfDirective
{
    internal EmfDirective()
        : this(new List<string[]>(4), new List<EmfMetric>(4))
    {
    }

    internal EmfDirective(List<string[]> dimensionSets, List<EmfMetric> metrics)
    {
        SetList = dimensionSets;
        MetricList = metrics;
    }

    public IReadOnlyList<IReadOnlyList<string>> DimensionSets => SetList;

    public IReadOnlyList<EmfMetric> Metrics => MetricList;

    /// <summary>
    /// The sets as the arrays they are (the catalog's), for the loops of this assembly that run for every document:
    /// an array read through <see cref="IReadOnlyList{T}"/> costs an interface call per count and per name.
    /// </summary>
    internal List<string[]> SetList { get; }

    internal List<EmfMetric> MetricList { get; }
}

/// <summary>A metric's name and unit; the catalog keeps one per metric (<see cref="Metrics.MetricDefinition.Emf"/>).</summary>
public sealed record EmfMetric(string Name, string Unit);
