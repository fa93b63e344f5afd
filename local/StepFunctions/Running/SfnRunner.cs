using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>One local execution from files, producing the JSON object `brm sfn run` prints.</summary>
public static class SfnRunner
{
    /// <summary>
    /// Runs a definition file on an input file with in-memory services: tables preloaded from
    /// <paramref name="tableFiles"/> (table name -> JSON array of attribute-value items), any SQS queue URL accepted.
    /// Returns {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":..,"cause":..}, plus "states" when
    /// <paramref name="trace"/>. Throws <see cref="SfnRunInputException"/> for unreadable or invalid files.
    /// </summary>
    public static async Task<JsonObject> RunAsync(
        string definitionPath,
        string inputPath,
        IReadOnlyDictionary<string, string> substitutions,
        IReadOnlyDictionary<string, string> tableFiles,
        bool trace,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(substitutions);
        ArgumentNullException.ThrowIfNull(tableFiles);
        var substituted = DefinitionSubstitutions.Apply(ReadFile(definitionPath, "definition"), substitutions);
        if (substituted.UnknownPlaceholders.Count > 0)
        {
            throw new SfnRunInputException($"The definition {definitionPath} has placeholders without a substitution: {string.Join(", ", substituted.UnknownPlaceholders.Select(p => "${" + p + "}"))}");
        }

        StateMachineDefinition definition;
        try
        {
            definition = StateMachineDefinition.Parse(substituted.Text);
        }
        catch (DefinitionException ex)
        {
            throw new SfnRunInputException($"The definition {definitionPath} is invalid: {ex.Message}", ex);
        }

        var input = ParseJson(ReadFile(inputPath, "input"), inputPath);
        var tables = new InMemoryDynamoDbTables { CreateTablesOnDemand = true };
        foreach (var (table, path) in tableFiles)
        {
            var items = ParseJson(ReadFile(path, $"table {table}"), path) as JsonArray
                ?? throw new SfnRunInputException($"The table file {path} must hold a JSON array of items");
            tables.Preload(table, items.Select(item => item as JsonObject ?? throw new SfnRunInputException($"The table file {path} holds a non-object item")).ToList());
        }

        var services = new LocalServices(tables, new InMemorySqsQueues { CreateQueuesOnDemand = true });
        var interpreter = new StepFunctionsInterpreter(services, new InstantClock());
        var name = Path.GetFileNameWithoutExtension(definitionPath).Replace(".asl", string.Empty, StringComparison.Ordinal);
        var options = new ExecutionContextOptions
        {
            StateMachineName = name,
            StateMachineArn = $"arn:aws:states:us-east-1:123456789012:stateMachine:{name}",
        };
        var result = await interpreter.ExecuteAsync(definition, input, options, cancellationToken).ConfigureAwait(false);
        return ToJson(result, trace);
    }

    /// <summary>The printed shape of a result.</summary>
    public static JsonObject ToJson(ExecutionResult result, bool trace)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = new JsonObject { ["status"] = result.Status };
        if (result.IsSuccess)
        {
            json["output"] = JsonValues.Detach(result.Output);
        }
        else
        {
            json["error"] = result.Error;
            json["cause"] = result.Cause;
        }

        if (trace)
        {
            json["states"] = new JsonArray(result.StatesEntered.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        }

        return json;
    }

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SfnRunInputException($"Cannot read the {what} file '{path}': {ex.Message}", ex);
        }
    }

    private static JsonNode? ParseJson(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new SfnRunInputException($"The file '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }
}
