using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One Catch entry: errors to match, the state to go to and where the {"Error","Cause"} object goes.</summary>
internal sealed class Catcher
{
    public Catcher(JsonObject json, string stateName)
    {
        ErrorEquals = ErrorEqualsList.Read(json, stateName, "Catch");
        Next = DefinitionReader.OptionalString(json, "Next", stateName)
            ?? throw new DefinitionException($"State '{stateName}': every Catch entry needs 'Next'");
        ResultPath = OptionalResultPath.Read(json, stateName);
    }

    public IReadOnlyList<string> ErrorEquals { get; }

    public string Next { get; }

    public OptionalResultPath ResultPath { get; }
}
