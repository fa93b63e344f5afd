using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Recursive-descent parser for JSONPath text, including filter expressions.</summary>
internal sealed class JsonPathParser(string text)
{
    private int _pos;

    public JsonPath ParseWholePath()
    {
        var isContext = text.StartsWith("$$", StringComparison.Ordinal);
        if (!text.StartsWith('$'))
        {
            throw Error("a path must start with '$'");
        }

        _pos = isContext ? 2 : 1;
        var segments = ParseSegments(stopAtFilterEnd: false);
        if (_pos != text.Length)
        {
            throw Error($"unexpected '{text[_pos]}'");
        }

        return new JsonPath(text, segments.ToArray(), isContext);
    }

    private List<JsonPathSegment> ParseSegments(bool stopAtFilterEnd)
    {
        var segments = new List<JsonPathSegment>();
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '.')
            {
                if (Peek(1) == '.')
                {
                    _pos += 2;
                    segments.Add(new RecursiveDescentSegment());
                    if (Peek(0) == '[')
                    {
                        continue;
                    }

                    segments.Add(ParseDotName());
                    continue;
                }

                _pos++;
                segments.Add(ParseDotName());
            }
            else if (c == '[')
            {
                segments.Add(ParseBracket());
            }
            else if (stopAtFilterEnd)
            {
                break;
            }
            else
            {
                throw Error($"unexpected '{c}'");
            }
        }

        return segments;
    }

    private JsonPathSegment ParseDotName()
    {
        if (Peek(0) == '*')
        {
            _pos++;
            return new WildcardSegment();
        }

        var start = _pos;
        // Step Functions allows dashes and most punctuation in dot names (e.g. $.detail-type).
        while (_pos < text.Length && text[_pos] is not ('.' or '[' or ' ' or ')' or '=' or '!' or '<' or '>' or '&' or '|' or ','))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error("empty name after '.'");
        }

        return new MemberSegment(text[start.._pos]);
    }

    private JsonPathSegment ParseBracket()
    {
        _pos++; // [
        SkipSpaces();
        JsonPathSegment segment;
        if (Peek(0) == '*')
        {
            _pos++;
            segment = new WildcardSegment();
        }
        else if (Peek(0) == '?')
        {
            _pos++;
            SkipSpaces();
            Expect('(');
            var filter = ParseOr();
            SkipSpaces();
            Expect(')');
            segment = new FilterSegment(filter);
        }
        else if (Peek(0) is '\'' or '"')
        {
            var names = new List<JsonPathSegment>();
            do
            {
                SkipSpaces();
                names.Add(new MemberSegment(ParseQuoted()));
                SkipSpaces();
            }
            while (TryConsume(','));

            segment = names.Count == 1 ? names[0] : new UnionSegment(names);
        }
        else
        {
            segment = ParseIndexOrSlice();
        }

        SkipSpaces();
        Expect(']');
        return segment;
    }

    private JsonPathSegment ParseIndexOrSlice()
    {
        var first = ParseOptionalInt();
        SkipSpaces();
        if (Peek(0) == ':')
        {
            _pos++;
            var end = ParseOptionalInt();
            var step = 1;
            if (TryConsume(':'))
            {
                step = ParseOptionalInt() ?? 1;
            }

            return new SliceSegment(first, end, step);
        }

        if (first is null)
        {
            throw Error("expected an index");
        }

        if (Peek(0) == ',')
        {
            var indexes = new List<JsonPathSegment> { new IndexSegment(first.Value) };
            while (TryConsume(','))
            {
                SkipSpaces();
                indexes.Add(new IndexSegment(ParseOptionalInt() ?? throw Error("expected an index")));
                SkipSpaces();
            }

            return new UnionSegment(indexes);
        }

        return new IndexSegment(first.Value);
    }

    private int? ParseOptionalInt()
    {
        SkipSpaces();
        var start = _pos;
        if (Peek(0) == '-')
        {
            _pos++;
        }

        while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
        {
            _pos++;
        }

        return _pos == start ? null : int.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture);
    }

    private string ParseQuoted()
    {
        var quote = text[_pos++];
        var sb = new StringBuilder();
        while (_pos < text.Length && text[_pos] != quote)
        {
            if (text[_pos] == '\\' && _pos + 1 < text.Length)
            {
                _pos++;
            }

            sb.Append(text[_pos++]);
        }

        Expect(quote);
        return sb.ToString();
    }

    private JsonPathFilter ParseOr()
    {
        var left = ParseAnd();
        while (TryConsumeOperator("||"))
        {
            left = new OrFilter(left, ParseAnd());
        }

        return left;
    }

    private JsonPathFilter ParseAnd()
    {
        var left = ParseUnary();
        while (TryConsumeOperator("&&"))
        {
            left = new AndFilter(left, ParseUnary());
        }

        return left;
    }

    private JsonPathFilter ParseUnary()
    {
        SkipSpaces();
        if (Peek(0) == '!' && Peek(1) != '=')
        {
            _pos++;
            return new NotFilter(ParseUnary());
        }

        if (Peek(0) == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipSpaces();
            Expect(')');
            return inner;
        }

        var left = ParseOperand();
        SkipSpaces();
        foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
        {
            if (TryConsumeOperator(op))
            {
                return new ComparisonFilter(left, op, ParseOperand());
            }
        }

        return new ExistsFilter(left);
    }

    private FilterOperand ParseOperand()
    {
        SkipSpaces();
        var c = Peek(0);
        if (c is '@' or '$')
        {
            _pos++;
            var segments = ParseSegments(stopAtFilterEnd: true);
            var path = new JsonPath(c + "…", segments.ToArray(), isContextPath: false);
            return new PathOperand(path, relativeToItem: c == '@');
        }

        if (c is '\'' or '"')
        {
            return new LiteralOperand(JsonValue.Create(ParseQuoted()));
        }

        var start = _pos;
        while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '-' or '+' or '.'))
        {
            _pos++;
        }

        var word = text[start.._pos];
        return word switch
        {
            "true" => new LiteralOperand(JsonValue.Create(true)),
            "false" => new LiteralOperand(JsonValue.Create(false)),
            "null" => new LiteralOperand(null),
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new LiteralOperand(JsonNode.Parse(word)),
            _ => throw Error($"unexpected '{word}' in filter"),
        };
    }

    private bool TryConsumeOperator(string op)
    {
        SkipSpaces();
        if (string.CompareOrdinal(text, _pos, op, 0, op.Length) == 0)
        {
            _pos += op.Length;
            return true;
        }

        return false;
    }

    private bool TryConsume(char c)
    {
        SkipSpaces();
        if (Peek(0) == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (Peek(0) != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < text.Length && text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private char Peek(int offset) => _pos + offset < text.Length ? text[_pos + offset] : '\0';

    private FormatException Error(string what) => new($"Invalid JSONPath '{text}' at position {_pos}: {what}");
}
