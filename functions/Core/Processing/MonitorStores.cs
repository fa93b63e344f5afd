using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Core;

/// <summary>The three stores the functions share; one object so a composition root wires them once.</summary>
public sealed record MonitorStores(IRecordStore<InstanceRecord> Instances, IRecordStore<JobRecord> Jobs, IRecordStore<EventMarker> Markers)
{
    public static MonitorStores InMemory() => new(new InMemoryRecordStore<InstanceRecord>(), new InMemoryRecordStore<JobRecord>(), new InMemoryRecordStore<EventMarker>());
}
