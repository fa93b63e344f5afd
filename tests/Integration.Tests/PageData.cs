using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BatchRuntimeMonitor.Tests.Integration;

/// <summary>The JSON the dashboards page embeds in script#brm-data (PageModel, camelCase), read as plain JSON.</summary>
public static partial class PageData
{
    public static JsonObject Read(string htmlPath)
    {
        var match = EmbeddedData().Match(File.ReadAllText(htmlPath));
        match.Success.Should().BeTrue($"{htmlPath} must embed <script type=\"application/json\" id=\"brm-data\">");
        return JsonNode.Parse(match.Groups[1].Value)!.AsObject();
    }

    public static IEnumerable<(string Dashboard, JsonObject Widget)> Widgets(JsonObject model) =>
        model["dashboards"]!.AsArray().SelectMany(d => d!["widgets"]!.AsArray().Select(w => (d["name"]!.GetValue<string>(), w!.AsObject())));

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    [GeneratedRegex("<script type=\"application/json\" id=\"brm-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex EmbeddedData();
}
