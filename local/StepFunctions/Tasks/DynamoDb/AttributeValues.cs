using System.Globalization;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>Helpers over attribute-value JSON: {"S":"x"}, {"N":"1"}, {"BOOL":true}, {"M":{}}, {"L":[]}, {"SS":[]}, ...</summary>
internal static class AttributeValues
{
    public static string TypeOf(JsonNode? value) =>
        value is JsonObject obj && obj.Count == 1 ? obj.First().Key : throw new DynamoDbValidationException($"Invalid attribute value {JsonValues.ToCompactJson(value)}");

    public static JsonNode? Payload(JsonNode? value) => ((JsonObject)value!).First().Value;

    public static JsonObject Number(decimal value) => new() { ["N"] = value.ToString(CultureInfo.InvariantCulture) };

    public static decimal ToNumber(JsonNode? value) =>
        TypeOf(value) == "N" && JsonValues.TryGetString(Payload(value), out var text)
            ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw new DynamoDbValidationException($"An operand in the expression has an incorrect data type: expected a number, got {JsonValues.ToCompactJson(value)}");

    public static bool IsSet(string type) => type is "SS" or "NS" or "BS";

    /// <summary>DynamoDB equality: same type and value; numbers numerically; sets regardless of order.</summary>
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        var type = TypeOf(a);
        if (type != TypeOf(b))
        {
            return false;
        }

        return type switch
        {
            "N" => ToNumber(a) == ToNumber(b),
            "SS" or "NS" or "BS" => SetItems(a).SetEquals(SetItems(b)),
            _ => JsonValues.DeepEquals(Payload(a), Payload(b)),
        };
    }

    /// <summary>Ordering for &lt; &gt; BETWEEN: numbers, strings and binary of the same type; else null (comparison false).</summary>
    public static int? Compare(JsonNode? a, JsonNode? b)
    {
        var type = TypeOf(a);
        if (type != TypeOf(b))
        {
            return null;
        }

        return type switch
        {
            "N" => ToNumber(a).CompareTo(ToNumber(b)),
            "S" or "B" => string.CompareOrdinal(Payload(a)!.GetValue<string>(), Payload(b)!.GetValue<string>()),
            _ => null,
        };
    }

    public static HashSet<string> SetItems(JsonNode? set) =>
        Payload(set) is JsonArray items
            ? items.Select(i => TypeOf(set) == "NS" ? decimal.Parse(i!.GetValue<string>(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : [];
}
