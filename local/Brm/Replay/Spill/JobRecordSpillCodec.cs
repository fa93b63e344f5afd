using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
    /// <summary>
    /// Reads spilled jobs for their ledger line (jobs.jsonl) and nothing else: <see cref="JobRecord.Emitted"/> and
    /// <see cref="JobRecord.StatusReasons"/> are skipped, not decoded, and left empty. The emission keys are most of a
    /// spilled job and the line shows neither (a test holds the line to the one of a full read).
    /// </summary>
    public static ISpillReader<JobRecord> ForLedgerLines { get; } = new LedgerLineReader();

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

    private sealed class LedgerLineReader : ISpillReader<JobRecord>
    {
        /// <summary>CoreJsonContext's contract for JobRecord without the two members: the reader skips their JSON.</summary>
        private static readonly JsonTypeInfo<JobRecord> WithoutEmissions = (JsonTypeInfo<JobRecord>)new JsonSerializerOptions(CoreJsonContext.Default.Options)
        {
            TypeInfoResolver = CoreJsonContext.Default.WithAddedModifier(contract =>
            {
                if (contract.Type == typeof(JobRecord))
                {
                    foreach (var skipped in contract.Properties.Where(p => p.Name is nameof(JobRecord.Emitted) or nameof(JobRecord.StatusReasons)).ToList())
                    {
                        contract.Properties.Remove(skipped);
                    }
                }
            }),
        }.GetTypeInfo(typeof(JobRecord));

        public JobRecord Read(string key, ReadOnlySpan<byte> payload) =>
            // StatusFirstSeen keeps the serializer's default comparer: for string keys it compares ordinally too.
            JsonSerializer.Deserialize(payload, WithoutEmissions) ?? throw new InvalidDataException($"spilled job {key} is null");
    }
}
