using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Reads and checks an ErrorEquals list: non-empty, and States.ALL only alone.</summary>
internal static class ErrorEqualsList
{
    public static IReadOnlyList<string> Read(JsonObject json, string stateName, string field)
    {
        if (!json.TryGetPropertyValue("ErrorEquals", out var node))
        {
            throw new DefinitionException($"State '{stateName}': every {field} entry needs 'ErrorEquals'");
        }

        var errors = DefinitionReader.StringList(node, stateName, "ErrorEquals");
        if (errors.Count == 0)
        {
            throw new DefinitionException($"State '{stateName}': {field} ErrorEquals must not be empty");
        }

        if (errors.Contains(StatesErrors.All) && errors.Count > 1)
        {
            throw new DefinitionException($"State '{stateName}': {field} ErrorEquals must list States.ALL alone");
        }

        return errors;
    }

    /// <summary>States.ALL must be in the last retrier/catcher, since nothing after it could ever match.</summary>
    public static void CheckAllIsLast(IReadOnlyList<IReadOnlyList<string>> lists, string stateName, string field)
    {
        for (var i = 0; i < lists.Count - 1; i++)
        {
            if (lists[i].Contains(StatesErrors.All))
            {
                throw new DefinitionException($"State '{stateName}': a {field} entry with States.ALL must be the last one");
            }
        }
    }
}
