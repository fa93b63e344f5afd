using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Json;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>Parses SQS bodies into pipeline records and their typed events; every failure names the target type.</summary>
public static class PipelineRecordReader
{
    public static PipelineRecord Parse(string body)
    {
        PipelineRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(body, CoreJsonContext.Default.PipelineRecord);
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"body is not a {nameof(PipelineRecord)}: {ex.Message}", ex);
        }

        if (record is null)
        {
            throw new RecordRejectedException("body is JSON null, not a pipeline record");
        }

        if (record.Schema != PipelineRecord.CurrentSchema)
        {
            throw new RecordRejectedException($"schema {record.Schema} is not supported (expected {PipelineRecord.CurrentSchema})");
        }

        if (record.Kind is null || !RecordKind.All.Contains(record.Kind))
        {
            throw new RecordRejectedException($"unknown kind '{record.Kind}'");
        }

        if (record.Event.ValueKind != JsonValueKind.Object)
        {
            throw new RecordRejectedException($"kind {record.Kind} has no event object");
        }

        return record;
    }

    /// <summary>The record's event with a typed detail; a missing detail is a rejection, not a null later on.</summary>
    public static EventBridgeEvent<TDetail> ReadEvent<TDetail>(PipelineRecord record, JsonTypeInfo<EventBridgeEvent<TDetail>> typeInfo)
        where TDetail : class
    {
        EventBridgeEvent<TDetail>? parsed;
        try
        {
            parsed = record.Event.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            throw new RecordRejectedException($"{record.Kind} event does not read as {typeof(TDetail).Name}: {ex.Message}", ex);
        }

        if (parsed?.Detail is null)
        {
            throw new RecordRejectedException($"{record.Kind} event has no detail");
        }

        return parsed;
    }
}
