using System.Globalization;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>
/// Reads a dashboard "metrics" array: [namespace, metricName, dimName, dimValue, ..., {options}] rows where "."
/// repeats the previous row's value at that position and "..." stands for the previous row's values up to the
/// point where the explicitly given trailing values take over; rows made of only {expression, id, label} are math.
/// </summary>
public static class MetricRowsExpander
{
    public static IReadOnlyList<MetricRow> Expand(JsonElement metrics)
    {
        var rows = new List<MetricRow>();
        List<string>? previous = null;
        var index = 0;
        foreach (var row in metrics.EnumerateArray())
        {
            index++;
            var items = row.EnumerateArray().ToList();
            var options = items.Count > 0 && items[^1].ValueKind == JsonValueKind.Object ? items[^1] : (JsonElement?)null;
            var values = items.Where(i => i.ValueKind != JsonValueKind.Object).Select(Text).ToList();

            if (values.Count == 0 && options is { } expressionOptions && expressionOptions.TryGetProperty("expression", out var expression))
            {
                rows.Add(ApplyOptions(new MetricRow { Id = "e" + index.ToString(CultureInfo.InvariantCulture), Expression = expression.GetString() }, expressionOptions));
                continue;
            }

            var expanded = ExpandShorthand(values, previous);
            previous = expanded;
            if (expanded.Count < 2)
            {
                throw new FormatException($"Metric row {index} needs at least a namespace and a metric name");
            }

            var dimensions = new List<KeyValuePair<string, string>>();
            for (var i = 2; i + 1 < expanded.Count; i += 2)
            {
                dimensions.Add(new(expanded[i], expanded[i + 1]));
            }

            var metricRow = new MetricRow
            {
                Id = "m" + index.ToString(CultureInfo.InvariantCulture),
                Namespace = expanded[0],
                MetricName = expanded[1],
                Dimensions = dimensions,
            };
            rows.Add(options is { } o ? ApplyOptions(metricRow, o) : metricRow);
        }

        return rows;
    }

    public static List<string> ExpandShorthand(List<string> values, List<string>? previous)
    {
        var ellipsis = values.IndexOf("...");
        var result = new List<string>();
        if (ellipsis >= 0)
        {
            var before = values.Take(ellipsis).ToList();
            var after = values.Skip(ellipsis + 1).ToList();
            var source = previous ?? throw new FormatException("'...' needs a previous metric row");
            var fillCount = Math.Max(0, source.Count - before.Count - after.Count);
            result.AddRange(before);
            result.AddRange(source.Skip(before.Count).Take(fillCount));
            result.AddRange(after);
        }
        else
        {
            result.AddRange(values);
        }

        for (var i = 0; i < result.Count; i++)
        {
            if (result[i] == ".")
            {
                result[i] = previous is not null && i < previous.Count ? previous[i] : throw new FormatException("'.' needs a value at the same position in the previous metric row");
            }
        }

        return result;
    }

    private static MetricRow ApplyOptions(MetricRow row, JsonElement options) => row with
    {
        Id = Optional(options, "id") ?? row.Id,
        Stat = Optional(options, "stat"),
        Period = options.TryGetProperty("period", out var p) && p.TryGetInt32(out var period) ? period : null,
        Label = Optional(options, "label"),
        Visible = !options.TryGetProperty("visible", out var v) || v.ValueKind != JsonValueKind.False,
        YAxis = Optional(options, "yAxis") ?? "left",
        Color = Optional(options, "color"),
    };

    private static string? Optional(JsonElement options, string name) =>
        options.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
