using System.Text;

namespace BatchRuntimeMonitor.Local.Dashboards.LogsInsights;

public enum InsightsTokenKind
{
    Word,
    Number,
    Duration,
    Text,
    Regex,
    Symbol,
}

public sealed record InsightsToken(InsightsTokenKind Kind, string Text, int Start, int End);

/// <summary>Splits a Logs Insights command's arguments into tokens; a '/' starts a regex only where an operand is expected.</summary>
public static class InsightsTokenizer
{
    private static readonly string[] TwoCharSymbols = ["==", "!=", "<=", ">=", "=~"];

    public static List<InsightsToken> Tokenize(string text)
    {
        var tokens = new List<InsightsToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"' or '`')
            {
                var value = ReadQuoted(text, ref i, c);
                tokens.Add(new InsightsToken(c == '`' ? InsightsTokenKind.Word : InsightsTokenKind.Text, value, start, i));
            }
            else if (c == '/' && ExpectsOperand(tokens))
            {
                var value = ReadQuoted(text, ref i, '/');
                var flags = i < text.Length && text[i] == 'i' ? "i" : "";
                i += flags.Length;
                tokens.Add(new InsightsToken(InsightsTokenKind.Regex, flags + "/" + value, start, i));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                var unitStart = i;
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }

                tokens.Add(new InsightsToken(unitStart == i ? InsightsTokenKind.Number : InsightsTokenKind.Duration, text[start..i], start, i));
            }
            else if (char.IsLetter(c) || c is '@' or '_' or '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '@' or '_' or '.' or '$' or '-' && IsWordContinuation(text, i)))
                {
                    i++;
                }

                tokens.Add(new InsightsToken(InsightsTokenKind.Word, text[start..i], start, i));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var symbol = TwoCharSymbols.Contains(two) ? two : c.ToString();
                i += symbol.Length;
                tokens.Add(new InsightsToken(InsightsTokenKind.Symbol, symbol, start, i));
            }
        }

        return tokens;
    }

    /// <summary>A '-' belongs to a word only between letters (e.g. a log field with a dash), never as subtraction with spaces.</summary>
    private static bool IsWordContinuation(string text, int i) =>
        text[i] != '-' || (i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > 0 && char.IsLetter(text[i - 1]));

    private static bool ExpectsOperand(List<InsightsToken> tokens) =>
        tokens.Count == 0
        || (tokens[^1].Kind == InsightsTokenKind.Symbol && tokens[^1].Text is not (")" or "]"))
        || (tokens[^1].Kind == InsightsTokenKind.Word && tokens[^1].Text.ToLowerInvariant() is "like" or "and" or "or" or "not" or "by" or "filter");

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var builder = new StringBuilder();
        i++;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length && quote != '/')
            {
                i++;
            }
            else if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i++;
            }

            builder.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new FormatException($"Unterminated {quote} in query");
        }

        i++;
        return builder.ToString();
    }
}
