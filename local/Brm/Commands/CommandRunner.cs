using BatchRuntimeMonitor.Local.StepFunctions;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>Maps failures to exit codes: user mistakes get one line and 1, anything else the stack and 2.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UserErrorException or FileNotFoundException or DirectoryNotFoundException or SfnRunInputException)
        {
            await Console.Error.WriteLineAsync($"brm: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("brm: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex)
        {
            await Console.Error.WriteLineAsync($"brm: unexpected error (a bug; please report it):\n{ex}").ConfigureAwait(false);
            return 2;
        }
    }
}
