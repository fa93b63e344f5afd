using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Messaging;

/// <summary>
/// The SQS message body every state machine sends and every function reads (docs/architecture.md).
/// Defined once here so the contract cannot drift between producers and consumers.
/// </summary>
public sealed class PipelineRecord
{
    public const int CurrentSchema = 1;

    [JsonPropertyName("schema")] public int Schema { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }

    /// <summary>The EventBridge event exactly as the rule delivered it.</summary>
    [JsonPropertyName("event")] public JsonElement Event { get; init; }

    [JsonPropertyName("join")] public JoinResult? Join { get; init; }

    [JsonPropertyName("metricsCollection")] public MetricsCollectionOutcome? MetricsCollection { get; init; }
}

/// <summary>The state machine's DynamoDB join of the event's container instance.</summary>
public sealed class JoinResult
{
    [JsonPropertyName("containerInstanceArn")] public string? ContainerInstanceArn { get; init; }
    [JsonPropertyName("found")] public bool Found { get; init; }
    [JsonPropertyName("attempts")] public int? Attempts { get; init; }

    /// <summary>The instances-table item as GetItem returned it (attribute-value JSON).</summary>
    [JsonPropertyName("item")] public JsonElement Item { get; init; }
}

/// <summary>The outcome of the ASG state machine's EnableMetricsCollection call.</summary>
public sealed class MetricsCollectionOutcome
{
    [JsonPropertyName("enabled")] public bool Enabled { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
