namespace BatchRuntimeMonitor.Local.Dashboards;

/// <summary>What a render produced; the counts add up to the number of widgets.</summary>
public sealed record DashboardRenderSummary(
    string OutputPath,
    int Dashboards,
    int WidgetsDrawn,
    int WidgetsWithoutLocalData,
    int WidgetsWithoutData,
    int WidgetsWithErrors,
    int TextWidgets,
    IReadOnlyList<string> Problems)
{
    public int Widgets => WidgetsDrawn + WidgetsWithoutLocalData + WidgetsWithoutData + WidgetsWithErrors + TextWidgets;

    /// <summary>"file:line: why" for each replay line drawn without its data (not JSON, not EMF).</summary>
    public IReadOnlyList<string> SkippedLines { get; init; } = [];
}
