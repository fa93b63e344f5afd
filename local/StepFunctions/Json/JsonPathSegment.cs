using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One step of a compiled JSONPath; it maps each current node to the nodes it selects.</summary>
internal abstract class JsonPathSegment
{
    /// <summary>True when the step selects at most one node, so the whole path stays "definite" (no array result).</summary>
    public abstract bool IsDefinite { get; }

    public abstract void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into);
}

internal sealed class MemberSegment(string name) : JsonPathSegment
{
    public string Name { get; } = name;

    // Name as UTF-8, encoded once: looking a name up in a parsed element by its string transcodes it on every
    // lookup, and paths step through the parsed input in most states of every execution. Null for a name that is
    // not valid UTF-16 (a lone surrogate), which is looked up by its string as before.
    private readonly byte[]? _utf8Name = JsonValues.Utf8OrNull(name);

    /// <summary>The member's value in a parsed object (as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>).</summary>
    public bool TryGetFrom(JsonElement obj, out JsonElement value) =>
        _utf8Name is { } utf8 ? obj.TryGetProperty(utf8, out value) : obj.TryGetProperty(Name, out value);

    public override bool IsDefinite => true;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        if (current is JsonObject obj && obj.TryGetPropertyValue(Name, out var value))
        {
            into.Add(value);
        }
    }
}

internal sealed class IndexSegment(int index) : JsonPathSegment
{
    public int Index { get; } = index;

    public override bool IsDefinite => true;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        if (current is JsonArray array)
        {
            // Negative indexes count from the end, as Step Functions' JSONPath (Jayway) allows.
            var i = Index < 0 ? array.Count + Index : Index;
            if (i >= 0 && i < array.Count)
            {
                into.Add(array[i]);
            }
        }
    }
}

internal sealed class WildcardSegment : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        switch (current)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    into.Add(item);
                }

                break;
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    into.Add(pair.Value);
                }

                break;
        }
    }
}

internal sealed class UnionSegment(IReadOnlyList<JsonPathSegment> members) : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        foreach (var member in members)
        {
            member.Select(current, root, into);
        }
    }
}

internal sealed class SliceSegment(int? start, int? end, int step) : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        if (current is not JsonArray array || step == 0)
        {
            return;
        }

        var count = array.Count;
        int Normalize(int value) => value < 0 ? Math.Max(0, count + value) : Math.Min(count, value);
        if (step > 0)
        {
            var from = start is { } s ? Normalize(s) : 0;
            var to = end is { } e ? Normalize(e) : count;
            for (var i = from; i < to; i += step)
            {
                into.Add(array[i]);
            }
        }
        else
        {
            var from = start is { } s ? Math.Min(count - 1, s < 0 ? count + s : s) : count - 1;
            var to = end is { } e ? (e < 0 ? count + e : e) : -1;
            for (var i = from; i > to && i >= 0; i += step)
            {
                into.Add(array[i]);
            }
        }
    }
}

/// <summary>"..": the current node and every node below it, in document order; the next step then applies to each.</summary>
internal sealed class RecursiveDescentSegment : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into) => AddAll(current, into);

    private static void AddAll(JsonNode? node, List<JsonNode?> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    AddAll(item, into);
                }

                break;
            case JsonObject obj:
                foreach (var pair in obj)
                {
                    AddAll(pair.Value, into);
                }

                break;
        }
    }
}

internal sealed class FilterSegment(JsonPathFilter filter) : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Select(JsonNode? current, JsonNode? root, List<JsonNode?> into)
    {
        switch (current)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (filter.Matches(item, root))
                    {
                        into.Add(item);
                    }
                }

                break;
            case JsonObject obj when filter.Matches(obj, root):
                // Jayway tests a filter against an object itself (not its values), yielding [obj] when it holds.
                into.Add(obj);
                break;
        }
    }
}
