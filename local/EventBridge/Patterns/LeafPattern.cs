using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// A pattern value array such as ["a", {"prefix": "b"}, {"exists": false}]: the field matches when any entry does.
/// EventBridge treats events as flattened leaves, so an object is "not a leaf" (as if absent), and an array
/// contributes each of its scalars (nested arrays too); exists:true needs at least one scalar, exists:false none.
/// </summary>
internal sealed class LeafPattern(IReadOnlyList<ValueMatcher> matchers, bool existsTrue, bool existsFalse) : FieldPattern
{
    private readonly ValueMatcher[] _matchers = [.. matchers];

    /// <summary>
    /// The strings this field must equal when the pattern lists exact strings only (["a", "b"]): a string value
    /// matches exactly when it is one of them. Null for any other pattern (a filter, a number, exists).
    /// </summary>
    public IReadOnlyList<string>? ExactStrings =>
        !existsTrue && !existsFalse && _matchers.All(m => m is ExactStringMatcher)
            ? [.. _matchers.Cast<ExactStringMatcher>().Select(m => m.Expected)]
            : null;

    public override bool Matches(bool present, JsonElement value)
    {
        if (!present || value.ValueKind == JsonValueKind.Object)
        {
            return existsFalse;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var hasLeaf = false;
            if (AnyLeafMatches(value, ref hasLeaf))
            {
                return true;
            }

            return hasLeaf ? existsTrue : existsFalse;
        }

        return existsTrue || MatchesScalar(value);
    }

    private bool AnyLeafMatches(JsonElement array, ref bool hasLeaf)
    {
        foreach (var element in array.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    continue;
                case JsonValueKind.Array:
                    if (AnyLeafMatches(element, ref hasLeaf))
                    {
                        return true;
                    }

                    continue;
                default:
                    hasLeaf = true;
                    if (existsTrue || MatchesScalar(element))
                    {
                        return true;
                    }

                    continue;
            }
        }

        return false;
    }

    private bool MatchesScalar(JsonElement element)
    {
        var value = LeafReader.Read(element);
        foreach (var matcher in _matchers)
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
