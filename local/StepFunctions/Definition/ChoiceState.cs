using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Choice: the first rule that holds picks Next; else Default; else States.NoChoiceMatched.</summary>
internal sealed class ChoiceState : StateNode
{
    private readonly (ChoiceCondition Condition, string Next)[] _rules;
    private readonly string? _default;

    public ChoiceState(string name, JsonObject json)
        : base(name, json)
    {
        var choices = json.TryGetPropertyValue("Choices", out var node) ? DefinitionReader.Array(node, name, "Choices") : throw new DefinitionException($"State '{name}': a Choice state needs 'Choices'");
        if (choices.Count == 0)
        {
            throw new DefinitionException($"State '{name}': 'Choices' must not be empty");
        }

        _rules = choices.Select(c =>
        {
            var rule = DefinitionReader.Object(c, name, "Choices");
            var next = DefinitionReader.OptionalString(rule, "Next", name) ?? throw new DefinitionException($"State '{name}': every Choice rule needs 'Next'");
            return (ChoiceConditionParser.Parse(rule, name), next);
        }).ToArray();
        _default = DefinitionReader.OptionalString(json, "Default", name);
    }

    public override bool NeedsNextOrEnd => false;

    public override IEnumerable<string> Targets => _rules.Select(r => r.Next).Concat(_default is null ? [] : [_default]);

    public override ValueTask<StateOutcome> RunAsync(JsonNode? rawInput, StateRun run)
    {
        var effective = InputPath.Apply(run.Scope(rawInput));
        var scope = run.Scope(effective);
        foreach (var (condition, next) in _rules)
        {
            if (condition.Evaluate(scope))
            {
                return ValueTask.FromResult(new StateOutcome(OutputPath.Apply(scope), next));
            }
        }

        if (_default is null)
        {
            throw new StatesErrorException(StatesErrors.NoChoiceMatched, $"No Matches! State '{Name}' matched no rule and has no Default (input {JsonValues.ToCompactJson(effective)})");
        }

        return ValueTask.FromResult(new StateOutcome(OutputPath.Apply(scope), _default));
    }
}
