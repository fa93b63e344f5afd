namespace BatchRuntimeMonitor.Core.Jobs;

/// <summary>AWS Batch job statuses, with SUBMITTED learnt from the SubmitJob call (Batch sends no event for it).</summary>
public static class JobStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Pending = "PENDING";
    public const string Runnable = "RUNNABLE";
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    public static IReadOnlyList<string> All { get; } = [Submitted, Pending, Runnable, Starting, Running, Succeeded, Failed];

    public static bool IsKnown(string? status) => status is not null && Rank(status) >= 0;

    public static bool IsTerminal(string? status) => status is Succeeded or Failed;

    /// <summary>Progress order, used to break ties between events stamped with the same second.</summary>
    public static int Rank(string status) => status switch
    {
        Submitted => 0,
        Pending => 1,
        Runnable => 2,
        Starting => 3,
        Running => 4,
        Succeeded or Failed => 5,
        _ => -1,
    };
}
