using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// A parsed, validated and compiled state machine (JSONPath dialect). Parse once and run many executions: every
/// path, template and intrinsic function is compiled here, not per execution.
/// </summary>
public sealed class StateMachineDefinition
{
    private StateMachineDefinition(StatesBlock root, string? comment, double? timeoutSeconds)
    {
        Root = root;
        Comment = comment;
        TimeoutSeconds = timeoutSeconds;
    }

    public string? Comment { get; }

    public double? TimeoutSeconds { get; }

    public string StartAt => Root.StartAt;

    public IReadOnlyCollection<string> StateNames => (IReadOnlyCollection<string>)Root.States.Keys;

    internal StatesBlock Root { get; }

    /// <summary>Parses definition text; throws <see cref="DefinitionException"/> naming the offending state.</summary>
    public static StateMachineDefinition Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw new DefinitionException($"The definition is not valid JSON: {ex.Message}");
        }

        DefinitionStrings.RequireReadable(json);

        if (node is not JsonObject root)
        {
            throw new DefinitionException("The definition must be a JSON object");
        }

        if (root["QueryLanguage"] is { } language && JsonValues.TryGetString(language, out var lang) && lang != "JSONPath")
        {
            throw new DefinitionException($"QueryLanguage '{lang}' is not supported; only the JSONPath dialect is");
        }

        var block = StatesBlock.Parse(root, "State machine");
        block.MarkTopLevel();
        return new StateMachineDefinition(
            block,
            DefinitionReader.OptionalString(root, "Comment", "(top level)"),
            DefinitionReader.OptionalNumber(root, "TimeoutSeconds", "(top level)"));
    }
}
