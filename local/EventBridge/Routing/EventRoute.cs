using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// One EventBridge rule of the template: an AWS::Events::Rule, or a rule SAM generates from a state machine's
/// EventBridgeRule/CloudWatchEvent event (then <see cref="RuleLogicalId"/> is SAM's generated id,
/// state machine id + event name, and <see cref="SamEventName"/> is set).
/// </summary>
public sealed record EventRoute(
    string RuleLogicalId,
    string? SamEventName,
    bool Enabled,
    string? EventBusName,
    JsonObject PatternJson,
    EventPattern Pattern,
    IReadOnlyList<RouteTarget> Targets)
{
    public bool Matches(JsonNode? @event) => Enabled && Pattern.Matches(@event);

    public bool Matches(JsonElement @event) => Enabled && Pattern.Matches(@event);
}
