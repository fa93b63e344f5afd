using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// Runs <see cref="StateMachineDefinition"/>s in process. Task states call <see cref="ITaskResourceInvoker"/>;
/// Wait states and Retry intervals wait on the <see cref="IVirtualClock"/> and never sleep. An execution does not
/// hop threads: with in-memory invokers it runs synchronously until it parks on the clock.
/// </summary>
public sealed class StepFunctionsInterpreter(ITaskResourceInvoker invoker, IVirtualClock clock)
{
    /// <summary>
    /// Runs one execution. A ValueTask: with local services an execution usually finishes before this returns, and a
    /// replay starts one per event, so the result is handed back without a Task object each time.
    /// </summary>
    public async ValueTask<ExecutionResult> ExecuteAsync(StateMachineDefinition definition, JsonNode? input, ExecutionContextOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        var run = new ExecutionRun(invoker, clock, options, input);
        try
        {
            // No up-front copy of the input: states only read it, and a ResultPath that would write into it copies
            // it first (copy on write), so the caller's JSON is never changed and most executions never copy it.
            var output = await run.RunBlockAsync(definition.Root, input, new ContextObject(run), cancellationToken).ConfigureAwait(false);
            if (options.DiscardOutput)
            {
                output = null;
            }
            else if (run.IsCallerOwned(output))
            {
                // Never hand back (part of) the caller's own input tree as the output.
                output = JsonValues.Clone(output);
            }

            return new ExecutionResult { Status = ExecutionResult.Succeeded, Output = output, StatesEntered = StatesEntered(run), StateTransitions = run.StateTransitions };
        }
        catch (StatesErrorException ex)
        {
            return new ExecutionResult { Status = ExecutionResult.Failed, Error = ex.Error, Cause = ex.Cause, StatesEntered = StatesEntered(run), StateTransitions = run.StateTransitions };
        }
    }

    private static IReadOnlyList<string> StatesEntered(ExecutionRun run) => run.StatesEntered ?? (IReadOnlyList<string>)[];
}
