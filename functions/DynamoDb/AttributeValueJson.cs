using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace BatchRuntimeMonitor.DynamoDb;

/// <summary>
/// Converts between DynamoDB's attribute-value JSON (as GetItem returns it to Step Functions) and the SDK's
/// AttributeValue, so item layouts are defined once in the core as JSON.
/// </summary>
public static class AttributeValueJson
{
    public static Dictionary<string, AttributeValue> ToSdkItem(JsonObject item)
    {
        var result = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in item)
        {
            result[name] = ToSdk(value as JsonObject ?? throw new ArgumentException($"attribute {name} is not an attribute-value object"));
        }

        return result;
    }

    public static AttributeValue ToSdk(JsonObject value)
    {
        var (type, content) = value.Single();
        return type switch
        {
            "S" => new AttributeValue { S = content!.GetValue<string>() },
            "N" => new AttributeValue { N = content!.GetValue<string>() },
            "BOOL" => new AttributeValue { BOOL = content!.GetValue<bool>() },
            "NULL" => new AttributeValue { NULL = true },
            "SS" => new AttributeValue { SS = content!.AsArray().Select(v => v!.GetValue<string>()).ToList() },
            "NS" => new AttributeValue { NS = content!.AsArray().Select(v => v!.GetValue<string>()).ToList() },
            "L" => new AttributeValue { L = content!.AsArray().Select(v => ToSdk(v!.AsObject())).ToList() },
            "M" => new AttributeValue { M = ToSdkItem(content!.AsObject()) },
            _ => throw new ArgumentException($"attribute type {type} is not supported"),
        };
    }

    public static JsonObject ToJsonItem(Dictionary<string, AttributeValue> item)
    {
        var result = new JsonObject();
        foreach (var (name, value) in item)
        {
            result[name] = ToJson(value);
        }

        return result;
    }

    public static JsonObject ToJson(AttributeValue value)
    {
        if (value.S is not null) return new JsonObject { ["S"] = value.S };
        if (value.N is not null) return new JsonObject { ["N"] = value.N };
        if (value.BOOL is not null) return new JsonObject { ["BOOL"] = value.BOOL.Value };
        if (value.NULL == true) return new JsonObject { ["NULL"] = true };
        if (value.SS is { Count: > 0 }) return new JsonObject { ["SS"] = new JsonArray(value.SS.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) };
        if (value.NS is { Count: > 0 }) return new JsonObject { ["NS"] = new JsonArray(value.NS.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) };
        if (value.L is not null) return new JsonObject { ["L"] = new JsonArray(value.L.Select(v => (JsonNode)ToJson(v)).ToArray()) };
        if (value.M is not null) return new JsonObject { ["M"] = ToJsonItem(value.M) };
        return new JsonObject { ["NULL"] = true };
    }

    public static JsonElement ToElement(Dictionary<string, AttributeValue> item) => JsonSerializer.SerializeToElement(ToJsonItem(item), DynamoDbJsonContext.Default.JsonObject);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class DynamoDbJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
