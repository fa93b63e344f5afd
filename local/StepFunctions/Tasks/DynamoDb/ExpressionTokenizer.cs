namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Splits DynamoDB condition/update expressions into tokens: names, #aliases, :values, numbers and operators.</summary>
internal sealed class ExpressionTokenizer
{
    private readonly List<string> _tokens = [];
    private int _index;

    public ExpressionTokenizer(string expression)
    {
        Expression = expression;
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetterOrDigit(c) || c is '#' or ':' or '_')
            {
                i++;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_'))
                {
                    i++;
                }
            }
            else if (c is '<' or '>' && i + 1 < expression.Length && expression[i + 1] is '=' or '>')
            {
                i += 2;
            }
            else
            {
                i++;
            }

            _tokens.Add(expression[start..i]);
        }
    }

    public string Expression { get; }

    public bool AtEnd => _index >= _tokens.Count;

    public string? Peek(int ahead = 0) => _index + ahead < _tokens.Count ? _tokens[_index + ahead] : null;

    public string Next() => _index < _tokens.Count ? _tokens[_index++] : throw Error("unexpected end of expression");

    public bool TryTake(string token)
    {
        if (string.Equals(Peek(), token, StringComparison.OrdinalIgnoreCase))
        {
            _index++;
            return true;
        }

        return false;
    }

    public void Expect(string token)
    {
        if (!TryTake(token))
        {
            throw Error($"expected '{token}' but found '{Peek() ?? "end"}'");
        }
    }

    public DynamoDbValidationException Error(string what) => new($"Invalid expression '{Expression}': {what}");
}
