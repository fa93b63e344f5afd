using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Creates the compiled state for a state's JSON by its Type.</summary>
internal static class StateParser
{
    public static StateNode Parse(string name, JsonObject json)
    {
        var type = DefinitionReader.OptionalString(json, "Type", name) ?? throw new DefinitionException($"State '{name}': 'Type' is missing");
        return type switch
        {
            "Pass" => new PassState(name, json),
            "Task" => new TaskState(name, json),
            "Choice" => new ChoiceState(name, json),
            "Wait" => new WaitState(name, json),
            "Succeed" => new SucceedState(name, json),
            "Fail" => new FailState(name, json),
            "Parallel" => new ParallelState(name, json),
            "Map" => new MapState(name, json),
            _ => throw new DefinitionException($"State '{name}': unknown state type '{type}'"),
        };
    }
}
