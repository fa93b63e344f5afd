using System.Text.Json.Nodes;

namespace BatchRuntimeMonitor.Tests.Core.Support;

/// <summary>Where two JSON documents differ (object member order ignored), as short "path: a != b" lines.</summary>
public static class JsonDiff
{
    public static IReadOnlyList<string> Differences(string expected, string actual)
    {
        var differences = new List<string>();
        Compare("$", JsonNode.Parse(expected), JsonNode.Parse(actual), differences);
        return differences;
    }

    private static void Compare(string path, JsonNode? a, JsonNode? b, List<string> differences)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var name in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    Compare($"{path}.{name}", x[name], y[name], differences);
                }

                break;
            case (JsonArray x, JsonArray y) when x.All(n => n is JsonValue) && y.All(n => n is JsonValue) && !JsonNode.DeepEquals(x, y):
                var left = x.Select(n => n!.ToJsonString()).ToList();
                var right = y.Select(n => n!.ToJsonString()).ToList();
                differences.Add($"{path}: only in first {Short(string.Join(",", left.Except(right)))}; only in second {Short(string.Join(",", right.Except(left)))}");
                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++)
                {
                    Compare($"{path}[{i}]", x[i], y[i], differences);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(a, b))
                {
                    differences.Add($"{path}: {Short(a)} != {Short(b)}");
                }

                break;
        }
    }

    private static string Short(JsonNode? node) => Short(node?.ToJsonString() ?? "(absent)");

    private static string Short(string text) => text.Length > 400 ? text[..400] + "…" : text;

    /// <summary>Keys whose totals differ between two summaries, as "key: a != b" lines.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual) =>
        expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: {expected.GetValueOrDefault(k) ?? "(absent)"} != {actual.GetValueOrDefault(k) ?? "(absent)"}")
            .ToList();
}
