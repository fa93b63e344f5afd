using System.Globalization;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Loose typing of Logs Insights: numbers compare as numbers when both sides look numeric, else as text.</summary>
public static class InsightsValues
{
    public static double? AsNumber(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static string? AsText(object? value) => value switch
    {
        null => null,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString(),
    };

    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        _ => true,
    };

    public static int Compare(object? left, object? right)
    {
        if (AsNumber(left) is { } l && AsNumber(right) is { } r)
        {
            return l.CompareTo(r);
        }

        return string.CompareOrdinal(AsText(left), AsText(right));
    }

    public static bool AreEqual(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        return Compare(left, right) == 0;
    }
}
