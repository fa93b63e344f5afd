using BatchRuntimeMonitor.Local.Dashboards.Page;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Local.Dashboards;

/// <summary>Renders the CloudWatch dashboards of dashboards/*.json from a replay's output as one offline HTML page.</summary>
public static class DashboardPage
{
    public static DashboardRenderSummary Render(DashboardRenderOptions options)
    {
        var (html, summary) = RenderHtml(options);
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.OutputPath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(options.OutputPath, html);
        return summary;
    }

    /// <summary>The page as text, without writing it (the server keeps it in memory).</summary>
    public static (string Html, DashboardRenderSummary Summary) RenderHtml(DashboardRenderOptions options)
    {
        var replay = ReplayData.Read(options.ReplayDirectory);
        var model = Build(options, replay);
        var html = HtmlPageWriter.Write(model, ChartLibrary.ReadInlineSafe(), EmbeddedAssets.PageScript, EmbeddedAssets.PageStyle, options.LiveReloadPath);
        return (html, Summarize(options.OutputPath, model, replay.SkippedLines));
    }

    /// <summary>Evaluates every widget without writing anything (the data the page embeds).</summary>
    public static PageModel Build(DashboardRenderOptions options) => Build(options, ReplayData.Read(options.ReplayDirectory));

    private static PageModel Build(DashboardRenderOptions options, ReplayData replay)
    {
        var placeholders = PlaceholderSubstitution.Defaults(options.Namespace, options.Region);
        foreach (var (name, value) in options.Parameters)
        {
            placeholders[name] = value;
        }

        var model = new PageModel
        {
            Title = options.Title,
            Namespace = options.Namespace,
            StartMs = replay.Metrics.StartMs,
            EndMs = replay.Metrics.EndMs,
        };
        foreach (var body in DashboardBody.ReadDirectory(options.DashboardsDirectory, placeholders))
        {
            model.Dashboards.Add(new DashboardModel
            {
                Name = body.Name,
                Widgets = body.Widgets.Select((w, i) => WidgetBuilder.Build(w, $"{body.Name}-w{i + 1}", replay)).ToList(),
            });
        }

        return model;
    }

    /// <param name="skippedLines">The replay's lines the page could not read: told, not embedded.</param>
    private static DashboardRenderSummary Summarize(string outputPath, PageModel model, IReadOnlyList<string> skippedLines)
    {
        var widgets = model.Dashboards.SelectMany(d => d.Widgets).ToList();
        int Count(string status) => widgets.Count(w => w.Status == status);
        return new DashboardRenderSummary(
            outputPath,
            model.Dashboards.Count,
            Count(WidgetStatus.Data),
            Count(WidgetStatus.Placeholder),
            Count(WidgetStatus.Empty),
            Count(WidgetStatus.Error),
            Count(WidgetStatus.Text),
            widgets.Where(w => w.Status == WidgetStatus.Error).Select(w => $"{w.Id} '{w.Title}': {w.Message}").ToList())
        {
            SkippedLines = skippedLines,
        };
    }
}
