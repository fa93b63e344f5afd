using BatchRuntimeMonitor.Core;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// The stores a replay runs the functions on. Jobs and RunTask dedupe markers grow with every job of the day, so they
/// spill once settled: a job when terminal, a marker (write-once) always. Instances stay in memory: there are about
/// one per 25 jobs, and instances.jsonl and the ledger's backfill need all of them at the end anyway.
/// </summary>
public static class ReplayStores
{
    public static MonitorStores Create(string scratchDirectory, Func<DateTimeOffset> now) => new(
        new InMemoryRecordStore<InstanceRecord>(),
        new SpillingRecordStore<JobRecord>(Path.Combine(scratchDirectory, ".jobs.spill"), new JobRecordSpillCodec(), job => job.TerminalStatus is not null, now),
        new SpillingRecordStore<EventMarker>(Path.Combine(scratchDirectory, ".markers.spill"), new EventMarkerSpillCodec(), _ => true, now));
}
