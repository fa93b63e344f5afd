namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Non-aggregate functions of Logs Insights used in fields, filter and stats by.</summary>
public static class InsightsFunctions
{
    public static object? Call(string name, IReadOnlyList<object?> args, LogRecord record, FunctionNode node)
    {
        object? Arg(int i) => i < args.Count ? args[i] : null;
        double? Number(int i) => InsightsValues.AsNumber(Arg(i));
        string? Text(int i) => InsightsValues.AsText(Arg(i));

        switch (name)
        {
            case "ispresent": return Arg(0) is not null;
            case "isempty": return Arg(0) is null || Text(0) == "";
            case "isblank": return string.IsNullOrWhiteSpace(Text(0));
            case "coalesce": return args.FirstOrDefault(a => a is not null);
            case "strlen": return Text(0) is { } s ? s.Length : null;
            case "tolower": return Text(0)?.ToLowerInvariant();
            case "toupper": return Text(0)?.ToUpperInvariant();
            case "trim": return Text(0)?.Trim();
            case "concat": return string.Concat(args.Select(InsightsValues.AsText));
            case "substr": return Substring(Text(0), Number(1), Number(2));
            case "replace": return Text(0)?.Replace(Text(1) ?? "", Text(2) ?? "", StringComparison.Ordinal);
            case "abs": return Number(0) is { } a ? Math.Abs(a) : null;
            case "floor": return Number(0) is { } f ? Math.Floor(f) : null;
            case "ceil": return Number(0) is { } c ? Math.Ceiling(c) : null;
            case "greatest": return args.Select(InsightsValues.AsNumber).Max();
            case "least": return args.Select(InsightsValues.AsNumber).Min();
            case "bin":
            case "datefloor":
                return Bin(record, node);
            case "frommillis": return Number(0);
            case "tomillis": return Number(0);
            default: throw new FormatException($"Unsupported Logs Insights function {name}()");
        }
    }

    /// <summary>bin(period) floors the record's @timestamp to the period (epoch-aligned).</summary>
    private static object? Bin(LogRecord record, FunctionNode node)
    {
        var period = node.Arguments.LastOrDefault() as DurationNode
            ?? throw new FormatException($"{node.Name}() needs a duration such as 5m");
        return record.TimestampMs is { } t ? (double)(t - (t % period.Milliseconds)) : null;
    }

    private static string? Substring(string? text, double? start, double? length)
    {
        if (text is null || start is null)
        {
            return text;
        }

        var from = Math.Clamp((int)start.Value, 0, text.Length);
        var count = length is { } l ? Math.Clamp((int)l, 0, text.Length - from) : text.Length - from;
        return text.Substring(from, count);
    }
}
