using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Tests.StepFunctions.Moto;

/// <summary>
/// Makes a moto outcome and a local outcome comparable by removing exactly the fields that are random or that
/// moto is known not to produce. Everything else must match.
/// </summary>
public static partial class OutcomeNormaliser
{
    /// <summary>Object keys removed wherever they appear, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> DroppedKeys = new Dictionary<string, string>
    {
        ["SdkHttpMetadata"] = "AWS adds it to optimized-integration results; moto does not",
        ["SdkResponseMetadata"] = "AWS adds it to optimized-integration results; moto does not",
        ["MessageId"] = "random per send",
        ["MD5OfMessageBody"] = "moto serialises JSON bodies with Python's ', ' and ': ' separators, AWS (and we) compactly, so the digests differ",
        ["MD5OfMessageAttributes"] = "follows the body digest treatment",
        ["ConsumedCapacity"] = "moto adds it to UpdateItem results without ReturnConsumedCapacity; AWS does not",
    };

    public static JsonNode? Normalise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!DroppedKeys.ContainsKey(key))
                    {
                        result[key] = key == "Cause" && value is JsonValue cause ? NormaliseCause(cause.GetValue<string>()) : Normalise(value);
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(Normalise).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Request ids inside Java-SDK style causes are random.</summary>
    public static string? NormaliseCause(string? cause) => cause is null ? null : RequestId().Replace(cause, "Request ID: <dropped>;");

    /// <summary>Queue bodies are compared as JSON when they are JSON (moto's separators differ), else verbatim.</summary>
    public static JsonNode? NormaliseBody(string body)
    {
        try
        {
            return Normalise(JsonNode.Parse(body));
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(body);
        }
    }

    [GeneratedRegex("Request ID: [^;]*;")]
    private static partial Regex RequestId();
}
