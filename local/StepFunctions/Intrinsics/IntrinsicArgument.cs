using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One argument of an intrinsic function call, compiled once.</summary>
internal abstract class IntrinsicArgument
{
    /// <summary>True when the argument has the same value in every evaluation (a literal, or a constant call).</summary>
    public virtual bool IsConstant => false;

    public abstract JsonNode? Evaluate(EvaluationScope scope);
}

internal sealed class LiteralArgument(JsonNode? value) : IntrinsicArgument
{
    public JsonNode? Value { get; } = value;

    public override bool IsConstant => true;

    public override JsonNode? Evaluate(EvaluationScope scope) => JsonValues.Clone(Value);
}

/// <summary>A string literal; States.Format needs the raw text too, to tell an escaped \{ from a placeholder.</summary>
internal sealed class StringArgument(string value, string raw) : IntrinsicArgument
{
    public string Value { get; } = value;

    public string Raw { get; } = raw;

    public override bool IsConstant => true;

    public override JsonNode? Evaluate(EvaluationScope scope) => JsonValue.Create(Value);
}

internal sealed class PathArgument(JsonPath path) : IntrinsicArgument
{
    public override JsonNode? Evaluate(EvaluationScope scope)
    {
        if (!scope.TrySelect(path, out var value))
        {
            throw new StatesErrorException(
                StatesErrors.Runtime,
                $"An error occurred while executing the state '{scope.StateName}'. The JsonPath argument '{path.Text}' of an intrinsic function could not be found in the input.");
        }

        return value;
    }
}

internal sealed class CallArgument(IntrinsicCall call) : IntrinsicArgument
{
    public override bool IsConstant => call.IsConstant;

    public override JsonNode? Evaluate(EvaluationScope scope) => call.Evaluate(scope);
}
