using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A compiled JSONPath as Step Functions evaluates it (Jayway semantics). Compiled once per distinct text and
/// cached, because definitions reuse the same few paths on every event.
/// </summary>
internal sealed class JsonPath
{
    private static readonly ConcurrentDictionary<string, JsonPath> Cache = new(StringComparer.Ordinal);

    private readonly JsonPathSegment[] _segments;

    internal JsonPath(string text, JsonPathSegment[] segments, bool isContextPath)
    {
        Text = text;
        _segments = segments;
        IsContextPath = isContextPath;
        IsDefinite = Array.TrueForAll(segments, s => s.IsDefinite);
        ReadsExecutionInput = isContextPath && segments.Length >= 2
            && segments[0] is MemberSegment { Name: "Execution" } && segments[1] is MemberSegment { Name: "Input" };
        IsExecutionInput = ReadsExecutionInput && segments.Length == 2;
    }

    /// <summary>"$$.Execution.Input" itself: the whole execution input.</summary>
    public bool IsExecutionInput { get; }

    /// <summary>"$$.Execution.Input..." paths, which are answered from the execution input without building the context.</summary>
    public bool ReadsExecutionInput { get; }

    public string Text { get; }

    /// <summary>"$$..." paths read the context object rather than the state's input.</summary>
    public bool IsContextPath { get; }

    /// <summary>Definite paths select one value; the others (wildcards, filters, slices, unions, ..) yield an array.</summary>
    public bool IsDefinite { get; }

    public bool IsRoot => _segments.Length == 0;

    internal IReadOnlyList<JsonPathSegment> Segments => _segments;

    /// <summary>Compiles (or fetches the cached) path; throws <see cref="FormatException"/> on bad syntax.</summary>
    public static JsonPath Parse(string text) => Cache.GetOrAdd(text, static t => new JsonPathParser(t).ParseWholePath());

    public static bool IsPathSyntax(string text) => text.StartsWith('$');

    /// <summary>
    /// Selects from <paramref name="root"/>. A definite path returns the node itself (still attached to the input:
    /// callers must not mutate it). An indefinite path returns a new array of detached copies, empty when nothing
    /// matched. Returns false only when a definite path selects nothing.
    /// </summary>
    public bool TrySelect(JsonNode? root, out JsonNode? value) => TrySelect(root, 0, out value);

    /// <summary>As <see cref="TrySelect(JsonNode?, out JsonNode?)"/>, skipping the first <paramref name="skip"/> steps.</summary>
    public bool TrySelect(JsonNode? root, int skip, out JsonNode? value)
    {
        if (IsDefinite)
        {
            var current = root;
            for (var i = skip; i < _segments.Length; i++)
            {
                if (JsonBackingElement.TryGet(current, out var element))
                {
                    // The rest of the path is read from the parsed JSON: nothing of it is materialised.
                    return TrySelect(element, i, out value);
                }

                if (!TryStep(_segments[i], current, out current))
                {
                    value = null;
                    return false;
                }
            }

            value = current;
            return true;
        }

        var matches = SelectAll(root, skip);
        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add(JsonValues.Clone(match));
        }

        value = array;
        return true;
    }

    /// <summary>
    /// The definite steps from <paramref name="from"/> on, over a parsed element. The value found is a new node
    /// over its element rather than the node materialising would have made: equal JSON, not attached to the input
    /// (which callers may treat as theirs; the element itself is immutable).
    /// </summary>
    private bool TrySelect(JsonElement current, int from, out JsonNode? value)
    {
        var found = TryFind(current, from, out var element);
        value = found ? JsonBackingElement.ToNode(element) : null;
        return found;
    }

    /// <summary>
    /// Whether <see cref="TrySelect(JsonNode?, out JsonNode?)"/> would return true, without making the node it would
    /// return when the value is read from parsed JSON (Choice's IsPresent only asks whether there is one).
    /// </summary>
    public bool Exists(JsonNode? root, int skip = 0)
    {
        if (IsDefinite)
        {
            var current = root;
            for (var i = skip; i < _segments.Length; i++)
            {
                if (JsonBackingElement.TryGet(current, out var element))
                {
                    return TryFind(element, i, out _);
                }

                if (!TryStep(_segments[i], current, out current))
                {
                    return false;
                }
            }

            return true;
        }

        return TrySelect(root, skip, out _);
    }

    private bool TryFind(JsonElement current, int from, out JsonElement found)
    {
        for (var i = from; i < _segments.Length; i++)
        {
            switch (_segments[i])
            {
                case MemberSegment member when current.ValueKind == JsonValueKind.Object && member.TryGetFrom(current, out var property):
                    current = property;
                    break;
                case IndexSegment index when current.ValueKind == JsonValueKind.Array:
                    var length = current.GetArrayLength();
                    var at = index.Index < 0 ? length + index.Index : index.Index;
                    if (at < 0 || at >= length)
                    {
                        found = default;
                        return false;
                    }

                    current = current[at];
                    break;
                default:
                    found = default;
                    return false;
            }
        }

        found = current;
        return true;
    }

    private static bool TryStep(JsonPathSegment segment, JsonNode? current, out JsonNode? next)
    {
        // Fast paths for the two definite steps, to avoid a list per step on the hot path.
        switch (segment)
        {
            case MemberSegment member when current is JsonObject obj:
                return obj.TryGetPropertyValue(member.Name, out next);
            case IndexSegment index when current is JsonArray array:
                var i = index.Index < 0 ? array.Count + index.Index : index.Index;
                if (i >= 0 && i < array.Count)
                {
                    next = array[i];
                    return true;
                }

                break;
        }

        next = null;
        return false;
    }

    private List<JsonNode?> SelectAll(JsonNode? root, int skip)
    {
        var current = new List<JsonNode?> { root };
        var next = new List<JsonNode?>();
        foreach (var segment in _segments.AsSpan(skip))
        {
            next.Clear();
            foreach (var node in current)
            {
                segment.Select(node, root, next);
            }

            (current, next) = (next, current);
        }

        return current;
    }

    public override string ToString() => Text;
}
