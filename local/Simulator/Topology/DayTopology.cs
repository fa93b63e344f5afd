namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The account's Batch set-up for the day: three job queues over four EC2 compute environments (two On-Demand,
/// two Spot, x86_64 and arm64) and one Fargate environment. Each environment's maxvCpus follows the day's
/// arrival rate and job durations, as an operator sizes it: enough for the busiest hour with headroom.
/// </summary>
internal sealed class DayTopology
{
    /// <summary>
    /// maxvCpus over the vCPUs busy at the busiest hour's mean rate: covers the Poisson and array-burst swings
    /// around that mean and the vCPUs packing leaves unused (memory-bound jobs, a mix of instance sizes), so at
    /// peaks jobs wait for instances to boot, not for other jobs to end.
    /// </summary>
    private const double Ec2HeadroomOverPeak = 1.6;

    /// <summary>
    /// Fargate is capped a little below its busiest hour (an account's Fargate vCPU quota is the usual limit), so
    /// during the 02:00 burst of a large day its queue grows and Fargate jobs wait minutes.
    /// </summary>
    private const double FargateShareOfPeak = 0.9;

    /// <summary>
    /// Kept free above the peak for one array of the queue's largest job, whose children all turn RUNNABLE at once;
    /// on a small day this is most of the capacity (sized to the mean alone, a 1,000-job day would run a 20-child
    /// training array four at a time for hours), on a large one a rounding error.
    /// </summary>
    private const int BurstJobs = DayEngine.MaxArraySize;

    /// <summary>Mean image pull and container start (DayEngine.StartingSeconds) plus the stop, which hold the vCPUs too.</summary>
    private const double Ec2OverheadSeconds = 23;

    private const double FargateOverheadSeconds = 45;

    public required IReadOnlyList<JobQueueSpec> Queues { get; init; }

    public required IReadOnlyList<ComputeEnvironmentSpec> Environments { get; init; }

    public required JobQueueSpec BlockedQueue { get; init; }

    public static readonly string[] AvailabilityZones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    public static DayTopology Build(int jobs, IdFactory ids)
    {
        // Cluster names: older environments got <ce>_Batch_<uuid>, newer ones AWSBatch-<ce>-<uuid>; a day holds both.
        string Older(string ce) => $"{ce}_Batch_{ids.Uuid()}";
        string Newer(string ce) => $"AWSBatch-{ce}-{ids.Uuid()}";

        var x86 = new[] { InstanceTypeCatalog.M5Large, InstanceTypeCatalog.C5Xlarge, InstanceTypeCatalog.R52xlarge };
        var arm = new[] { InstanceTypeCatalog.M6gLarge, InstanceTypeCatalog.C7gXlarge, InstanceTypeCatalog.M6g2xlarge };

        var queueShapes = new (string Name, double Share, (string Ce, bool Fargate, bool Spot, InstanceTypeSpec[] Types, bool OlderName, double Weight)[] Ces, (JobDefinitionSpec, double)[] Defs)[]
        {
            ("high-priority", 0.35,
                [("ondemand-x86", false, false, x86, true, 0.6), ("ondemand-arm64", false, false, arm, false, 0.4)],
                [(JobDefinitionCatalog.EtlTransform, 0.5), (JobDefinitionCatalog.ImageResize, 0.3), (JobDefinitionCatalog.MlTrain, 0.2)]),
            ("default", 0.45,
                [("spot-x86", false, true, x86, false, 0.6), ("spot-arm64", false, true, arm, true, 0.4)],
                [(JobDefinitionCatalog.ImageResize, 0.5), (JobDefinitionCatalog.EtlTransform, 0.3), (JobDefinitionCatalog.GenomicsAlign, 0.2)]),
            ("fargate-jobs", 0.20,
                [("fargate", true, false, Array.Empty<InstanceTypeSpec>(), false, 1.0)],
                [(JobDefinitionCatalog.ReportRender, 0.7), (JobDefinitionCatalog.NightlyBackup, 0.3)]),
        };

        var peakJobsPerSecond = jobs * DayEngine.RunningShareOfRecords / 86400.0 * ArrivalProcess.PeakOverMeanRate;
        var environments = new List<ComputeEnvironmentSpec>();
        var queues = new List<JobQueueSpec>();
        foreach (var shape in queueShapes)
        {
            var fargate = shape.Ces.All(c => c.Fargate);
            var overhead = fargate ? FargateOverheadSeconds : Ec2OverheadSeconds;
            // Little's law: vCPUs busy = arrival rate x vCPU-seconds each job holds (its attempts, each with start-up).
            var vcpuSecondsPerJob = shape.Defs.Sum(d => d.Item2 * d.Item1.Vcpus * (d.Item1.MeanRunSeconds + overhead) * (1 + d.Item1.FailureProbability));
            var queuePeakVcpus = peakJobsPerSecond * shape.Share * vcpuSecondsPerJob;
            var burstVcpus = BurstJobs * shape.Defs.Max(d => d.Item1.Vcpus);
            var ces = new List<(ComputeEnvironmentSpec, double)>();
            foreach (var ce in shape.Ces)
            {
                var peakVcpus = queuePeakVcpus * ce.Weight;
                var spec = ce.Fargate
                    ? new ComputeEnvironmentSpec(ce.Ce, Newer(ce.Ce), true, false, [], burstVcpus + (int)Math.Ceiling(peakVcpus * FargateShareOfPeak))
                    : new ComputeEnvironmentSpec(
                        ce.Ce,
                        ce.OlderName ? Older(ce.Ce) : Newer(ce.Ce),
                        false,
                        ce.Spot,
                        ce.Types,
                        burstVcpus + (int)Math.Ceiling(peakVcpus * Ec2HeadroomOverPeak));
                environments.Add(spec);
                ces.Add((spec, ce.Weight));
            }

            queues.Add(new JobQueueSpec(shape.Name, shape.Share, ces, shape.Defs));
        }

        return new DayTopology
        {
            Queues = queues,
            Environments = environments,
            BlockedQueue = queues[0],
        };
    }
}
