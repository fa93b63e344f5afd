using System.Diagnostics.Tracing;

namespace BatchRuntimeMonitor.Local.Brm.Commands;

/// <summary>
/// What the replay allocates, by type: the runtime reports an allocation tick about every 100 KB allocated, naming the
/// type that crossed it, so the bytes per type are a sample, good for shares of the total (docs/performance.md).
/// Opt-in (`brm bench --allocations`): listening costs time the rate would otherwise not include.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeEventSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;

    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private long _totalBytes;

    /// <summary>The types that allocated most, with their share of the sampled bytes.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        lock (_bytesByType)
        {
            return _bytesByType.OrderByDescending(pair => pair.Value).Take(count)
                .Select(pair => (pair.Key, (double)pair.Value / Math.Max(_totalBytes, 1))).ToList();
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
        }
    }
}
