using System.Globalization;
using BatchRuntimeMonitor.Local.Dashboards.Widgets;

namespace BatchRuntimeMonitor.Local.Dashboards.Page;

/// <summary>CloudWatch's 24-column dashboard grid mapped onto CSS grid lines (1-based, spans).</summary>
public static class GridLayout
{
    public const int Columns = 24;

    /// <summary>Clamps a widget into the grid: CloudWatch defaults are width 6, height 6; x + width never exceeds 24.</summary>
    public static WidgetPlacement Normalize(int? x, int? y, int? width, int? height)
    {
        var w = Math.Clamp(width ?? 6, 1, Columns);
        var left = Math.Clamp(x ?? 0, 0, Columns - w);
        return new WidgetPlacement(left, Math.Max(0, y ?? 0), w, Math.Clamp(height ?? 6, 1, 1000));
    }

    public static string CssStyle(WidgetPlacement placement) => string.Create(CultureInfo.InvariantCulture,
        $"grid-column:{placement.X + 1} / span {placement.Width};grid-row:{placement.Y + 1} / span {placement.Height}");
}
