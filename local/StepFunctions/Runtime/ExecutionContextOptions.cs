using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Identity and seeds of one execution, as seen through the "$$" context object.</summary>
public sealed record ExecutionContextOptions
{
    public string StateMachineName { get; init; } = "local";

    public string StateMachineArn { get; init; } = "arn:aws:states:us-east-1:123456789012:stateMachine:local";

    public string ExecutionName { get; init; } = "local-execution";

    /// <summary>
    /// When set, names the execution instead of <see cref="ExecutionName"/>, from the execution's input and
    /// <see cref="ExecutionNumber"/>, called once when the name is first read ($$.Execution.Name or Id): a caller that
    /// names every execution after its input (a replay: after its event's id) then reads the input only for the few
    /// executions that read their name. Called while the execution runs. A static function, with the per-execution
    /// part in the arguments, costs nothing per execution; a closure over each execution's input cost two objects.
    /// </summary>
    public Func<JsonNode?, long, string>? ExecutionNamer { get; init; }

    /// <summary>What <see cref="ExecutionNamer"/> is given with the input (a replay: the execution's number in it).</summary>
    public long ExecutionNumber { get; init; }

    /// <summary>Defaults to the state machine ARN with ":execution:" and the execution name, like AWS.</summary>
    public string? ExecutionArn { get; init; }

    public string RoleArn { get; init; } = "arn:aws:iam::123456789012:role/local-step-functions";

    /// <summary>$$.Execution.StartTime; defaults to the clock's Now when the execution starts.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Seeds States.UUID, States.MathRandom without seed and FULL retry jitter; null draws a random seed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// The JSON text the execution's input was parsed from, when the caller has it (a replay's JSON Lines line), else
    /// empty. It must be the text of exactly the input node given to the execution. When it is already in the form the
    /// interpreter writes JSON in (<see cref="WriterFormJson"/>: true of compact text without escapes), a message body
    /// that embeds "$$.Execution.Input" copies it instead of writing the input again: the same bytes, for less work.
    /// </summary>
    public ReadOnlyMemory<byte> InputText { get; init; }

    /// <summary>
    /// True when the caller never reads <see cref="ExecutionResult.Output"/> (a replay keeps the messages the executions
    /// sent, not their outputs): the output is then null, and the last state's result, which would only have become the
    /// output, is not built (sqs:sendMessage's {MessageId}). Errors are the same either way: a state whose
    /// ResultSelector or OutputPath could fail on the result still gets it.
    /// </summary>
    public bool DiscardOutput { get; init; }

    /// <summary>
    /// False to count the states entered (<see cref="ExecutionResult.StateTransitions"/>) without listing their names
    /// (<see cref="ExecutionResult.StatesEntered"/> is then empty): a caller that only counts saves a list per execution.
    /// </summary>
    public bool RecordStatesEntered { get; init; } = true;

    /// <summary>
    /// <see cref="ExecutionInputText.DepthBound"/> of <see cref="InputText"/>, when the caller worked it out already;
    /// null to have the execution work it out the first time a body embeds the input. A wrong value makes bodies
    /// wrong, so give exactly what that method returned for this text.
    /// </summary>
    public int? InputTextDepthBound { get; init; }
}
