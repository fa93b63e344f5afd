using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// A pattern object: every named field must match (AND) and, for each "$or" in it, one alternative must match.
/// When the event holds an array here, any one element has to match the whole object, so fields are never
/// combined from different array elements (EventBridge's array-consistent matching).
/// </summary>
internal sealed class ObjectPattern(
    IReadOnlyList<KeyValuePair<string, FieldPattern>> fields,
    IReadOnlyList<IReadOnlyList<ObjectPattern>> orGroups) : FieldPattern
{
    private readonly KeyValuePair<string, FieldPattern>[] _fields = [.. fields];
    private readonly ObjectPattern[][] _orGroups = [.. orGroups.Select(g => g.ToArray())];

    public override bool Matches(bool present, JsonNode? node) => Matches(node);

    public bool Matches(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            if (array.Count == 0)
            {
                return MatchesObject(null);
            }

            for (var i = 0; i < array.Count; i++)
            {
                if (Matches(array[i]))
                {
                    return true;
                }
            }

            return false;
        }

        // A scalar where the pattern expects an object has none of the pattern's fields.
        return MatchesObject(node as JsonObject);
    }

    private bool MatchesObject(JsonObject? obj)
    {
        foreach (var (name, field) in _fields)
        {
            JsonNode? child = null;
            var present = obj is not null && obj.TryGetPropertyValue(name, out child);
            if (!field.Matches(present, child))
            {
                return false;
            }
        }

        foreach (var alternatives in _orGroups)
        {
            if (!AnyAlternativeMatches(alternatives, obj))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyAlternativeMatches(ObjectPattern[] alternatives, JsonObject? obj)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.MatchesObject(obj))
            {
                return true;
            }
        }

        return false;
    }
}
