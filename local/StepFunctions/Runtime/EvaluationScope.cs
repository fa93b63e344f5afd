using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// What a path, template or intrinsic function may read while a state runs: the state's (effective) input and the
/// context object ("$$"), which is only materialised when an expression actually refers to it.
/// </summary>
internal readonly struct EvaluationScope(JsonNode? input, ContextObject context, string stateName)
{
    public JsonNode? Input { get; } = input;

    public ContextObject Context { get; } = context;

    public string StateName { get; } = stateName;

    public Random Random => Context.Random;

    public EvaluationScope WithInput(JsonNode? newInput) => new(newInput, Context, StateName);

    /// <summary>Selects with a compiled path against the input or, for "$$" paths, the context object.</summary>
    public bool TrySelect(JsonPath path, out JsonNode? value)
    {
        if (!path.IsContextPath)
        {
            return path.TrySelect(Input, out value);
        }

        // The common "$$.Execution.Input..." reads the input directly: no context object, no copy of the whole input.
        return path.ReadsExecutionInput
            ? path.TrySelect(Context.ExecutionInput, 2, out value)
            : path.TrySelect(Context.Build(), out value);
    }

    /// <summary>Whether <see cref="TrySelect"/> would find a value, without making it (Choice's IsPresent).</summary>
    public bool IsPresent(JsonPath path)
    {
        if (!path.IsContextPath)
        {
            return path.Exists(Input);
        }

        return path.ReadsExecutionInput ? path.Exists(Context.ExecutionInput, 2) : path.Exists(Context.Build());
    }
}
