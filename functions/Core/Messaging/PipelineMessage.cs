using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// An SQS body whose envelope <see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/> has checked (schema
/// supported, kind known, event an object) but whose event is not read yet: the processor for the kind reads it
/// once, straight into its typed detail. <see cref="Utf8Body"/> may be a reused buffer, valid while the record is
/// being processed.
/// </summary>
public readonly record struct PipelineMessage(string Kind, ReadOnlyMemory<byte> Utf8Body)
{
    /// <summary>
    /// True when only the body's first members, schema and kind, were checked (<see cref="PipelineRecordReader.Open"/>):
    /// reading the message then checks the rest of the envelope too, and must not return what
    /// <see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/> would have rejected.
    /// </summary>
    public bool RestUnchecked { get; init; }

    /// <summary>
    /// Checks what <see cref="PipelineRecordReader.Open"/> left unchecked, with <see cref="PipelineRecordReader.Parse(ReadOnlyMemory{byte})"/>'s
    /// pass and its reason for what is wrong; nothing when the envelope was checked whole.
    /// </summary>
    /// <exception cref="RecordRejectedException">
    /// The envelope is not a valid pipeline record, or its last "kind" member (the one that counts) is not the first.
    /// </exception>
    public void CheckRest()
    {
        if (RestUnchecked && PipelineRecordReader.Parse(Utf8Body).Kind != Kind)
        {
            // SqsBatchProcessor then processes the record as the kind it names last.
            throw new RecordRejectedException($"the record names kind {Kind} first and another kind last");
        }
    }

    /// <summary>The whole record with its typed event; the event and its detail are present when this returns.</summary>
    public PipelineRecord<TDetail> Read<TDetail>(JsonTypeInfo<PipelineRecord<TDetail>> typeInfo)
        where TDetail : class
    {
        // The metadata-driven read does not say which member it saw first or last: the envelope gets its own pass.
        CheckRest();
        PipelineRecord<TDetail>? record;
        try
        {
            record = JsonSerializer.Deserialize(Utf8Body.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"{Kind} event does not read as {typeof(TDetail).Name}: {ex.Message}", ex);
        }

        if (record?.Event?.Detail is null)
        {
            throw new RecordRejectedException($"{Kind} event has no detail");
        }

        return record;
    }
}
