using System.Text.Json;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;
using BatchRuntimeMonitor.Core.Storage;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>
/// An in-memory store that behaves like DynamoDB where the embedded store does not: every read returns a fresh
/// copy (the embedded store hands out the stored object itself), so a merge on a stale read cannot change what
/// another writer sees. <see cref="BeforeNextWrite"/> runs one action between a writer's read and its conditional
/// write, to force a race at an exact point.
/// </summary>
public sealed class SnapshotStore<TRecord>(Func<TRecord, TRecord> copy) : IRecordStore<TRecord>
    where TRecord : class
{
    private readonly InMemoryRecordStore<TRecord> _inner = new();

    /// <summary>Runs once, before the next write is attempted (and before that write's condition is checked).</summary>
    public Func<Task>? BeforeNextWrite { get; set; }

    public int ConflictCount { get; private set; }

    public async ValueTask<Versioned<TRecord>?> GetAsync(string key, CancellationToken cancellationToken) =>
        await _inner.GetAsync(key, cancellationToken) is { } stored ? new Versioned<TRecord>(copy(stored.Record), stored.Version) : null;

    public async ValueTask<bool> TryWriteAsync(string key, TRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        if (BeforeNextWrite is { } interleaved)
        {
            BeforeNextWrite = null;
            await interleaved();
        }

        var written = await _inner.TryWriteAsync(key, copy(record), expectedVersion, cancellationToken);
        ConflictCount += written ? 0 : 1;
        return written;
    }

    public static SnapshotStore<InstanceRecord> Instances() =>
        new(r => InstanceItemMapping.FromItem(JsonDocument.Parse(InstanceItemMapping.ToItem(r).ToJsonString()).RootElement)!);

    public static SnapshotStore<JobRecord> Jobs() =>
        new(r => JsonSerializer.Deserialize(JsonSerializer.Serialize(r, CoreJsonContext.Default.JobRecord), CoreJsonContext.Default.JobRecord)!);
}
