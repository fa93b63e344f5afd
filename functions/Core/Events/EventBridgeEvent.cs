using System.Text.Json.Serialization;

namespace BatchRuntimeMonitor.Core.Events;

/// <summary>The EventBridge envelope; <typeparamref name="TDetail"/> is the event family's detail.</summary>
public sealed class EventBridgeEvent<TDetail>
    where TDetail : class
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("detail-type")]
    public string? DetailType { get; set; }

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    [JsonPropertyName("account")]
    public string? Account { get; set; }

    /// <summary>Whole-second resolution, as EventBridge sends it; the status first-seen times come from here.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("resources")]
    public IReadOnlyList<string>? Resources { get; set; }

    [JsonPropertyName("detail")]
    public TDetail? Detail { get; set; }
}
