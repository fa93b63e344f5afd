namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>One dependsOn entry as Batch shows it: a job id and, for array dependencies, N_TO_N or SEQUENTIAL.</summary>
internal readonly record struct JobDependency(string? JobId, string? Type);
