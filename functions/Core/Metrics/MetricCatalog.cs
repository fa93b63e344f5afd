using BatchRuntimeMonitor.Core.Emf;

namespace BatchRuntimeMonitor.Core.Metrics;

/// <summary>
/// The single source of truth for metric names, units and dimension sets: the code emits from it, docs/metrics.md
/// documents it and the tests check the dashboards against it.
/// </summary>
public static class MetricCatalog
{
    public const string DefaultNamespace = "AWSBatchMetrics";

    public const string RegisterContainerInstance = nameof(RegisterContainerInstance);
    public const string DeregisterContainerInstance = nameof(DeregisterContainerInstance);
    public const string RunTaskCalls = nameof(RunTaskCalls);
    public const string PlacementFailures = nameof(PlacementFailures);
    public const string JobsPlaced = nameof(JobsPlaced);
    public const string RunnableSeconds = nameof(RunnableSeconds);
    public const string StartingSeconds = nameof(StartingSeconds);
    public const string RunningSeconds = nameof(RunningSeconds);
    public const string WaitTimeSeconds = nameof(WaitTimeSeconds);
    public const string RunTimeSeconds = nameof(RunTimeSeconds);
    public const string TotalTimeSeconds = nameof(TotalTimeSeconds);
    public const string SchedulingEfficiency = nameof(SchedulingEfficiency);
    public const string JobQueueBlocked = nameof(JobQueueBlocked);
    public const string AsgMetricsEnabled = nameof(AsgMetricsEnabled);

    private static readonly string[][] InstanceSets = [[Dimension.AvailabilityZone], [Dimension.InstanceType], [Dimension.EcsCluster]];
    private static readonly string[][] QueueAndCeSets = [[Dimension.JobQueue], [Dimension.ComputeEnvironment]];
    private static readonly string[][] EarlyStatusSets = [[Dimension.JobQueue], [Dimension.JobDefinition], [Dimension.ComputeEnvironment]];
    private static readonly string[][] PlacedStatusSets = [.. EarlyStatusSets, [Dimension.InstanceType], [Dimension.AvailabilityZone]];
    private static readonly string[][] DurationSets = [[Dimension.JobQueue], [Dimension.JobDefinition], [Dimension.InstanceType], [Dimension.Architecture]];
    private static readonly string[][] QueueSet = [[Dimension.JobQueue]];

    public static IReadOnlyList<MetricDefinition> All { get; } =
    [
        new(RegisterContainerInstance, Unit.Count, InstanceSets, "instances-registration"),
        new(DeregisterContainerInstance, Unit.Count, InstanceSets, "instances-registration"),
        new(RunTaskCalls, Unit.Count, QueueAndCeSets, "jobs-placement"),
        new(PlacementFailures, Unit.Count, [[Dimension.JobQueue, Dimension.Reason], [Dimension.ComputeEnvironment, Dimension.Reason]], "jobs-placement"),
        new(JobsPlaced, Unit.Count, [[Dimension.InstanceType], [Dimension.AvailabilityZone], [Dimension.ComputeEnvironment], [Dimension.JobQueue]], "jobs-placement"),
        new(Jobs.JobStatus.Submitted, Unit.Count, EarlyStatusSets, "job-states"),
        new(Jobs.JobStatus.Pending, Unit.Count, EarlyStatusSets, "job-states"),
        new(Jobs.JobStatus.Runnable, Unit.Count, EarlyStatusSets, "job-states"),
        new(Jobs.JobStatus.Starting, Unit.Count, PlacedStatusSets, "job-states"),
        new(Jobs.JobStatus.Running, Unit.Count, PlacedStatusSets, "job-states"),
        new(Jobs.JobStatus.Succeeded, Unit.Count, PlacedStatusSets, "job-states"),
        new(Jobs.JobStatus.Failed, Unit.Count, PlacedStatusSets, "job-states"),
        new(RunnableSeconds, Unit.Seconds, DurationSets, "job-states"),
        new(StartingSeconds, Unit.Seconds, DurationSets, "job-states"),
        new(RunningSeconds, Unit.Seconds, DurationSets, "job-states"),
        new(WaitTimeSeconds, Unit.Seconds, QueueSet, "job-states"),
        new(RunTimeSeconds, Unit.Seconds, QueueSet, "job-states"),
        new(TotalTimeSeconds, Unit.Seconds, QueueSet, "job-states"),
        new(SchedulingEfficiency, Unit.Percent, QueueSet, "job-states"),
        new(JobQueueBlocked, Unit.Count, QueueSet, "job-states"),
        new(AsgMetricsEnabled, Unit.Count, [[Dimension.ComputeEnvironment]], "asg-utilization"),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    public static MetricDefinition Get(string name) =>
        ByName.TryGetValue(name, out var definition) ? definition : throw new KeyNotFoundException($"metric '{name}' is not in the catalog");

    public static bool Contains(string name) => ByName.ContainsKey(name);
}

/// <param name="Dashboard">The dashboards/ file (without .json) whose widgets chart it.</param>
public sealed record MetricDefinition(string Name, string Unit, IReadOnlyList<string[]> DimensionSets, string Dashboard)
{
    /// <summary>The metric as documents name it: one instance shared by every document instead of one per value.</summary>
    public EmfMetric Emf { get; } = new(Name, Unit);
}

public static class Dimension
{
    public const string JobQueue = nameof(JobQueue);
    public const string JobDefinition = nameof(JobDefinition);
    public const string ComputeEnvironment = nameof(ComputeEnvironment);
    public const string InstanceType = nameof(InstanceType);
    public const string AvailabilityZone = nameof(AvailabilityZone);
    public const string Architecture = nameof(Architecture);
    public const string EcsCluster = "ECSCluster";
    public const string Reason = nameof(Reason);
}

public static class Unit
{
    public const string Count = nameof(Count);
    public const string Seconds = nameof(Seconds);
    public const string Percent = nameof(Percent);
}
