using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Parallel: every branch gets its own copy of the effective input; the result is the array of branch outputs.
/// Branches start together (so their waits overlap in virtual time) and are awaited in order, which is deterministic.
/// </summary>
internal sealed class ParallelState : StateNode
{
    private readonly StatesBlock[] _branches;
    private readonly PayloadTemplate? _parameters;
    private readonly PayloadTemplate? _resultSelector;
    private readonly OptionalResultPath _resultPath;
    private readonly ErrorHandling _errorHandling;

    // Cached once: converting the method group on every run would allocate a delegate per state execution.
    private readonly Func<JsonNode?, StateRun, ValueTask<StateOutcome>> _attempt;

    public ParallelState(string name, JsonObject json)
        : base(name, json)
    {
        var branches = json.TryGetPropertyValue("Branches", out var node) ? DefinitionReader.Array(node, name, "Branches") : throw new DefinitionException($"State '{name}': a Parallel state needs 'Branches'");
        _branches = branches.Select((b, i) => StatesBlock.Parse(DefinitionReader.Object(b, name, "Branches"), $"State '{name}' branch {i}")).ToArray();
        _parameters = json.TryGetPropertyValue("Parameters", out var parameters) ? PayloadTemplate.Compile(parameters, name, "Parameters") : null;
        _resultSelector = json.TryGetPropertyValue("ResultSelector", out var selector) ? PayloadTemplate.Compile(selector, name, "ResultSelector") : null;
        _resultPath = OptionalResultPath.Read(json, name);
        _errorHandling = new ErrorHandling(json, name);
        _attempt = AttemptAsync;
    }

    public override IEnumerable<string> Targets => base.Targets.Concat(_errorHandling.CatchTargets);

    public override IEnumerable<StatesBlock> Children => _branches;

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run) => _errorHandling.RunAsync(rawInput, run, _attempt);

    private async ValueTask<StateOutcome> AttemptAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        if (_parameters is not null)
        {
            effective = _parameters.Evaluate(run.Scope(effective));
        }

        var running = new Task<JsonNode?>[_branches.Length];
        for (var i = 0; i < _branches.Length; i++)
        {
            running[i] = run.Execution.RunBlockAsync(_branches[i], JsonValues.Clone(effective), new ContextObject(run.Execution), run.CancellationToken).AsTask();
        }

        JsonNode? result = await BranchResults.CollectAsync(running).ConfigureAwait(false);
        if (_resultSelector is not null)
        {
            result = _resultSelector.Evaluate(run.Scope(result));
        }

        var output = _resultPath.Apply(rawInput, result, run);
        return Continue(OutputPath.Apply(run.Scope(output)));
    }
}
