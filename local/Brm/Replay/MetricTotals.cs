using System.Runtime.InteropServices;
using BatchRuntimeMonitor.Core.Emf;

namespace BatchRuntimeMonitor.Local.Brm.Replay;

/// <summary>
/// Running totals per metric name and dimension set ("Dim=value[,Dim=value]", docs/metrics.md "Totals keys") of
/// every EMF document a replay writes. Every document adds to several totals: a total is found first by the
/// identities of the strings its key is made of (<see cref="RecentTotals"/>), else by the key, built in a reused
/// buffer and looked up without becoming a string; only a key seen for the first time is allocated.
/// </summary>
public sealed class MetricTotals
{
    private readonly Dictionary<string, Dictionary<string, RunningTotal>> _byMetric = new(StringComparer.Ordinal);
    private readonly RecentTotals _recent = new();
    private readonly string?[] _values = new string?[RecentTotals.MaxSetLength];
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

                var sets = directive.DimensionSets;
                for (var s = 0; s < sets.Count; s++)
                {
                    AddTo(document, metric.Name, sets[s], value);
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
            var totals = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, total) in byKey)
            {
                totals[key] = total.Value;
            }

            sorted[name] = totals;
        }

        return sorted;
    }

    private void AddTo(EmfDocument document, string metricName, IReadOnlyList<string> set, double value)
    {
        // The catalog's sets are arrays: read as spans, not through the interface (an array's interface calls cost
        // more than the lookup they serve). Other lists, and longer sets, go the key's way.
        var names = set is string[] { Length: <= RecentTotals.MaxSetLength } array ? array : null;
        if (names is not null)
        {
            var values = _values.AsSpan(0, names.Length);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = DimensionValue(document, names[i]);
            }

            if (_recent.Find(metricName, names, values) is { } recent)
            {
                recent.Value += value;
                return;
            }
        }

        if (!_byMetric.TryGetValue(metricName, out var byKey))
        {
            byKey = new Dictionary<string, RunningTotal>(StringComparer.Ordinal);
            _byMetric[metricName] = byKey;
        }

        // One hash and probe per total (the slot is added when the key is new).
        ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(byKey.GetAlternateLookup<ReadOnlySpan<char>>(), KeyOf(document, set), out var exists);
        if (exists)
        {
            total!.Value += value;
        }
        else
        {
            total = new RunningTotal { Value = value };
        }

        if (names is not null)
        {
            _recent.Remember(metricName, names, _values.AsSpan(0, names.Length), total);
        }
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
