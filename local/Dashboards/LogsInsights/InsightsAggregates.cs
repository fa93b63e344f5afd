namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>The stats aggregate functions; records where the field is absent are ignored, as in Logs Insights.</summary>
public static class InsightsAggregates
{
    public static object? Compute(FunctionNode function, IReadOnlyList<LogRecord> group)
    {
        if (function.Name == "count")
        {
            return function.Arguments.Count == 0 || function.Arguments[0] is StarNode
                ? (double)group.Count
                : (double)group.Count(r => InsightsEvaluator.Evaluate(function.Arguments[0], r) is not null);
        }

        if (function.Arguments.Count == 0)
        {
            throw new FormatException($"{function.Name}() needs a field");
        }

        var argument = function.Arguments[0];
        var present = group.Select(r => (Record: r, Value: InsightsEvaluator.Evaluate(argument, r))).Where(x => x.Value is not null).ToList();
        if (function.Name == "count_distinct")
        {
            return (double)present.Select(x => InsightsValues.AsText(x.Value)).Distinct().Count();
        }

        if (function.Name is "earliest" or "latest")
        {
            var ordered = present.OrderBy(x => x.Record.TimestampMs ?? 0).ToList();
            return ordered.Count == 0 ? null : function.Name == "earliest" ? ordered[0].Value : ordered[^1].Value;
        }

        var numbers = present.Select(x => InsightsValues.AsNumber(x.Value)).OfType<double>().ToList();
        if (numbers.Count == 0)
        {
            return function.Name == "sum" ? 0.0 : null;
        }

        return function.Name switch
        {
            "sum" => numbers.Sum(),
            "avg" => numbers.Average(),
            "min" => numbers.Min(),
            "max" => numbers.Max(),
            "stddev" => StandardDeviation(numbers),
            "pct" => Percentile(numbers, function),
            _ => throw new FormatException($"Unsupported aggregate {function.Name}()"),
        };
    }

    private static double Percentile(List<double> numbers, FunctionNode function)
    {
        var percentile = function.Arguments.Count > 1 && function.Arguments[1] is LiteralNode { Value: double p }
            ? p
            : throw new FormatException("pct(field, n) needs a number n");
        return Metrics.Statistic.Percentile(numbers, percentile);
    }

    private static double StandardDeviation(List<double> numbers)
    {
        var mean = numbers.Average();
        return numbers.Count < 2 ? 0 : Math.Sqrt(numbers.Sum(n => (n - mean) * (n - mean)) / (numbers.Count - 1));
    }
}
