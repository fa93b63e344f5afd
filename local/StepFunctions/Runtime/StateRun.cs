using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Everything one state needs while it runs: the execution, its context object and cancellation. A struct: one is made
/// for every state entered, and none outlives its state.
/// </summary>
internal readonly struct StateRun(ExecutionRun execution, ContextObject context, string stateName, CancellationToken cancellationToken)
{
    public ExecutionRun Execution { get; } = execution;

    public ContextObject Context { get; } = context;

    public string StateName { get; } = stateName;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public IVirtualClock Clock => Execution.Clock;

    public EvaluationScope Scope(JsonNode? input) => new(input, Context, StateName);
}
