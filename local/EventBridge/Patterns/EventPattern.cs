using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Patterns;

/// <summary>
/// An EventBridge event pattern, compiled once and matched against many events (the local replay runs every
/// rule for every event). Semantics follow "Content filtering in Amazon EventBridge event patterns": exact
/// values, prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, cidr, exists and $or.
/// </summary>
public sealed class EventPattern
{
    private readonly ObjectPattern _root;

    private EventPattern(JsonObject source, ObjectPattern root)
    {
        Source = source;
        _root = root;
    }

    /// <summary>The pattern JSON as given (a private copy).</summary>
    public JsonObject Source { get; }

    /// <exception cref="EventPatternException">The pattern is not one EventBridge would accept.</exception>
    public static EventPattern Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new EventPatternException($"event pattern is not JSON: {e.Message}", e);
        }

        return Parse(node);
    }

    /// <exception cref="EventPatternException">The pattern is not one EventBridge would accept.</exception>
    public static EventPattern Parse(JsonNode? pattern)
    {
        if (pattern is not JsonObject obj)
        {
            throw new EventPatternException("an event pattern must be a JSON object");
        }

        var copy = obj.DeepClone().AsObject();
        return new EventPattern(copy, PatternCompiler.CompileObject(copy, string.Empty));
    }

    /// <summary>Whether the parsed event matches: the replay's path, which reads the event where it was parsed.</summary>
    public bool Matches(JsonElement @event) => @event.ValueKind == JsonValueKind.Object && _root.Matches(@event);

    /// <summary>
    /// Whether the parsed event matches, with its "source", "detail-type" and "detail" already found in a pass over its
    /// members (<paramref name="top"/>; looked up as usual when the pass is not complete): the same answer as
    /// <see cref="Matches(JsonElement)"/>, without searching the event for them once per rule.
    /// </summary>
    public bool Matches(JsonElement @event, in TopLevelMembers top) => @event.ValueKind == JsonValueKind.Object && _root.MatchesEvent(@event, top);

    /// <summary>Whether an event held as a JsonNode (built in code, or parsed) matches; it is written out and parsed once for it.</summary>
    public bool Matches(JsonNode? @event) => @event is JsonObject && Matches(EventElement.Of(@event));

    /// <summary>
    /// The strings a top-level field of a matching event must equal, when the pattern lists exact strings only for it
    /// ({"source": ["aws.batch"]}); null otherwise. For indexing rules by what they can match, never instead of matching.
    /// </summary>
    internal IReadOnlyList<string>? ExactStringsOf(string topLevelField) => (_root.FieldNamed(topLevelField) as LeafPattern)?.ExactStrings;

    public override string ToString() => Source.ToJsonString();
}
