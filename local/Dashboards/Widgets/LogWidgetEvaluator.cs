using System.Text.Json;
using BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>Runs a log widget's Logs Insights query over the replay's insight records and shapes rows for its view.</summary>
public static class LogWidgetEvaluator
{
    public static void Evaluate(JsonElement properties, IReadOnlyList<LogRecord> records, WidgetData widget)
    {
        widget.View = properties.TryGetProperty("view", out var view) && view.ValueKind == JsonValueKind.String ? view.GetString()! : "table";
        widget.Stacked = properties.TryGetProperty("stacked", out var stacked) && stacked.ValueKind == JsonValueKind.True;
        var query = properties.TryGetProperty("query", out var q) ? q.GetString() ?? "" : "";
        InsightsResult result;
        try
        {
            result = InsightsQuery.Run(query, records);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            widget.Status = WidgetStatus.Error;
            widget.Message = "Query error: " + ex.Message;
            return;
        }

        widget.Table = new TableData
        {
            Columns = result.Columns.ToList(),
            Rows = result.Rows.Select(r => result.Columns.Select(c => r[c]).ToList()).ToList(),
            TimeColumns = result.TimeColumns.ToList(),
        };
        if (widget.View != "table")
        {
            widget.Series = ToSeries(result, widget.View);
        }

        if (result.Rows.Count == 0)
        {
            widget.Status = WidgetStatus.Empty;
            widget.Message = "No log records match this query in this replay";
        }
    }

    /// <summary>
    /// Charts need numbers: timeSeries puts the first time column on x and one series per numeric column;
    /// bar and pie take the non-numeric columns as the category label and the first numeric column as the value.
    /// </summary>
    private static List<SeriesData> ToSeries(InsightsResult result, string view)
    {
        var numeric = result.Columns.Where(c => !result.TimeColumns.Contains(c) && result.Rows.Any(r => InsightsValues.AsNumber(r[c]) is not null)
            && result.Rows.All(r => r[c] is null || r[c] is double)).ToList();
        var categories = result.Columns.Where(c => !numeric.Contains(c) && !result.TimeColumns.Contains(c)).ToList();
        if (view == "timeSeries")
        {
            var time = result.TimeColumns.FirstOrDefault() ?? throw new FormatException("A time series view needs stats ... by bin(period)");
            return result.Rows
                .GroupBy(r => string.Join(" ", categories.Select(c => InsightsValues.AsText(r[c]))))
                .SelectMany(group => numeric.Select(column => new SeriesData
                {
                    Id = column + group.Key,
                    Label = group.Key.Length == 0 ? column : $"{group.Key} {column}",
                    Points = group.Where(r => r[time] is double && r[column] is double)
                        .Select(r => new[] { (double)r[time]!, (double)r[column]! }).OrderBy(p => p[0]).ToList(),
                }))
                .ToList();
        }

        var valueColumn = numeric.FirstOrDefault();
        if (valueColumn is null)
        {
            return [];
        }

        return result.Rows.Select((r, i) => new SeriesData
        {
            Id = "row" + i,
            // Records without the grouped field form their own group; name it rather than leave a blank legend entry.
            Label = categories.Count == 0 ? valueColumn : string.Join(" ", categories.Select(c => InsightsValues.AsText(r[c]) ?? "(absent)")),
            Value = r[valueColumn] as double?,
        }).ToList();
    }
}
