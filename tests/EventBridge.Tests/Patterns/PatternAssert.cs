using System.Text.Json.Nodes;
using BatchRuntimeMonitor.Local.EventBridge.Patterns;

namespace BatchRuntimeMonitor.Tests.EventBridge.Patterns;

/// <summary>Lets each test case read as (pattern, event, expected) with single quotes instead of escaped JSON.</summary>
internal static class PatternAssert
{
    public static bool Matches(string pattern, string @event) =>
        EventPattern.Parse(Json(pattern)).Matches(JsonNode.Parse(Json(@event)));

    public static string Json(string text) => text.Replace('\'', '"');
}
