using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Applies a ResultPath: a reference path (names and indexes only) saying where in the state's raw input the
/// result goes. Missing objects along the way are created, as Step Functions does.
/// </summary>
internal sealed class ResultPathWriter
{
    private readonly JsonPathSegment[] _segments;

    private ResultPathWriter(string text, JsonPathSegment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Whether the result is written into the input (any path but "$", whose result replaces the input).</summary>
    public bool WritesIntoInput => _segments.Length > 0;

    public static ResultPathWriter Compile(string text, string stateName)
    {
        JsonPath path;
        try
        {
            path = JsonPath.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new DefinitionException($"State '{stateName}': invalid ResultPath: {ex.Message}");
        }

        if (!path.IsDefinite || path.IsContextPath)
        {
            throw new DefinitionException($"State '{stateName}': ResultPath '{text}' must be a reference path (no wildcards, filters or $$)");
        }

        return new ResultPathWriter(text, path.Segments.ToArray());
    }

    /// <summary>
    /// Writes <paramref name="result"/> into <paramref name="rawInput"/> (which this state owns and may change) and
    /// returns the new output.
    /// </summary>
    public JsonNode? Apply(JsonNode? rawInput, JsonNode? result, string stateName)
    {
        if (_segments.Length == 0)
        {
            return result;
        }

        // The result may be part of the input itself (a Pass without Result); copy it so the tree stays a tree.
        var value = ReferenceEquals(result, rawInput) || result?.Parent is not null ? JsonValues.Clone(result) : result;
        if (rawInput is not JsonObject root)
        {
            throw Failure(rawInput, stateName);
        }

        JsonNode current = root;
        for (var i = 0; i < _segments.Length; i++)
        {
            var last = i == _segments.Length - 1;
            switch (_segments[i], current)
            {
                case (MemberSegment member, JsonObject obj):
                    if (last)
                    {
                        obj[member.Name] = value;
                        return root;
                    }

                    if (!obj.TryGetPropertyValue(member.Name, out var child) || child is null)
                    {
                        child = new JsonObject();
                        obj[member.Name] = child;
                    }

                    current = child;
                    break;
                case (IndexSegment index, JsonArray array):
                    var at = index.Index < 0 ? array.Count + index.Index : index.Index;
                    if (at < 0 || at >= array.Count)
                    {
                        throw Failure(rawInput, stateName);
                    }

                    if (last)
                    {
                        array[at] = value;
                        return root;
                    }

                    current = array[at] ?? throw Failure(rawInput, stateName);
                    break;
                default:
                    throw Failure(rawInput, stateName);
            }
        }

        return root;
    }

    private StatesErrorException Failure(JsonNode? input, string stateName) => new(
        StatesErrors.ResultPathMatchFailure,
        $"An error occurred while executing the state '{stateName}'. Unable to apply ResultPath '{Text}' to input '{JsonValues.ToCompactJson(input)}'");
}
