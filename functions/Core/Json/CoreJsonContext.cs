using System.Text.Json.Serialization;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;
using BatchRuntimeMonitor.Core.Jobs;
using BatchRuntimeMonitor.Core.Messaging;
using BatchRuntimeMonitor.Core.Sqs;

namespace BatchRuntimeMonitor.Core.Json;

/// <summary>
/// Source-generated serialization for every type that crosses a JSON boundary: no reflection at run time, so the
/// functions start fast and trim. Unknown fields in events are skipped; nulls are not written.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(EventBridgeEvent<BatchJobDetail>))]
[JsonSerializable(typeof(EventBridgeEvent<EcsTaskDetail>))]
[JsonSerializable(typeof(EventBridgeEvent<EcsContainerInstanceDetail>))]
[JsonSerializable(typeof(EventBridgeEvent<CloudTrailRecord>))]
[JsonSerializable(typeof(EcsContainerInstanceDetail))]
[JsonSerializable(typeof(InstanceIdentityDocument))]
[JsonSerializable(typeof(InstanceRecord))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(JobInsight))]
[JsonSerializable(typeof(JobLedgerLine))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class CoreJsonContext : JsonSerializerContext;
