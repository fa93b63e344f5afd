using System.Globalization;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>
/// A Logs Insights query evaluated over local log records: an optional SOURCE prefix, then commands separated by
/// pipes (fields, filter, stats ... by, sort, limit, display, dedup). Anything else is a FormatException with
/// the command's name, shown in the widget.
/// </summary>
public static class InsightsQuery
{
    private const int DefaultLimit = 10_000;

    public static InsightsResult Run(string query, IEnumerable<LogRecord> source)
    {
        var text = string.Join("\n", query.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
        var tokens = InsightsTokenizer.Tokenize(text);
        var state = new QueryState(source.ToList());
        foreach (var command in SplitCommands(tokens))
        {
            Apply(command, text, state);
        }

        return state.ToResult();
    }

    private static List<List<InsightsToken>> SplitCommands(List<InsightsToken> tokens)
    {
        var commands = new List<List<InsightsToken>> { new() };
        foreach (var token in tokens)
        {
            if (token is { Kind: InsightsTokenKind.Symbol, Text: "|" })
            {
                commands.Add(new List<InsightsToken>());
            }
            else
            {
                commands[^1].Add(token);
            }
        }

        return commands.Where(c => c.Count > 0).ToList();
    }

    private static void Apply(List<InsightsToken> command, string text, QueryState state)
    {
        var name = command[0].Kind == InsightsTokenKind.Word ? command[0].Text.ToLowerInvariant() : command[0].Text;
        var parser = new InsightsExpressionParser(command, 1);
        switch (name)
        {
            case "source":
                // Every local log group holds the same insight records, so the source selection needs no filtering.
                return;
            case "fields":
                var items = ParseItems(parser, command, text);
                state.Records = state.Records.Select(r => items.Aggregate(r, (acc, item) => acc.With(item.Name, InsightsEvaluator.Evaluate(item.Node, r)))).ToList();
                state.Columns = (state.Columns ?? []).Concat(items.Select(i => i.Name)).Distinct().ToList();
                state.MarkTimeColumns(items);
                return;
            case "display":
                var shown = ParseItems(parser, command, text);
                state.Records = state.Records.Select(r => shown.Aggregate(r, (acc, item) => acc.With(item.Name, InsightsEvaluator.Evaluate(item.Node, r)))).ToList();
                state.Display = shown.Select(i => i.Name).ToList();
                state.MarkTimeColumns(shown);
                return;
            case "filter":
                var condition = parser.ParseExpression();
                EnsureConsumed(parser, "filter");
                state.Records = state.Records.Where(r => InsightsValues.IsTruthy(InsightsEvaluator.Evaluate(condition, r))).ToList();
                return;
            case "stats":
                Stats(parser, command, text, state);
                return;
            case "sort":
                Sort(parser, state);
                return;
            case "limit":
                state.Limit = parser.Peek is { Kind: InsightsTokenKind.Number } n ? (int)double.Parse(n.Text, CultureInfo.InvariantCulture) : throw new FormatException("limit needs a number");
                state.Records = state.Records.Take(state.Limit).ToList();
                return;
            case "dedup":
                var keys = ParseItems(parser, command, text);
                state.Records = state.Records
                    .GroupBy(r => string.Join("\u0001", keys.Select(k => InsightsValues.AsText(InsightsEvaluator.Evaluate(k.Node, r)))))
                    .Select(g => g.First()).ToList();
                return;
            default:
                throw new FormatException($"Unsupported Logs Insights command '{name}' (supported: fields, filter, stats, sort, limit, display, dedup)");
        }
    }

    private static void Stats(InsightsExpressionParser parser, List<InsightsToken> command, string text, QueryState state)
    {
        var aggregates = ParseItems(parser, command, text, stopAtBy: true);
        var groups = parser.AcceptWord("by") ? ParseItems(parser, command, text) : [];
        if (groups.Count == 0 && command[^1].Text.Equals("by", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException("stats ... by ends early: name the fields to group by");
        }
        EnsureConsumed(parser, "stats");
        var grouped = state.Records
            .GroupBy(r => string.Join("\u0001", groups.Select(g => InsightsValues.AsText(InsightsEvaluator.Evaluate(g.Node, r)))))
            .Select(g => g.ToList())
            .ToList();
        if (grouped.Count == 0 && groups.Count == 0)
        {
            grouped.Add([]);
        }

        state.Records = grouped.Select(group =>
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var item in groups)
            {
                fields[item.Name] = group.Count > 0 ? InsightsEvaluator.Evaluate(item.Node, group[0]) : null;
            }

            foreach (var item in aggregates)
            {
                fields[item.Name] = InsightsEvaluator.Evaluate(item.Node, group);
            }

            return new LogRecord(fields, "", "");
        }).ToList();
        state.Columns = groups.Concat(aggregates).Select(i => i.Name).ToList();
        state.Display = null;
        state.MarkTimeColumns(groups);

        // Logs Insights returns time-binned stats in time order.
        var firstBin = groups.FirstOrDefault(g => g.IsTime);
        if (firstBin is not null)
        {
            state.Records = state.Records.OrderBy(r => InsightsValues.AsNumber(r.Get(firstBin.Name)) ?? 0).ToList();
        }
    }

