using System.Globalization;
using System.Text.RegularExpressions;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>Default legend labels and CloudWatch dynamic labels (${PROP('Dim.X')}, ${PROP('MetricName')}, ${SUM}, ${LAST}, ...).</summary>
public static partial class LabelFormatter
{
    public static string Default(MetricIdentity metric, bool withMetricName)
    {
        var values = string.Join(" ", metric.Dimensions.Select(d => d.Value));
        if (values.Length == 0)
        {
            return metric.Name;
        }

        return withMetricName ? metric.Name + " " + values : values;
    }

    public static string Apply(string? template, MetricSeries series, string defaultLabel, string stat, int period)
    {
        if (string.IsNullOrEmpty(template))
        {
            return defaultLabel;
        }

        return DynamicLabel().Replace(template, match =>
        {
            var property = match.Groups["prop"].Success ? match.Groups["prop"].Value : null;
            if (property is not null)
            {
                return property switch
                {
                    "MetricName" => series.Metric?.Name ?? "",
                    "Namespace" => series.Metric?.Namespace ?? "",
                    "Stat" => stat,
                    "Period" => period.ToString(CultureInfo.InvariantCulture),
                    _ when property.StartsWith("Dim.", StringComparison.Ordinal) => series.Metric?.DimensionValue(property[4..]) ?? "",
                    _ => match.Value,
                };
            }

            var values = series.Points.Select(p => p.Value).ToList();
            double? figure = match.Groups["fn"].Value switch
            {
                "SUM" => values.Count > 0 ? values.Sum() : null,
                "AVG" => values.Count > 0 ? values.Average() : null,
                "MAX" => values.Count > 0 ? values.Max() : null,
                "MIN" => values.Count > 0 ? values.Min() : null,
                "LAST" => values.Count > 0 ? values[^1] : null,
                "FIRST" => values.Count > 0 ? values[0] : null,
                _ => null,
            };
            return match.Groups["fn"].Value == "LABEL" ? defaultLabel : figure?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
        });
    }

    [GeneratedRegex(@"\$\{(?:PROP\('(?<prop>[^']+)'\)|(?<fn>LABEL|SUM|AVG|MAX|MIN|LAST|FIRST))\}")]
    private static partial Regex DynamicLabel();
}
