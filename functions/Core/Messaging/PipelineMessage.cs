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
    /// <summary>The whole record with its typed event; the event and its detail are present when this returns.</summary>
    public PipelineRecord<TDetail> Read<TDetail>(JsonTypeInfo<PipelineRecord<TDetail>> typeInfo)
        where TDetail : class
    {
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
