using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Typed reads of definition fields that fail with a message naming the state and field.</summary>
internal static class DefinitionReader
{
    public static string String(JsonNode? node, string stateName, string field) =>
        JsonValues.TryGetString(node, out var text) ? text : throw Invalid(stateName, field, "a string");

    public static string? OptionalString(JsonObject obj, string field, string stateName) =>
        obj.TryGetPropertyValue(field, out var node) && node is not null ? String(node, stateName, field) : null;

    public static double? OptionalNumber(JsonObject obj, string field, string stateName)
    {
        if (!obj.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        return JsonValues.TryGetNumber(node, out var value) ? value : throw Invalid(stateName, field, "a number");
    }

    public static bool OptionalBoolean(JsonObject obj, string field, string stateName)
    {
        if (!obj.TryGetPropertyValue(field, out var node) || node is null)
        {
            return false;
        }

        return JsonValues.TryGetBoolean(node, out var value) ? value : throw Invalid(stateName, field, "a boolean");
    }

    public static JsonObject Object(JsonNode? node, string stateName, string field) =>
        node as JsonObject ?? throw Invalid(stateName, field, "an object");

    public static JsonArray Array(JsonNode? node, string stateName, string field) =>
        node as JsonArray ?? throw Invalid(stateName, field, "an array");

    public static IReadOnlyList<string> StringList(JsonNode? node, string stateName, string field) =>
        Array(node, stateName, field).Select(item => String(item, stateName, field)).ToArray();

    public static JsonPath Path(string text, string stateName, string field)
    {
        try
        {
            return JsonPath.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new DefinitionException($"State '{stateName}': invalid {field}: {ex.Message}");
        }
    }

    private static DefinitionException Invalid(string stateName, string field, string expected) =>
        new($"State '{stateName}': field '{field}' must be {expected}");

    public static bool IsKind(JsonNode? node, JsonValueKind kind) => JsonValues.Kind(node) == kind;
}
