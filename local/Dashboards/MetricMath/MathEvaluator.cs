using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>Evaluates metric math: arithmetic and comparisons over scalars/series/arrays and the functions the dashboards use.</summary>
public sealed class MathEvaluator
{
    private readonly IMathContext _context;

    public MathEvaluator(IMathContext context)
    {
        _context = context;
    }

    public MathValue Evaluate(string expression) => Evaluate(MathParser.Parse(expression));

    public MathValue Evaluate(MathNode node) => node switch
    {
        NumberNode n => new ScalarValue(n.Value),
        TextNode t => new TextValue(t.Value),
        ReferenceNode r => r.Id is "REPEAT" or "LINEAR" ? new TextValue(r.Id) : _context.Resolve(r.Id),
        UnaryNode { Operator: "-" } u => Apply(Evaluate(u.Operand), v => -v),
        UnaryNode u => Apply(Evaluate(u.Operand), v => v == 0 ? 1 : 0),
        BinaryNode b => Binary(b.Operator, Evaluate(b.Left), Evaluate(b.Right)),
        CallNode c => Call(c),
        _ => throw new FormatException($"Unsupported expression node {node}"),
    };

    private MathValue Call(CallNode call)
    {
        var args = call.Arguments;
        switch (call.Function)
        {
            case "METRICS":
                return _context.Metrics(args.Count > 0 ? Text(Evaluate(args[0])) : null);
            case "SEARCH":
                return _context.Search(
                    Text(Evaluate(args[0])),
                    args.Count > 1 ? Text(Evaluate(args[1])) : "Average",
                    args.Count > 2 ? (int)Scalar(Evaluate(args[2])) : _context.DefaultPeriodSeconds);
            case "SUM": return Reduce(Evaluate(args[0]), v => v.Sum(), call.Function);
            case "AVG": return Reduce(Evaluate(args[0]), v => v.Average(), call.Function);
            case "MIN": return Reduce(Evaluate(args[0]), v => v.Min(), call.Function);
            case "MAX": return Reduce(Evaluate(args[0]), v => v.Max(), call.Function);
            case "ABS": return Apply(Evaluate(args[0]), Math.Abs);
            case "CEIL": return Apply(Evaluate(args[0]), Math.Ceiling);
            case "FLOOR": return Apply(Evaluate(args[0]), Math.Floor);
            case "RATE": return PerSeries(Evaluate(args[0]), SeriesOperations.Rate);
            case "DIFF": return PerSeries(Evaluate(args[0]), SeriesOperations.Diff);
            case "RUNNING_SUM": return PerSeries(Evaluate(args[0]), SeriesOperations.RunningSum);
            case "REMOVE_EMPTY":
                var all = AsSeries(Evaluate(args[0]));
                return all with { Series = all.Series.Where(s => s.Points.Count > 0).ToList() };
            case "PERIOD":
                var periodOf = AsSeries(Evaluate(args[0]));
                var period = periodOf.Series.Select(s => s.PeriodSeconds).FirstOrDefault(p => p > 0);
                return new ScalarValue(period > 0 ? period : _context.DefaultPeriodSeconds);
            case "FILL":
                return Fill(AsSeries(Evaluate(args[0])), Evaluate(args[1]));
            case "IF":
                return If(Evaluate(args[0]), Evaluate(args[1]), args.Count > 2 ? Evaluate(args[2]) : null);
            default:
                throw new FormatException($"Unsupported metric math function {call.Function}()");
        }
    }

    private MathValue Fill(SeriesValue target, MathValue with)
    {
        var mode = with is TextValue t ? t.Value.ToUpperInvariant() : "VALUE";
        var value = with is ScalarValue s ? s.Value : 0;
        return target with
        {
            Series = target.Series.Select(series => SeriesOperations.Fill(
                series, _context.Timeline(series.PeriodSeconds > 0 ? series.PeriodSeconds : _context.DefaultPeriodSeconds), mode, value)).ToList(),
        };
    }

