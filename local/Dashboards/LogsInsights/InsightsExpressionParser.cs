using System.Globalization;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

/// <summary>Parses Logs Insights expressions: or &lt; and &lt; not &lt; comparison/like/in &lt; + - &lt; * / % &lt; unary.</summary>
public sealed class InsightsExpressionParser
{
    private readonly List<InsightsToken> _tokens;
    private int _position;

    public InsightsExpressionParser(List<InsightsToken> tokens, int position = 0)
    {
        _tokens = tokens;
        _position = position;
    }

    public int Position => _position;

    public bool AtEnd => _position >= _tokens.Count;

    public InsightsToken? Peek => AtEnd ? null : _tokens[_position];

    public static InsightsNode ParseAll(string text)
    {
        var parser = new InsightsExpressionParser(InsightsTokenizer.Tokenize(text));
        var node = parser.ParseExpression();
        if (!parser.AtEnd)
        {
            throw new FormatException($"Unexpected '{parser.Peek!.Text}'");
        }

        return node;
    }

    public bool AcceptWord(string word)
    {
        if (Peek is { Kind: InsightsTokenKind.Word } t && string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (Peek is { Kind: InsightsTokenKind.Symbol } t && t.Text == symbol)
        {
            _position++;
            return true;
        }

        return false;
    }

    public InsightsNode ParseExpression()
    {
        var left = ParseAnd();
        while (AcceptWord("or") || AcceptSymbol("||"))
        {
            left = new OperatorNode("or", left, ParseAnd());
        }

        return left;
    }

    private InsightsNode ParseAnd()
    {
        var left = ParseNot();
        while (AcceptWord("and") || AcceptSymbol("&&"))
        {
            left = new OperatorNode("and", left, ParseNot());
        }

        return left;
    }

    private InsightsNode ParseNot()
    {
        if (AcceptWord("not") || AcceptSymbol("!"))
        {
            return new NegationNode("not", ParseNot());
        }

        return ParseComparison();
    }

    private InsightsNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Peek is { Kind: InsightsTokenKind.Symbol, Text: "=" or "==" or "!=" or "<" or ">" or "<=" or ">=" } op)
        {
            _position++;
            return new OperatorNode(op.Text == "==" ? "=" : op.Text, left, ParseAdditive());
        }

        if (AcceptSymbol("=~"))
        {
            return new OperatorNode("like", left, ParseAdditive());
        }

        var negated = false;
        var mark = _position;
        if (AcceptWord("not"))
        {
            negated = true;
        }

        InsightsNode? result = null;
        if (AcceptWord("like"))
        {
            result = new OperatorNode("like", left, ParseAdditive());
        }
        else if (AcceptWord("in"))
        {
            result = new OperatorNode("in", left, ParsePrimary());
        }
        else if (negated)
        {
            _position = mark;
            return left;
        }

        return result is null ? left : negated ? new NegationNode("not", result) : result;
    }

    private InsightsNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek is { Kind: InsightsTokenKind.Symbol, Text: "+" or "-" } op)
        {
            _position++;
            left = new OperatorNode(op.Text, left, ParseMultiplicative());
        }

        return left;
    }

    private InsightsNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Peek is { Kind: InsightsTokenKind.Symbol, Text: "*" or "/" or "%" } op)
        {
            _position++;
            left = new OperatorNode(op.Text, left, ParseUnary());
        }

        return left;
    }

    private InsightsNode ParseUnary() => AcceptSymbol("-") ? new NegationNode("-", ParseUnary()) : ParsePrimary();

    private InsightsNode ParsePrimary()
    {
        var token = Peek ?? throw new FormatException("Expression ends early");
        _position++;
        switch (token.Kind)
        {
            case InsightsTokenKind.Number:
                return new LiteralNode(double.Parse(token.Text, CultureInfo.InvariantCulture));
            case InsightsTokenKind.Duration:
                return new DurationNode(InsightsDuration.ToMilliseconds(token.Text), token.Text);
            case InsightsTokenKind.Text:
                return new LiteralNode(token.Text);
            case InsightsTokenKind.Regex:
                var ignoreCase = token.Text.StartsWith('i');
                return new RegexNode(token.Text[(token.Text.IndexOf('/', StringComparison.Ordinal) + 1)..], ignoreCase);
            case InsightsTokenKind.Symbol when token.Text == "(":
                var inner = ParseExpression();
                Expect(")");
                return inner;
            case InsightsTokenKind.Symbol when token.Text == "[":
                var items = new List<InsightsNode>();
                if (!AcceptSymbol("]"))
                {
                    do
                    {
                        items.Add(ParseExpression());
                    }
                    while (AcceptSymbol(","));
                    Expect("]");
                }

                return new ListNode(items);
            case InsightsTokenKind.Symbol when token.Text == "*":
                return new StarNode();
            case InsightsTokenKind.Word:
                if (AcceptSymbol("("))
                {
                    var arguments = new List<InsightsNode>();
                    if (!AcceptSymbol(")"))
                    {
                        do
                        {
                            arguments.Add(ParseExpression());
                        }
                        while (AcceptSymbol(","));
                        Expect(")");
                    }

                    return new FunctionNode(token.Text.ToLowerInvariant(), arguments);
                }

                return token.Text.ToLowerInvariant() switch
                {
                    "true" => new LiteralNode(true),
                    "false" => new LiteralNode(false),
                    "null" => new LiteralNode(null),
                    _ => new FieldNode(token.Text),
                };
            default:
                throw new FormatException($"Unexpected '{token.Text}'");
        }
    }

    private void Expect(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw new FormatException($"Expected '{symbol}' but found '{Peek?.Text ?? "end of query"}'");
        }
    }
}
