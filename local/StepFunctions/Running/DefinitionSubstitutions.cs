using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// CloudFormation-style DefinitionSubstitutions: replaces ${KEY} placeholders inside JSON strings of a definition
/// (never outside strings, as CloudFormation does) and reports the placeholders it could not fill.
/// </summary>
public static class DefinitionSubstitutions
{
    public static SubstitutionResult Apply(string definitionText, IReadOnlyDictionary<string, string> substitutions)
    {
        ArgumentNullException.ThrowIfNull(definitionText);
        ArgumentNullException.ThrowIfNull(substitutions);
        var output = new StringBuilder(definitionText.Length);
        var unknown = new List<string>();
        var inString = false;
        for (var i = 0; i < definitionText.Length; i++)
        {
            var c = definitionText[i];
            if (!inString)
            {
                inString = c == '"';
                output.Append(c);
                continue;
            }

            if (c == '\\' && i + 1 < definitionText.Length)
            {
                output.Append(c).Append(definitionText[++i]);
                continue;
            }

            if (c == '"')
            {
                inString = false;
                output.Append(c);
                continue;
            }

            var end = c == '$' && i + 1 < definitionText.Length && definitionText[i + 1] == '{' ? definitionText.IndexOf('}', i + 2) : -1;
            var name = end > 0 ? definitionText[(i + 2)..end] : null;
            if (name is not null && IsPlaceholderName(name))
            {
                if (substitutions.TryGetValue(name, out var value))
                {
                    // The value lands inside a JSON string, so it is escaped as JSON string content.
                    var encoded = JsonSerializer.Serialize(value, JsonValues.Compact);
                    output.Append(encoded, 1, encoded.Length - 2);
                }
                else
                {
                    if (!unknown.Contains(name))
                    {
                        unknown.Add(name);
                    }

                    output.Append(definitionText, i, end - i + 1);
                }

                i = end;
                continue;
            }

            output.Append(c);
        }

        return new SubstitutionResult(output.ToString(), unknown);
    }

    private static bool IsPlaceholderName(string name) =>
        name.Length > 0 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.' or ':');
}

/// <summary>The substituted text and the placeholder names that had no value (left in place).</summary>
public sealed record SubstitutionResult(string Text, IReadOnlyList<string> UnknownPlaceholders);
