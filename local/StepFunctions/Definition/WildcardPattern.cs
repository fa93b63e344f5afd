using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// StringMatches patterns: '*' matches any run of characters; '\*' is a literal star and '\\' a backslash (a
/// backslash escapes whatever follows it; a trailing one is itself).
/// </summary>
/// <remarks>
/// The pattern is its literal runs between stars: the text must start with the first, end with the last and hold
/// the others in order between them (leftmost occurrences suffice, as '*' matches anything). That is what the
/// anchored regex "^run.*run...$" (Singleline, ordinal) matched, without a regex. A parsed JSON string without
/// escapes is matched on its UTF-8 bytes in place (the Choice states' StringMatches on every event): UTF-8 is
/// self-synchronising, so a run of valid text occurs in the bytes exactly where it occurs in the characters.
/// </remarks>
internal sealed class WildcardPattern
{
    private readonly char[][] _runs;

    // The runs as UTF-8, or null when one is not valid UTF-16 (a lone surrogate): such a pattern matches strings only.
    private readonly byte[][]? _utf8Runs;

    public WildcardPattern(string pattern)
    {
        var runs = new List<string>();
        var run = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                run.Append(pattern[++i]);
            }
            else if (c == '*')
            {
                runs.Add(run.ToString());
                run.Clear();
            }
            else
            {
                run.Append(c);
            }
        }

        runs.Add(run.ToString());
        _runs = runs.Select(r => r.ToCharArray()).ToArray();
        var utf8 = runs.Select(JsonValues.Utf8OrNull).ToArray();
        _utf8Runs = Array.TrueForAll(utf8, r => r is not null) ? utf8.Select(r => r!).ToArray() : null;
    }

    public bool Matches(string text) => Matches(text.AsSpan(), _runs);

    /// <summary>Whether <paramref name="node"/> is a JSON string that matches; a parsed one is read without making its string.</summary>
    public bool MatchesValue(JsonNode? node)
    {
        if (_utf8Runs is not null && ParsedStrings.TryGetUnescapedUtf8(node, out var content))
        {
            return Matches(content, _utf8Runs);
        }

        return JsonValues.TryGetString(node, out var text) && Matches(text);
    }

    private static bool Matches<T>(ReadOnlySpan<T> text, T[][] runs)
        where T : IEquatable<T>
    {
        var first = runs[0].AsSpan();
        if (runs.Length == 1)
        {
            return text.SequenceEqual(first);
        }

        var last = runs[^1].AsSpan();
        if (text.Length < first.Length + last.Length || !text.StartsWith(first) || !text.EndsWith(last))
        {
            return false;
        }

        var middle = text[first.Length..^last.Length];
        for (var i = 1; i < runs.Length - 1; i++)
        {
            var run = runs[i].AsSpan();
            var at = middle.IndexOf(run);
            if (at < 0)
            {
                return false;
            }

            middle = middle[(at + run.Length)..];
        }

        return true;
    }
}
