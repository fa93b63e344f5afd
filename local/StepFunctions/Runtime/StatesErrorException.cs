namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A Step Functions error: an error name (e.g. "States.Runtime", "DynamoDB.ConditionalCheckFailedException")
/// and a cause. Task invokers throw it to fail a task; Retry and Catch match on <see cref="Error"/>.
/// </summary>
public sealed class StatesErrorException : Exception
{
    public StatesErrorException(string error, string cause)
        : base($"{error}: {cause}")
    {
        Error = error;
        Cause = cause;
    }

    public string Error { get; }

    public string Cause { get; }
}
