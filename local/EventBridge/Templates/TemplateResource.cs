using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.EventBridge.Templates;

/// <summary>One entry of the template's Resources section. Properties is empty (not null) when absent.</summary>
public sealed record TemplateResource(string LogicalId, string Type, JsonObject Properties, string? Condition, JsonObject Definition);
