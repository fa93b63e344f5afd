namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Metric names as docs/metrics.md spells them (the simulator deliberately does not use Core's catalog).</summary>
internal static class MetricNames
{
    public const string RegisterContainerInstance = "RegisterContainerInstance";
    public const string DeregisterContainerInstance = "DeregisterContainerInstance";
    public const string RunTaskCalls = "RunTaskCalls";
    public const string PlacementFailures = "PlacementFailures";
    public const string JobsPlaced = "JobsPlaced";
    public const string RunnableSeconds = "RunnableSeconds";
    public const string StartingSeconds = "StartingSeconds";
    public const string RunningSeconds = "RunningSeconds";
    public const string JobQueueBlocked = "JobQueueBlocked";

    /// <summary>Metrics whose totals are sums of seconds (kept in milliseconds until written, so sums are exact).</summary>
    public static bool IsSeconds(string metric) => metric is RunnableSeconds or StartingSeconds or RunningSeconds;
}
