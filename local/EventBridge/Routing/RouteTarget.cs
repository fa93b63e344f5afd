using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>A rule target that is a state machine, with the delivery settings the rule gives it (raw JSON).</summary>
public sealed record RouteTarget(
    string? TargetId,
    StateMachineDefinition StateMachine,
    JsonObject? RetryPolicy,
    JsonObject? DeadLetterConfig,
    string? InputPath,
    JsonNode? Input);