    /// <summary>IF(condition, then[, else]): a point per timestamp of the condition; without else, false points are dropped.</summary>
    private static MathValue If(MathValue condition, MathValue then, MathValue? otherwise)
    {
        if (condition is ScalarValue c)
        {
            return c.Value != 0 ? then : otherwise ?? new SeriesValue([], false);
        }

        var conditions = AsSeries(condition);
        return conditions with
        {
            Series = conditions.Series.Select(series =>
            {
                var points = new List<SeriesPoint>();
                foreach (var point in series.Points)
                {
                    var chosen = point.Value != 0 ? then : otherwise;
                    if (chosen is not null && ValueAt(chosen, point.TimestampMs) is { } v)
                    {
                        points.Add(new SeriesPoint(point.TimestampMs, v));
                    }
                }

                return series with { Points = points, Metric = null, RawTotal = null, RawSampleCount = null };
            }).ToList(),
        };
    }

    private static double? ValueAt(MathValue value, long timestampMs) => value switch
    {
        ScalarValue s => s.Value,
        SeriesValue { Series.Count: > 0 } sv => sv.Series[0].Points.Where(p => p.TimestampMs == timestampMs).Select(p => (double?)p.Value).FirstOrDefault(),
        _ => null,
    };

    /// <summary>An array aggregates across series per timestamp; a single series reduces to a scalar (CloudWatch semantics).</summary>
    private static MathValue Reduce(MathValue value, Func<IReadOnlyList<double>, double> aggregate, string name) => value switch
    {
        ScalarValue s => s,
        SeriesValue { IsArray: true } array => SeriesValue.Single(SeriesOperations.Across(array.Series, aggregate, name)),
        SeriesValue single when single.Series.Count == 1 && single.Series[0].Points.Count > 0 =>
            new ScalarValue(aggregate(single.Series[0].Points.Select(p => p.Value).ToList())),
        SeriesValue empty => empty,
        _ => throw new FormatException($"{name}() needs a time series"),
    };

    private static MathValue Binary(string op, MathValue left, MathValue right)
    {
        Func<double, double, double> f = op switch
        {
            "+" => (a, b) => a + b,
            "-" => (a, b) => a - b,
            "*" => (a, b) => a * b,
            "/" => (a, b) => a / b,
            "^" => Math.Pow,
            ">" => (a, b) => a > b ? 1 : 0,
            "<" => (a, b) => a < b ? 1 : 0,
            ">=" => (a, b) => a >= b ? 1 : 0,
            "<=" => (a, b) => a <= b ? 1 : 0,
            "==" => (a, b) => a == b ? 1 : 0,
            "!=" => (a, b) => a != b ? 1 : 0,
            "AND" => (a, b) => a != 0 && b != 0 ? 1 : 0,
            "OR" => (a, b) => a != 0 || b != 0 ? 1 : 0,
            _ => throw new FormatException($"Unsupported operator {op}"),
        };

        return (left, right) switch
        {
            (ScalarValue a, ScalarValue b) => new ScalarValue(f(a.Value, b.Value)),
            (SeriesValue a, ScalarValue b) => Apply(a, v => f(v, b.Value)),
            (ScalarValue a, SeriesValue b) => Apply(b, v => f(a.Value, v)),
            (SeriesValue a, SeriesValue b) when b.Series.Count == 1 =>
                a with { Series = a.Series.Select(s => SeriesOperations.Combine(s, b.Series[0], f)).ToList() },
            (SeriesValue a, SeriesValue b) when a.Series.Count == 1 =>
                b with { Series = b.Series.Select(s => SeriesOperations.Combine(a.Series[0], s, f) with { Label = s.Label }).ToList() },
            (SeriesValue a, SeriesValue b) when a.Series.Count == 0 || b.Series.Count == 0 => new SeriesValue([], false),
            _ => throw new FormatException($"Cannot apply '{op}' to two arrays of time series"),
        };
    }

    private static MathValue Apply(MathValue value, Func<double, double> f) => value switch
    {
        ScalarValue s => new ScalarValue(f(s.Value)),
        SeriesValue series => series with { Series = series.Series.Select(s => SeriesOperations.Map(s, f)).ToList() },
        _ => throw new FormatException("Arithmetic needs a number or a time series"),
    };

    private static MathValue PerSeries(MathValue value, Func<MetricSeries, MetricSeries> f)
    {
        var series = AsSeries(value);
        return series with { Series = series.Series.Select(f).ToList() };
    }

    private static SeriesValue AsSeries(MathValue value) =>
        value as SeriesValue ?? throw new FormatException("This function needs a time series");

    private static string Text(MathValue value) =>
        value is TextValue t ? t.Value : throw new FormatException("A quoted string was expected");

    private static double Scalar(MathValue value) =>
        value is ScalarValue s ? s.Value : throw new FormatException("A number was expected");
}
