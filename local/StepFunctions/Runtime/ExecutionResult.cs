using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>How an execution ended.</summary>
public sealed record ExecutionResult
{
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    /// <summary>"SUCCEEDED" or "FAILED".</summary>
    public required string Status { get; init; }

    /// <summary>
    /// The final output when SUCCEEDED. Never (part of) the input's tree, but it may read the same parsed document
    /// as the input did: a caller that disposes that document first takes a DeepClone of the output it keeps.
    /// </summary>
    public JsonNode? Output { get; init; }

    /// <summary>The error name when FAILED.</summary>
    public string? Error { get; init; }

    /// <summary>The cause when FAILED.</summary>
    public string? Cause { get; init; }

    /// <summary>
    /// Names of the states entered, in order (including states inside Parallel branches and Map iterations); empty
    /// when the execution was told not to record them (<see cref="ExecutionContextOptions.RecordStatesEntered"/>).
    /// </summary>
    public required IReadOnlyList<string> StatesEntered { get; init; }

    /// <summary>How many states were entered, recorded or not: what AWS bills a standard workflow's transitions by.</summary>
    public required int StateTransitions { get; init; }

    public bool IsSuccess => Status == Succeeded;
}
