using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>
/// Evaluates an expression for one record, or for a group of records when it holds aggregate functions (stats):
/// aggregates read the whole group, plain fields read the group's first record.
/// </summary>
public static class InsightsEvaluator
{
    private static readonly HashSet<string> Aggregates =
        ["count", "count_distinct", "sum", "avg", "min", "max", "pct", "stddev", "earliest", "latest"];

    public static bool IsAggregate(InsightsNode node) => node switch
    {
        FunctionNode f => Aggregates.Contains(f.Name) || f.Arguments.Any(IsAggregate),
        OperatorNode o => IsAggregate(o.Left) || IsAggregate(o.Right),
        NegationNode n => IsAggregate(n.Operand),
        _ => false,
    };

    public static object? Evaluate(InsightsNode node, LogRecord record) => Evaluate(node, [record]);

    public static object? Evaluate(InsightsNode node, IReadOnlyList<LogRecord> group)
    {
        var first = group.Count > 0 ? group[0] : LogRecord.Empty;
        switch (node)
        {
            case LiteralNode l:
                return l.Value;
            case FieldNode f:
                return first.Get(f.Name);
            case DurationNode d:
                return (double)d.Milliseconds;
            case RegexNode r:
                return r.Pattern;
            case ListNode list:
                return list.Items.Select(i => Evaluate(i, group)).ToList();
            case NegationNode { Operator: "-" } n:
                return -InsightsValues.AsNumber(Evaluate(n.Operand, group));
            case NegationNode n:
                return !InsightsValues.IsTruthy(Evaluate(n.Operand, group));
            case OperatorNode o:
                return Operator(o, group);
            case FunctionNode f when Aggregates.Contains(f.Name):
                return InsightsAggregates.Compute(f, group);
            case FunctionNode f:
                return InsightsFunctions.Call(f.Name, f.Arguments.Select(a => Evaluate(a, group)).ToList(), first, f);
            default:
                throw new FormatException($"'{node}' cannot be used here");
        }
    }

    private static object? Operator(OperatorNode o, IReadOnlyList<LogRecord> group)
    {
        if (o.Operator is "and")
        {
            return InsightsValues.IsTruthy(Evaluate(o.Left, group)) && InsightsValues.IsTruthy(Evaluate(o.Right, group));
        }

        if (o.Operator is "or")
        {
            return InsightsValues.IsTruthy(Evaluate(o.Left, group)) || InsightsValues.IsTruthy(Evaluate(o.Right, group));
        }

        var left = Evaluate(o.Left, group);
        if (o.Operator == "like")
        {
            return Like(left, o.Right, group);
        }

        var right = Evaluate(o.Right, group);
        switch (o.Operator)
        {
            case "=": return InsightsValues.AreEqual(left, right);
            case "!=": return !InsightsValues.AreEqual(left, right);
            case "<": return left is not null && right is not null && InsightsValues.Compare(left, right) < 0;
            case ">": return left is not null && right is not null && InsightsValues.Compare(left, right) > 0;
            case "<=": return left is not null && right is not null && InsightsValues.Compare(left, right) <= 0;
            case ">=": return left is not null && right is not null && InsightsValues.Compare(left, right) >= 0;
            case "in": return right is List<object?> items && items.Any(i => InsightsValues.AreEqual(left, i));
        }

        var l = InsightsValues.AsNumber(left);
        var r = InsightsValues.AsNumber(right);
        if (l is null || r is null)
        {
            return null;
        }

        double result = o.Operator switch
        {
            "+" => l.Value + r.Value,
            "-" => l.Value - r.Value,
            "*" => l.Value * r.Value,
            "/" => l.Value / r.Value,
            "%" => l.Value % r.Value,
            _ => throw new FormatException($"Unsupported operator {o.Operator}"),
        };
        return double.IsFinite(result) ? result : null;
    }

    /// <summary>like /regex/ matches the pattern; like "text" is a case-sensitive substring test.</summary>
    private static bool Like(object? left, InsightsNode pattern, IReadOnlyList<LogRecord> group)
    {
        var text = InsightsValues.AsText(left);
        if (text is null)
        {
            return false;
        }

        if (pattern is RegexNode regex)
        {
            return Regex.IsMatch(text, regex.Pattern, regex.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None, TimeSpan.FromSeconds(1));
        }

        var needle = InsightsValues.AsText(Evaluate(pattern, group)) ?? "";
        return text.Contains(needle, StringComparison.Ordinal);
    }
}
