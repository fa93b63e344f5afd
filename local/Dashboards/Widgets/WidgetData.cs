using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>Everything the page script needs to draw one widget; embedded in the page as JSON so tests can read it.</summary>
public sealed class WidgetData
{
    public string Id { get; set; } = "";

    public string Type { get; set; } = "";

    /// <summary>timeSeries, singleValue, bar, pie, table, or text.</summary>
    public string View { get; set; } = "timeSeries";

    public string Title { get; set; } = "";

    /// <summary>data, empty (no local datapoints), placeholder (AWS-published metrics), error, text.</summary>
    public string Status { get; set; } = WidgetStatus.Data;

    public string? Message { get; set; }

    public WidgetPlacement Placement { get; set; } = new(0, 0, 6, 6);

    public bool Stacked { get; set; }

    public string LegendPosition { get; set; } = "bottom";

    public AxisData? LeftAxis { get; set; }

    public AxisData? RightAxis { get; set; }

    public int? Period { get; set; }

    public string? Stat { get; set; }

    public bool Simulated { get; set; }

    public List<SeriesData> Series { get; set; } = [];

    public TableData? Table { get; set; }

    /// <summary>Rendered markdown of text widgets (already HTML-escaped).</summary>
    public string? Html { get; set; }

    /// <summary>Totals of the widget's metric rows and search results: metric name -> totals key -> raw sum.</summary>
    public Dictionary<string, Dictionary<string, double>> Totals { get; set; } = [];
}

public static class WidgetStatus
{
    public const string Data = "data";
    public const string Empty = "empty";
    public const string Placeholder = "placeholder";
    public const string Error = "error";
    public const string Text = "text";
}

public sealed record WidgetPlacement(int X, int Y, int Width, int Height);

public sealed record AxisData(string? Label, double? Min, double? Max);

public sealed class SeriesData
{
    public string Id { get; set; } = "";

    public string Label { get; set; } = "";

    public string? Namespace { get; set; }

    public string? MetricName { get; set; }

    public Dictionary<string, string>? Dimensions { get; set; }

    public string? TotalsKey { get; set; }

    /// <summary>Sum of the raw datapoints over the replay, whatever the statistic (comparable to summary.json).</summary>
    public double? Total { get; set; }

    public int? SampleCount { get; set; }

    public string? Unit { get; set; }

    public string YAxis { get; set; } = "left";

    public string? Color { get; set; }

    public bool Simulated { get; set; }

    /// <summary>The value singleValue, bar and pie views show.</summary>
    public double? Value { get; set; }

    /// <summary>[epoch ms, value] pairs.</summary>
    public List<double[]> Points { get; set; } = [];
}

public sealed class TableData
{
    public List<string> Columns { get; set; } = [];

    public List<List<object?>> Rows { get; set; } = [];

    public List<string> TimeColumns { get; set; } = [];

    [JsonIgnore]
    public int RowCount => Rows.Count;
}
