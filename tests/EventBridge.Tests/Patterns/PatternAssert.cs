using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>Lets each test case read as (pattern, event, expected) with single quotes instead of escaped JSON.</summary>
internal static class PatternAssert
{
    /// <summary>
    /// The answer for the event parsed (the replay's path) after checking that the event as a JsonNode (written out
    /// and parsed again) gets the same one: every case of every pattern test holds the two entry points together.
    /// </summary>
    public static bool Matches(string pattern, string @event)
    {
        var compiled = EventPattern.Parse(Json(pattern));
        var parsed = compiled.Matches(JsonDocument.Parse(Json(@event)).RootElement);
        compiled.Matches(JsonNode.Parse(Json(@event))).Should().Be(parsed, $"the JsonNode entry point agrees with the parsed one for {@event}");
        return parsed;
    }

    public static string Json(string text) => text.Replace('\'', '"');
}
