using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>ResultPath: absent means "$" (the result replaces the input), null discards the result, else a reference path.</summary>
internal sealed class OptionalResultPath
{
    private readonly ResultPathWriter? _writer;
    private readonly bool _discard;

    private OptionalResultPath(ResultPathWriter? writer, bool discard)
    {
        _writer = writer;
        _discard = discard;
    }

    /// <summary>ResultPath null: the result is dropped, so it is never read.</summary>
    public bool Discards => _discard;

    /// <summary>ResultPath absent: the result replaces the input, and applying it cannot fail.</summary>
    public bool ReplacesInput => _writer is null && !_discard;

    public static OptionalResultPath Read(JsonObject state, string stateName)
    {
        if (!state.TryGetPropertyValue("ResultPath", out var node))
        {
            return new OptionalResultPath(null, false);
        }

        if (node is null)
        {
            return new OptionalResultPath(null, true);
        }

        return new OptionalResultPath(ResultPathWriter.Compile(DefinitionReader.String(node, stateName, "ResultPath"), stateName), false);
    }

    public JsonNode? Apply(JsonNode? rawInput, JsonNode? result, StateRun run)
    {
        if (_discard)
        {
            return rawInput;
        }

        if (_writer is null)
        {
            return result;
        }

        // Writing into the caller's input would change the caller's JSON: copy on write (the result too, when it
        // is part of the caller's input).
        if (run.Execution.IsCallerOwned(result))
        {
            result = JsonValues.Clone(result);
        }

        // A copy about to be written into is built at once (MaterialisedCopy), as the write would have built it.
        var target = !run.Execution.IsCallerOwned(rawInput) ? rawInput
            : _writer.WritesIntoInput && MaterialisedCopy.TryCreate(rawInput, out var copy) ? copy
            : JsonValues.Clone(rawInput);
        return _writer.Apply(target, result, run.StateName);
    }
}
