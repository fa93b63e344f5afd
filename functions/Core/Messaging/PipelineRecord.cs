using System.Text.Json.Serialization;
using BatchRuntimeMonitor.Core.Events;
using BatchRuntimeMonitor.Core.Instances;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// The SQS message body every state machine sends and every function reads (docs/architecture.md), read in one
/// pass straight into the event family's typed detail once <see cref="PipelineMessage.Kind"/> says which it is.
/// Defined once here so the contract cannot drift between producers and consumers.
/// </summary>
/// <remarks>
/// Properties are settable rather than init-only on purpose: System.Text.Json's source generator reads init-only
/// properties through its parameterized-constructor path, which caches every argument (boxing value types) and
/// measured as the largest single cost of reading a record (docs/performance.md).
/// </remarks>
public sealed class PipelineRecord<TDetail>
    where TDetail : class
{
    [JsonPropertyName("schema")] public int Schema { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }

    /// <summary>The EventBridge event exactly as the rule delivered it.</summary>
    [JsonPropertyName("event")] public EventBridgeEvent<TDetail>? Event { get; set; }

    [JsonPropertyName("join")] public JoinResult? Join { get; set; }

    [JsonPropertyName("metricsCollection")] public MetricsCollectionOutcome? MetricsCollection { get; set; }
}

/// <summary>The contract's version, checked before anything else is read.</summary>
public static class PipelineSchema
{
    public const int Current = 1;
}

/// <summary>The state machine's DynamoDB join of the event's container instance.</summary>
public sealed class JoinResult
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; set; }
    [JsonPropertyName("found")] public bool Found { get; set; }
    [JsonPropertyName("attempts")] public int? Attempts { get; set; }

    /// <summary>The instances-table item as GetItem returned it (attribute-value JSON), read with the table's own mapping.</summary>
    [JsonPropertyName("item")]
    [JsonConverter(typeof(InstanceItemJsonConverter))]
    public InstanceRecord? Item { get; set; }
}

/// <summary>The outcome of the ASG state machine's EnableMetricsCollection call.</summary>
public sealed class MetricsCollectionOutcome
{
    [JsonPropertyName("enabled")] public bool Enabled { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}
