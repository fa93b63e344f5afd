namespace BatchRuntimeMonitor.Local.Dashboards.Widgets;

/// <summary>One row of a metric widget's "metrics" array after the "." and "..." shorthand was expanded.</summary>
public sealed record MetricRow
{
    public required string Id { get; init; }

    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; init; } = [];

    public string? Expression { get; init; }

    public string? Stat { get; init; }

    public int? Period { get; init; }

    public string? Label { get; init; }

    public bool Visible { get; init; } = true;

    public string YAxis { get; init; } = "left";

    public string? Color { get; init; }

    public bool IsExpression => Expression is not null;
}
