namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// A job definition and the behaviour of its jobs: run time is log-normal around the median (capped by the
/// attempt timeout), and an attempt fails with the given probability, part of those failures being OOM kills.
/// </summary>
internal sealed record JobDefinitionSpec(
    string Name,
    int Revision,
    int Vcpus,
    int MemoryMiB,
    double MedianRunSeconds,
    double RunSigma,
    double FailureProbability,
    double OomShareOfFailures,
    int RetryAttempts,
    string Image,
    string[] Command)
{
    public int AttemptTimeoutSeconds => 4 * 3600;

    public string NameWithRevision => $"{Name}:{Revision}";

    public double MeanRunSeconds => Math.Min(AttemptTimeoutSeconds, MedianRunSeconds * Math.Exp(RunSigma * RunSigma / 2));

    /// <summary>The 90th percentile run: one run in ten is slower.</summary>
    public double SlowRunSeconds => Math.Min(AttemptTimeoutSeconds, MedianRunSeconds * Math.Exp(RunSigma * 1.2816));

    /// <summary>Batch registers one ECS task definition per job definition revision; we name its family after both.</summary>
    public string TaskDefinitionFamily => $"{Name}-{Revision}";
}
