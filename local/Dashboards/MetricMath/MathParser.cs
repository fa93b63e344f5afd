using System.Globalization;
using System.Text;

namespace BatchRuntimeMonitor.Local.Dashboards.MetricMath;

/// <summary>Recursive-descent parser for metric math: OR &lt; AND &lt; comparison &lt; + - &lt; * / &lt; ^ &lt; unary.</summary>
public sealed class MathParser
{
    private readonly List<string> _tokens;
    private readonly HashSet<int> _quoted = new();
    private int _position;

    private MathParser(string text)
    {
        _tokens = Tokenize(text, _quoted);
    }

    public static MathNode Parse(string text)
    {
        var parser = new MathParser(text);
        var node = parser.ParseOr();
        if (parser._position != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._position]}' in expression: {text}");
        }

        return node;
    }

    private MathNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept("OR", "||"))
        {
            left = new BinaryNode("OR", left, ParseAnd());
        }

        return left;
    }

    private MathNode ParseAnd()
    {
        var left = ParseComparison();
        while (Accept("AND", "&&"))
        {
            left = new BinaryNode("AND", left, ParseComparison());
        }

        return left;
    }

    private MathNode ParseComparison()
    {
        var left = ParseAdditive();
        while (Peek() is ">" or "<" or ">=" or "<=" or "==" or "!=" && !IsQuoted())
        {
            var op = _tokens[_position++];
            left = new BinaryNode(op, left, ParseAdditive());
        }

        return left;
    }

    private MathNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Peek() is "+" or "-" && !IsQuoted())
        {
            var op = _tokens[_position++];
            left = new BinaryNode(op, left, ParseMultiplicative());
        }

        return left;
    }

    private MathNode ParseMultiplicative()
    {
        var left = ParsePower();
        while (Peek() is "*" or "/" && !IsQuoted())
        {
            var op = _tokens[_position++];
            left = new BinaryNode(op, left, ParsePower());
        }

        return left;
    }

    private MathNode ParsePower()
    {
        var left = ParseUnary();
        if (Peek() == "^" && !IsQuoted())
        {
            _position++;
            return new BinaryNode("^", left, ParsePower());
        }

        return left;
    }

    private MathNode ParseUnary()
    {
        if (Accept("-"))
        {
            return new UnaryNode("-", ParseUnary());
        }

        if (Accept("NOT", "!"))
        {
            return new UnaryNode("NOT", ParseUnary());
        }

        return ParsePrimary();
    }

    private MathNode ParsePrimary()
    {
        var token = Peek() ?? throw new FormatException("Expression ends early");
        if (IsQuoted())
        {
            _position++;
            return new TextNode(token);
        }

        _position++;
        if (token == "(")
        {
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new NumberNode(number);
        }

        if (!char.IsLetter(token[0]) && token[0] != '_')
        {
            throw new FormatException($"Unexpected '{token}' in expression");
        }

        if (Peek() == "(" && !IsQuoted())
        {
            _position++;
            var arguments = new List<MathNode>();
            if (!Accept(")"))
            {
                do
                {
                    arguments.Add(ParseOr());
                }
                while (Accept(","));
                Expect(")");
            }

            return new CallNode(token.ToUpperInvariant(), arguments);
        }

        return new ReferenceNode(token);
    }

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private bool IsQuoted() => _quoted.Contains(_position);

    private bool Accept(params string[] options)
    {
        if (Peek() is { } token && !IsQuoted() && options.Contains(token))
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"Expected '{token}' but found '{Peek() ?? "end"}'");
        }
    }

    private static List<string> Tokenize(string text, HashSet<int> quoted)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i++]);
                }

                if (i >= text.Length)
                {
                    throw new FormatException("Unterminated string in expression");
                }

                i++;
                quoted.Add(tokens.Count);
                tokens.Add(builder.ToString());
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                if (two is ">=" or "<=" or "==" or "!=" or "&&" or "||")
                {
                    tokens.Add(two);
                    i += 2;
                }
                else
                {
                    tokens.Add(c.ToString());
                    i++;
                }
            }
        }

        return tokens;
    }
}
