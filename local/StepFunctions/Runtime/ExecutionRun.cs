using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>The state of one execution in progress: services, identity, the context input and the trace.</summary>
internal sealed class ExecutionRun
{
    public ExecutionRun(ITaskResourceInvoker invoker, IVirtualClock clock, ExecutionContextOptions options, JsonNode? input)
    {
        Invoker = invoker;
        Clock = clock;
        Options = options;
        StartTime = options.StartTime ?? clock.Now;
        Random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        ExecutionArn = options.ExecutionArn ?? $"{options.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal)}:{options.ExecutionName}";
        // The states run on a private copy, so the caller's node stays unchanged and can serve $$.Execution.Input.
        ExecutionInput = input;
    }

    public ITaskResourceInvoker Invoker { get; }

    public IVirtualClock Clock { get; }

    public ExecutionContextOptions Options { get; }

    public DateTimeOffset StartTime { get; }

    public Random Random { get; }

    public string ExecutionArn { get; }

    public JsonNode? ExecutionInput { get; }

    public List<string> StatesEntered { get; } = [];

    /// <summary>Runs a block from StartAt until a state ends it; errors propagate as <see cref="StatesErrorException"/>.</summary>
    public async ValueTask<JsonNode?> RunBlockAsync(StatesBlock block, JsonNode? input, ContextObject context, CancellationToken cancellationToken)
    {
        var name = block.StartAt;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = block.States[name];
            StatesEntered.Add(name);
            context.EnterState(name, Clock.Now);
            var outcome = await state.RunAsync(input, new StateRun(this, context, name, cancellationToken)).ConfigureAwait(false);
            if (outcome.Next is null)
            {
                return outcome.Output;
            }

            input = outcome.Output;
            name = outcome.Next;
        }
    }
}
