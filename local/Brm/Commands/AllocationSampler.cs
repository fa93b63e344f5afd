using System.Diagnostics.Tracing;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// What the replay allocates, by type and by thread: the runtime reports an allocation tick about every 100 KB
/// allocated, naming the type that crossed it and the thread that allocated it, so the bytes per type are a sample,
/// good for shares of the total (docs/performance.md). The split by thread says which of the replay's two busy
/// threads (the pipeline's, the functions') a type costs. Opt-in (`brm bench --allocations`): listening costs time
/// the rate would otherwise not include.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeEventSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;

    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ThreadAllocations> _byThread = [];
    private long _totalBytes;

    /// <summary>The types that allocated most, with their share of the sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        lock (_bytesByType)
        {
            return Ranked(_bytesByType, _totalBytes, count);
        }
    }

    /// <summary>
    /// The threads that allocated at least <paramref name="leastShare"/> of the sampled bytes, most first: each with
    /// its sampled bytes and the types that allocated most on it (shares of the thread's bytes).
    /// </summary>
    public IReadOnlyList<(string Thread, long Bytes, IReadOnlyList<(string Type, double Share)> Types)> ByThread(double leastShare, int typesPerThread)
    {
        lock (_bytesByType)
        {
            return _byThread.Values
                .Where(thread => thread.Bytes >= leastShare * _totalBytes)
                .OrderByDescending(thread => thread.Bytes)
                .Select(thread => (thread.Name, thread.Bytes, (IReadOnlyList<(string Type, double Share)>)Ranked(thread.BytesByType, thread.Bytes, typesPerThread)))
                .ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeEventSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs tick)
    {
        if (tick.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || tick.Payload is null || tick.PayloadNames is null)
        {
            return;
        }

        var typeIndex = tick.PayloadNames.IndexOf("TypeName");
        var amountIndex = tick.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }

        var type = tick.Payload[typeIndex] as string ?? "(unknown)";
        var bytes = Convert.ToInt64(tick.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + bytes;
            _totalBytes += bytes;
            if (!_byThread.TryGetValue(tick.OSThreadId, out var thread))
            {
                // Named while it allocates, so while it still exists: a replay's threads end before the report.
                thread = new ThreadAllocations(ThreadName(tick.OSThreadId));
                _byThread[tick.OSThreadId] = thread;
            }

            thread.Bytes += bytes;
            thread.BytesByType[type] = thread.BytesByType.GetValueOrDefault(type) + bytes;
        }
    }

    /// <summary>
    /// The thread's name as the system knows it (Linux: what the runtime set from Thread.Name, cut to 15 bytes); the
    /// process's first thread, where brm runs the pipeline, is "main". Elsewhere, or when it cannot be read, its id.
    /// </summary>
    private static string ThreadName(long osThreadId)
    {
        if (osThreadId == Environment.ProcessId)
        {
            return "main";
        }

        try
        {
            var name = File.ReadAllText($"/proc/self/task/{osThreadId}/comm").Trim();
            return name.Length > 0 ? name : $"thread {osThreadId}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"thread {osThreadId}";
        }
    }

    private static List<(string Type, double Share)> Ranked(Dictionary<string, long> bytesByType, long total, int count) =>
        bytesByType.OrderByDescending(pair => pair.Value).Take(count)
            .Select(pair => (pair.Key, (double)pair.Value / Math.Max(total, 1))).ToList();

    private sealed class ThreadAllocations(string name)
    {
        public string Name { get; } = name;

        public long Bytes { get; set; }

        public Dictionary<string, long> BytesByType { get; } = new(StringComparer.Ordinal);
    }
}
