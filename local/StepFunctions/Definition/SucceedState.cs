using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Succeed: ends the block with InputPath then OutputPath applied.</summary>
internal sealed class SucceedState(string name, JsonObject json) : StateNode(name, json)
{
    public override bool NeedsNextOrEnd => false;

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        return ValueTask.FromResult(new StateOutcome(OutputPath.Apply(run.Scope(effective)), null));
    }
}
