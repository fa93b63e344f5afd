using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>The EventBridge envelope; <typeparamref name="TDetail"/> is the event family's detail.</summary>
public sealed class EventBridgeEvent<TDetail>
    where TDetail : class
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("detail-type")]
    public string? DetailType { get; init; }

    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("account")]
    public string? Account { get; init; }

    /// <summary>Whole-second resolution, as EventBridge sends it; the status first-seen times come from here.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("region")]
    public string? Region { get; init; }

    [JsonPropertyName("resources")]
    public IReadOnlyList<string>? Resources { get; init; }

    [JsonPropertyName("detail")]
    public TDetail? Detail { get; init; }
}
