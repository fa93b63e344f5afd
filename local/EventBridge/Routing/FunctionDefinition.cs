namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>An AWS::Serverless::Function; CodePath is CodeUri made absolute against the template's folder.</summary>
public sealed record FunctionDefinition(string LogicalId, string? Handler, string? CodeUri, string? CodePath, string? Runtime);
