using System.Text.Json;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>One dashboards/*.json file after placeholder substitution: its name and widget elements.</summary>
public sealed record DashboardBody(string Name, string SourceFile, IReadOnlyList<JsonElement> Widgets)
{
    public static IReadOnlyList<DashboardBody> ReadDirectory(string directory, IReadOnlyDictionary<string, string> placeholders)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.GetFiles(directory, "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(file => Read(file, placeholders))
            .ToList();
    }

    public static DashboardBody Read(string file, IReadOnlyDictionary<string, string> placeholders)
    {
        var text = PlaceholderSubstitution.Apply(File.ReadAllText(file), placeholders);
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;

        // Accept a bare body, or a body wrapped as {"DashboardBody": {...}} / {"DashboardBody": "..."} like the API takes it.
        if (root.TryGetProperty("DashboardBody", out var wrapped))
        {
            root = wrapped.ValueKind == JsonValueKind.String ? JsonDocument.Parse(wrapped.GetString()!).RootElement : wrapped;
        }

        var widgets = root.TryGetProperty("widgets", out var list) ? list.EnumerateArray().Select(w => w.Clone()).ToList() : [];
        return new DashboardBody(Path.GetFileNameWithoutExtension(file), file, widgets);
    }
}
