namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A definition, input or table file that cannot be read or is invalid; `brm sfn run` maps it to exit code 1.
/// </summary>
public sealed class SfnRunInputException(string message, Exception? inner = null) : Exception(message, inner);
