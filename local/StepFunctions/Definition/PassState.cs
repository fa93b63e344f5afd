using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Pass: InputPath, Parameters, then Result (or the effective input) through ResultPath and OutputPath.</summary>
internal sealed class PassState : StateNode
{
    private readonly PayloadTemplate? _parameters;
    private readonly JsonNode? _result;
    private readonly bool _hasResult;
    private readonly OptionalResultPath _resultPath;

    public PassState(string name, JsonObject json)
        : base(name, json)
    {
        _parameters = json.TryGetPropertyValue("Parameters", out var parameters) ? PayloadTemplate.Compile(parameters, name, "Parameters") : null;
        _hasResult = json.TryGetPropertyValue("Result", out var result);
        _result = JsonValues.Literal(result);
        _resultPath = OptionalResultPath.Read(json, name);
    }

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        if (_parameters is not null)
        {
            effective = _parameters.Evaluate(run.Scope(effective));
        }

        var result = _hasResult ? JsonValues.Clone(_result) : effective;
        var output = _resultPath.Apply(rawInput, result, run);
        return ValueTask.FromResult(Continue(OutputPath.Apply(run.Scope(output))));
    }
}
