using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Tests.Deployment.Support;

/// <summary>
/// A small EventBridge pattern matcher for the operators template.yaml uses (exact values, prefix, suffix,
/// wildcard, anything-but, exists, $or). The full matcher lives in local/EventBridge; this one only lets the
/// deployment tests say which rule a sample event reaches, without depending on it.
/// </summary>
public static class EventPatternMatcher
{
    public static bool Matches(JsonObject pattern, JsonNode? evt)
    {
        foreach (var (key, expected) in pattern)
        {
            if (key == "$or")
            {
                if (!expected!.AsArray().Any(alternative => Matches(alternative!.AsObject(), evt)))
                {
                    return false;
                }

                continue;
            }

            var actual = evt is JsonObject o && o.TryGetPropertyValue(key, out var v) ? v : null;
            var matched = expected switch
            {
                JsonObject nested => actual is JsonObject && Matches(nested, actual),
                JsonArray alternatives => MatchesAny(alternatives, actual, evt is JsonObject parent && parent.ContainsKey(key)),
                _ => throw new InvalidOperationException($"pattern field '{key}' must be an object or an array"),
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesAny(JsonArray alternatives, JsonNode? actual, bool present)
    {
        var values = actual switch
        {
            JsonArray array => array.Select(Leaf).ToList(),
            JsonObject => [],
            null => [],
            _ => [Leaf(actual)],
        };

        foreach (var alternative in alternatives)
        {
            if (alternative is JsonObject op)
            {
                if (op["exists"] is JsonValue exists)
                {
                    if ((bool)exists == present)
                    {
                        return true;
                    }

                    continue;
                }

                if (values.Any(value => Operator(op, value)))
                {
                    return true;
                }
            }
            else if (values.Contains(Leaf(alternative)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Leaf(JsonNode? node) => node?.ToJsonString();

    private static bool Operator(JsonObject op, string? leaf)
    {
        var text = leaf is not null && leaf.StartsWith('"') ? JsonNode.Parse(leaf)!.GetValue<string>() : null;
        var (name, argument) = op.Single();
        return name switch
        {
            "prefix" => text is not null && text.StartsWith((string)argument!, StringComparison.Ordinal),
            "suffix" => text is not null && text.EndsWith((string)argument!, StringComparison.Ordinal),
            "wildcard" => text is not null && Regex.IsMatch(text, "^" + string.Join(".*", ((string)argument!).Split('*').Select(Regex.Escape)) + "$", RegexOptions.Singleline),
            "anything-but" => argument is JsonArray list ? !list.Select(Leaf).Contains(leaf) : Leaf(argument) != leaf,
            _ => throw new NotSupportedException($"pattern operator '{name}' is not supported by this test matcher"),
        };
    }
}
