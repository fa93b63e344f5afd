using System.Text.Json;
using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>Lets each test case read as (pattern, event, expected) with single quotes instead of escaped JSON.</summary>
internal static class PatternAssert
{
    /// <summary>
    /// The answer for the event parsed after checking that the event as a JsonNode (written out and parsed again) and
    /// the event with its top-level members found in one pass (<see cref="TopLevelMembers"/>, the replay's path) get
    /// the same one: every case of every pattern test holds the three entry points together.
    /// </summary>
    public static bool Matches(string pattern, string @event)
    {
        var compiled = EventPattern.Parse(Json(pattern));
        var element = JsonDocument.Parse(Json(@event)).RootElement;
        var parsed = compiled.Matches(element);
        compiled.Matches(JsonNode.Parse(Json(@event))).Should().Be(parsed, $"the JsonNode entry point agrees with the parsed one for {@event}");
        compiled.Matches(element, TopLevelMembers.Read(element)).Should().Be(parsed, $"matching with the members of one pass agrees with looking them up for {@event}");
        return parsed;
    }

    public static string Json(string text) => text.Replace('\'', '"');
}
