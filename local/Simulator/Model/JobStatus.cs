namespace BatchRuntimeMonitor.Local.Simulator;

internal static class JobStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Pending = "PENDING";
    public const string Runnable = "RUNNABLE";
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public static readonly string[] All = [Submitted, Pending, Runnable, Starting, Running, Succeeded, Failed];
}
