using System.Text.Json;

namespace BatchRuntimeMonitor.Core;

/// <summary>Defensive reads of CloudTrail's free-form request and response JSON: absent or redacted reads as null.</summary>
public static class JsonReading
{
    public static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
