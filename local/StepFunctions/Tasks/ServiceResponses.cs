using System.Text;
using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Local.StepFunctions;

/// <summary>
/// The wrapping AWS puts on optimized-integration results and errors: SdkHttpMetadata / SdkResponseMetadata on
/// success, and Java-SDK style causes ("... (Service: X; Status Code: 400; Error Code: Y; Request ID: Z; Proxy: null)").
/// Request ids come from a seedable Random so runs are reproducible.
/// </summary>
internal sealed class ServiceResponses(Random random, bool includeSdkMetadata)
{
    public bool IncludeSdkMetadata { get; } = includeSdkMetadata;

    public string NewRequestId()
    {
        var id = new StringBuilder(52);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (var i = 0; i < 52; i++)
        {
            id.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return id.ToString();
    }

    public string NewMessageId() => RandomIds.NewUuid(random);

    /// <summary>Adds the SDK metadata AWS returns from optimized integrations (when enabled) and returns the result.</summary>
    public JsonObject WithMetadata(JsonObject result, string contentType, DateTimeOffset now)
    {
        if (!IncludeSdkMetadata)
        {
            return result;
        }

        var requestId = NewRequestId();
        var length = Encoding.UTF8.GetByteCount(result.ToJsonString(JsonValues.Compact)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var date = now.UtcDateTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var headers = new (string Name, string Value)[]
        {
            ("Connection", "keep-alive"),
            ("Content-Length", length),
            ("Content-Type", contentType),
            ("Date", date),
            ("Server", "Server"),
            ("x-amzn-RequestId", requestId),
        };
        var all = new JsonObject();
        var single = new JsonObject();
        foreach (var (name, value) in headers)
        {
            all[name] = new JsonArray(value);
            single[name] = value;
        }

        result["SdkHttpMetadata"] = new JsonObject { ["AllHttpHeaders"] = all, ["HttpHeaders"] = single, ["HttpStatusCode"] = 200 };
        result["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId };
        return result;
    }

    public StatesErrorException Error(string errorPrefix, string errorCode, string message, string service, int statusCode = 400) =>
        new($"{errorPrefix}.{errorCode}", $"{message} (Service: {service}; Status Code: {statusCode}; Error Code: {errorCode}; Request ID: {NewRequestId()}; Proxy: null)");
}
