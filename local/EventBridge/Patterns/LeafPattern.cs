using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// A pattern value array such as ["a", {"prefix": "b"}, {"exists": false}]: the field matches when any entry does.
/// EventBridge treats events as flattened leaves, so an object is "not a leaf" (as if absent), and an array
/// contributes each of its scalars (nested arrays too); exists:true needs at least one scalar, exists:false none.
/// </summary>
internal sealed class LeafPattern(IReadOnlyList<ValueMatcher> matchers, bool existsTrue, bool existsFalse) : FieldPattern
{
    private readonly ValueMatcher[] _matchers = [.. matchers];

    public override bool Matches(bool present, JsonNode? node)
    {
        if (!present || node is JsonObject)
        {
            return existsFalse;
        }

        if (node is JsonArray array)
        {
            var hasLeaf = false;
            if (AnyLeafMatches(array, ref hasLeaf))
            {
                return true;
            }

            return hasLeaf ? existsTrue : existsFalse;
        }

        return existsTrue || MatchesScalar(node);
    }

    private bool AnyLeafMatches(JsonArray array, ref bool hasLeaf)
    {
        for (var i = 0; i < array.Count; i++)
        {
            var element = array[i];
            switch (element)
            {
                case JsonObject:
                    continue;
                case JsonArray nested:
                    if (AnyLeafMatches(nested, ref hasLeaf))
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

    private bool MatchesScalar(JsonNode? node)
    {
        var value = LeafReader.Read(node);
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
