using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// Totals keyed as docs/metrics.md's "Totals keys": metric -> "Dim=value[,Dim=value]" -> total. Counts are
/// integers; second totals are accumulated in whole milliseconds and written as seconds.
/// </summary>
internal sealed class MetricTotals
{
    private readonly Dictionary<string, Dictionary<string, long>> _totals = new(StringComparer.Ordinal);

    public void Add(string metric, string key, long amount = 1)
    {
        if (!_totals.TryGetValue(metric, out var byKey))
        {
            byKey = new Dictionary<string, long>(StringComparer.Ordinal);
            _totals[metric] = byKey;
        }

        byKey[key] = byKey.GetValueOrDefault(key) + amount;
    }

    public static string Key(string dimension, string value) => $"{dimension}={value}";

    public static string Key(string dimension1, string value1, string dimension2, string value2) => $"{dimension1}={value1},{dimension2}={value2}";

    /// <summary>Writes the totals sorted by metric and key, so equal runs give equal bytes.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var metric in _totals.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteStartObject(metric);
            var seconds = MetricNames.IsSeconds(metric);
            foreach (var (key, total) in _totals[metric].OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (seconds)
                {
                    w.WriteNumber(key, total / 1000m);
                }
                else
                {
                    w.WriteNumber(key, total);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
