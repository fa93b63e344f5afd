using System.Text;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// {"wildcard": "a*b"}: '*' matches any run of characters, "\*" is a literal star and "\\" a literal backslash.
/// EventBridge rejects "**" and any other escape, so this does too. With '*' as the only wildcard, taking the
/// leftmost occurrence of each middle segment is always a correct match, so no backtracking is needed.
/// </summary>
internal sealed class WildcardMatcher : ValueMatcher
{
    private readonly byte[][] _segments;
    private readonly bool _startsWithStar;
    private readonly bool _endsWithStar;

    public WildcardMatcher(string pattern)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var previousWasStar = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length || (pattern[i + 1] != '*' && pattern[i + 1] != '\\'))
                {
                    throw new EventPatternException($"wildcard \"{pattern}\": a backslash may only escape '*' or '\\'");
                }

                current.Append(pattern[++i]);
                previousWasStar = false;
            }
            else if (c == '*')
            {
                if (previousWasStar)
                {
                    throw new EventPatternException($"wildcard \"{pattern}\": consecutive '*' characters are not allowed");
                }

                if (i == 0)
                {
                    _startsWithStar = true;
                }
                else
                {
                    segments.Add(current.ToString());
                }

                current.Clear();
                previousWasStar = true;
                _endsWithStar = i == pattern.Length - 1;
            }
            else
            {
                current.Append(c);
                previousWasStar = false;
            }
        }

        if (!_endsWithStar)
        {
            segments.Add(current.ToString());
        }

        _segments = [.. segments.Select(System.Text.Encoding.UTF8.GetBytes)];
    }

    public override bool Matches(LeafValue value) => value.IsString && MatchesText(value.Utf8());

    /// <summary>Works on UTF-8: a literal segment of valid UTF-8 can only match at character boundaries.</summary>
    private bool MatchesText(ReadOnlySpan<byte> text)
    {
        if (_segments.Length == 0)
        {
            // The pattern was "*" (or empty): "*" matches everything, "" only the empty string.
            return _startsWithStar || text.IsEmpty;
        }

        var first = 0;
        var last = _segments.Length - 1;
        if (!_startsWithStar)
        {
            if (!text.StartsWith(_segments[0]))
            {
                return false;
            }

            if (last == 0 && !_endsWithStar)
            {
                return text.Length == _segments[0].Length;
            }

            text = text[_segments[0].Length..];
            first = 1;
        }

        if (!_endsWithStar && last >= first)
        {
            if (!text.EndsWith(_segments[last]))
            {
                return false;
            }

            text = text[..^_segments[last].Length];
            last--;
        }

        for (var i = first; i <= last; i++)
        {
            var at = text.IndexOf(_segments[i]);
            if (at < 0)
            {
                return false;
            }

            text = text[(at + _segments[i].Length)..];
        }

        return true;
    }
}
