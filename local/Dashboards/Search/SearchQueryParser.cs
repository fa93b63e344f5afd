using System.Text;
using BatchRuntimeMonitor.Local.Dashboards.Metrics;

namespace BatchRuntimeMonitor.Local.Dashboards.Search;

/// <summary>Parses the first argument of SEARCH(...) into a <see cref="SearchQuery"/>.</summary>
public static class SearchQueryParser
{
    public static SearchQuery Parse(string text)
    {
        var rest = text.Trim();
        string? schemaNamespace = null;
        List<string>? schemaDimensions = null;
        if (rest.StartsWith('{'))
        {
            var close = rest.IndexOf('}', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"Unclosed schema in search expression: {text}");
            }

            var parts = SplitSchema(rest[1..close]);
            schemaNamespace = parts[0];
            schemaDimensions = parts.Skip(1).ToList();
            rest = rest[(close + 1)..];
        }

        var tokens = Tokenize(rest);
        var position = 0;
        var predicate = tokens.Count == 0 ? (_ => true) : ParseOr(tokens, ref position);
        if (position != tokens.Count)
        {
            throw new FormatException($"Unexpected '{tokens[position].Text}' in search expression: {text}");
        }

        return new SearchQuery(schemaNamespace, schemaDimensions, predicate);
    }

    private static List<string> SplitSchema(string inner) =>
        inner.Split(',').Select(p => p.Trim().Trim('"')).Where(p => p.Length > 0).ToList();

    private static Func<MetricIdentity, bool> ParseOr(List<Token> tokens, ref int position)
    {
        var left = ParseAnd(tokens, ref position);
        while (position < tokens.Count && tokens[position].IsKeyword("OR"))
        {
            position++;
            var l = left;
            var r = ParseAnd(tokens, ref position);
            left = m => l(m) || r(m);
        }

        return left;
    }

    private static Func<MetricIdentity, bool> ParseAnd(List<Token> tokens, ref int position)
    {
        var left = ParseNot(tokens, ref position);
        while (position < tokens.Count && !tokens[position].IsKeyword("OR") && tokens[position].Text != ")")
        {
            if (tokens[position].IsKeyword("AND"))
            {
                position++;
            }

            var l = left;
            var r = ParseNot(tokens, ref position);
            left = m => l(m) && r(m);
        }

        return left;
    }

    private static Func<MetricIdentity, bool> ParseNot(List<Token> tokens, ref int position)
    {
        if (position < tokens.Count && tokens[position].IsKeyword("NOT"))
        {
            position++;
            var inner = ParseNot(tokens, ref position);
            return m => !inner(m);
        }

        if (position < tokens.Count && tokens[position].Text == "(" && !tokens[position].Quoted)
        {
            position++;
            var inner = ParseOr(tokens, ref position);
            if (position >= tokens.Count || tokens[position].Text != ")")
            {
                throw new FormatException("Missing ')' in search expression");
            }

            position++;
            return inner;
        }

        if (position >= tokens.Count)
        {
            throw new FormatException("Search expression ends early");
        }

        var term = tokens[position++];
        if (position + 1 < tokens.Count && tokens[position].Text == "=" && !tokens[position].Quoted)
        {
            var value = tokens[position + 1];
            position += 2;
            return PropertyTerm(term.Text, value);
        }

        return m => FreeText(m, term);
    }

    private static Func<MetricIdentity, bool> PropertyTerm(string property, Token value)
    {
        bool Match(string? candidate) => candidate is not null && (value.Quoted
            ? candidate == value.Text
            : ContainsToken(candidate, value.Text));

        return property switch
        {
            "MetricName" => m => Match(m.Name),
            "Namespace" => m => Match(m.Namespace),
            _ => m => Match(m.DimensionValue(property)),
        };
    }

    private static bool FreeText(MetricIdentity metric, Token term)
    {
        var candidates = new[] { metric.Namespace, metric.Name }
            .Concat(metric.Dimensions.SelectMany(d => new[] { d.Key, d.Value }));
        return term.Quoted
            ? candidates.Any(c => c.Contains(term.Text, StringComparison.Ordinal))
            : candidates.Any(c => ContainsToken(c, term.Text));
    }

    /// <summary>CloudWatch matches bare terms against the tokens of a name (split on punctuation and case changes); a substring test is a close, simpler stand-in.</summary>
    private static bool ContainsToken(string candidate, string term) =>
        candidate.Contains(term, StringComparison.OrdinalIgnoreCase);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '=')
            {
                tokens.Add(new Token(c.ToString(), false));
                i++;
            }
            else if (c == '"')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i++]);
                }

                i++;
                tokens.Add(new Token(builder.ToString(), true));
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or '=' or '"'))
                {
                    i++;
                }

                tokens.Add(new Token(text[start..i], false));
            }
        }

        return tokens;
    }

    private sealed record Token(string Text, bool Quoted)
    {
        public bool IsKeyword(string keyword) => !Quoted && Text == keyword;
    }
}
