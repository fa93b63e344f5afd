namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>
/// The account's Batch set-up for the day: three job queues over four EC2 compute environments (two On-Demand,
/// two Spot, x86_64 and arm64) and one Fargate environment. Capacity limits scale with the number of jobs so a
/// day of any size has queueing at its peaks and idle capacity in its troughs.
/// </summary>
internal sealed class DayTopology
{
    /// <summary>Peak capacity as a multiple of the day's mean vCPU demand: below the arrival peak, so work queues up there.</summary>
    private const double CapacityOverMeanDemand = 2.0;

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

        var meanJobsPerSecond = jobs / 86400.0;
        var environments = new List<ComputeEnvironmentSpec>();
        var queues = new List<JobQueueSpec>();
        foreach (var shape in queueShapes)
        {
            var vcpuSecondsPerJob = shape.Defs.Sum(d => d.Item2 * d.Item1.Vcpus * d.Item1.MeanRunSeconds);
            var queueDemandVcpus = meanJobsPerSecond * shape.Share * vcpuSecondsPerJob;
            var ces = new List<(ComputeEnvironmentSpec, double)>();
            foreach (var ce in shape.Ces)
            {
                var demand = queueDemandVcpus * ce.Weight * CapacityOverMeanDemand;
                var spec = ce.Fargate
                    ? new ComputeEnvironmentSpec(ce.Ce, Newer(ce.Ce), true, false, [], 0, Math.Max(4, (int)Math.Ceiling(demand)))
                    : new ComputeEnvironmentSpec(
                        ce.Ce,
                        ce.OlderName ? Older(ce.Ce) : Newer(ce.Ce),
                        false,
                        ce.Spot,
                        ce.Types,
                        Math.Max(3, (int)Math.Ceiling(demand / ce.Types.Average(t => t.Vcpus))),
                        0);
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
