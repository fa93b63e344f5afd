using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>The state of one execution in progress: services, identity, the context input and the trace.</summary>
internal sealed class ExecutionRun
{
    private Random? _random;
    private string? _executionArn;
    private string? _executionName;

    // WriterFormJson.DepthBound of Options.InputText, once asked: -1 when the text cannot be copied, null until asked.
    private int? _inputTextDepth;

    public ExecutionRun(ITaskResourceInvoker invoker, IVirtualClock clock, ExecutionContextOptions options, JsonNode? input)
    {
        Invoker = invoker;
        Clock = clock;
        Options = options;
        StartTime = options.StartTime ?? clock.Now;
        StatesEntered = options.RecordStatesEntered ? new List<string>(16) : null;

        // Never changed (see IsCallerOwned), so it can serve $$.Execution.Input as is.
        ExecutionInput = input;
    }

    public ITaskResourceInvoker Invoker { get; }

    public IVirtualClock Clock { get; }

    public ExecutionContextOptions Options { get; }

    public DateTimeOffset StartTime { get; }

    /// <summary>Created on first use: most executions never draw a random number.</summary>
    public Random Random => _random ??= Options.RandomSeed is { } seed ? new Random(seed) : new Random();

    /// <summary><see cref="ExecutionContextOptions.ExecutionName"/>, or what its namer gives, asked once.</summary>
    public string ExecutionName => _executionName ??= Options.ExecutionNamer is { } namer ? namer(ExecutionInput, Options.ExecutionNumber) : Options.ExecutionName;

    public string ExecutionArn => _executionArn ??= Options.ExecutionArn
        ?? $"{Options.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal)}:{ExecutionName}";

    public JsonNode? ExecutionInput { get; }

    /// <summary>The states entered, when the options ask for their names; else null (only counted).</summary>
    // Sized for a typical execution (the replay's enter 4 to 12 states): growing from empty copied it three times.
    public List<string>? StatesEntered { get; }

    public int StateTransitions { get; private set; }

    /// <summary>
    /// The input's JSON text (<see cref="ExecutionContextOptions.InputText"/>) when it is exactly what the writer would
    /// write for <see cref="ExecutionInput"/> and nests no deeper than <paramref name="maxDepth"/>; else false (write it).
    /// </summary>
    public bool TryGetInputText(int maxDepth, out ReadOnlyMemory<byte> text)
    {
        text = Options.InputText;
        _inputTextDepth ??= Options.InputTextDepthBound ?? ExecutionInputText.DepthBound(text.Span);
        return _inputTextDepth is >= 0 and var depth && depth <= maxDepth;
    }

    /// <summary>Whether a node belongs to the caller's input (which must be copied before it is changed).</summary>
    public bool IsCallerOwned(JsonNode? node) => node is not null && ExecutionInput is not null && ReferenceEquals(node.Root, ExecutionInput);

    /// <summary>Runs a block from StartAt until a state ends it; errors propagate as <see cref="StatesErrorException"/>.</summary>
    public async ValueTask<JsonNode?> RunBlockAsync(StatesBlock block, JsonNode? input, ContextObject context, CancellationToken cancellationToken)
    {
        var name = block.StartAt;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = block.States[name];
            StateTransitions++;
            StatesEntered?.Add(name);
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
