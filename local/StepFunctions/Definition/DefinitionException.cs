namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A state machine definition that is not valid Amazon States Language; the message names the state.</summary>
public sealed class DefinitionException(string message) : Exception(message);
