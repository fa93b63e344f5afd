using System.Text;
using System.Text.Json;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// A pattern object: every named field must match (AND) and, for each "$or" in it, one alternative must match.
/// When the event holds an array here, any one element has to match the whole object, so fields are never
/// combined from different array elements (EventBridge's array-consistent matching).
/// </summary>
/// <remarks>
/// Matching reads the parsed event (<see cref="JsonElement"/>): looking a member up scans the parsed object in place,
/// where the JsonNode API would build a node and a name string for every member of the object on first access.
/// </remarks>
internal sealed class ObjectPattern(
    IReadOnlyList<KeyValuePair<string, FieldPattern>> fields,
    IReadOnlyList<IReadOnlyList<ObjectPattern>> orGroups) : FieldPattern
{
    private readonly Field[] _fields = [.. fields.Select(f => new Field(Encoding.UTF8.GetBytes(f.Key), f.Value, TopLevelMembers.SlotOf(f.Key)))];
    private readonly ObjectPattern[][] _orGroups = [.. orGroups.Select(g => g.ToArray())];

    /// <summary>What this object says about one of its fields; null when it names no such field.</summary>
    public FieldPattern? FieldNamed(string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        return _fields.FirstOrDefault(f => f.Utf8Name.AsSpan().SequenceEqual(utf8))?.Pattern;
    }

    public override bool Matches(bool present, JsonElement value) => Matches(value);

    /// <summary>
    /// Whether the event (a parsed object) matches this pattern as its root, reading "source", "detail-type" and
    /// "detail" from <paramref name="top"/> when it is complete (a lookup otherwise, as for any other name).
    /// </summary>
    public bool MatchesEvent(JsonElement @event, in TopLevelMembers top) => MatchesObject(@event, top);

    public bool Matches(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            if (value.GetArrayLength() == 0)
            {
                return MatchesObject(default);
            }

            foreach (var item in value.EnumerateArray())
            {
                if (Matches(item))
                {
                    return true;
                }
            }

            return false;
        }

        // A scalar (or null, or an absent field) where the pattern expects an object has none of the pattern's fields.
        return MatchesObject(value);
    }

    private bool MatchesObject(JsonElement value) => MatchesObject(value, default);

    /// <param name="top">Complete only for the event's own object (the root and its "$or" alternatives): the values of
    /// its top-level names, found beforehand; default everywhere below it.</param>
    private bool MatchesObject(JsonElement value, in TopLevelMembers top)
    {
        var isObject = value.ValueKind == JsonValueKind.Object;
        var fromPass = top.IsComplete;
        foreach (var field in _fields)
        {
            JsonElement child = default;
            bool present;
            if (fromPass && field.TopLevelSlot != 0)
            {
                child = top[field.TopLevelSlot];
                present = child.ValueKind != JsonValueKind.Undefined;
            }
            else
            {
                // A repeated name reads its last value, as JsonElement and the state machines' paths do.
                present = isObject && value.TryGetProperty(field.Utf8Name, out child);
            }

            if (!field.Pattern.Matches(present, child))
            {
                return false;
            }
        }

        foreach (var alternatives in _orGroups)
        {
            if (!AnyAlternativeMatches(alternatives, value, top))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnyAlternativeMatches(ObjectPattern[] alternatives, JsonElement value, in TopLevelMembers top)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.MatchesObject(value, top))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A pattern field with its name as UTF-8, the form the parsed event is searched in, and its <see cref="TopLevelMembers.SlotOf"/>.</summary>
    private sealed record Field(byte[] Utf8Name, FieldPattern Pattern, int TopLevelSlot);
}
