namespace BatchRuntimeMonitor.Local.Simulator;

/// <summary>The event files, split by where the events come from.</summary>
internal enum EventFile
{
    Batch,
    Ecs,
    CloudTrail,
}

internal static class EventFileNames
{
    public static string Of(EventFile file) => file switch
    {
        EventFile.Batch => "batch.jsonl",
        EventFile.Ecs => "ecs.jsonl",
        _ => "cloudtrail.jsonl",
    };
}
