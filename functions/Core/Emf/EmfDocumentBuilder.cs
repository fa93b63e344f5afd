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
        if (!string.IsNullOrEmpty(value) && IndexOf(_dimensions, name) < 0)
        {
            _dimensions.Add(new(name, value));
        }

        return this;
    }

    public EmfDocumentBuilder Property(string name, object? value)
    {
        if (value is not null && IndexOf(_properties, name) < 0)
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

    // Written with plain loops: a builder holds a handful of dimensions, sets and metrics, and this runs for every
    // event, so LINQ, hash sets and joined string keys cost more than they save (see docs/performance.md).
    public IReadOnlyList<EmfDocument> Build()
    {
        var directives = new List<(List<IReadOnlyList<string>> Sets, List<EmfMetric> Metrics)>();
        var values = new List<KeyValuePair<string, double>>(_metrics.Count);
        foreach (var (sets, metric, value) in _metrics)
        {
            List<IReadOnlyList<string>>? usable = null;
            for (var i = 0; i < sets.Count; i++)
            {
                if (AllKnown(sets[i]))
                {
                    (usable ??= new List<IReadOnlyList<string>>(sets.Count)).Add(sets[i]);
                }
            }

            if (usable is null)
            {
                continue; // CloudWatch would still store a dimensionless metric; we never chart one, so it would only cost.
            }

            values.Add(new(metric.Name, value));
            var found = false;
            foreach (var directive in directives)
            {
                if (SameSets(directive.Sets, usable))
                {
                    directive.Metrics.Add(metric);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                directives.Add((usable, [metric]));
            }
        }

        var documents = new List<EmfDocument>(1);
        var pending = new List<EmfDirective>(directives.Count);
        var count = 0;
        foreach (var (sets, metrics) in directives)
        {
            for (var offset = 0; offset < metrics.Count; offset += EmfLimits.MaxMetricsPerDocument)
            {
                var length = Math.Min(EmfLimits.MaxMetricsPerDocument, metrics.Count - offset);
                if (count + length > EmfLimits.MaxMetricsPerDocument)
                {
                    documents.Add(Document(pending, values));
                    pending = [];
                    count = 0;
                }

                var chunk = offset == 0 && length == metrics.Count ? metrics : metrics.GetRange(offset, length);
                pending.Add(new EmfDirective(sets, chunk));
                count += length;
            }
        }

        if (pending.Count > 0)
        {
            documents.Add(Document(pending, values));
        }

        return documents;
    }

    private bool AllKnown(string[] set)
    {
        foreach (var name in set)
        {
            if (IndexOf(_dimensions, name) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same dimension sets in the same order (what the joined "a,b|c" key used to compare).</summary>
    private static bool SameSets(List<IReadOnlyList<string>> a, List<IReadOnlyList<string>> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            if (ReferenceEquals(x, y))
            {
                continue;
            }

            if (x.Count != y.Count)
            {
                return false;
            }

            for (var j = 0; j < x.Count; j++)
            {
                if (!string.Equals(x[j], y[j], StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int IndexOf<TValue>(List<KeyValuePair<string, TValue>> members, string name)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (string.Equals(members[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private EmfDocument Document(List<EmfDirective> directives, List<KeyValuePair<string, double>> allValues)
    {
        // Root members in the builder's order: the dimensions some set of this document uses, the values of its metrics.
        var dimensions = new List<KeyValuePair<string, string>>(_dimensions.Count);
        foreach (var dimension in _dimensions)
        {
            if (UsesDimension(directives, dimension.Key))
            {
                dimensions.Add(dimension);
            }
        }

        var values = new List<KeyValuePair<string, double>>(allValues.Count);
        foreach (var value in allValues)
        {
            if (HasMetric(directives, value.Key))
            {
                values.Add(value);
            }
        }

        return new EmfDocument(@namespace, timestampMs, directives, dimensions, values, _properties);
    }

    private static bool UsesDimension(List<EmfDirective> directives, string name)
    {
        foreach (var directive in directives)
        {
            foreach (var set in directive.DimensionSets)
            {
                for (var i = 0; i < set.Count; i++)
                {
                    if (string.Equals(set[i], name, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool HasMetric(List<EmfDirective> directives, string name)
    {
        foreach (var directive in directives)
        {
            for (var i = 0; i < directive.Metrics.Count; i++)
            {
                if (string.Equals(directive.Metrics[i].Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
