using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Awaits started branches/iterations in order and gathers their outputs; the first failure (in order) wins.</summary>
internal static class BranchResults
{
    public static async Task<JsonArray> CollectAsync(Task<JsonNode?>[] running)
    {
        var results = new JsonArray();
        StatesErrorException? firstFailure = null;
        foreach (var task in running)
        {
            try
            {
                results.Add(JsonValues.Detach(await task.ConfigureAwait(false)));
            }
            catch (StatesErrorException ex)
            {
                // Keep awaiting the rest so no task is left unobserved; report the first failure.
                firstFailure ??= ex;
            }
        }

        return firstFailure is null ? results : throw firstFailure;
    }
}
