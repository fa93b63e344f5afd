using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>The JSON embedded in the page (script#brm-data): replay span, namespace and every widget's data.</summary>
public sealed class PageModel
{
    public string Title { get; set; } = "";

    public string Namespace { get; set; } = "";

    public long? StartMs { get; set; }

    public long? EndMs { get; set; }

    public List<DashboardModel> Dashboards { get; set; } = [];
}

public sealed class DashboardModel
{
    public string Name { get; set; } = "";

    public List<WidgetData> Widgets { get; set; } = [];
}
