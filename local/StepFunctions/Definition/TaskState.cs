using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Task: InputPath, Parameters, the resource call, ResultSelector, ResultPath, OutputPath; retried and caught as a
/// whole. TimeoutSeconds is checked against virtual time; HeartbeatSeconds is accepted and ignored.
/// </summary>
internal sealed class TaskState : StateNode
{
    private readonly string _resource;
    private readonly PayloadTemplate? _parameters;
    private readonly PayloadTemplate? _resultSelector;
    private readonly OptionalResultPath _resultPath;
    private readonly double? _timeoutSeconds;
    private readonly ErrorHandling _errorHandling;

    // Cached once: converting the method group on every run would allocate a delegate per state execution.
    private readonly Func<JsonNode?, StateRun, ValueTask<StateOutcome>> _attempt;

    // What the last invoker seen answered for this resource, asked once per invoker: the Parameters field it uses
    // only as text (IParameterTextInvoker), and whether it reads the Parameters field by field (ITaskRequestInvoker).
    private InvokerAnswers? _known;

    public TaskState(string name, JsonObject json)
        : base(name, json)
    {
        _resource = DefinitionReader.OptionalString(json, "Resource", name)
            ?? throw new DefinitionException($"State '{name}': a Task state needs 'Resource'");
        _parameters = json.TryGetPropertyValue("Parameters", out var parameters) ? PayloadTemplate.Compile(parameters, name, "Parameters") : null;
        _resultSelector = json.TryGetPropertyValue("ResultSelector", out var selector) ? PayloadTemplate.Compile(selector, name, "ResultSelector") : null;
        _resultPath = OptionalResultPath.Read(json, name);
        _timeoutSeconds = DefinitionReader.OptionalNumber(json, "TimeoutSeconds", name);
        _errorHandling = new ErrorHandling(json, name);
        _attempt = Attempt;
    }

    public override IEnumerable<string> Targets => base.Targets.Concat(_errorHandling.CatchTargets);

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run) => _errorHandling.RunAsync(rawInput, run, _attempt);

    /// <summary>
    /// One attempt. Local services answer at once, so the attempt finishes here without an async state machine; a
    /// resource that is still running is awaited (<see cref="FinishAsync"/>). May throw <see cref="StatesErrorException"/>
    /// before returning: <see cref="ErrorHandling"/> retries and catches it as it does a failed attempt.
    /// </summary>
    private ValueTask<StateOutcome> Attempt(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        if (_parameters is not null)
        {
            var scope = run.Scope(effective);
            var known = Known(run.Execution.Invoker);
            if (known.Fields is { } fieldsInvoker && _parameters.TryEvaluateFields(scope, known.TextField, out var request))
            {
                // The local DynamoDB and SQS read the fields one by one: no Parameters object is built for them.
                var now = run.Clock.Now;
                return new ValueTask<StateOutcome>(Finish(rawInput, run, now, fieldsInvoker.Invoke(_resource, request, Name, now, ResultUnused(run))));
            }

            effective = known.TextField is { } field ? _parameters.EvaluateWithTextField(scope, field) : _parameters.Evaluate(scope);
        }

        var started = run.Clock.Now;
        var invocation = new TaskInvocation(_resource, effective, Name, started);
        var calling = run.Execution.Invoker.InvokeAsync(invocation, run.CancellationToken);
        return calling.IsCompletedSuccessfully
            ? new ValueTask<StateOutcome>(Finish(rawInput, run, started, calling.Result))
            : FinishAsync(rawInput, run, started, calling);
    }

    private async ValueTask<StateOutcome> FinishAsync(JsonNode? rawInput, StateRun run, DateTimeOffset started, ValueTask<JsonNode?> calling) =>
        Finish(rawInput, run, started, await calling.ConfigureAwait(false));

    /// <summary>The result of the resource through TimeoutSeconds, ResultSelector, ResultPath and OutputPath.</summary>
    private StateOutcome Finish(JsonNode? rawInput, StateRun run, DateTimeOffset started, JsonNode? result)
    {
        if (_timeoutSeconds is { } timeout && (run.Clock.Now - started).TotalSeconds > timeout)
        {
            throw new StatesErrorException(StatesErrors.Timeout, $"State '{Name}': the task '{_resource}' ran longer than TimeoutSeconds {timeout}");
        }

        if (_resultSelector is not null)
        {
            result = _resultSelector.Evaluate(run.Scope(result));
        }

        var output = _resultPath.Apply(rawInput, result, run);
        return Continue(OutputPath.Apply(run.Scope(output)));
    }

    /// <summary>
    /// Whether nothing can read this attempt's result. Never with a ResultSelector (which reads it, and can fail on
    /// it). Else a null ResultPath drops it; and the result of the execution's last state, with no ResultPath or
    /// OutputPath to read (or fail on) it, only becomes the output, which the caller may have said it discards.
    /// </summary>
    private bool ResultUnused(StateRun run) =>
        _resultSelector is null
        && (_resultPath.Discards || (EndsExecution && run.Execution.Options.DiscardOutput && _resultPath.ReplacesInput && OutputPath.IsIdentity));

    private InvokerAnswers Known(ITaskResourceInvoker invoker)
    {
        var known = _known;
        if (known is null || !ReferenceEquals(known.Invoker, invoker))
        {
            var fields = invoker as ITaskRequestInvoker;
            known = new InvokerAnswers(
                invoker,
                (invoker as IParameterTextInvoker)?.TextField(_resource),
                fields is not null && fields.TakesFields(_resource) ? fields : null);
            _known = known;
        }

        return known;
    }

    /// <summary>One object, so that executions on other threads read the invoker and its answers together.</summary>
    private sealed record InvokerAnswers(ITaskResourceInvoker Invoker, string? TextField, ITaskRequestInvoker? Fields);
}
