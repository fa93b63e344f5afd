using System.Globalization;

namespace BatchRuntimeMonitor.Local.Dashboards.Metrics;

/// <summary>A CloudWatch statistic (Sum, Average, Minimum, Maximum, SampleCount, pNN) applied to raw values.</summary>
public sealed class Statistic
{
    private readonly Func<IReadOnlyList<double>, double> _compute;

    private Statistic(string name, Func<IReadOnlyList<double>, double> compute)
    {
        Name = name;
        _compute = compute;
    }

    public string Name { get; }

    public static Statistic Parse(string? name)
    {
        var text = string.IsNullOrWhiteSpace(name) ? "Average" : name.Trim();
        switch (text.ToLowerInvariant())
        {
            case "sum": return new Statistic("Sum", v => v.Sum());
            case "average": case "avg": return new Statistic("Average", v => v.Average());
            case "minimum": case "min": return new Statistic("Minimum", v => v.Min());
            case "maximum": case "max": return new Statistic("Maximum", v => v.Max());
            case "samplecount": return new Statistic("SampleCount", v => v.Count);
        }

        if ((text[0] == 'p' || text[0] == 'P')
            && double.TryParse(text.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile)
            && percentile is >= 0 and <= 100)
        {
            return new Statistic("p" + text[1..], v => Percentile(v, percentile));
        }

        throw new FormatException($"Unsupported statistic '{text}'");
    }

    /// <summary>Null when there are no values: CloudWatch reports no datapoint for an empty period.</summary>
    public double? Compute(IReadOnlyList<double> values) => values.Count == 0 ? null : _compute(values);

    /// <summary>Nearest-rank percentile over the raw values, as CloudWatch computes it on unaggregated data.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
