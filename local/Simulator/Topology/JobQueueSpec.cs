namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>A job queue, the compute environments it feeds (with the share of jobs each gets) and the job definitions submitted to it.</summary>
internal sealed record JobQueueSpec(
    string Name,
    double ShareOfJobs,
    IReadOnlyList<(ComputeEnvironmentSpec Environment, double Weight)> Environments,
    IReadOnlyList<(JobDefinitionSpec Definition, double Weight)> Definitions);
