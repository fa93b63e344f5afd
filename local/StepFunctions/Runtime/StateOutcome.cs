using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>What a state produced: its output and the next state's name (null ends the block).</summary>
internal readonly record struct StateOutcome(JsonNode? Output, string? Next);
