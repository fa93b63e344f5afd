using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>ExpressionAttributeNames (#n) and ExpressionAttributeValues (:v) of one request.</summary>
internal sealed class ExpressionContext(JsonObject? names, JsonObject? values)
{
    public string Name(string token)
    {
        if (!token.StartsWith('#'))
        {
            return token;
        }

        return names is not null && JsonValues.TryGetString(names[token], out var name)
            ? name
            : throw new DynamoDbValidationException($"Value provided in ExpressionAttributeNames unused in expressions or undefined: An expression attribute name used in the document path is not defined; attribute name: {token}");
    }

    public JsonNode Value(string token) =>
        values is not null && values[token] is JsonObject value
            ? value
            : throw new DynamoDbValidationException($"An expression attribute value used in expression is not defined; attribute value: {token}");
}
