using System.Buffers;
using BatchRuntimeMonitor.Core.Jobs;

namespace BatchRuntimeMonitor.Local.Brm.Replay.Spill;

/// <summary>
/// A job record spilled in a compact binary layout of its stored members (<see cref="SpillPayloadWriter"/>), in
/// declaration order, with the two that the ledger lines do not show, <see cref="JobRecord.StatusReasons"/> and
/// <see cref="JobRecord.Emitted"/>, last. Written and read back as JSON (CoreJsonContext) they were most of the spill's
/// cost on the functions' thread and of the ledger export (docs/performance.md). A member added to JobRecord or
/// JobAttempt must be added here: Integration.Tests' SpillingRecordStoreTests fill every member and compare the JSON of
/// the record read back with the JSON of the one written, so a member left out fails there.
/// Reading creates the collections with the ordinal comparers JobRecord creates them with.
/// </summary>
public sealed class JobRecordSpillCodec : ISpillCodec<JobRecord>
{
    /// <summary>
    /// Reads spilled jobs for their ledger line (jobs.jsonl) and nothing else: <see cref="JobRecord.StatusReasons"/> and
    /// <see cref="JobRecord.Emitted"/>, at the end of the payload, are not read and left empty. The emission keys are
    /// most of a spilled job and the line shows neither (a test holds the line to the one of a full read).
    /// </summary>
    public static ISpillReader<JobRecord> ForLedgerLines { get; } = new LedgerLineReader();

    public void Write(JobRecord record, IBufferWriter<byte> payload)
    {
        var writer = new SpillPayloadWriter(payload);
        writer.WriteString(record.JobId);
        writer.WriteString(record.JobName);
        writer.WriteString(record.JobQueue);
        writer.WriteString(record.JobDefinition);
        writer.WriteString(record.ComputeEnvironment);
        writer.WriteString(record.Platform);
        writer.WriteString(record.ParentJobId);
        writer.WriteInt32(record.ArrayIndex);
        writer.WriteInt32(record.ArraySize);
        writer.WriteInt32(record.NodeIndex);
        writer.WriteInt64(record.CreatedAt);
        writer.WriteInt64(record.FirstObservedAt);
        writer.WriteCount(record.StatusFirstSeen.Count);
        foreach (var (status, at) in record.StatusFirstSeen)
        {
            writer.WriteString(status);
            writer.WriteInt64(at);
        }

        writer.WriteString(record.LatestStatus);
        writer.WriteInt64(record.LatestStatusAt);
        writer.WriteString(record.StatusReason);
        writer.WriteInt64(record.StatusReasonAt);
        writer.WriteCount(record.Attempts.Count);
        foreach (var attempt in record.Attempts)
        {
            WriteAttempt(writer, attempt);
        }

        writer.WriteCount(record.DependsOn.Count);
        foreach (var dependency in record.DependsOn)
        {
            writer.WriteString(dependency.JobId);
            writer.WriteString(dependency.Type);
        }

        writer.WriteInt64(record.ExpiresAt);

        // What the ledger lines do not show, last, so that their reader can stop before it.
        var reasons = record.HasStatusReasons ? record.StatusReasons : null;
        writer.WriteCount(reasons?.Count ?? 0);
        foreach (var (status, reason) in reasons ?? [])
        {
            writer.WriteString(status);
            writer.WriteInt64(reason.At);
            writer.WriteString(reason.Reason);
        }

        // In order, without creating the record's set (JobRecord.EmittedKeys).
        writer.WriteCount(record.EmittedKeys.Count);
        foreach (var key in record.EmittedKeys)
        {
            writer.WriteString(key);
        }
    }

    public JobRecord Read(string key, ReadOnlySpan<byte> payload)
    {
        var reader = new SpillPayloadReader(payload);
        var record = ReadShown(ref reader);
        var reasons = reader.ReadCount();
        if (reasons > 0)
        {
            var statusReasons = record.StatusReasons;
            for (var i = 0; i < reasons; i++)
            {
                var status = Required(reader.ReadString(), "a status reason's status");
                statusReasons[status] = new JobStatusReason(reader.ReadInt64(), Required(reader.ReadString(), "a status reason"));
            }
        }

        var emitted = new string[reader.ReadCount()];
        for (var i = 0; i < emitted.Length; i++)
        {
            emitted[i] = Required(reader.ReadString(), "an emission key");
        }

        // Written in ordinal order (the ledger's): taken as they are, the set created only if someone asks for it.
        record.EmittedKeys = EmittedKeys.Of(emitted);
        return reader.AtEnd ? record : throw new InvalidDataException($"spilled job {key} has bytes after its last member");
    }

