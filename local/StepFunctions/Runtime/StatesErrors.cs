namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>The built-in error names of the Amazon States Language that this interpreter raises or matches.</summary>
public static class StatesErrors
{
    public const string All = "States.ALL";
    public const string Runtime = "States.Runtime";
    public const string TaskFailed = "States.TaskFailed";
    public const string Timeout = "States.Timeout";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string BranchFailed = "States.BranchFailed";

    /// <summary>
    /// Whether a retrier's or catcher's ErrorEquals list matches an error. States.ALL and States.TaskFailed are
    /// wildcards, but (as the AWS error-handling guide says) neither catches the terminal States.Runtime and
    /// States.DataLimitExceeded errors, and States.TaskFailed does not match States.Timeout.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> errorEquals, string error)
    {
        if (IsTerminal(error))
        {
            return false;
        }

        foreach (var candidate in errorEquals)
        {
            if (candidate == error || candidate == All)
            {
                return true;
            }

            if (candidate == TaskFailed && error != Timeout)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Errors that end the execution whatever Retry/Catch say.</summary>
    public static bool IsTerminal(string error) => error is Runtime or DataLimitExceeded;
}
