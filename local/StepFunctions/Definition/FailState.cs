using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Fail: raises Error/Cause, either literal or read with ErrorPath/CausePath (paths or intrinsic functions).</summary>
internal sealed class FailState : StateNode
{
    private readonly string? _error;
    private readonly string? _cause;
    private readonly PayloadTemplate? _errorPath;
    private readonly PayloadTemplate? _causePath;

    public FailState(string name, JsonObject json)
        : base(name, json)
    {
        _error = DefinitionReader.OptionalString(json, "Error", name);
        _cause = DefinitionReader.OptionalString(json, "Cause", name);
        _errorPath = CompileDynamic(json, "ErrorPath", name);
        _causePath = CompileDynamic(json, "CausePath", name);
    }

    public override bool NeedsNextOrEnd => false;

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run)
    {
        var scope = run.Scope(rawInput);
        var error = _errorPath is null ? _error : Text(_errorPath.Evaluate(scope), "ErrorPath");
        var cause = _causePath is null ? _cause : Text(_causePath.Evaluate(scope), "CausePath");
        throw new StatesErrorException(error ?? string.Empty, cause ?? string.Empty);
    }

    private static PayloadTemplate? CompileDynamic(JsonObject json, string field, string name)
    {
        var text = DefinitionReader.OptionalString(json, field, name);
        // Reuse the template compiler: {"v.$": text} gives the same path/intrinsic handling as Parameters.
        return text is null ? null : new SingleValue(PayloadTemplate.Compile(new JsonObject { [field + ".$"] = text }, name, field), field);
    }

    private string Text(JsonNode? value, string field) =>
        JsonValues.TryGetString(value, out var text)
            ? text
            : throw new StatesErrorException(StatesErrors.Runtime, $"An error occurred while executing the state '{Name}'. The value of {field} must be a string, got {JsonValues.ToCompactJson(value)}");

    private sealed class SingleValue(PayloadTemplate inner, string field) : PayloadTemplate
    {
        public override JsonNode? Evaluate(EvaluationScope scope) => ((JsonObject)inner.Evaluate(scope)!)[field];
    }
}