    /// <summary>Every member but the status reasons and the emission keys.</summary>
    private static JobRecord ReadShown(ref SpillPayloadReader reader)
    {
        var record = new JobRecord
        {
            JobId = Required(reader.ReadString(), "the job id"),
            JobName = reader.ReadString(),
            JobQueue = reader.ReadString(),
            JobDefinition = reader.ReadString(),
            ComputeEnvironment = reader.ReadString(),
            Platform = reader.ReadString(),
            ParentJobId = reader.ReadString(),
            ArrayIndex = reader.ReadOptionalInt32(),
            ArraySize = reader.ReadOptionalInt32(),
            NodeIndex = reader.ReadOptionalInt32(),
            CreatedAt = reader.ReadOptionalInt64(),
            FirstObservedAt = reader.ReadOptionalInt64(),
        };
        var statuses = reader.ReadCount();
        for (var i = 0; i < statuses; i++)
        {
            record.StatusFirstSeen[Required(reader.ReadString(), "a status")] = reader.ReadInt64();
        }

        record.LatestStatus = reader.ReadString();
        record.LatestStatusAt = reader.ReadOptionalInt64();
        record.StatusReason = reader.ReadString();
        record.StatusReasonAt = reader.ReadOptionalInt64();
        var attempts = reader.ReadCount();
        record.Attempts.Capacity = attempts;
        for (var i = 0; i < attempts; i++)
        {
            record.Attempts.Add(ReadAttempt(ref reader));
        }

        var dependencies = reader.ReadCount();
        for (var i = 0; i < dependencies; i++)
        {
            record.DependsOn.Add(new JobDependency(Required(reader.ReadString(), "a dependency's job id"), reader.ReadString()));
        }

        record.ExpiresAt = reader.ReadOptionalInt64();
        return record;
    }

    private static void WriteAttempt(SpillPayloadWriter writer, JobAttempt attempt)
    {
        writer.WriteString(attempt.Key);
        writer.WriteString(attempt.TaskArn);
        writer.WriteString(attempt.ContainerInstanceArn);
        writer.WriteString(attempt.LogStreamName);
        writer.WriteInt32(attempt.ExitCode);
        writer.WriteString(attempt.StatusReason);
        writer.WriteString(attempt.ContainerReason);
        writer.WriteInt64(attempt.StartedAt);
        writer.WriteInt64(attempt.StoppedAt);
        writer.WriteString(attempt.InstanceId);
        writer.WriteString(attempt.InstanceType);
        writer.WriteString(attempt.AvailabilityZone);
        writer.WriteString(attempt.Architecture);
    }

    private static JobAttempt ReadAttempt(ref SpillPayloadReader reader) => new()
    {
        Key = Required(reader.ReadString(), "an attempt's key"),
        TaskArn = reader.ReadString(),
        ContainerInstanceArn = reader.ReadString(),
        LogStreamName = reader.ReadString(),
        ExitCode = reader.ReadOptionalInt32(),
        StatusReason = reader.ReadString(),
        ContainerReason = reader.ReadString(),
        StartedAt = reader.ReadOptionalInt64(),
        StoppedAt = reader.ReadOptionalInt64(),
        InstanceId = reader.ReadString(),
        InstanceType = reader.ReadString(),
        AvailabilityZone = reader.ReadString(),
        Architecture = reader.ReadString(),
    };

    private static string Required(string? value, string what) =>
        value ?? throw new InvalidDataException($"a spilled job is damaged: {what} is null");

    private sealed class LedgerLineReader : ISpillReader<JobRecord>
    {
        public JobRecord Read(string key, ReadOnlySpan<byte> payload)
        {
            var reader = new SpillPayloadReader(payload);
            return ReadShown(ref reader);
        }
    }
}
