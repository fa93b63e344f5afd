namespace BatchRuntimeMonitor.Local.EventBridge.Routing;

/// <summary>
/// A state machine of the template (AWS::Serverless::StateMachine or AWS::StepFunctions::StateMachine).
/// <see cref="DefinitionPath"/> is the DefinitionUri made absolute against the template's folder (null when the
/// definition is inline or in S3); substitutions are resolved with the caller's local values.
/// </summary>
public sealed record StateMachineDefinition(
    string LogicalId,
    string Type,
    string? DefinitionUri,
    string? DefinitionPath,
    IReadOnlyDictionary<string, string> DefinitionSubstitutions);
