using System.Text.Json.Serialization;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Messaging;

namespace BatchRuntimeMonitor.Core.Json;

/// <summary>
/// Source-generated reading of the pipeline records the functions receive, one type per event family. Kept apart
/// from <see cref="CoreJsonContext"/> because its strings go through <see cref="RepeatedStringConverter"/>: events
/// repeat most of their strings, the records we store and write do not need it.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    Converters = [typeof(RepeatedStringConverter)])]
[JsonSerializable(typeof(PipelineRecord<BatchJobDetail>))]
[JsonSerializable(typeof(PipelineRecord<EcsTaskDetail>))]
[JsonSerializable(typeof(PipelineRecord<EcsContainerInstanceDetail>))]
[JsonSerializable(typeof(PipelineRecord<CloudTrailRecord>))]
public sealed partial class PipelineJsonContext : JsonSerializerContext;
