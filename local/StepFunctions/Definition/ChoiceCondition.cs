using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A compiled Choice rule condition (a data test, or And/Or/Not over nested conditions).</summary>
internal abstract class ChoiceCondition
{
    public abstract bool Evaluate(EvaluationScope scope);
}

internal sealed class AndCondition(ChoiceCondition[] all) : ChoiceCondition
{
    // A loop, not Array.TrueForAll: a lambda over the scope would allocate a closure on every evaluation.
    public override bool Evaluate(EvaluationScope scope)
    {
        foreach (var condition in all)
        {
            if (!condition.Evaluate(scope))
            {
                return false;
            }
        }

        return true;
    }
}

internal sealed class OrCondition(ChoiceCondition[] any) : ChoiceCondition
{
    public override bool Evaluate(EvaluationScope scope)
    {
        foreach (var condition in any)
        {
            if (condition.Evaluate(scope))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class NotCondition(ChoiceCondition inner) : ChoiceCondition
{
    public override bool Evaluate(EvaluationScope scope) => !inner.Evaluate(scope);
}

/// <summary>IsPresent: the only test that tolerates a missing Variable.</summary>
internal sealed class IsPresentCondition(JsonPath variable, bool expected) : ChoiceCondition
{
    public override bool Evaluate(EvaluationScope scope) => scope.IsPresent(variable) == expected;
}

/// <summary>A data test on one Variable: a missing Variable is a States.Runtime error, as in AWS.</summary>
internal sealed class DataTestCondition(JsonPath variable, string operatorName, Func<JsonNode?, EvaluationScope, bool> test) : ChoiceCondition
{
    public override bool Evaluate(EvaluationScope scope)
    {
        if (!scope.TrySelect(variable, out var value))
        {
            throw new StatesErrorException(
                StatesErrors.Runtime,
                $"An error occurred while executing the state '{scope.StateName}'. Invalid path '{variable.Text}': The choice state's condition path references an invalid value (operator {operatorName}).");
        }

        return test(value, scope);
    }
}
