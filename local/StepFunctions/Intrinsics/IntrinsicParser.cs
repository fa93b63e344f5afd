using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Parses intrinsic function text: States.Name(arg, ...) with string, number, boolean, null, path and call arguments.</summary>
internal sealed class IntrinsicParser(string text)
{
    private int _pos;

    public IntrinsicCall ParseWholeCall()
    {
        var call = ParseCall();
        SkipSpaces();
        if (_pos != text.Length)
        {
            throw Error("unexpected text after the call");
        }

        return call;
    }

    private IntrinsicCall ParseCall()
    {
        var start = _pos;
        while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '.'))
        {
            _pos++;
        }

        var name = text[start.._pos];
        SkipSpaces();
        Expect('(');
        var arguments = new List<IntrinsicArgument>();
        SkipSpaces();
        if (Peek() != ')')
        {
            do
            {
                arguments.Add(ParseArgument());
                SkipSpaces();
            }
            while (TryConsume(','));
        }

        Expect(')');
        return new IntrinsicCall(text[start.._pos], name, arguments);
    }

    private IntrinsicArgument ParseArgument()
    {
        SkipSpaces();
        var c = Peek();
        if (c == '\'')
        {
            return ParseString();
        }

        if (c == '$')
        {
            var start = _pos;
            var depth = 0;
            // A path runs to the next top-level ',' or ')'; brackets may hold commas (unions) or quotes.
            while (_pos < text.Length)
            {
                var ch = text[_pos];
                if (ch == '[')
                {
                    depth++;
                }
                else if (ch == ']')
                {
                    depth--;
                }
                else if (depth == 0 && ch is ',' or ')')
                {
                    break;
                }

                _pos++;
            }

            return new PathArgument(JsonPath.Parse(text[start.._pos].TrimEnd()));
        }

        if (text.AsSpan(_pos).StartsWith("States.", StringComparison.Ordinal))
        {
            return new CallArgument(ParseCall());
        }

        var wordStart = _pos;
        while (_pos < text.Length && text[_pos] is not (',' or ')' or ' '))
        {
            _pos++;
        }

        var word = text[wordStart.._pos];
        return word switch
        {
            "true" => new LiteralArgument(JsonValue.Create(true)),
            "false" => new LiteralArgument(JsonValue.Create(false)),
            "null" => new LiteralArgument(null),
            _ when double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new LiteralArgument(JsonNode.Parse(word)),
            _ => throw Error($"unexpected argument '{word}'"),
        };
    }

    private StringArgument ParseString()
    {
        _pos++; // opening quote
        var value = new StringBuilder();
        var start = _pos;
        while (_pos < text.Length && text[_pos] != '\'')
        {
            // Escapes: \' \{ \} \\ stand for the character itself.
            if (text[_pos] == '\\' && _pos + 1 < text.Length)
            {
                _pos++;
            }

            value.Append(text[_pos++]);
        }

        var raw = text[start.._pos];
        Expect('\'');
        return new StringArgument(value.ToString(), raw);
    }

    private bool TryConsume(char c)
    {
        SkipSpaces();
        if (Peek() == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek() != c)
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

    private char Peek() => _pos < text.Length ? text[_pos] : '\0';

    private FormatException Error(string what) => new($"Invalid intrinsic function '{text}' at position {_pos}: {what}");
}
