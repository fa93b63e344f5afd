namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>Simulates one AWS Batch day and writes its events (JSON Lines per source) and ground-truth.json.</summary>
public static class DaySimulator
{
    public const string GroundTruthFileName = "ground-truth.json";

    public static SimulationSummary Run(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);

        // Separate generators for ids, the model and delivery: changing delivery settings never changes the day itself.
        var ids = new IdFactory(unchecked(options.Seed * 31 + 7));
        var topology = DayTopology.Build(options.Jobs, ids);
        using var delivery = new DeliveryBuffer(options.OutputDirectory, unchecked(options.Seed * 31 + 13), options.DuplicateFraction, options.MaxDeliveryDelaySeconds);
        using var truth = new GroundTruthRecorder(Path.Combine(options.OutputDirectory, GroundTruthFileName));
        var emitter = new EventEmitter(options, ids, delivery);
        var engine = new DayEngine(options, topology, ids, emitter, delivery, truth);
        engine.Run();
        truth.Complete();

        return new SimulationSummary
        {
            Jobs = truth.JobsWritten,
            Instances = engine.InstancesLaunched,
            PeakInstances = engine.PeakInstances,
            EventsByKind = new SortedDictionary<string, long>(emitter.ByKind.ToDictionary(), StringComparer.Ordinal),
            EventsGenerated = emitter.Generated,
            DuplicatesDelivered = delivery.Duplicates,
            LinesWritten = delivery.LinesWritten,
            EventFiles = delivery.Paths,
            GroundTruthFile = truth.Path,
            PeakBufferedLines = engine.PeakBuffered,
            PeakLiveJobs = engine.PeakLiveJobs,
            FirstEventTime = DateTimeOffset.FromUnixTimeSeconds(emitter.FirstSecond),
            LastEventTime = DateTimeOffset.FromUnixTimeSeconds(emitter.LastSecond),
        };
    }
}
