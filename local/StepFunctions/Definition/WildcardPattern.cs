using System.Text;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>StringMatches patterns: '*' matches any run of characters; '\*' is a literal star and '\\' a backslash.</summary>
internal sealed class WildcardPattern
{
    private readonly Regex _regex;

    public WildcardPattern(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else if (c == '*')
            {
                regex.Append(".*");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        // Compiled once per definition; Singleline so '*' also spans newlines.
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public bool Matches(string text) => _regex.IsMatch(text);
}
