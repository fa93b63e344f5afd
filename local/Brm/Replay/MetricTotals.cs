using System.Runtime.InteropServices;
using BatchRuntimeMonitor.Core.Emf;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Running totals per metric name and dimension set ("Dim=value[,Dim=value]", docs/metrics.md "Totals keys") of
/// every EMF document a replay writes. Every document adds to several totals, so the key is built in a reused
/// buffer and looked up without becoming a string; only a key seen for the first time is allocated.
/// </summary>
public sealed class MetricTotals
{
    private readonly Dictionary<string, Dictionary<string, double>> _byMetric = new(StringComparer.Ordinal);
    private char[] _key = new char[256];

    public void Add(EmfDocument document)
    {
        // Indexed loops: foreach over the IReadOnlyList members boxed an enumerator per list, per document
        // (about a tenth of what the functions' thread allocated).
        var directives = document.Directives;
        for (var d = 0; d < directives.Count; d++)
        {
            var directive = directives[d];
            var metrics = directive.Metrics;
            for (var m = 0; m < metrics.Count; m++)
            {
                var metric = metrics[m];
                if (ValueOf(document, metric.Name) is not { } value)
                {
                    continue; // a directive naming a metric with no value is invalid EMF; CloudWatch records nothing
                }

                if (!_byMetric.TryGetValue(metric.Name, out var byKey))
                {
                    byKey = new Dictionary<string, double>(StringComparer.Ordinal);
                    _byMetric[metric.Name] = byKey;
                }

                var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
                var sets = directive.DimensionSets;
                for (var s = 0; s < sets.Count; s++)
                {
                    // One hash and probe per total (the slot is added when the key is new).
                    ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, KeyOf(document, sets[s]), out var exists);
                    total = exists ? total + value : value;
                }
            }
        }
    }

    /// <summary>metric name -> totals key -> total, both in ordinal order, as summary.json lists them.</summary>
    public SortedDictionary<string, SortedDictionary<string, double>> ToSorted()
    {
        var sorted = new SortedDictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (name, byKey) in _byMetric)
        {
            sorted[name] = new SortedDictionary<string, double>(byKey, StringComparer.Ordinal);
        }

        return sorted;
    }

    private static double? ValueOf(EmfDocument document, string name)
    {
        var values = document.Values;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Key == name)
            {
                return values[i].Value;
            }
        }

        return null;
    }

    private static string? DimensionValue(EmfDocument document, string name)
    {
        var dimensions = document.Dimensions;
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (dimensions[i].Key == name)
            {
                return dimensions[i].Value;
            }
        }

        return null;
    }

    private ReadOnlySpan<char> KeyOf(EmfDocument document, IReadOnlyList<string> set)
    {
        var length = 0;
        for (var i = 0; i < set.Count; i++)
        {
            if (i > 0)
            {
                Append(ref length, ",");
            }

            Append(ref length, set[i]);
            Append(ref length, "=");
            Append(ref length, DimensionValue(document, set[i]));
        }

        return _key.AsSpan(0, length);
    }

    private void Append(ref int length, string? text)
    {
        if (text is null)
        {
            return;
        }

        if (length + text.Length > _key.Length)
        {
            Array.Resize(ref _key, Math.Max(_key.Length * 2, length + text.Length));
        }

        text.CopyTo(_key.AsSpan(length));
        length += text.Length;
    }
}
