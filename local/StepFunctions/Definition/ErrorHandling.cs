using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The Retry and Catch fields of a Task, Parallel or Map state, and the loop that applies them: retry the whole
/// state on the virtual clock while a retrier allows, else hand the error to the first matching catcher.
/// </summary>
internal sealed class ErrorHandling
{
    private readonly Retrier[] _retriers;
    private readonly Catcher[] _catchers;

    public ErrorHandling(JsonObject json, string stateName)
    {
        _retriers = json.TryGetPropertyValue("Retry", out var retry)
            ? DefinitionReader.Array(retry, stateName, "Retry").Select(r => new Retrier(DefinitionReader.Object(r, stateName, "Retry"), stateName)).ToArray()
            : [];
        _catchers = json.TryGetPropertyValue("Catch", out var catchNode)
            ? DefinitionReader.Array(catchNode, stateName, "Catch").Select(c => new Catcher(DefinitionReader.Object(c, stateName, "Catch"), stateName)).ToArray()
            : [];
        ErrorEqualsList.CheckAllIsLast(_retriers.Select(r => r.ErrorEquals).ToArray(), stateName, "Retry");
        ErrorEqualsList.CheckAllIsLast(_catchers.Select(c => c.ErrorEquals).ToArray(), stateName, "Catch");
    }

    public IEnumerable<string> CatchTargets => _catchers.Select(c => c.Next);

    public ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run, Func<JsonNode?, StateRun, ValueTask<StateOutcome>> attempt)
    {
        // Most attempts complete at once and succeed: they need no retry loop, nor an async state machine for one.
        var first = Start(attempt, rawInput, run);
        return first.IsCompletedSuccessfully ? first : RetryingAsync(rawInput, run, attempt, first);
    }

    /// <summary>An attempt, its failure as a faulted result whether it threw at once or failed later.</summary>
    private static ValueTask<StateOutcome> Start(Func<JsonNode?, StateRun, ValueTask<StateOutcome>> attempt, JsonNode? rawInput, StateRun run)
    {
        try
        {
            return attempt(rawInput, run);
        }
        catch (StatesErrorException ex)
        {
            return ValueTask.FromException<StateOutcome>(ex);
        }
    }

    /// <summary>Awaits an attempt and retries or catches its failure, as long as a retrier allows.</summary>
    private async ValueTask<StateOutcome> RetryingAsync(JsonNode? rawInput, StateRun run, Func<JsonNode?, StateRun, ValueTask<StateOutcome>> attempt, ValueTask<StateOutcome> pending)
    {
        // Each retrier counts its own attempts, as the States Language specifies.
        var attemptsPerRetrier = new int[_retriers.Length];
        var retryCount = 0;
        while (true)
        {
            StatesErrorException failure;
            try
            {
                // No copy per attempt: an attempt changes its input only in the final ResultPath step, which either
                // succeeds or fails before changing anything, so a retry always sees the original input.
                return await pending.ConfigureAwait(false);
            }
            catch (StatesErrorException ex)
            {
                failure = ex;
            }

            var retrierIndex = RetrierFor(failure.Error);
            if (retrierIndex >= 0 && attemptsPerRetrier[retrierIndex] < _retriers[retrierIndex].MaxAttempts)
            {
                var delay = _retriers[retrierIndex].DelayBefore(attemptsPerRetrier[retrierIndex], run.Execution.Random);
                attemptsPerRetrier[retrierIndex]++;
                retryCount++;
                await run.Clock.WaitUntilAsync(run.Clock.Now + delay, run.CancellationToken).ConfigureAwait(false);
                run.Context.SetRetryCount(retryCount);
                pending = Start(attempt, rawInput, run);
                continue;
            }

            foreach (var catcher in _catchers)
            {
                if (StatesErrors.Matches(catcher.ErrorEquals, failure.Error))
                {
                    var errorOutput = new JsonObject { ["Error"] = failure.Error, ["Cause"] = failure.Cause };
                    return new StateOutcome(catcher.ResultPath.Apply(rawInput, errorOutput, run), catcher.Next);
                }
            }

            throw failure;
        }
    }

    /// <summary>The first retrier whose ErrorEquals matches, or -1.</summary>
    private int RetrierFor(string error)
    {
        for (var i = 0; i < _retriers.Length; i++)
        {
            if (StatesErrors.Matches(_retriers[i].ErrorEquals, error))
            {
                return i;
            }
        }

        return -1;
    }
}
