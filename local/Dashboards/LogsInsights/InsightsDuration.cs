using System.Globalization;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Duration literals of Logs Insights (bin(5m)): ms, s, m, h, d, w and their long spellings.</summary>
public static class InsightsDuration
{
    public static long ToMilliseconds(string text)
    {
        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] == '.'))
        {
            split++;
        }

        var amount = double.Parse(text[..split], CultureInfo.InvariantCulture);
        var unit = text[split..].ToLowerInvariant();
        double factor = unit switch
        {
            "ms" => 1,
            "s" or "sec" or "second" or "seconds" => 1000,
            "m" or "min" or "minute" or "minutes" => 60_000,
            "h" or "hr" or "hour" or "hours" => 3_600_000,
            "d" or "day" or "days" => 86_400_000,
            "w" or "week" or "weeks" => 604_800_000,
            _ => throw new FormatException($"Unknown duration unit in '{text}'"),
        };
        return (long)(amount * factor);
    }
}
