using System.Buffers;
using System.Text.Json;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// A job record spilled as the JSON the DynamoDB store also keeps (CoreJsonContext), so a field added to JobRecord is
/// spilled without a change here. Reading restores the ordinal comparers JobRecord creates its collections with (the
/// serializer would create them with default comparers).
/// </summary>
public sealed class JobRecordSpillCodec : ISpillCodec<JobRecord>
{
    public void Write(JobRecord record, IBufferWriter<byte> payload)
    {
        using var json = new Utf8JsonWriter(payload);
        JsonSerializer.Serialize(json, record, CoreJsonContext.Default.JobRecord);
    }

    public JobRecord Read(string key, ReadOnlySpan<byte> payload)
    {
        var record = JsonSerializer.Deserialize(payload, CoreJsonContext.Default.JobRecord)
            ?? throw new InvalidDataException($"spilled job {key} is null");
        record.StatusFirstSeen = new Dictionary<string, long>(record.StatusFirstSeen, StringComparer.Ordinal);
        record.StatusReasons = new SortedDictionary<string, JobStatusReason>(record.StatusReasons, StringComparer.Ordinal);
        record.Emitted = new SortedSet<string>(record.Emitted, StringComparer.Ordinal);
        return record;
    }
}
