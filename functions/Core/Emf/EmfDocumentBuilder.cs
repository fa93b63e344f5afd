namespace BatchRuntimeMonitor.Core.Emf;

/// <summary>
/// Collects dimension values, metrics and properties for one event, then produces documents that respect the
/// specification: a dimension set is written only when all its values are known and non-empty, and no document
/// carries more than 100 metrics (extra metrics go to further documents with the same members).
/// </summary>
/// <remarks>
/// A builder can be <see cref="Reset"/> and used again, and it reuses its documents, directives and lists when it
/// is: the job path builds documents for every event, and allocating them anew was most of what an event cost
/// (docs/performance.md). So the documents of <see cref="Build"/> are valid until the builder's next Build or Reset.
/// </remarks>
public sealed class EmfDocumentBuilder
{
    private readonly List<KeyValuePair<string, string>> _dimensions = new(6);
    private readonly List<(IReadOnlyList<string[]> Sets, EmfMetric Metric, double Value)> _metrics = new(4);
    private readonly List<KeyValuePair<string, object>> _properties = new(2);

    // Reused by Build: the metrics grouped by their usable sets (the first _groupCount are this build's), the
    // metric values, the documents and the spares they are taken from.
    private readonly List<EmfDirective> _groups = [];
    private int _groupCount;
    private readonly List<KeyValuePair<string, double>> _values = new(4);
    private readonly List<EmfDocument> _documents = new(1);
    private readonly List<EmfDocument> _spareDocuments = new(1);

    private string _namespace;
    private long _timestampMs;

    public EmfDocumentBuilder(string @namespace, long timestampMs)
    {
        _namespace = @namespace;
        _timestampMs = timestampMs;
    }

    public bool HasMetrics => _metrics.Count > 0;

    /// <summary>Empties the builder for another document; the documents it built before are reused from here on.</summary>
    public EmfDocumentBuilder Reset(string @namespace, long timestampMs)
    {
        _namespace = @namespace;
        _timestampMs = timestampMs;
        _dimensions.Clear();
        _metrics.Clear();
        _properties.Clear();
        _spareDocuments.AddRange(_documents);
        _documents.Clear();
        return this;
    }

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
    public EmfDocumentBuilder Metric(string name, string unit, double value, IReadOnlyList<string[]> dimensionSets) =>
        Metric(new EmfMetric(name, unit), value, dimensionSets);

    /// <summary>
    /// <see cref="Metric(string, string, double, IReadOnlyList{string[]})"/> with a shared metric (the catalog's).
    /// <paramref name="dimensionSets"/> is read by <see cref="Build"/>, not copied: keep it unchanged until then.
    /// </summary>
    public EmfDocumentBuilder Metric(EmfMetric metric, double value, IReadOnlyList<string[]> dimensionSets)
    {
        _metrics.Add((dimensionSets, metric, value));
        return this;
    }

    // Written with plain loops: a builder holds a handful of dimensions, sets and metrics, and this runs for every
    // event, so LINQ, hash sets and joined string keys cost more than they save (see docs/performance.md).
    public IReadOnlyList<EmfDocument> Build()
    {
        Group();

        _spareDocuments.AddRange(_documents);
        _documents.Clear();
        EmfDocument? pending = null;
        var count = 0;
        for (var g = 0; g < _groupCount; g++)
        {
            var group = _groups[g];
            var metrics = group.MetricList;
            for (var offset = 0; offset < metrics.Count; offset += EmfLimits.MaxMetricsPerDocument)
            {
                var length = Math.Min(EmfLimits.MaxMetricsPerDocument, metrics.Count - offset);
                if (pending is not null && count + length > EmfLimits.MaxMetricsPerDocument)
                {
                    Complete(pending);
                    pending = null;
                    count = 0;
                }

                pending ??= NextDocument();

                // Over 100 metrics with the same sets is never the case in practice: that split may allocate.
                var chunk = offset == 0 && length == metrics.Count ? group : new EmfDirective(group.SetList, metrics.GetRange(offset, length));
                pending.DirectiveList.Add(chunk);
                count += length;
            }
        }

        if (pending is not null)
        {
            Complete(pending);
        }

        return _documents;
    }

    /// <summary>Each metric whose values are known under some sets goes to the group of metrics with those same sets.</summary>
    private void Group()
    {
        _groupCount = 0;
        _values.Clear();
        foreach (var (sets, metric, value) in _metrics)
        {
            // The next free group collects the usable sets; it is kept only if no group has those sets yet.
            var candidate = FreeGroup();
            for (var i = 0; i < sets.Count; i++)
            {
                if (AllKnown(sets[i]))
                {
                    candidate.SetList.Add(sets[i]);
                }
            }

            if (candidate.SetList.Count == 0)
            {
                continue; // CloudWatch would still store a dimensionless metric; we never chart one, so it would only cost.
            }

            _values.Add(new(metric.Name, value));
            var group = candidate;
            for (var g = 0; g < _groupCount; g++)
            {
                if (SameSets(_groups[g].SetList, candidate.SetList))
                {
                    group = _groups[g];
                    break;
                }
            }

            group.MetricList.Add(metric);
            if (group == candidate)
            {
                _groupCount++;
            }
        }
    }

    private EmfDirective FreeGroup()
    {
        if (_groupCount == _groups.Count)
        {
            _groups.Add(new EmfDirective());
        }

        var group = _groups[_groupCount];
        group.SetList.Clear();
        group.MetricList.Clear();
        return group;
    }

    private EmfDocument NextDocument()
    {
        EmfDocument document;
        if (_spareDocuments.Count > 0)
        {
            document = _spareDocuments[^1];
            _spareDocuments.RemoveAt(_spareDocuments.Count - 1);
        }
        else
        {
            document = new EmfDocument();
        }

        document.Reset(_namespace, _timestampMs, _properties);
        return document;
    }

    /// <summary>Root members in the builder's order: the dimensions some set of this document uses, the values of its metrics.</summary>
    private void Complete(EmfDocument document)
    {
        foreach (var dimension in _dimensions)
        {
            if (UsesDimension(document.DirectiveList, dimension.Key))
            {
                document.DimensionList.Add(dimension);
            }
        }

        foreach (var value in _values)
        {
            if (HasMetric(document.DirectiveList, value.Key))
            {
                document.ValueList.Add(value);
            }
        }

        _documents.Add(document);
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
    private static bool SameSets(List<string[]> a, List<string[]> b)
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

            if (x.Length != y.Length)
            {
                return false;
            }

            for (var j = 0; j < x.Length; j++)
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

    private static bool UsesDimension(List<EmfDirective> directives, string name)
    {
        foreach (var directive in directives)
        {
            foreach (var set in directive.SetList)
            {
                foreach (var setName in set)
                {
                    if (string.Equals(setName, name, StringComparison.Ordinal))
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
            foreach (var metric in directive.MetricList)
            {
                if (string.Equals(metric.Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
