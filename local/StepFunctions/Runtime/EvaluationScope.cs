using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// What a path, template or intrinsic function may read while a state runs: the state's (effective) input and the
/// context object ("$$"), which is only materialised when an expression actually refers to it.
/// </summary>
internal sealed class EvaluationScope(JsonNode? input, ContextObject context, string stateName, Random random)
{
    public JsonNode? Input { get; } = input;

    public ContextObject Context { get; } = context;

    public string StateName { get; } = stateName;

    public Random Random { get; } = random;

    public EvaluationScope WithInput(JsonNode? newInput) => new(newInput, Context, StateName, Random);

    /// <summary>Selects with a compiled path against the input or, for "$$" paths, the context object.</summary>
    public bool TrySelect(JsonPath path, out JsonNode? value) =>
        path.TrySelect(path.IsContextPath ? Context.Build() : Input, out value);
}