    private static void Sort(InsightsExpressionParser parser, QueryState state)
    {
        var keys = new List<(InsightsNode Node, bool Descending)>();
        do
        {
            var node = parser.ParseExpression();
            var descending = parser.AcceptWord("desc");
            if (!descending)
            {
                parser.AcceptWord("asc");
            }

            keys.Add((node, descending));
        }
        while (parser.AcceptSymbol(","));
        EnsureConsumed(parser, "sort");

        var comparer = Comparer<LogRecord>.Create((a, b) =>
        {
            foreach (var (node, descending) in keys)
            {
                var left = InsightsEvaluator.Evaluate(node, a);
                var right = InsightsEvaluator.Evaluate(node, b);
                // Absent values sort last in either direction.
                var order = left is null ? (right is null ? 0 : 1) : right is null ? -1 : InsightsValues.Compare(left, right) * (descending ? -1 : 1);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        });
        state.Records = state.Records.Order(comparer).ToList();
    }

    private static List<QueryItem> ParseItems(InsightsExpressionParser parser, List<InsightsToken> command, string text, bool stopAtBy = false)
    {
        var items = new List<QueryItem>();
        if (parser.AtEnd)
        {
            return items;
        }

        do
        {
            var startToken = parser.Position;
            var node = parser.ParseExpression();
            var endToken = parser.Position;
            var name = text[command[startToken].Start..command[endToken - 1].End].Trim();
            if (parser.AcceptWord("as"))
            {
                name = parser.Peek?.Text ?? throw new FormatException("'as' needs a name");
                parser.AcceptWord(name);
            }

            items.Add(new QueryItem(name, node, IsTimeNode(node)));
        }
        while (parser.AcceptSymbol(","));

        if (!stopAtBy || !(parser.Peek is { Kind: InsightsTokenKind.Word } t && t.Text.Equals("by", StringComparison.OrdinalIgnoreCase)))
        {
            EnsureConsumed(parser, command[0].Text);
        }

        return items;
    }

    private static bool IsTimeNode(InsightsNode node) =>
        node is FieldNode { Name: "@timestamp" } or FunctionNode { Name: "bin" or "datefloor" };

    private static void EnsureConsumed(InsightsExpressionParser parser, string command)
    {
        if (!parser.AtEnd)
        {
            throw new FormatException($"Unexpected '{parser.Peek!.Text}' in {command}");
        }
    }

    private sealed record QueryItem(string Name, InsightsNode Node, bool IsTime);

    private sealed class QueryState(List<LogRecord> records)
    {
        private readonly HashSet<string> _timeColumns = ["@timestamp"];

        public List<LogRecord> Records { get; set; } = records;

        public List<string>? Columns { get; set; }

        public List<string>? Display { get; set; }

        public int Limit { get; set; } = DefaultLimit;

        public void MarkTimeColumns(IEnumerable<QueryItem> items)
        {
            foreach (var item in items.Where(i => i.IsTime))
            {
                _timeColumns.Add(item.Name);
            }
        }

        public InsightsResult ToResult()
        {
            var columns = Display ?? Columns ?? ["@timestamp", "@message"];
            var rows = Records.Take(Limit)
                .Select(r => (IReadOnlyDictionary<string, object?>)columns.ToDictionary(c => c, c => r.Get(c)))
                .ToList();
            return new InsightsResult(columns, rows, _timeColumns.Where(columns.Contains).ToHashSet());
        }
    }
}
