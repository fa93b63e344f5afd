using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>A StartAt plus its States: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StatesBlock
{
    private StatesBlock(string startAt, Dictionary<string, StateNode> states)
    {
        StartAt = startAt;
        States = states;
    }

    public string StartAt { get; }

    public IReadOnlyDictionary<string, StateNode> States { get; }

    public static StatesBlock Parse(JsonObject json, string where)
    {
        var startAt = json.TryGetPropertyValue("StartAt", out var start) && JsonValues.TryGetString(start, out var s)
            ? s
            : throw new DefinitionException($"{where}: 'StartAt' is missing or not a string");
        if (!json.TryGetPropertyValue("States", out var statesNode) || statesNode is not JsonObject statesJson)
        {
            throw new DefinitionException($"{where}: 'States' is missing or not an object");
        }

        var states = new Dictionary<string, StateNode>(StringComparer.Ordinal);
        foreach (var (name, stateJson) in statesJson)
        {
            states[name] = StateParser.Parse(name, DefinitionReader.Object(stateJson, name, name));
        }

        var block = new StatesBlock(startAt, states);
        block.Validate(where);
        return block;
    }

    /// <summary>Marks this block as the definition's top level, whose End states end the execution.</summary>
    public void MarkTopLevel()
    {
        foreach (var state in States.Values)
        {
            state.MarkTopLevel();
        }
    }

    private void Validate(string where)
    {
        if (!States.ContainsKey(StartAt))
        {
            throw new DefinitionException($"{where}: StartAt '{StartAt}' does not name a state");
        }

        foreach (var state in States.Values)
        {
            if (state.NeedsNextOrEnd && (state.Next is null) == !state.IsEnd)
            {
                throw new DefinitionException($"State '{state.Name}': exactly one of 'Next' or 'End: true' is required");
            }

            foreach (var target in state.Targets)
            {
                if (!States.ContainsKey(target))
                {
                    throw new DefinitionException($"State '{state.Name}': transition target '{target}' does not name a state in {where}");
                }
            }
        }
    }
}
